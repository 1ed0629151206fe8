#include "usage.h"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <sstream>

#include "output.h"
#include "term.h"

namespace mikros::cli {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The subcommand chosen deepest, for "Run 'mikros search --help'".
std::string chosen_path(const CLI::App& app) {
  std::string path = app.get_name();
  const CLI::App* at = &app;
  for (bool found = true; found;) {
    found = false;
    for (const CLI::App* sub : at->get_subcommands()) {
      path += " " + sub->get_name();
      at = sub;
      found = true;
      break;
    }
  }
  return path;
}

int usage_error(const std::string& message, const std::string& hint) {
  std::cerr << "mikros: " << message << '\n';
  if (!hint.empty()) std::cerr << hint << '\n';
  return kExitUsage;
}

}  // namespace

CLI::Option* add_db_option(CLI::App* cmd, std::string& db) {
  return cmd->add_option("--db", db, "Database directory (default: $MIKROS_DB)")
      ->envname("MIKROS_DB")
      ->required();
}

std::optional<std::string> closest_name(std::string_view typed,
                                        const std::vector<std::string>& names) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& name : names) {
    std::size_t d = edit_distance(ascii_lower(typed), name);
    const bool prefix = typed.size() >= 2 && (name.starts_with(ascii_lower(typed)) ||
                                              ascii_lower(typed).starts_with(name));
    const std::size_t longer = std::max(typed.size(), name.size());
    if ((d * 3 <= longer || prefix) && (!best || d < best_distance)) {
      best = name;
      best_distance = d;
    }
  }
  return best;
}

std::string wrap_text(std::string_view text, std::size_t width) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
    std::size_t used = 0;
    std::istringstream words{std::string(line)};
    for (std::string word; words >> word;) {
      const std::size_t w = display_width(word);
      if (used > 0 && used + 1 + w > width) {
        out += '\n';
        used = 0;
      } else if (used > 0) {
        out += ' ';
        ++used;
      }
      out += word;
      used += w;
    }
    if (end == std::string_view::npos) break;
    out += '\n';
    start = end + 1;
  }
  return out;
}

std::size_t WrappingFormatter::width() const {
  return stdout_is_terminal() ? std::max<std::size_t>(terminal_width(), 60) : 80;
}

std::string WrappingFormatter::make_description(const CLI::App* app) const {
  std::string text = CLI::Formatter::make_description(app);
  return text.empty() ? text : wrap_text(text, width()) + "\n";
}

std::string WrappingFormatter::make_subcommand(const CLI::App* sub) const {
  // The list of commands shows each one's first sentence; `mikros help CMD` has the rest.
  std::string description = sub->get_description();
  if (auto end = description.find(". "); end != std::string::npos) description.resize(end);
  std::stringstream out;
  CLI::detail::format_help(out, sub->get_display_name(true),
                           wrap_text(description, width() - column_width_), column_width_);
  return out.str();
}

std::string WrappingFormatter::make_option_desc(const CLI::Option* opt) const {
  return wrap_text(CLI::Formatter::make_option_desc(opt), width() - column_width_);
}

std::string WrappingFormatter::make_footer(const CLI::App* app) const {
  std::string text = CLI::Formatter::make_footer(app);
  return text.empty() ? text : wrap_text(text, width());
}

std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  return names;
}

int run_command_line(CLI::App& app, std::vector<std::string> args, const int& exit_code) {
  // --color=WHEN anywhere before "--" (it applies to every command).
  for (std::size_t i = 0; i < args.size() && args[i] != "--";) {
    std::string when;
    if (args[i].starts_with("--color=")) {
      when = args[i].substr(8);
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
    } else if (args[i] == "--color") {
      if (i + 1 >= args.size()) return usage_error("--color needs auto, always or never", "");
      when = args[i + 1];
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i),
                 args.begin() + static_cast<std::ptrdiff_t>(i + 2));
    } else {
      ++i;
      continue;
    }
    if (when == "auto") {
      set_colour_mode(ColourMode::kAuto);
    } else if (when == "always") {
      set_colour_mode(ColourMode::kAlways);
    } else if (when == "never") {
      set_colour_mode(ColourMode::kNever);
    } else {
      return usage_error(fmt::format("--color: expected auto, always or never, got '{}'", when),
                         "");
    }
  }
  const std::vector<std::string> names = subcommand_names(app);
  auto unknown = [&](const std::string& name) {
    auto close = closest_name(name, names);
    return usage_error(
        fmt::format("unknown subcommand '{}'{}", name,
                    close ? fmt::format(" (did you mean '{}'?)", *close) : ""),
        wrap_text(fmt::format("The commands: {}. See 'mikros --help'.", fmt::join(names, ", ")),
                  80));
  };
  if (args.empty()) {
    std::cerr << app.help();
    return usage_error("a subcommand is required (see above, or 'mikros help COMMAND')", "");
  }
  if (args[0] == "help") {
    if (args.size() == 1) {
      std::cout << app.help();
      return kExitOk;
    }
    std::vector<std::string> wanted(args.begin() + 1, args.end());
    if (std::find(names.begin(), names.end(), wanted[0]) == names.end()) return unknown(wanted[0]);
    args = std::move(wanted);
    args.push_back("--help");
  }
  const std::string& first = args[0];
  if (first.starts_with("-") && first != "--help" && first != "-h" && first != "--version") {
    return usage_error(fmt::format("unknown option '{}'", first),
                       "Options come after the subcommand. See 'mikros --help'.");
  }
  if (!first.starts_with("-") && std::find(names.begin(), names.end(), first) == names.end()) {
    return unknown(first);
  }
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string message = e.what();
    if (message.find("--db") != std::string::npos &&
        message.find("required") != std::string::npos) {
      message += " (or set MIKROS_DB)";
    }
    return usage_error(message, fmt::format("See '{} --help'.", chosen_path(app)));
  }
  return exit_code;
}

}  // namespace mikros::cli
