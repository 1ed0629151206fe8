#include "analytics/derive_facets.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "analytics/authenticity.h"
#include "analytics/spikes.h"

namespace mikros {
namespace {

std::uint32_t saturate32(std::uint64_t v) {
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(v, UINT32_MAX));
}

std::uint8_t quantise_share(double share) {
  return static_cast<std::uint8_t>(std::lround(std::clamp(share, 0.0, 1.0) * 250));
}

}  // namespace

FacetRecord derive_facets(const Profile& p, const TierBoundaries& tiers, std::uint64_t generation) {
  FacetRecord r;
  r.tier = tier_for(p.followers, tiers);
  r.followers = p.followers;
  r.following = saturate32(p.following.value_or(0));
  r.posts = saturate32(p.posts.value_or(0));
  auto to_f = [](const std::optional<double>& v) { return v ? static_cast<float>(*v) : kNoValue; };
  r.engagement_rate = to_f(mikros::engagement_rate(p));
  r.growth_monthly = to_f(mikros::monthly_growth(p));
  r.spike = analytics::has_spike(p, r.tier);
  const AuthenticityEstimate auth = analytics::profile_authenticity(p, r.tier, r.spike, false);
  r.authenticity = static_cast<float>(auth.value);
  r.authenticity_estimated = auth.estimated;
  r.automated = auth.automated;
  r.price_usd = to_f(p.price_usd);
  r.posts_per_week = to_f(p.posts_per_week);
  r.generation = generation;
  if (p.country.size() == 2) std::memcpy(r.country, p.country.data(), 2);
  for (std::size_t i = 0; i < p.languages.size() && i < 4; ++i) {
    if (p.languages[i].size() == 2) std::memcpy(r.languages[i], p.languages[i].data(), 2);
  }
  // Audience: the three largest countries, standard age bands, female share.
  std::vector<std::pair<double, std::string>> countries;
  for (const auto& [code, share] : p.audience.countries) countries.emplace_back(share, code);
  std::stable_sort(countries.begin(), countries.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t i = 0; i < countries.size() && i < 3; ++i) {
    std::memcpy(r.audience.countries[i], countries[i].second.data(), 2);
    r.audience.country_shares[i] = quantise_share(countries[i].first);
  }
  if (countries.empty() && p.audience.top_country.size() == 2) {
    // Only the largest country is known (imported top lists): its share is unknown.
    std::memcpy(r.audience.countries[0], p.audience.top_country.data(), 2);
    r.audience.country_shares[0] = 0;
  }
  if (!p.audience.age.empty()) {
    double bands[kAgeBandCount] = {};
    for (const auto& [band, share] : p.audience.age) {
      int b = standard_age_band(band);
      if (b >= 0) bands[b] += share;
    }
    for (int b = 0; b < kAgeBandCount; ++b) r.audience.age[b] = quantise_share(bands[b]);
  }
  if (p.audience.female) r.audience.female = quantise_share(*p.audience.female);
  r.platform = p.platform;
  return r;
}

}  // namespace mikros
