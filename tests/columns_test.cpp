// In-memory facet columns: building, copy-on-write updates, and following commits.
#include "analytics/columns.h"

#include <algorithm>
#include <catch2/catch.hpp>

#include "mikros/mikros.hpp"
#include "storage/database_impl.h"
#include "support.h"

using namespace mikros;

namespace {

FacetRecord record(std::uint64_t followers, const char* platform, const char* country) {
  FacetRecord r;
  r.followers = followers;
  r.tier = tier_for(followers);
  r.platform = platform;
  r.country[0] = country[0];
  r.country[1] = country[1];
  r.engagement_rate = 0.03f;
  return r;
}

}  // namespace

TEST_CASE("columns are indexed by pid", "[columns]") {
  Columns::Builder b;
  b.add(1, record(1000, "instagram", "US"));
  b.add(5000, record(60000, "tiktok", "FR"));  // second chunk
  auto cols = b.finish(3);
  CHECK(cols->size() == 2);
  CHECK(cols->generation() == 3);
  REQUIRE(cols->row(1));
  CHECK(cols->row(1)->followers == 1000);
  CHECK(cols->platform_name(cols->row(1)->platform) == "instagram");
  CHECK(unpack_code(cols->row(5000)->country) == "FR");
  CHECK(cols->row(5000)->tier == Tier::kMid);
  CHECK_FALSE(cols->row(2));
  CHECK_FALSE(cols->row(1'000'000));
}

TEST_CASE("changes copy only the chunks they touch", "[columns]") {
  Columns::Builder b;
  b.add(1, record(1000, "instagram", "US"));
  b.add(5000, record(60000, "tiktok", "FR"));
  auto before = b.finish(1);
  FacetRecord updated = record(2000, "youtube", "GB");
  auto after = before->with_changes({{1, &updated}, {9000, &updated}, {5000, nullptr}}, 2);
  // The old snapshot is untouched.
  CHECK(before->row(1)->followers == 1000);
  CHECK(before->row(5000));
  CHECK(before->size() == 2);
  CHECK(after->row(1)->followers == 2000);
  CHECK(after->platform_name(after->row(1)->platform) == "youtube");
  CHECK_FALSE(after->row(5000));
  CHECK(after->row(9000));
  CHECK(after->size() == 2);
  CHECK(after->generation() == 2);
}

TEST_CASE("the filter fields mirror the rows", "[columns]") {
  Columns::Builder b;
  b.add(1, record(1000, "instagram", "us"));
  b.add(2, record(5'000'000'000, "tiktok", "FR"));
  b.add(4097, record(30'000, "youtube", "gb"));  // second chunk
  auto cols = b.finish(1);
  auto same = [&](const Columns& c, std::uint32_t pid) {
    INFO("pid " << pid);
    const FacetRow* row = c.row(pid);
    const auto key = c.key(pid);
    REQUIRE(row);
    REQUIRE(key);
    CHECK(key->tier() == row->tier);
    CHECK(key->country() == upper_code(row->country));
    CHECK(key->platform() == row->platform);
    CHECK(key->engagement_rate() == row->engagement_rate);
    CHECK(key->followers() ==
          std::min<std::uint64_t>(row->followers, FilterKey::kFollowersSaturated));
  };
  same(*cols, 1);
  same(*cols, 2);
  same(*cols, 4097);
  CHECK(cols->key(1)->country() == 0x5553);  // "US": case folded
  CHECK(cols->key(2)->followers() == FilterKey::kFollowersSaturated);
  CHECK_FALSE(cols->key(3));
  CHECK_FALSE(cols->key(1'000'000));

  FacetRecord updated = record(2000, "youtube", "GB");
  auto after = cols->with_changes({{1, &updated}, {2, nullptr}}, 2);
  same(*after, 1);
  CHECK(after->key(1)->country() == 0x4742);
  CHECK_FALSE(after->key(2));
  CHECK(cols->key(2));  // the old snapshot keeps its fields
  same(*cols, 1);

  // A chunk's profiles are those whose tier_plus_one is set.
  std::vector<std::uint32_t> pids;
  after->for_each_chunk([&](std::uint32_t base, const columns_detail::Chunk& chunk) {
    for (std::uint32_t i = 0; i < Columns::kChunkSize; ++i) {
      if (chunk.tier_plus_one[i]) pids.push_back(base + i);
    }
  });
  CHECK(pids == std::vector<std::uint32_t>{1, 4097});
}

TEST_CASE("the store's columns follow commits", "[columns][store]") {
  mikros::test::TempDir dir;
  auto db = Database::open(dir / "db");
  REQUIRE(db);
  {
    Indexer indexer(*db);
    REQUIRE(indexer.upsert_json(
        mikros::test::profile_line("instagram", "a", R"("followers":100,"country":"US")")));
    REQUIRE(indexer.commit());
  }
  auto store = db->impl()->store();
  auto cols = store->columns();
  REQUIRE(cols);
  CHECK((*cols)->size() == 1);
  REQUIRE((*cols)->row(1));
  CHECK(unpack_code((*cols)->row(1)->country) == "US");
  {
    Indexer indexer(*db);
    REQUIRE(
        indexer.upsert_json(mikros::test::profile_line("instagram", "b", R"("followers":70000)")));
    REQUIRE(indexer.remove("instagram:a"));
    REQUIRE(indexer.commit());
  }
  auto now = store->columns();
  REQUIRE(now);
  CHECK((*now)->generation() == 2);
  CHECK((*now)->size() == 1);
  CHECK_FALSE((*now)->row(1));
  REQUIRE((*now)->row(2));
  CHECK((*now)->row(2)->tier == Tier::kMid);
  // A read-only handle loads the same state from RocksDB.
  Options ro;
  ro.read_only = true;
  auto reader = Database::open(dir / "db", ro);
  REQUIRE(reader);
  auto theirs = reader->impl()->store()->columns();
  REQUIRE(theirs);
  CHECK((*theirs)->size() == 1);
  CHECK((*theirs)->row(2));
}
