#include "query/explain.h"

#include <fmt/format.h>

#include <algorithm>

#include "analysis/vocabulary.h"
#include "model/audience.h"

namespace mikros::query {
namespace {

// The weight a document gets from one clause alone: the clause filtered to that document.
double clause_weight(Xapian::Database& db, const Xapian::Query& clause, const std::string& key) {
  Xapian::Enquire enquire(db);
  enquire.set_query(
      Xapian::Query(Xapian::Query::OP_FILTER, clause, Xapian::Query(vocab::key_term(key))));
  Xapian::MSet m = enquire.get_mset(0, 1);
  return m.empty() ? 0.0 : m.begin().get_weight();
}

// sort:aud.*: what it ranks by.
std::string audience_ranking(const Query& query) {
  const auto& share = query.audience_sort();
  return fmt::format(
      "the audience share {}:{}, largest first (profiles without it last; equal shares by "
      "followers)",
      share ? audience_field_name(share->field) : "?", share ? share->value : "?");
}

}  // namespace

std::vector<ScorePart> score_parts(Xapian::Database& db, const Compiled& compiled,
                                   const std::string& key) {
  std::vector<ScorePart> parts;
  for (const auto& [clause, q] : compiled.parts) {
    double w = clause_weight(db, q, key);
    if (w > 0) parts.push_back({clause, w});
  }
  return parts;
}

std::vector<Expansion> hit_expansions(Xapian::Database& db, const Compiled& compiled,
                                      const std::string& key) {
  std::vector<Expansion> out;
  for (const auto& related : compiled.related) {
    const RelatedTerm& r = related.first;  // not a structured binding: clang 14's lambdas
    if (clause_weight(db, related.second, key) <= 0) continue;
    const bool seen = std::any_of(out.begin(), out.end(), [&](const Expansion& e) {
      return e.term == r.term && e.from == r.from;
    });
    if (!seen) out.push_back({r.term, r.from, r.source, r.niche, r.weight});
  }
  return out;
}

std::string explanation(const Query& query, const Compiled& compiled, const Xapian::Query& run,
                        SortOrder sort, const Brand* brand, double shift) {
  std::string ranking;
  switch (sort) {
    case SortOrder::kAlignment:
      ranking = fmt::format(
          "brand {}: alignment points + {} x BM25 text relevance (Xapian weighs (points + "
          "{:.2f}) / {} + BM25); each hit's `why` gives the parts",
          brand ? brand->name : "", brand ? brand->weights.relevance : 0.0, shift,
          brand ? brand->weights.relevance : 0.0);
      break;
    case SortOrder::kRelevance:
      ranking = "BM25 text relevance; a hit's score is the sum of its clauses' weights";
      break;
    case SortOrder::kFollowers:
      ranking = compiled.scoring ? "followers, most first (then BM25)"
                                 : "followers, most first (a query of filters only)";
      break;
    case SortOrder::kEngagement:
      ranking = "engagement rate, highest first (then BM25)";
      break;
    case SortOrder::kGrowth:
      ranking = "monthly growth, fastest first (then BM25)";
      break;
    case SortOrder::kAudience:
      ranking = audience_ranking(query);
      break;
  }
  std::string out = fmt::format("query: {}\nxapian: {}\nranking: {}", query.describe(),
                                run.get_description(), ranking);
  for (const auto& note : compiled.notes) out += "\n" + note;
  return out;
}

void explain_authenticity(const TierBoundaries& tiers, std::vector<Hit>* hits) {
  for (Hit& hit : *hits) {
    if (hit.profile.platform.empty()) continue;  // no stored profile (hits.h)
    hit.authenticity_explained = estimate_authenticity(hit.profile, tiers);
  }
}

std::string scan_explanation(const Query& query) {
  return fmt::format(
      "query: {}\nxapian: none: a query of filters only, answered from the facet columns (one "
      "pass over the rows)\nranking: {}",
      query.describe(),
      query.sort_order() == SortOrder::kAudience     ? audience_ranking(query)
      : query.sort_order() == SortOrder::kEngagement ? "engagement rate, highest first"
      : query.sort_order() == SortOrder::kGrowth     ? "monthly growth, fastest first"
                                                     : "followers, most first");
}

}  // namespace mikros::query
