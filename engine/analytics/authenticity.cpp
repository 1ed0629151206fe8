#include "analytics/authenticity.h"

#include <fmt/format.h>

#include <cmath>

#include "analytics/peers.h"

namespace mikros::analytics {
namespace {

double sigmoid(double logit) {
  return 1 / (1 + std::exp(-logit));
}

// The hand-set adjustments that apply, in log-odds (docs/analytics.md): not learned, since no
// labelled set has engagement, a follower history or a posting rate. Each is added to
// `contributions` when given.
double adjust(const AdjustmentSignals& s, const AuthenticityModel& m,
              std::vector<AuthenticityContribution>* contributions) {
  double total = 0;
  auto add = [&](const Adjustment& a, const char* name, std::string label) {
    total += a.logit;
    if (contributions) contributions->push_back({name, std::move(label), 1, a.logit, false});
  };
  // Bought followers arrive in jumps that the account's own history and tier do not explain.
  if (s.spike) add(m.follower_spike, "follower_spike", "follower spike");
  if (s.er_vs_median) {
    // Far more engagement than real audiences give (engagement pods, bought likes), or
    // followers who never engage (bought followers).
    if (*s.er_vs_median >= m.engagement_far_above_peers.threshold) {
      add(m.engagement_far_above_peers, "engagement_far_above_peers",
          fmt::format("engagement at least {:g}× the published median",
                      m.engagement_far_above_peers.threshold));
    }
    if (*s.er_vs_median < m.engagement_far_below_peers.threshold) {
      add(m.engagement_far_below_peers, "engagement_far_below_peers",
          fmt::format("engagement under {:g}× the published median",
                      m.engagement_far_below_peers.threshold));
    }
  }
  if (s.posts_per_week && *s.posts_per_week > m.inhuman_posting_rate.threshold) {
    add(m.inhuman_posting_rate, "inhuman_posting_rate",
        fmt::format("more than {:g} posts a week", m.inhuman_posting_rate.threshold));
  }
  return total;
}

}  // namespace

LabelledAccount account_of(const Profile& p) {
  LabelledAccount a;
  a.followers = static_cast<double>(p.followers);
  if (p.following) a.following = static_cast<double>(*p.following);
  if (p.posts) a.posts = static_cast<double>(*p.posts);
  a.handle = p.handle;
  a.name = p.name;
  a.bio = p.bio;
  return a;
}

AdjustmentSignals adjustment_signals(const Profile& p, Tier tier, bool spike) {
  AdjustmentSignals s;
  s.spike = spike;
  if (auto er = mikros::engagement_rate(p)) {
    Band band = published_band(p.platform, tier);
    if (band.p50 > 0) s.er_vs_median = *er / band.p50;
  }
  s.posts_per_week = p.posts_per_week;
  return s;
}

AuthenticityEstimate estimate(const LabelledAccount& account, const AdjustmentSignals& signals,
                              bool explain, const AuthenticityModel& m,
                              const ModelSet* authenticity) {
  AuthenticityEstimate e;
  const PatternModel& model = (authenticity ? *authenticity : m.authenticity).choose(account);
  if (explain) {
    e.pattern = model.pattern;
    e.baseline_logit = explain_logit(model, account, &e.contributions);
  }
  e.logit = model_logit(model, account) + adjust(signals, m, explain ? &e.contributions : nullptr);
  e.estimate = sigmoid(e.logit);
  e.value = e.estimate;
  e.estimated = true;
  const PatternModel& automation = m.automation.choose(account);
  e.automation_score = sigmoid(model_logit(automation, account));
  e.automated = e.automation_score > automation.flag_threshold;
  e.declares_automation = declares_automation(account.handle, account.name, account.bio);
  return e;
}

AuthenticityEstimate profile_authenticity(const Profile& p, Tier tier, bool spike, bool explain) {
  AuthenticityEstimate e = estimate(account_of(p), adjustment_signals(p, tier, spike), explain);
  if (p.audience.authenticity) {
    e.value = *p.audience.authenticity;
    e.estimated = false;
  }
  return e;
}

}  // namespace mikros::analytics
