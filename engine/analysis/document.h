// Building the Xapian document of a profile from its fields, with the terms of vocabulary.h.
// Storage rebuilds documents from stored profiles in recovery and in `verify --deep`.
#ifndef MIKROS_ANALYSIS_DOCUMENT_H
#define MIKROS_ANALYSIS_DOCUMENT_H

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mikros/profile.hpp"
#include "model/facets.h"

namespace mikros::analysis {
class CorpusWords;
}

namespace mikros::doc {

// Receives the text terms of a profile (vocabulary.h describes them), in order.
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

// Word counts of an index for hashtag segmentation: every unprefixed term made of the
// letters a-z with its document frequency (segmenter.h keeps those in 3 documents or more).
// Reads the whole a-z range of the term list (one pass over the vocabulary, not over the
// documents), so callers refresh it rarely: store.h does at each doubling of the index.
std::shared_ptr<const analysis::CorpusWords> corpus_words(const Xapian::Database& db);

// The Xapian document of `profile` (already validated), with its facets for the filter terms.
// The document's data is the profile key. `corpus` (may be null) adds the index's own word
// counts to hashtag segmentation (store.h keeps them).
Xapian::Document build_document(const Profile& profile, const FacetRecord& facets,
                                const analysis::CorpusWords* corpus = nullptr);

}  // namespace mikros::doc

#endif  // MIKROS_ANALYSIS_DOCUMENT_H
