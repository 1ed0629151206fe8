// Follower spikes: jumps in a profile's follower history that organic growth does not explain.
// Computed when a profile is indexed, from the profile alone (docs/analytics.md).
#ifndef MIKROS_ANALYTICS_SPIKES_H
#define MIKROS_ANALYTICS_SPIKES_H

#include "mikros/profile.hpp"

namespace mikros::analytics {

// A follower jump that neither the profile's own history nor its tier explains: some interval's
// monthly growth is more than 5 robust deviations above the median of the other intervals AND
// above the tier's ceiling for organic monthly growth (nano 50%, micro 25%, mid 15%, macro 10%,
// mega 8%). Needs at least three history points.
bool has_spike(const Profile& profile, Tier tier);

}  // namespace mikros::analytics

#endif  // MIKROS_ANALYTICS_SPIKES_H
