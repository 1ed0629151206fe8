// mikros: the creator profile model (corpus/SCHEMA.md documents the JSON form).
#ifndef MIKROS_PROFILE_HPP
#define MIKROS_PROFILE_HPP

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mikros/export.hpp"
#include "mikros/status.hpp"

namespace mikros {

// Follower-count tiers. The numeric values are stored on disk: never renumber.
enum class Tier : std::uint8_t { kNano = 0, kMicro = 1, kMid = 2, kMacro = 3, kMega = 4 };
inline constexpr int kTierCount = 5;

// Engagement judged against peers of the same platform and tier (docs/analytics.md). The
// numeric values are part of the API: never renumber.
enum class EngagementLabel : std::uint8_t {
  kUnknown = 0,  // no engagement figures
  kLow = 1,      // below the peers' 25th percentile
  kAverage = 2,
  kHigh = 3,        // at or above the 75th percentile
  kSuspicious = 4,  // far above what real audiences give at this size
};
inline constexpr int kEngagementLabelCount = 5;

// Lower bounds (inclusive) of each tier above nano, in followers.
// Defaults: nano < 5K, micro 5K–50K, mid 50K–500K, macro 500K–1M, mega >= 1M.
// A database records the boundaries it was created with; they apply to all its profiles.
// Thread-safety: a plain value type.
struct TierBoundaries {
  std::uint64_t micro = 5'000;
  std::uint64_t mid = 50'000;
  std::uint64_t macro = 500'000;
  std::uint64_t mega = 1'000'000;

  bool operator==(const TierBoundaries&) const = default;
};

// Tier boundaries as people write them: the lower bounds of micro, mid, macro and mega,
// increasing, as counts ("5k,50k,500k,1M"). Errors (kInvalidArgument) name what is wrong.
MIKROS_EXPORT Result<TierBoundaries> parse_tier_boundaries(std::string_view text);

// The tier of an account with `followers` followers.
MIKROS_EXPORT Tier tier_for(std::uint64_t followers, const TierBoundaries& bounds = {});
// "nano", "micro", "mid", "macro", "mega".
MIKROS_EXPORT std::string_view tier_name(Tier tier);
// Parses a tier name (lowercase); nullopt when unknown.
MIKROS_EXPORT std::optional<Tier> parse_tier(std::string_view name);

// "unknown", "low", "average", "high", "suspicious".
MIKROS_EXPORT std::string_view engagement_label_name(EngagementLabel label);
// Parses a label name (lowercase); nullopt when unknown.
MIKROS_EXPORT std::optional<EngagementLabel> parse_engagement_label(std::string_view name);

// One point of a follower history.
// Thread-safety: a plain value type.
struct FollowerSample {
  std::string date;  // "YYYY-MM-DD" (or "YYYY-MM", taken as the first of the month)
  std::uint64_t followers = 0;
};

// Who follows the creator. Shares are fractions in [0, 1].
// Thread-safety: a plain value type.
struct Audience {
  std::map<std::string, double> countries;  // ISO 3166-1 alpha-2 -> share
  std::map<std::string, double> age;        // "18-24" -> share
  std::optional<double> female;             // gender shares
  std::optional<double> male;
  std::optional<double> authenticity;  // share of real followers
  std::string top_country;             // ISO code of the largest audience country, when only that
                                       // is known (imported top lists)
};

// The parts of an audience that filters, sorting and brand requirements name by share
// (aud.country:, aud.age:, aud.gender: in the query language).
enum class AudienceField : std::uint8_t {
  kCountry,  // the share of the audience in a country (ISO code)
  kAge,      // the share in a range of age bands ("18-34": 18-24 and 25-34)
  kGender,   // the share of women ("female") or of men ("male")
};

// A creator profile. Key: platform + handle (see profile_key()).
// Thread-safety: a plain value type.
struct Profile {
  std::string platform;  // lowercase: instagram, tiktok, youtube, twitter, twitch, ...
  std::string handle;    // without '@', as the creator writes it
  std::string name;
  std::string bio;
  std::vector<std::string> hashtags;  // without '#'
  std::vector<std::string> mentions;  // without '@'
  std::string country;                // ISO 3166-1 alpha-2, uppercase; empty when unknown
  std::string city;
  std::vector<std::string> languages;   // ISO 639-1, lowercase
  std::vector<std::string> categories;  // niche / topic labels
  std::uint64_t followers = 0;
  std::optional<std::uint64_t> following;
  std::optional<std::uint64_t> posts;
  std::optional<double> avg_likes;
  std::optional<double> avg_comments;
  std::optional<double> avg_views;
  std::optional<double> engagement_rate;  // a fraction: 0.034 = 3.4%
  std::vector<FollowerSample> follower_history;
  std::optional<double> posts_per_week;
  Audience audience;
  std::vector<std::string> sponsored;  // brands of past branded content
  std::optional<double> price_usd;     // per post
  std::string contact;
  std::string updated_at;
  // Fields the schema does not know, kept verbatim: (name, JSON text of the value).
  std::vector<std::pair<std::string, std::string>> extra_fields;
};

// "platform:handle", a profile's unique key: the platform in lowercase and the handle with
// Unicode case folding, so that handles compare case-insensitively in every script
// ("Instagram", "Ñandú" -> "instagram:ñandú"). For a platform and handle already validated.
MIKROS_EXPORT std::string profile_key(std::string_view platform, std::string_view handle);
inline std::string profile_key(const Profile& p) {
  return profile_key(p.platform, p.handle);
}

// The key of a profile as a user writes it, in its canonical form: surrounding spaces
// trimmed, one leading '@' of the handle removed, then as profile_key ("Instagram:@Maya" ->
// "instagram:maya"). Every command and API call that takes a key parses it here.
// Errors (kInvalidArgument, naming the part at fault): no ':', an empty platform or handle, a
// platform that is not a platform name (letters, digits, _ . -, at most 32 bytes), a handle
// that starts with '@' after the one removed, holds spaces or control characters, or is longer
// than 100 bytes.
MIKROS_EXPORT Result<std::string> parse_profile_key(std::string_view text);

// Parses and validates one JSON profile (one line of JSONL). On failure the status message
// names the field and the reason, e.g. "followers: expected a non-negative integer".
MIKROS_EXPORT Result<Profile> parse_profile(std::string_view json);

// Checks a profile built in code against the same rules as parse_profile, and normalises it
// (lowercase platform, '@'/'#' stripped, uppercase country, ...).
MIKROS_EXPORT Status validate_profile(Profile& profile);

// The profile as one line of JSON (no trailing newline), unknown fields included.
MIKROS_EXPORT std::string to_json(const Profile& profile);

// True when `code` is an ISO 3166-1 alpha-2 country code (either case). "UK" is accepted as
// an alias for GB by the validator, but is not itself a code.
MIKROS_EXPORT bool is_country_code(std::string_view code);
// True when `code` is an ISO 639-1 language code (either case).
MIKROS_EXPORT bool is_language_code(std::string_view code);
// The English name of a country code ("US" -> "United States"); the code itself when unknown.
MIKROS_EXPORT std::string country_name(std::string_view code);

// Figures of one profile's own fields, as corpus/SCHEMA.md defines them:
// the given engagement_rate, else (avg_likes + avg_comments) / avg_views on video platforms
// (youtube, tiktok, twitch) that give views, else / followers; nullopt with nothing to compute
// from.
MIKROS_EXPORT std::optional<double> engagement_rate(const Profile& profile);
// Compound monthly growth over the follower history (first and last samples at least 7 days
// apart), e.g. 0.02 for +2% a month; nullopt with fewer than two usable samples.
MIKROS_EXPORT std::optional<double> monthly_growth(const Profile& profile);

}  // namespace mikros

#endif  // MIKROS_PROFILE_HPP
