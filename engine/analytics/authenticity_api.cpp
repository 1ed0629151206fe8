// The public face of authenticity (mikros/analytics.hpp).
#include <fmt/format.h>

#include "analytics/authenticity.h"
#include "analytics/spikes.h"
#include "mikros/analytics.hpp"

namespace mikros {

AuthenticityEstimate estimate_authenticity(const Profile& profile, const TierBoundaries& tiers) {
  const Tier tier = tier_for(profile.followers, tiers);
  return analytics::profile_authenticity(profile, tier, analytics::has_spike(profile, tier), true);
}

AuthenticityModelInfo authenticity_model_info() {
  const auto& m = analytics::authenticity_model();
  AuthenticityModelInfo info;
  info.version = m.version;
  info.trained_by = m.trained_by;
  for (const auto& [name, set] : m.held_out) info.held_out.push_back(name);
  return info;
}

Result<AuthenticityEstimate> score_labelled_account(const LabelledAccount& account,
                                                    std::string_view trained_on) {
  const auto& m = analytics::authenticity_model();
  if (trained_on.empty()) return analytics::estimate(account, {}, true, m);
  for (const auto& [name, set] : m.held_out) {
    if (name != trained_on) continue;
    return analytics::estimate(account, {}, true, m, &set);
  }
  return Status::not_found(
      fmt::format("no authenticity model trained on \"{}\" alone", trained_on));
}

}  // namespace mikros
