// mikros evaluate search: judged queries (JSONL {"query", "relevant": [keys]}) run on a
// database, each scored over its first k hits (tools/eval/search_eval.h).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "commands.h"
#include "eval/search_eval.h"
#include "format.h"
#include "output.h"
#include "usage.h"

namespace mikros::cli {
namespace {

struct EvaluateSearchArgs {
  std::string db;
  std::string judgments;
  std::size_t k = 10;
  FormatArgs format;
};

std::string score(double v) {
  return fmt::format("{:.3f}", v);
}

int run_evaluate_search(const EvaluateSearchArgs& args) {
  auto judgments = tools::read_judgments(args.judgments);
  if (!judgments) return report_error(judgments.status());
  Options open;
  open.read_only = true;
  open.create_if_missing = false;
  auto db = Database::open(args.db, open);
  if (!db) return report_error(db.status());
  Searcher searcher(*db);
  auto report = tools::evaluate_search(searcher, *judgments, args.k);
  if (!report) return report_error(report.status());

  const std::string at = fmt::format("@{}", report->k);
  const Format format = args.format.format();
  if (format == Format::kJson) {
    Json out;
    out["k"] = report->k;
    out["precision"] = report->precision;
    out["recall"] = report->recall;
    out["mrr"] = report->mrr;
    out["ndcg"] = report->ndcg;
    Json queries = Json::array();
    for (const auto& q : report->queries) {
      queries.push_back({{"query", q.query},
                         {"relevant", q.relevant},
                         {"found", q.found},
                         {"matches", q.matches},
                         {"precision", q.precision},
                         {"recall", q.recall},
                         {"reciprocal_rank", q.reciprocal_rank},
                         {"ndcg", q.ndcg}});
    }
    out["queries"] = std::move(queries);
    std::cout << dump(out) << '\n';
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& q : report->queries) {
    rows.push_back({single_line(q.query), std::to_string(q.relevant), std::to_string(q.found),
                    std::to_string(q.matches), score(q.precision), score(q.recall),
                    score(q.reciprocal_rank), score(q.ndcg)});
  }
  rows.push_back({"mean", "", "", "", score(report->precision), score(report->recall),
                  score(report->mrr), score(report->ndcg)});
  const std::vector<std::string> header = {"query",          "relevant",    "found", "matches",
                                           "precision" + at, "recall" + at, "rr",    "ndcg" + at};
  if (format == Format::kTsv || format == Format::kCsv) {
    rows.insert(rows.begin(), header);
    write_delimited(std::cout, format, rows);
    return kExitOk;
  }
  Table table;
  table.columns.push_back({header[0], false, true});
  for (std::size_t i = 1; i < header.size(); ++i) table.columns.push_back({header[i], true, false});
  table.rows = std::move(rows);
  table.print(std::cout, output_width(), Style{use_colour(), use_pictures()});
  return kExitOk;
}

}  // namespace

void add_evaluate_search_command(CLI::App* evaluate, int& exit_code) {
  auto args = std::make_shared<EvaluateSearchArgs>();
  CLI::App* cmd = evaluate->add_subcommand(
      "search",
      "Judged queries against a database: precision, recall, reciprocal rank and nDCG of each "
      "query's first k hits, and their means");
  add_db_option(cmd, args->db);
  cmd->add_option("--judgments", args->judgments,
                  "JSON lines of judged queries: {\"query\": \"...\", \"relevant\": "
                  "[\"platform:handle\", ...]}")
      ->required()
      ->type_name("FILE");
  cmd->add_option("-k", args->k, "Hits scored per query")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  add_format_options(cmd, args->format);
  cmd->callback([args, &exit_code] { exit_code = run_evaluate_search(*args); });
}

}  // namespace mikros::cli
