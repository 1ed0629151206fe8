// `mikros evaluate authenticity`: the cross-set validation of the authenticity model, computed
// by the engine (through its public API) on the labelled sets (labelled_sets.h). Each Instagram
// set is scored by the model trained on the other set only (the held-out models of the model
// file), for each pattern of available counts, beside the best single feature of that set;
// tools/train/train_authenticity.py prints the same table from the same data.
#ifndef MIKROS_TOOLS_EVAL_AUTHENTICITY_EVAL_H
#define MIKROS_TOOLS_EVAL_AUTHENTICITY_EVAL_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "mikros/analytics.hpp"
#include "mikros/status.hpp"

namespace mikros::tools {

struct EvalOptions {
  int bootstrap = 2000;     // stratified resamples for each interval
  std::uint64_t seed = 18;  // of the resampling
};

// A ROC AUC and its bootstrap 95% interval (2.5th and 97.5th percentiles).
struct AucInterval {
  double auc = 0;
  double low = 0;
  double high = 0;
};

// One row of the cross-set table.
struct CrossSetRow {
  std::string test_set;    // "InstaFake", "SRF"
  std::string trained_on;  // the other set
  std::string given;       // "following+posts", "posts (no following)", ...
  std::size_t real = 0, fake = 0;
  AucInterval model;
  std::string best_feature;  // "follower/following ratio", "posts", ...
  AucInterval best;
  double brier = 0;  // of the model's P(real)
  bool met = false;  // model AUC >= best single feature's AUC - 0.01 (the target)
};

// The automation model on the Twitter bot set, per pattern. In-sample: the shipped model was
// trained on this whole set (the training script gives cross-validated figures).
struct AutomationRow {
  std::string given;
  std::size_t bots = 0, humans = 0;
  AucInterval auc;
  double bots_flagged = 0;    // share of bots above the flag's threshold
  double humans_flagged = 0;  // share of humans above it
};

struct AuthenticityReport {
  AuthenticityModelInfo model;
  EvalOptions options;
  std::vector<CrossSetRow> cross_set;
  std::vector<AutomationRow> automation;  // empty when the Twitter set is absent
  std::string note;                       // why automation was not measured, when it was not
};

// Reads the labelled sets under `dir` and measures the model on them. The Instagram sets are
// required (kNotFound naming each missing file); the Twitter set is optional.
Result<AuthenticityReport> evaluate_authenticity(const std::string& dir,
                                                 const EvalOptions& options = {});

// ROC AUC of `scores` where positive[i] marks the positive class (ties count half); NaN when a
// class is empty.
double roc_auc(const std::vector<double>& scores, const std::vector<bool>& positive);

}  // namespace mikros::tools

#endif  // MIKROS_TOOLS_EVAL_AUTHENTICITY_EVAL_H
