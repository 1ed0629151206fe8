// Building the Xapian document of a profile, and the filter terms that queries look for.
// Both live in the engine because recovery rebuilds documents from stored profiles.
#ifndef MIKROS_ENGINE_DOCUMENT_H
#define MIKROS_ENGINE_DOCUMENT_H

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "facets.h"
#include "mikros/profile.hpp"

namespace mikros::analysis {
class CorpusWords;
}

namespace mikros::doc {

// Receives the text terms of a profile (layout.h describes them), in order.
class TermSink {
 public:
  virtual ~TermSink() = default;
  virtual void posting(const std::string& term, Xapian::termpos pos) = 0;  // word at a position
  virtual void term(const std::string& term) = 0;     // wdf + 1, no position (K, Z, XB terms)
  virtual void boolean(const std::string& term) = 0;  // filter term, wdf 0 (XM)
};

// The text terms of `profile`: name, bio, hashtags, categories and mentions, analysed by the
// analyzer (tokens, hashtag segmentation with `corpus` word counts when given, stems by the
// profile's languages and English, Korean bigrams). Terms longer than Xapian accepts are
// skipped. This is the analysis part of indexing; `mikros bench --only analysis` measures it.
void index_text(const Profile& profile, TermSink& sink,
                const analysis::CorpusWords* corpus = nullptr);

// The stemmer languages (analysis::stem_languages() indexes) a profile's words are stemmed
// with: those of its languages that Xapian can stem, and English.
std::vector<int> stem_languages_of(const Profile& profile);

// Filter terms, built from raw user or profile values exactly as the indexer builds them.
std::string country_term(std::string_view iso_code);   // "US" -> "Nus"
std::string tier_term(Tier tier);                      // "XTmicro"
std::string platform_term(std::string_view platform);  // "XPinstagram"
std::string language_term(std::string_view iso_code);  // "Les"
std::string category_term(std::string_view category);  // "Slow Fashion" -> "XCslow-fashion"
std::string hashtag_term(std::string_view tag);        // "#SlowFashion" -> "Kslowfashion"
std::string mention_term(std::string_view handle);     // "@Brand.Co" -> "XMbrand.co"
std::string key_term(std::string_view key);            // "Qinstagram:ana"
std::string sponsor_term(std::string_view brand);      // "Free People" -> "XSfreepeople"

// Word counts of an index for hashtag segmentation: every unprefixed term made of the
// letters a-z with its document frequency (segmenter.h keeps those in 3 documents or more).
// Reads the whole a-z range of the term list (one pass over the vocabulary, not over the
// documents), so callers refresh it rarely: store.h does at each doubling of the index.
std::shared_ptr<const analysis::CorpusWords> corpus_words(const Xapian::Database& db);

// The Xapian document of `profile` (already validated), with its facets for the value slots.
// The document's data is the profile key. `corpus` (may be null) adds the index's own word
// counts to hashtag segmentation (store.h keeps them).
Xapian::Document build_document(const Profile& profile, const FacetRecord& facets,
                                const analysis::CorpusWords* corpus = nullptr);

}  // namespace mikros::doc

#endif  // MIKROS_ENGINE_DOCUMENT_H
