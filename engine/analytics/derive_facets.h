// The facets record of a profile: its own fields and metrics, plus the judgements analytics
// makes of it when it is indexed (follower spikes, estimated authenticity, automation).
#ifndef MIKROS_ANALYTICS_DERIVE_FACETS_H
#define MIKROS_ANALYTICS_DERIVE_FACETS_H

#include <cstdint>

#include "mikros/profile.hpp"
#include "model/facets.h"

namespace mikros {

// The facets of `profile` as written by commit generation `generation`.
FacetRecord derive_facets(const Profile& profile, const TierBoundaries& tiers,
                          std::uint64_t generation);

}  // namespace mikros

#endif  // MIKROS_ANALYTICS_DERIVE_FACETS_H
