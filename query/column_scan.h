// Filter-only queries answered from the in-memory facet columns, without Xapian's matcher.
//
// A query of filters only ("tier:micro country:US er:2%..5%") is listed by followers. Through
// Xapian it costs a walk over the posting lists of its terms (the tier and country lists hold a
// quarter to half of all profiles), a value range check per candidate and a sort of every match
// by its followers value: 7 ms at 200,000 profiles, 37 ms at 1M. The columns hold the same
// facets in arrays by pid, so one pass over them counts the matches exactly and keeps the top
// hits in a small heap.
//
// Exactly the same matches as the compiled query: both test the same columns (the scan runs only
// when they are those of the text index's generation), tier, country, platform and engagement
// labels against the values the terms were made from, and numbers with RangeTest.
#ifndef MIKROS_QUERY_COLUMN_SCAN_H
#define MIKROS_QUERY_COLUMN_SCAN_H

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "analytics/columns.h"
#include "analytics/peers.h"
#include "mikros/query.hpp"
#include "query/audience_match.h"
#include "query/column_match.h"

namespace mikros::query {

// Thread-safety: immutable once built; run() may be called from many threads at once.
class ColumnScan {
 public:
  // Whether `query` is made only of clauses the columns hold (tier:, country:, platform:, city:,
  // followers/er/growth/auth/price ranges, er: labels, aud.*: shares, has:, sponsored:*), each
  // possibly negated, under one AND. lang:, category: and sponsored:NAME are not (the columns
  // keep at most four languages and no categories or brands).
  static bool eligible(const Query& query);

  // The scan of an eligible query over these columns.
  static ColumnScan build(const Query& query, const Columns& columns);

  struct Outcome {
    std::uint64_t total = 0;  // every matching profile
    // Hits first..first+wanted in the query's order: most followers first; sort:er and
    // sort:growth: highest first, profiles without the value last; sort:aud.*: largest share
    // first, then most followers (AudienceKeyMaker's order).
    std::vector<std::uint32_t> pids;
  };
  // One pass over the columns, chunk by chunk: the clauses the filter fields decide (tier,
  // country, platform, er and follower ranges) clear a mask one field array at a time, and only
  // the profiles left are tested in full. `db` (the snapshot the columns match) gives the
  // languages of a profile that lists more than its row holds; `counter`, when given, counts
  // every match by facet.
  Outcome run(const Columns& columns, const Xapian::Database& db, std::size_t first,
              std::size_t wanted, FacetCounter* counter) const;

 private:
  struct Clause {
    enum class Kind { kFacet, kLabel, kRange, kAudience, kPresence, kNothing };
    Kind kind = Kind::kNothing;
    bool negated = false;
    FacetSource::Field facet = FacetSource::Field::kTier;
    std::vector<std::uint32_t> values;  // FacetSource::values_for
    std::uint32_t label_mask = 0;
    RangeTest range;
    AudienceTest audience;
    std::uint8_t presence = 0;  // kPresence: any of these bits (has:, sponsored:*)
  };
  // Builds the clause of one eligible node.
  static Clause clause_for(const NodePtr& n, bool negated, const Columns& columns);

  // Clears mask[i] for each profile of `chunk` that cannot pass clause `clause`, from one
  // field array at a time (loops the compiler vectorises); leaves it where only passes() can
  // tell (labels, ranges of fields outside the key, values at a range's bounds).
  void prefilter(std::size_t clause, const columns_detail::Chunk& chunk,
                 std::array<std::uint8_t, Columns::kChunkSize>& mask) const;
  // `row` is read from `columns` on first need: most clauses are decided by the key.
  bool passes(std::size_t clause, std::uint32_t pid, FilterKey key, const FacetRow*& row,
              const Columns& columns, const analytics::PeerBenchmarks& bench) const;

  std::vector<Clause> clauses_;
  SortOrder order_ = SortOrder::kRelevance;  // kRelevance (no text): followers
  std::optional<AudienceTest> sort_;         // sort:aud.*
};

}  // namespace mikros::query

#endif  // MIKROS_QUERY_COLUMN_SCAN_H
