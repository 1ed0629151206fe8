// The authenticity model file, corpus/models/authenticity.json, which the build turns into a
// source of this layer (model_files.h): logistic models per pattern of available counts for
// two questions (is the account real? is it automated?), the held-out models of the cross-set
// validation and the hand-set adjustments. tools/train/train_authenticity.py writes it;
// docs/analytics.md describes the method. Nothing is trained at run time.
#ifndef MIKROS_ANALYTICS_AUTHENTICITY_MODEL_H
#define MIKROS_ANALYTICS_AUTHENTICITY_MODEL_H

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mikros/analytics.hpp"
#include "mikros/status.hpp"

namespace mikros::analytics {

// The features the models use; tools/train/authenticity_sets.py gives the same formulas.
enum class Feature : std::uint8_t {
  kLogFollowers,         // log10(followers + 1)
  kLogFollowRatio,       // log10(followers + 1) - log10(following + 1)      needs following
  kLogPosts,             // log10(posts + 1)                                  needs posts
  kHandleDigits,         // ln(1 + ASCII digits in the handle)
  kLogFollowing,         // log10(following + 1)                              needs following
  kLogPostsPerFollower,  // log10(posts + 1) - log10(followers + 1)          needs posts
  kDeclaredAutomation,   // 1 when declares_automation(handle, name, bio), else 0
};

// One logistic model: logit = intercept + sum(coef[i] * x[i]).
struct PatternModel {
  std::string pattern;  // "following+posts", "following", "posts", "none"
  bool needs_following = false;
  bool needs_posts = false;
  std::vector<Feature> features;
  std::vector<std::string> names;  // the features as the file names them
  std::vector<double> coef;
  std::vector<double> mean;  // training means: contribution i = coef[i] * (x[i] - mean[i])
  double intercept = 0;
  double flag_threshold = 1;  // automation models: flagged when P > this

  bool applies(const LabelledAccount& account) const;
};

// The models of one question, one per pattern, in the order they are tried.
struct ModelSet {
  std::vector<PatternModel> patterns;  // the last one needs no optional count
  const PatternModel& choose(const LabelledAccount& account) const;
};

// A hand-set adjustment: log-odds added when its condition (against `threshold`) holds.
struct Adjustment {
  double threshold = 0;
  double logit = 0;
};

struct AuthenticityModel {
  int version = 0;
  std::string trained_by;
  ModelSet authenticity;  // P(real), trained on the Instagram sets pooled
  ModelSet automation;    // P(automated), trained on the Twitter bot set
  // The authenticity models trained on one set only (set name, models).
  std::vector<std::pair<std::string, ModelSet>> held_out;
  Adjustment follower_spike;              // a follower spike
  Adjustment engagement_far_above_peers;  // ER / published band median >= threshold
  Adjustment engagement_far_below_peers;  // ER / published band median < threshold
  Adjustment inhuman_posting_rate;        // posts per week > threshold
};

// Parses a model file. Errors: kCorruption naming what is wrong.
Result<AuthenticityModel> parse_authenticity_model(std::string_view json);

// The built-in model, parsed on first use (thread-safe). A built-in file that does not parse is
// a defect of the build (the tests parse it): the process stops with a message.
const AuthenticityModel& authenticity_model();

// The account says it is automated: the handle starts with "bot" or ends with "bot"/"bots", or
// a word of handle, name or bio is "bot", "bots", "automated" or "ebooks" (ASCII letters only;
// "robot" and "bottle" do not count).
bool declares_automation(std::string_view handle, std::string_view name, std::string_view bio);

// The value of `feature` for `account`. REQUIRES: the counts the feature needs are present.
double feature_value(Feature feature, const LabelledAccount& account);

// "followers per account followed", "posts", ...
std::string_view feature_label(Feature feature);

// logit = intercept + sum(coef[i] * x[i]) for `account`.
double model_logit(const PatternModel& model, const LabelledAccount& account);

// The model's logit explained: its baseline (intercept + sum(coef * mean)) and one
// contribution per feature, which add up to the logit.
double explain_logit(const PatternModel& model, const LabelledAccount& account,
                     std::vector<AuthenticityContribution>* contributions);

}  // namespace mikros::analytics

#endif  // MIKROS_ANALYTICS_AUTHENTICITY_MODEL_H
