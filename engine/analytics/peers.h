// Engagement judged against peers: the engagement quantiles of each (platform, tier) band,
// computed from the indexed corpus (the facet columns), with published figures as the
// fallback for thin bands, and each profile's percentile and label in its band
// (docs/analytics.md gives the formulas and the sources of the published figures).
#ifndef MIKROS_ANALYTICS_PEERS_H
#define MIKROS_ANALYTICS_PEERS_H

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mikros/profile.hpp"

namespace mikros {

class Columns;
struct FacetRow;

namespace analytics {

// Engagement quantiles of one (platform, tier) band.
struct Band {
  bool from_corpus = false;    // false: published figures (too few profiles in the index)
  std::uint32_t profiles = 0;  // profiles with an engagement rate in the band
  double p25 = 0, p50 = 0, p75 = 0;
  double log_sigma = 0.5;  // robust spread of ln(ER): (ln p75 - ln p25) / 1.349
  // ER above which engagement is "suspicious": p50 * exp(max(3 * log_sigma, ln 3)).
  double suspicious_above = 0;
  std::vector<float> sorted;  // corpus bands: every ER of the band, ascending
  // sorted[i * kFenceStep] for every i: a percentile first searches this (small enough to stay
  // in cache) and then kFenceStep values of `sorted`, instead of a binary search over all of
  // `sorted`, which missed the cache at nearly every step (once per brand-ranked match).
  static constexpr std::size_t kFenceStep = 64;
  std::vector<float> fence;
};

// Bands with fewer profiles than this use the published figures.
inline constexpr std::uint32_t kMinCorpusBand = 30;

// Published engagement figures for a band (per follower on Instagram-style platforms, per view
// on video platforms); sources in analytics.cpp and the README.
Band published_band(std::string_view platform, Tier tier);

// Peer benchmarks of one generation of the index. Thread-safety: immutable; share freely.
class PeerBenchmarks {
 public:
  static std::shared_ptr<const PeerBenchmarks> build(const Columns& columns);

  // The band of a row of the columns these benchmarks were built from.
  const Band& band(std::uint16_t platform_id, Tier tier) const;
  // The band of a platform by name (published figures when the index has none of it).
  Band band(std::string_view platform, Tier tier) const;
  // Percentile (0..100, mid-rank) of the row's ER among its band; NaN without an ER.
  double percentile(const FacetRow& row) const;
  EngagementLabel label(const FacetRow& row) const;

 private:
  std::vector<std::string> platforms_;               // platform id -> name, as in the columns
  std::vector<std::array<Band, kTierCount>> bands_;  // [platform id][tier]
};

double percentile_in(const Band& band, double er);
EngagementLabel label_in(const Band& band, double er);

}  // namespace analytics
}  // namespace mikros

#endif  // MIKROS_ANALYTICS_PEERS_H
