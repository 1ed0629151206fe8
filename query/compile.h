// Compiling a query tree into a Xapian query with the engine's analyzer and term vocabulary.
// Pure: everything the query reads from the index is resolved before (seeds.h, the columns).
#ifndef MIKROS_QUERY_COMPILE_H
#define MIKROS_QUERY_COMPILE_H

#include <xapian.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analytics/columns.h"
#include "mikros/query.hpp"
#include "mikros/status.hpp"
#include "query/expand.h"
#include "query/seeds.h"

namespace mikros::query {

// What compiling needs besides the query, all of it read before: compilation does no I/O.
// Clauses that need a part that is missing (like:, er: labels) fail with kInvalidArgument.
struct Context {
  const Seeds* seeds = nullptr;            // the like: clauses' expansions (seeds.h)
  std::shared_ptr<const Columns> columns;  // numeric ranges, engagement labels (er:high)
  // The columns are those of the generation the query runs on, so tier:, country: and
  // platform: filters may read them instead of walking their terms' posting lists.
  bool columns_current = false;
  // The expansions by meaning (expand.h); null: every word as written.
  const Expansions* expansions = nullptr;
};

struct Compiled {
  Xapian::Query query;
  // True when some part of the query scores by text relevance; false for filter-only queries,
  // which are ranked by the sort order (followers by default).
  bool scoring = false;
  // The scoring clauses outside any NOT, each as written and as compiled. BM25 adds up the
  // weights of the terms a document matches, so a hit's score is the sum of the weights each
  // of these gives it alone (the explanation's score parts).
  std::vector<std::pair<std::string, Xapian::Query>> parts;
  // What the compiler decided that the query does not show (how like: seeds and words were
  // expanded).
  std::vector<std::string> notes;
  // Each related term the query's words were expanded with, and its query alone (unscaled),
  // so an explanation can tell which of them a hit matched.
  std::vector<std::pair<RelatedTerm, Xapian::Query>> related;
};

// A numeric range as inclusive bounds on the exact value, as the compiled query tests it:
// an exclusive bound moves to the next representable value (the next whole number for
// followers). nullopt: an open end; `empty`: no value can pass.
struct InclusiveBounds {
  std::optional<double> lo, hi;
  bool empty = false;
};
InclusiveBounds inclusive_bounds(NumericField field, const NumericRange& r);
// True when compiling or running `query` needs Context::columns: it filters on numbers or
// engagement labels, or its hits are listed by a number (the columns hold them all).
bool needs_columns(const Query& query);

Result<Compiled> compile(const Query& query, const Context& context = {});

}  // namespace mikros::query

#endif  // MIKROS_QUERY_COMPILE_H
