// Text analysis shared by indexing and querying: one analyzer, so that a query word and the
// indexed word it should match always become the same term.
//
// Pipeline: ICU word breaks (rule status drops spaces and punctuation) -> NFKC case folding ->
// diacritics removed from Latin-script words only. Emoji become terms of their own. `#tag` and
// `@handle` written in text come out as hashtag and mention tokens.
#ifndef MIKROS_ENGINE_ANALYZER_H
#define MIKROS_ENGINE_ANALYZER_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mikros::analysis {

enum class TokenKind : std::uint8_t {
  kWord,     // letters (any script), including dictionary-segmented CJK and Thai words
  kNumber,   // digits, "10.5k", "v2"
  kEmoji,    // one emoji (variation selectors and skin tones removed)
  kHashtag,  // "#SlowFashion" in text: text holds "SlowFashion" as written
  kMention,  // "@brand" in text: text holds "brand" as written
};

struct Token {
  std::string text;  // folded form (hashtags and mentions: raw, see TokenKind)
  TokenKind kind = TokenKind::kWord;
  bool latin = false;  // Latin-script word (stemmers and accent folding apply)
};

// Thread-safety: all methods are const and safe to call from many threads at once; ICU objects
// are created once and cloned per thread.
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

  // The folded words a hashtag or handle is made of, in order:
  // "SlowFashion" -> {slow, fashion}, "slow_fashion" -> {slow, fashion}, "ootd2023" ->
  // {ootd, 2023}. Lowercase runs are split further by the word segmenter when one is set.
  std::vector<std::string> compound_words(std::string_view tag) const;

 private:
  Analyzer();
};

}  // namespace mikros::analysis

#endif  // MIKROS_ENGINE_ANALYZER_H
