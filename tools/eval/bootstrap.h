// ROC AUC and its stratified bootstrap interval, for the evaluator (authenticity_eval.h).
#ifndef MIKROS_TOOLS_EVAL_BOOTSTRAP_H
#define MIKROS_TOOLS_EVAL_BOOTSTRAP_H

#include <cstdint>
#include <vector>

#include "eval/authenticity_eval.h"

namespace mikros::tools {

// Stratified bootstrap of one labelled set: positives and negatives resampled separately, with
// the same draws for every score of the set so that intervals are comparable. Deterministic
// for a seed (std::mt19937_64, whose sequence the standard fixes, and a multiply-shift
// reduction to an index).
class Bootstrap {
 public:
  Bootstrap(const std::vector<bool>& positive, int replicates, std::uint64_t seed);

  // AUC of `scores` on the whole set, and the 2.5th and 97.5th percentiles (linearly
  // interpolated, as numpy's) of its AUC over the resamples.
  AucInterval interval(const std::vector<double>& scores) const;

 private:
  std::vector<bool> positive_;
  std::vector<std::size_t> pos_, neg_;  // indices of each class
  int replicates_;
  // Draws per resample: how often each positive (then each negative) was drawn.
  std::vector<std::vector<std::uint16_t>> pos_counts_, neg_counts_;
};

}  // namespace mikros::tools

#endif  // MIKROS_TOOLS_EVAL_BOOTSTRAP_H
