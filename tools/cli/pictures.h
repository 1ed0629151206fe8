// Pictures for a terminal, where people would rather look than read: sparklines of a series and
// bars of a share. Only drawn when Style::pictures is set (a terminal, colour not turned off);
// otherwise the same facts are printed as plain figures.
#ifndef MIKROS_TOOLS_PICTURES_H
#define MIKROS_TOOLS_PICTURES_H

#include <string>
#include <vector>

namespace mikros::cli {

// One block character (▁▂▃▄▅▆▇█) per value, scaled between the series' minimum and maximum;
// a flat series is drawn at mid-height.
std::string sparkline(const std::vector<double>& values);

// A bar of `fraction` (clamped to [0, 1]) of `width` columns, in eighths of a column (█ ▉ … ▏),
// padded with spaces to `width`.
std::string bar(double fraction, std::size_t width);

}  // namespace mikros::cli

#endif  // MIKROS_TOOLS_PICTURES_H
