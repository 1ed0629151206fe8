#include "compile.h"

#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "analyzer.h"
#include "ast.h"
#include "document.h"
#include "layout.h"

namespace mikros::query {
namespace {

using Kind = mikros::Query::Node::Kind;
using analysis::Analyzer;
using analysis::TokenKind;

// A compiled subtree. `query` is empty when the subtree has nothing to search for (text made
// only of punctuation), in which case it does not constrain the match.
struct Part {
  std::optional<Xapian::Query> query;
  bool scoring = false;
};

Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& qs) {
  if (qs.size() == 1) return qs[0];
  return Xapian::Query(op, qs.begin(), qs.end());
}

Xapian::Query phrase(const std::vector<std::string>& terms) {
  if (terms.size() == 1) return Xapian::Query(terms[0]);
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
}

// Text as the analyzer sees it. `as_phrase`: the words must be adjacent and in order.
Part text_part(std::string_view text, bool as_phrase) {
  std::vector<analysis::Token> tokens;
  Analyzer::instance().tokenize(text, tokens);
  std::vector<Xapian::Query> parts;
  std::vector<std::string> run;  // adjacent plain words
  auto flush = [&] {
    if (run.empty()) return;
    if (as_phrase) {
      parts.push_back(phrase(run));
    } else {
      for (const auto& w : run) parts.emplace_back(w);
    }
    run.clear();
  };
  for (const auto& t : tokens) {
    switch (t.kind) {
      case TokenKind::kHashtag:
        if (as_phrase) {
          for (auto& w : Analyzer::instance().compound_words(t.text)) run.push_back(std::move(w));
        } else {
          flush();
          parts.push_back(hashtag_query(t.text));
        }
        break;
      case TokenKind::kMention:
        if (as_phrase) {
          for (auto& w : Analyzer::instance().compound_words(t.text)) run.push_back(std::move(w));
        } else {
          flush();
          parts.emplace_back(doc::mention_term(t.text));
        }
        break;
      default:
        run.push_back(t.text);
    }
  }
  flush();
  if (parts.empty()) return {};
  return {combine(Xapian::Query::OP_AND, parts), true};
}

Xapian::valueno slot_of(NumericField f) {
  switch (f) {
    case NumericField::kFollowers:
      return layout::kSlotFollowers;
    case NumericField::kEngagementRate:
      return layout::kSlotEngagement;
    case NumericField::kGrowth:
      return layout::kSlotGrowth;
    case NumericField::kAuthenticity:
      return layout::kSlotAuthenticity;
    case NumericField::kPrice:
      return layout::kSlotPrice;
  }
  return layout::kSlotFollowers;
}

// Xapian's value ranges are inclusive; an exclusive bound moves to the next representable
// value (the next integer for follower counts, which are whole numbers).
Xapian::Query range_query(NumericField field, const NumericRange& r) {
  Xapian::valueno slot = slot_of(field);
  std::optional<double> lo = r.min, hi = r.max;
  if (lo && !r.min_inclusive) {
    lo = field == NumericField::kFollowers ? std::floor(*lo) + 1 : std::nextafter(*lo, HUGE_VAL);
  }
  if (hi && !r.max_inclusive) {
    hi = field == NumericField::kFollowers ? std::ceil(*hi) - 1 : std::nextafter(*hi, -HUGE_VAL);
  }
  if (lo && hi) {
    if (*lo > *hi) return Xapian::Query::MatchNothing;
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, Xapian::sortable_serialise(*lo),
                         Xapian::sortable_serialise(*hi));
  }
  if (lo) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, Xapian::sortable_serialise(*lo));
  if (hi) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, Xapian::sortable_serialise(*hi));
  // No bound at all: every profile that has the value.
  return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, Xapian::sortable_serialise(-HUGE_VAL));
}

Xapian::Query facet_query(const mikros::Query::Node& n) {
  std::vector<Xapian::Query> terms;
  for (const auto& v : n.values) {
    switch (n.facet) {
      case Facet::kTier:
        terms.emplace_back(doc::tier_term(*parse_tier(v)));
        break;
      case Facet::kCountry:
        terms.emplace_back(doc::country_term(v));
        break;
      case Facet::kPlatform:
        terms.emplace_back(doc::platform_term(v));
        break;
      case Facet::kLanguage:
        terms.emplace_back(doc::language_term(v));
        break;
      case Facet::kCategory:
        terms.emplace_back(doc::category_term(v));
        break;
    }
  }
  if (terms.empty()) return Xapian::Query::MatchNothing;
  return combine(Xapian::Query::OP_OR, terms);
}

Part compile_node(const NodePtr& n);

// AND of scoring parts, filtered by the non-scoring parts, minus the negated parts.
Part compile_and(const std::vector<NodePtr>& children) {
  std::vector<Xapian::Query> scoring, filters, excluded;
  for (const auto& child : children) {
    if (child->kind == Kind::kNot) {
      Part p = compile_node(child->children[0]);
      if (p.query) excluded.push_back(*p.query);
      continue;
    }
    Part p = compile_node(child);
    if (!p.query) continue;
    (p.scoring ? scoring : filters).push_back(*p.query);
  }
  Part out;
  if (!scoring.empty()) {
    Xapian::Query q = combine(Xapian::Query::OP_AND, scoring);
    if (!filters.empty()) {
      q = Xapian::Query(Xapian::Query::OP_FILTER, q, combine(Xapian::Query::OP_AND, filters));
    }
    out.query = q;
    out.scoring = true;
  } else if (!filters.empty()) {
    out.query = combine(Xapian::Query::OP_AND, filters);
  }
  if (!excluded.empty()) {
    Xapian::Query base = out.query ? *out.query : Xapian::Query::MatchAll;
    out.query =
        Xapian::Query(Xapian::Query::OP_AND_NOT, base, combine(Xapian::Query::OP_OR, excluded));
  }
  return out;
}

Part compile_node(const NodePtr& n) {
  switch (n->kind) {
    case Kind::kAll:
      return {Xapian::Query::MatchAll, false};
    case Kind::kAnd:
      return compile_and(n->children);
    case Kind::kNot:
      return compile_and({n});
    case Kind::kOr: {
      std::vector<Xapian::Query> parts;
      bool scoring = false;
      for (const auto& child : n->children) {
        Part p = compile_node(child);
        if (!p.query) return {};  // "x OR !!!": the empty side matches everything
        parts.push_back(*p.query);
        scoring = scoring || p.scoring;
      }
      return {combine(Xapian::Query::OP_OR, parts), scoring};
    }
    case Kind::kWords:
      return text_part(n->text, n->adjacent);
    case Kind::kPhrase:
      return text_part(n->text, true);
    case Kind::kHashtag: {
      Xapian::Query q = hashtag_query(n->text);
      if (q.empty()) return {};
      return {q, true};
    }
    case Kind::kMention:
      return {Xapian::Query(doc::mention_term(n->text)), false};
    case Kind::kFacet:
      return {facet_query(*n), false};
    case Kind::kRange:
      return {range_query(n->field, n->range), false};
  }
  return {};
}

}  // namespace

// A hashtag matches profiles that use it (the whole tag is indexed as one term) and text that
// spells its words out as a phrase; a profile with the tag itself matches both and ranks first.
Xapian::Query hashtag_query(std::string_view tag) {
  auto words = Analyzer::instance().compound_words(tag);
  if (words.empty()) return Xapian::Query();
  if (words.size() == 1) return Xapian::Query(words[0]);
  std::string whole;
  for (const auto& w : words) whole += w;
  return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(whole), phrase(words));
}

Result<Compiled> compile(const mikros::Query& query) {
  try {
    Part p = compile_node(query.root());
    Compiled c;
    c.query = p.query ? *p.query : Xapian::Query::MatchAll;
    c.scoring = p.scoring;
    return c;
  } catch (const Xapian::Error& e) {
    return Status::internal(fmt::format("compiling the query: {}", e.get_description()));
  }
}

}  // namespace mikros::query
