// Katakana words that ICU's dictionary breaks into fragments, joined back (KatakanaJoiner).
#ifndef MIKROS_ANALYSIS_KATAKANA_H
#define MIKROS_ANALYSIS_KATAKANA_H

#include <cstddef>
#include <string_view>
#include <vector>

#include "analysis/icu_text.h"

namespace mikros::analysis {

bool is_katakana(UChar32 c);
// Small kana, the long-vowel mark and ン never start a word.
bool katakana_cannot_start(UChar32 c);

// ICU's dictionary splits katakana words it does not know into fragments of one or two
// characters when they touch a word it knows ("サステナブルファッション" -> サ ステ ナ ブル
// ファッション, "ヴィンテージファッション" -> ヴ ィ ン テ ージ ファッション), while the same word
// alone stays whole, so a search for サステナブル would miss the longer text. Runs of three or
// more adjacent fragments are joined back into one word, and a piece that cannot start a word
// (small kana, ー, ン) joins the one before it. Used for running text and hashtags alike.
class KatakanaJoiner {
 public:
  explicit KatakanaJoiner(std::string_view text) : text_(text) {}

  // Offers the word segment [s, e); returns false when it is not katakana (then flush first).
  bool add(std::size_t s, std::size_t e) {
    std::size_t chars = 0;
    for (std::size_t i = s; i < e; ++chars) {
      if (!is_katakana(next_cp(text_, i))) return false;
    }
    if (!pending_.empty() && pending_.back().end != s) return false;
    pending_.push_back({s, e, chars});
    return true;
  }

  // Calls emit(s, e) for each word of the pending run.
  template <class Emit>
  void flush(Emit&& emit) {
    std::vector<Piece> joined;
    for (std::size_t i = 0; i < pending_.size();) {
      std::size_t j = i;
      while (j < pending_.size() && pending_[j].chars <= 2) ++j;
      if (j - i >= 3) {
        joined.push_back({pending_[i].begin, pending_[j - 1].end, 0});
        i = j;
      } else {
        joined.push_back(pending_[i]);
        ++i;
      }
    }
    std::vector<Piece> words;
    for (const Piece& p : joined) {
      std::size_t at = p.begin;
      if (!words.empty() && katakana_cannot_start(next_cp(text_, at))) {
        words.back().end = p.end;
      } else {
        words.push_back(p);
      }
    }
    pending_.clear();
    for (const Piece& p : words) emit(p.begin, p.end);
  }

 private:
  struct Piece {
    std::size_t begin, end, chars;
  };
  std::string_view text_;
  std::vector<Piece> pending_;
};

}  // namespace mikros::analysis

#endif  // MIKROS_ANALYSIS_KATAKANA_H
