#include "model/codes.h"

#include <unicode/locid.h>
#include <unicode/uloc.h>
#include <unicode/unistr.h>

#include <cctype>
#include <set>
#include <unordered_map>

#include "mikros/profile.hpp"
#include "util/text_util.h"

namespace mikros::codes {
namespace {

struct Tables {
  std::set<std::string, std::less<>> countries;                  // uppercase
  std::set<std::string, std::less<>> languages;                  // lowercase
  std::unordered_map<std::string, std::string> country_by_name;  // folded name -> code
  std::unordered_map<std::string, std::string> name_by_country;
};

// Lowercase ASCII letters and digits of `s`, other bytes kept, separators collapsed to one
// space: "Bosnia & Herzegovina" -> "bosnia herzegovina".
std::string fold_name(std::string_view s) {
  std::string out;
  bool space = false;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c >= 0x80) {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += static_cast<char>(std::tolower(c));
    } else {
      space = true;
    }
  }
  return out;
}

// Built once per process from ICU's data, in one pass over its country and language lists.
const Tables& tables() {
  static const Tables t = [] {
    Tables t;
    // ICU lists a few codes that ISO 3166-1 only reserves (Diego Garcia, Ceuta & Melilla,
    // Canary Islands); they are not country codes of their own. XK (Kosovo) is user-assigned
    // but universally used, so it stays.
    static const std::set<std::string_view> kNotIso = {"DG", "EA", "IC"};
    for (const char* const* p = uloc_getISOCountries(); *p; ++p) {
      std::string code(*p);
      if (code.size() != 2 || kNotIso.count(code)) continue;
      t.countries.insert(code);
      icu::UnicodeString display;
      icu::Locale("", code.c_str()).getDisplayCountry(icu::Locale::getEnglish(), display);
      std::string name;
      display.toUTF8String(name);
      t.name_by_country[code] = name;
      t.country_by_name[fold_name(name)] = code;
      t.country_by_name[fold_name(code)] = code;
    }
    for (const char* const* p = uloc_getISOLanguages(); *p; ++p) {
      if (std::string_view(*p).size() == 2) t.languages.insert(*p);
    }
    // ICU lists Tagalog only under its ISO 639-2 code "fil"; "tl" is its ISO 639-1 code.
    t.languages.insert("tl");
    // Names that exports use and ICU's English display names do not.
    static const std::pair<const char*, const char*> kAliases[] = {
        {"USA", "US"},
        {"United States of America", "US"},
        {"UK", "GB"},
        {"Great Britain", "GB"},
        {"England", "GB"},
        {"Scotland", "GB"},
        {"Wales", "GB"},
        {"Northern Ireland", "GB"},
        {"South Korea", "KR"},
        {"Korea", "KR"},
        {"Republic of Korea", "KR"},
        {"North Korea", "KP"},
        {"Russia", "RU"},
        {"Russian Federation", "RU"},
        {"Turkey", "TR"},
        {"Türkiye", "TR"},
        {"Turkiye", "TR"},
        {"Czech Republic", "CZ"},
        {"Vietnam", "VN"},
        {"Viet Nam", "VN"},
        {"Iran", "IR"},
        {"Syria", "SY"},
        {"Laos", "LA"},
        {"Hong Kong", "HK"},
        {"Macau", "MO"},
        {"Macao", "MO"},
        {"Taiwan", "TW"},
        {"Palestine", "PS"},
        {"Ivory Coast", "CI"},
        {"Cote d'Ivoire", "CI"},
        {"Democratic Republic of the Congo", "CD"},
        {"DR Congo", "CD"},
        {"Republic of the Congo", "CG"},
        {"Congo", "CG"},
        {"Burma", "MM"},
        {"Myanmar", "MM"},
        {"Swaziland", "SZ"},
        {"Macedonia", "MK"},
        {"Cape Verde", "CV"},
        {"Cabo Verde", "CV"},
        {"UAE", "AE"},
        {"Bosnia and Herzegovina", "BA"},
        {"Trinidad and Tobago", "TT"},
        {"Antigua and Barbuda", "AG"},
        {"Saint Lucia", "LC"},
        {"Saint Kitts and Nevis", "KN"},
        {"Saint Vincent and the Grenadines", "VC"},
        {"Sao Tome and Principe", "ST"},
        {"Vatican", "VA"},
        {"Holy See", "VA"},
    };
    for (const auto& [name, code] : kAliases) t.country_by_name[fold_name(name)] = code;
    return t;
  }();
  return t;
}

}  // namespace

std::optional<std::string> normalize_country(std::string_view code) {
  if (code.size() != 2) return std::nullopt;
  std::string upper = ascii_upper(code);
  if (upper == "UK") return std::string("GB");
  if (!tables().countries.count(upper)) return std::nullopt;
  return upper;
}

std::optional<std::string> normalize_language(std::string_view code) {
  if (code.size() != 2) return std::nullopt;
  std::string lower = ascii_lower(code);
  if (!tables().languages.count(lower)) return std::nullopt;
  return lower;
}

std::optional<std::string> country_for_name(std::string_view name) {
  const auto& by_name = tables().country_by_name;
  auto it = by_name.find(fold_name(name));
  if (it == by_name.end()) return std::nullopt;
  return it->second;
}

}  // namespace mikros::codes

namespace mikros {

std::string country_name(std::string_view code) {
  const auto& names = codes::tables().name_by_country;
  auto it = names.find(std::string(code));
  return it == names.end() ? std::string(code) : it->second;
}

}  // namespace mikros
