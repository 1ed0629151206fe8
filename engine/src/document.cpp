#include "document.h"

#include <algorithm>
#include <cmath>

#include "analyzer.h"
#include "layout.h"
#include "segmenter.h"
#include "stemmer.h"
#include "text_util.h"

namespace mikros::doc {
namespace {

// Xapian refuses terms longer than 245 bytes; such terms are never useful filters anyway.
constexpr std::size_t kMaxTermBytes = 240;

std::string prefixed(std::string_view prefix, std::string_view value) {
  std::string t;
  t.reserve(prefix.size() + value.size());
  t += prefix;
  t += value;
  return t;
}

std::string join(const std::vector<std::string>& words, std::string_view sep) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += sep;
    out += w;
  }
  return out;
}

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
    std::string whole(layout::kPrefixHashtag);
    for (const auto& w : words_) {
      analysis::Token t{w, analysis::TokenKind::kWord, analysis::word_script(w)};
      word(w, t.script, analysis::stemmable(t));
      whole += w;
    }
    if (whole.size() <= kMaxTermBytes) sink_.term(whole);
  }

  // A handle written in text: its words (not stemmed: they are names), and the mention term.
  void mention(std::string_view handle) {
    words_.clear();
    analyzer_.compound_words(handle, words_, corpus_);
    for (const auto& w : words_) word(w, analysis::Script::kNone, false);
    boolean(mention_term(handle));
  }

  void boolean(const std::string& term) {
    if (term.size() > 1 && term.size() <= kMaxTermBytes) sink_.boolean(term);
  }
  // Starts a new field (or a new entry of a list field) so phrases cannot span the boundary.
  void gap(Xapian::termpos n = layout::kFieldGap) { pos_ += n; }

 private:
  void word(const std::string& term, analysis::Script script, bool stem) {
    if (term.empty() || term.size() > kMaxTermBytes) return;
    sink_.posting(term, pos_++);
    if (stem) {
      const auto languages = analysis::stem_languages();
      for (int l : stemmers_) {
        if (languages[static_cast<std::size_t>(l)].script != script) continue;
        std::string z = analysis::stem_term(l, analysis::stem(l, term));
        if (z.size() <= kMaxTermBytes) sink_.term(z);
      }
    }
    if (script == analysis::Script::kHangul) {
      auto bigrams = analysis::hangul_bigrams(term);
      if (bigrams.size() >= 2) {  // three syllables or more; shorter words are their bigram
        for (const auto& b : bigrams) sink_.term(prefixed(layout::kPrefixBigram, b));
      }
    }
  }

  const analysis::Analyzer& analyzer_ = analysis::Analyzer::instance();
  TermSink& sink_;
  std::vector<int> stemmers_;
  const analysis::CorpusWords* corpus_;
  std::vector<analysis::Token> tokens_;
  std::vector<std::string> words_;
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

void add_value(Xapian::Document& d, Xapian::valueno slot, double v) {
  if (std::isfinite(v)) d.add_value(slot, Xapian::sortable_serialise(v));
}

}  // namespace

std::string country_term(std::string_view iso_code) {
  return prefixed(layout::kPrefixCountry, ascii_lower(iso_code));
}
std::string tier_term(Tier tier) {
  return prefixed(layout::kPrefixTier, tier_name(tier));
}
std::string platform_term(std::string_view platform) {
  return prefixed(layout::kPrefixPlatform, ascii_lower(platform));
}
std::string language_term(std::string_view iso_code) {
  return prefixed(layout::kPrefixLanguage, ascii_lower(iso_code));
}
std::string category_term(std::string_view category) {
  std::vector<std::string> words;
  for (auto& t : analysis::Analyzer::instance().tokenize(category)) {
    if (t.kind == analysis::TokenKind::kWord || t.kind == analysis::TokenKind::kNumber) {
      words.push_back(std::move(t.text));
    } else {
      // "#fashion" or "@x" written as a category: take the word itself.
      words.push_back(analysis::Analyzer::instance().fold(t.text));
    }
  }
  return prefixed(layout::kPrefixCategory, join(words, "-"));
}
std::string hashtag_term(std::string_view tag) {
  while (!tag.empty() && tag.front() == '#') tag.remove_prefix(1);
  return prefixed(layout::kPrefixHashtag,
                  join(analysis::Analyzer::instance().compound_words(tag), ""));
}
std::string mention_term(std::string_view handle) {
  while (!handle.empty() && handle.front() == '@') handle.remove_prefix(1);
  return prefixed(layout::kPrefixMention, analysis::Analyzer::instance().fold(handle));
}
std::string key_term(std::string_view key) {
  return prefixed(layout::kPrefixKey, key);
}
std::string sponsor_term(std::string_view brand) {
  while (!brand.empty() && brand.front() == '@') brand.remove_prefix(1);
  return prefixed(layout::kPrefixSponsor,
                  join(analysis::Analyzer::instance().compound_words(brand), ""));
}

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
  for (const auto& m : p.mentions) out.boolean(mention_term(m));
}

Xapian::Document build_document(const Profile& p, const FacetRecord& f,
                                const analysis::CorpusWords* corpus) {
  Xapian::Document d;
  std::string key = profile_key(p);
  d.set_data(key);
  d.add_boolean_term(key_term(key));

  DocumentSink sink(d);
  auto boolean = [&](const std::string& term) {
    if (term.size() > 1 && term.size() <= kMaxTermBytes) d.add_boolean_term(term);
  };
  boolean(platform_term(p.platform));
  boolean(tier_term(f.tier));
  if (!p.country.empty()) boolean(country_term(p.country));
  for (const auto& l : p.languages) boolean(language_term(l));
  for (const auto& c : p.categories) boolean(category_term(c));
  for (const auto& b : p.sponsored) boolean(sponsor_term(b));
  index_text(p, sink, corpus);

  // Value slots hold the profile's own doubles, not the facets' floats: a range query is exact
  // at its boundary only if it compares against the number as written.
  add_value(d, layout::kSlotFollowers, static_cast<double>(p.followers));
  if (auto er = metrics::engagement_rate(p)) add_value(d, layout::kSlotEngagement, *er);
  if (auto g = metrics::monthly_growth(p)) add_value(d, layout::kSlotGrowth, *g);
  if (p.audience.authenticity) {
    add_value(d, layout::kSlotAuthenticity, *p.audience.authenticity);
  } else {
    add_value(d, layout::kSlotAuthenticity, f.authenticity);
  }
  if (p.price_usd) add_value(d, layout::kSlotPrice, *p.price_usd);
  return d;
}

}  // namespace mikros::doc
