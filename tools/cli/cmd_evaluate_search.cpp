// mikros evaluate search: judged queries (JSONL {"query", "relevant": [keys]}) run on a
// database, each scored over its first k hits and its recall over more, without and with
// expansion by meaning (tools/eval/search_eval.h).
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
  std::size_t recall_at = 50;
  std::string expand = "both";
  FormatArgs format;
};

std::string score(double v) {
  return fmt::format("{:.3f}", v);
}

Json report_json(const tools::SearchEvalReport& report) {
  Json out;
  out["k"] = report.k;
  out["recall_at"] = report.recall_depth;
  out["expand"] = report.expand;
  out["precision"] = report.precision;
  out["recall"] = report.recall;
  out["recall_deep"] = report.recall_deep;
  out["mrr"] = report.mrr;
  out["ndcg"] = report.ndcg;
  Json queries = Json::array();
  for (const auto& q : report.queries) {
    queries.push_back({{"query", q.query},
                       {"relevant", q.relevant},
                       {"found", q.found},
                       {"matches", q.matches},
                       {"precision", q.precision},
                       {"recall", q.recall},
                       {"recall_deep", q.recall_deep},
                       {"reciprocal_rank", q.reciprocal_rank},
                       {"ndcg", q.ndcg}});
  }
  out["queries"] = std::move(queries);
  return out;
}

// One run: a row a query, its scores at k and its recall at the deeper depth.
std::pair<std::vector<std::string>, std::vector<std::vector<std::string>>> single_table(
    const tools::SearchEvalReport& report) {
  const std::string at = fmt::format("@{}", report.k);
  std::vector<std::vector<std::string>> rows;
  for (const auto& q : report.queries) {
    rows.push_back({single_line(q.query), std::to_string(q.relevant), std::to_string(q.found),
                    std::to_string(q.matches), score(q.precision), score(q.recall),
                    score(q.recall_deep), score(q.reciprocal_rank), score(q.ndcg)});
  }
  rows.push_back({"mean", "", "", "", score(report.precision), score(report.recall),
                  score(report.recall_deep), score(report.mrr), score(report.ndcg)});
  return {{"query", "relevant", "found", "matches", "precision" + at, "recall" + at,
           fmt::format("recall@{}", report.recall_depth), "rr", "ndcg" + at},
          std::move(rows)};
}

// Both runs side by side: each score without expansion, then with it.
std::pair<std::vector<std::string>, std::vector<std::vector<std::string>>> paired_table(
    const tools::SearchEvalReport& off, const tools::SearchEvalReport& on) {
  const std::string at = fmt::format("@{}", off.k);
  const std::string deep = fmt::format("recall@{}", off.recall_depth);
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < off.queries.size(); ++i) {
    const auto& a = off.queries[i];
    const auto& b = on.queries[i];
    rows.push_back({single_line(a.query), std::to_string(a.relevant), std::to_string(a.matches),
                    std::to_string(b.matches), score(a.precision), score(b.precision),
                    score(a.recall_deep), score(b.recall_deep), score(a.ndcg), score(b.ndcg)});
  }
  rows.push_back({"mean", "", "", "", score(off.precision), score(on.precision),
                  score(off.recall_deep), score(on.recall_deep), score(off.ndcg), score(on.ndcg)});
  return {{"query", "relevant", "matches off", "matches on", "P" + at + " off", "P" + at + " on",
           deep + " off", deep + " on", "nDCG" + at + " off", "nDCG" + at + " on"},
          std::move(rows)};
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
  std::vector<tools::SearchEvalReport> reports;
  for (bool expand : {false, true}) {
    if (args.expand != "both" && (args.expand == "on") != expand) continue;
    auto report = tools::evaluate_search(searcher, *judgments, args.k, args.recall_at, expand);
    if (!report) return report_error(report.status());
    reports.push_back(std::move(*report));
  }

  const Format format = args.format.format();
  if (format == Format::kJson) {
    Json out;
    if (reports.size() == 1) {
      out = report_json(reports[0]);
    } else {
      out["k"] = args.k;
      out["recall_at"] = args.recall_at;
      out["off"] = report_json(reports[0]);
      out["on"] = report_json(reports[1]);
    }
    std::cout << dump(out) << '\n';
    return kExitOk;
  }
  auto [header, rows] =
      reports.size() == 1 ? single_table(reports[0]) : paired_table(reports[0], reports[1]);
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
      "query's first k hits, recall over more, and their means; without and with expansion by "
      "meaning");
  add_db_option(cmd, args->db);
  cmd->add_option("--judgments", args->judgments,
                  "JSON lines of judged queries: {\"query\": \"...\", \"relevant\": "
                  "[\"platform:handle\", ...]}")
      ->required()
      ->type_name("FILE");
  cmd->add_option("-k", args->k, "Hits scored per query")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--recall-at", args->recall_at, "Hits recall is also measured over")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--expand", args->expand,
                  "Expansion by meaning: off, on, or both (each query both ways, side by side)")
      ->check(CLI::IsMember({"off", "on", "both"}))
      ->capture_default_str();
  add_format_options(cmd, args->format);
  cmd->callback([args, &exit_code] { exit_code = run_evaluate_search(*args); });
}

}  // namespace mikros::cli
