#include "analyzer.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

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

// BreakIterators hold their text and position, so each thread gets its own clone.
icu::BreakIterator& thread_word_breaker() {
  thread_local std::unique_ptr<icu::BreakIterator> bi(prototypes().words->clone());
  return *bi;
}

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

bool is_latin_script(const icu::UnicodeString& w) {
  bool letter = false;
  for (int32_t i = 0; i < w.length(); i = w.moveIndex32(i, 1)) {
    UChar32 c = w.char32At(i);
    UErrorCode ec = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &ec);
    if (sc == USCRIPT_LATIN) {
      letter = true;
    } else if (sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED) {
      return false;
    }
  }
  return letter;
}

// NFKC case fold; for Latin-script words also drop combining marks (café -> cafe). Marks are
// kept in every other script: removing them corrupts kana (ブ -> フ) and Thai vowels.
icu::UnicodeString fold_unicode(const icu::UnicodeString& in, bool* latin) {
  const Prototypes& p = prototypes();
  UErrorCode ec = U_ZERO_ERROR;
  icu::UnicodeString folded = p.nfkc_casefold->normalize(in, ec);
  *latin = is_latin_script(folded);
  if (!*latin) return folded;
  icu::UnicodeString decomposed = p.nfd->normalize(folded, ec);
  icu::UnicodeString stripped;
  for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
    UChar32 c = decomposed.char32At(i);
    if (u_charType(c) != U_NON_SPACING_MARK) stripped.append(c);
  }
  return p.nfc->normalize(stripped, ec);
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

bool is_emoji_start(UChar32 c) {
  return u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) ||
         u_hasBinaryProperty(c, UCHAR_REGIONAL_INDICATOR);
}

// An emoji segment as a term: presentation selectors and skin-tone modifiers removed, so 👍🏽
// and 👍 are the same term.
std::string emoji_term(const icu::UnicodeString& seg) {
  icu::UnicodeString out;
  for (int32_t i = 0; i < seg.length(); i = seg.moveIndex32(i, 1)) {
    UChar32 c = seg.char32At(i);
    if (c == 0xFE0F || c == 0xFE0E || (c >= 0x1F3FB && c <= 0x1F3FF)) continue;
    out.append(c);
  }
  return to_utf8(out);
}

bool is_word_char(UChar32 c) {
  return u_isalnum(c) || c == '_';
}

enum class CharClass { kLower, kUpper, kDigit, kOther, kSeparator };

CharClass classify(UChar32 c) {
  if (u_isdigit(c)) return CharClass::kDigit;
  if (u_isupper(c) || u_istitle(c)) return CharClass::kUpper;
  if (u_islower(c)) return CharClass::kLower;
  if (u_isalpha(c) || u_charType(c) == U_NON_SPACING_MARK ||
      u_charType(c) == U_COMBINING_SPACING_MARK) {
    return CharClass::kOther;  // letters without case: CJK, Thai, Arabic, ...
  }
  return CharClass::kSeparator;
}

}  // namespace

Analyzer::Analyzer() {
  prototypes();
}

const Analyzer& Analyzer::instance() {
  static const Analyzer analyzer;
  return analyzer;
}

std::string Analyzer::fold(std::string_view word) const {
  if (is_ascii(word)) {
    std::string out(word);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  bool latin = false;
  return to_utf8(fold_unicode(icu::UnicodeString::fromUTF8(word), &latin));
}

void Analyzer::tokenize(std::string_view text, std::vector<Token>& out) const {
  if (text.empty()) return;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  icu::BreakIterator& bi = thread_word_breaker();
  bi.setText(u);
  int32_t start = bi.first();
  for (int32_t end = bi.next(); end != icu::BreakIterator::DONE; start = end, end = bi.next()) {
    int32_t status = bi.getRuleStatus();
    if (status < UBRK_WORD_NONE_LIMIT) {
      // Spaces, punctuation and symbols are dropped; emoji are kept as terms.
      if (is_emoji_start(u.char32At(start))) {
        std::string term = emoji_term(u.tempSubStringBetween(start, end));
        if (!term.empty()) out.push_back({std::move(term), TokenKind::kEmoji, false});
      }
      continue;
    }
    icu::UnicodeString seg = u.tempSubStringBetween(start, end);
    // A sigil directly before the word, itself not preceded by a word character, makes a
    // hashtag or mention ("#ootd", "@brand"; not "a#b" or "me@example").
    UChar sigil = 0;
    if (seg.charAt(0) == '@' && seg.length() > 1) {  // ICU keeps "@brand" as one word
      sigil = '@';
      seg = seg.tempSubString(1);
    } else if (start > 0 && (u.charAt(start - 1) == '#' || u.charAt(start - 1) == '@')) {
      bool glued = start > 1 && is_word_char(u.char32At(u.moveIndex32(start - 1, -1)));
      if (!glued) sigil = u.charAt(start - 1);
    }
    if (sigil) {
      out.push_back(
          {to_utf8(seg), sigil == '#' ? TokenKind::kHashtag : TokenKind::kMention, false});
      continue;
    }
    Token token;
    token.kind = (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT)
                     ? TokenKind::kNumber
                     : TokenKind::kWord;
    token.text = to_utf8(fold_unicode(seg, &token.latin));
    if (!token.text.empty()) out.push_back(std::move(token));
  }
}

std::vector<std::string> Analyzer::compound_words(std::string_view tag) const {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(tag);
  std::vector<icu::UnicodeString> parts;
  icu::UnicodeString current;
  CharClass prev = CharClass::kSeparator;
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
    UChar32 c = u.char32At(i);
    CharClass cls = classify(c);
    if (cls == CharClass::kSeparator) {
      if (!current.isEmpty()) parts.push_back(current);
      current.remove();
      prev = cls;
      continue;
    }
    bool boundary = false;
    if (!current.isEmpty()) {
      if ((prev == CharClass::kDigit) != (cls == CharClass::kDigit)) {
        boundary = true;  // ootd2023 -> ootd 2023
      } else if (prev == CharClass::kLower && cls == CharClass::kUpper) {
        boundary = true;  // slowFashion -> slow Fashion
      } else if (prev == CharClass::kUpper && cls == CharClass::kLower && current.length() > 1) {
        // NYCFashion: the last capital starts the next word.
        int32_t last = current.moveIndex32(current.length(), -1);
        UChar32 lc = current.char32At(last);
        if (classify(lc) == CharClass::kUpper) {
          int32_t before = last > 0 ? current.moveIndex32(last, -1) : -1;
          if (before >= 0 && classify(current.char32At(before)) == CharClass::kUpper) {
            parts.emplace_back(current, 0, last);
            current = icu::UnicodeString(current, last);
          }
        }
      }
    }
    if (boundary) {
      parts.push_back(current);
      current.remove();
    }
    current.append(c);
    prev = cls;
  }
  if (!current.isEmpty()) parts.push_back(current);

  std::vector<std::string> words;
  for (const auto& part : parts) {
    bool latin = false;
    std::string w = to_utf8(fold_unicode(part, &latin));
    if (!w.empty()) words.push_back(std::move(w));
  }
  return words;
}

}  // namespace mikros::analysis
