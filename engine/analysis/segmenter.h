// Dictionary segmentation of the lowercase runs of hashtags ("slowfashion" -> slow fashion):
// Viterbi over word costs, best[i] = min_j best[j] + cost(s[j:i]), with the costs of the
// Lexicon, optionally lowered by word counts from the indexed corpus (CorpusWords). The state
// also holds the language of the last dictionary word (English, Spanish, French, German,
// Italian, Portuguese), and changing language costs extra, so a tag is read in one language
// where it can be.
#ifndef MIKROS_ANALYSIS_SEGMENTER_H
#define MIKROS_ANALYSIS_SEGMENTER_H

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/lexicon.h"

namespace mikros::analysis {

// Words of an indexed corpus with how many documents hold each, as segmentation costs:
// cost = kCorpusBase + ln(documents / df). A word in a tenth of the profiles costs about as
// much as SCOWL's most common words; a word seen in 3 of a million profiles costs more than
// most dictionary words, so corpus counts mainly add words the dictionaries lack (brand names,
// slang) and re-rank the ones they have.
// Thread-safety: immutable after construction.
class CorpusWords {
 public:
  static constexpr float kCorpusBase = 3.0f;
  static constexpr std::uint64_t kMinDocumentFrequency = 3;

  // `counts`: folded word -> documents containing it; words held by fewer than
  // kMinDocumentFrequency documents, or not made of letters only, are left out.
  CorpusWords(const std::vector<std::pair<std::string, std::uint64_t>>& counts,
              std::uint64_t documents);

  std::optional<float> cost(std::string_view w, std::uint64_t hash) const;
  std::size_t size() const { return size_; }
  std::uint64_t documents() const { return documents_; }
  // Distinguishes instances (a process-wide counter), e.g. to key caches.
  std::uint64_t serial() const { return serial_; }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t offset = 0;  // into blob_
    std::uint16_t length = 0;  // 0: empty slot
    float cost = 0;
  };
  std::vector<Slot> slots_;
  std::string blob_;
  std::size_t size_ = 0;
  std::uint64_t documents_ = 0;
  std::uint64_t serial_ = 0;
};

// Thread-safety: const methods are safe from many threads (it only reads the lexicons).
class Segmenter {
 public:
  // Cost of a run of digits (one token, however long) and of unknown words.
  static constexpr float kDigitRunCost = 2.0f;
  static constexpr float kUnknownBase = 10.0f;
  static constexpr float kUnknownPerChar = 3.0f;
  // Changing language between two dictionary words ("viajar por" + English "elm"), and
  // starting in a language other than English (most tags are English).
  static constexpr float kSwitchCost = 10.0f;
  static constexpr float kForeignStartCost = 1.0f;

  // Either pointer may be null; they must outlive the Segmenter.
  Segmenter(const Lexicon* lexicon, const CorpusWords* corpus)
      : lexicon_(lexicon), corpus_(corpus) {}

  // Splits `run` (folded: lowercase letters, digits, no separators) into its most likely
  // words, appended to `out` (when not null). Returns the total cost. A run of digits is a
  // word of its own unless the lexicon holds a word that mixes it with letters ("ps5").
  float segment(std::string_view run, std::vector<std::string>* out) const;

  // The cost of one word: the lexicon's or the corpus's (the lower), else nullopt.
  std::optional<float> word_cost(std::string_view w) const;
  // Whether `w` is a lexicon word that may join camelCase parts ("iphone", "youtube").
  bool joins(std::string_view w) const;

  bool has_dictionary() const { return lexicon_ != nullptr; }

 private:
  std::optional<float> lookup(std::string_view w, std::uint64_t hash) const;

  const Lexicon* lexicon_;
  const CorpusWords* corpus_;
};

}  // namespace mikros::analysis

#endif  // MIKROS_ANALYSIS_SEGMENTER_H
