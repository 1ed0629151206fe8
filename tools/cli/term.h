// Terminal output helpers for the mikros command: display widths, aligned tables, colour.
#ifndef MIKROS_TOOLS_TERM_H
#define MIKROS_TOOLS_TERM_H

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace mikros::cli {

// True when standard output is a terminal (progress and pictures only then).
bool stdout_is_terminal();
bool stderr_is_terminal();
// Columns of the terminal on standard output ($COLUMNS, the tty, else 100).
std::size_t terminal_width();
// Columns that tables and summaries may take: the terminal's width on a terminal; unlimited
// when standard output is a file or a pipe, so that nothing read by a program is ever cut.
std::size_t output_width();

// --color=auto|always|never. auto (the default): colour when standard output is a terminal
// and NO_COLOR (https://no-color.org) is unset or empty.
enum class ColourMode { kAuto, kAlways, kNever };
void set_colour_mode(ColourMode mode);
// Whether to colour standard output, by the mode above.
bool use_colour();
// Whether standard output shows pictures (bars, sparklines) rather than plain figures: on a
// terminal, unless colour is turned off (NO_COLOR, --color=never) or forced on.
bool use_pictures();

// Columns `s` takes on a terminal: East Asian wide characters and emoji take two, combining
// marks none.
std::size_t display_width(std::string_view s);
// `s` cut to at most `width` columns, ending in "…" when cut.
std::string truncate_to_width(std::string_view s, std::size_t width);
// Replaces control characters (newlines in bios, escape sequences in hostile input) by spaces.
std::string single_line(std::string_view s);

// Small text helpers of the command line (the engine's own are not public API).
bool is_blank(char c);                      // ASCII white space
std::string_view trim(std::string_view s);  // without leading and trailing ASCII white space
std::string ascii_lower(std::string_view s);

// "12,345"
std::string group_thousands(std::uint64_t n);
// "12.3K", "4.1M", "950"
std::string compact_count(double n);
// "3.4%" for 0.034
std::string percent(double fraction, int decimals = 1);

// ANSI styling, applied only when `enabled`; `pictures`: draw bars and sparklines (pictures.h)
// rather than plain figures.
struct Style {
  bool enabled = false;
  bool pictures = false;
  std::string bold(std::string_view s) const;
  std::string dim(std::string_view s) const;
  std::string accent(std::string_view s) const;
};

// A table printed with aligned columns that fits in `max_width` columns: the widest
// shrinkable column is cut first.
struct Table {
  struct Column {
    std::string header;
    bool right = false;       // right-aligned (numbers)
    bool shrinkable = false;  // may be cut to fit
  };
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;

  void print(std::ostream& out, std::size_t max_width, const Style& style) const;
};

}  // namespace mikros::cli

#endif  // MIKROS_TOOLS_TERM_H
