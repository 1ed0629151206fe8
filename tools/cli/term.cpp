#include "term.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace mikros::cli {

bool stdout_is_terminal() {
  return ::isatty(STDOUT_FILENO) == 1;
}
bool stderr_is_terminal() {
  return ::isatty(STDERR_FILENO) == 1;
}

std::size_t terminal_width() {
  if (const char* cols = std::getenv("COLUMNS")) {
    int n = std::atoi(cols);
    if (n >= 20) return static_cast<std::size_t>(n);
  }
  struct winsize ws {};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20) return ws.ws_col;
  return 100;
}

std::size_t output_width() {
  return stdout_is_terminal() ? terminal_width() : std::numeric_limits<std::size_t>::max();
}

namespace {

ColourMode g_colour_mode = ColourMode::kAuto;

}  // namespace

void set_colour_mode(ColourMode mode) {
  g_colour_mode = mode;
}

bool use_colour() {
  if (g_colour_mode != ColourMode::kAuto) return g_colour_mode == ColourMode::kAlways;
  const char* no_colour = std::getenv("NO_COLOR");
  return stdout_is_terminal() && (no_colour == nullptr || *no_colour == '\0');
}

bool use_pictures() {
  return use_colour();
}

namespace {

int char_width(UChar32 c) {
  if (c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F)) return 0;  // ZWJ, variation selectors
  int8_t type = u_charType(c);
  if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) return 0;
  int eaw = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  if (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH) return 2;
  if (u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION)) return 2;
  return 1;
}

}  // namespace

std::size_t display_width(std::string_view s) {
  std::size_t width = 0;
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    width += c < 0 ? 1 : static_cast<std::size_t>(char_width(c));
  }
  return width;
}

std::string truncate_to_width(std::string_view s, std::size_t width) {
  if (display_width(s) <= width) return std::string(s);
  if (width == 0) return {};
  std::string out;
  std::size_t used = 0;
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    std::size_t w = c < 0 ? 1 : static_cast<std::size_t>(char_width(c));
    if (used + w > width - 1) break;  // keep one column for the ellipsis
    out.append(s.substr(start, i - start));
    used += w;
  }
  return out + "…";
}

std::string single_line(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? ' ' : c;
  }
  return out;
}

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

std::string group_thousands(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string compact_count(double n) {
  if (n < 1'000) return fmt::format("{:.0f}", n);
  if (n < 1'000'000) return fmt::format("{:.1f}K", n / 1e3);
  if (n < 1'000'000'000) return fmt::format("{:.1f}M", n / 1e6);
  return fmt::format("{:.1f}B", n / 1e9);
}

std::string percent(double fraction, int decimals) {
  return fmt::format("{:.{}f}%", fraction * 100, decimals);
}

std::string Style::bold(std::string_view s) const {
  return enabled ? fmt::format("\033[1m{}\033[0m", s) : std::string(s);
}
std::string Style::dim(std::string_view s) const {
  return enabled ? fmt::format("\033[2m{}\033[0m", s) : std::string(s);
}
std::string Style::accent(std::string_view s) const {
  return enabled ? fmt::format("\033[36m{}\033[0m", s) : std::string(s);
}

void Table::print(std::ostream& out, std::size_t max_width, const Style& style) const {
  std::size_t n = columns.size();
  std::vector<std::size_t> width(n, 0);
  for (std::size_t c = 0; c < n; ++c) width[c] = display_width(columns[c].header);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < n && c < row.size(); ++c) {
      width[c] = std::max(width[c], display_width(row[c]));
    }
  }
  // Shrink the widest shrinkable column until the table fits (two spaces between columns).
  auto total = [&] {
    std::size_t t = n ? 2 * (n - 1) : 0;
    for (auto w : width) t += w;
    return t;
  };
  while (total() > max_width) {
    std::size_t widest = n;
    for (std::size_t c = 0; c < n; ++c) {
      if (columns[c].shrinkable && width[c] > 8 && (widest == n || width[c] > width[widest])) {
        widest = c;
      }
    }
    if (widest == n) break;
    --width[widest];
  }
  auto cell = [&](std::string_view text, std::size_t c) {
    std::string t = truncate_to_width(text, width[c]);
    std::string pad(width[c] - display_width(t), ' ');
    return columns[c].right ? pad + t : t + pad;
  };
  std::string line;
  for (std::size_t c = 0; c < n; ++c) {
    if (c) line += "  ";
    line += cell(columns[c].header, c);
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  out << style.bold(line) << '\n';
  for (const auto& row : rows) {
    line.clear();
    for (std::size_t c = 0; c < n; ++c) {
      if (c) line += "  ";
      line += cell(c < row.size() ? row[c] : std::string(), c);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  }
}

}  // namespace mikros::cli
