// The values of the filters that name what a profile gives and its audience's shares, shared by
// the parser, the builder, the compiler and the canonical description (ast.h).
#include <fmt/format.h>

#include "model/codes.h"
#include "query/ast.h"
#include "util/text_util.h"

namespace mikros {

const char* has_name(Presence p) {
  switch (p) {
    case Presence::kContact:
      return "contact";
    case Presence::kPrice:
      return "price";
    case Presence::kAudience:
      return "audience";
    case Presence::kAudienceCountries:
      return "aud.country";
    case Presence::kAudienceAge:
      return "aud.age";
    case Presence::kAudienceGender:
      return "aud.gender";
  }
  return "?";
}

std::optional<Presence> parse_has(std::string_view name) {
  const std::string n = ascii_lower(trim(name));
  for (Presence p :
       {Presence::kContact, Presence::kPrice, Presence::kAudience, Presence::kAudienceCountries,
        Presence::kAudienceAge, Presence::kAudienceGender}) {
    if (n == has_name(p)) return p;
  }
  return std::nullopt;
}

ShareLevels share_levels(const NumericRange& share) {
  ShareLevels l;
  if (share.min) l.lo = share_level(*share.min) + (share.min_inclusive ? 0 : 1);
  if (share.max) l.hi = share_level(*share.max) - (share.max_inclusive ? 0 : 1);
  return l;
}

std::string level_percent(int level) {
  // A level is a multiple of 0.4%: its tenths of a percent are 4 x level, exactly.
  const int tenths = 4 * level;
  if (tenths % 10 == 0) return fmt::format("{}%", tenths / 10);
  return fmt::format("{}.{}%", tenths / 10, tenths % 10);
}

Result<std::string> normalize_audience_value(AudienceField field, std::string_view value) {
  const std::string_view v = trim(value);
  switch (field) {
    case AudienceField::kCountry: {
      auto code = codes::normalize_country(v);
      if (!code) code = codes::country_for_name(v);
      if (!code) {
        return Status::invalid_argument(
            fmt::format("unknown country '{}' (expected an ISO code such as US)", v));
      }
      return *code;
    }
    case AudienceField::kAge: {
      std::string why;
      auto range = parse_age_range(v, &why);
      if (!range) {
        return Status::invalid_argument(fmt::format(
            "unknown age range '{}': {} (the bands are 13-17, 18-24, 25-34, 35-44, 45-54, 55+)", v,
            why));
      }
      return age_range_name(*range);
    }
    case AudienceField::kGender: {
      auto g = parse_gender(v);
      if (!g) {
        return Status::invalid_argument(
            fmt::format("unknown gender '{}' (expected female or male)", v));
      }
      return std::string(gender_name(*g));
    }
  }
  return Status::invalid_argument("unknown audience field");
}

}  // namespace mikros
