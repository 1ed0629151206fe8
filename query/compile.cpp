#include "compile.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "analyzer.h"
#include "ast.h"
#include "document.h"
#include "layout.h"
#include "stemmer.h"

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

// ---- text: words, phrases, hashtags (the query side of engine/src/document.cpp) ----

// The stemmers a query word is stemmed with. A query has no language, so a loose word matches
// its stem under every language Xapian stems (for the word's script); a `lang:` filter narrows
// this to those languages and English, the languages such profiles are stemmed with. Set by
// compile() for the query it compiles (one query per thread at a time).
thread_local const std::vector<int>* query_stemmers = nullptr;

std::vector<int> stemmers_for(const std::vector<std::string>& languages) {
  std::vector<int> out;
  auto add = [&](int l) {
    if (l >= 0 && std::find(out.begin(), out.end(), l) == out.end()) out.push_back(l);
  };
  if (languages.empty()) {
    for (std::size_t l = 0; l < analysis::stem_languages().size(); ++l) add(static_cast<int>(l));
    return out;
  }
  for (const auto& code : languages) add(analysis::stem_language(code));
  add(analysis::stem_language("en"));
  return out;
}

// The languages of the `lang:` filters the whole query requires (those under a top-level AND).
void required_languages(const NodePtr& n, std::vector<std::string>& out) {
  if (n->kind == Kind::kFacet && n->facet == Facet::kLanguage) {
    out.insert(out.end(), n->values.begin(), n->values.end());
  } else if (n->kind == Kind::kAnd) {
    for (const auto& c : n->children) required_languages(c, out);
  }
}

std::string hashtag_key(const std::vector<std::string>& words) {
  std::string t(layout::kPrefixHashtag);
  for (const auto& w : words) t += w;
  return t;
}

// Words in order: the phrase, or a profile that uses them as one hashtag ("slow fashion" finds
// #slowfashion even where the dictionary split the tag differently).
Xapian::Query phrase_or_hashtag(const std::vector<std::string>& words) {
  if (words.size() < 2) return phrase(words);
  return Xapian::Query(Xapian::Query::OP_OR, phrase(words), Xapian::Query(hashtag_key(words)));
}

// One loose word: the word itself, its stems (any inflection: "hike" finds "hiking"), a
// hashtag that is the word ("slowfashion" finds #SlowFashion), and for Korean its syllable
// bigrams ("패션" finds "패션을"). The exact word scores on top of its stem, so it ranks first.
Xapian::Query loose_word(const analysis::Token& t) {
  std::vector<Xapian::Query> alternatives{Xapian::Query(t.text)};
  if (analysis::stemmable(t) && query_stemmers) {
    const auto languages = analysis::stem_languages();
    std::vector<std::string> stems;
    for (int l : *query_stemmers) {
      if (languages[static_cast<std::size_t>(l)].script != t.script) continue;
      stems.push_back(analysis::stem_term(l, analysis::stem(l, t.text)));
    }
    if (!stems.empty()) {
      alternatives.emplace_back(Xapian::Query::OP_SYNONYM, stems.begin(), stems.end());
    }
  }
  if (t.kind == TokenKind::kWord) {
    alternatives.emplace_back(std::string(layout::kPrefixHashtag) + t.text);
  }
  if (t.script == analysis::Script::kHangul) {
    auto bigrams = analysis::hangul_bigrams(t.text);
    std::vector<Xapian::Query> parts;
    for (const auto& b : bigrams) parts.emplace_back(std::string(layout::kPrefixBigram) + b);
    if (!parts.empty()) alternatives.push_back(combine(Xapian::Query::OP_AND, parts));
  }
  return combine(Xapian::Query::OP_OR, alternatives);
}

// Text as the analyzer sees it. `as_phrase`: the words must be adjacent and in order, and
// match exactly (no stems). `quoted`: the user quoted it, so even one word is matched exactly;
// otherwise a query word that analyses into one word ("Hiking") is a loose word.
Part text_part(std::string_view text, bool as_phrase, bool quoted) {
  std::vector<analysis::Token> tokens;
  Analyzer::instance().tokenize(text, tokens);
  if (as_phrase && !quoted && tokens.size() == 1 && tokens[0].kind != TokenKind::kHashtag &&
      tokens[0].kind != TokenKind::kMention) {
    as_phrase = false;
  }
  std::vector<Xapian::Query> parts;
  std::vector<std::string> run;  // adjacent words of a phrase
  auto flush = [&] {
    if (run.empty()) return;
    parts.push_back(phrase_or_hashtag(run));
    run.clear();
  };
  for (const auto& t : tokens) {
    switch (t.kind) {
      case TokenKind::kHashtag:
        if (as_phrase) {
          for (auto& w : Analyzer::instance().compound_words(t.text)) run.push_back(std::move(w));
        } else if (Xapian::Query q = hashtag_query(t.text); !q.empty()) {
          parts.push_back(std::move(q));
        }
        break;
      case TokenKind::kMention:
        if (as_phrase) {
          for (auto& w : Analyzer::instance().compound_words(t.text)) run.push_back(std::move(w));
        } else {
          parts.emplace_back(doc::mention_term(t.text));
        }
        break;
      default:
        if (as_phrase) {
          run.push_back(t.text);
        } else {
          parts.push_back(loose_word(t));
        }
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
      return text_part(n->text, n->adjacent, false);
    case Kind::kPhrase:
      return text_part(n->text, true, true);
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

// A hashtag matches profiles that use it (K term: scores, so they rank first), text with the
// tag as one word, and text that spells its words out as a phrase.
Xapian::Query hashtag_query(std::string_view tag) {
  auto words = Analyzer::instance().compound_words(tag);
  if (words.empty()) return Xapian::Query();
  std::string whole;
  for (const auto& w : words) whole += w;
  std::vector<Xapian::Query> alternatives{Xapian::Query(hashtag_key(words)), Xapian::Query(whole)};
  if (words.size() > 1) alternatives.push_back(phrase(words));
  return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
}

Result<Compiled> compile(const mikros::Query& query) {
  try {
    std::vector<std::string> languages;
    required_languages(query.root(), languages);
    const std::vector<int> stemmers = stemmers_for(languages);
    query_stemmers = &stemmers;
    struct Reset {
      ~Reset() { query_stemmers = nullptr; }
    } reset;
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
