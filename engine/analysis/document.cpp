#include "analysis/document.h"

#include <algorithm>
#include <cmath>

#include "analysis/analyzer.h"
#include "analysis/segmenter.h"
#include "analysis/stemmer.h"
#include "analysis/vocabulary.h"

namespace mikros::doc {
namespace {

using vocab::kMaxTermBytes;

// Turns analysed text into terms, keeping the running position: each word gets the next
// position, a new field (or list entry) starts after a gap so phrases cannot span two.
class TextWriter {
 public:
  TextWriter(TermSink& sink, std::vector<int> stemmers, const analysis::CorpusWords* corpus)
      : sink_(sink), stemmers_(std::move(stemmers)), corpus_(corpus) {}

  void text(std::string_view text) {
    tokens_.clear();
    analyzer_.tokenize(text, tokens_);
    for (const auto& t : tokens_) {
      switch (t.kind) {
        case analysis::TokenKind::kHashtag:
          hashtag(t.text);
          break;
        case analysis::TokenKind::kMention:
          mention(t.text);
          break;
        case analysis::TokenKind::kWord:
          word(t.text, t.script, analysis::stemmable(t));
          break;
        default:  // numbers, emoji, domains: the exact term only
          word(t.text, analysis::Script::kNone, false);
      }
    }
  }

  // A hashtag: its words at consecutive positions (so "slow fashion" finds #slowfashion), each
  // with its stems, and the whole tag as one scored K term.
  void hashtag(std::string_view tag) {
    words_.clear();
    analyzer_.compound_words(tag, words_, corpus_);
    if (words_.empty()) return;
    std::string whole;
    for (const auto& w : words_) {
      analysis::Token t{w, analysis::TokenKind::kWord, analysis::word_script(w)};
      word(w, t.script, analysis::stemmable(t));
      whole += w;
    }
    std::string term = vocab::folded_hashtag_term(whole);
    if (term.size() <= kMaxTermBytes) sink_.term(term);
  }

  // A handle written in text: its words (not stemmed: they are names), and the mention term.
  void mention(std::string_view handle) {
    words_.clear();
    analyzer_.compound_words(handle, words_, corpus_);
    for (const auto& w : words_) word(w, analysis::Script::kNone, false);
    boolean(vocab::mention_term(handle));
  }

  void boolean(const std::string& term) {
    if (term.size() > 1 && term.size() <= kMaxTermBytes) sink_.boolean(term);
  }
  // Starts a new field (or a new entry of a list field) so phrases cannot span the boundary.
  void gap(Xapian::termpos n = vocab::kFieldGap) { pos_ += n; }

 private:
  void word(const std::string& term, analysis::Script script, bool stem) {
    if (term.empty() || term.size() > kMaxTermBytes) return;
    sink_.posting(term, pos_++);
    if (stem) {
      stems_.clear();
      vocab::stem_terms(term, script, stemmers_, stems_);
      for (const auto& z : stems_) {
        if (z.size() <= kMaxTermBytes) sink_.term(z);
      }
    }
    if (script == analysis::Script::kHangul) {
      auto bigrams = analysis::hangul_bigrams(term);
      if (bigrams.size() >= 2) {  // three syllables or more; shorter words are their bigram
        for (const auto& b : bigrams) sink_.term(vocab::bigram_term(b));
      }
    }
  }

  const analysis::Analyzer& analyzer_ = analysis::Analyzer::instance();
  TermSink& sink_;
  std::vector<int> stemmers_;
  const analysis::CorpusWords* corpus_;
  std::vector<analysis::Token> tokens_;
  std::vector<std::string> words_;
  std::vector<std::string> stems_;
  Xapian::termpos pos_ = 1;
};

class DocumentSink : public TermSink {
 public:
  explicit DocumentSink(Xapian::Document& d) : doc_(d) {}
  void posting(const std::string& term, Xapian::termpos pos) override {
    doc_.add_posting(term, pos);
  }
  void term(const std::string& term) override { doc_.add_term(term); }
  void boolean(const std::string& term) override { doc_.add_boolean_term(term); }

 private:
  Xapian::Document& doc_;
};

// The account's filter terms: its city, and what it gives (has:, sponsored:*).
void add_account_terms(Xapian::Document& d, const Profile& p, const FacetRecord& f) {
  auto boolean = [&](const std::string& term) {
    if (term.size() > vocab::kPrefixCity.size() && term.size() <= kMaxTermBytes) {
      d.add_boolean_term(term);
    }
  };
  boolean(vocab::city_term(p.city));  // "XG" alone (no city, or too long): left out
  if (f.has_contact) boolean(vocab::has_term("contact"));
  if (!std::isnan(f.price_usd)) boolean(vocab::has_term("price"));
  if (f.has_sponsored) boolean(vocab::has_term("sponsored"));
}

// The audience's share terms (vocabulary.h), from the stored levels, so that they and the facet
// columns hold the same shares.
void add_audience_terms(Xapian::Document& d, const AudienceSummary& a) {
  if (a.has_countries()) {
    d.add_boolean_term(vocab::has_term("aud.country"));
    for (const auto& c : a.countries) {
      if (c.share > 0) d.add_boolean_term(vocab::audience_country_term({c.code, 2}, c.share));
    }
  }
  if (a.has_age()) {
    d.add_boolean_term(vocab::has_term("aud.age"));
    for (int first = 0; first < kAgeBandCount; ++first) {
      unsigned sum = 0;
      for (int last = first; last < kAgeBandCount; ++last) {
        sum += a.age[last];
        const int level = static_cast<int>(std::min<unsigned>(sum, kShareLevels));
        if (level > 0) d.add_boolean_term(vocab::audience_age_term({first, last}, level));
      }
    }
  }
  if (a.has_gender()) {
    d.add_boolean_term(vocab::has_term("aud.gender"));
    for (Gender g : {Gender::kFemale, Gender::kMale}) {
      const std::uint8_t level = g == Gender::kFemale ? a.female : a.male;
      if (level != kUnknownShare) d.add_boolean_term(vocab::audience_gender_term(g, level));
    }
  }
}

}  // namespace

std::shared_ptr<const analysis::CorpusWords> corpus_words(const Xapian::Database& db) {
  std::vector<std::pair<std::string, std::uint64_t>> counts;
  for (char c = 'a'; c <= 'z'; ++c) {
    const std::string prefix(1, c);
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
      Xapian::doccount df = it.get_termfreq();
      if (df < analysis::CorpusWords::kMinDocumentFrequency) continue;
      const std::string& term = *it;
      if (std::all_of(term.begin(), term.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; })) {
        counts.emplace_back(term, df);
      }
    }
  }
  return std::make_shared<const analysis::CorpusWords>(counts, db.get_doccount());
}

std::vector<int> stem_languages_of(const Profile& p) {
  std::vector<int> out;
  auto add = [&](int l) {
    if (l >= 0 && std::find(out.begin(), out.end(), l) == out.end()) out.push_back(l);
  };
  for (const auto& code : p.languages) add(analysis::stem_language(code));
  add(analysis::stem_language("en"));
  return out;
}

void index_text(const Profile& p, TermSink& sink, const analysis::CorpusWords* corpus) {
  TextWriter out(sink, stem_languages_of(p), corpus);
  out.text(p.name);
  out.gap();
  out.text(p.bio);
  out.gap();
  for (const auto& tag : p.hashtags) {
    out.hashtag(tag);
    out.gap(2);  // "#slow #fashion" is not the phrase "slow fashion"
  }
  out.gap();
  for (const auto& c : p.categories) {
    out.text(c);
    out.gap(2);
  }
  for (const auto& m : p.mentions) out.boolean(vocab::mention_term(m));
}

Xapian::Document build_document(const Profile& p, const FacetRecord& f,
                                const analysis::CorpusWords* corpus) {
  Xapian::Document d;
  std::string key = profile_key(p);
  d.set_data(key);
  d.add_boolean_term(vocab::key_term(key));

  DocumentSink sink(d);
  auto boolean = [&](const std::string& term) {
    if (term.size() > 1 && term.size() <= kMaxTermBytes) d.add_boolean_term(term);
  };
  boolean(vocab::platform_term(p.platform));
  boolean(vocab::tier_term(f.tier));
  if (!p.country.empty()) boolean(vocab::country_term(p.country));
  for (const auto& l : p.languages) boolean(vocab::language_term(l));
  for (const auto& c : p.categories) boolean(vocab::category_term(c));
  for (const auto& b : p.sponsored) boolean(vocab::sponsor_term(b));
  add_account_terms(d, p, f);
  add_audience_terms(d, f.audience);
  index_text(p, sink, corpus);

  // No value slots: the numbers live in the facets record and the columns (storage/layout.h,
  // format 5). Xapian 1.4 writes pending value changes in a destructor, so an I/O error there
  // ends the process (std::terminate) instead of failing the commit.
  return d;
}

}  // namespace mikros::doc
