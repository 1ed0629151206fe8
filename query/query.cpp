// Query: the builder API and the canonical description of a query tree.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "model/codes.h"
#include "model/profile_key.h"
#include "query/ast.h"
#include "util/text_util.h"

namespace mikros {

const char* facet_name(Facet f) {
  switch (f) {
    case Facet::kTier:
      return "tier";
    case Facet::kCountry:
      return "country";
    case Facet::kPlatform:
      return "platform";
    case Facet::kLanguage:
      return "lang";
    case Facet::kCategory:
      return "category";
    case Facet::kCity:
      return "city";
    case Facet::kSponsored:
      return "sponsored";
  }
  return "?";
}

const char* field_name(NumericField f) {
  switch (f) {
    case NumericField::kFollowers:
      return "followers";
    case NumericField::kEngagementRate:
      return "er";
    case NumericField::kGrowth:
      return "growth";
    case NumericField::kAuthenticity:
      return "auth";
    case NumericField::kPrice:
      return "price";
  }
  return "?";
}

std::optional<std::string> normalize_like_key(std::string_view key) {
  key = trim(key);
  if (key.find(':') != std::string_view::npos) {
    auto parsed = parse_profile_key(key);
    if (!parsed) return std::nullopt;
    return std::move(*parsed);
  }
  std::string_view handle = strip_handle_sigil(key);
  if (handle_error(handle)) return std::nullopt;
  return "@" + fold_handle(handle);
}

namespace {

using Kind = Query::Node::Kind;

NodePtr text_node(Kind kind, std::string_view text) {
  auto n = std::make_shared<Query::Node>();
  n->kind = kind;
  n->text = std::string(text);
  return n;
}

NodePtr facet_node(Facet facet, std::vector<std::string> values) {
  auto n = std::make_shared<Query::Node>();
  n->kind = Kind::kFacet;
  n->facet = facet;
  n->values = std::move(values);
  return n;
}

NodePtr combine(Kind kind, const std::vector<Query>& queries) {
  auto n = std::make_shared<Query::Node>();
  n->kind = kind;
  for (const auto& q : queries) n->children.push_back(q.root());
  return n;
}

bool is_percent_field(NumericField f) {
  return f == NumericField::kEngagementRate || f == NumericField::kGrowth;
}

// `v` as the language writes numbers: plain decimal digits (no exponent), rates in percent.
// The digits are the shortest that read back as exactly `v` (std::to_chars), and a percentage
// moves the decimal point rather than multiplying (0.035 * 100 is 3.5000000000000004), so the
// query parsed from a description compares against the very same double.
std::string format_number(NumericField f, double v) {
  char buf[400];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  if (ec != std::errc()) return fmt::format("{}", v);  // not finite: never made by the parser
  std::string digits(buf, end);
  if (!is_percent_field(f)) return digits;
  bool negative = !digits.empty() && digits.front() == '-';
  if (negative) digits.erase(0, 1);
  std::size_t dot = digits.find('.');
  std::string whole = digits.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : digits.substr(dot + 1);
  frac.resize(std::max<std::size_t>(frac.size(), 2), '0');
  whole += frac.substr(0, 2);
  frac.erase(0, 2);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  std::size_t lead = whole.find_first_not_of('0');
  whole = lead == std::string::npos ? "0" : whole.substr(lead);
  return (negative ? "-" : "") + whole + (frac.empty() ? "" : "." + frac) + "%";
}

// A facet value or brand name as the lexer reads it back: quoted when whitespace (any the
// lexer skips, form feed included), a comma, a parenthesis or a quote would end or split it.
// Neither can contain a '"' (the parser drops them), so no escaping is needed.
std::string quoted_value(const std::string& v) {
  bool quote = std::any_of(v.begin(), v.end(), [](char c) {
    return is_ascii_space(c) || c == ',' || c == '(' || c == ')' || c == '"';
  });
  return quote ? '"' + v + '"' : v;
}

// aud.country:DE,AT>=40%: the values, then the levels that pass as the language writes them.
void describe_audience(const Query::Node& n, std::string& out) {
  out += audience_field_name(n.audience);
  out += ':';
  for (std::size_t i = 0; i < n.values.size(); ++i) {
    if (i) out += ',';
    out += quoted_value(n.values[i]);
  }
  const int lo = std::max(n.share_lo, 0), hi = std::min(n.share_hi, kShareLevels);
  if (lo > hi) {
    out += ">100%";  // nothing passes
  } else if (lo == hi) {
    out += "=" + level_percent(lo);
  } else if (hi == kShareLevels) {
    out += ">=" + level_percent(lo);
  } else if (lo == 0) {
    out += "<=" + level_percent(hi);
  } else {
    out += "=" + level_percent(lo) + ".." + level_percent(hi);
  }
}

void describe(const NodePtr& n, std::string& out, bool top) {
  switch (n->kind) {
    case Kind::kAll:
      out += "*";
      return;
    case Kind::kAnd:
    case Kind::kOr: {
      if (!top) out += '(';
      for (std::size_t i = 0; i < n->children.size(); ++i) {
        if (i) out += n->kind == Kind::kAnd ? " " : " OR ";
        describe(n->children[i], out, false);
      }
      if (!top) out += ')';
      return;
    }
    case Kind::kNot:
      // "--a" would not parse: a negated negation is written "-(-a)".
      out += n->children[0]->kind == Kind::kNot ? "-(" : "-";
      describe(n->children[0], out, false);
      if (n->children[0]->kind == Kind::kNot) out += ')';
      return;
    case Kind::kWords:
      if (n->literal) out += '=';
      out += n->text;
      return;
    case Kind::kPhrase:
      out += '"' + n->text + '"';
      return;
    case Kind::kHashtag:
      out += '#' + n->text;
      return;
    case Kind::kMention:
      out += '@' + n->text;
      return;
    case Kind::kFacet: {
      out += facet_name(n->facet);
      out += ':';
      for (std::size_t i = 0; i < n->values.size(); ++i) {
        if (i) out += ',';
        // Quoted when the lexer would otherwise end or split the value there.
        out += quoted_value(n->values[i]);
      }
      return;
    }
    case Kind::kEngagement:
      out += "er:";
      for (std::size_t i = 0; i < n->labels.size(); ++i) {
        if (i) out += ',';
        out += engagement_label_name(n->labels[i]);
      }
      if (n->labels.empty()) out += "none";
      return;
    case Kind::kLike: {
      bool quote = n->text.find_first_of("()") != std::string::npos;
      out += quote ? "like:\"" + n->text + "\"" : "like:" + n->text;
      return;
    }
    case Kind::kAudience:
      describe_audience(*n, out);
      return;
    case Kind::kHas:
      out += "has:";
      for (std::size_t i = 0; i < n->values.size(); ++i) out += (i ? "," : "") + n->values[i];
      return;
    case Kind::kRange: {
      const NumericRange& r = n->range;
      const char* f = field_name(n->field);
      auto num = [&](double v) { return format_number(n->field, v); };
      if (r.min && r.max && r.min_inclusive && r.max_inclusive) {
        out += *r.min == *r.max ? fmt::format("{}:{}", f, num(*r.min))
                                : fmt::format("{}:{}..{}", f, num(*r.min), num(*r.max));
      } else if (r.min && r.max) {
        // A range open at either end has no one-clause form: two clauses, grouped.
        out += fmt::format("({}:{}{} {}:{}{})", f, r.min_inclusive ? ">=" : ">", num(*r.min), f,
                           r.max_inclusive ? "<=" : "<", num(*r.max));
      } else if (r.min) {
        out += fmt::format("{}:{}{}", f, r.min_inclusive ? ">=" : ">", num(*r.min));
      } else if (r.max) {
        out += fmt::format("{}:{}{}", f, r.max_inclusive ? "<=" : "<", num(*r.max));
      } else {
        out += fmt::format("{}:*", f);  // any value
      }
      return;
    }
  }
}

}  // namespace

std::string describe_node(const NodePtr& node) {
  std::string out;
  describe(node, out, true);
  return out;
}

Query::Query() : root_(Node::make(Node::Kind::kAll)) {}

Query Query::from_root(std::shared_ptr<const Node> root) {
  Query q;
  if (root) q.root_ = std::move(root);
  return q;
}

void Query::and_clause(std::shared_ptr<const Node> clause) {
  if (root_->kind == Node::Kind::kAll) {
    root_ = std::move(clause);
    return;
  }
  auto n = std::make_shared<Node>();
  n->kind = Node::Kind::kAnd;
  if (root_->kind == Node::Kind::kAnd) {
    n->children = root_->children;
  } else {
    n->children.push_back(root_);
  }
  n->children.push_back(std::move(clause));
  root_ = std::move(n);
}

Query& Query::words(std::string_view text) {
  if (!trim(text).empty()) and_clause(text_node(Kind::kWords, trim(text)));
  return *this;
}
Query& Query::phrase(std::string_view text) {
  if (!trim(text).empty()) and_clause(text_node(Kind::kPhrase, trim(text)));
  return *this;
}
Query& Query::exclude_words(std::string_view text) {
  if (trim(text).empty()) return *this;
  auto n = std::make_shared<Node>();
  n->kind = Kind::kNot;
  n->children.push_back(text_node(Kind::kWords, trim(text)));
  and_clause(n);
  return *this;
}
Query& Query::exclude_phrase(std::string_view text) {
  if (trim(text).empty()) return *this;
  auto n = std::make_shared<Node>();
  n->kind = Kind::kNot;
  n->children.push_back(text_node(Kind::kPhrase, trim(text)));
  and_clause(n);
  return *this;
}
Query& Query::hashtag(std::string_view tag) {
  while (!tag.empty() && tag.front() == '#') tag.remove_prefix(1);
  if (!tag.empty()) and_clause(text_node(Kind::kHashtag, tag));
  return *this;
}
Query& Query::mention(std::string_view handle) {
  while (!handle.empty() && handle.front() == '@') handle.remove_prefix(1);
  if (!handle.empty()) and_clause(text_node(Kind::kMention, handle));
  return *this;
}
Query& Query::tiers(const std::vector<Tier>& any_of) {
  std::vector<std::string> v;
  for (Tier t : any_of) v.emplace_back(tier_name(t));
  and_clause(facet_node(Facet::kTier, std::move(v)));
  return *this;
}
Query& Query::countries(const std::vector<std::string>& any_of) {
  std::vector<std::string> v;
  for (const auto& c : any_of) v.push_back(codes::normalize_country(c).value_or(ascii_upper(c)));
  and_clause(facet_node(Facet::kCountry, std::move(v)));
  return *this;
}
Query& Query::platforms(const std::vector<std::string>& any_of) {
  std::vector<std::string> v;
  for (const auto& p : any_of) v.push_back(ascii_lower(trim(p)));
  and_clause(facet_node(Facet::kPlatform, std::move(v)));
  return *this;
}
Query& Query::languages(const std::vector<std::string>& any_of) {
  std::vector<std::string> v;
  for (const auto& l : any_of) v.push_back(ascii_lower(trim(l)));
  and_clause(facet_node(Facet::kLanguage, std::move(v)));
  return *this;
}
Query& Query::categories(const std::vector<std::string>& any_of) {
  std::vector<std::string> v;
  for (const auto& c : any_of) v.emplace_back(trim(c));
  and_clause(facet_node(Facet::kCategory, std::move(v)));
  return *this;
}
Query& Query::range(NumericField field, const NumericRange& range) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kRange;
  n->field = field;
  n->range = range;
  and_clause(n);
  return *this;
}

Query& Query::engagement(const std::vector<EngagementLabel>& any_of) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kEngagement;
  n->labels = any_of;
  and_clause(n);
  return *this;
}

Query& Query::audience(AudienceField field, const std::vector<std::string>& any_of,
                       const NumericRange& share) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kAudience;
  n->audience = field;
  for (const auto& v : any_of) {
    auto value = normalize_audience_value(field, v);
    if (!value) {
      n->invalid = value.status().message();
      n->values.emplace_back(trim(v));
    } else if (std::find(n->values.begin(), n->values.end(), *value) == n->values.end()) {
      n->values.push_back(std::move(*value));
    }
  }
  if (n->values.empty()) n->invalid = fmt::format("{}: needs a value", audience_field_name(field));
  if (field != AudienceField::kCountry && n->values.size() > 1) {
    n->invalid = fmt::format("{}: one value per clause", audience_field_name(field));
  }
  for (const auto& bound : {share.min, share.max}) {
    if (bound && !(*bound >= 0 && *bound <= 1)) {
      n->invalid = "a share is between 0 and 1 (0% and 100%)";
    }
  }
  const ShareLevels levels = share_levels(share);
  n->share_lo = levels.lo;
  n->share_hi = levels.hi;
  and_clause(n);
  return *this;
}

Query& Query::cities(const std::vector<std::string>& any_of) {
  std::vector<std::string> v;
  for (const auto& c : any_of) v.emplace_back(trim(c));
  and_clause(facet_node(Facet::kCity, std::move(v)));
  return *this;
}

Query& Query::sponsored(const std::vector<std::string>& any_of) {
  std::vector<std::string> v;
  for (const auto& b : any_of) v.emplace_back(trim(b));
  and_clause(facet_node(Facet::kSponsored, std::move(v)));
  return *this;
}

Query& Query::has(const std::vector<Presence>& any_of) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kHas;
  for (Presence p : any_of) {
    const std::string name = has_name(p);
    if (std::find(n->values.begin(), n->values.end(), name) == n->values.end()) {
      n->values.push_back(name);
    }
  }
  and_clause(n);
  return *this;
}

Query& Query::like(std::string_view key) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kLike;
  // A key that names no possible profile is kept as given: the search reports it not found.
  n->text = normalize_like_key(key).value_or(std::string(key));
  and_clause(n);
  return *this;
}

Query Query::any_of(const std::vector<Query>& queries) {
  Query q;
  if (queries.empty()) return q;
  q.root_ = queries.size() == 1 ? queries[0].root_ : combine(Kind::kOr, queries);
  return q;
}
Query Query::all_of(const std::vector<Query>& queries) {
  Query q;
  for (const auto& part : queries) q.and_clause(part.root_);
  return q;
}
Query Query::negate(const Query& query) {
  Query q;
  auto n = std::make_shared<Node>();
  n->kind = Kind::kNot;
  n->children.push_back(query.root_);
  q.root_ = n;
  return q;
}

Query& Query::sort(SortOrder order) {
  sort_ = order;
  if (order != SortOrder::kAudience) audience_sort_.reset();
  return *this;
}
Query& Query::sort_by_audience(const AudienceShare& share) {
  sort_ = SortOrder::kAudience;
  AudienceShare s = share;
  if (auto value = normalize_audience_value(share.field, share.value)) s.value = std::move(*value);
  audience_sort_ = std::move(s);
  return *this;
}
const std::optional<AudienceShare>& Query::audience_sort() const {
  return audience_sort_;
}
Query& Query::limit(std::size_t n) {
  limit_ = n;
  return *this;
}
Query& Query::brand(std::string_view name) {
  brand_ = std::string(trim(name));
  return *this;
}
const std::string& Query::brand_name() const {
  return brand_;
}
SortOrder Query::sort_order() const {
  return sort_;
}
std::optional<std::size_t> Query::result_limit() const {
  return limit_;
}

std::string Query::describe() const {
  std::string out;
  mikros::describe(root_, out, true);
  switch (sort_) {
    case SortOrder::kRelevance:
      break;
    case SortOrder::kFollowers:
      out += " sort:followers";
      break;
    case SortOrder::kEngagement:
      out += " sort:er";
      break;
    case SortOrder::kGrowth:
      out += " sort:growth";
      break;
    case SortOrder::kAlignment:
      out += " sort:alignment";
      break;
    case SortOrder::kAudience:
      if (audience_sort_) {
        out += fmt::format(" sort:{}:{}", audience_field_name(audience_sort_->field),
                           audience_sort_->value);
      }
      break;
  }
  if (limit_) out += fmt::format(" limit:{}", *limit_);
  if (!brand_.empty()) {
    out += " brand:" + quoted_value(brand_);
  }
  return out;
}

}  // namespace mikros
