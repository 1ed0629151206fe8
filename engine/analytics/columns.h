// In-memory facet columns: every profile's numeric facets in arrays indexed by pid, loaded from
// RocksDB's `facets` column family. A candidate lookup costs nanoseconds where a RocksDB Get
// costs 5-40 microseconds, which is what facet counts and ranking inside the match need.
//
// A Columns object is immutable once built and shared as shared_ptr<const Columns>; a commit
// makes a new one that shares every chunk it did not touch (copy-on-write by chunk), so searches
// in flight keep a consistent snapshot.
#ifndef MIKROS_ANALYTICS_COLUMNS_H
#define MIKROS_ANALYTICS_COLUMNS_H

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/facets.h"

namespace mikros {

namespace analytics {
class PeerBenchmarks;  // peers.h
}

// The facets of one profile in memory (72 bytes).
struct FacetRow {
  std::uint64_t followers = 0;
  float engagement_rate = kNoValue;
  float growth_monthly = kNoValue;
  float authenticity = kNoValue;
  float price_usd = kNoValue;
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

namespace columns_detail {

inline constexpr std::uint32_t kChunkBits = 12;
inline constexpr std::uint32_t kChunkSize = 1u << kChunkBits;

// 4096 profiles' rows, and beside them, one array per field, the fields a filter tests for
// every candidate (13 bytes a profile). A filter beside text reads one profile per candidate in
// no order the cache can predict: at 1,000,000 profiles the rows take 64 MiB and every
// candidate waited on memory (a third of the time of a filtered query), where the country
// array takes 2 MiB and the tier array 1 MiB, which stay in cache.
struct Chunk {
  std::array<FacetRow, kChunkSize> rows;
  std::array<std::uint8_t, kChunkSize> tier_plus_one{};  // 0: no profile
  std::array<std::uint16_t, kChunkSize> country{};       // upper_code()
  std::array<std::uint16_t, kChunkSize> platform{};
  std::array<float, kChunkSize> engagement_rate{};
  std::array<std::uint32_t, kChunkSize> followers{};  // at most FilterKey::kFollowersSaturated
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

  struct BenchmarkCache {
    std::once_flag once;
    std::shared_ptr<const analytics::PeerBenchmarks> value;
  };

  std::vector<std::shared_ptr<const Chunk>> chunks_;
  // Shared by nothing but this snapshot: with_changes gives the copy a fresh cache.
  std::shared_ptr<BenchmarkCache> benchmarks_ = std::make_shared<BenchmarkCache>();
  std::vector<std::string> platforms_{""};  // id 0 = unknown
  std::uint64_t size_ = 0;
  std::uint64_t generation_ = 0;
};

}  // namespace mikros

#endif  // MIKROS_ANALYTICS_COLUMNS_H
