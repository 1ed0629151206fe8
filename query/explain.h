// The explanation of a search (SearchOptions::explain): how the query was compiled and ranked,
// and each hit's score split by the clauses that gave it.
#ifndef MIKROS_QUERY_EXPLAIN_H
#define MIKROS_QUERY_EXPLAIN_H

#include <xapian.h>

#include <string>
#include <vector>

#include "mikros/search.hpp"
#include "query/compile.h"

namespace mikros::query {

// The explanation's text: the query as understood, the Xapian query `run` that ran, the
// ranking (`brand` and `shift` when ranked by a brand) and the compiler's notes.
std::string explanation(const Query& query, const Compiled& compiled, const Xapian::Query& run,
                        SortOrder sort, const Brand* brand, double shift);

// The explanation of a filter-only query answered from the facet columns (ColumnScan).
std::string scan_explanation(const Query& query);

// The weight each scoring clause of `compiled` gives the profile `key` alone (a hit's score is
// their sum: BM25 adds up term weights). Reads the index once per clause.
std::vector<ScorePart> score_parts(Xapian::Database& db, const Compiled& compiled,
                                   const std::string& key);

// The related terms of `compiled` (expand.h) that the profile `key` matches. Reads the index
// once per related term.
std::vector<Expansion> hit_expansions(Xapian::Database& db, const Compiled& compiled,
                                      const std::string& key);

// Fills each hit's authenticity_explained from its stored profile (a hit without one keeps
// none).
void explain_authenticity(const TierBoundaries& tiers, std::vector<Hit>* hits);

}  // namespace mikros::query

#endif  // MIKROS_QUERY_EXPLAIN_H
