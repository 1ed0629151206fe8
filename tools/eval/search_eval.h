// `mikros evaluate search`: how well searches find what people judged relevant. Judged queries
// are JSON lines {"query": "...", "relevant": ["platform:handle", ...]}; each query runs on the
// database and its first k hits are scored with binary relevance.
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
  double reciprocal_rank = 0;  // 1 / rank of the first relevant hit; 0 when none in k
  double ndcg = 0;             // DCG of the k hits over the ideal DCG
};

struct SearchEvalReport {
  std::size_t k = 10;
  std::vector<QueryScore> queries;
  // Means over the queries (mrr: mean reciprocal rank).
  double precision = 0, recall = 0, mrr = 0, ndcg = 0;
};

// Runs every judged query with `searcher`. A query that fails is an error naming its line.
Result<SearchEvalReport> evaluate_search(const Searcher& searcher,
                                         const std::vector<Judgment>& judgments, std::size_t k);

}  // namespace mikros::tools

#endif  // MIKROS_TOOLS_EVAL_SEARCH_EVAL_H
