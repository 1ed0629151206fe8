// Numeric facets of a profile: the packed record stored in RocksDB's `facets` column family
// (analytics/derive_facets.h fills it from a profile).
#ifndef MIKROS_MODEL_FACETS_H
#define MIKROS_MODEL_FACETS_H

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mikros/profile.hpp"

namespace mikros {

inline constexpr float kNoValue = std::numeric_limits<float>::quiet_NaN();

// Standard audience age bands; a profile's own bands are folded into the one holding their
// lower bound ("18-20" -> "18-24", "65+" -> "55+").
inline constexpr int kAgeBandCount = 6;
inline constexpr const char* kAgeBands[kAgeBandCount] = {"13-17", "18-24", "25-34",
                                                         "35-44", "45-54", "55+"};
// Days since 1970-01-01 of "YYYY-MM-DD" or "YYYY-MM" (as the profile parser validates them);
// nullopt for anything else.
std::optional<long> day_number(const std::string& date);

// Index of the standard band holding an age band written as "NN-NN" or "NN+"; -1 if none.
int standard_age_band(std::string_view band);

// The standard bands an age range overlaps, in order: "18-34" -> {18-24, 25-34}, "65+" ->
// {55+}, "20-22" -> {18-24}. The range is "NN-NN" (a hyphen or an en dash, spaces allowed
// around it) or "NN+". Empty when it is not a range or covers no band ("5-10", "30-20").
std::vector<int> age_bands_covering(std::string_view range);

// Audience shares stored per profile as levels of 1/250 (0.4%; model/audience.h share_level).
inline constexpr std::uint8_t kUnknownShare = 255;
struct AudienceCountry {
  char code[2] = {};       // ISO 3166-1, uppercase
  std::uint8_t share = 0;  // level (x 250)
};
struct AudienceSummary {
  // Every country the profile gives a share for, largest share first (equal shares in code
  // order); empty when it gives none.
  std::vector<AudienceCountry> countries;
  // The largest audience country: countries[0], or the profile's audience.top_country when it
  // gives only that (imported top lists); zeros when unknown.
  char top_country[2] = {};
  std::uint8_t age[kAgeBandCount] = {kUnknownShare, kUnknownShare, kUnknownShare,
                                     kUnknownShare, kUnknownShare, kUnknownShare};
  std::uint8_t female = kUnknownShare;  // level; kUnknownShare when not given
  std::uint8_t male = kUnknownShare;
  bool has_age() const { return age[0] != kUnknownShare; }
  bool has_countries() const { return !countries.empty(); }
  bool has_gender() const { return female != kUnknownShare || male != kUnknownShare; }
};

// The facets of one profile. Fields that a profile does not give are NaN (floats) or 0.
// Engagement judged against peers (percentile, label) is not stored: it depends on the whole
// corpus and is computed from the current generation's benchmarks (analytics.h).
struct FacetRecord {
  Tier tier = Tier::kNano;
  bool spike = false;                   // a follower jump its history and tier do not explain
  bool authenticity_estimated = false;  // true: from the profile's signals, not its audience
  bool automated = false;               // flagged by the automation model (analytics.hpp)
  bool has_contact = false;             // the profile gives a contact
  bool has_sponsored = false;           // it lists sponsored brands
  std::uint64_t followers = 0;
  std::uint32_t following = 0;  // saturating
  std::uint32_t posts = 0;      // saturating
  // The numbers filters and sorts compare: exact, as the profile gives them (version 3).
  double engagement_rate = kNoValue;
  double growth_monthly = kNoValue;
  double authenticity = kNoValue;
  double price_usd = kNoValue;
  float posts_per_week = kNoValue;
  std::uint64_t generation = 0;  // commit that wrote this record
  char country[2] = {0, 0};      // ISO 3166-1, uppercase; zeros when unknown
  char languages[4][2] = {};     // up to four ISO 639-1 codes; zeros when unused
  AudienceSummary audience;
  std::string platform;
  std::string city;  // as the profile writes it (trimmed); empty when unknown
  // The city folded as city: filters compare it (analysis/vocabulary.h city_key): set by the
  // store, which analyses text; derive_facets leaves it empty.
  std::string city_key;
};

// The RocksDB value: a version byte, a fixed little-endian part, the audience countries and the
// platform and city names. Version 3 (format 5); version 2 (format 4) held the four filter
// numbers as floats; version 1 (formats 2 and 3) kept three audience countries, no male share,
// city, contact or sponsors.
std::string encode_facets(const FacetRecord& r);
// Decodes a value written by encode_facets, of any version (an older record gives what
// it holds: a format 3 index being migrated has both); nullopt when it is damaged or of an
// unknown version.
std::optional<FacetRecord> decode_facets(std::string_view bytes);

}  // namespace mikros

#endif  // MIKROS_MODEL_FACETS_H
