#include "pictures.h"

#include <algorithm>
#include <cmath>

namespace mikros::cli {

std::string sparkline(const std::vector<double>& values) {
  static const char* const kLevels[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  if (values.empty()) return {};
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  std::string out;
  for (double v : values) {
    const double t = *hi > *lo ? (v - *lo) / (*hi - *lo) : 0.5;
    out += kLevels[static_cast<int>(std::lround(t * 7))];
  }
  return out;
}

std::string bar(double fraction, std::size_t width) {
  // Partial blocks from one eighth to seven eighths of a column.
  static const char* const kPartial[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  const double f = std::clamp(std::isnan(fraction) ? 0.0 : fraction, 0.0, 1.0);
  const auto eighths = static_cast<std::size_t>(std::lround(f * static_cast<double>(width) * 8));
  std::string out;
  std::size_t used = eighths / 8;
  for (std::size_t i = 0; i < used; ++i) out += "█";
  if (eighths % 8) {
    out += kPartial[eighths % 8];
    ++used;
  }
  out.append(width > used ? width - used : 0, ' ');
  return out;
}

}  // namespace mikros::cli
