#include "analytics/derive_facets.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "analytics/authenticity.h"
#include "analytics/spikes.h"
#include "model/audience.h"
#include "util/text_util.h"

namespace mikros {
namespace {

std::uint32_t saturate32(std::uint64_t v) {
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(v, UINT32_MAX));
}

}  // namespace

FacetRecord derive_facets(const Profile& p, const TierBoundaries& tiers, std::uint64_t generation) {
  FacetRecord r;
  r.tier = tier_for(p.followers, tiers);
  r.followers = p.followers;
  r.following = saturate32(p.following.value_or(0));
  r.posts = saturate32(p.posts.value_or(0));
  // Not finite is no value, as a range or sort sees it.
  auto value = [](const std::optional<double>& v) -> double {
    return v && std::isfinite(*v) ? *v : kNoValue;
  };
  r.engagement_rate = value(mikros::engagement_rate(p));
  r.growth_monthly = value(mikros::monthly_growth(p));
  r.spike = analytics::has_spike(p, r.tier);
  const AuthenticityEstimate auth = analytics::profile_authenticity(p, r.tier, r.spike, false);
  r.authenticity = value(auth.value);
  r.authenticity_estimated = auth.estimated;
  r.automated = auth.automated;
  r.price_usd = value(p.price_usd);
  r.posts_per_week = p.posts_per_week ? static_cast<float>(*p.posts_per_week) : kNoValue;
  r.generation = generation;
  if (p.country.size() == 2) std::memcpy(r.country, p.country.data(), 2);
  for (std::size_t i = 0; i < p.languages.size() && i < 4; ++i) {
    if (p.languages[i].size() == 2) std::memcpy(r.languages[i], p.languages[i].data(), 2);
  }
  // Audience: every country's share (largest first), the standard age bands, gender shares.
  std::vector<std::pair<double, std::string>> countries;
  for (const auto& [code, share] : p.audience.countries) countries.emplace_back(share, code);
  std::stable_sort(countries.begin(), countries.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [share, code] : countries) {
    if (code.size() != 2) continue;
    AudienceCountry c;
    std::memcpy(c.code, code.data(), 2);
    c.share = share_level(share);
    r.audience.countries.push_back(c);
  }
  if (!r.audience.countries.empty()) {
    std::memcpy(r.audience.top_country, r.audience.countries[0].code, 2);
  } else if (p.audience.top_country.size() == 2) {
    // Only the largest country is known (imported top lists): its share is not.
    std::memcpy(r.audience.top_country, p.audience.top_country.data(), 2);
  }
  if (!p.audience.age.empty()) {
    double bands[kAgeBandCount] = {};
    for (const auto& [band, share] : p.audience.age) {
      int b = standard_age_band(band);
      if (b >= 0) bands[b] += share;
    }
    for (int b = 0; b < kAgeBandCount; ++b) r.audience.age[b] = share_level(bands[b]);
  }
  if (p.audience.female) r.audience.female = share_level(*p.audience.female);
  if (p.audience.male) r.audience.male = share_level(*p.audience.male);
  r.has_contact = !trim(p.contact).empty();
  r.has_sponsored = !p.sponsored.empty();
  r.city = std::string(trim(p.city));
  r.platform = p.platform;
  return r;
}

}  // namespace mikros
