// The word list behind hashtag segmentation: folded words with a cost (-log of how likely the
// word is), in a compact binary image that is memory-mapped at run time.
//
// The image is built once, at build time, from Debian's word lists (SCOWL size levels as a
// frequency proxy, and the wspanish/wfrench/wngerman/witalian/wportuguese lists) plus the
// checked-in domain lexicon corpus/lexicon.tsv (`mikros_lexicon`, see engine/lexicon.cmake).
// Parsing and folding the 1.5 million source words takes seconds; mapping the image takes well
// under a millisecond, so the first search of a process does not pay for it.
//
// Image layout (host byte order; the header records it): the header, the sources text, then an
// open-addressing hash table of 8-byte slots
//   uint32 fingerprint   0: empty slot; else the high 32 bits of the word's mixed hash
//   uint8  cost * 8, uint8 foreign cost * 8, uint8 flags, uint8 languages
// indexed by the low bits of the same hash, probed linearly. The words themselves are not
// stored: a string is taken for a word when its 64-bit hash matches in index and fingerprint,
// which for a string that is not a word happens about once in a billion lookups (harmless: it
// is one more candidate split). Besides words the table holds every proper prefix of a word
// (flag kPrefixOnly when it is no word itself), so Viterbi stops extending a candidate as soon
// as no word can start that way: about 2.5 times fewer lookups, each one cache miss at most.
#ifndef MIKROS_ANALYSIS_LEXICON_H
#define MIKROS_ANALYSIS_LEXICON_H

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mikros/status.hpp"

namespace mikros::analysis {

// FNV-1a over bytes, extendable one byte at a time; mix() finishes it (MurmurHash3's fmix64),
// since FNV's low bits, which index the table, depend on few input bits.
struct WordHash {
  static constexpr std::uint64_t kStart = 14695981039346656037ull;
  static constexpr std::uint64_t step(std::uint64_t h, unsigned char c) {
    return (h ^ c) * 1099511628211ull;
  }
  static std::uint64_t of(std::string_view s) {
    std::uint64_t h = kStart;
    for (unsigned char c : s) h = step(h, c);
    return h;
  }
  static constexpr std::uint64_t mix(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
  }
};

// The longest word an image holds, in bytes: longer ones are left out (Builder::add) or
// rejected (a domain lexicon's line).
inline constexpr std::size_t kMaxWordBytes = 48;

// Entry flags. Stored in the image: never renumber.
inline constexpr std::uint8_t kWordJoins = 1;   // brand or product: may join camelCase parts
inline constexpr std::uint8_t kWordDomain = 2;  // from the domain lexicon
inline constexpr std::uint8_t kPrefixOnly = 4;  // no word, only the start of longer words
inline constexpr std::uint8_t kHasLonger = 8;   // longer words start with this one

// The languages of the word lists, one bit each in Entry::languages (stored in the image:
// never renumber). A word of no language (the domain lexicon's) fits any.
inline constexpr int kLexiconLanguages = 6;
inline constexpr std::string_view kLexiconLanguageCodes[kLexiconLanguages] = {"en", "es", "fr",
                                                                              "de", "it", "pt"};

// An immutable word list. Thread-safety: all methods are const and safe from many threads.
class Lexicon {
 public:
  struct Entry {
    float cost = 0;          // in English, or in any language when `languages` is 0
    float foreign_cost = 0;  // in the other languages of `languages`
    std::uint8_t flags = 0;
    std::uint8_t languages = 0;  // bit i: kLexiconLanguageCodes[i]; 0: any language
  };

  // Maps a lexicon image file. Errors: kNotFound, kIOError, kCorruption (not an image, or one
  // written by another version or byte order).
  static Result<std::shared_ptr<const Lexicon>> open(const std::string& path);
  // A lexicon over an image held in memory (Builder::finish).
  static Result<std::shared_ptr<const Lexicon>> from_image(std::string image);

  ~Lexicon();
  Lexicon(const Lexicon&) = delete;
  Lexicon& operator=(const Lexicon&) = delete;

  // The entry of folded word `w`, whose hash is WordHash::of(w); nullopt for strings that are
  // no word (prefixes included).
  std::optional<Entry> find([[maybe_unused]] std::string_view w, std::uint64_t hash) const {
    auto e = probe(hash);
    if (!e || (e->flags & kPrefixOnly)) return std::nullopt;
    return e;
  }
  std::optional<Entry> find(std::string_view w) const { return find(w, WordHash::of(w)); }
  // The slot of a word or word prefix with FNV hash `hash` (flags tell which), else nullopt:
  // then no word starts with that string.
  std::optional<Entry> probe(std::uint64_t hash) const;

  std::size_t size() const { return words_; }
  // Longest word, in bytes: Viterbi never looks further back.
  std::size_t max_word_bytes() const { return max_word_bytes_; }
  // Where the image came from ("" for in-memory images) and what it was built from.
  const std::string& path() const { return path_; }
  const std::string& sources() const { return sources_; }
  std::size_t image_bytes() const { return size_; }

  // Collects words and writes an image. Not thread-safe.
  class Builder {
   public:
    // `word` must already be folded (Analyzer::fold). Costs are clamped to [0, 31.875].
    // `languages` 0 adds a word of any language (the domain lexicon); 1 an English word;
    // other bits a word of those (non-English) languages. A word added several times keeps
    // the lowest cost of each kind and the union of its flags and languages; a word of any
    // language stays one.
    void add(std::string_view word, float cost, std::uint8_t flags = 0, std::uint8_t languages = 0);
    std::size_t size() const { return words_.size(); }
    // Free text stored in the image's header (what the words came from), truncated to 1 KiB.
    void set_sources(std::string text) { sources_ = std::move(text); }
    std::string finish() const;

   private:
    std::unordered_map<std::string, Entry> words_;
    std::string sources_;
  };

 private:
  Lexicon() = default;
  Status attach(const char* data, std::size_t size);

  struct Slot {
    std::uint32_t fingerprint;
    std::uint8_t cost, foreign_cost, flags, languages;
  };
  static_assert(sizeof(Slot) == 8);

  std::string owned_;  // in-memory image
  void* mapping_ = nullptr;
  std::size_t size_ = 0;
  std::string path_;
  std::string sources_;
  const Slot* slots_ = nullptr;
  std::uint64_t mask_ = 0;
  std::size_t words_ = 0;
  std::size_t max_word_bytes_ = 0;
};

// Fills `builder` from the word lists under `dict_dir` (Debian: /usr/share/dict) and the domain
// lexicon file `domain_file` (corpus/lexicon.tsv). Missing word lists are skipped and named in
// `report`, so a machine without them still gets a (domain-only) lexicon; an unreadable or
// malformed domain lexicon is an error. `report` gets one line per source with its word count.
Status add_default_sources(Lexicon::Builder& builder, const std::string& dict_dir,
                           const std::string& domain_file, std::string* report);

// The lexicon of this process, found when first asked for (Database::open asks):
//   1. $MIKROS_LEXICON, when set (empty or "none": deliberately no lexicon);
//   2. words.lex in the data folder: `data_dir` of that first call (Options::data_dir), else
//      $MIKROS_DATA_DIR, else the folders of data_dir.h (beside the installed library first).
// A file that exists but cannot be used is an error, not a reason to look further. Without a
// lexicon, hashtags are split at case changes, digits and underscores only, which changes what
// queries find: `error` says why there is none, and Database::open reports it.
// Thread-safe; loads once, so later calls get the first call's lexicon whatever `data_dir`.
struct LexiconStatus {
  std::shared_ptr<const Lexicon> lexicon;  // null when none was found
  std::string path;                        // the file used
  std::string data_dir;                    // the folder asked for at loading ("" for none)
  bool from_environment = false;           // MIKROS_LEXICON decided
  double load_ms = 0;                      // time to find and map it
  std::string note;                        // empty when loaded; else what happened
  Status error;  // ok when loaded or deliberately none (MIKROS_LEXICON=none); else why none
};
const LexiconStatus& default_lexicon(const std::string& data_dir = "");

// What Database::open checks: ok when the process has its lexicon or was told to go without;
// else the error (kNotFound naming the places looked at, kIOError, kCorruption), or
// kInvalidArgument when `data_dir` names another folder than the one the lexicon came from.
Status require_lexicon(const std::string& data_dir);

}  // namespace mikros::analysis

#endif  // MIKROS_ANALYSIS_LEXICON_H
