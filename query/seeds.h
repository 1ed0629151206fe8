// like: seeds, resolved against the snapshot a search runs on before the query is compiled
// (compilation does no I/O). A seed is found by its key, or by its handle on whichever platform
// has it; its bio and hashtag terms are then ranked by Xapian's relevance feedback with the
// seed as the one relevant document (ESet, TradEWeight), and the best of them make its
// expansion.
#ifndef MIKROS_QUERY_SEEDS_H
#define MIKROS_QUERY_SEEDS_H

#include <xapian.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "mikros/query.hpp"
#include "mikros/status.hpp"

namespace mikros::store {
class Store;
}

namespace mikros::query {

// Lookalike seeds are expanded into at most this many of their most distinctive terms.
inline constexpr Xapian::termcount kLikeTerms = 30;

// What one like: clause expands to.
struct SeedExpansion {
  std::string seed_key;  // "platform:handle" of the seed profile
  // The seed's most distinctive terms with their weight as a share of the best one (0..1],
  // best first; empty when the seed has no bio or hashtag words that tell a niche.
  std::vector<std::pair<std::string, double>> terms;
};

// The expansion of every like: clause of a query, by clause.
using Seeds = std::map<const Query::Node*, SeedExpansion>;

// Resolves the like: clauses of `query` on the snapshot `db` of `store`. Errors carry the
// clause's position: kNotFound (no such profile, or one committed after the snapshot),
// kInvalidArgument (a handle on several platforms), or the store's read error. Xapian's
// exceptions (DatabaseModifiedError among them) propagate to the caller, which retries.
Result<Seeds> resolve_seeds(const Query& query, const store::Store& store,
                            const Xapian::Database& db);

}  // namespace mikros::query

#endif  // MIKROS_QUERY_SEEDS_H
