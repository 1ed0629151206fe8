#include "model/numbers.h"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

namespace mikros {

std::optional<double> parse_decimal(std::string_view digits, int exponent, NumberError* error) {
  auto refuse = [&](NumberError why) {
    if (error) *error = why;
    return std::nullopt;
  };
  bool digit = false, dot = false;
  for (char c : digits) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      return refuse(NumberError::kNotANumber);
    }
  }
  if (!digit) return refuse(NumberError::kNotANumber);
  const std::string literal = fmt::format("{}e{}", digits, exponent);
  errno = 0;
  const double v = std::strtod(literal.c_str(), nullptr);
  if (errno == ERANGE || !std::isfinite(v)) return refuse(NumberError::kOutOfRange);
  return v;
}

std::optional<double> parse_count(std::string_view text, NumberError* error) {
  int exponent = 0;
  if (!text.empty()) {
    switch (text.back()) {
      case 'k':
      case 'K':
        exponent = 3;
        break;
      case 'm':
      case 'M':
        exponent = 6;
        break;
      case 'b':
      case 'B':
        exponent = 9;
        break;
    }
    if (exponent != 0) text.remove_suffix(1);
  }
  return parse_decimal(text, exponent, error);
}

}  // namespace mikros
