// mikros shell: the interactive query shell (shell.h) behind libedit's line editing, completion
// and persistent history. Standard input that is not a terminal is read line by line without a
// prompt, so the shell can be scripted: printf 'tier:micro\nnext\n' | mikros shell --db DIR.
#include <editline/readline.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>

#include "commands.h"
#include "output.h"
#include "shell.h"
#include "text_util.h"

namespace mikros::cli {
namespace {

struct ShellArgs {
  std::string db;
  std::size_t page_size = Shell::Settings{}.page_size;
};

constexpr int kHistoryEntries = 1000;

// $MIKROS_HISTORY (empty: no history), else $XDG_STATE_HOME/mikros/history, else
// ~/.mikros_history.
std::string history_path() {
  if (const char* path = std::getenv("MIKROS_HISTORY")) return path;
  if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state) {
    std::string dir = std::string(state) + "/mikros";
    ::mkdir(dir.c_str(), 0700);  // an existing directory is fine
    return dir + "/history";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::string(home) + "/.mikros_history";
  }
  return {};
}

// Tab completion: command names at the start of the line, query field names anywhere.
char* complete_word(const char* text, int state) {
  static std::vector<std::string> candidates;
  static std::size_t next;
  if (state == 0) {
    candidates.clear();
    next = 0;
    std::string_view prefix(text);
    bool line_start = rl_point == static_cast<int>(prefix.size());
    auto add = [&](const std::vector<std::string>& names) {
      for (const auto& n : names) {
        if (n.compare(0, prefix.size(), prefix) == 0) candidates.push_back(n);
      }
    };
    if (line_start) add(Shell::command_names());
    add(Shell::field_names());
  }
  if (next >= candidates.size()) return nullptr;
  return ::strdup(candidates[next++].c_str());
}

char** complete(const char* text, int, int) {
  char** matches = rl_completion_matches(text, complete_word);
  // "tier:" is followed by its value, not by a space.
  bool field = matches && matches[0] && !matches[1] && *matches[0] &&
               matches[0][std::strlen(matches[0]) - 1] == ':';
  rl_completion_append_character = field ? '\0' : ' ';
  return matches;
}

int run_shell(const ShellArgs& args) {
  Options open;
  open.read_only = true;
  auto db = Database::open(args.db, open);
  if (!db) return report_error(db.status());

  const bool interactive = ::isatty(STDIN_FILENO) == 1;
  Shell::Settings settings;
  settings.colour = stdout_is_terminal();
  settings.terminal = interactive && settings.colour;
  settings.width = terminal_width();
  settings.prompt_width = display_width(Shell::kPrompt);
  settings.page_size = args.page_size;
  Shell shell(std::move(*db), std::cout, std::cerr, settings);

  if (!interactive) {
    std::string line;
    while (std::getline(std::cin, line)) {
      if (!shell.execute(line)) break;
      std::cout.flush();
    }
    return kExitOk;
  }

  rl_readline_name = "mikros";
  rl_attempted_completion_function = complete;
  const std::string history = history_path();
  using_history();
  stifle_history(kHistoryEntries);
  if (!history.empty()) read_history(history.c_str());
  std::cout << fmt::format("mikros shell on {} ({} profiles). Type help, or a query.\n", args.db,
                           group_thousands(shell.database().size()));
  const std::string prompt(Shell::kPrompt);
  for (;;) {
    std::unique_ptr<char, decltype(&std::free)> raw(readline(prompt.c_str()), &std::free);
    if (!raw) {  // Ctrl-D
      std::cout << '\n';
      break;
    }
    std::string line(raw.get());
    if (!trim(line).empty()) {
      // Repeating the previous line is not worth a second history entry.
      HIST_ENTRY* last =
          history_length > 0 ? history_get(history_base + history_length - 1) : nullptr;
      if (!last || line != last->line) add_history(line.c_str());
    }
    bool go_on = shell.execute(line);
    std::cout.flush();
    if (!go_on) break;
  }
  if (!history.empty()) {
    write_history(history.c_str());
    history_truncate_file(history.c_str(), kHistoryEntries);
  }
  return kExitOk;
}

}  // namespace

void add_shell_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ShellArgs>();
  CLI::App* cmd = app.add_subcommand(
      "shell",
      "Explore a database interactively: queries, paging, profile cards, facet counts, "
      "explanations (type help inside). Reads commands from standard input when it is not a "
      "terminal.");
  cmd->add_option("--db", args->db, "Database directory")->required();
  cmd->add_option("--page-size", args->page_size, "Hits per page")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->callback([args, &exit_code] { exit_code = run_shell(*args); });
}

}  // namespace mikros::cli
