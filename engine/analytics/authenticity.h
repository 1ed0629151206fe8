// The authenticity of a profile's audience (share of real followers, 0..1): the figure the
// profile states, else mikros's estimate, the learned model's P(real account) for the counts
// the profile gives, with hand-set adjustments for signals no labelled set has (a follower
// spike, engagement far from the peers', an inhuman posting rate); and, as its own flag,
// whether the account is automated (docs/analytics.md).
#ifndef MIKROS_ANALYTICS_AUTHENTICITY_H
#define MIKROS_ANALYTICS_AUTHENTICITY_H

#include <optional>

#include "analytics/authenticity_model.h"
#include "mikros/analytics.hpp"
#include "mikros/profile.hpp"

namespace mikros::analytics {

// The signals of the hand-set adjustments.
struct AdjustmentSignals {
  bool spike = false;
  // Engagement rate against the published median of the profile's band; nullopt when unknown.
  std::optional<double> er_vs_median;
  std::optional<double> posts_per_week;
};

// The counts and text of a profile, as the models read them.
LabelledAccount account_of(const Profile& profile);
// The adjustments' signals of a profile of tier `tier` (`spike`: has_spike's verdict).
AdjustmentSignals adjustment_signals(const Profile& profile, Tier tier, bool spike);

// mikros's estimate for an account: `estimate`, `logit` and the automation fields always;
// `pattern`, `baseline_logit` and `contributions` only when `explain` (indexing needs only
// the figures). `value` is the estimate and `estimated` true: the stated figure is the
// caller's to apply. `authenticity`: other models of the first question than the model's own
// (a held-out set's).
AuthenticityEstimate estimate(const LabelledAccount& account, const AdjustmentSignals& adjust,
                              bool explain, const AuthenticityModel& model = authenticity_model(),
                              const ModelSet* authenticity = nullptr);

// The authenticity of a profile of tier `tier`: audience.authenticity when given, else the
// estimate; with the automation flag. Explained when `explain`.
AuthenticityEstimate profile_authenticity(const Profile& profile, Tier tier, bool spike,
                                          bool explain);

}  // namespace mikros::analytics

#endif  // MIKROS_ANALYTICS_AUTHENTICITY_H
