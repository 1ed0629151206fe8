#include "analysis/stemmer.h"

#include <xapian.h>

#include <array>
#include <memory>
#include <optional>
#include <unordered_map>

#include "util/text_util.h"

namespace mikros::analysis {
namespace {

constexpr StemLanguage kLanguages[] = {
    {"ar", "arabic", Script::kArabic},    {"ca", "catalan", Script::kLatin},
    {"da", "danish", Script::kLatin},     {"de", "german", Script::kLatin},
    {"en", "english", Script::kLatin},    {"es", "spanish", Script::kLatin},
    {"eu", "basque", Script::kLatin},     {"fi", "finnish", Script::kLatin},
    {"fr", "french", Script::kLatin},     {"ga", "irish", Script::kLatin},
    {"hu", "hungarian", Script::kLatin},  {"hy", "armenian", Script::kArmenian},
    {"id", "indonesian", Script::kLatin}, {"it", "italian", Script::kLatin},
    {"lt", "lithuanian", Script::kLatin}, {"ne", "nepali", Script::kDevanagari},
    {"nl", "dutch", Script::kLatin},      {"no", "norwegian", Script::kLatin},
    {"pt", "portuguese", Script::kLatin}, {"ro", "romanian", Script::kLatin},
    {"ru", "russian", Script::kCyrillic}, {"sv", "swedish", Script::kLatin},
    {"ta", "tamil", Script::kTamil},      {"tr", "turkish", Script::kLatin},
};
constexpr std::size_t kLanguageCount = std::size(kLanguages);

// Per thread and language: the stemmer and a cache of its recent answers, cleared when full.
constexpr std::size_t kCacheEntries = 50'000;

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct ThreadStemmer {
  std::optional<Xapian::Stem> stemmer;
  std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> cache;
};

}  // namespace

std::span<const StemLanguage> stem_languages() {
  return {kLanguages, kLanguageCount};
}

int stem_language(std::string_view iso_code) {
  std::string code = ascii_lower(trim(iso_code));
  if (code == "nb" || code == "nn") code = "no";
  for (std::size_t i = 0; i < kLanguageCount; ++i) {
    if (kLanguages[i].code == code) return static_cast<int>(i);
  }
  return -1;
}

bool stemmable(const Token& token) {
  if (token.kind != TokenKind::kWord || token.text.size() < 3) return false;
  for (unsigned char c : token.text) {
    if (c < 0x80 && !(c >= 'a' && c <= 'z') && c != '\'') return false;
  }
  return true;
}

std::string_view stem(int language, std::string_view word) {
  thread_local std::array<ThreadStemmer, kLanguageCount> stemmers;
  ThreadStemmer& t = stemmers[static_cast<std::size_t>(language)];
  if (auto it = t.cache.find(word); it != t.cache.end()) return it->second;
  if (!t.stemmer) t.stemmer.emplace(std::string(kLanguages[language].xapian));
  if (t.cache.size() >= kCacheEntries) t.cache.clear();
  std::string key(word);
  std::string value = (*t.stemmer)(key);
  return t.cache.emplace(std::move(key), std::move(value)).first->second;
}

}  // namespace mikros::analysis
