// Analyzer::compound_words: the words of a hashtag or handle (analyzer.h), split at
// separators, case and script changes, joined where camelCase spells a brand, then segmented by
// dictionary (segmenter.h).
#include <unicode/brkiter.h>
#include <unicode/uchar.h>

#include <unordered_map>

#include "analysis/analyzer.h"
#include "analysis/icu_text.h"
#include "analysis/katakana.h"
#include "analysis/lexicon.h"
#include "analysis/segmenter.h"

namespace mikros::analysis {
namespace {

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

}  // namespace mikros::analysis
