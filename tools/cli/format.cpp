#include "format.h"

namespace mikros::cli {
namespace {

std::string tsv_field(const std::string& s) {
  std::string out = s;
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

}  // namespace

Format FormatArgs::format() const {
  if (json || name == "json") return Format::kJson;
  if (name == "tsv") return Format::kTsv;
  if (name == "csv") return Format::kCsv;
  return Format::kTable;
}

void add_format_options(CLI::App* cmd, FormatArgs& args) {
  CLI::Option* format =
      cmd->add_option("--format", args.name,
                      "Output: table (the default; cut to fit only on a terminal), tsv or csv (a "
                      "header line, then raw numbers), json")
          ->check(CLI::IsMember({"table", "tsv", "csv", "json"}));
  cmd->add_flag("--json", args.json, "The same as --format json")->excludes(format);
}

void write_delimited(std::ostream& out, Format format,
                     const std::vector<std::vector<std::string>>& rows) {
  const char sep = format == Format::kCsv ? ',' : '\t';
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) out << sep;
      out << (format == Format::kCsv ? csv_field(row[i]) : tsv_field(row[i]));
    }
    out << '\n';
  }
}

}  // namespace mikros::cli
