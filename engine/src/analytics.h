// Influencer analytics: per-profile signals computed at indexing (growth spikes, estimated
// authenticity) and engagement judged against peers (per platform and tier), computed from the
// indexed corpus with published figures as the fallback for thin bands.
//
// The formulas are documented in README.md ("Analytics"); the constants below are the ones it
// names.
#ifndef MIKROS_ENGINE_ANALYTICS_H
#define MIKROS_ENGINE_ANALYTICS_H

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "facets.h"
#include "mikros/profile.hpp"

namespace mikros {

class Columns;
struct FacetRow;

namespace analytics {

// ---- per-profile signals (corpus-independent, computed when a profile is indexed) ----

// A follower jump that neither the profile's own history nor its tier explains: some interval's
// monthly growth is more than 5 robust deviations above the median of the other intervals AND
// above the tier's ceiling for organic monthly growth (nano 50%, micro 25%, mid 15%, macro 10%,
// mega 8%). Needs at least three history points.
bool has_spike(const Profile& profile, Tier tier);

// Inputs of the authenticity estimate, so that data outside the profile schema (labelled
// evaluation sets) can be scored by the same formula.
struct AuthenticitySignals {
  double followers = 0;
  std::optional<double> following;
  std::optional<double> posts;
  std::string handle, name, bio;
  bool spike = false;
  // Engagement rate against the published median of the profile's band: nullopt when unknown.
  std::optional<double> er_vs_median;
  std::optional<double> posts_per_week;
};

// Estimated share of real followers (0..1) from the profile's own signals: a logistic score of
// reach, mass following, follow-back ratio, inactivity, broadcasting to nobody, declared
// automation, generated handles, an empty bio, follower spikes, engagement far from peers and
// inhuman posting rates. The weights are in analytics.cpp beside each signal.
double estimate_authenticity(const AuthenticitySignals& signals);

// audience.authenticity when given, else the estimate (second = true when estimated).
std::pair<double, bool> authenticity(const Profile& profile, Tier tier, bool spike);

// ---- peers ----

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

#endif  // MIKROS_ENGINE_ANALYTICS_H
