// Audience shares as mikros stores and filters them: the quantisation of a share, the age ranges
// a filter or a brand requirement may name (whole standard bands), and the gender names. The
// query language (aud.country:, aud.age:, aud.gender:), brand files' "require" and the stored
// facets all read shares through these, so a bound and a stored share round the same way.
#ifndef MIKROS_MODEL_AUDIENCE_H
#define MIKROS_MODEL_AUDIENCE_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mikros/profile.hpp"

namespace mikros {

// Shares are stored in steps of 1/250 (0.4%): the level of a share is round(share x 250).
inline constexpr int kShareLevels = 250;

// The level of a share in [0, 1] (values outside are clamped): std::lround(share * 250), the
// rounding every stored share and every filter bound goes through.
std::uint8_t share_level(double share);

// A contiguous range of the standard age bands (facets.h kAgeBands), first..last inclusive.
struct AgeRange {
  int first = 0;
  int last = 0;
  bool operator==(const AgeRange&) const = default;
};
// The number of contiguous ranges of the six bands (21): each has an index below this.
inline constexpr int kAgeRangeCount = 21;
int age_range_index(AgeRange r);

// An age range whose ends are ends of standard bands: "18-24", "18-34" (18-24 and 25-34),
// "35+" (35-44 up), "55+", "13-17"; a hyphen or an en dash, spaces around it allowed. nullopt
// with the reason in *why (when not null) otherwise, e.g. "20 falls inside the band 18-24".
std::optional<AgeRange> parse_age_range(std::string_view text, std::string* why = nullptr);
// The canonical name of a range: "18-34", "35+" (a range that ends with the last band).
std::string age_range_name(AgeRange r);

enum class Gender : std::uint8_t { kFemale = 0, kMale = 1 };
// "female" (also "women", "woman", "f") or "male" ("men", "man", "m"), in any case.
std::optional<Gender> parse_gender(std::string_view text);
const char* gender_name(Gender g);  // "female", "male"

// The query language's name of a dimension: "aud.country", "aud.age", "aud.gender".
const char* audience_field_name(AudienceField f);
std::optional<AudienceField> parse_audience_field(std::string_view name);

}  // namespace mikros

#endif  // MIKROS_MODEL_AUDIENCE_H
