// Numbers as people write them in data exports and queries: "12.5", "10k", "1.5M", "2B". One
// parser, so that "409.8M" in a CSV, followers:10k in a query and --tiers 5k,50k,500k,1M read
// alike.
#ifndef MIKROS_MODEL_NUMBERS_H
#define MIKROS_MODEL_NUMBERS_H

#include <optional>
#include <string_view>

namespace mikros {

// Why a number did not parse.
enum class NumberError { kNotANumber, kOutOfRange };

// Digits with an optional fraction ("12", "3.5", ".5"), times 10^exponent: the double nearest
// the decimal value (strtod of the shifted literal, so "3.5" with exponent -2 is exactly the
// double "0.035" parses to). nullopt for anything else, signs and spaces included, and for
// values out of a double's range; `error` (optional) then says which.
std::optional<double> parse_decimal(std::string_view digits, int exponent = 0,
                                    NumberError* error = nullptr);

// A count: a decimal with an optional k, M or B suffix (either case): "10k" -> 10000,
// "1.5M" -> 1500000. Not rounded.
std::optional<double> parse_count(std::string_view text, NumberError* error = nullptr);

}  // namespace mikros

#endif  // MIKROS_MODEL_NUMBERS_H
