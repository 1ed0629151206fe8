// The query tree shared by the parser, the builder and the compiler.
#ifndef MIKROS_QUERY_AST_H
#define MIKROS_QUERY_AST_H

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mikros/query.hpp"

namespace mikros {

enum class Facet { kTier, kCountry, kPlatform, kLanguage, kCategory };

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
  };
  Kind kind = Kind::kAll;
  std::vector<std::shared_ptr<const Node>> children;
  std::string text;
  bool adjacent = false;  // kWords from one query word that analyses into several words
  Facet facet = Facet::kTier;
  std::vector<std::string> values;  // normalised: tier names, uppercase countries, ...
  NumericField field = NumericField::kFollowers;
  NumericRange range;
  std::vector<EngagementLabel> labels;
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

// The canonical text of one clause, as Query::describe() writes it.
std::string describe_node(const NodePtr& node);

// The canonical form of a like: seed: "platform:handle" (parse_profile_key) or "@handle" (its
// handle folded as keys fold it) for a handle on whichever platform has it; a bare "handle" is
// taken as "@handle". nullopt when it names no possible profile (the rules of
// parse_profile_key).
std::optional<std::string> normalize_like_key(std::string_view key);

}  // namespace mikros

#endif  // MIKROS_QUERY_AST_H
