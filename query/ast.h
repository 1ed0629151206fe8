// The query tree shared by the parser, the builder and the compiler.
#ifndef MIKROS_QUERY_AST_H
#define MIKROS_QUERY_AST_H

#include <memory>
#include <string>
#include <vector>

#include "mikros/query.hpp"

namespace mikros {

enum class Facet { kTier, kCountry, kPlatform, kLanguage, kCategory };

struct Query::Node {
  enum class Kind {
    kAll,      // every profile
    kAnd,      // children all match
    kOr,       // any child matches
    kNot,      // children[0] does not match
    kWords,    // text: every analysed word (adjacent: as a phrase, e.g. "slow-fashion")
    kPhrase,   // text: the words in order
    kHashtag,  // text: the tag
    kMention,  // text: the handle
    kFacet,    // facet + values (any of)
    kRange,    // field + range
  };
  Kind kind = Kind::kAll;
  std::vector<std::shared_ptr<const Node>> children;
  std::string text;
  bool adjacent = false;  // kWords from one query word that analyses into several words
  Facet facet = Facet::kTier;
  std::vector<std::string> values;  // normalised: tier names, uppercase countries, ...
  NumericField field = NumericField::kFollowers;
  NumericRange range;

  static std::shared_ptr<const Node> make(Kind kind) {
    auto n = std::make_shared<Node>();
    n->kind = kind;
    return n;
  }
};

using NodePtr = std::shared_ptr<const Query::Node>;

const char* facet_name(Facet f);         // "tier", "country", ...
const char* field_name(NumericField f);  // "followers", "er", ...

}  // namespace mikros

#endif  // MIKROS_QUERY_AST_H
