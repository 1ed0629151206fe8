#include "analysis/icu_text.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <memory>
#include <stdexcept>

namespace mikros::analysis {
namespace {

// ICU objects created once per process. Normalizer2 instances are immutable singletons owned
// by ICU and safe to share; the BreakIterator prototype is only ever cloned.
struct Prototypes {
  std::unique_ptr<icu::BreakIterator> words;
  const icu::Normalizer2* nfkc_casefold = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  const icu::Normalizer2* nfc = nullptr;
};

const Prototypes& prototypes() {
  static const Prototypes p = [] {
    Prototypes p;
    UErrorCode ec = U_ZERO_ERROR;
    p.words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), ec));
    p.nfkc_casefold = icu::Normalizer2::getNFKCCasefoldInstance(ec);
    p.nfd = icu::Normalizer2::getNFDInstance(ec);
    p.nfc = icu::Normalizer2::getNFCInstance(ec);
    if (U_FAILURE(ec) || !p.words) {
      throw std::runtime_error(std::string("ICU initialisation failed: ") + u_errorName(ec));
    }
    return p;
  }();
  return p;
}

// The script of a folded word: that of its first letter that has one.
Script unicode_script(const icu::UnicodeString& w);

}  // namespace

void init_icu() {
  prototypes();
}

// BreakIterators hold their text and position, so each thread gets its own clones: one for
// running text and one for the CJK parts of hashtags.
icu::BreakIterator& thread_text_breaker() {
  thread_local std::unique_ptr<icu::BreakIterator> bi(prototypes().words->clone());
  return *bi;
}
icu::BreakIterator& thread_tag_breaker() {
  thread_local std::unique_ptr<icu::BreakIterator> bi(prototypes().words->clone());
  return *bi;
}

// Points `bi` at UTF-8 `text`: its boundaries are then byte offsets into `text`, so no UTF-16
// copy of the text is made. `text` must outlive the iteration.
void set_utf8_text(icu::BreakIterator& bi, std::string_view text) {
  UErrorCode ec = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  utext_openUTF8(&ut, text.data(), static_cast<int64_t>(text.size()), &ec);
  bi.setText(&ut, ec);  // keeps a shallow clone of `ut`
  utext_close(&ut);
}

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// Decodes the code point at byte `i` and moves `i` past it; ill-formed bytes give U+FFFD.
UChar32 next_cp(std::string_view s, std::size_t& i) {
  int32_t at = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(s.data(), at, static_cast<int32_t>(s.size()), c);
  i = static_cast<std::size_t>(at);
  return c < 0 ? 0xFFFD : c;
}

UChar32 prev_cp(std::string_view s, std::size_t i) {
  if (i == 0) return 0;
  int32_t at = static_cast<int32_t>(i);
  UChar32 c;
  U8_PREV(s.data(), 0, at, c);
  return c < 0 ? 0xFFFD : c;
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char lower_ascii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_mark(UChar32 c) {
  int8_t t = u_charType(c);
  return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
}

// A character that continues a hashtag or handle: letters, digits, marks, '_'.
bool is_tag_char(UChar32 c) {
  return c == '_' || u_isalnum(c) || is_mark(c);
}

Script script_of(UChar32 c) {
  UErrorCode ec = U_ZERO_ERROR;
  switch (uscript_getScript(c, &ec)) {
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED:
      return Script::kNone;
    case USCRIPT_LATIN:
      return Script::kLatin;
    case USCRIPT_CYRILLIC:
      return Script::kCyrillic;
    case USCRIPT_GREEK:
      return Script::kGreek;
    case USCRIPT_ARMENIAN:
      return Script::kArmenian;
    case USCRIPT_ARABIC:
      return Script::kArabic;
    case USCRIPT_HEBREW:
      return Script::kHebrew;
    case USCRIPT_DEVANAGARI:
      return Script::kDevanagari;
    case USCRIPT_TAMIL:
      return Script::kTamil;
    case USCRIPT_HANGUL:
      return Script::kHangul;
    case USCRIPT_HAN:
      return Script::kHan;
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_KATAKANA_OR_HIRAGANA:
      return Script::kKana;
    case USCRIPT_THAI:
      return Script::kThai;
    default:
      return Script::kOther;
  }
}

// Scripts that ICU segments with a dictionary (no spaces between words).
bool has_icu_dictionary(UChar32 c) {
  UErrorCode ec = U_ZERO_ERROR;
  switch (uscript_getScript(c, &ec)) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_KATAKANA_OR_HIRAGANA:
    case USCRIPT_THAI:
    case USCRIPT_LAO:
    case USCRIPT_KHMER:
    case USCRIPT_MYANMAR:
      return true;
    default:
      return false;
  }
}

namespace {

Script unicode_script(const icu::UnicodeString& w) {
  for (int32_t i = 0; i < w.length(); i = w.moveIndex32(i, 1)) {
    Script s = script_of(w.char32At(i));
    if (s != Script::kNone) return s;
  }
  return Script::kNone;
}

}  // namespace

// NFKC case fold; for Latin-script words also drop combining marks (café -> cafe). Marks are
// kept in every other script: removing them corrupts kana (ブ -> フ), Thai vowels and Cyrillic
// й (-> и).
std::string fold_word(std::string_view w, Script* script) {
  if (is_ascii(w)) {
    std::string out(w);
    bool letter = false;
    for (char& c : out) {
      c = lower_ascii(c);
      letter = letter || (c >= 'a' && c <= 'z');
    }
    *script = letter ? Script::kLatin : Script::kNone;
    return out;
  }
  const Prototypes& p = prototypes();
  UErrorCode ec = U_ZERO_ERROR;
  icu::UnicodeString folded = p.nfkc_casefold->normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(w.data(), w.size())), ec);
  *script = unicode_script(folded);
  if (*script != Script::kLatin) return to_utf8(folded);
  icu::UnicodeString decomposed = p.nfd->normalize(folded, ec);
  icu::UnicodeString stripped;
  for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
    UChar32 c = decomposed.char32At(i);
    if (u_charType(c) != U_NON_SPACING_MARK) stripped.append(c);
  }
  return to_utf8(p.nfc->normalize(stripped, ec));
}

}  // namespace mikros::analysis
