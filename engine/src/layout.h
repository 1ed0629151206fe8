// The layout of the index: Xapian term prefixes and value slots, RocksDB column families and
// meta keys. Indexing and querying both read it from here, so the two can never disagree.
// Changing anything here changes the on-disk format: bump kFormatVersion.
#ifndef MIKROS_ENGINE_LAYOUT_H
#define MIKROS_ENGINE_LAYOUT_H

#include <xapian.h>

#include <cstdint>
#include <string_view>

namespace mikros::layout {

// On-disk format version, recorded in Xapian metadata and RocksDB meta, checked at open.
// 2: stems (Z<lang>:), scored hashtag terms, Korean bigrams (XB), URL/e-mail domains.
inline constexpr int kFormatVersion = 2;

// Term prefixes. Boolean (filter) terms hold lowercase values, so they never need the
// QueryParser's ':' rule (see notes §1.2).
inline constexpr std::string_view kPrefixKey = "Q";        // Q<platform>:<handle lowercase>
inline constexpr std::string_view kPrefixCountry = "N";    // Nus (Omega's couNtry prefix)
inline constexpr std::string_view kPrefixTier = "XT";      // XTmicro
inline constexpr std::string_view kPrefixPlatform = "XP";  // XPinstagram
inline constexpr std::string_view kPrefixLanguage = "L";   // Len
inline constexpr std::string_view kPrefixCategory = "XC";  // XC<folded category>
inline constexpr std::string_view kPrefixMention = "XM";   // XM<folded handle>

// Text terms (engine/src/document.cpp builds them, query/compile.cpp looks for them):
//   unprefixed      the folded words of name, bio, hashtags and categories, emoji, and the
//                   domains of URLs and e-mail addresses, with positions (phrases use them)
//   K<tag>          each hashtag used (field or bio), its folded words joined: "Kslowfashion".
//                   wdf 1 per use and no positions: it scores, so `#slowfashion` ranks a profile
//                   with the tag above one that only says "slow fashion", and filters exactly
//   Z<lang>:<stem>  the Snowball stem of each word under the profile's languages and English
//                   ("Zen:hike", "Zes:camis"), wdf only: quoted phrases match exact words, so
//                   stems need no positions (positions are half of Xapian's indexing cost)
//   XB<bigram>      the syllable bigrams of Korean words of three syllables or more, wdf only
inline constexpr std::string_view kPrefixHashtag = "K";   // K<folded hashtag> (Omega's Keyword)
inline constexpr std::string_view kPrefixStem = "Z";      // Z<lang>:<stem> (Omega's stem prefix)
inline constexpr std::string_view kPrefixBigram = "XB";   // XB<two Hangul syllables>
inline constexpr std::string_view kPrefixSponsor = "XS";  // XS<brand name run together>

// Value slots (sortable_serialise of a double unless noted).
inline constexpr Xapian::valueno kSlotFollowers = 0;
inline constexpr Xapian::valueno kSlotEngagement = 1;  // fraction; absent when unknown
inline constexpr Xapian::valueno kSlotGrowth = 2;      // monthly growth fraction; absent if unknown
inline constexpr Xapian::valueno kSlotAuthenticity = 3;
inline constexpr Xapian::valueno kSlotPrice = 4;

// Position gap between fields, so a phrase never spans two fields.
inline constexpr Xapian::termpos kFieldGap = 100;

// Xapian user metadata keys.
inline constexpr const char* kMetaGeneration = "mikros.gen";
inline constexpr const char* kMetaFormat = "mikros.format";

// RocksDB column families, in the order the store opens them.
inline constexpr const char* kCfFacets = "facets";      // be32 pid -> packed FacetRecord
inline constexpr const char* kCfProfiles = "profiles";  // be32 pid -> profile JSON
inline constexpr const char* kCfHandles = "handles";    // key "platform:handle" -> be32 pid
inline constexpr const char* kCfMeta = "meta";          // see kMeta* below
inline constexpr const char* kCfOutbox = "outbox";      // be64 gen -> batch of changes
inline constexpr const char* kCfBrands = "brands";      // brand name -> brand JSON

// RocksDB meta keys.
inline constexpr const char* kMetaAppliedGen = "applied_gen";  // decimal
inline constexpr const char* kMetaNextPid = "next_pid";        // decimal
inline constexpr const char* kMetaFormatKey = "format";        // decimal
inline constexpr const char* kMetaTiers = "tiers";  // "micro,mid,macro,mega" lower bounds

}  // namespace mikros::layout

#endif  // MIKROS_ENGINE_LAYOUT_H
