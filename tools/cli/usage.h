// How the mikros command talks about itself: help wrapped at the terminal's width, `mikros help
// CMD`, usage errors with the same `mikros:` prefix as every other error, the closest command
// to a mistyped one, --color, and --db defaulting to $MIKROS_DB.
#ifndef MIKROS_TOOLS_USAGE_H
#define MIKROS_TOOLS_USAGE_H

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mikros::cli {

// --db DIR, required unless $MIKROS_DB names the database.
CLI::Option* add_db_option(CLI::App* cmd, std::string& db);

// The name of `names` closest to `typed` (edit distance), when it is close enough to be a typo
// of it: at most a third of the longer name's letters differ, or one is a prefix of the other.
std::optional<std::string> closest_name(std::string_view typed,
                                        const std::vector<std::string>& names);

// `text` broken into lines of at most `width` columns at spaces; its own line breaks are kept.
std::string wrap_text(std::string_view text, std::size_t width);

// Help text whose descriptions wrap at the terminal's width (80 columns when not a terminal,
// so help read by a program or a pager does not depend on where it was asked).
class WrappingFormatter : public CLI::Formatter {
 public:
  std::string make_description(const CLI::App* app) const override;
  std::string make_subcommand(const CLI::App* sub) const override;
  std::string make_option_desc(const CLI::Option* opt) const override;
  std::string make_footer(const CLI::App* app) const override;
  std::size_t width() const;
};

// The names of the subcommands of `app`, in the order they were added.
std::vector<std::string> subcommand_names(const CLI::App& app);

// Parses argv (without the program name) into `app` and runs the chosen command, whose exit
// status lands in `exit_code`. Before CLI11 sees them it takes out --color=WHEN, turns
// `help [CMD...]` into `CMD... --help`, and rejects an unknown subcommand or leading option
// with the closest name. Returns the exit status.
int run_command_line(CLI::App& app, std::vector<std::string> args, const int& exit_code);

}  // namespace mikros::cli

#endif  // MIKROS_TOOLS_USAGE_H
