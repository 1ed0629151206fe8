// mikros: queries, from a query string (the language documented in docs/query-language.md) or built
// in code.
#ifndef MIKROS_QUERY_HPP
#define MIKROS_QUERY_HPP

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mikros/export.hpp"
#include "mikros/profile.hpp"
#include "mikros/status.hpp"

namespace mikros {

// Limits that protect a host application from hostile or accidental queries. The first three
// are checked when a query string is parsed (kLimitExceeded, with the position where the limit
// was reached); max_time_ms when any query runs. docs/query-language.md explains each.
// Thread-safety: a plain value type.
struct QueryLimits {
  std::size_t max_length = 4096;  // bytes of query text
  std::size_t max_terms = 64;     // words, phrases' words, tags, filter values, like: seeds
  std::size_t max_depth = 16;     // nesting of parentheses and NOT
  // Time a search may take, in milliseconds from its start: resolving like: seeds, compiling,
  // a brand's ranking, the match and its counting (exact totals and facet counts), over every
  // attempt (a retry after a writer's commit does not restart it); 0 means no limit. Default
  // 1000. Checked before the match and as matches are found: when it runs out the search fails
  // with kLimitExceeded, or returns the best hits among the matches found in time, flagged
  // `timed_out`, when SearchOptions::partial_on_timeout is set.
  double max_time_ms = 1000;
};

// A numeric interval; a missing bound is open. Bounds are inclusive unless marked otherwise.
// Thread-safety: a plain value type.
struct NumericRange {
  std::optional<double> min;
  std::optional<double> max;
  bool min_inclusive = true;
  bool max_inclusive = true;

  static NumericRange between(double lo, double hi) { return {lo, hi, true, true}; }
  static NumericRange at_least(double lo) { return {lo, std::nullopt, true, true}; }
  static NumericRange above(double lo) { return {lo, std::nullopt, false, true}; }
  static NumericRange at_most(double hi) { return {std::nullopt, hi, true, true}; }
  static NumericRange below(double hi) { return {std::nullopt, hi, true, false}; }
};

// Numeric fields that ranges apply to.
enum class NumericField {
  kFollowers,       // followers:
  kEngagementRate,  // er: (a fraction; "3%" in the language)
  kGrowth,          // growth: monthly follower growth (fraction)
  kAuthenticity,    // auth: 0..1
  kPrice,           // price: USD per post
};

enum class SortOrder {
  kRelevance,   // text relevance; filter-only queries fall back to followers
  kFollowers,   // most followers first
  kEngagement,  // highest engagement rate first
  kGrowth,      // fastest growth first
  kAlignment,   // with a brand: alignment plus text relevance (the default when a brand is set)
  kAudience,    // largest share of one audience first (Query::sort_by_audience)
};

// One share of a creator's audience, as aud.country:US, aud.age:18-34 and aud.gender:female
// name it. Thread-safety: a plain value type.
struct AudienceShare {
  AudienceField field = AudienceField::kCountry;
  // kCountry: an ISO 3166-1 code (or an English name); kAge: a range of whole standard bands
  // ("18-24", "18-34", "55+"); kGender: "female" or "male".
  std::string value;
};

// What a profile gives, for has: filters.
enum class Presence {
  kContact,            // has:contact
  kPrice,              // has:price (a price per post)
  kAudience,           // has:audience (audience countries, age bands or gender shares)
  kAudienceCountries,  // has:aud.country
  kAudienceAge,        // has:aud.age
  kAudienceGender,     // has:aud.gender
};

// A query: a tree of clauses. Builder calls AND a clause onto the query and return *this.
// Thread-safety: a value type; a built Query may be searched from many threads at once.
class MIKROS_EXPORT Query {
 public:
  // Matches every profile.
  Query();

  // Parses the query language. Errors: kQuerySyntax with the byte position and what was
  // expected ("at 4: expected a number or percentage"), kLimitExceeded.
  static Result<Query> parse(std::string_view text, const QueryLimits& limits = {});

  // Free text; every word must match (analysed as at indexing).
  Query& words(std::string_view text);
  // The words in this order, next to each other.
  Query& phrase(std::string_view text);
  // Profiles that contain none of these words / not this phrase.
  Query& exclude_words(std::string_view text);
  Query& exclude_phrase(std::string_view text);
  Query& hashtag(std::string_view tag);     // '#' optional
  Query& mention(std::string_view handle);  // '@' optional
  // Facets: a profile passes when it has any of the values.
  Query& tiers(const std::vector<Tier>& any_of);
  Query& countries(const std::vector<std::string>& any_of);  // ISO 3166-1 alpha-2
  Query& platforms(const std::vector<std::string>& any_of);
  Query& languages(const std::vector<std::string>& any_of);  // ISO 639-1
  Query& categories(const std::vector<std::string>& any_of);
  Query& range(NumericField field, const NumericRange& range);
  // Engagement judged against peers: a profile passes when its label is any of these.
  Query& engagement(const std::vector<EngagementLabel>& any_of);
  // Audience shares: a profile passes when its stored share (to 1/250: docs/query-language.md)
  // of any of `any_of` lies in `share` (fractions, 0 to 1). kAge and kGender take one value.
  // A profile without that audience data never passes. Values the language would refuse (an
  // unknown code, a band boundary inside a band, a share outside 0..1) make the search fail
  // with kInvalidArgument.
  Query& audience(AudienceField field, const std::vector<std::string>& any_of,
                  const NumericRange& share);
  // The profile's city is any of these (compared with case and accents folded).
  Query& cities(const std::vector<std::string>& any_of);
  // Past branded content with any of these brands (names folded as brand: folds them); "*"
  // alone: with any brand.
  Query& sponsored(const std::vector<std::string>& any_of);
  // The profile gives any of these.
  Query& has(const std::vector<Presence>& any_of);
  // Lookalikes: profiles whose bio and hashtags resemble those of the profile `key`
  // ("platform:handle", or "@handle" when the handle exists on one platform only), ranked by
  // similarity; the seed itself is left out. Searching fails with kNotFound when no profile
  // has the key, and with kInvalidArgument when "@handle" is on several platforms.
  Query& like(std::string_view key);

  // Boolean combinations of whole queries (sort and limit of the parts are ignored).
  static Query any_of(const std::vector<Query>& queries);
  static Query all_of(const std::vector<Query>& queries);
  static Query negate(const Query& query);

  Query& sort(SortOrder order);
  // Largest share of `share` first (SortOrder::kAudience); profiles without that audience data
  // last; equal shares by followers.
  Query& sort_by_audience(const AudienceShare& share);
  Query& limit(std::size_t n);
  // Ranks by the fit with the stored brand `name` (see brand.hpp, Database::put_brand).
  Query& brand(std::string_view name);

  SortOrder sort_order() const;
  // The share of sort_by_audience (set when sort_order() is kAudience).
  const std::optional<AudienceShare>& audience_sort() const;
  std::optional<std::size_t> result_limit() const;
  // The brand named by brand: or brand(); empty when none.
  const std::string& brand_name() const;
  // A readable, canonical form of the query (for logs and `explain`).
  std::string describe() const;

  // Internal representation, shared with the parser and the compiler. Not part of the API.
  struct Node;
  const std::shared_ptr<const Node>& root() const { return root_; }
  static Query from_root(std::shared_ptr<const Node> root);

 private:
  void and_clause(std::shared_ptr<const Node> clause);
  std::shared_ptr<const Node> root_;
  SortOrder sort_ = SortOrder::kRelevance;
  std::optional<AudienceShare> audience_sort_;
  std::optional<std::size_t> limit_;
  std::string brand_;
};

}  // namespace mikros

#endif  // MIKROS_QUERY_HPP
