#include "analytics/spikes.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "model/facets.h"

namespace mikros::analytics {
namespace {

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// The highest monthly growth that organic audiences reach in a tier; a jump above it needs an
// explanation (a viral post, a feature, bought followers).
double organic_growth_ceiling(Tier tier) {
  switch (tier) {
    case Tier::kNano:
      return 0.50;
    case Tier::kMicro:
      return 0.25;
    case Tier::kMid:
      return 0.15;
    case Tier::kMacro:
      return 0.10;
    case Tier::kMega:
      return 0.08;
  }
  return 0.25;
}

}  // namespace

bool has_spike(const Profile& p, Tier tier) {
  const auto& h = p.follower_history;
  if (h.size() < 3) return false;
  std::vector<double> growth;
  for (std::size_t i = 1; i < h.size(); ++i) {
    auto a = day_number(h[i - 1].date), b = day_number(h[i].date);
    if (!a || !b || *b <= *a || h[i - 1].followers == 0) continue;
    double ratio = static_cast<double>(h[i].followers) / static_cast<double>(h[i - 1].followers);
    double months = std::max(static_cast<double>(*b - *a), 7.0) / 30.4375;
    growth.push_back(std::pow(ratio, 1.0 / months) - 1);
  }
  if (growth.size() < 2) return false;
  const double ceiling = organic_growth_ceiling(tier);
  for (std::size_t j = 0; j < growth.size(); ++j) {
    std::vector<double> others;
    for (std::size_t k = 0; k < growth.size(); ++k) {
      if (k != j) others.push_back(growth[k]);
    }
    double base = median(others);
    std::vector<double> dev;
    for (double g : others) dev.push_back(std::abs(g - base));
    double scale = std::max(1.4826 * median(dev), 0.01);
    if (growth[j] > base + 5 * scale && growth[j] > ceiling) return true;
  }
  return false;
}

}  // namespace mikros::analytics
