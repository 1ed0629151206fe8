#include "analytics/columns.h"

#include <algorithm>
#include <unordered_set>

namespace mikros {

Columns::Chunk& Columns::mutable_chunk(std::uint32_t pid) {
  std::uint32_t c = pid >> kChunkBits;
  if (c >= chunks_.size()) chunks_.resize(c + 1);
  if (!chunks_[c]) chunks_[c] = std::make_shared<const Chunk>();
  // Only called on chunks this object owns exclusively (fresh or just copied).
  return const_cast<Chunk&>(*chunks_[c]);
}

std::uint16_t Columns::platform_id(const std::string& name) {
  auto it = std::find(platforms_.begin(), platforms_.end(), name);
  if (it != platforms_.end()) return static_cast<std::uint16_t>(it - platforms_.begin());
  if (platforms_.size() >= UINT16_MAX) return 0;
  platforms_.push_back(name);
  return static_cast<std::uint16_t>(platforms_.size() - 1);
}

void Columns::set(std::uint32_t pid, const FacetRecord& r) {
  Chunk& chunk = mutable_chunk(pid);
  FacetRow& row = chunk.rows[pid & (kChunkSize - 1)];
  if (!row.present) ++size_;
  row.followers = r.followers;
  row.engagement_rate = r.engagement_rate;
  row.growth_monthly = r.growth_monthly;
  row.authenticity = r.authenticity;
  row.price_usd = r.price_usd;
  row.posts_per_week = r.posts_per_week;
  row.following = r.following;
  row.posts = r.posts;
  row.platform = platform_id(r.platform);
  row.country = pack_code(r.country);
  for (std::size_t i = 0; i < row.languages.size(); ++i) {
    row.languages[i] = pack_code(r.languages[i]);
  }
  for (int i = 0; i < 3; ++i) {
    row.audience_countries[i] = pack_code(r.audience.countries[i]);
    row.audience_country_shares[i] = r.audience.country_shares[i];
  }
  for (int i = 0; i < kAgeBandCount; ++i) row.audience_age[i] = r.audience.age[i];
  row.audience_female = r.audience.female;
  row.tier = r.tier;
  row.spike = r.spike;
  row.authenticity_estimated = r.authenticity_estimated;
  row.automated = r.automated;
  row.present = true;

  const std::uint32_t i = pid & (kChunkSize - 1);
  chunk.followers[i] = static_cast<std::uint32_t>(
      std::min<std::uint64_t>(row.followers, FilterKey::kFollowersSaturated));
  chunk.engagement_rate[i] = row.engagement_rate;
  chunk.country[i] = upper_code(row.country);
  chunk.platform[i] = row.platform;
  chunk.tier_plus_one[i] = static_cast<std::uint8_t>(static_cast<unsigned>(row.tier) + 1);
}

void Columns::clear(std::uint32_t pid) {
  std::uint32_t c = pid >> kChunkBits;
  if (c >= chunks_.size() || !chunks_[c]) return;
  Chunk& chunk = mutable_chunk(pid);
  FacetRow& row = chunk.rows[pid & (kChunkSize - 1)];
  if (row.present) --size_;
  row = FacetRow{};
  const std::uint32_t i = pid & (kChunkSize - 1);
  chunk.tier_plus_one[i] = 0;
  chunk.country[i] = chunk.platform[i] = 0;
  chunk.engagement_rate[i] = 0;
  chunk.followers[i] = 0;
}

void Columns::Builder::add(std::uint32_t pid, const FacetRecord& record) {
  columns_->set(pid, record);
}

std::shared_ptr<const Columns> Columns::Builder::finish(std::uint64_t generation) {
  columns_->generation_ = generation;
  auto out = std::move(columns_);
  columns_ = std::make_shared<Columns>();
  return out;
}

std::shared_ptr<const Columns> Columns::with_changes(
    const std::vector<std::pair<std::uint32_t, const FacetRecord*>>& changes,
    std::uint64_t generation) const {
  auto next = std::make_shared<Columns>(*this);  // shares every chunk
  next->benchmarks_ = std::make_shared<BenchmarkCache>();
  std::unordered_set<std::uint32_t> copied;
  for (const auto& [pid, record] : changes) {
    std::uint32_t c = pid >> kChunkBits;
    if (c < next->chunks_.size() && next->chunks_[c] && copied.insert(c).second) {
      next->chunks_[c] = std::make_shared<const Chunk>(*next->chunks_[c]);
    } else if (c >= next->chunks_.size() || !next->chunks_[c]) {
      copied.insert(c);  // created fresh by mutable_row
    }
    if (record) {
      next->set(pid, *record);
    } else {
      next->clear(pid);
    }
  }
  next->generation_ = generation;
  return next;
}

}  // namespace mikros
