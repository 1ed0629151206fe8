// What ranking by a brand needs, kept per Searcher: the brand's text matches (one pass over the
// postings of its words per index revision) and its points over a columns snapshot (one pass
// over the columns), for the most recently used brands.
#ifndef MIKROS_QUERY_BRAND_CACHE_H
#define MIKROS_QUERY_BRAND_CACHE_H

#include <xapian.h>

#include <list>
#include <memory>
#include <mutex>
#include <string>

#include "analytics/columns.h"
#include "mikros/brand.hpp"
#include "mikros/status.hpp"
#include "query/alignment.h"

namespace mikros::query {

// Thread-safety: scoring() may be called from any number of threads at once.
class BrandCache {
 public:
  // Brands kept (matches and points), most recently used first.
  static constexpr std::size_t kCapacity = 8;

  // What ranking by `brand` needs: its scorer over `columns`, and the points of every profile.
  struct Scoring {
    std::shared_ptr<const AlignmentScorer> scorer;
    std::shared_ptr<const BrandPoints> points;
  };
  // `index` names the index `db` reads (its directory), so that a rebuilt index with the same
  // revision number is not mistaken for this one.
  Result<Scoring> scoring(Xapian::Database& db, const std::string& index, const Brand& brand,
                          std::shared_ptr<const Columns> columns);

 private:
  // (brand JSON, index, revision) -> matches, and the points for the last columns snapshot a
  // search used with them. The snapshot is held weakly (the scorer, which holds it, is made
  // per search): a cached brand must not keep old columns alive.
  struct Entry {
    std::string key;
    std::shared_ptr<const BrandMatches> matches;
    std::weak_ptr<const Columns> points_columns;
    std::shared_ptr<const BrandPoints> points;
  };
  // The entry of `key`, moved to the front, or entries_.end(). Call with mu_ held.
  std::list<Entry>::iterator find(const std::string& key);

  std::mutex mu_;
  std::list<Entry> entries_;  // guarded by mu_
};

}  // namespace mikros::query

#endif  // MIKROS_QUERY_BRAND_CACHE_H
