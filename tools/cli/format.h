// --format table|tsv|csv|json: how search, stats and brand list print their rows. Tables are
// for people; TSV and CSV (RFC 4180) for programs and spreadsheets, with raw numbers and
// nothing cut, one header line first.
#ifndef MIKROS_TOOLS_FORMAT_H
#define MIKROS_TOOLS_FORMAT_H

#include <CLI/CLI.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace mikros::cli {

enum class Format { kTable, kTsv, kCsv, kJson };

// What --format and --json were given.
struct FormatArgs {
  std::string name;  // "" when --format was not given
  bool json = false;
  Format format() const;
};

// Adds --format table|tsv|csv|json and its short form --json (which excludes --format) to
// `cmd`.
void add_format_options(CLI::App* cmd, FormatArgs& args);

// Rows (the first one the header) as TSV (tabs and line breaks inside a field become spaces)
// or CSV (RFC 4180 quoting: fields with a comma, quote or line break quoted, quotes doubled),
// one line each.
void write_delimited(std::ostream& out, Format format,
                     const std::vector<std::vector<std::string>>& rows);

}  // namespace mikros::cli

#endif  // MIKROS_TOOLS_FORMAT_H
