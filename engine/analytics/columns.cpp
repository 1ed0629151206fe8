#include "analytics/columns.h"

#include <algorithm>
#include <cmath>
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

std::optional<std::uint8_t> FilterKey::country_share(std::uint16_t code) const {
  const std::uint8_t bits = presence();
  if (!(bits & presence::kAudienceCountries)) return std::nullopt;
  const auto& a = audience();
  for (int i = 0; i < columns_detail::kInlineCountries; ++i) {
    if (a.countries[i] == code) return a.shares[i];
  }
  if (!(bits & presence::kMoreCountries)) return 0;
  const auto& more = chunk_->more_countries;
  auto it = std::lower_bound(more.begin(), more.end(), index_,
                             [](const auto& m, std::uint32_t i) { return m.index < i; });
  if (it == more.end() || it->index != index_) return 0;
  for (const auto& [c, share] : it->countries) {
    if (c == code) return share;
  }
  return 0;
}

std::uint32_t Columns::city_id_for(const FacetRecord& r) {
  if (r.city_key.empty()) return 0;
  if (auto it = cities_->ids.find(r.city_key); it != cities_->ids.end()) return it->second;
  if (!cities_owned_) {
    cities_ = std::make_shared<CityTable>(*cities_);
    cities_owned_ = true;
  }
  const auto id = static_cast<std::uint32_t>(cities_->names.size());
  cities_->names.push_back(r.city.empty() ? r.city_key : r.city);
  cities_->keys.push_back(r.city_key);
  cities_->ids.emplace(r.city_key, id);
  return id;
}

void Columns::set_audience(Chunk& chunk, std::uint32_t i, const FacetRecord& r) {
  const AudienceSummary& a = r.audience;
  columns_detail::AudienceCell cell;
  std::uint8_t bits = 0;
  if (r.has_contact) bits |= presence::kContact;
  if (!std::isnan(r.price_usd)) bits |= presence::kPrice;
  if (r.has_sponsored) bits |= presence::kSponsored;
  if (a.has_countries()) bits |= presence::kAudienceCountries;
  if (a.has_age()) bits |= presence::kAudienceAge;
  if (a.has_gender()) bits |= presence::kAudienceGender;
  auto& more = chunk.more_countries;
  auto at = std::lower_bound(more.begin(), more.end(), i,
                             [](const auto& m, std::uint32_t index) { return m.index < index; });
  if (at != more.end() && at->index == i) at = more.erase(at);
  columns_detail::MoreCountries rest{i, {}};
  for (std::size_t k = 0; k < a.countries.size(); ++k) {
    const std::uint16_t code = upper_code(pack_code(a.countries[k].code));
    if (k < static_cast<std::size_t>(columns_detail::kInlineCountries)) {
      cell.countries[k] = code;
      cell.shares[k] = a.countries[k].share;
    } else {
      rest.countries.emplace_back(code, a.countries[k].share);
    }
  }
  if (!rest.countries.empty()) {
    bits |= presence::kMoreCountries;
    more.insert(at, std::move(rest));
  }
  std::copy(std::begin(a.age), std::end(a.age), cell.age.begin());
  cell.female = a.female;
  cell.male = a.male;
  chunk.audience[i] = cell;
  chunk.presence[i] = bits;
  chunk.city[i] = city_id_for(r);
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
  row.audience_countries = {};
  row.audience_country_shares = {};
  if (r.audience.countries.empty()) {
    row.audience_countries[0] = pack_code(r.audience.top_country);  // share unknown: 0
  }
  for (std::size_t i = 0; i < r.audience.countries.size() && i < 3; ++i) {
    row.audience_countries[i] = pack_code(r.audience.countries[i].code);
    row.audience_country_shares[i] = r.audience.countries[i].share;
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
  chunk.engagement_rate[i] = static_cast<float>(row.engagement_rate);  // rounded to nearest
  chunk.country[i] = upper_code(row.country);
  chunk.platform[i] = row.platform;
  chunk.tier_plus_one[i] = static_cast<std::uint8_t>(static_cast<unsigned>(row.tier) + 1);
  set_audience(chunk, i, r);
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
  chunk.presence[i] = 0;
  chunk.city[i] = 0;
  chunk.audience[i] = columns_detail::AudienceCell{};
  auto& more = chunk.more_countries;
  auto at = std::lower_bound(more.begin(), more.end(), i,
                             [](const auto& m, std::uint32_t index) { return m.index < index; });
  if (at != more.end() && at->index == i) more.erase(at);
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
  auto next = std::make_shared<Columns>(*this);  // shares every chunk and the city table
  next->benchmarks_ = std::make_shared<BenchmarkCache>();
  next->cities_owned_ = false;
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
