// Compiling a query tree into a Xapian query with the engine's analyzer and term layout.
#ifndef MIKROS_QUERY_COMPILE_H
#define MIKROS_QUERY_COMPILE_H

#include <xapian.h>

#include "mikros/query.hpp"
#include "mikros/status.hpp"

namespace mikros::query {

struct Compiled {
  Xapian::Query query;
  // True when some part of the query scores by text relevance; false for filter-only queries,
  // which are ranked by the sort order (followers by default).
  bool scoring = false;
};

Result<Compiled> compile(const Query& query);

// A hashtag (or words run together) as a query: profiles that use the tag, or spell its words
// out as a phrase. Empty when the tag has no words.
Xapian::Query hashtag_query(std::string_view tag);

}  // namespace mikros::query

#endif  // MIKROS_QUERY_COMPILE_H
