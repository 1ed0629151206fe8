// Stemming by profile language with Xapian's Snowball stemmers.
//
// Stems are indexed per language, "Z<lang>:<stem>" (Zen:hike, Zes:camis): a query word then
// matches a stem only where both were stemmed by the same language's rules, so the Italian
// stem of "pasta" ("past") never matches English "past", and Spanish "moda" never matches
// English "mods". Each stemmer applies only to words of its script (the English stemmer never
// sees Cyrillic words).
#ifndef MIKROS_ANALYSIS_STEMMER_H
#define MIKROS_ANALYSIS_STEMMER_H

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "analysis/analyzer.h"

namespace mikros::analysis {

struct StemLanguage {
  std::string_view code;    // canonical ISO 639-1 code, used in the term prefix
  std::string_view xapian;  // Xapian::Stem language name
  Script script;            // the script its rules are written for
};

// Every language Xapian 1.4 can stem, by canonical ISO 639-1 code: ar ca da de en es eu fi fr ga
// hu hy id it lt ne nl no pt ro ru sv ta tr.
std::span<const StemLanguage> stem_languages();

// The index (into stem_languages()) of the stemmer for an ISO 639-1 code (any case; nb and nn
// are Norwegian), or -1 when Xapian has none for it.
int stem_language(std::string_view iso_code);

// Whether a word token is stemmed at all: letters only (no digits, dots or '@'), not too short.
bool stemmable(const Token& token);

// The stem of folded `word` under language `language`. Thread-safe: each thread has its own
// Xapian::Stem objects (they keep state while stemming) and a cache of recent stems, since
// words repeat: a cache hit costs a hash lookup instead of the stemmer's 0.4-0.6 us.
// The view is valid until the next call of stem() on the same thread.
std::string_view stem(int language, std::string_view word);

}  // namespace mikros::analysis

#endif  // MIKROS_ANALYSIS_STEMMER_H
