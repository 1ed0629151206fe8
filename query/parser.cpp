// Query::parse: the query language (docs/query-language.md) to a query tree.
//
//   query    := or_expr
//   or_expr  := and_expr ("OR" and_expr)*
//   and_expr := unary (["AND"] unary)*
//   unary    := "NOT" unary | "-" primary | primary
//   primary  := "(" or_expr ")" | PHRASE | WORD | "#"TAG | "@"HANDLE | FIELD ":" VALUE
//
// docs/query-language.md has the full grammar, with the values of each field.
// Errors carry the byte offset of the offending token and say what was expected there.
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "analysis/vocabulary.h"
#include "model/codes.h"
#include "model/numbers.h"
#include "query/ast.h"
#include "query/lexer.h"
#include "query/parse_values.h"
#include "util/text_util.h"

namespace mikros {
namespace {

using Kind = Query::Node::Kind;
using query::fail;
using query::Lexer;
using query::ListValue;
using query::parse_range;
using query::split_list;
using query::SyntaxError;
using query::Tok;
using query::Token;

bool is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

class Parser {
 public:
  Parser(std::string_view text, const QueryLimits& limits) : lexer_(text), limits_(limits) {
    advance();
  }

  Query parse() {
    if (tok_.type == Tok::kEnd) return Query();  // the empty query: every profile
    NodePtr root = or_expr();
    if (tok_.type == Tok::kRParen) fail(tok_.pos, "unexpected ')' without a matching '('");
    if (tok_.type != Tok::kEnd) fail(tok_.pos, "expected the end of the query");
    Query q = Query::from_root(std::move(root));
    if (sort_ == SortOrder::kAudience && sort_share_) {  // the last sort: wins
      q.sort_by_audience(*sort_share_);
    } else if (sort_) {
      q.sort(*sort_);
    }
    if (limit_) q.limit(*limit_);
    if (!brand_.empty()) q.brand(brand_);
    return q;
  }

 private:
  void advance() { tok_ = lexer_.next(); }

  void count_terms(std::size_t n, std::size_t pos) {
    terms_ += n;
    if (terms_ > limits_.max_terms) {
      throw SyntaxError{pos, fmt::format("too many terms (the limit is {})", limits_.max_terms),
                        true};
    }
  }

  // Options (sort:, limit:, brand:) at the top level apply to the whole query wherever they
  // stand, even in an operand of OR; an operand made of options alone is an error, because
  // "a OR sort:followers" would otherwise match everything.
  NodePtr or_expr() {
    std::vector<NodePtr> parts;
    std::size_t start = tok_.pos;
    parts.push_back(and_expr());
    std::vector<std::size_t> starts{start};
    while (tok_.type == Tok::kOr) {
      std::size_t or_pos = tok_.pos;
      advance();
      if (starts_unary()) {
        starts.push_back(tok_.pos);
        parts.push_back(and_expr());
      } else {
        fail(tok_.pos, fmt::format("expected a query term after OR (at {})", or_pos));
      }
    }
    if (parts.size() == 1) return parts[0] ? parts[0] : Query::Node::make(Kind::kAll);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (!parts[i]) {
        fail(starts[i],
             "expected a query term: sort:, limit: and brand: are options of the whole query, "
             "not terms to OR");
      }
    }
    auto n = std::make_shared<Query::Node>();
    n->kind = Kind::kOr;
    n->children = std::move(parts);
    return n;
  }

  bool starts_unary() const {
    switch (tok_.type) {
      case Tok::kLParen:
      case Tok::kPhrase:
      case Tok::kWord:
      case Tok::kHashtag:
      case Tok::kMention:
      case Tok::kField:
      case Tok::kNot:
      case Tok::kMinus:
        return true;
      default:
        return false;
    }
  }

  NodePtr and_expr() {
    std::vector<NodePtr> parts;
    bool any = false;
    for (;;) {
      if (tok_.type == Tok::kAnd) {
        if (!any) fail(tok_.pos, "expected a query term before AND");
        std::size_t and_pos = tok_.pos;
        advance();
        if (!starts_unary())
          fail(tok_.pos, fmt::format("expected a query term after AND (at {})", and_pos));
      }
      if (!starts_unary()) break;
      any = true;
      if (NodePtr n = unary()) parts.push_back(std::move(n));
    }
    if (!any) {
      if (tok_.type == Tok::kOr) fail(tok_.pos, "expected a query term before OR");
      if (tok_.type == Tok::kRParen) fail(tok_.pos, "expected a query term before ')'");
      fail(tok_.pos, "expected a query term");
    }
    if (parts.empty()) return nullptr;  // only options
    if (parts.size() == 1) return parts[0];
    auto n = std::make_shared<Query::Node>();
    n->kind = Kind::kAnd;
    n->children = std::move(parts);
    return n;
  }

  void enter(std::size_t pos) {
    if (++depth_ > limits_.max_depth) {
      throw SyntaxError{
          pos, fmt::format("query nested too deeply (the limit is {})", limits_.max_depth), true};
    }
  }

  NodePtr negate(NodePtr inner, std::size_t pos) {
    if (!inner) fail(pos, "sort: and limit: cannot be negated");
    auto n = std::make_shared<Query::Node>();
    n->kind = Kind::kNot;
    n->children.push_back(std::move(inner));
    return n;
  }

  // Returns null for options (sort:, limit:), which are not part of the tree.
  NodePtr unary() {
    if (tok_.type == Tok::kNot || tok_.type == Tok::kMinus) {
      std::size_t pos = tok_.pos;
      bool is_not = tok_.type == Tok::kNot;
      advance();
      enter(pos);
      if (!starts_unary() || (!is_not && (tok_.type == Tok::kNot || tok_.type == Tok::kMinus))) {
        fail(tok_.pos,
             is_not ? "expected a query term after NOT" : "expected a query term after '-'");
      }
      NodePtr inner = is_not ? unary() : primary();
      --depth_;
      return negate(std::move(inner), pos);
    }
    return primary();
  }

  NodePtr primary() {
    Token t = tok_;
    switch (t.type) {
      case Tok::kLParen: {
        advance();
        enter(t.pos);
        if (tok_.type == Tok::kRParen) fail(tok_.pos, "expected a query term inside '( )'");
        NodePtr inner = or_expr();
        if (tok_.type != Tok::kRParen) {
          fail(tok_.pos, fmt::format("expected ')' to close the '(' at {}", t.pos));
        }
        --depth_;
        advance();
        return inner;
      }
      case Tok::kPhrase: {
        advance();
        if (trim(t.text).empty()) fail(t.pos, "empty phrase");
        count_terms(split(trim(t.text), ' ').size(), t.pos);
        auto n = std::make_shared<Query::Node>();
        n->kind = Kind::kPhrase;
        n->text = std::string(trim(t.text));
        return n;
      }
      case Tok::kWord: {
        advance();
        count_terms(1, t.pos);
        auto n = std::make_shared<Query::Node>();
        n->kind = Kind::kWords;
        n->text = t.text;
        n->adjacent = true;
        // `=word`: this word as written, never expanded by meaning (query/expand.h).
        if (t.text.size() > 1 && t.text.front() == '=') {
          n->text.erase(0, 1);
          n->literal = true;
        }
        return n;
      }
      case Tok::kHashtag:
      case Tok::kMention: {
        advance();
        count_terms(1, t.pos);
        auto n = std::make_shared<Query::Node>();
        n->kind = t.type == Tok::kHashtag ? Kind::kHashtag : Kind::kMention;
        n->text = t.text;
        return n;
      }
      case Tok::kField: {
        advance();
        return field(t);
      }
      default:
        fail(t.pos, "expected a query term");
    }
  }

  NodePtr field(const Token& t) {
    const std::string& name = t.text;
    if (name == "sort" || name == "limit" || name == "brand") {
      option(t);
      return nullptr;
    }
    if (name == "like") return like(t);
    if (auto audience = parse_audience_field(name)) {
      NodePtr n = query::audience_clause(*audience, std::string(trim(t.value)), t.value_pos);
      count_terms(n->values.size(), t.pos);
      return n;
    }
    if (name == "has") {
      NodePtr n = query::has_clause(t.value, t.value_pos);
      count_terms(n->values.size(), t.pos);
      return n;
    }
    if (name == "er") {
      std::string_view v = trim(t.value);
      if (!v.empty() && is_ascii_letter(v.front())) return engagement_labels(t);
    }
    static const std::pair<const char*, NumericField> kRanges[] = {
        {"followers", NumericField::kFollowers},
        {"er", NumericField::kEngagementRate},
        {"growth", NumericField::kGrowth},
        {"auth", NumericField::kAuthenticity},
        {"price", NumericField::kPrice}};
    for (const auto& [fname, f] : kRanges) {
      if (name != fname) continue;
      count_terms(1, t.pos);
      auto n = std::make_shared<Query::Node>();
      n->kind = Kind::kRange;
      n->field = f;
      n->range = parse_range(f, std::string(trim(t.value)), t.value_pos);
      return n;
    }
    return facet(t);
  }

  // sort:, limit: and brand:, options of the whole query.
  void option(const Token& t) {
    const std::string& name = t.text;
    if (depth_ > 0) {
      fail(t.pos, fmt::format("{}: applies to the whole query; it cannot be inside "
                              "parentheses or negated",
                              name));
    }
    std::string v = ascii_lower(trim(t.value));
    if (name == "brand") {
      std::string raw(trim(t.value));
      raw.erase(std::remove(raw.begin(), raw.end(), '"'), raw.end());
      if (trim(raw).empty()) fail(t.value_pos, "expected a brand name after 'brand:'");
      if (!brand_.empty()) fail(t.pos, "only one brand: per query");
      brand_ = std::string(trim(raw));
    } else if (name == "sort") {
      if (v == "relevance")
        sort_ = SortOrder::kRelevance;
      else if (v == "followers")
        sort_ = SortOrder::kFollowers;
      else if (v == "er" || v == "engagement")
        sort_ = SortOrder::kEngagement;
      else if (v == "growth")
        sort_ = SortOrder::kGrowth;
      else if (v == "alignment")
        sort_ = SortOrder::kAlignment;
      else if (auto share = query::audience_sort(trim(t.value), t.value_pos)) {
        sort_ = SortOrder::kAudience;
        sort_share_ = std::move(*share);
      } else {
        fail(t.value_pos,
             "expected relevance, followers, er, growth, alignment, aud.country:CODE, "
             "aud.age:RANGE or aud.gender:female|male after 'sort:'");
      }
    } else {
      char* end = nullptr;
      errno = 0;
      unsigned long long n = std::strtoull(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || errno == ERANGE || n == 0 || n > 10'000 ||
          v.front() == '-') {
        fail(t.value_pos, "expected a number of results between 1 and 10000");
      }
      limit_ = static_cast<std::size_t>(n);
    }
  }

  // tier:, country:, lang:, platform:, category: with a comma list of values (any of them).
  NodePtr facet(const Token& t) {
    auto n = std::make_shared<Query::Node>();
    n->kind = Kind::kFacet;
    auto values = split_list(t.value, t.value_pos);
    count_terms(values.size(), t.pos);
    const std::string& name = t.text;
    n->facet = name == "tier"        ? Facet::kTier
               : name == "country"   ? Facet::kCountry
               : name == "lang"      ? Facet::kLanguage
               : name == "platform"  ? Facet::kPlatform
               : name == "city"      ? Facet::kCity
               : name == "sponsored" ? Facet::kSponsored
                                     : Facet::kCategory;
    std::vector<std::string> keys;  // the values as compared: equal keys are one value
    for (const auto& v : values) {
      std::string value = facet_value(n->facet, v);
      if (n->facet == Facet::kSponsored && value == "*" && values.size() > 1) {
        fail(v.pos, "sponsored:* stands alone (any brand); name brands without it");
      }
      std::string key = facet_key(n->facet, value);
      if (key.empty()) {
        fail(v.pos, fmt::format("expected a {} name", n->facet == Facet::kCity ? "city" : "brand"));
      }
      // "tier:micro,MICRO" is "tier:micro": the first of equal values stays.
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        keys.push_back(std::move(key));
        n->values.push_back(std::move(value));
      }
    }
    return n;
  }

  // A facet value as the filter compares it: cities folded as city terms are, brands as sponsor
  // terms are; the value itself for the others.
  static std::string facet_key(Facet facet, const std::string& value) {
    if (facet == Facet::kCity) return vocab::city_key(value);
    if (facet == Facet::kSponsored) return value == "*" ? value : vocab::run_together(value);
    return value;
  }

  // One value of a facet clause, normalised as the index holds it.
  static std::string facet_value(Facet facet, const ListValue& v) {
    switch (facet) {
      case Facet::kTier: {
        std::string lower = ascii_lower(v.text);
        if (!parse_tier(lower)) {
          fail(v.pos,
               fmt::format("unknown tier '{}' (expected nano, micro, mid, macro or mega)", v.text));
        }
        return lower;
      }
      case Facet::kCountry: {
        auto code = codes::normalize_country(v.text);
        if (!code) code = codes::country_for_name(v.text);
        if (!code) {
          fail(v.pos,
               fmt::format("unknown country '{}' (expected an ISO code such as US)", v.text));
        }
        return *code;
      }
      case Facet::kLanguage: {
        auto code = codes::normalize_language(v.text);
        if (!code) {
          fail(v.pos, fmt::format("unknown language '{}' (expected an ISO 639-1 code such as es)",
                                  v.text));
        }
        return *code;
      }
      case Facet::kPlatform:
        return ascii_lower(v.text);
      case Facet::kCategory:
      case Facet::kCity:
      case Facet::kSponsored:
        break;
    }
    return v.text;
  }

  // like:@handle, like:platform:handle (also quoted, and a bare handle).
  NodePtr like(const Token& t) {
    count_terms(1, t.pos);
    std::string_view v = trim(t.value);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    auto key = normalize_like_key(v);
    if (!key) fail(t.value_pos, "expected @handle or platform:handle after 'like:'");
    auto n = std::make_shared<Query::Node>();
    n->kind = Kind::kLike;
    n->text = *key;
    n->pos = t.pos;
    return n;
  }

  // er:high, er:low,average: engagement labels rather than a range of rates.
  NodePtr engagement_labels(const Token& t) {
    auto values = split_list(t.value, t.value_pos);
    count_terms(values.size(), t.pos);
    auto n = std::make_shared<Query::Node>();
    n->kind = Kind::kEngagement;
    n->pos = t.pos;
    for (const auto& v : values) {
      auto label = parse_engagement_label(ascii_lower(v.text));
      if (!label || *label == EngagementLabel::kUnknown) {
        fail(v.pos, fmt::format("unknown engagement label '{}' (expected low, average, high or "
                                "suspicious, or a rate such as >3%)",
                                v.text));
      }
      if (std::find(n->labels.begin(), n->labels.end(), *label) == n->labels.end()) {
        n->labels.push_back(*label);
      }
    }
    return n;
  }

  Lexer lexer_;
  QueryLimits limits_;
  Token tok_;
  std::size_t depth_ = 0;
  std::size_t terms_ = 0;
  std::optional<SortOrder> sort_;
  std::optional<AudienceShare> sort_share_;  // sort:aud.*
  std::optional<std::size_t> limit_;
  std::string brand_;
};

}  // namespace

Result<Query> Query::parse(std::string_view text, const QueryLimits& limits) {
  if (text.size() > limits.max_length) {
    return Status::limit_exceeded(
        fmt::format("query is {} bytes long; the limit is {}", text.size(), limits.max_length));
  }
  if (auto at = invalid_utf8_offset(text)) {
    return Status::query_syntax(fmt::format("not valid UTF-8 at byte {}", *at), *at);
  }
  try {
    return Parser(text, limits).parse();
  } catch (const SyntaxError& e) {
    if (e.limit) {
      return Status::limit_exceeded(fmt::format("at {}: {}", e.pos, e.message));
    }
    return Status::query_syntax(e.message, e.pos);
  }
}

}  // namespace mikros
