// The values of FIELD:VALUE clauses (docs/query-language.md): comma lists, numeric ranges, the
// audience shares of aud.country:, aud.age: and aud.gender:, has: and sort:aud.*. Each throws
// SyntaxError (lexer.h) at the position of what is wrong.
#ifndef MIKROS_QUERY_PARSE_VALUES_H
#define MIKROS_QUERY_PARSE_VALUES_H

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mikros/query.hpp"
#include "query/ast.h"
#include "query/lexer.h"

namespace mikros::query {

// One value of a comma list, with its offset.
struct ListValue {
  std::string text;
  std::size_t pos;
};
// The values of "a,b,\"c d\"" (quotes removed); `base` is the offset of raw[0]. An empty entry
// is an error.
std::vector<ListValue> split_list(const std::string& raw, std::size_t base);

// A range of a numeric field: ">=A", ">A", "<=B", "<B", "A..B", "A..", "..B", "A", "=A" or "*".
NumericRange parse_range(NumericField field, const std::string& raw, std::size_t pos);

// "DE,AT>=40%", "18-34=40%..60%", "female<30%": the values of an audience clause (any of them)
// and the share (40% or 0.4, 0 to 1) as stored levels (share_levels).
NodePtr audience_clause(AudienceField field, const std::string& raw, std::size_t pos);

// "contact,price": what a profile gives (any of them).
NodePtr has_clause(const std::string& raw, std::size_t pos);

// The value of sort:aud.country:US (raw is "aud.country:US"); nullopt when it does not start
// with an audience field name.
std::optional<AudienceShare> audience_sort(std::string_view raw, std::size_t pos);

}  // namespace mikros::query

#endif  // MIKROS_QUERY_PARSE_VALUES_H
