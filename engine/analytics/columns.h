// In-memory facet columns: every profile's numeric facets in arrays indexed by pid, loaded from
// RocksDB's `facets` column family. A candidate lookup costs nanoseconds where a RocksDB Get
// costs 5-40 microseconds, which is what facet counts and ranking inside the match need.
//
// A Columns object is immutable once built and shared as shared_ptr<const Columns>; a commit
// makes a new one that shares every chunk it did not touch (copy-on-write by chunk), so searches
// in flight keep a consistent snapshot.
#ifndef MIKROS_ANALYTICS_COLUMNS_H
#define MIKROS_ANALYTICS_COLUMNS_H

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/audience.h"
#include "model/facets.h"

namespace mikros {

namespace analytics {
class PeerBenchmarks;  // peers.h
}

// The facets of one profile in memory (88 bytes). The numbers filters and sorts compare are
// exact (doubles): the columns are where ranges and sorts read them.
struct FacetRow {
  std::uint64_t followers = 0;
  double engagement_rate = kNoValue;
  double growth_monthly = kNoValue;
  double authenticity = kNoValue;
  double price_usd = kNoValue;
  float posts_per_week = kNoValue;
  std::uint32_t following = 0;
  std::uint32_t posts = 0;
  std::uint16_t platform = 0;  // index into Columns::platform_names()
  std::uint16_t country = 0;   // two ASCII letters packed (see pack_code); 0 = unknown
  std::array<std::uint16_t, 4> languages{};                // packed ISO 639-1 codes; 0 = unused
  std::array<std::uint16_t, 3> audience_countries{};       // packed codes, largest share first
  std::array<std::uint8_t, 3> audience_country_shares{};   // x 250
  std::array<std::uint8_t, kAgeBandCount> audience_age{};  // x 250; kUnknownShare = unknown
  std::uint8_t audience_female = kUnknownShare;            // x 250
  Tier tier = Tier::kNano;
  bool spike = false;
  bool authenticity_estimated = false;
  bool automated = false;  // flagged by the automation model
  bool present = false;    // false: no profile with this pid
};

// "US" -> 0x5553; 0 for anything that is not two characters.
inline std::uint16_t pack_code(const char code[2]) {
  if (!code[0] || !code[1]) return 0;
  return static_cast<std::uint16_t>(static_cast<unsigned char>(code[0]) << 8 |
                                    static_cast<unsigned char>(code[1]));
}
// A packed code of two ASCII letters in upper case ("us" and "US" -> 0x5553).
inline std::uint16_t upper_code(std::uint16_t packed) {
  return static_cast<std::uint16_t>(packed & 0xDFDF);
}
inline std::string unpack_code(std::uint16_t packed) {
  if (!packed) return {};
  return std::string{static_cast<char>(packed >> 8), static_cast<char>(packed & 0xff)};
}

// What a profile gives, as bits of FilterKey::presence(): the values has:, sponsored:* and the
// audience filters test for.
namespace presence {
inline constexpr std::uint8_t kContact = 1;
inline constexpr std::uint8_t kPrice = 2;
inline constexpr std::uint8_t kSponsored = 4;
inline constexpr std::uint8_t kAudienceCountries = 8;  // shares of countries
inline constexpr std::uint8_t kAudienceAge = 16;
inline constexpr std::uint8_t kAudienceGender = 32;  // the female or the male share
// More audience countries than AudienceCell holds: the rest are in Chunk::more_countries.
inline constexpr std::uint8_t kMoreCountries = 64;
}  // namespace presence

namespace columns_detail {

inline constexpr std::uint32_t kChunkBits = 12;
inline constexpr std::uint32_t kChunkSize = 1u << kChunkBits;

// The audience shares of one profile that filters and sorting read (levels of 1/250,
// model/audience.h): its largest countries, its age bands and its gender shares (26 bytes).
inline constexpr int kInlineCountries = 6;
struct AudienceCell {
  std::array<std::uint16_t, kInlineCountries> countries{};  // upper_code(); 0: unused
  std::array<std::uint8_t, kInlineCountries> shares{};      // largest first
  std::array<std::uint8_t, kAgeBandCount> age{kUnknownShare, kUnknownShare, kUnknownShare,
                                              kUnknownShare, kUnknownShare, kUnknownShare};
  std::uint8_t female = kUnknownShare;
  std::uint8_t male = kUnknownShare;
};
// The audience countries of a profile beyond its AudienceCell's (rare: most profiles give at most
// six), as (upper_code, level) pairs.
struct MoreCountries {
  std::uint32_t index = 0;  // the profile's index in its chunk
  std::vector<std::pair<std::uint16_t, std::uint8_t>> countries;
};

// 4096 profiles' rows, and beside them, one array per field, the fields a filter tests for
// every candidate. A filter beside text reads one profile per candidate in no order the cache
// can predict: at 1,000,000 profiles the rows take 64 MiB and every candidate waited on memory (a
// third of the time of a filtered query), where the country array takes 2 MiB and the tier array
// 1 MiB, which stay in cache.
struct Chunk {
  std::array<FacetRow, kChunkSize> rows;
  std::array<std::uint8_t, kChunkSize> tier_plus_one{};  // 0: no profile
  std::array<std::uint16_t, kChunkSize> country{};       // upper_code()
  std::array<std::uint16_t, kChunkSize> platform{};
  std::array<float, kChunkSize> engagement_rate{};
  std::array<std::uint32_t, kChunkSize> followers{};  // at most FilterKey::kFollowersSaturated
  std::array<std::uint8_t, kChunkSize> presence{};    // presence:: bits
  std::array<std::uint32_t, kChunkSize> city{};       // Columns city id; 0: none
  std::array<AudienceCell, kChunkSize> audience{};
  std::vector<MoreCountries> more_countries;  // by index
};

}  // namespace columns_detail

// The filter fields of one profile (Columns::key): a view of the columns that made it, valid as
// long as they are.
class FilterKey {
 public:
  static constexpr std::uint32_t kFollowersSaturated = UINT32_MAX;

  FilterKey(const columns_detail::Chunk& chunk, std::uint32_t index)
      : chunk_(&chunk), index_(index) {}
  Tier tier() const { return static_cast<Tier>(chunk_->tier_plus_one[index_] - 1); }
  // Upper case (upper_code), so "us" and "US" are one value.
  std::uint16_t country() const { return chunk_->country[index_]; }
  std::uint16_t platform() const { return chunk_->platform[index_]; }
  float engagement_rate() const { return chunk_->engagement_rate[index_]; }
  // At most kFollowersSaturated; the row holds the exact count.
  std::uint32_t followers() const { return chunk_->followers[index_]; }
  std::uint8_t presence() const { return chunk_->presence[index_]; }  // presence:: bits
  std::uint32_t city() const { return chunk_->city[index_]; }         // Columns city id
  const columns_detail::AudienceCell& audience() const { return chunk_->audience[index_]; }
  // The level of the audience's share in country `code` (upper_code): 0 for a country the
  // profile does not list; nullopt when it gives no country shares.
  std::optional<std::uint8_t> country_share(std::uint16_t code) const;
  // The level of the audience's share in the bands of `r` (their levels added, at most 250);
  // nullopt when the profile gives no age bands.
  std::optional<std::uint8_t> age_share(AgeRange r) const {
    const auto& age = audience().age;
    if (age[0] == kUnknownShare) return std::nullopt;
    unsigned sum = 0;
    for (int b = r.first; b <= r.last; ++b) sum += age[static_cast<std::size_t>(b)];
    return static_cast<std::uint8_t>(std::min<unsigned>(sum, kShareLevels));
  }
  // The level of the female or male share; nullopt when the profile does not give it.
  std::optional<std::uint8_t> gender_share(Gender g) const {
    const std::uint8_t v = g == Gender::kFemale ? audience().female : audience().male;
    return v == kUnknownShare ? std::nullopt : std::optional<std::uint8_t>(v);
  }

 private:
  const columns_detail::Chunk* chunk_;
  std::uint32_t index_;
};

// Thread-safety: immutable after construction; share freely between threads.
class Columns {
 public:
  static constexpr std::uint32_t kChunkBits = columns_detail::kChunkBits;  // 308 KiB a chunk
  static constexpr std::uint32_t kChunkSize = columns_detail::kChunkSize;

  // The row of `pid`, or nullptr when no profile has it.
  const FacetRow* row(std::uint32_t pid) const {
    std::uint32_t c = pid >> kChunkBits;
    if (c >= chunks_.size() || !chunks_[c]) return nullptr;
    const FacetRow& r = chunks_[c]->rows[pid & (kChunkSize - 1)];
    return r.present ? &r : nullptr;
  }
  // The filter fields of `pid`, or nullopt when no profile has it.
  std::optional<FilterKey> key(std::uint32_t pid) const {
    std::uint32_t c = pid >> kChunkBits;
    if (c >= chunks_.size() || !chunks_[c]) return std::nullopt;
    const std::uint32_t i = pid & (kChunkSize - 1);
    if (!chunks_[c]->tier_plus_one[i]) return std::nullopt;
    return FilterKey(*chunks_[c], i);
  }
  // Calls fn(pid, row) for every profile, in pid order.
  template <typename Fn>
  void for_each_row(Fn&& fn) const {
    for (std::size_t c = 0; c < chunks_.size(); ++c) {
      if (!chunks_[c]) continue;
      const Chunk& chunk = *chunks_[c];
      const auto base = static_cast<std::uint32_t>(c << kChunkBits);
      for (std::uint32_t i = 0; i < kChunkSize; ++i) {
        if (chunk.rows[i].present) fn(base + i, chunk.rows[i]);
      }
    }
  }
  // Calls fn(first_pid, chunk) for every chunk of profiles, in pid order; a chunk's profiles
  // are first_pid + i for i < kChunkSize whose tier_plus_one[i] is not 0.
  template <typename Fn>
  void for_each_chunk(Fn&& fn) const {
    for (std::size_t c = 0; c < chunks_.size(); ++c) {
      if (chunks_[c]) fn(static_cast<std::uint32_t>(c << kChunkBits), *chunks_[c]);
    }
  }
  // Number of profiles.
  std::uint64_t size() const { return size_; }
  // One past the largest pid that may have a row.
  std::uint32_t pid_limit() const {
    return static_cast<std::uint32_t>(chunks_.size()) << kChunkBits;
  }
  // Generation of the commit these columns reflect.
  std::uint64_t generation() const { return generation_; }
  std::string_view platform_name(std::uint16_t id) const {
    return id < platforms_.size() ? std::string_view(platforms_[id]) : std::string_view();
  }
  const std::vector<std::string>& platform_names() const { return platforms_; }
  // Cities, by the key city: filters compare (FacetRecord::city_key): ids from 1; 0 is none.
  // The name of an id is the first spelling indexed of its key.
  std::uint32_t city_limit() const { return static_cast<std::uint32_t>(cities_->names.size()); }
  std::optional<std::uint32_t> city_id(std::string_view key) const {
    auto it = cities_->ids.find(std::string(key));
    return it == cities_->ids.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
  }
  std::string_view city_name(std::uint32_t id) const {
    return id < cities_->names.size() ? std::string_view(cities_->names[id]) : std::string_view();
  }
  std::string_view city_key(std::uint32_t id) const {
    return id < cities_->keys.size() ? std::string_view(cities_->keys[id]) : std::string_view();
  }
  // Engagement benchmarks of these columns' peers, computed on first use (one pass over the
  // rows and a sort per band) and kept for the life of this snapshot. Defined in peers.cpp.
  const analytics::PeerBenchmarks& benchmarks() const;

  // Builds columns from (pid, record) pairs in any order.
  class Builder {
   public:
    void add(std::uint32_t pid, const FacetRecord& record);
    std::shared_ptr<const Columns> finish(std::uint64_t generation);

   private:
    std::shared_ptr<Columns> columns_ = std::make_shared<Columns>();
  };

  // A copy with `changes` applied: (pid, record) sets a row, (pid, nullptr) removes it. Only
  // the chunks that change are copied.
  std::shared_ptr<const Columns> with_changes(
      const std::vector<std::pair<std::uint32_t, const FacetRecord*>>& changes,
      std::uint64_t generation) const;

 private:
  using Chunk = columns_detail::Chunk;
  Chunk& mutable_chunk(std::uint32_t pid);  // during building only
  void set(std::uint32_t pid, const FacetRecord& record);
  void clear(std::uint32_t pid);
  std::uint16_t platform_id(const std::string& name);
  std::uint32_t city_id_for(const FacetRecord& record);  // adds the city when new
  void set_audience(Chunk& chunk, std::uint32_t index, const FacetRecord& record);

  // City keys and names: shared with the snapshots made from this one until one adds a city.
  struct CityTable {
    std::vector<std::string> names{""};  // by id; id 0: none
    std::vector<std::string> keys{""};
    std::unordered_map<std::string, std::uint32_t> ids;
  };

  struct BenchmarkCache {
    std::once_flag once;
    std::shared_ptr<const analytics::PeerBenchmarks> value;
  };

  std::vector<std::shared_ptr<const Chunk>> chunks_;
  // Shared by nothing but this snapshot: with_changes gives the copy a fresh cache.
  std::shared_ptr<BenchmarkCache> benchmarks_ = std::make_shared<BenchmarkCache>();
  std::vector<std::string> platforms_{""};  // id 0 = unknown
  std::shared_ptr<CityTable> cities_ = std::make_shared<CityTable>();
  bool cities_owned_ = true;  // false: shared with an older snapshot, copied before a change
  std::uint64_t size_ = 0;
  std::uint64_t generation_ = 0;
};

}  // namespace mikros

#endif  // MIKROS_ANALYTICS_COLUMNS_H
