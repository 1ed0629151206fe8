#include "analysis/analyzer.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>

#include "analysis/icu_text.h"
#include "analysis/katakana.h"
#include "analysis/lexicon.h"
#include "analysis/links.h"

namespace mikros::analysis {
namespace {

bool is_emoji_start(UChar32 c) {
  return u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) ||
         u_hasBinaryProperty(c, UCHAR_REGIONAL_INDICATOR);
}

// An emoji segment as a term: presentation selectors and skin-tone modifiers removed, so 👍🏽
// and 👍 are the same term.
std::string emoji_term(std::string_view seg) {
  std::string out;
  for (std::size_t i = 0; i < seg.size();) {
    std::size_t from = i;
    UChar32 c = next_cp(seg, i);
    if (c == 0xFE0F || c == 0xFE0E || (c >= 0x1F3FB && c <= 0x1F3FF)) continue;
    out.append(seg.substr(from, i - from));
  }
  return out;
}

// ---- running text ----

// One loop over ICU's word boundaries, whose iterator state each branch moves on: the cases
// (katakana runs, #tags and @handles, punctuation and emoji, words) read best side by side.
void tokenize_plain(std::string_view text, std::vector<Token>& out) {
  if (text.empty()) return;
  icu::BreakIterator& bi = thread_text_breaker();
  set_utf8_text(bi, text);
  KatakanaJoiner katakana(text);
  auto emit_word = [&](std::size_t s, std::size_t e) {
    Token t;
    t.text = fold_word(text.substr(s, e - s), &t.script);
    if (!t.text.empty()) out.push_back(std::move(t));
  };
  int32_t start = bi.first();
  int32_t end = bi.next();
  while (end != icu::BreakIterator::DONE) {
    const std::size_t s = static_cast<std::size_t>(start);
    const std::size_t e = static_cast<std::size_t>(end);
    const int32_t status = bi.getRuleStatus();
    if (status >= UBRK_WORD_KANA && status < UBRK_WORD_IDEO_LIMIT) {
      if (katakana.add(s, e)) {
        start = end;
        end = bi.next();
        continue;
      }
      katakana.flush(emit_word);
      if (katakana.add(s, e)) {
        start = end;
        end = bi.next();
        continue;
      }
    } else {
      katakana.flush(emit_word);
    }
    std::size_t after_first = s;
    const UChar32 first = next_cp(text, after_first);

    // "#tag", "＃tag" and "@handle": the sigil must not be glued to a preceding word
    // ("c#sharp", "me@home" are not tags). ICU splits '#' off but keeps "@brand" together.
    if (first == '#' || first == 0xFF03 || first == '@') {
      bool glued = s > 0 && is_tag_char(prev_cp(text, s));
      std::size_t run_end = after_first;
      for (std::size_t i = after_first; i < text.size();) {
        std::size_t next = i;
        UChar32 c = next_cp(text, next);
        // Handles may hold dots between word characters ("@brand.co").
        if (c == '.' && first == '@' && next < text.size()) {
          std::size_t k = next;
          if (!is_tag_char(next_cp(text, k))) break;
        } else if (!is_tag_char(c)) {
          break;
        }
        i = run_end = next;
      }
      if (!glued && run_end > after_first) {
        out.push_back({std::string(text.substr(after_first, run_end - after_first)),
                       first == '@' ? TokenKind::kMention : TokenKind::kHashtag, Script::kNone});
        start = bi.following(static_cast<int32_t>(run_end) - 1);
        end = start == icu::BreakIterator::DONE ? start : bi.next();
        continue;
      }
      if (status >= UBRK_WORD_NONE_LIMIT && e > after_first) {
        // "me@home" as ICU keeps it: the word after the sigil is an ordinary word.
        Token t;
        t.text = fold_word(text.substr(after_first, e - after_first), &t.script);
        if (!t.text.empty()) out.push_back(std::move(t));
      }
    } else if (status < UBRK_WORD_NONE_LIMIT) {
      // Spaces, punctuation and symbols are dropped; emoji are kept as terms.
      if (is_emoji_start(first)) {
        std::string term = emoji_term(text.substr(s, e - s));
        if (!term.empty()) out.push_back({std::move(term), TokenKind::kEmoji, Script::kNone});
      }
    } else {
      Token t;
      t.kind = (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT) ? TokenKind::kNumber
                                                                               : TokenKind::kWord;
      t.text = fold_word(text.substr(s, e - s), &t.script);
      if (!t.text.empty()) out.push_back(std::move(t));
    }
    start = end;
    end = bi.next();
  }
  katakana.flush(emit_word);
}

}  // namespace

Analyzer::Analyzer() {
  init_icu();
}

const Analyzer& Analyzer::instance() {
  static const Analyzer analyzer;
  return analyzer;
}

const LexiconStatus& Analyzer::lexicon() const {
  return default_lexicon();
}

std::string Analyzer::fold(std::string_view word) const {
  Script script;
  return fold_word(word, &script);
}

void Analyzer::tokenize(std::string_view text, std::vector<Token>& out) const {
  std::size_t at = 0;
  for (LinkSpan& link : find_links(text)) {
    tokenize_plain(text.substr(at, link.begin - at), out);
    if (!link.domain.empty()) {
      out.push_back({std::move(link.domain), TokenKind::kDomain, Script::kLatin});
    }
    at = link.end;
  }
  tokenize_plain(text.substr(at), out);
}

Script word_script(std::string_view folded) {
  if (is_ascii(folded)) {
    for (char c : folded) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return Script::kLatin;
    }
    return Script::kNone;
  }
  for (std::size_t i = 0; i < folded.size();) {
    Script s = script_of(next_cp(folded, i));
    if (s != Script::kNone) return s;
  }
  return Script::kNone;
}

std::vector<std::string> hangul_bigrams(std::string_view word) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < word.size();) {
    starts.push_back(i);
    next_cp(word, i);
  }
  std::vector<std::string> out;
  if (starts.size() < 2) return out;
  starts.push_back(word.size());
  for (std::size_t i = 0; i + 2 < starts.size(); ++i) {
    out.emplace_back(word.substr(starts[i], starts[i + 2] - starts[i]));
  }
  return out;
}

}  // namespace mikros::analysis
