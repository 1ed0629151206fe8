// mikros: brand profiles, which turn a search into a ranking of the creators that fit a brand.
// corpus/BRANDS.md documents the JSON form; corpus/brands/ has examples.
#ifndef MIKROS_BRAND_HPP
#define MIKROS_BRAND_HPP

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mikros/export.hpp"
#include "mikros/profile.hpp"
#include "mikros/status.hpp"

namespace mikros {

// Who the brand wants to reach.
// Thread-safety: a plain value type.
struct BrandAudience {
  // Target countries and how much each matters (any positive numbers; a list in the JSON gives
  // every country 1). ISO 3166-1 codes or English names ("United States"); validation turns
  // them into codes.
  std::map<std::string, double> countries;
  // Target age ranges, e.g. "18-24", "18-34", "55+"; validation turns them into the standard
  // bands they cover ("18-34" -> "18-24", "25-34").
  std::vector<std::string> age;
  std::optional<double> female;  // target female share of the audience, 0..1 ("female" is 1)
};

// A hard audience condition of a brand ("require" in the JSON): a search ranked for the brand
// keeps only profiles whose stored share of `value` is at least `min_share`, as the query
// language's aud.country:US>=40% does. Thread-safety: a plain value type.
struct AudienceRequirement {
  AudienceField field = AudienceField::kCountry;
  // kCountry: an ISO code (validation also takes English names); kAge: a range of whole
  // standard bands ("18-34"); kGender: "female" or "male" (also "women", "men").
  std::string value;
  double min_share = 0;  // 0 to 1
};

// How much each part of the alignment counts. Positive parts are in [0, 1] before weighting;
// avoid and competitor are penalties subtracted from the score. Defaults sum to 1 over the
// positive parts. docs/brands.md explains each part.
// Thread-safety: a plain value type.
struct AlignmentWeights {
  double topical = 0.30;       // brand keywords in bio, hashtags and categories
  double values = 0.10;        // brand values in the same text
  double audience = 0.20;      // the creator's audience against the target audience
  double engagement = 0.15;    // peer percentile; suspicious engagement counts as -1
  double authenticity = 0.10;  // share of real followers (given or estimated)
  double affinity = 0.05;      // already mentions the brand, uses its hashtags, or sponsored it
  double budget = 0.10;        // price per post within the budget
  double avoid = 0.30;         // penalty: words that clash with the brand
  double competitor = 0.20;    // penalty: mentions or sponsored content of competitors
  // Points per unit of BM25 text relevance in the ranking (score = alignment points +
  // relevance x BM25). Low, so that the query's words pick the candidates and break ties while
  // the fit decides: a profile that repeats the query's words does not outrank a better fit.
  // 0.01 to 100.
  double relevance = 0.25;
};

// A brand profile. Thread-safety: a plain value type.
struct Brand {
  std::string name;                      // required; brand:NAME finds it (case-insensitive)
  std::string handle;                    // the brand's own account, without '@'
  std::vector<std::string> hashtags;     // branded hashtags, without '#'
  std::vector<std::string> keywords;     // the brand's niche: words, phrases or #hashtags
  std::vector<std::string> values;       // what the brand stands for
  std::vector<std::string> avoid;        // words that clash with the brand
  std::vector<std::string> competitors;  // names or handles
  BrandAudience audience;
  // Conditions every creator must meet, all of them (unlike `audience`, which weighs the fit).
  std::vector<AudienceRequirement> require;
  std::optional<double> budget_usd;  // the most it pays per post
  AlignmentWeights weights;
};

// The functions below are safe to call from any thread.
// Parses and validates a brand from JSON. Errors name the field, as for profiles.
MIKROS_EXPORT Result<Brand> parse_brand(std::string_view json);
// Checks and normalises a brand built in code (the same rules as parse_brand).
MIKROS_EXPORT Status validate_brand(Brand& brand);
// The brand as JSON (every field, weights included).
MIKROS_EXPORT std::string to_json(const Brand& brand);

}  // namespace mikros

#endif  // MIKROS_BRAND_HPP
