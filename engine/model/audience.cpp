#include "model/audience.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "model/facets.h"
#include "util/text_util.h"

namespace mikros {
namespace {

constexpr int kLower[kAgeBandCount] = {13, 18, 25, 35, 45, 55};
constexpr int kUpper[kAgeBandCount - 1] = {17, 24, 34, 44, 54};  // the last band has none

// The band whose years hold `age`; -1 below the youngest.
int band_holding(int age) {
  int band = -1;
  for (int b = 0; b < kAgeBandCount; ++b) {
    if (age >= kLower[b]) band = b;
  }
  return band;
}

std::string inside(int age) {
  const int b = band_holding(age);
  if (b < 0) return fmt::format("{} is below the youngest band, 13-17", age);
  return fmt::format("{} falls inside the band {}", age, kAgeBands[b]);
}

}  // namespace

std::uint8_t share_level(double share) {
  return static_cast<std::uint8_t>(std::lround(std::clamp(share, 0.0, 1.0) * kShareLevels));
}

int age_range_index(AgeRange r) {
  // Ranges ordered by first band, then last: first f starts after the 6 + 5 + ... ranges of
  // the bands before it.
  int index = 0;
  for (int f = 0; f < r.first; ++f) index += kAgeBandCount - f;
  return index + (r.last - r.first);
}

std::optional<AgeRange> parse_age_range(std::string_view text, std::string* why) {
  auto fail = [&](std::string reason) -> std::optional<AgeRange> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  const std::string_view s = trim(text);
  std::size_t i = 0;
  auto number = [&]() -> int {
    int v = 0;
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3) v = v * 10 + (s[i++] - '0');
    return i > start ? v : -1;
  };
  auto spaces = [&] {
    while (i < s.size() && s[i] == ' ') ++i;
  };
  const int lo = number();
  spaces();
  int hi = -1;
  bool open = false;
  if (lo >= 0 && s.substr(i) == "+") {
    open = true;
    ++i;
  } else if (lo >= 0 && (s.substr(i, 1) == "-" || s.substr(i, 3) == "\u2013")) {
    i += s[i] == '-' ? 1 : 3;
    spaces();
    hi = number();
  }
  if (lo < 0 || (!open && hi < 0) || i != s.size()) {
    return fail("expected an age range such as 18-24, 18-34 or 55+");
  }
  const int first = band_holding(lo);
  if (first < 0 || kLower[first] != lo) return fail(inside(lo));
  AgeRange r{first, kAgeBandCount - 1};
  if (!open) {
    if (hi < lo) return fail(fmt::format("{} is below {}", hi, lo));
    const int last = band_holding(hi);
    if (last == kAgeBandCount - 1) {
      return fail(fmt::format("{} falls inside the band 55+ (write {}+)", hi, lo));
    }
    if (kUpper[last] != hi) return fail(inside(hi));
    r.last = last;
  }
  return r;
}

std::string age_range_name(AgeRange r) {
  if (r.last == kAgeBandCount - 1) return fmt::format("{}+", kLower[r.first]);
  return fmt::format("{}-{}", kLower[r.first], kUpper[r.last]);
}

std::optional<Gender> parse_gender(std::string_view text) {
  const std::string g = ascii_lower(trim(text));
  if (g == "female" || g == "women" || g == "woman" || g == "f") return Gender::kFemale;
  if (g == "male" || g == "men" || g == "man" || g == "m") return Gender::kMale;
  return std::nullopt;
}

const char* gender_name(Gender g) {
  return g == Gender::kFemale ? "female" : "male";
}

const char* audience_field_name(AudienceField f) {
  switch (f) {
    case AudienceField::kCountry:
      return "aud.country";
    case AudienceField::kAge:
      return "aud.age";
    case AudienceField::kGender:
      return "aud.gender";
  }
  return "?";
}

std::optional<AudienceField> parse_audience_field(std::string_view name) {
  const std::string n = ascii_lower(trim(name));
  if (n == "aud.country") return AudienceField::kCountry;
  if (n == "aud.age") return AudienceField::kAge;
  if (n == "aud.gender") return AudienceField::kGender;
  return std::nullopt;
}

}  // namespace mikros
