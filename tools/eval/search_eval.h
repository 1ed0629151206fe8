// `mikros evaluate search`: how well searches find what people judged relevant. Judged queries
// are JSON lines {"query": "...", "relevant": ["platform:handle", ...]}; each query runs on the
// database and its first k hits are scored with binary relevance, and its recall measured
// deeper (the first `recall_depth` hits), with or without expansion by meaning.
#ifndef MIKROS_TOOLS_EVAL_SEARCH_EVAL_H
#define MIKROS_TOOLS_EVAL_SEARCH_EVAL_H

#include <cstddef>
#include <string>
#include <vector>

#include "mikros/search.hpp"
#include "mikros/status.hpp"

namespace mikros::tools {

struct Judgment {
  std::size_t line = 0;  // in the judgments file
  std::string query;
  std::vector<std::string> relevant;  // canonical keys (parse_profile_key)
};

// Reads a judgments file. Errors name the file and line: kNotFound (no such file), kIOError,
// kInvalidArgument (not JSON, no "query" string, no "relevant" array of keys, a bad key, no
// judged query at all).
Result<std::vector<Judgment>> read_judgments(const std::string& path);

// One judged query's scores over its first k hits.
struct QueryScore {
  std::string query;
  std::size_t relevant = 0;  // judged relevant
  std::size_t found = 0;     // of them among the first k hits
  std::uint64_t matches = 0;
  double precision = 0;        // found / k
  double recall = 0;           // found / relevant
  double recall_deep = 0;      // of the relevant, the share among the first recall_depth hits
  double reciprocal_rank = 0;  // 1 / rank of the first relevant hit; 0 when none in k
  double ndcg = 0;             // DCG of the k hits over the ideal DCG
};

struct SearchEvalReport {
  std::size_t k = 10;
  std::size_t recall_depth = 50;
  bool expand = true;  // SearchOptions::expand of the run
  std::vector<QueryScore> queries;
  // Means over the queries (mrr: mean reciprocal rank).
  double precision = 0, recall = 0, recall_deep = 0, mrr = 0, ndcg = 0;
};

// Runs every judged query with `searcher`, its words expanded by meaning or not (`expand`,
// SearchOptions::expand). A query that fails is an error naming its line.
Result<SearchEvalReport> evaluate_search(const Searcher& searcher,
                                         const std::vector<Judgment>& judgments, std::size_t k,
                                         std::size_t recall_depth = 50, bool expand = true);

}  // namespace mikros::tools

#endif  // MIKROS_TOOLS_EVAL_SEARCH_EVAL_H
