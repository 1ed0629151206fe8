#include "query/text_query.h"

#include <algorithm>

#include "analysis/document.h"
#include "analysis/stemmer.h"
#include "analysis/vocabulary.h"

namespace mikros::query {

using analysis::Analyzer;
using analysis::TokenKind;

Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& qs) {
  if (qs.size() == 1) return qs[0];
  return Xapian::Query(op, qs.begin(), qs.end());
}

Xapian::Query phrase(const std::vector<std::string>& terms) {
  if (terms.size() == 1) return Xapian::Query(terms[0]);
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
}

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

Xapian::Query phrase_or_hashtag(const std::vector<std::string>& words) {
  if (words.size() < 2) return phrase(words);
  std::string whole;
  for (const auto& w : words) whole += w;
  return Xapian::Query(Xapian::Query::OP_OR, phrase(words),
                       Xapian::Query(vocab::folded_hashtag_term(whole)));
}

Xapian::Query loose_word(const analysis::Token& t, const std::vector<int>& stemmers) {
  std::vector<Xapian::Query> alternatives{Xapian::Query(t.text)};
  if (analysis::stemmable(t)) {
    std::vector<std::string> stems;
    vocab::stem_terms(t.text, t.script, stemmers, stems);
    if (!stems.empty()) {
      alternatives.emplace_back(Xapian::Query::OP_SYNONYM, stems.begin(), stems.end());
    }
  }
  if (t.kind == TokenKind::kWord) {
    alternatives.emplace_back(vocab::folded_hashtag_term(t.text));
  }
  if (t.script == analysis::Script::kHangul) {
    auto bigrams = analysis::hangul_bigrams(t.text);
    std::vector<Xapian::Query> parts;
    for (const auto& b : bigrams) parts.emplace_back(vocab::bigram_term(b));
    if (!parts.empty()) alternatives.push_back(combine(Xapian::Query::OP_AND, parts));
  }
  return combine(Xapian::Query::OP_OR, alternatives);
}

std::optional<Xapian::Query> text_query(std::string_view text, bool as_phrase, bool quoted,
                                        const std::vector<int>& stemmers) {
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
          parts.emplace_back(vocab::mention_term(t.text));
        }
        break;
      default:
        if (as_phrase) {
          run.push_back(t.text);
        } else {
          parts.push_back(loose_word(t, stemmers));
        }
    }
  }
  flush();
  if (parts.empty()) return std::nullopt;
  return combine(Xapian::Query::OP_AND, parts);
}

Xapian::Query hashtag_query(std::string_view tag) {
  auto words = Analyzer::instance().compound_words(tag);
  if (words.empty()) return Xapian::Query();
  std::string whole;
  for (const auto& w : words) whole += w;
  std::vector<Xapian::Query> alternatives{Xapian::Query(vocab::folded_hashtag_term(whole)),
                                          Xapian::Query(whole)};
  if (words.size() > 1) alternatives.push_back(phrase(words));
  return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
}

Xapian::Query related_query(const RelatedTerm& r) {
  if (r.words.size() > 1) return phrase_or_hashtag(r.words);
  const std::string& word = r.words[0];
  std::vector<Xapian::Query> alternatives{Xapian::Query(word),
                                          Xapian::Query(vocab::folded_hashtag_term(word))};
  for (const char* code : {r.language.c_str(), "en"}) {
    const int l = analysis::stem_language(code);
    if (l < 0 || analysis::word_script(word) != analysis::stem_languages()[l].script) continue;
    Xapian::Query stem(vocab::stem_term(l, analysis::stem(l, word)));
    if (std::none_of(alternatives.begin(), alternatives.end(), [&](const Xapian::Query& q) {
          return q.get_description() == stem.get_description();
        })) {
      alternatives.push_back(stem);
    }
  }
  return combine(Xapian::Query::OP_OR, alternatives);
}

}  // namespace mikros::query
