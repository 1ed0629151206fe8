#include "eval/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace mikros::tools {
namespace {

// The q-th percentile (0..100) of `v`, linearly interpolated between ranks (numpy's default).
double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q / 100 * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

}  // namespace

double roc_auc(const std::vector<double>& scores, const std::vector<bool>& positive) {
  std::vector<double> negatives;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (!positive[i]) negatives.push_back(scores[i]);
  }
  std::sort(negatives.begin(), negatives.end());
  double wins = 0;
  std::size_t positives = 0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (!positive[i]) continue;
    ++positives;
    auto lo = std::lower_bound(negatives.begin(), negatives.end(), scores[i]);
    auto hi = std::upper_bound(negatives.begin(), negatives.end(), scores[i]);
    wins += static_cast<double>(lo - negatives.begin()) + static_cast<double>(hi - lo) / 2;
  }
  if (positives == 0 || negatives.empty()) return std::nan("");
  return wins / (static_cast<double>(positives) * static_cast<double>(negatives.size()));
}

Bootstrap::Bootstrap(const std::vector<bool>& positive, int replicates, std::uint64_t seed)
    : positive_(positive), replicates_(std::max(replicates, 0)) {
  for (std::size_t i = 0; i < positive.size(); ++i) (positive[i] ? pos_ : neg_).push_back(i);
  std::mt19937_64 rng(seed);
  auto draw = [&](std::size_t n) {
    return static_cast<std::size_t>((static_cast<unsigned __int128>(rng()) * n) >> 64);
  };
  for (int r = 0; r < replicates_; ++r) {
    std::vector<std::uint16_t> p(pos_.size()), n(neg_.size());
    for (std::size_t k = 0; k < pos_.size(); ++k) ++p[draw(pos_.size())];
    for (std::size_t k = 0; k < neg_.size(); ++k) ++n[draw(neg_.size())];
    pos_counts_.push_back(std::move(p));
    neg_counts_.push_back(std::move(n));
  }
}

AucInterval Bootstrap::interval(const std::vector<double>& scores) const {
  AucInterval out;
  out.auc = roc_auc(scores, positive_);
  if (replicates_ == 0 || pos_.empty() || neg_.empty()) {
    out.low = out.high = out.auc;
    return out;
  }
  // The negatives in score order; each positive's range of equal scores among them. A
  // resample's AUC is then one pass over prefix sums of the negatives' draw counts.
  std::vector<std::size_t> order(neg_.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return scores[neg_[a]] < scores[neg_[b]]; });
  std::vector<double> sorted(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) sorted[k] = scores[neg_[order[k]]];
  std::vector<std::size_t> lo(pos_.size()), hi(pos_.size());
  for (std::size_t i = 0; i < pos_.size(); ++i) {
    const double s = scores[pos_[i]];
    lo[i] = static_cast<std::size_t>(std::lower_bound(sorted.begin(), sorted.end(), s) -
                                     sorted.begin());
    hi[i] = static_cast<std::size_t>(std::upper_bound(sorted.begin(), sorted.end(), s) -
                                     sorted.begin());
  }
  const double pairs = static_cast<double>(pos_.size()) * static_cast<double>(neg_.size());
  std::vector<double> aucs;
  std::vector<double> prefix(order.size() + 1);
  for (int r = 0; r < replicates_; ++r) {
    const auto& n = neg_counts_[static_cast<std::size_t>(r)];
    for (std::size_t k = 0; k < order.size(); ++k) prefix[k + 1] = prefix[k] + n[order[k]];
    const auto& p = pos_counts_[static_cast<std::size_t>(r)];
    double wins = 0;
    for (std::size_t i = 0; i < pos_.size(); ++i) {
      if (p[i]) wins += p[i] * (prefix[lo[i]] + (prefix[hi[i]] - prefix[lo[i]]) / 2);
    }
    aucs.push_back(wins / pairs);
  }
  out.low = percentile(aucs, 2.5);
  out.high = percentile(aucs, 97.5);
  return out;
}

}  // namespace mikros::tools
