#include "query/column_scan.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "analytics/peers.h"
#include "query/ast.h"
#include "query/compile.h"

namespace mikros::query {
namespace {

using Kind = Query::Node::Kind;

bool eligible_clause(const NodePtr& n) {
  switch (n->kind) {
    case Kind::kAll:
    case Kind::kRange:
    case Kind::kEngagement:
    case Kind::kHas:
      return true;
    case Kind::kAudience:
      return n->invalid.empty();  // the compiler reports it
    case Kind::kFacet:
      return FacetSource::field_of(n->facet).has_value() ||
             (n->facet == Facet::kSponsored && n->values == std::vector<std::string>{"*"});
    default:
      return false;
  }
}

// The clauses of the top-level AND (or the one clause), each with whether it is negated.
bool flatten(const NodePtr& root, std::vector<std::pair<NodePtr, bool>>& out) {
  auto add = [&](const NodePtr& n) {
    if (n->kind == Kind::kNot) {
      if (!eligible_clause(n->children[0])) return false;
      out.emplace_back(n->children[0], true);
      return true;
    }
    if (!eligible_clause(n)) return false;
    out.emplace_back(n, false);
    return true;
  };
  if (root->kind != Kind::kAnd) return add(root);
  for (const auto& child : root->children) {
    if (!add(child)) return false;
  }
  return true;
}

}  // namespace

bool ColumnScan::eligible(const Query& query) {
  std::vector<std::pair<NodePtr, bool>> clauses;
  return flatten(query.root(), clauses);
}

ColumnScan::Clause ColumnScan::clause_for(const NodePtr& n, bool negated, const Columns& columns) {
  Clause c;
  c.negated = negated;
  switch (n->kind) {
    case Kind::kAll:
      c.kind = Clause::Kind::kNothing;  // nothing passes "not everything"
      c.negated = false;
      break;
    case Kind::kEngagement:
      c.kind = Clause::Kind::kLabel;
      c.label_mask = LabelSource::mask_of(n->labels);
      break;
    case Kind::kRange: {
      const InclusiveBounds b = inclusive_bounds(n->field, n->range);
      c.kind = b.empty ? Clause::Kind::kNothing : Clause::Kind::kRange;
      c.range = RangeTest::make(n->field, b.lo, b.hi);
      break;
    }
    case Kind::kAudience:
      // The same test as AudienceSource's, beside text.
      c.kind = Clause::Kind::kAudience;
      c.audience = AudienceTest::make(*n);
      break;
    case Kind::kHas:
      c.kind = Clause::Kind::kPresence;
      c.presence = presence_mask(*n);
      break;
    case Kind::kFacet:
      if (n->facet == Facet::kSponsored) {  // sponsored:* (eligible_clause() checked it)
        c.kind = Clause::Kind::kPresence;
        c.presence = kSponsoredAny;
        break;
      }
      // The same values as compile.cpp's facet filter over the columns (FacetSource).
      c.kind = Clause::Kind::kFacet;
      c.facet = *FacetSource::field_of(n->facet);  // eligible_clause() checked it
      c.values = FacetSource::values_for(c.facet, n->values, columns);
      if (c.values.empty()) c.kind = Clause::Kind::kNothing;
      break;
    default:
      break;  // not eligible: flatten() refused it
  }
  return c;
}

ColumnScan ColumnScan::build(const Query& query, const Columns& columns) {
  std::vector<std::pair<NodePtr, bool>> nodes;
  flatten(query.root(), nodes);
  ColumnScan scan;
  for (const auto& [n, negated] : nodes) {
    if (n->kind == Kind::kAll && !negated) continue;
    scan.clauses_.push_back(clause_for(n, negated, columns));
  }
  scan.order_ = query.sort_order();
  if (const auto& share = query.audience_sort();
      query.sort_order() == SortOrder::kAudience && share) {
    Query::Node n;
    n.kind = Kind::kAudience;
    n.audience = share->field;
    n.values = {share->value};
    scan.sort_ = AudienceTest::make(n);
  }
  return scan;
}

void ColumnScan::prefilter(std::size_t clause, const columns_detail::Chunk& chunk,
                           std::array<std::uint8_t, Columns::kChunkSize>& mask) const {
  const Clause& c = clauses_[clause];
  constexpr std::uint32_t n = Columns::kChunkSize;
  switch (c.kind) {
    case Clause::Kind::kNothing:
      if (!c.negated) mask.fill(0);
      return;
    case Clause::Kind::kFacet: {
      std::array<std::uint8_t, n> any{};
      auto mark = [&](const auto& field, std::uint32_t want) {
        using T = std::decay_t<decltype(field[0])>;
        const T w = static_cast<T>(want);
        for (std::uint32_t i = 0; i < n; ++i) any[i] |= field[i] == w;
      };
      for (std::uint32_t want : c.values) {
        switch (c.facet) {
          case FacetSource::Field::kTier:
            mark(chunk.tier_plus_one, static_cast<std::uint16_t>(want + 1));
            break;
          case FacetSource::Field::kCountry:
            mark(chunk.country, want);
            break;
          case FacetSource::Field::kPlatform:
            mark(chunk.platform, want);
            break;
          case FacetSource::Field::kCity:
            mark(chunk.city, want);
            break;
        }
      }
      const std::uint8_t flip = c.negated ? 1 : 0;
      for (std::uint32_t i = 0; i < n; ++i) mask[i] &= any[i] ^ flip;
      return;
    }
    case Clause::Kind::kRange: {
      // Only a range that holds: its negation passes values at the bounds that only the row
      // decides. The floats' bounds are inclusive, so a value whose float equals one is
      // kept for passes(); NaN (no value) fails both comparisons.
      if (c.negated) return;
      const RangeTest& r = c.range;
      if (r.field == NumericField::kEngagementRate) {
        const float lo = r.lo ? r.lo_float : -std::numeric_limits<float>::infinity();
        const float hi = r.hi ? r.hi_float : std::numeric_limits<float>::infinity();
        for (std::uint32_t i = 0; i < n; ++i) {
          const float f = chunk.engagement_rate[i];
          mask[i] &= (f >= lo) & (f <= hi);
        }
      } else if (r.field == NumericField::kFollowers) {
        // Whole numbers, so the bounds round inwards exactly; a saturated count stands for any
        // count at least as large and is kept when that could pass.
        constexpr double kSaturated = FilterKey::kFollowersSaturated;
        const double lo = r.lo ? std::clamp(std::ceil(*r.lo), 0.0, kSaturated) : 0.0;
        const double hi = r.hi ? std::floor(*r.hi) : kSaturated;
        if (hi < lo) {
          mask.fill(0);
          return;
        }
        const auto lo32 = static_cast<std::uint32_t>(lo);
        const auto hi32 = static_cast<std::uint32_t>(std::min(hi, kSaturated));
        for (std::uint32_t i = 0; i < n; ++i) {
          const std::uint32_t v = chunk.followers[i];
          mask[i] &= (v >= lo32) & (v <= hi32);
        }
      }
      return;
    }
    case Clause::Kind::kPresence: {
      const std::uint8_t flip = c.negated ? 1 : 0;
      for (std::uint32_t i = 0; i < n; ++i) {
        mask[i] &= static_cast<std::uint8_t>((chunk.presence[i] & c.presence) != 0) ^ flip;
      }
      return;
    }
    case Clause::Kind::kAudience: {
      // A profile without the data fails (and passes the negation); the shares need passes().
      if (c.negated) return;
      const std::uint8_t bit = c.audience.presence_bit();
      for (std::uint32_t i = 0; i < n; ++i) mask[i] &= (chunk.presence[i] & bit) != 0;
      return;
    }
    case Clause::Kind::kLabel:
      return;
  }
}

bool ColumnScan::passes(std::size_t clause, std::uint32_t pid, FilterKey key, const FacetRow*& row,
                        const Columns& columns, const analytics::PeerBenchmarks& bench) const {
  const Clause& c = clauses_[clause];
  auto full_row = [&]() -> const FacetRow& {
    if (!row) row = columns.row(pid);
    return *row;
  };
  bool match = false;
  switch (c.kind) {
    case Clause::Kind::kNothing:
      match = false;
      break;
    case Clause::Kind::kFacet:
      match = FacetSource::is_one_of(FacetSource::value_of(c.facet, key), c.values);
      break;
    case Clause::Kind::kPresence:
      match = (key.presence() & c.presence) != 0;
      break;
    case Clause::Kind::kAudience:
      match = c.audience.passes(key);
      break;
    case Clause::Kind::kLabel:
      match = (c.label_mask >> static_cast<unsigned>(bench.label(full_row()))) & 1u;
      break;
    case Clause::Kind::kRange: {
      RangeTest::Verdict verdict = c.range.verdict(key);
      if (verdict == RangeTest::Verdict::kAsk) verdict = c.range.verdict(full_row());
      match = verdict == RangeTest::Verdict::kPass;
      break;
    }
  }
  return match != c.negated;
}

ColumnScan::Outcome ColumnScan::run(const Columns& columns, const Xapian::Database& db,
                                    std::size_t first, std::size_t wanted,
                                    FacetCounter* counter) const {
  Outcome out;
  const analytics::PeerBenchmarks& bench = columns.benchmarks();
  // The best `keep` matches so far in a heap whose top is the worst of them. Order: the sort's
  // value descending, then pid ascending (Xapian's order for equal sort keys and weights).
  const std::size_t keep = first + wanted;
  struct Entry {
    // sort:aud.*: the share's level + 1 (AudienceKeyMaker); sort:er, sort:growth: 1 with a
    // value, 0 without (those sort last); followers: 0.
    std::uint64_t rank;
    double value;  // followers (exact below 2^53), or the rate; 0 when rank says none
    std::uint32_t pid;
  };
  auto better = [](const Entry& a, const Entry& b) {
    if (a.rank != b.rank) return a.rank > b.rank;
    return a.value != b.value ? a.value > b.value : a.pid < b.pid;
  };
  auto entry = [&](std::uint32_t pid, FilterKey key, const FacetRow*& row) -> Entry {
    auto full_row = [&]() -> const FacetRow& {
      if (!row) row = columns.row(pid);
      return *row;
    };
    if (order_ == SortOrder::kEngagement || order_ == SortOrder::kGrowth) {
      const double v =
          order_ == SortOrder::kEngagement ? full_row().engagement_rate : full_row().growth_monthly;
      return std::isfinite(v) ? Entry{1, v, pid} : Entry{0, 0, pid};
    }
    const std::uint64_t followers =
        key.followers() == FilterKey::kFollowersSaturated ? full_row().followers : key.followers();
    return {sort_ ? AudienceKeyMaker::rank(*sort_, key) : 0, static_cast<double>(followers), pid};
  };
  std::vector<Entry> heap;
  heap.reserve(std::min<std::size_t>(keep, 1 << 16));
  // Chunk by chunk: the clauses that the filter fields decide clear a mask, one field array at
  // a time; the profiles left are tested exactly (passes()), reading a row only where a clause
  // needs it, for the facet counts of a match, and for follower counts too large for the key.
  std::array<std::uint8_t, Columns::kChunkSize> mask;
  auto test = [&](std::uint32_t pid, FilterKey key) {
    const FacetRow* row = nullptr;
    for (std::size_t c = 0; c < clauses_.size(); ++c) {
      if (!passes(c, pid, key, row, columns, bench)) return;
    }
    ++out.total;
    if (counter) counter->add(pid, row ? *row : *columns.row(pid), db);
    if (keep == 0) return;
    const Entry e = entry(pid, key, row);
    if (heap.size() < keep) {
      heap.push_back(e);
      std::push_heap(heap.begin(), heap.end(), better);
    } else if (better(e, heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), better);
      heap.back() = e;
      std::push_heap(heap.begin(), heap.end(), better);
    }
  };
  columns.for_each_chunk([&](std::uint32_t base, const columns_detail::Chunk& chunk) {
    for (std::uint32_t i = 0; i < Columns::kChunkSize; ++i) mask[i] = chunk.tier_plus_one[i] != 0;
    for (std::size_t c = 0; c < clauses_.size(); ++c) prefilter(c, chunk, mask);
    for (std::uint32_t i = 0; i < Columns::kChunkSize; ++i) {
      if (mask[i]) test(base + i, FilterKey(chunk, i));
    }
  });
  std::sort_heap(heap.begin(), heap.end(), better);
  for (std::size_t i = first; i < heap.size(); ++i) out.pids.push_back(heap[i].pid);
  return out;
}

}  // namespace mikros::query
