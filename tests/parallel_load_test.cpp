// Indexer::read_file with two writers: a rebuild's file read as two halves at once and merged
// (Store::absorb) must index what one writer indexes, line numbers and duplicates included.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>

#include "durability_support.h"
#include "mikros/mikros.hpp"
#include "support.h"

using namespace mikros;
using mikros::test::all_keys;
using mikros::test::keys_at_version;
using mikros::test::profile_key_of;
using mikros::test::TempDir;
using mikros::test::versioned_profile;
using mikros::test::write_file;

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kProfiles = 1200;

// Profiles 0..1199 at version 1, with, in the first half, a bad line, a blank line and profile
// 1190 at version 4 (its version 1 comes later, in the second half); in the second half, a
// bad line; at the end, profile 3 at version 5 (first at version 1, in the first half) and
// profile 7 again exactly as before.
std::string corpus() {
  std::string text;
  for (std::size_t i = 0; i < kProfiles; ++i) {
    if (i == 10) text += versioned_profile(1190, 4) + "\n";
    if (i == 20) text += "{not json\n";
    if (i == 30) text += "\n";
    if (i == 1000) text += "{\"platform\":\"instagram\",\"handle\":\"bad\",\"followers\":-5}\n";
    text += versioned_profile(i, 1) + "\n";
  }
  text += versioned_profile(3, 5) + "\n";
  text += versioned_profile(7, 1) + "\n";
  return text;
}

struct Load {
  IndexReport report;
  std::vector<std::uint64_t> rejected_lines;
  std::uint64_t most_records_seen = 0;  // by on_progress
};

Load rebuild_from(Database& db, const std::string& path, unsigned writers) {
  IndexOptions options;
  options.batch_size = 100;
  options.writers = writers;
  options.split_min_bytes = 1;
  Load load;
  options.on_progress = [&](IndexEvent, const IndexReport& r) {
    load.most_records_seen = std::max(load.most_records_seen, r.records);
  };
  auto rebuild = Indexer::rebuild(db, options);
  REQUIRE(rebuild);
  Status st = rebuild->read_file(
      path, InputFormat::kJsonl, [&](const Rejection& r) { load.rejected_lines.push_back(r.line); },
      &load.report);
  INFO(st.to_string());
  REQUIRE(st);
  REQUIRE(rebuild->publish());
  return load;
}

Database open_db(const std::string& path) {
  auto db = Database::open(path);
  INFO(db.status().to_string());
  REQUIRE(db);
  return std::move(*db);
}

}  // namespace

TEST_CASE("a file read by two writers indexes what one writer indexes", "[index][parallel]") {
  TempDir dir;
  write_file(dir / "corpus.jsonl", corpus());
  Database one = open_db(dir / "one");
  Database two = open_db(dir / "two");
  Load serial = rebuild_from(one, dir / "corpus.jsonl", 1);
  Load split = rebuild_from(two, dir / "corpus.jsonl", 2);

  // It was split: on_progress saw the first half only.
  CHECK(serial.most_records_seen == serial.report.records);
  CHECK(split.most_records_seen < split.report.records * 3 / 4);
  CHECK(split.most_records_seen > split.report.records / 4);
  // No trace of the second half's store.
  for (const auto& e : fs::recursive_directory_iterator(dir / "two")) {
    CHECK(e.path().filename() != "part.2");
  }

  // Rejections: the same lines, in order (the second half's after the first's).
  const std::vector<std::uint64_t> bad_lines = {22, 1004};
  CHECK(serial.rejected_lines == bad_lines);
  CHECK(split.rejected_lines == bad_lines);

  // The same counts: a key in both halves is replaced (or unchanged), not inserted twice.
  for (const Load* l : {&serial, &split}) {
    CHECK(l->report.records == kProfiles + 5);
    CHECK(l->report.accepted == kProfiles + 3);
    CHECK(l->report.rejected == 2);
    CHECK(l->report.committed == kProfiles + 3);
    CHECK(l->report.inserted == kProfiles);
    CHECK(l->report.replaced == 2);   // 1190 (version 4 -> 1) and 3 (1 -> 5)
    CHECK(l->report.unchanged == 1);  // 7
    CHECK(l->report.acknowledged_line == kProfiles + 6);
  }

  // The same profiles, at the same versions, in both stores of both databases.
  CHECK(one.size() == kProfiles);
  CHECK(two.size() == kProfiles);
  Searcher s1(one), s2(two);
  CHECK(all_keys(s1) == all_keys(s2));
  CHECK(all_keys(s2).size() == kProfiles);
  CHECK(keys_at_version(s2, 4).empty());
  CHECK(keys_at_version(s2, 5) == std::set<std::string>{profile_key_of(3)});
  CHECK(keys_at_version(s2, 1).size() == kProfiles - 1);
  CHECK(keys_at_version(s1, 1) == keys_at_version(s2, 1));
  for (std::size_t i : {std::size_t{0}, std::size_t{3}, std::size_t{7}, std::size_t{599},
                        std::size_t{600}, std::size_t{1190}, kProfiles - 1}) {
    auto a = one.get(profile_key_of(i));
    auto b = two.get(profile_key_of(i));
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->posts == b->posts);
    CHECK(a->bio == b->bio);
  }
  // Filters and counts agree too (the facet columns of both halves were merged).
  for (const char* q : {"country:US", "platform:tiktok", "followers:>5000", "\"slow fashion\""}) {
    INFO(q);
    auto a = s1.search(q);
    auto b = s2.search(q);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->total == b->total);
  }

  VerifyOptions deep;
  deep.deep = true;
  auto report = two.verify(deep);
  REQUIRE(report);
  CHECK(report->ok());

  // The merged index takes ordinary commits afterwards, new profiles included.
  {
    Indexer indexer(two);
    REQUIRE(indexer.upsert_json(versioned_profile(kProfiles + 1, 6)));
    REQUIRE(indexer.upsert_json(versioned_profile(600, 6)));
    REQUIRE(indexer.remove(profile_key_of(601)));
    REQUIRE(indexer.commit());
  }
  CHECK(two.size() == kProfiles);
  CHECK(keys_at_version(s2, 6) ==
        std::set<std::string>{profile_key_of(kProfiles + 1), profile_key_of(600)});
  report = two.verify(deep);
  REQUIRE(report);
  CHECK(report->ok());
}

TEST_CASE("a small file, or one writer, is read in one piece", "[index][parallel]") {
  TempDir dir;
  write_file(dir / "small.jsonl", mikros::test::versions_jsonl(50, 1));
  Database db = open_db(dir / "db");
  IndexOptions options;
  options.batch_size = 10;
  std::uint64_t most = 0;
  options.on_progress = [&](IndexEvent, const IndexReport& r) { most = std::max(most, r.records); };
  IndexReport report;
  {
    auto rebuild = Indexer::rebuild(db, options);  // split_min_bytes: the default 4 MiB
    REQUIRE(rebuild);
    REQUIRE(rebuild->read_file(dir / "small.jsonl", InputFormat::kJsonl, nullptr, &report));
    CHECK(most == 50);
    CHECK(report.inserted == 50);
    REQUIRE(rebuild->publish());
  }
  CHECK(db.size() == 50);

  // An ordinary Indexer never splits (its commits are acknowledged one by one).
  options.split_min_bytes = 1;
  most = 0;
  Indexer indexer(db, options);
  IndexReport again;
  REQUIRE(indexer.read_file(dir / "small.jsonl", InputFormat::kJsonl, nullptr, &again));
  CHECK(most == 50);
  CHECK(again.unchanged == 50);

  CHECK(indexer.read_file(dir / "missing.jsonl", InputFormat::kJsonl, nullptr).code() ==
        ErrorCode::kIOError);
}

TEST_CASE("a merge that fails leaves a rebuild that refuses to go on", "[index][parallel]") {
  TempDir dir;
  write_file(dir / "v2.jsonl", mikros::test::versions_jsonl(100, 2));
  Database db = open_db(dir / "db");
  {
    Indexer indexer(db);
    for (std::size_t i = 0; i < 10; ++i) REQUIRE(indexer.upsert_json(versioned_profile(i, 1)));
    REQUIRE(indexer.commit());
  }
  IndexOptions options;
  options.batch_size = 20;
  options.split_min_bytes = 1;
  {
    auto rebuild = Indexer::rebuild(db, options);
    REQUIRE(rebuild);
    // A non-empty directory where the merge moves the first half's text index aside: the
    // rename fails after both writers have closed.
    fs::create_directories(dir / "db/index.000002/xapian.retired/in-the-way");
    Status st = rebuild->read_file(dir / "v2.jsonl", InputFormat::kJsonl, nullptr);
    CHECK(st.code() == ErrorCode::kIOError);
    CHECK_THAT(st.message(), Catch::Contains("replacing the text index"));
    REQUIRE(rebuild->upsert_json(versioned_profile(1, 3)));
    Status again = rebuild->commit();
    CHECK(again.code() == ErrorCode::kIOError);
    CHECK_THAT(again.message(), Catch::Contains("must be dropped"));
    CHECK_FALSE(rebuild->publish());
  }
  // Dropped: the database serves what it had.
  CHECK(db.size() == 10);
  Searcher searcher(db);
  CHECK(keys_at_version(searcher, 1).size() == 10);
  CHECK(keys_at_version(searcher, 2).empty());
  auto report = db.verify({});
  REQUIRE(report);
  CHECK(report->ok());
}
