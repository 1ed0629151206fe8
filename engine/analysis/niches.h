// The niche vocabulary: niches a brand searches for (sustainable fashion, outdoors, personal
// finance, ...), each with the words and phrases creators use for it in the languages mikros
// analyses. It ships as data (corpus/niches.tsv, installed to <prefix>/share/mikros/niches.tsv;
// its format is in corpus/NICHES.md) and is loaded once per process, as the hashtag dictionary
// is, so that queries can be expanded by meaning (query/expand.h): `moda sostenible`,
// `nachhaltige Mode` and `sustainable fashion` are terms of one niche and so find each other.
//
// Terms are kept as the analyzer folds them (case, accents, hashtags split into words), and
// also under their stems, so a query word matches a term in any inflection ("vegan recipe"
// meets "vegan recipes").
#ifndef MIKROS_ANALYSIS_NICHES_H
#define MIKROS_ANALYSIS_NICHES_H

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mikros/status.hpp"

namespace mikros::analysis {

struct NicheTerm {
  std::string text;                // as written in the file ("moda sostenible")
  std::string language;            // ISO 639-1 code, or "*" for any language
  std::vector<std::string> words;  // folded words ("moda", "sostenible")
};

struct Niche {
  std::string name;  // "sustainable fashion"
  std::vector<NicheTerm> terms;
};

// A niche's term, as a query span finds it.
struct NicheRef {
  std::size_t niche = 0;
  std::size_t term = 0;
};

// Thread-safety: immutable once built; any number of threads may read it.
class NicheVocabulary {
 public:
  // Parses the text of a niche file; `origin` names it in errors ("niches.tsv:12: ...").
  static Result<NicheVocabulary> parse(std::string_view text, std::string_view origin);
  // Reads and parses a file: kNotFound when it does not exist, kIOError when unreadable.
  static Result<NicheVocabulary> open(const std::string& path);

  const std::vector<Niche>& niches() const { return niches_; }
  // The terms whose folded words are `words` exactly, or (words of 4 bytes or more) whose
  // stems are their stems under the term's language or English; empty when none.
  std::vector<NicheRef> find(const std::vector<std::string>& words) const;
  // The most words a term has: a query span longer than this matches no term.
  std::size_t longest_term() const { return longest_term_; }

 private:
  void add_keys(std::size_t niche, std::size_t term);

  std::vector<Niche> niches_;
  // "w1 w2" -> terms, and "<lang>|s1 s2" (stems under lang) -> terms.
  std::unordered_map<std::string, std::vector<NicheRef>> by_key_;
  std::size_t longest_term_ = 0;
};

// The folded words of a term or of a query's text, as the analyzer sees them (a hashtag gives
// the words it is made of). Shared by the vocabulary and query expansion so both agree.
std::vector<std::string> folded_words_of(std::string_view text);

// The niche vocabulary of this process, found when first asked for (Database::open asks):
//   1. $MIKROS_NICHES, when set (empty or "none": deliberately no niche vocabulary);
//   2. niches.tsv in the data folder: `data_dir` of that first call (Options::data_dir), else
//      $MIKROS_DATA_DIR, else the folders of data_dir.h.
// Thread-safe; loads once, so later calls get the first call's vocabulary whatever `data_dir`.
struct NicheStatus {
  std::shared_ptr<const NicheVocabulary> vocabulary;  // null when none
  std::string path;                                   // the file used
  bool from_environment = false;                      // MIKROS_NICHES decided
  Status error;  // ok when loaded or deliberately none; else why none
};
const NicheStatus& default_niches(const std::string& data_dir = "");

// What Database::open checks: ok when the process has its niche vocabulary or was told to go
// without; else why not (kNotFound naming the places looked at, kIOError, kInvalidArgument for
// a malformed file). Without it, queries would silently stop matching by meaning.
Status require_niches(const std::string& data_dir);

}  // namespace mikros::analysis

#endif  // MIKROS_ANALYSIS_NICHES_H
