#include "query/expand.h"

#include <algorithm>

#include "analysis/stemmer.h"
#include "analysis/vocabulary.h"
#include "query/ast.h"

namespace mikros::query {
namespace {

using Kind = Query::Node::Kind;
using analysis::NicheVocabulary;

// Whether a related term can match anything in `db`: its words run together are a hashtag
// there, or each of its words occurs (a one-word term: the word or its stem).
bool occurs(const RelatedTerm& r, const Xapian::Database* db) {
  if (!db) return true;
  std::string whole;
  for (const auto& w : r.words) whole += w;
  if (db->term_exists(vocab::folded_hashtag_term(whole))) return true;
  if (r.words.size() == 1) {
    const std::string& w = r.words[0];
    if (db->term_exists(w)) return true;
    for (const char* code : {r.language.c_str(), "en"}) {
      const int l = analysis::stem_language(code);
      if (l >= 0 && db->term_exists(vocab::stem_term(l, analysis::stem(l, w)))) return true;
    }
    return false;
  }
  return std::all_of(r.words.begin(), r.words.end(),
                     [&](const std::string& w) { return db->term_exists(w); });
}

// The other terms of the niches that the terms `refs` belong to, in the file's order.
std::vector<RelatedTerm> related_of(const std::vector<analysis::NicheRef>& refs,
                                    const std::vector<std::string>& words, std::string_view from,
                                    const NicheVocabulary& vocabulary, const Xapian::Database* db) {
  std::vector<std::size_t> niches;
  for (const auto& r : refs) {
    if (std::find(niches.begin(), niches.end(), r.niche) == niches.end()) {
      niches.push_back(r.niche);
    }
  }
  std::vector<RelatedTerm> out;
  std::vector<std::vector<std::string>> seen{words};
  for (std::size_t n : niches) {
    const analysis::Niche& niche = vocabulary.niches()[n];
    for (const auto& t : niche.terms) {
      if (std::find(seen.begin(), seen.end(), t.words) != seen.end()) continue;
      // A term that names the query's words under another spelling is the query itself.
      if (std::any_of(refs.begin(), refs.end(), [&](const analysis::NicheRef& r) {
            return vocabulary.niches()[r.niche].terms[r.term].words == t.words;
          })) {
        continue;
      }
      seen.push_back(t.words);
      RelatedTerm r{t.text,       std::string(from), "niche", niche.name,
                    kNicheWeight, t.language,        t.words};
      if (occurs(r, db)) out.push_back(std::move(r));
    }
  }
  return out;
}

struct Resolver {
  const NicheVocabulary& vocabulary;
  const Xapian::Database* db;
  Expansions out;

  static bool free_word(const NodePtr& n) { return n->kind == Kind::kWords && !n->literal; }

  // Runs of adjacent free words among `children` (all of them when `and_run`, else one each),
  // matched greedily, longest first, against the niche terms.
  void words(const std::vector<NodePtr>& children, bool and_run) {
    std::size_t i = 0;
    while (i < children.size()) {
      if (!free_word(children[i])) {
        ++i;
        continue;
      }
      std::size_t end = i + 1;
      if (and_run) {
        while (end < children.size() && free_word(children[end])) ++end;
      }
      std::size_t taken = 1;
      for (std::size_t j = end; j > i; --j) {
        std::vector<std::string> span_words;
        std::string from;
        for (std::size_t k = i; k < j; ++k) {
          for (auto& w : analysis::folded_words_of(children[k]->text)) {
            span_words.push_back(std::move(w));
          }
          from += (from.empty() ? "" : " ") + children[k]->text;
        }
        if (span_words.size() > vocabulary.longest_term()) continue;
        auto refs = vocabulary.find(span_words);
        if (refs.empty()) continue;
        TextExpansion e;
        for (std::size_t k = i; k < j; ++k) e.nodes.push_back(children[k].get());
        e.from = from;
        e.related = related_of(refs, span_words, from, vocabulary, db);
        for (std::size_t k = i + 1; k < j; ++k) out.covered.insert(children[k].get());
        out.text.emplace(children[i].get(), std::move(e));
        taken = j - i;
        break;
      }
      i += taken;
    }
  }

  void category(const Query::Node& n) {
    std::vector<std::string> extra;
    for (const auto& v : n.values) {
      const auto span_words = analysis::folded_words_of(v);
      for (const auto& r :
           related_of(vocabulary.find(span_words), span_words, v, vocabulary, nullptr)) {
        const std::string term = vocab::category_term(r.term);
        if (db && !db->term_exists(term)) continue;
        if (vocab::category_term(v) == term) continue;
        if (std::find(extra.begin(), extra.end(), r.term) == extra.end()) extra.push_back(r.term);
      }
    }
    if (!extra.empty()) out.categories.emplace(&n, std::move(extra));
  }

  void visit(const NodePtr& n) {
    switch (n->kind) {
      case Kind::kNot:
        return;  // what a query excludes stays exactly what it says
      case Kind::kWords:
        words({n}, false);
        return;
      case Kind::kFacet:
        if (n->facet == Facet::kCategory) category(*n);
        return;
      case Kind::kAnd:
      case Kind::kOr:
        words(n->children, n->kind == Kind::kAnd);
        for (const auto& c : n->children) {
          if (c->kind != Kind::kWords) visit(c);
        }
        return;
      default:
        return;
    }
  }
};

}  // namespace

Expansions resolve_expansions(const Query& query, const NicheVocabulary& vocabulary,
                              const Xapian::Database* db) {
  Resolver r{vocabulary, db, {}};
  r.visit(query.root());
  return std::move(r.out);
}

std::vector<RelatedTerm> related_terms(std::string_view text, const NicheVocabulary& vocabulary,
                                       const Xapian::Database* db) {
  const auto words = analysis::folded_words_of(text);
  return related_of(vocabulary.find(words), words, text, vocabulary, db);
}

}  // namespace mikros::query
