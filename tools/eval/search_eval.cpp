#include "eval/search_eval.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <set>

#include "mikros/profile.hpp"

namespace mikros::tools {

Result<std::vector<Judgment>> read_judgments(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    if (err == ENOENT) return Status::not_found(fmt::format("{}: no such file", path));
    return Status::io_error(fmt::format("{}: {}", path, std::strerror(err)));
  }
  std::vector<Judgment> out;
  simdjson::dom::parser parser;
  std::string text;
  for (std::size_t line = 1; std::getline(in, text); ++line) {
    auto bad = [&](std::string_view why) {
      return Status::invalid_argument(fmt::format("{}:{}: {}", path, line, why));
    };
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    simdjson::dom::element doc;
    if (auto error = parser.parse(text).get(doc); error) {
      return bad(fmt::format("not JSON ({})", simdjson::error_message(error)));
    }
    Judgment j;
    j.line = line;
    std::string_view query;
    if (doc["query"].get(query)) return bad("expected \"query\": a string");
    j.query = std::string(query);
    simdjson::dom::array relevant;
    if (doc["relevant"].get(relevant)) {
      return bad("expected \"relevant\": an array of platform:handle keys");
    }
    for (simdjson::dom::element e : relevant) {
      std::string_view key;
      if (e.get(key)) return bad("\"relevant\" holds something other than a key");
      auto parsed = parse_profile_key(key);
      if (!parsed) return bad(parsed.status().message());
      j.relevant.push_back(std::move(*parsed));
    }
    out.push_back(std::move(j));
  }
  if (in.bad()) return Status::io_error(fmt::format("{}: read error", path));
  if (out.empty()) return Status::invalid_argument(fmt::format("{}: no judged query", path));
  return out;
}

Result<SearchEvalReport> evaluate_search(const Searcher& searcher,
                                         const std::vector<Judgment>& judgments, std::size_t k,
                                         std::size_t recall_depth, bool expand) {
  SearchEvalReport report;
  report.k = k;
  report.recall_depth = recall_depth;
  report.expand = expand;
  SearchOptions options;
  options.limit = std::max(k, recall_depth);
  options.expand = expand;
  for (const Judgment& j : judgments) {
    auto result = searcher.search(j.query, options);
    if (!result) {
      return Status(result.status().code(),
                    fmt::format("line {}: {}: {}", j.line, j.query, result.status().to_string()));
    }
    const std::set<std::string> relevant(j.relevant.begin(), j.relevant.end());
    QueryScore s;
    s.query = j.query;
    s.relevant = relevant.size();
    s.matches = result->total;
    double dcg = 0;
    std::size_t found_deep = 0;
    for (std::size_t rank = 1; rank <= result->hits.size(); ++rank) {
      if (!relevant.count(result->hits[rank - 1].key)) continue;
      if (rank <= recall_depth) ++found_deep;
      if (rank > k) continue;
      ++s.found;
      if (s.reciprocal_rank == 0) s.reciprocal_rank = 1.0 / static_cast<double>(rank);
      dcg += 1.0 / std::log2(static_cast<double>(rank) + 1);
    }
    double ideal = 0;
    for (std::size_t rank = 1; rank <= std::min(k, s.relevant); ++rank) {
      ideal += 1.0 / std::log2(static_cast<double>(rank) + 1);
    }
    s.precision = static_cast<double>(s.found) / static_cast<double>(k);
    s.recall = s.relevant ? static_cast<double>(s.found) / static_cast<double>(s.relevant) : 0;
    s.ndcg = ideal > 0 ? dcg / ideal : 0;
    s.recall_deep =
        s.relevant ? static_cast<double>(found_deep) / static_cast<double>(s.relevant) : 0;
    report.precision += s.precision;
    report.recall += s.recall;
    report.recall_deep += s.recall_deep;
    report.mrr += s.reciprocal_rank;
    report.ndcg += s.ndcg;
    report.queries.push_back(std::move(s));
  }
  const auto n = static_cast<double>(report.queries.size());
  if (n > 0) {
    report.precision /= n;
    report.recall /= n;
    report.recall_deep /= n;
    report.mrr /= n;
    report.ndcg /= n;
  }
  return report;
}

}  // namespace mikros::tools
