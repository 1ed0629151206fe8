// mikros shell: the interactive query shell (shell.h) behind libedit's line editing, completion
// and persistent history. Standard input that is not a terminal is read line by line without a
// prompt, so the shell can be scripted: printf 'tier:micro\nnext\n' | mikros shell --db DIR.
#include <fmt/format.h>
#include <histedit.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "commands.h"
#include "output.h"
#include "shell.h"
#include "usage.h"

namespace mikros::cli {
namespace {

struct ShellArgs {
  std::string db;
  std::size_t page_size = Shell::Settings{}.page_size;
  bool bail = false;
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

// The line editor: libedit's own API (histedit.h) rather than its readline emulation, for
// two things the emulation cannot do: Ctrl-C cancels the line being typed instead of killing
// the shell (the terminal's signal keys are turned off while editing and ^C is bound to a
// function), and completion decides itself what follows a completed word.
class LineEditor {
 public:
  explicit LineEditor(std::string history_file) : history_file_(std::move(history_file)) {
    editor_ = el_init("mikros", stdin, stdout, stderr);
    history_ = ::history_init();
    HistEvent ev;
    ::history(history_, &ev, H_SETSIZE, kHistoryEntries);
    ::history(history_, &ev, H_SETUNIQUE, 1);  // no consecutive duplicates
    if (!history_file_.empty()) ::history(history_, &ev, H_LOAD, history_file_.c_str());
    el_set(editor_, EL_EDITOR, "emacs");
    el_set(editor_, EL_SIGNAL, 1);  // restore the terminal on signals, follow resizes
    el_set(editor_, EL_PROMPT, &LineEditor::prompt);
    el_set(editor_, EL_HIST, ::history, history_);
    el_set(editor_, EL_CLIENTDATA, this);
    // The wide-character call: el_set copies the names with wcsdup and never frees them (a
    // leak that LeakSanitizer reports); el_wset keeps pointers to these static strings.
    el_wset(editor_, EL_ADDFN, L"mikros-complete", L"Complete a command or a field name",
            &LineEditor::complete);
    el_set(editor_, EL_BIND, "^I", "mikros-complete", nullptr);
    el_wset(editor_, EL_ADDFN, L"mikros-cancel", L"Abandon the line", &LineEditor::cancel);
    el_set(editor_, EL_BIND, "^C", "mikros-cancel", nullptr);
    el_set(editor_, EL_SETTY, "-d", "-isig", nullptr);  // ^C reaches the editor as a key
    el_source(editor_, nullptr);                        // the user's ~/.editrc
  }
  ~LineEditor() {
    el_end(editor_);
    ::history_end(history_);
  }
  LineEditor(const LineEditor&) = delete;
  LineEditor& operator=(const LineEditor&) = delete;

  // The next line without its newline; nullopt at end of input (Ctrl-D on an empty line).
  // A line abandoned with Ctrl-C comes back empty.
  std::optional<std::string> read() {
    cancelled_ = false;
    int count = 0;
    const char* line = el_gets(editor_, &count);
    if (!line || count <= 0) return std::nullopt;
    std::string text(line, static_cast<std::size_t>(count));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    if (cancelled_) {
      std::fputs("^C\n", stdout);
      std::fflush(stdout);
      return std::string();
    }
    if (std::string entry(trim(text)); !entry.empty()) {
      HistEvent ev;
      ::history(history_, &ev, H_ENTER, entry.c_str());
      // Saved at once, so a shell that is killed keeps what was typed.
      if (!history_file_.empty()) ::history(history_, &ev, H_SAVE, history_file_.c_str());
    }
    return text;
  }

 private:
  static LineEditor* self(EditLine* el) {
    void* data = nullptr;
    el_get(el, EL_CLIENTDATA, &data);
    return static_cast<LineEditor*>(data);
  }

  static char* prompt(EditLine*) {
    static std::string text(Shell::kPrompt);
    return text.data();
  }

  // Ends the line at once; read() drops it and shows ^C after it, as a shell does.
  static unsigned char cancel(EditLine* el, int) {
    self(el)->cancelled_ = true;
    LineInfo const* li = el_line(el);
    el_cursor(el, static_cast<int>(li->lastchar - li->cursor));
    return CC_NEWLINE;
  }

  // Completes the word before the cursor: a command name at the start of the line, a field
  // name ("tier:", with no space after it) anywhere. Several candidates: their common prefix,
  // or the list of them when the prefix adds nothing.
  static unsigned char complete(EditLine* el, int) {
    LineInfo const* li = el_line(el);
    std::string_view before(li->buffer, static_cast<std::size_t>(li->cursor - li->buffer));
    std::size_t start = before.size();
    while (start > 0 && !is_blank(before[start - 1]) && before[start - 1] != '(' &&
           before[start - 1] != '-') {
      --start;
    }
    std::string_view word = before.substr(start);
    std::vector<std::string> candidates;
    auto add = [&](const std::vector<std::string>& names) {
      for (const auto& n : names) {
        if (n.size() > word.size() && n.compare(0, word.size(), word) == 0) {
          candidates.push_back(n);
        }
      }
    };
    if (trim(before.substr(0, start)).empty()) add(Shell::command_names());
    if (word.find(':') == std::string_view::npos) add(Shell::field_names());
    if (candidates.empty()) return CC_REFRESH_BEEP;
    std::string common = candidates.front();
    for (const auto& c : candidates) {
      std::size_t n = 0;
      while (n < common.size() && n < c.size() && common[n] == c[n]) ++n;
      common.resize(n);
    }
    if (candidates.size() == 1) {
      std::string rest = common.substr(word.size());
      if (common.back() != ':') rest += ' ';
      el_insertstr(el, rest.c_str());
      return CC_REFRESH;
    }
    if (common.size() > word.size()) {
      el_insertstr(el, common.substr(word.size()).c_str());
      return CC_REFRESH;
    }
    std::string list;
    for (const auto& c : candidates) list += c + "  ";
    std::fprintf(stdout, "\n%s\n", list.c_str());
    return CC_REDISPLAY;
  }

  std::string history_file_;
  EditLine* editor_ = nullptr;
  History* history_ = nullptr;
  bool cancelled_ = false;
};

int run_shell(const ShellArgs& args) {
  Options open;
  open.read_only = true;
  auto db = Database::open(args.db, open);
  if (!db) return report_error(db.status());

  const bool interactive = ::isatty(STDIN_FILENO) == 1;
  Shell::Settings settings;
  settings.colour = use_colour();
  settings.terminal = interactive && stdout_is_terminal();
  settings.width = 0;  // ask the terminal each time: it may be resized
  settings.prompt_width = display_width(Shell::kPrompt);
  settings.page_size = args.page_size;
  Shell shell(std::move(*db), std::cout, std::cerr, settings);

  if (!interactive) {
    // A script, as sqlite3 runs one: errors name their line, and any error makes the exit
    // status 1 (--bail: stop at the first).
    std::string line;
    for (std::size_t number = 1; std::getline(std::cin, line); ++number) {
      const bool go_on = shell.execute(line, number);
      std::cout.flush();
      if (!go_on || (args.bail && shell.errors() > 0)) break;
    }
    return shell.errors() > 0 ? kExitError : kExitOk;
  }

  std::cout << fmt::format("mikros shell on {} ({} profiles). Type help, or a query.\n", args.db,
                           group_thousands(shell.database().size()));
  // Ctrl-C abandons the line being typed (a key while editing, see LineEditor); pressed while
  // a command runs, it must not end the session either. (Searches are bounded by the query
  // time limit; Ctrl-\ still quits.)
  std::signal(SIGINT, SIG_IGN);
  LineEditor editor(history_path());
  while (auto line = editor.read()) {
    bool go_on = shell.execute(*line);
    std::cout.flush();
    if (!go_on) return kExitOk;
  }
  std::cout << '\n';  // Ctrl-D leaves the cursor after the prompt
  return kExitOk;
}

}  // namespace

void add_shell_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ShellArgs>();
  CLI::App* cmd = app.add_subcommand(
      "shell",
      "Explore a database interactively: queries, paging, profile cards, facet counts, "
      "explanations (type help inside). Reads commands from standard input when it is not a "
      "terminal: errors then start with 'line N:', and the exit status is 1 if any occurred.");
  add_db_option(cmd, args->db);
  cmd->add_option("--page-size", args->page_size, "Hits per page")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_flag("--bail", args->bail, "Stop a script at its first error");
  cmd->callback([args, &exit_code] { exit_code = run_shell(*args); });
}

}  // namespace mikros::cli
