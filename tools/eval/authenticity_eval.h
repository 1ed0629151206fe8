// Evaluation of the authenticity estimate on the labelled sets in ../shared/corpus-sources:
// SRF Data's hand-labelled fake Instagram followers and the Twitter bot/human profiles.
#ifndef MIKROS_TOOLS_AUTHENTICITY_EVAL_H
#define MIKROS_TOOLS_AUTHENTICITY_EVAL_H

#include <cstddef>
#include <string>
#include <vector>

#include "mikros/status.hpp"

namespace mikros::tools {

struct EvalSet {
  std::string name;
  std::size_t real = 0;
  std::size_t fake = 0;
  // Probability that a random real account scores above a random fake one (ties count half).
  double roc_auc = 0;
};

// Scores every account of the labelled sets under `corpus_sources` with
// analytics::estimate_authenticity and returns the ROC AUC of each set.
Result<std::vector<EvalSet>> evaluate_authenticity(const std::string& corpus_sources);

// ROC AUC of scores where labels[i] is true for a real account.
double roc_auc(const std::vector<double>& scores, const std::vector<bool>& real);

}  // namespace mikros::tools

#endif  // MIKROS_TOOLS_AUTHENTICITY_EVAL_H
