// Unicode helpers of the analyzer, on ICU: code points of UTF-8 text, scripts, case folding,
// and the word break iterators each thread keeps.
#ifndef MIKROS_ANALYSIS_ICU_TEXT_H
#define MIKROS_ANALYSIS_ICU_TEXT_H

#include <unicode/brkiter.h>
#include <unicode/umachine.h>
#include <unicode/unistr.h>

#include <string>
#include <string_view>

#include "analysis/analyzer.h"

namespace mikros::analysis {

// Creates the process's ICU objects (otherwise made on first use). Throws std::runtime_error
// when ICU cannot initialise (its data is missing).
void init_icu();

// Word break iterators of this thread, made on first use: they hold their text and position,
// so each thread has its own clones, one for running text and one for the CJK parts of
// hashtags.
icu::BreakIterator& thread_text_breaker();
icu::BreakIterator& thread_tag_breaker();
// Points `bi` at UTF-8 `text`: its boundaries are then byte offsets into `text`, so no UTF-16
// copy of the text is made. `text` must outlive the iteration.
void set_utf8_text(icu::BreakIterator& bi, std::string_view text);
std::string to_utf8(const icu::UnicodeString& s);

// Decodes the code point at byte `i` and moves `i` past it; ill-formed bytes give U+FFFD.
UChar32 next_cp(std::string_view s, std::size_t& i);
// The code point before byte `i` (0 at the start).
UChar32 prev_cp(std::string_view s, std::size_t i);
bool is_ascii(std::string_view s);
bool is_ascii_alnum(char c);
char lower_ascii(char c);
// A combining mark (non-spacing, spacing or enclosing).
bool is_mark(UChar32 c);
// A character that continues a hashtag or handle: letters, digits, marks, '_'.
bool is_tag_char(UChar32 c);

// The script of a code point, as analysis cares about it.
Script script_of(UChar32 c);
// Scripts that ICU segments with a dictionary (no spaces between words).
bool has_icu_dictionary(UChar32 c);
// NFKC case fold; for Latin-script words also drop combining marks (café -> cafe). Marks are
// kept in every other script: removing them corrupts kana (ブ -> フ), Thai vowels and Cyrillic
// й (-> и). Sets `*script` to the folded word's script.
std::string fold_word(std::string_view w, Script* script);

}  // namespace mikros::analysis

#endif  // MIKROS_ANALYSIS_ICU_TEXT_H
