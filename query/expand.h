// Query expansion by meaning: the free-text words of a query that name a niche (the niche
// vocabulary, analysis/niches.h) also match the niche's other terms, and a category: filter
// that names a niche also matches the niche's other category labels. Resolved against the
// snapshot a search runs on before the query is compiled, as like: seeds are (compilation does
// no I/O); the compiler turns each expansion into plain Xapian terms and phrases, scaled below
// the words as written (compile.cpp), so any Xapian server could answer the compiled query.
//
// Where a related term comes from is its `source`: "niche" for the niche vocabulary. Later
// sources (learned associations, typo corrections, prefixes) add their own.
#ifndef MIKROS_QUERY_EXPAND_H
#define MIKROS_QUERY_EXPAND_H

#include <xapian.h>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/niches.h"
#include "mikros/query.hpp"

namespace mikros::query {

// The weight of a niche's related term relative to the words as written: a profile that
// matches every word of the query literally outranks one that matches only through related
// terms (all of a span's related terms count as one synonym, scaled by this).
inline constexpr double kNicheWeight = 0.5;

// One related term of a query's words.
struct RelatedTerm {
  std::string term;      // as the source writes it ("thrifted", "moda sostenible")
  std::string from;      // the query's words it is related to, as written ("eco-friendly")
  std::string source;    // "niche"
  std::string niche;     // the niche that relates them (source "niche")
  double weight = 0;     // relative to the words as written
  std::string language;  // the term's language ("*": any), for its stems
  std::vector<std::string> words;  // its folded words
};

// A run of adjacent free-text words of one AND (or one word) that names a niche term.
struct TextExpansion {
  std::vector<const Query::Node*> nodes;  // the run's word clauses, in query order
  std::string from;                       // their text, space separated
  std::vector<RelatedTerm> related;       // empty: nothing related occurs in the index
};

struct Expansions {
  // By the first clause of each run; `covered` holds the run's other clauses.
  std::map<const Query::Node*, TextExpansion> text;
  std::set<const Query::Node*> covered;
  // category: clauses: the other category labels of the niches their values name.
  std::map<const Query::Node*, std::vector<std::string>> categories;
};

// The expansions of `query`'s unquoted words (not `=word`, not under NOT) and category:
// filters under `vocabulary`. Related terms none of whose words occurs in `db` are left out
// (db may be null: then none are). Xapian's exceptions propagate to the caller, which retries.
Expansions resolve_expansions(const Query& query, const analysis::NicheVocabulary& vocabulary,
                              const Xapian::Database* db);

// The related terms of `text` (a word or words, as a query would give them), best first:
// what `mikros related` lists. Terms that occur nowhere in `db` are left out when db is given.
std::vector<RelatedTerm> related_terms(std::string_view text,
                                       const analysis::NicheVocabulary& vocabulary,
                                       const Xapian::Database* db);

}  // namespace mikros::query

#endif  // MIKROS_QUERY_EXPAND_H
