// ISO code tables (countries, languages) taken from ICU's data, and English country names
// (the public country_name, profile.hpp, reads them too).
#ifndef MIKROS_MODEL_CODES_H
#define MIKROS_MODEL_CODES_H

#include <optional>
#include <string>
#include <string_view>

namespace mikros::codes {

// Uppercase ISO 3166-1 alpha-2 code for `code` (either case; "UK" maps to "GB"), or nullopt.
std::optional<std::string> normalize_country(std::string_view code);
// Lowercase ISO 639-1 code for `code` (either case), or nullopt.
std::optional<std::string> normalize_language(std::string_view code);
// ISO code for an English country name as data exports write it ("United States", "USA",
// "South Korea", "Türkiye"), or nullopt.
std::optional<std::string> country_for_name(std::string_view name);

}  // namespace mikros::codes

#endif  // MIKROS_MODEL_CODES_H
