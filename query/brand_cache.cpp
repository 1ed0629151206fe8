#include "query/brand_cache.h"

#include <fmt/format.h>

#include <algorithm>

namespace mikros::query {

std::list<BrandCache::Entry>::iterator BrandCache::find(const std::string& key) {
  auto it =
      std::find_if(entries_.begin(), entries_.end(), [&](const auto& e) { return e.key == key; });
  if (it != entries_.end()) entries_.splice(entries_.begin(), entries_, it);
  return it;
}

Result<BrandCache::Scoring> BrandCache::scoring(Xapian::Database& db, const std::string& index,
                                                const Brand& brand,
                                                std::shared_ptr<const Columns> columns) {
  std::string key = fmt::format("{}\n{}\n{}", to_json(brand), index, db.get_revision());
  std::shared_ptr<const BrandMatches> matches;
  Scoring out;
  {
    std::lock_guard lock(mu_);
    if (auto it = find(key); it != entries_.end()) {
      matches = it->matches;
      if (it->points_columns.lock() == columns) out.points = it->points;
    }
  }
  if (!matches) {
    auto built = BrandMatches::build(db, brand);
    if (!built) return built.status();
    matches = std::move(*built);
  }
  out.scorer = std::make_shared<AlignmentScorer>(brand, matches, columns);
  if (out.points) return out;
  // Built outside the lock (hundreds of milliseconds at 1M profiles); two searches that miss at
  // once both build, and the last one's points stay.
  out.points = std::make_shared<const BrandPoints>(*out.scorer);
  std::lock_guard lock(mu_);
  auto it = find(key);
  if (it == entries_.end()) {
    entries_.push_front({key, matches, {}, {}});
    it = entries_.begin();
    if (entries_.size() > kCapacity) entries_.pop_back();
  }
  it->points_columns = columns;
  it->points = out.points;
  return out;
}

}  // namespace mikros::query
