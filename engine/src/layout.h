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
inline constexpr int kFormatVersion = 1;

// Term prefixes. Boolean (filter) terms hold lowercase values, so they never need the
// QueryParser's ':' rule (see notes §1.2).
inline constexpr std::string_view kPrefixKey = "Q";        // Q<platform>:<handle lowercase>
inline constexpr std::string_view kPrefixCountry = "N";    // Nus (Omega's couNtry prefix)
inline constexpr std::string_view kPrefixTier = "XT";      // XTmicro
inline constexpr std::string_view kPrefixPlatform = "XP";  // XPinstagram
inline constexpr std::string_view kPrefixLanguage = "L";   // Len
inline constexpr std::string_view kPrefixCategory = "XC";  // XC<folded category>
inline constexpr std::string_view kPrefixHashtag = "K";    // K<folded hashtag> (Omega's Keyword)
inline constexpr std::string_view kPrefixMention = "XM";   // XM<folded handle>
inline constexpr std::string_view kPrefixSponsor = "XS";   // XS<brand name run together>
// Unprefixed terms are the folded words of name, bio, hashtags and categories, with positions.

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
