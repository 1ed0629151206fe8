// Text analysis shared by indexing and querying: one analyzer, so that a query word and the
// indexed word it should match always become the same term.
//
// Pipeline: URLs and e-mail addresses are taken out first and become one term each, their
// domain ("https://www.MayaStyle.com/shop?x=1" and "hello@mayastyle.com" -> mayastyle.com).
// The rest goes through ICU word breaks (rule status drops spaces and punctuation; ICU's
// dictionaries segment Chinese, Japanese, Thai, Lao, Khmer and Burmese; Korean is split at
// spaces), NFKC case folding, and diacritics removed from Latin-script words only. Emoji become
// terms of their own. `#tag` and `@handle` written in text come out as hashtag and mention
// tokens; compound_words() splits them into words (camelCase, digits, underscores, then a
// dictionary segmentation of lowercase runs, see segmenter.h).
#ifndef MIKROS_ANALYSIS_ANALYZER_H
#define MIKROS_ANALYSIS_ANALYZER_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mikros::analysis {

class CorpusWords;
struct LexiconStatus;

enum class TokenKind : std::uint8_t {
  kWord,     // letters (any script), including dictionary-segmented CJK and Thai words
  kNumber,   // digits, "10.5k", "v2"
  kEmoji,    // one emoji (variation selectors and skin tones removed)
  kHashtag,  // "#SlowFashion" in text: text holds "SlowFashion" as written
  kMention,  // "@brand" in text: text holds "brand" as written
  kDomain,   // a URL or e-mail address: text holds its domain, lowercase, without "www."
};

// The script of a word, as far as analysis cares (stemmers and folding depend on it).
enum class Script : std::uint8_t {
  kNone,  // no letters (numbers, emoji)
  kLatin,
  kCyrillic,
  kGreek,
  kArmenian,
  kArabic,
  kHebrew,
  kDevanagari,
  kTamil,
  kHangul,
  kHan,
  kKana,
  kThai,
  kOther,
};

struct Token {
  std::string text;  // folded form (hashtags and mentions: raw, see TokenKind)
  TokenKind kind = TokenKind::kWord;
  Script script = Script::kNone;
};

// Thread-safety: all methods are const and safe to call from many threads at once; ICU objects
// are created once and cloned per thread, caches are per thread.
class Analyzer {
 public:
  // The process-wide analyzer (created on first use).
  static const Analyzer& instance();

  // Appends the tokens of `text` to `out`.
  void tokenize(std::string_view text, std::vector<Token>& out) const;
  std::vector<Token> tokenize(std::string_view text) const {
    std::vector<Token> out;
    tokenize(text, out);
    return out;
  }

  // The indexed form of one word: NFKC case folded, Latin diacritics removed.
  std::string fold(std::string_view word) const;

  // The folded words a hashtag or handle is made of, in order, appended to `out`:
  //   "SlowFashion", "slow_fashion", "slowfashion" -> slow fashion
  //   "NYCFashionWeek" -> nyc fashion week      "UKblogger" -> uk blogger
  //   "iPhone15ProMax" -> iphone 15 pro max     "30daysofyoga" -> 30 days of yoga
  //   "慢时尚" -> 慢 时尚 (ICU's dictionary)
  // Splits at separators, case changes and script changes, joins camelCase parts that spell a
  // brand of the lexicon, then segments each part by dictionary (Viterbi, segmenter.h) with the
  // process's lexicon (lexicon.h) and `corpus` (may be null). The concatenation of the words is
  // always the folded tag without its separators, whatever the dictionaries hold.
  void compound_words(std::string_view tag, std::vector<std::string>& out,
                      const CorpusWords* corpus = nullptr) const;
  std::vector<std::string> compound_words(std::string_view tag,
                                          const CorpusWords* corpus = nullptr) const {
    std::vector<std::string> out;
    compound_words(tag, out, corpus);
    return out;
  }

  // The hashtag dictionary of this process (loaded on first use) and why it may be missing.
  const LexiconStatus& lexicon() const;

 private:
  Analyzer();
};

// The script of a folded word (that of its first letter with one): ASCII words are checked
// without ICU.
Script word_script(std::string_view folded);

// The syllable bigrams of a Hangul word ("사랑해요" -> 사랑 랑해 해요); empty for words of fewer
// than two syllables. Korean glues particles and endings to words ("패션을" = 패션 + 을) and
// ICU has no Korean dictionary, so bigrams let "패션" find "패션을" (see document.cpp).
std::vector<std::string> hangul_bigrams(std::string_view word);

}  // namespace mikros::analysis

#endif  // MIKROS_ANALYSIS_ANALYZER_H
