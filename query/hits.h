// The hits of a search: their stored profiles, read in one batch, and each Hit filled from its
// profile, its facet row (insights) and its score (text relevance or brand alignment).
#ifndef MIKROS_QUERY_HITS_H
#define MIKROS_QUERY_HITS_H

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analytics/columns.h"
#include "mikros/search.hpp"
#include "query/alignment.h"

namespace mikros::store {
class Store;
}

namespace mikros::query {

// The hits' stored profiles and keys. A key comes from its stored profile (verify checks that
// it is the document's); the document data in the text index is read only where the profile is
// missing or does not parse: reading it for every hit cost about 20 us a hit at 1M profiles
// (a B-tree lookup in Xapian's record table), a tenth of a text query's time at p50.
struct LoadedHits {
  std::vector<std::string> keys;
  std::vector<std::optional<Profile>> profiles;
  std::vector<bool> stored;  // whether a stored profile was found, parsed or not
};

// Reads the stored profiles of `pids` from `store` (the document data from `db`, the same
// snapshot, where one is missing). Xapian's exceptions propagate (the caller retries).
Status load_hits(const store::Store& store, Xapian::Database& db,
                 const std::vector<Xapian::docid>& pids, LoadedHits* out);

// A hit without its stored profile is a writer's batch in flight or a search on an older
// snapshot, unless the stores have settled at the search's generation: then it is damage
// (kCorruption).
Status check_stored(const store::Store& store, const std::vector<Xapian::docid>& pids,
                    const LoadedHits& loaded, std::uint64_t snapshot_generation);

// How the hits were ranked, for their scores.
struct HitScoring {
  bool text = false;                       // the query scores by text relevance
  const AlignmentScorer* brand = nullptr;  // ranked by a brand: its scorer
  double shift = 0;                        // the brand's AlignmentPostingSource::shift()
};

// Fills hits[i] for pids[i] (match weight weights[i]) from `loaded` (whose profiles it moves
// out). `columns` gives insights (when `insights`) and alignment; null when neither is wanted.
// REQUIRES: hits->size() == pids.size().
void fill_hits(const std::vector<Xapian::docid>& pids, const std::vector<double>& weights,
               LoadedHits& loaded, const TierBoundaries& tiers, const Columns* columns,
               bool insights, const HitScoring& scoring, std::vector<Hit>* hits);

}  // namespace mikros::query

#endif  // MIKROS_QUERY_HITS_H
