// The layout of an index directory: the format version, the metadata keys of the text index,
// and RocksDB's column families and meta keys. The terms of the text index are the
// vocabulary's (analysis/vocabulary.h). Changing either changes the on-disk format: bump
// kFormatVersion.
#ifndef MIKROS_STORAGE_LAYOUT_H
#define MIKROS_STORAGE_LAYOUT_H

namespace mikros::layout {

// On-disk format version, recorded in Xapian metadata and RocksDB meta, checked at open.
// 2: stems (Z<lang>:), scored hashtag terms, Korean bigrams (XB), URL/e-mail domains.
// 3: the handle in a key compared with Unicode case folding (format 2 lowercased ASCII letters
//    only): a writable open migrates a format 2 index (store_migrate.cpp); read-only handles
//    read it as it is, so a key whose handle has other capitals is found once it is migrated.
// 4: audience share terms (XAC, XAA, XAG), city (XG) and presence (XH) terms; the facets record
//    (version 2) keeps every audience country, the male share, the city, contact and sponsors.
//    A writable open rebuilds a format 3 index's documents and records from its stored
//    profiles, in commits of 5,000 (store_migrate.cpp); a read-only handle reads it as it is.
// 5: no value slots in the text index (a failed write of Xapian's value streams ends the process,
//    issue 17); the facets record (version 3) keeps the numbers that ranges and sorts compare
//    as doubles, and the columns read them. A writable open rebuilds a format 4 index as it
//    does a format 3 one; a read-only handle reads it as it is (its numbers are then the
//    version 2 record's floats).
inline constexpr int kFormatVersion = 5;
// The oldest format this mikros opens.
inline constexpr int kOldestFormatVersion = 2;

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

#endif  // MIKROS_STORAGE_LAYOUT_H
