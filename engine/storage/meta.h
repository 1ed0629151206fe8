// The metadata records of an index, read and written in one way: generations (the text index's
// `mikros.gen`, RocksDB's `applied_gen`), the next profile id and the tier boundaries, all
// stored as decimal text (layout.h).
#ifndef MIKROS_STORAGE_META_H
#define MIKROS_STORAGE_META_H

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mikros/profile.hpp"
#include "mikros/status.hpp"

namespace mikros::store {

// A decimal number of at most 64 bits ("0" to "18446744073709551615", no sign, no spaces);
// nullopt for anything else, a value that would overflow included.
std::optional<std::uint64_t> parse_u64(std::string_view s);

// "micro,mid,macro,mega" lower bounds, as the meta key `tiers` holds them.
std::string tiers_to_string(const TierBoundaries& t);
std::optional<TierBoundaries> tiers_from_string(std::string_view s);

// The generation the text index `db` records; nullopt when it is missing or damaged.
std::optional<std::uint64_t> text_generation(const Xapian::Database& db);
// The same, with kCorruption naming the value found (under `dir`) when it is missing or not a
// number: a damaged generation is reported at once, never taken for 0.
Result<std::uint64_t> checked_text_generation(const Xapian::Database& db, const std::string& dir);

}  // namespace mikros::store

#endif  // MIKROS_STORAGE_META_H
