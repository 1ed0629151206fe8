// mikros: the read path. Running queries against a database.
#ifndef MIKROS_SEARCH_HPP
#define MIKROS_SEARCH_HPP

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mikros/analytics.hpp"
#include "mikros/brand.hpp"
#include "mikros/database.hpp"
#include "mikros/export.hpp"
#include "mikros/profile.hpp"
#include "mikros/query.hpp"
#include "mikros/status.hpp"

namespace mikros {

// How to run one search. Plain struct; every field has a documented default.
// Thread-safety: a plain value type.
struct SearchOptions {
  // Hits to return; a `limit:` in the query overrides it. Default 20.
  std::size_t limit = 20;
  // Hits to skip (paging). Default 0.
  std::size_t offset = 0;
  // Count every match so that SearchResult::total is exact. Default true. When false the
  // matcher may stop early and `total` is an estimate (total_exact tells which).
  bool exact_total = true;
  // Fill SearchResult::facets with exact counts over all matches (implies exact counting).
  // Default false.
  bool facets = false;
  // Fill SearchResult::explanation and each hit's score_parts and authenticity_explained.
  // Default false.
  bool explain = false;
  // Rank by the fit with this brand (overrides a brand: in the query). Default: none.
  std::optional<Brand> brand;
  // Fill each hit's engagement label, peer percentile, growth and authenticity. The first
  // search of a generation then loads the facet columns (about half a second per million
  // profiles). Default true.
  bool insights = true;
  // What a search that runs past limits.max_time_ms does: fail with kLimitExceeded (false,
  // the default), or return the hits it ranked with `timed_out` set, `total` an estimate and
  // facet counts covering only the matches counted in time (true).
  bool partial_on_timeout = false;
  // Limits applied when parsing a query string, and the time limit of every search.
  QueryLimits limits;
  // Expand the query by meaning (docs/expansion.md): an unquoted word or run of words that
  // names a niche of the niche vocabulary also matches the niche's other terms, weighted below
  // the words themselves, and category:NICHE also matches the niche's other labels. `=word`
  // keeps one word as written. Default true; false: every word exactly as written.
  bool expand = true;
};

// A related term a query's words were expanded with (SearchOptions::expand).
// Thread-safety: a plain value type.
struct Expansion {
  std::string term;    // the related term, as its source writes it: "thrifted"
  std::string from;    // the query's words it is related to: "eco-friendly"
  std::string source;  // where the relation comes from: "niche" (the niche vocabulary)
  std::string niche;   // source "niche": the niche that relates them
  double weight = 0;   // its weight relative to the query's words (< 1)
};

// One clause's share of a hit's score (BM25 is a sum over the query's terms).
// Thread-safety: a plain value type.
struct ScorePart {
  std::string clause;  // the clause as written in the query: `"slow fashion"`, `#thrift`, ...
  double weight = 0;
};

// One matching profile.
// Thread-safety: a plain value type.
struct Hit {
  std::string key;  // "platform:handle"
  std::string platform;
  std::string handle;
  std::string name;
  double score = 0;  // text relevance (0 for filter-only queries)
  Tier tier = Tier::kNano;
  std::uint64_t followers = 0;
  std::string country;
  std::optional<double> engagement_rate;
  // Insights (SearchOptions::insights): engagement against peers of the same platform and tier.
  EngagementLabel engagement_label = EngagementLabel::kUnknown;
  std::optional<double> engagement_percentile;  // 0..100
  std::optional<double> growth_monthly;         // fraction per month
  bool spike = false;                           // unexplained follower jump
  std::optional<double> authenticity;           // 0..1, given or estimated
  bool automated = false;                       // flagged as automated (analytics.hpp)
  // With a brand: the alignment score (points) and its parts, plus "relevance" (the text score).
  // The parts of `why` add up to `score`.
  std::optional<double> alignment;
  std::vector<std::pair<std::string, double>> why;
  Profile profile;  // the stored profile
  // When SearchOptions::explain: the score's parts, one per scoring clause that matched; they
  // add up to `score`.
  std::vector<ScorePart> score_parts;
  // When SearchOptions::explain: the related terms (not the query's own words) this profile
  // matched through.
  std::vector<Expansion> expansions;
  // When SearchOptions::explain: the profile's authenticity with the part each feature and
  // adjustment plays in it (estimate_authenticity of the stored profile).
  std::optional<AuthenticityEstimate> authenticity_explained;
};

// What a search found.
// Thread-safety: a plain value type.
struct SearchResult {
  std::string query;        // the query as given (or described, for built queries)
  std::string brand;        // the brand the hits are ranked for; empty when none
  std::uint64_t total = 0;  // matching profiles
  bool total_exact = true;  // false when `total` is an estimate
  std::vector<Hit> hits;
  // When SearchOptions::facets: the matches counted by facet, named as the query language
  // names the filter, so that `name:value` selects them:
  //   "tier" (nano, micro, ...), "country" (ISO code), "platform", "lang" (ISO 639-1; a profile
  //   counts once per language) and "er" (engagement label: low, average, high, suspicious).
  // Every one of the five names is present; a value no match has is absent, and so are
  // profiles without the value (no country, no language, engagement not judged), so a facet's
  // counts may add up to less than `total`.
  std::map<std::string, std::map<std::string, std::uint64_t>> facets;
  std::string explanation;  // when SearchOptions::explain
  // The search ran past QueryLimits::max_time_ms and SearchOptions::partial_on_timeout let it
  // return what it had: `total` is an estimate and the facet counts are partial.
  bool timed_out = false;
};

// Runs queries against a database.
//
// Thread-safety: search() may be called concurrently from any number of threads on one
// Searcher. Each search sees one consistent generation of the index; a search started after
// a commit (in this or another process) sees that commit.
class MIKROS_EXPORT Searcher {
 public:
  explicit Searcher(const Database& db);
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;
  ~Searcher();

  // Parses `query` (see Query::parse) and runs it.
  Result<SearchResult> search(std::string_view query, const SearchOptions& options = {}) const;
  Result<SearchResult> search(const Query& query, const SearchOptions& options = {}) const;

  // The related terms `words` (a word or words as a query gives them) would be expanded with,
  // in the niche vocabulary's order; terms that occur nowhere in the database are left out.
  // Empty when the words name no niche.
  Result<std::vector<Expansion>> related(std::string_view words) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The result as one JSON object, as `mikros search --json` prints it and the C API's
// mikros_result_json returns it:
//   {"query": "...", "total": 12, "total_exact": true, "hits": [{"platform", "handle", "name",
//    "score", "tier", "followers", "country", "engagement_rate" (null when unknown),
//    "languages", "categories", "bio"}, ...]}
// with the insights ("engagement_label", "engagement_percentile", "growth_monthly", "spike",
// "authenticity", "automated") when the search filled them, "facets" and "explanation" when
// asked, and with `explain` each hit's "score_parts" and "authenticity_explained":
//   {"value", "estimated", "estimate", "pattern", "baseline_logit", "logit", "automated",
//    "automation_score", "contributions": [{"name", "label", "value", "logit", "learned"}]}.
MIKROS_EXPORT std::string to_json(const SearchResult& result);

}  // namespace mikros

#endif  // MIKROS_SEARCH_HPP
