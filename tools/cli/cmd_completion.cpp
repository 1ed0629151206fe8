// mikros completion bash|zsh and mikros manpage: shell completion and the manual page, written
// from the commands and options registered on the CLI11 app, so they list exactly what the
// command accepts. The build runs both and installs the results (tools/CMakeLists.txt).
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.h"
#include "mikros/version.hpp"
#include "output.h"
#include "usage.h"

namespace mikros::cli {
namespace {

std::vector<const CLI::App*> subcommands(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App*) { return true; });
}

// Options of a command other than --help, with every name ("-n", "--limit").
struct OptionInfo {
  std::vector<std::string> names;
  std::string description;
  std::string value;  // "" for a flag, else its type name ("DIR", "N", ...)
  bool positional = false;
};

std::vector<OptionInfo> options_of(const CLI::App& app) {
  std::vector<OptionInfo> out;
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_name() == "--help" || opt->get_name() == "--version") continue;
    OptionInfo info;
    for (const auto& s : opt->get_snames()) info.names.push_back("-" + s);
    for (const auto& l : opt->get_lnames()) info.names.push_back("--" + l);
    info.positional = info.names.empty();
    if (info.positional) info.names.push_back(opt->get_name(true));
    info.description = opt->get_description();
    if (opt->get_expected_max() > 0) {  // flags expect nothing
      info.value = opt->get_type_name().empty() ? "VALUE" : opt->get_type_name();
    }
    out.push_back(std::move(info));
  }
  return out;
}

std::string bash_completion(const CLI::App& app) {
  std::ostringstream out;
  out << "# bash completion for mikros: mikros completion bash > "
         "/etc/bash_completion.d/mikros (or source it)\n"
         "_mikros() {\n"
         "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= sub= i\n"
         "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
         "    case ${COMP_WORDS[i]} in\n"
         "      -*) ;;\n"
         "      *) if [[ -z $cmd ]]; then cmd=${COMP_WORDS[i]}; elif [[ -z $sub ]]; then "
         "sub=${COMP_WORDS[i]}; fi ;;\n"
         "    esac\n"
         "  done\n"
         "  case $prev in\n"
         "    --color) COMPREPLY=($(compgen -W 'auto always never' -- \"$cur\")); return ;;\n"
         "    --format) COMPREPLY=($(compgen -W 'table tsv csv json jsonl hypeauditor-csv' -- "
         "\"$cur\")); return ;;\n"
         "    --db|--rejects|--from|--ack-log|--data|--judgments|--brand|-o|--output)\n"
         "      COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
         "  esac\n"
         "  local words\n"
         "  case $cmd in\n";
  out << "    '') words='" << fmt::format("{}", fmt::join(subcommand_names(app), " "))
      << " --help --version --color' ;;\n";
  for (const CLI::App* sub : subcommands(app)) {
    std::vector<std::string> words;
    for (const auto& o : options_of(*sub)) {
      if (!o.positional) words.insert(words.end(), o.names.begin(), o.names.end());
    }
    words.push_back("--help");
    auto nested = subcommand_names(*sub);
    if (nested.empty()) {
      out << fmt::format("    {}) words='{}' ;;\n", sub->get_name(), fmt::join(words, " "));
      continue;
    }
    // brand add|list|..., evaluate authenticity: the second word, then its own options.
    out << fmt::format("    {})\n      case $sub in\n", sub->get_name());
    out << fmt::format("        '') words='{} {}' ;;\n", fmt::join(nested, " "),
                       fmt::join(words, " "));
    for (const CLI::App* n : subcommands(*sub)) {
      std::vector<std::string> nested_words;
      for (const auto& o : options_of(*n)) {
        if (!o.positional) nested_words.insert(nested_words.end(), o.names.begin(), o.names.end());
      }
      nested_words.push_back("--help");
      out << fmt::format("        {}) words='{}' ;;\n", n->get_name(),
                         fmt::join(nested_words, " "));
    }
    out << "      esac ;;\n";
  }
  out << "  esac\n"
         "  COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
         "  # Arguments that are files (index FILE..., brand add FILE...).\n"
         "  if [[ -n $cmd && $cur != -* ]]; then COMPREPLY+=($(compgen -f -- \"$cur\")); fi\n"
         "}\n"
         "complete -F _mikros mikros\n";
  return out.str();
}

// Text safe inside a zsh _arguments description: no brackets, colons or quotes.
std::string zsh_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') break;
    out += (c == '[' || c == ']' || c == ':' || c == '\'' || c == '`' || c == '\\') ? ' ' : c;
  }
  return std::string(trim(out.substr(0, std::min<std::size_t>(out.size(), 70))));
}

std::string zsh_arguments(const CLI::App& cmd, const std::string& indent) {
  std::string out = indent + "_arguments";
  for (const auto& o : options_of(cmd)) {
    if (o.positional) continue;
    for (const auto& name : o.names) {
      out += fmt::format(" \\\n{}  '{}[{}]{}'", indent, name, zsh_text(o.description),
                         o.value.empty() ? "" : ":" + ascii_lower(o.value) + ":_files");
    }
  }
  return out + fmt::format(" \\\n{}  '*:file:_files'\n", indent);
}

std::string zsh_completion(const CLI::App& app) {
  std::ostringstream out;
  out << "#compdef mikros\n"
         "# zsh completion for mikros: mikros completion zsh > a folder of $fpath, as _mikros\n"
         "_mikros() {\n"
         "  local -a commands\n"
         "  commands=(\n";
  for (const CLI::App* sub : subcommands(app)) {
    out << fmt::format("    '{}:{}'\n", sub->get_name(), zsh_text(sub->get_description()));
  }
  out << "  )\n"
         "  if (( CURRENT == 2 )); then\n"
         "    _describe 'command' commands\n"
         "    return\n"
         "  fi\n"
         "  case $words[2] in\n";
  for (const CLI::App* sub : subcommands(app)) {
    auto nested = subcommands(*sub);
    out << fmt::format("    {})\n", sub->get_name());
    if (nested.empty()) {
      out << zsh_arguments(*sub, "      ");
    } else {
      out << "      if (( CURRENT == 3 )); then\n        compadd";
      for (const CLI::App* n : nested) out << ' ' << n->get_name();
      out << "\n        return\n      fi\n      case $words[3] in\n";
      for (const CLI::App* n : nested) {
        out << fmt::format("        {})\n", n->get_name()) << zsh_arguments(*n, "          ")
            << "          ;;\n";
      }
      out << "      esac\n";
    }
    out << "      ;;\n";
  }
  out << "  esac\n"
         "}\n"
         "_mikros \"$@\"\n";
  return out.str();
}

// Text for troff: backslashes and leading dots or quotes escaped, dashes as minus signs.
std::string roff(std::string_view s) {
  std::string out;
  bool line_start = true;
  for (char c : s) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    line_start = c == '\n';
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  return out;
}

void manpage_options(std::ostream& out, const CLI::App& cmd) {
  for (const auto& o : options_of(cmd)) {
    std::string names;
    for (const auto& n : o.names) {
      names += fmt::format("{}\\fB{}\\fR", names.empty() ? "" : ", ", roff(n));
    }
    if (!o.value.empty()) names += " \\fI" + roff(o.value) + "\\fR";
    out << ".TP\n" << names << '\n' << roff(o.description) << '\n';
  }
}

std::string manpage(const CLI::App& app) {
  std::ostringstream out;
  out << ".\\\" Generated by `mikros manpage` from the command's own help; do not edit.\n"
      << fmt::format(".TH MIKROS 1 \"\" \"mikros {}\" \"User Commands\"\n", version())
      << ".SH NAME\nmikros \\- search influencer profiles\n"
         ".SH SYNOPSIS\n.B mikros\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n"
         ".br\n.B mikros help\n[\\fICOMMAND\\fR]\n"
         ".SH DESCRIPTION\n"
      << roff(app.get_description()) << "\n.SH OPTIONS\n";
  manpage_options(out, app);
  out << ".SH COMMANDS\n";
  for (const CLI::App* sub : subcommands(app)) {
    out << ".SS " << roff(sub->get_name()) << '\n' << roff(sub->get_description()) << '\n';
    manpage_options(out, *sub);
    for (const CLI::App* nested : subcommands(*sub)) {
      out << ".TP\n\\fB" << roff(sub->get_name() + " " + nested->get_name()) << "\\fR\n"
          << roff(nested->get_description()) << '\n';
      out << ".RS\n";
      manpage_options(out, *nested);
      out << ".RE\n";
    }
  }
  out << ".SH ENVIRONMENT AND EXIT STATUS\n" << roff(app.get_footer()) << '\n';
  return out.str();
}

int write_out(const std::string& text, const std::string& path) {
  if (path.empty()) {
    std::cout << text;
    return kExitOk;
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) return report_error(Status::io_error(fmt::format("{}: cannot write", path)));
  return kExitOk;
}

struct GeneratorArgs {
  std::string shell;
  std::string output;
};

}  // namespace

void add_completion_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<GeneratorArgs>();
  CLI::App* cmd = app.add_subcommand(
      "completion",
      "Print shell completion: `source <(mikros completion bash)`, or `mikros completion zsh` "
      "saved as _mikros in a folder of $fpath (installed to share/bash-completion and "
      "share/zsh)");
  cmd->add_option("shell", args->shell, "bash or zsh")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh"}));
  cmd->add_option("-o,--output", args->output, "Write to FILE instead of standard output")
      ->type_name("FILE");
  cmd->callback([&app, args, &exit_code] {
    exit_code =
        write_out(args->shell == "bash" ? bash_completion(app) : zsh_completion(app), args->output);
  });
}

void add_manpage_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<GeneratorArgs>();
  CLI::App* cmd = app.add_subcommand(
      "manpage",
      "Print the manual page mikros.1 (troff), made from this help (installed to "
      "share/man/man1)");
  cmd->add_option("-o,--output", args->output, "Write to FILE instead of standard output")
      ->type_name("FILE");
  cmd->callback([&app, args, &exit_code] { exit_code = write_out(manpage(app), args->output); });
}

}  // namespace mikros::cli
