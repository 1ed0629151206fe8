// The query tree shared by the parser, the builder and the compiler.
#ifndef MIKROS_QUERY_AST_H
#define MIKROS_QUERY_AST_H

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mikros/query.hpp"
#include "model/audience.h"

namespace mikros {

enum class Facet { kTier, kCountry, kPlatform, kLanguage, kCategory, kCity, kSponsored };

struct Query::Node {
  enum class Kind {
    kAll,         // every profile
    kAnd,         // children all match
    kOr,          // any child matches
    kNot,         // children[0] does not match
    kWords,       // text: every analysed word (adjacent: as a phrase, e.g. "slow-fashion")
    kPhrase,      // text: the words in order
    kHashtag,     // text: the tag
    kMention,     // text: the handle
    kFacet,       // facet + values (any of)
    kRange,       // field + range
    kEngagement,  // labels (any of), read from the in-memory facet columns
    kLike,        // text: the seed profile, "platform:handle" or "@handle"
    kAudience,    // audience share of any of `values` at levels share_lo..share_hi
    kHas,         // the profile gives any of `values` (has_name: contact, price, ...)
  };
  Kind kind = Kind::kAll;
  std::vector<std::shared_ptr<const Node>> children;
  std::string text;
  bool adjacent = false;  // kWords from one query word that analyses into several words
  bool literal = false;   // kWords written `=word`: matched as written, never expanded
  Facet facet = Facet::kTier;
  std::vector<std::string> values;  // normalised: tier names, uppercase countries, ...
  NumericField field = NumericField::kFollowers;
  NumericRange range;
  std::vector<EngagementLabel> labels;
  // kAudience: the dimension, its values (upper-case country codes, one canonical age range
  // "18-34", or "female"/"male") and the stored levels (model/audience.h) that pass, inclusive;
  // share_lo > share_hi passes nothing.
  AudienceField audience = AudienceField::kCountry;
  int share_lo = 0;
  int share_hi = kShareLevels;
  // A built clause the language would refuse (an unknown code, a share outside 0..1): why.
  // The compiler fails with kInvalidArgument. Parsed clauses never have one.
  std::string invalid;
  // Byte offset of the clause in the query string (parsed queries), for errors found when the
  // query runs (an unknown like: seed); Status::kNoPosition for built queries.
  std::size_t pos = Status::kNoPosition;

  static std::shared_ptr<const Node> make(Kind kind) {
    auto n = std::make_shared<Node>();
    n->kind = kind;
    return n;
  }
};

using NodePtr = std::shared_ptr<const Query::Node>;

const char* facet_name(Facet f);         // "tier", "country", ...
const char* field_name(NumericField f);  // "followers", "er", ...
const char* has_name(Presence p);        // "contact", "price", "audience", "aud.country", ...
std::optional<Presence> parse_has(std::string_view name);

// The stored levels (model/audience.h) a range of shares lets pass: a bound is rounded to a
// level as stored shares are, so a share stored at the bound's level is at the bound (in >= and
// <=, out of > and <). lo > hi: none.
struct ShareLevels {
  int lo = 0;
  int hi = kShareLevels;
};
ShareLevels share_levels(const NumericRange& share);
// A level as the language writes a share: 100 -> "40%", 101 -> "40.4%" (reads back as 101).
std::string level_percent(int level);
// The value of an audience clause in canonical form (an upper-case code, "18-34", "female"),
// or why it is not one.
Result<std::string> normalize_audience_value(AudienceField field, std::string_view value);

// The canonical text of one clause, as Query::describe() writes it.
std::string describe_node(const NodePtr& node);

// The canonical form of a like: seed: "platform:handle" (parse_profile_key) or "@handle" (its
// handle folded as keys fold it) for a handle on whichever platform has it; a bare "handle" is
// taken as "@handle". nullopt when it names no possible profile (the rules of
// parse_profile_key).
std::optional<std::string> normalize_like_key(std::string_view key);

}  // namespace mikros

#endif  // MIKROS_QUERY_AST_H
