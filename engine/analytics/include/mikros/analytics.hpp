// mikros: the authenticity of a profile's audience and whether the account is automated, with
// the parts each figure is made of (docs/analytics.md).
#ifndef MIKROS_ANALYTICS_HPP
#define MIKROS_ANALYTICS_HPP

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mikros/export.hpp"
#include "mikros/profile.hpp"
#include "mikros/status.hpp"

namespace mikros {

// One part of an authenticity estimate, in log-odds of the account being real.
// Thread-safety: a plain value type.
struct AuthenticityContribution {
  // A feature of the learned model ("log_follow_ratio", "log_posts", "handle_digits",
  // "log_followers") or a hand-set adjustment ("follower_spike", "engagement_far_above_peers",
  // "engagement_far_below_peers", "inhuman_posting_rate").
  std::string name;
  std::string label;    // in words: "followers per account followed", "follower spike", ...
  double value = 0;     // the feature's value for this profile (log10 or ln; 1 for an adjustment)
  double logit = 0;     // feature: coef × (value − the training accounts' mean); adjustment: its
                        // log-odds
  bool learned = true;  // false: a hand-set adjustment (not learned; no labelled data for it)
};

// A profile's authenticity (share of real followers, 0..1) and how it came about.
// Thread-safety: a plain value type.
struct AuthenticityEstimate {
  // The figure mikros uses (`auth:`, `authenticity` in JSON, brand alignment): the profile's
  // stated audience.authenticity when it gives one, else `estimate`.
  double value = 0;
  bool estimated = true;  // false: `value` is the profile's stated figure
  // mikros's estimate, computed whether or not the profile states a figure: the model's
  // P(real account) after the adjustments, 1 / (1 + e^-logit).
  double estimate = 0;
  // The model used, by the counts the profile gives: "following+posts", "following", "posts"
  // or "none" (followers only).
  std::string pattern;
  // The log-odds of an account with the training accounts' mean features; logit is this plus
  // the sum of the contributions.
  double baseline_logit = 0;
  double logit = 0;
  std::vector<AuthenticityContribution> contributions;  // learned features first
  // Automation, a separate question answered by a separate model (trained on a Twitter set of
  // declared bots); it does not enter the authenticity figures.
  bool automated = false;            // flagged: declared or likely automated
  bool declares_automation = false;  // "bot" in the handle, or bot/automated/ebooks in the text
  // The automation model's score, 0..1. It is calibrated to a training set that was half bots,
  // so compare it with the flag's threshold rather than read it as a probability.
  double automation_score = 0;
};

// The authenticity of `profile`, explained. `tiers` are the database's tier boundaries
// (Database::tiers()); they decide the tier behind the spike and engagement adjustments. The
// model is built into the library and read once, on first use.
// Thread-safety: safe to call from any thread.
MIKROS_EXPORT AuthenticityEstimate estimate_authenticity(const Profile& profile,
                                                         const TierBoundaries& tiers = {});

// An account as a labelled data set gives it: counts and text only.
// Thread-safety: a plain value type.
struct LabelledAccount {
  double followers = 0;
  std::optional<double> following;  // missing: the set does not give it
  std::optional<double> posts;
  std::string handle, name, bio;
  // The number of ASCII digits in the handle, for sets that give the count but not the handle;
  // when missing it is counted from `handle`.
  std::optional<unsigned> handle_digits;
};

// What the built-in model file holds.
// Thread-safety: a plain value type.
struct AuthenticityModelInfo {
  int version = 0;
  std::string trained_by;  // the script and its settings
  // The labelled sets of the held-out models: the same models trained on one set only, so
  // that an evaluation can test each on the set it never saw ("SRF", "InstaFake").
  std::vector<std::string> held_out;
};
// Thread-safety: safe to call from any thread.
MIKROS_EXPORT AuthenticityModelInfo authenticity_model_info();

// Scores a labelled account with the learned models alone (no stated figure, no adjustments):
// `estimate` is P(real), the automation fields as for a profile. `trained_on` empty: the
// shipped model; else the held-out model trained on that set only.
// Errors: kNotFound (no held-out model of that name).
// Thread-safety: safe to call from any thread.
MIKROS_EXPORT Result<AuthenticityEstimate> score_labelled_account(const LabelledAccount& account,
                                                                  std::string_view trained_on = {});

}  // namespace mikros

#endif  // MIKROS_ANALYTICS_HPP
