#include "analyzer.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <memory>
#include <stdexcept>
#include <unordered_map>

#include "lexicon.h"
#include "segmenter.h"

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

// The script of a folded word: that of its first letter that has one.
Script unicode_script(const icu::UnicodeString& w) {
  for (int32_t i = 0; i < w.length(); i = w.moveIndex32(i, 1)) {
    Script s = script_of(w.char32At(i));
    if (s != Script::kNone) return s;
  }
  return Script::kNone;
}

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

// ---- URLs and e-mail addresses ----

struct Span {
  std::size_t begin = 0, end = 0;
  std::string domain;  // empty: nothing to index
};

bool is_host_char(char c) {
  return is_ascii_alnum(c) || c == '-' || c == '.';
}

bool starts_with_ci(std::string_view s, std::size_t i, std::string_view prefix) {
  if (s.size() - i < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    if (lower_ascii(s[i + k]) != prefix[k]) return false;
  }
  return true;
}

// Whether a URL or address may start at byte i: not glued to a preceding ASCII word.
bool starts_token(std::string_view s, std::size_t i) {
  if (i == 0) return true;
  char p = s[i - 1];
  return !(is_ascii_alnum(p) || p == '_' || p == '.' || p == '-' || p == '@' || p == '/');
}

// A domain name "label.label.tld" starting at i (ASCII labels, an alphabetic TLD of 2-24
// letters): returns its end, or npos.
std::size_t match_domain(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size() && is_host_char(s[j])) ++j;
  while (j > i && (s[j - 1] == '.' || s[j - 1] == '-')) --j;
  std::string_view host = s.substr(i, j - i);
  std::size_t dot = host.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::string_view::npos;
  std::string_view tld = host.substr(dot + 1);
  if (tld.size() < 2 || tld.size() > 24) return std::string_view::npos;
  for (char c : tld) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return std::string_view::npos;
  }
  if (host.find("..") != std::string_view::npos || host.front() == '-' || host.front() == '.') {
    return std::string_view::npos;
  }
  return j;
}

std::string normalise_domain(std::string_view host) {
  std::string d;
  for (char c : host) d += lower_ascii(c);
  while (!d.empty() && d.back() == '.') d.pop_back();
  if (d.rfind("www.", 0) == 0) d.erase(0, 4);
  return d;
}

// The end of a URL's path: the first space, quote, angle bracket or non-ASCII byte, less any
// trailing punctuation ("see x.com/a." or "(x.com/a)").
std::size_t url_end(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[j]);
    if (c <= ' ' || c >= 0x80 || c == '"' || c == '<' || c == '>' || c == '`') break;
    ++j;
  }
  while (j > i && std::string_view(".,;:!?)]}'*").find(s[j - 1]) != std::string_view::npos) --j;
  return j;
}

// Finds the URLs (with a scheme, starting with "www.", or a domain followed by a path), bare
// domain names and e-mail addresses of `text`, in order and not overlapping.
std::vector<Span> find_links(std::string_view text) {
  std::vector<Span> spans;
  if (text.find_first_of("/@.") == std::string_view::npos) return spans;
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    if (!is_ascii_alnum(c) || !starts_token(text, i)) {
      ++i;
      continue;
    }
    std::size_t host = std::string_view::npos;
    if (starts_with_ci(text, i, "https://")) {
      host = i + 8;
    } else if (starts_with_ci(text, i, "http://")) {
      host = i + 7;
    }
    if (host != std::string_view::npos) {
      std::size_t h = host;
      while (h < text.size() && is_host_char(text[h])) ++h;
      std::size_t end = std::max(url_end(text, i), h);
      while (h > host && text[h - 1] == '.') --h;
      spans.push_back({i, end, normalise_domain(text.substr(host, h - host))});
      i = end;
      continue;
    }
    // "name@example.com": the local part runs up to an '@' followed by a domain.
    std::size_t j = i;
    while (j < text.size() && (is_ascii_alnum(text[j]) || text[j] == '.' || text[j] == '_' ||
                               text[j] == '%' || text[j] == '+' || text[j] == '-')) {
      ++j;
    }
    if (j < text.size() && text[j] == '@') {
      std::size_t e = match_domain(text, j + 1);
      if (e != std::string_view::npos) {
        spans.push_back({i, e, normalise_domain(text.substr(j + 1, e - j - 1))});
        i = e;
        continue;
      }
    }
    // "www.example.com...", "example.com/path", or a bare "maya-studio.co" (ICU would keep
    // "example.com" whole but split "maya-studio.co" at its hyphen).
    std::size_t d = match_domain(text, i);
    if (d != std::string_view::npos) {
      bool path = starts_with_ci(text, i, "www.") || (d < text.size() && text[d] == '/');
      std::size_t end = path ? std::max(url_end(text, i), d) : d;
      spans.push_back({i, end, normalise_domain(text.substr(i, d - i))});
      i = end;
      continue;
    }
    i = std::max(j, i + 1);
  }
  return spans;
}

// ---- katakana fragments ----

bool is_katakana(UChar32 c) {
  return (c >= 0x30A0 && c <= 0x30FF) || (c >= 0xFF66 && c <= 0xFF9F);
}

// Small kana, the long-vowel mark and ン never start a word.
bool katakana_cannot_start(UChar32 c) {
  switch (c) {
    case 0x30A1:
    case 0x30A3:
    case 0x30A5:
    case 0x30A7:
    case 0x30A9:
    case 0x30C3:
    case 0x30E3:
    case 0x30E5:
    case 0x30E7:
    case 0x30EE:
    case 0x30F5:
    case 0x30F6:
    case 0x30FC:
    case 0x30F3:
    case 0xFF70:
      return true;
    default:
      return false;
  }
}

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

// ---- running text ----

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

// ---- compound words ----

enum class CharClass : std::uint8_t { kLower, kUpper, kDigit, kCaseless };

struct CodePoint {
  UChar32 c;
  std::uint32_t at;  // byte offset in the tag
  CharClass cls;
  Script script;
  bool dictionary;  // a script ICU segments by dictionary
};

CharClass classify(UChar32 c) {
  if (u_isdigit(c)) return CharClass::kDigit;
  if (u_isupper(c) || u_istitle(c)) return CharClass::kUpper;
  if (u_islower(c)) return CharClass::kLower;
  return CharClass::kCaseless;  // letters without case (CJK, Thai, Arabic, ...) and marks
}

// Segments of a tag's code points [begin, end) and the byte range they cover.
class TagParts {
 public:
  TagParts(std::string_view tag, const std::vector<CodePoint>& cps) : tag_(tag), cps_(cps) {}
  std::string_view bytes(std::size_t begin, std::size_t end) const {
    std::size_t from = cps_[begin].at;
    std::size_t to = end < cps_.size() ? cps_[end].at : tag_.size();
    return tag_.substr(from, to - from);
  }
  std::string folded(std::size_t begin, std::size_t end) const {
    Script s;
    return fold_word(bytes(begin, end), &s);
  }

 private:
  std::string_view tag_;
  const std::vector<CodePoint>& cps_;
};

// Words of a part in a script that ICU segments by dictionary ("慢时尚" -> 慢 时尚).
void dictionary_words(std::string_view part, std::vector<std::string>& out) {
  icu::BreakIterator& bi = thread_tag_breaker();
  set_utf8_text(bi, part);
  KatakanaJoiner katakana(part);
  auto emit = [&](std::size_t s, std::size_t e) {
    Script script;
    std::string w = fold_word(part.substr(s, e - s), &script);
    if (!w.empty()) out.push_back(std::move(w));
  };
  for (int32_t s = bi.first(), e = bi.next(); e != icu::BreakIterator::DONE; s = e, e = bi.next()) {
    if (bi.getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    auto from = static_cast<std::size_t>(s), to = static_cast<std::size_t>(e);
    if (katakana.add(from, to)) continue;
    katakana.flush(emit);
    if (!katakana.add(from, to)) emit(from, to);
  }
  katakana.flush(emit);
}

// The words of cps[begin, end): one script, no separators.
void cased_words(const TagParts& parts, const std::vector<CodePoint>& cps, std::size_t begin,
                 std::size_t end, const Segmenter& segmenter, std::vector<std::string>& out) {
  // Definite cuts: lower -> Upper ("slowFashion") and digit -> Upper ("15Pro").
  std::vector<std::size_t> cuts{begin};
  std::vector<std::size_t> ambiguous;  // per chunk: the 'k' of an UPPER+ -> lower change, or 0
  std::size_t pending = 0;
  for (std::size_t k = begin + 1; k < end; ++k) {
    CharClass a = cps[k - 1].cls, b = cps[k].cls;
    if (b == CharClass::kUpper && (a == CharClass::kLower || a == CharClass::kDigit)) {
      cuts.push_back(k);
      ambiguous.push_back(pending);
      pending = 0;
    } else if (a == CharClass::kUpper && b == CharClass::kLower && k >= cuts.back() + 2 &&
               cps[k - 2].cls == CharClass::kUpper) {
      // "NYCFashion": the last capital usually starts the next word (NYC Fashion), but in
      // "UKblogger" the capitals are the acronym (UK blogger). Decided below by cost.
      pending = k;
    }
  }
  cuts.push_back(end);
  ambiguous.push_back(pending);

  // Resolve each ambiguity by the cheaper of the two splits.
  std::vector<std::size_t> chunks{begin};  // chunk starts, then `end`
  for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
    std::size_t k = ambiguous[c];
    if (k != 0) {
      std::size_t from = cuts[c], to = cuts[c + 1];
      std::size_t cut = k - 1;
      if (segmenter.has_dictionary()) {
        float before = segmenter.segment(parts.folded(from, k - 1), nullptr) +
                       segmenter.segment(parts.folded(k - 1, to), nullptr);
        float after = segmenter.segment(parts.folded(from, k), nullptr) +
                      segmenter.segment(parts.folded(k, to), nullptr);
        if (after < before) cut = k;
      }
      chunks.push_back(cut);
    }
    if (c + 2 < cuts.size()) chunks.push_back(cuts[c + 1]);
  }
  chunks.push_back(end);

  // Join camelCase chunks that spell a brand ("i"+"Phone", "You"+"Tube", "Chat"+"GPT"): the
  // brand starts at a chunk and ends at a later chunk's end or its first letter -> digit change.
  if (segmenter.has_dictionary() && chunks.size() > 2) {
    std::vector<std::size_t> joined{chunks[0]};
    for (std::size_t i = 0; i + 1 < chunks.size();) {
      std::size_t take = 1;
      for (std::size_t m = std::min<std::size_t>(3, chunks.size() - 1 - i); m >= 2; --m) {
        std::size_t last_begin = chunks[i + m - 1], last_end = chunks[i + m];
        std::size_t digit = last_begin;
        while (digit < last_end && cps[digit].cls != CharClass::kDigit) ++digit;
        bool found = segmenter.joins(parts.folded(chunks[i], last_end)) ||
                     (digit > last_begin && digit < last_end &&
                      segmenter.joins(parts.folded(chunks[i], digit)));
        if (found) {
          take = m;
          break;
        }
      }
      i += take;
      joined.push_back(chunks[i]);
    }
    chunks = std::move(joined);
  }

  for (std::size_t c = 0; c + 1 < chunks.size(); ++c) {
    segmenter.segment(parts.folded(chunks[c], chunks[c + 1]), &out);
  }
}

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Segmentations of recent tags, per thread: tags repeat across profiles (Zipf), and a cache
// hit costs a hash lookup instead of a Viterbi pass.
// Two generations: when the current one is full it becomes the previous one, and a tag found
// only there moves back, so popular tags survive while the long tail is forgotten.
struct TagCache {
  using Map =
      std::unordered_map<std::string, std::vector<std::string>, StringHash, std::equal_to<>>;
  static constexpr std::size_t kGenerationEntries = 1 << 17;  // about 20 MiB per thread
  std::uint64_t corpus_serial = 0;
  Map current, previous;

  const std::vector<std::string>* find(std::string_view tag) {
    if (auto it = current.find(tag); it != current.end()) return &it->second;
    if (auto it = previous.find(tag); it != previous.end()) {
      auto node = previous.extract(it);
      return &insert(std::move(node.key()), std::move(node.mapped()));
    }
    return nullptr;
  }
  const std::vector<std::string>& insert(std::string tag, std::vector<std::string> words) {
    if (current.size() >= kGenerationEntries) {
      previous = std::move(current);
      current = Map();
    }
    return current.emplace(std::move(tag), std::move(words)).first->second;
  }
  void reset(std::uint64_t serial) {
    current.clear();
    previous.clear();
    corpus_serial = serial;
  }
};

}  // namespace

Analyzer::Analyzer() {
  prototypes();
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
  for (Span& link : find_links(text)) {
    tokenize_plain(text.substr(at, link.begin - at), out);
    if (!link.domain.empty()) {
      out.push_back({std::move(link.domain), TokenKind::kDomain, Script::kLatin});
    }
    at = link.end;
  }
  tokenize_plain(text.substr(at), out);
}

void Analyzer::compound_words(std::string_view tag, std::vector<std::string>& out,
                              const CorpusWords* corpus) const {
  while (!tag.empty() && (tag.front() == '#' || tag.front() == '@')) tag.remove_prefix(1);
  if (tag.empty()) return;
  thread_local TagCache cache;
  std::uint64_t serial = corpus ? corpus->serial() : 0;
  if (cache.corpus_serial != serial) cache.reset(serial);
  if (const auto* words = cache.find(tag)) {
    out.insert(out.end(), words->begin(), words->end());
    return;
  }

  std::vector<CodePoint> cps;
  for (std::size_t i = 0; i < tag.size();) {
    std::uint32_t at = static_cast<std::uint32_t>(i);
    UChar32 c = next_cp(tag, i);
    cps.push_back({c, at, classify(c), script_of(c), has_icu_dictionary(c)});
  }
  TagParts parts(tag, cps);
  const Lexicon* lexicon = default_lexicon().lexicon.get();
  const Segmenter latin(lexicon, corpus);
  const Segmenter plain(nullptr, nullptr);  // other scripts: digits split off, nothing else

  std::vector<std::string> words;
  std::size_t k = 0;
  while (k < cps.size()) {
    if (!is_tag_char(cps[k].c) || cps[k].c == '_') {
      ++k;  // separators: '_', '-', '.', apostrophes, emoji, ...
      continue;
    }
    // A run of one script (digits and marks join whatever they follow).
    std::size_t begin = k;
    Script script = Script::kNone;
    bool dictionary = false;
    while (k < cps.size() && is_tag_char(cps[k].c) && cps[k].c != '_') {
      Script s = cps[k].script;
      if (s != Script::kNone) {
        // Japanese mixes kanji and kana in one word ("好き"): ICU segments such runs whole.
        bool same = s == script || (dictionary && cps[k].dictionary);
        if (script != Script::kNone && !same) break;
        script = s;
        dictionary = cps[k].dictionary;
      }
      ++k;
    }
    if (dictionary) {
      dictionary_words(parts.bytes(begin, k), words);
    } else {
      cased_words(parts, cps, begin, k,
                  script == Script::kLatin || script == Script::kNone ? latin : plain, words);
    }
  }
  out.insert(out.end(), words.begin(), words.end());
  cache.insert(std::string(tag), std::move(words));
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
