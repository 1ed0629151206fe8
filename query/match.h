// Running a compiled query through Xapian's matcher on one snapshot: the sort order, exact
// counting with facet counts, and the per-search time limit.
#ifndef MIKROS_QUERY_MATCH_H
#define MIKROS_QUERY_MATCH_H

#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/columns.h"
#include "mikros/query.hpp"
#include "mikros/status.hpp"
#include "query/audience_match.h"

namespace mikros::query {

struct MatchRequest {
  Xapian::Query query;   // the compiled query, with a brand's ranking source already in it
  bool weighted = true;  // false: filters only, so every match weighs 0 (BoolWeight)
  SortOrder sort = SortOrder::kRelevance;  // kRelevance and kAlignment rank by the weight
  // kAudience: the share to sort by (AudienceKeyMaker).
  std::optional<AudienceTest> audience_sort;
  // The sorts by a number (followers, er, growth, an audience share) read it from these columns.
  std::shared_ptr<const Columns> sort_columns;
  std::size_t offset = 0;
  std::size_t limit = 20;
  // Count every match (exact totals and facet counts); otherwise Xapian may stop early.
  bool count_all = true;
  // Count the matches by facet over these columns; null: no facet counts.
  std::shared_ptr<const Columns> facet_columns;
  // When the search must end (QueryLimits::max_time_ms from its start, over every attempt);
  // none: no limit. max_ms is the limit as given, for the error message.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  double max_ms = 0;
  bool partial_on_timeout = false;  // out of time: an estimate (true) or kLimitExceeded
};

struct MatchOutcome {
  std::vector<Xapian::docid> pids;  // the page of hits, in rank order
  std::vector<double> weights;      // their match weights
  std::uint64_t total = 0;
  bool total_exact = true;
  bool timed_out = false;
  std::map<std::string, std::map<std::string, std::uint64_t>> facets;
};

// The error of a search out of time: `while` says what it was doing, e.g. "while counting its
// matches (12 so far)".
Status out_of_time(double max_ms, std::string_view while_doing);

// Runs the match. Errors: kLimitExceeded when the time ran out and the request does not take a
// partial answer. Xapian's exceptions propagate (the caller retries a DatabaseModifiedError).
Result<MatchOutcome> run_match(Xapian::Database& db, const MatchRequest& request);

}  // namespace mikros::query

#endif  // MIKROS_QUERY_MATCH_H
