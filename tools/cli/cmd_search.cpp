// mikros search: run one query and print the hits as a table or JSON.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.h"
#include "format.h"
#include "output.h"
#include "usage.h"

namespace mikros::cli {
namespace {

struct SearchArgs {
  std::string db;
  std::vector<std::string> words;
  std::size_t limit = SearchOptions{}.limit;
  std::size_t offset = 0;
  FormatArgs format;
  bool explain = false;
  std::string brand_file;
  bool facets = false;
  std::string expand = "on";
};

int run_search(const SearchArgs& args) {
  std::string query;
  for (const auto& w : args.words) query += (query.empty() ? "" : " ") + w;
  // Parse before opening: a syntax error needs no database and deserves its own message.
  SearchOptions options;
  options.limit = args.limit;
  options.offset = args.offset;
  options.explain = args.explain;
  options.expand = args.expand == "on";
  if (!args.brand_file.empty()) {
    std::ifstream in(args.brand_file, std::ios::binary);
    if (!in) return report_error(Status::io_error(fmt::format("{}: cannot open", args.brand_file)));
    std::ostringstream text;
    text << in.rdbuf();
    auto brand = parse_brand(text.str());
    if (!brand) {
      std::cerr << "mikros: " << args.brand_file << ": " << brand.status().message() << '\n';
      return kExitUsage;
    }
    options.brand = std::move(*brand);
  }
  options.facets = args.facets;
  auto parsed = Query::parse(query, options.limits);
  if (!parsed) {
    print_query_error(std::cerr, query, parsed.status());
    return kExitUsage;
  }
  Options open;
  open.read_only = true;
  auto db = Database::open(args.db, open);
  if (!db) return report_error(db.status());
  Searcher searcher(*db);
  auto result = searcher.search(*parsed, options);
  if (!result) {
    // An error about a part of the query (like:@nobody) is shown like a syntax error.
    if (result.status().position() != Status::kNoPosition) {
      print_query_error(std::cerr, query, result.status());
      return kExitUsage;
    }
    return report_error(result.status());
  }
  result->query = query;
  switch (args.format.format()) {
    case Format::kJson:
      std::cout << to_json(*result) << '\n';
      return kExitOk;
    case Format::kTsv:
    case Format::kCsv:
      write_delimited(std::cout, args.format.format(), result_rows(*result, args.offset));
      return kExitOk;
    case Format::kTable:
      break;
  }
  Style style{use_colour(), use_pictures()};
  print_result_table(std::cout, *result, args.offset, output_width(), style);
  if (args.facets) {
    std::cout << '\n';
    print_facet_summary(std::cout, result->facets, output_width(), style);
  }
  if (args.explain) {
    std::cout << '\n';
    print_explanation(std::cout, *result, args.offset, style);
  }
  return kExitOk;
}

}  // namespace

void add_search_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<SearchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "search",
      "Search a database. Example: mikros search --db DIR '\"slow fashion\" tier:micro "
      "country:US'. A query that does not parse exits with status 2.");
  add_db_option(cmd, args->db);
  cmd->add_option("query", args->words, "The query (words are joined with spaces)");
  cmd->add_option("-n,--limit", args->limit, "Number of hits")
      ->check(CLI::Range(1, 10'000))
      ->capture_default_str();
  cmd->add_option("--offset", args->offset, "Hits to skip")->check(CLI::Range(0, 10'000));
  add_format_options(cmd, args->format);
  cmd->add_flag("--explain", args->explain,
                "Show how the query was understood and what each hit's score is made of");
  cmd->add_flag("--facets", args->facets,
                "Count the matches by tier, country, platform, language and engagement label");
  cmd->add_option("--expand", args->expand,
                  "Expand words by meaning (niche vocabulary): on (the default) or off, every "
                  "word exactly as written")
      ->check(CLI::IsMember({"on", "off"}))
      ->capture_default_str();
  cmd->add_option("--brand", args->brand_file,
                  "Rank by the fit with the brand in this JSON file (not stored)");
  cmd->callback([args, &exit_code] { exit_code = run_search(*args); });
}

}  // namespace mikros::cli
