#include "query/compile.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "analysis/vocabulary.h"
#include "query/ast.h"
#include "query/audience_match.h"
#include "query/column_match.h"
#include "query/text_query.h"

namespace mikros::query {
namespace {

using Kind = mikros::Query::Node::Kind;

// A compiled subtree. `query` is empty when the subtree has nothing to search for (text made
// only of punctuation), in which case it does not constrain the match.
struct Part {
  std::optional<Xapian::Query> query;
  bool scoring = false;
};

// A part of the query that cannot run on this snapshot (an unknown like: seed); thrown inside
// the compiler only and returned as a Status by compile().
struct CompileError {
  Status status;
};

// The languages of the `lang:` filters the whole query requires (those under a top-level AND).
void required_languages(const NodePtr& n, std::vector<std::string>& out) {
  if (n->kind == Kind::kFacet && n->facet == Facet::kLanguage) {
    out.insert(out.end(), n->values.begin(), n->values.end());
  } else if (n->kind == Kind::kAnd) {
    for (const auto& c : n->children) required_languages(c, out);
  }
}

// Text as the analyzer sees it (text_query.h), as a scoring part.
Part text_part(std::string_view text, bool as_phrase, bool quoted,
               const std::vector<int>& stemmers) {
  auto q = text_query(text, as_phrase, quoted, stemmers);
  return q ? Part{std::move(*q), true} : Part{};
}

}  // namespace

// Bounds made inclusive: an exclusive bound moves to the next representable value (the next
// integer for follower counts, which are whole numbers).
InclusiveBounds inclusive_bounds(NumericField field, const NumericRange& r) {
  InclusiveBounds b{r.min, r.max, false};
  if (b.lo && !r.min_inclusive) {
    b.lo =
        field == NumericField::kFollowers ? std::floor(*b.lo) + 1 : std::nextafter(*b.lo, HUGE_VAL);
  }
  if (b.hi && !r.max_inclusive) {
    b.hi =
        field == NumericField::kFollowers ? std::ceil(*b.hi) - 1 : std::nextafter(*b.hi, -HUGE_VAL);
  }
  b.empty = b.lo && b.hi && *b.lo > *b.hi;
  return b;
}

namespace {

// `extra`: more values, any of which also passes (a category's niche, expand.h).
Xapian::Query facet_query(const mikros::Query::Node& n,
                          const std::vector<std::string>* extra = nullptr) {
  std::vector<std::string> values = n.values;
  if (extra) values.insert(values.end(), extra->begin(), extra->end());
  std::vector<Xapian::Query> terms;
  for (const auto& v : values) {
    switch (n.facet) {
      case Facet::kTier:
        terms.emplace_back(vocab::tier_term(*parse_tier(v)));
        break;
      case Facet::kCountry:
        terms.emplace_back(vocab::country_term(v));
        break;
      case Facet::kPlatform:
        terms.emplace_back(vocab::platform_term(v));
        break;
      case Facet::kLanguage:
        terms.emplace_back(vocab::language_term(v));
        break;
      case Facet::kCategory:
        terms.emplace_back(vocab::category_term(v));
        break;
      case Facet::kCity:
        terms.emplace_back(vocab::city_term(v));
        break;
      case Facet::kSponsored:
        terms.emplace_back(v == "*" ? vocab::has_term("sponsored") : vocab::sponsor_term(v));
        break;
    }
  }
  if (terms.empty()) return Xapian::Query::MatchNothing;
  return combine(Xapian::Query::OP_OR, terms);
}

// State of one compilation.
struct State {
  explicit State(const Context& c) : ctx(c) {}
  const Context& ctx;
  // The node being compiled is a filter in an AND beside text (outside any NOT): the text
  // yields the candidates, so the filter may check them against the columns.
  bool beside_text = false;
  std::vector<int> stemmers;  // stemmers_for() the query's required languages
  int negated = 0;            // depth of NOT around the node being compiled
  std::vector<std::pair<std::string, Xapian::Query>> parts;
  std::vector<std::string> notes;
  std::vector<std::pair<RelatedTerm, Xapian::Query>> related;

  const TextExpansion* expansion_of(const NodePtr& n) const {
    if (!ctx.expansions) return nullptr;
    auto it = ctx.expansions->text.find(n.get());
    return it == ctx.expansions->text.end() ? nullptr : &it->second;
  }
  bool covered(const NodePtr& n) const {
    return ctx.expansions && ctx.expansions->covered.count(n.get()) > 0;
  }
  const std::vector<std::string>* categories_of(const mikros::Query::Node& n) const {
    if (!ctx.expansions) return nullptr;
    auto it = ctx.expansions->categories.find(&n);
    return it == ctx.expansions->categories.end() ? nullptr : &it->second;
  }

  // Records a scoring clause for the explanation (not under NOT: it adds nothing to a score).
  void part(const NodePtr& n, const Part& p) {
    if (negated == 0 && p.scoring && p.query) parts.emplace_back(describe_node(n), *p.query);
  }
};

// like:SEED: the seed's expansion (seeds.h) as an OR of its terms, each scaled by its share of
// the best expansion weight (factors <= 1), without the seed itself.
Part like_part(const NodePtr& node, State& st) {
  const SeedExpansion* seed = nullptr;
  if (st.ctx.seeds) {
    if (auto it = st.ctx.seeds->find(node.get()); it != st.ctx.seeds->end()) seed = &it->second;
  }
  if (!seed) {
    throw CompileError{Status::invalid_argument("like: needs the database to search")};
  }
  if (seed->terms.empty()) {
    st.notes.push_back(fmt::format("{} ({}): no bio or hashtag words to compare",
                                   describe_node(node), seed->seed_key));
    return {Xapian::Query::MatchNothing, true};
  }
  std::vector<Xapian::Query> terms;
  std::string note = fmt::format("{} ({}) expands to", describe_node(node), seed->seed_key);
  for (const auto& [term, factor] : seed->terms) {
    terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), factor);
    note += fmt::format(" {} {:.2f}", term, factor);
  }
  st.notes.push_back(std::move(note));
  return {Xapian::Query(Xapian::Query::OP_AND_NOT, combine(Xapian::Query::OP_OR, terms),
                        Xapian::Query(vocab::key_term(seed->seed_key))),
          true};
}

// er:high,... reads the labels from the facet columns.
Part engagement_part(const mikros::Query::Node& n, const State& st) {
  if (!st.ctx.columns) {
    throw CompileError{Status::invalid_argument("er: labels need the database to search")};
  }
  if (n.labels.empty()) return {Xapian::Query::MatchNothing, false};
  auto* source = new LabelSource(st.ctx.columns, LabelSource::mask_of(n.labels));
  return {Xapian::Query(source->release()), false};
}

Part compile_node(const NodePtr& n, State& st);
bool has_text(const NodePtr& n);

// Words as written, or their related terms: the related terms count as one synonym (a profile
// that uses many of them is not scored as if it matched many query words) scaled below the
// words (kNicheWeight), so matching the words themselves ranks first.
Part expanded(const TextExpansion& e, Part literal, State& st) {
  if (e.related.empty() || !literal.query) return literal;
  std::vector<Xapian::Query> alternatives;
  std::string note = fmt::format("{} also matches, x {:.2f}:", e.from, kNicheWeight);
  std::string niche;
  for (const auto& r : e.related) {
    Xapian::Query q = related_query(r);
    alternatives.push_back(q);
    if (st.negated == 0) st.related.emplace_back(r, q);
    if (r.niche != niche) {
      niche = r.niche;
      note += fmt::format(" (niche: {})", niche);
    }
    note += fmt::format(" {};", r.term);
  }
  note.pop_back();
  st.notes.push_back(std::move(note));
  Xapian::Query related(
      Xapian::Query::OP_SCALE_WEIGHT,
      Xapian::Query(Xapian::Query::OP_SYNONYM, alternatives.begin(), alternatives.end()),
      kNicheWeight);
  if (st.negated == 0) st.parts.emplace_back(fmt::format("related to {}", e.from), related);
  return {Xapian::Query(Xapian::Query::OP_OR, *literal.query, related), true};
}

// Unquoted words: as written (a score part of their own), then their expansion when the
// expansion is theirs alone.
Part words_part(const NodePtr& n, State& st) {
  Part p = text_part(n->text, n->adjacent, false, st.stemmers);
  st.part(n, p);
  return p;
}

// AND of scoring parts, filtered by the non-scoring parts, minus the negated parts.
// tier:, country: and platform: as a filter over the facet columns when they match the snapshot
// (an array lookup per candidate instead of a walk over a posting list that holds a quarter to
// half of all profiles); the boolean terms otherwise, and for lang: and category:.
Xapian::Query facet_part(const mikros::Query::Node& n, const State& st) {
  const auto& columns = st.ctx.columns;
  // Without text to drive the match (alone, under OR or NOT), the filter would walk every row:
  // the terms' posting lists are faster there.
  if (!columns || !st.ctx.columns_current || !st.beside_text) {
    return facet_query(n, st.categories_of(n));
  }
  if (n.facet == Facet::kSponsored && n.values == std::vector<std::string>{"*"}) {
    return Xapian::Query((new PresenceSource(columns, kSponsoredAny))->release());
  }
  const auto field = FacetSource::field_of(n.facet);
  if (!field) return facet_query(n, st.categories_of(n));
  std::vector<std::uint32_t> values = FacetSource::values_for(*field, n.values, *columns);
  if (values.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query((new FacetSource(columns, *field, std::move(values)))->release());
}

// aud.country:, aud.age:, aud.gender: beside text, checked on the columns (one lookup a
// candidate, where the terms would be an OR of up to 251 posting lists); their share terms
// otherwise (audience_match.h).
Xapian::Query audience_part(const mikros::Query::Node& n, const State& st) {
  if (!n.invalid.empty()) throw CompileError{Status::invalid_argument(n.invalid)};
  const auto& columns = st.ctx.columns;
  if (!columns || !st.ctx.columns_current || !st.beside_text) return audience_query(n);
  if (n.share_lo > n.share_hi) return Xapian::Query::MatchNothing;
  return Xapian::Query((new AudienceSource(columns, AudienceTest::make(n)))->release());
}

// has: beside text on the columns' presence bits; its presence terms otherwise.
Xapian::Query has_part(const mikros::Query::Node& n, const State& st) {
  const auto& columns = st.ctx.columns;
  if (!columns || !st.ctx.columns_current || !st.beside_text) return has_query(n);
  return Xapian::Query((new PresenceSource(columns, presence_mask(n)))->release());
}

// A numeric range, checked on the columns' exact values (RangeSource): beside text, one array
// lookup per candidate; alone or under OR or NOT, a walk over the rows. The text index holds no
// value slots (storage/layout.h, format 5).
Xapian::Query range_part(const mikros::Query::Node& n, const State& st) {
  if (!st.ctx.columns) {
    throw CompileError{Status::invalid_argument("numeric filters need the database to search")};
  }
  const InclusiveBounds b = inclusive_bounds(n.field, n.range);
  if (b.empty) return Xapian::Query::MatchNothing;
  auto* source = new RangeSource(st.ctx.columns, RangeTest::make(n.field, b.lo, b.hi));
  return Xapian::Query(source->release());
}

Part compile_and(const std::vector<NodePtr>& children, State& st) {
  std::vector<Xapian::Query> scoring, filters, excluded;
  bool text = false;
  for (const auto& child : children) text = text || (child->kind != Kind::kNot && has_text(child));
  for (const auto& child : children) {
    if (child->kind == Kind::kNot) {
      ++st.negated;
      const bool beside = std::exchange(st.beside_text, false);
      Part p = compile_node(child->children[0], st);
      st.beside_text = beside;
      --st.negated;
      if (p.query) excluded.push_back(*p.query);
      continue;
    }
    // A filter child of this AND is checked against the text's candidates; a child that holds
    // text (or an OR) compiles its own filters by its own rule.
    if (st.covered(child)) continue;  // compiled with the run of words it belongs to
    const bool beside = std::exchange(
        st.beside_text, text && !has_text(child) && st.negated == 0 && child->kind != Kind::kOr);
    Part p;
    if (const TextExpansion* e = st.expansion_of(child); e && e->nodes.size() > 1) {
      // A run of words that names a niche term: the words as written (each its own score
      // part), or the term's related terms.
      std::vector<Xapian::Query> words;
      for (const auto& other : children) {
        if (std::find(e->nodes.begin(), e->nodes.end(), other.get()) == e->nodes.end()) continue;
        Part w = words_part(other, st);
        if (w.query) words.push_back(*w.query);
      }
      Part literal;
      if (!words.empty()) literal = {combine(Xapian::Query::OP_AND, words), true};
      p = expanded(*e, literal, st);
    } else {
      p = compile_node(child, st);
    }
    st.beside_text = beside;
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

// A leaf clause, recorded as a score part when it scores.
Part leaf(const NodePtr& n, State& st, Part p) {
  st.part(n, p);
  return p;
}

Part compile_node(const NodePtr& n, State& st) {
  switch (n->kind) {
    case Kind::kAll:
      return {Xapian::Query::MatchAll, false};
    case Kind::kAnd:
      return compile_and(n->children, st);
    case Kind::kNot:
      return compile_and({n}, st);
    case Kind::kOr: {
      std::vector<Xapian::Query> parts;
      bool scoring = false;
      for (const auto& child : n->children) {
        Part p = compile_node(child, st);
        if (!p.query) return {};  // "x OR !!!": the empty side matches everything
        parts.push_back(*p.query);
        scoring = scoring || p.scoring;
      }
      return {combine(Xapian::Query::OP_OR, parts), scoring};
    }
    case Kind::kWords: {
      Part p = words_part(n, st);
      if (const TextExpansion* e = st.expansion_of(n); e && e->nodes.size() == 1) {
        return expanded(*e, p, st);
      }
      return p;
    }
    case Kind::kPhrase:
      return leaf(n, st, text_part(n->text, true, true, st.stemmers));
    case Kind::kHashtag: {
      Xapian::Query q = hashtag_query(n->text);
      if (q.empty()) return {};
      return leaf(n, st, {q, true});
    }
    case Kind::kMention:
      return {Xapian::Query(vocab::mention_term(n->text)), false};
    case Kind::kFacet:
      return {facet_part(*n, st), false};
    case Kind::kRange:
      return {range_part(*n, st), false};
    case Kind::kEngagement:
      return engagement_part(*n, st);
    case Kind::kLike:
      return leaf(n, st, like_part(n, st));
    case Kind::kAudience:
      return {audience_part(*n, st), false};
    case Kind::kHas:
      return {has_part(*n, st), false};
  }
  return {};
}

// Text clauses (words, phrases, hashtags, lookalikes) outside any NOT.
bool has_text(const NodePtr& n) {
  switch (n->kind) {
    case Kind::kWords:
    case Kind::kPhrase:
    case Kind::kHashtag:
    case Kind::kLike:
      return true;
    case Kind::kNot:
      return false;
    default:
      break;
  }
  for (const auto& child : n->children) {
    if (has_text(child)) return true;
  }
  return false;
}

bool reads_columns(const NodePtr& n) {
  if (n->kind == Kind::kEngagement || n->kind == Kind::kRange) return true;
  for (const auto& child : n->children) {
    if (reads_columns(child)) return true;
  }
  return false;
}

}  // namespace

bool needs_columns(const mikros::Query& query) {
  switch (query.sort_order()) {
    case SortOrder::kFollowers:
    case SortOrder::kEngagement:
    case SortOrder::kGrowth:
    case SortOrder::kAudience:
      return true;
    case SortOrder::kRelevance:
      // Without text to score, the hits are listed by followers.
      if (!has_text(query.root())) return true;
      break;
    case SortOrder::kAlignment:
      break;
  }
  return reads_columns(query.root());
}

Result<Compiled> compile(const mikros::Query& query, const Context& context) {
  State st(context);
  std::vector<std::string> languages;
  required_languages(query.root(), languages);
  st.stemmers = stemmers_for(languages);
  try {
    Part p = compile_node(query.root(), st);
    Compiled c;
    c.query = p.query ? *p.query : Xapian::Query::MatchAll;
    c.scoring = p.scoring;
    c.parts = std::move(st.parts);
    c.notes = std::move(st.notes);
    c.related = std::move(st.related);
    return c;
  } catch (const CompileError& e) {
    return e.status;
  } catch (const Xapian::Error& e) {
    // Building queries reads nothing: an error here is a bug.
    return Status::internal(fmt::format("compiling the query: {}", e.get_description()));
  }
}

}  // namespace mikros::query
