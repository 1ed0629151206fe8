// The term vocabulary: how a word, a hashtag, a mention, a sponsor or a facet value becomes a
// Xapian term (the text index holds no value slots: storage/layout.h). Document building
// (document.h) and query compilation (query/compile.cpp) both make their terms here, so a query and
// the profile it should match can never spell a term differently.
//
// Changing anything here changes the on-disk format: bump layout::kFormatVersion
// (storage/layout.h).
//
// Text terms:
//   unprefixed      the folded words of name, bio, hashtags and categories, emoji, and the
//                   domains of URLs and e-mail addresses, with positions (phrases use them)
//   K<tag>          each hashtag used (field or bio), its folded words joined: "Kslowfashion".
//                   wdf 1 per use and no positions: it scores, so `#slowfashion` ranks a profile
//                   with the tag above one that only says "slow fashion", and filters exactly
//   Z<lang>:<stem>  the Snowball stem of each word under the profile's languages and English
//                   ("Zen:hike", "Zes:camis"), wdf only: quoted phrases match exact words, so
//                   stems need no positions (positions are half of Xapian's indexing cost)
//   XB<bigram>      the syllable bigrams of Korean words of three syllables or more, wdf only
// Filter (boolean) terms hold lowercase values, so no query syntax ever needs to escape them.
#ifndef MIKROS_ANALYSIS_VOCABULARY_H
#define MIKROS_ANALYSIS_VOCABULARY_H

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.h"
#include "mikros/profile.hpp"
#include "model/audience.h"

namespace mikros::vocab {

// ---- prefixes ----
inline constexpr std::string_view kPrefixKey = "Q";        // Q<platform>:<handle folded>
inline constexpr std::string_view kPrefixCountry = "N";    // Nus (Omega's couNtry prefix)
inline constexpr std::string_view kPrefixTier = "XT";      // XTmicro
inline constexpr std::string_view kPrefixPlatform = "XP";  // XPinstagram
inline constexpr std::string_view kPrefixLanguage = "L";   // Len
inline constexpr std::string_view kPrefixCategory = "XC";  // XC<folded category words, '-'>
inline constexpr std::string_view kPrefixMention = "XM";   // XM<folded handle>
inline constexpr std::string_view kPrefixHashtag = "K";    // K<folded hashtag> (Omega's Keyword)
inline constexpr std::string_view kPrefixStem = "Z";       // Z<lang>:<stem> (Omega's stem prefix)
inline constexpr std::string_view kPrefixBigram = "XB";    // XB<two Hangul syllables>
inline constexpr std::string_view kPrefixSponsor = "XS";   // XS<brand name run together>
inline constexpr std::string_view kPrefixCity = "XG";      // XG<city folded words, '-'>
// XH<what the profile gives>: contact, price, sponsored, aud.country, aud.age, aud.gender.
inline constexpr std::string_view kPrefixHas = "XH";
// Audience shares, as levels of 1/250 (model/audience.h) in three digits: one term a share.
// Countries the profile lists with a level of 1 or more ("XACde:100" = 40% in Germany); each
// contiguous range of age bands with a level of 1 or more, the bands' levels added (at most
// 250: "XAA18-34:126"); the female and male shares when given, 0 included ("XAGfemale:150").
// A filter on shares is an OR of the terms of its levels (a lower bound of 0 for countries and
// ages: the has term minus the levels above).
inline constexpr std::string_view kPrefixAudienceCountry = "XAC";
inline constexpr std::string_view kPrefixAudienceAge = "XAA";
inline constexpr std::string_view kPrefixAudienceGender = "XAG";

// Position gap between fields, so a phrase never spans two.
inline constexpr Xapian::termpos kFieldGap = 100;

// Xapian refuses terms longer than 245 bytes; such terms are never useful filters anyway, so
// longer ones are left out of documents.
inline constexpr std::size_t kMaxTermBytes = 240;

// ---- text terms ----

// "Z" + code + ":" + stem: the index term of a stem under language `language`
// (analysis::stem_languages() indexes).
std::string stem_term(int language, std::string_view stem);
// Appends the stem term of folded `word` under each of `languages` (stem_languages() indexes)
// whose rules are written for `script`. REQUIRES: the word is stemmable (analysis::stemmable).
void stem_terms(std::string_view word, analysis::Script script, const std::vector<int>& languages,
                std::vector<std::string>& out);
// "XB" + a Hangul syllable bigram.
std::string bigram_term(std::string_view bigram);
// The K term of a hashtag whose folded words are already joined ("slowfashion").
std::string folded_hashtag_term(std::string_view joined_words);
// The K term of a hashtag as written ("#SlowFashion" -> "Kslowfashion").
std::string hashtag_term(std::string_view tag);

// ---- filter terms, from raw user or profile values ----
std::string country_term(std::string_view iso_code);   // "US" -> "Nus"
std::string tier_term(Tier tier);                      // "XTmicro"
std::string platform_term(std::string_view platform);  // "XPinstagram"
std::string language_term(std::string_view iso_code);  // "Les"
std::string category_term(std::string_view category);  // "Slow Fashion" -> "XCslow-fashion"
std::string mention_term(std::string_view handle);     // "@Brand.Co" -> "XMbrand.co"
std::string key_term(std::string_view key);            // "Qinstagram:ana"
std::string sponsor_term(std::string_view brand);      // "Free People" -> "XSfreepeople"
std::string city_term(std::string_view city);          // "São Paulo" -> "XGsao-paulo"
std::string has_term(std::string_view what);           // "contact" -> "XHcontact"
// Audience share terms (above); `level` in 0..250.
std::string audience_country_term(std::string_view iso_code, int level);  // "XACde:100"
std::string audience_age_term(AgeRange range, int level);                 // "XAA18-34:126"
std::string audience_gender_term(Gender gender, int level);               // "XAGfemale:150"

// A city as city: filters compare it: its folded words joined by '-' (accents and case folded
// as the analyzer folds words: "São Paulo", "SAO PAULO" -> "sao-paulo"; "Москва" ->
// "москва"). The value of a city term, and FacetRecord::city_key.
std::string city_key(std::string_view city);

// A name's folded words run together ("Free People" -> "freepeople", "Café Verde" ->
// "cafeverde"): the value of a sponsor term and the key a brand is stored under.
std::string run_together(std::string_view name);

}  // namespace mikros::vocab

#endif  // MIKROS_ANALYSIS_VOCABULARY_H
