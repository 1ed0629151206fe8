// The peers' rows (prep/fts5_rows.bin): each profile's words as mikros indexes them and the
// facets the mixes filter on. FTS5 (fts5.cpp) and Lucene (lucene.cpp) load the same rows, so
// both peers index the same words and values.
#ifndef MIKROS_TOOLS_BENCH_ROWS_H
#define MIKROS_TOOLS_BENCH_ROWS_H

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "bench/bench.h"
#include "mikros/profile.hpp"

namespace mikros::bench {

struct Row {
  std::string name, bio, hashtags, categories, country;
  std::string key;  // platform:handle
  Tier tier = Tier::kNano;
  std::uint64_t followers = 0;
  double engagement = 0;  // NaN: unknown
  // The audience as mikros stores it: levels of 1/250; female 255 when unknown.
  std::uint8_t female = 255;
  std::vector<std::pair<std::string, std::uint8_t>> audience_countries;
};

// Every row of prep/fts5_rows.bin, in corpus order.
Result<std::vector<Row>> load_rows(const std::string& path);

// The words mikros indexed for each profile, when this run's mikros index exists: it segments
// hashtags with the index's own word counts once it holds 1,000 profiles (docs/analysis.md,
// "Hashtag segmentation"), which depend on the order profiles came in and which the untimed prep
// cannot reproduce. Each row's text becomes the unprefixed terms of its mikros document, in
// position order, in the bio column (the mixes match words in any column, so the hit counts
// compare). out["words_from"] says where the words came from.
Status words_from_mikros(const Config& c, std::vector<Row>& rows, nlohmann::json& out);

}  // namespace mikros::bench

#endif  // MIKROS_TOOLS_BENCH_ROWS_H
