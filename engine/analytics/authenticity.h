// The authenticity of a profile's audience (share of real followers, 0..1): the figure the
// profile states, else an estimate from its own signals (docs/analytics.md).
#ifndef MIKROS_ANALYTICS_AUTHENTICITY_H
#define MIKROS_ANALYTICS_AUTHENTICITY_H

#include <optional>
#include <string>
#include <utility>

#include "mikros/profile.hpp"

namespace mikros::analytics {

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
// inhuman posting rates. The weights are in authenticity.cpp beside each signal.
double estimate_authenticity(const AuthenticitySignals& signals);

// audience.authenticity when given, else the estimate (second = true when estimated).
std::pair<double, bool> authenticity(const Profile& profile, Tier tier, bool spike);

}  // namespace mikros::analytics

#endif  // MIKROS_ANALYTICS_AUTHENTICITY_H
