// mikros shell: the interactive query shell. A Shell runs one line at a time (a command or a
// query) and writes what it has to say to two streams, so the line editor (libedit, in
// cmd_shell.cpp) stays outside it and tests can drive it with plain strings.
#ifndef MIKROS_TOOLS_SHELL_H
#define MIKROS_TOOLS_SHELL_H

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "mikros/mikros.hpp"
#include "term.h"

namespace mikros::cli {

// Thread-safety: not thread-safe; one Shell per session.
class Shell {
 public:
  struct Settings {
    // Interactive on a terminal: error carets go under the line the user typed (which the
    // terminal shows right above them) instead of under a copy of it.
    bool terminal = false;
    // ANSI colour, and pictures (bars, sparklines) with it: use_colour().
    bool colour = false;
    // Columns of the output (tables and summaries are cut to fit); 0: output_width(), the
    // terminal's width asked before each output, or unlimited when not a terminal.
    std::size_t width = 0;
    // Columns the prompt takes, for carets under the typed line.
    std::size_t prompt_width = 0;
    // Hits per page. Default 10.
    std::size_t page_size = 10;
  };

  Shell(Database db, std::ostream& out, std::ostream& err, const Settings& settings);

  // Runs one line. Returns false when the session should end (quit, exit). `line_number`, when
  // not 0, is the line's number in a script: its errors then start with "line N: ".
  bool execute(std::string_view line, std::size_t line_number = 0);
  // Errors reported so far (bad commands, queries that fail, pages that do not exist).
  std::size_t errors() const { return errors_; }
  const Database& database() const { return db_; }

  // The prompt: "mikros> ".
  static constexpr std::string_view kPrompt = "mikros> ";
  // Command names, for the line editor's completion.
  static const std::vector<std::string>& command_names();
  // Field names of the query language with their colon ("tier:"), for completion.
  static const std::vector<std::string>& field_names();

 private:
  void help();
  // `column`: where the query starts on the line typed (for carets under it).
  void search(std::string_view text, std::size_t column);
  // Runs `query` for the page at `offset` and shows it; on success it becomes the current query
  // and page. `typed_column` when the query was just typed (for carets under it).
  bool show_page(const Query& query, const std::string& text, std::size_t offset,
                 std::optional<std::size_t> typed_column = std::nullopt);
  // Shows the current page again (after a toggle).
  void refresh();
  void page(int direction);
  void show(std::string_view key);
  void toggle(std::string_view name, bool& flag, std::string_view arg);
  void set_page_size(std::string_view arg);
  void stats();
  void print_status(const Status& st);
  // A hint when `text`, taken as a query, starts with a mistyped command or a word that reads
  // like one.
  void suggest_command(std::string_view text);
  // Standard error for one error: counted, and prefixed with "line N: " in a script.
  std::ostream& error_out();
  std::size_t width() const { return settings_.width ? settings_.width : output_width(); }
  // A query that failed: the error with a caret under its position, under the typed line
  // (`typed_column`: where the query starts on it) or under a copy of the query.
  void print_query_error(std::string_view text, const Status& st,
                         std::optional<std::size_t> typed_column = std::nullopt);

  Database db_;
  Searcher searcher_;
  std::ostream& out_;
  std::ostream& err_;
  Settings settings_;
  Style style_;
  bool json_ = false;
  bool facets_ = false;
  bool explain_ = false;
  bool expand_ = true;  // SearchOptions::expand
  // The current query and page.
  std::optional<Query> query_;
  std::string query_text_;
  std::size_t offset_ = 0;
  std::size_t total_ = 0;
  std::vector<std::string> page_keys_;  // keys of the hits shown, for `show N`
  std::size_t line_number_ = 0;         // of the line running, in a script
  std::size_t errors_ = 0;
};

}  // namespace mikros::cli

#endif  // MIKROS_TOOLS_SHELL_H
