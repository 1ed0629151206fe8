// Crash injection at each point of the commit protocol, of recovery, of a rebuild's switch and
// of database creation (MIKROS_FAULT, engine/util/fault.h): the mikros command stops dead there,
// then `mikros verify` (which recovers) must pass and the database must hold exactly what the
// protocol promises.
#include "util/fault.h"

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "durability_support.h"
#include "mikros/mikros.hpp"
#include "support.h"

using namespace mikros;
using mikros::test::index_dirs;
using mikros::test::keys_at_version;
using mikros::test::profile_key_of;
using mikros::test::run_mikros;
using mikros::test::run_mikros_env;
using mikros::test::TempDir;
using mikros::test::versioned_profile;
using mikros::test::write_file;

namespace fs = std::filesystem;

namespace {

std::string write_versions(const std::string& path, std::size_t count, std::uint64_t version) {
  write_file(path, mikros::test::versions_jsonl(count, version));
  return path;
}

// The last acknowledged line of each source in an --ack-log file (whole lines only).
std::map<std::string, std::uint64_t> acknowledged(const std::string& path) {
  std::map<std::string, std::uint64_t> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // a torn last line
    auto j = nlohmann::json::parse(line);
    out[j["source"].get<std::string>()] = j["line"].get<std::uint64_t>();
  }
  return out;
}

// Checks that profile i holds version expected[i] (0: absent) in both stores.
void check_versions(const std::string& db_path, const std::vector<std::uint64_t>& expected) {
  Options options;
  options.read_only = true;
  auto db = Database::open(db_path, options);
  INFO(db.status().to_string());
  REQUIRE(db);
  Searcher searcher(*db);
  std::map<std::uint64_t, std::set<std::string>> by_version;
  std::size_t present = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    auto profile = db->get(profile_key_of(i));
    INFO("profile " << i);
    if (expected[i] == 0) {
      CHECK(profile.status().code() == ErrorCode::kNotFound);
      continue;
    }
    ++present;
    REQUIRE(profile);
    CHECK(profile->posts == expected[i]);
    by_version[expected[i]].insert(profile_key_of(i));
  }
  for (const auto& [version, keys] : by_version) {
    INFO("version " << version);
    CHECK(keys_at_version(searcher, version) == keys);
  }
  CHECK(db->size() == present);
}

void verify_ok(const std::string& db_path, bool expect_replay) {
  auto r = run_mikros({"verify", "--db", db_path, "--deep"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("OK, the text index and the profile store agree"));
  if (expect_replay) {
    CHECK_THAT(r.out, Catch::Contains("replayed 1 interrupted batch"));
  } else {
    CHECK_THAT(r.out, !Catch::Contains("replayed"));
  }
}

}  // namespace

TEST_CASE("a crash at each point of a batch: a batch whose intent is durable lands",
          "[fault][index]") {
  const std::vector<std::pair<std::string, bool>> points = {
      {"commit-after-intent", true},
      {"xapian-mid-transaction", true},
      {"commit-after-xapian", true},
      {"commit-after-apply", false},  // the batch completed; only its acknowledgement is lost
  };
  for (const auto& [point, replays] : points) {
    DYNAMIC_SECTION(point) {
      TempDir dir;
      const std::string db = dir / "db";
      write_versions(dir / "v1.jsonl", 100, 1);
      write_versions(dir / "v2.jsonl", 100, 2);
      REQUIRE(run_mikros({"index", "--db", db, "--batch-size", "25", dir / "v1.jsonl"}).exit_code ==
              0);
      // Stops in the second batch of 25.
      auto r = run_mikros_env(
          {"MIKROS_FAULT=" + point + ":2"},
          {"index", "--db", db, "--batch-size", "25", "--ack-log", dir / "ack", dir / "v2.jsonl"});
      INFO(r.err);
      REQUIRE(r.exit_code == fault::kExitCode);
      CHECK(acknowledged(dir / "ack") ==
            std::map<std::string, std::uint64_t>{{dir / "v2.jsonl", 25}});
      verify_ok(db, replays);
      std::vector<std::uint64_t> expected(100, 1);
      for (std::size_t i = 0; i < 50; ++i) expected[i] = 2;  // batch 1 acknowledged, 2 landed
      check_versions(db, expected);
      // Running the job again completes it, and a third run changes nothing.
      REQUIRE(run_mikros({"index", "--db", db, "--batch-size", "25", dir / "v2.jsonl"}).exit_code ==
              0);
      auto again = run_mikros({"index", "--db", db, "--batch-size", "25", dir / "v2.jsonl"});
      CHECK_THAT(again.err, Catch::Contains("100 unchanged (0 generations written"));
      check_versions(db, std::vector<std::uint64_t>(100, 2));
    }
  }
}

TEST_CASE("a crash while recovery runs is recovered by the next open", "[fault][recovery]") {
  TempDir dir;
  const std::string db = dir / "db";
  write_versions(dir / "v1.jsonl", 60, 1);
  write_versions(dir / "v2.jsonl", 60, 2);
  REQUIRE(run_mikros({"index", "--db", db, dir / "v1.jsonl"}).exit_code == 0);
  REQUIRE(run_mikros_env({"MIKROS_FAULT=commit-after-intent"},
                         {"index", "--db", db, "--batch-size", "30", dir / "v2.jsonl"})
              .exit_code == fault::kExitCode);
  // Recovery stops after its Xapian transaction, before its RocksDB step.
  REQUIRE(run_mikros_env({"MIKROS_FAULT=recover-after-xapian"}, {"verify", "--db", db}).exit_code ==
          fault::kExitCode);
  verify_ok(db, true);
  std::vector<std::uint64_t> expected(60, 1);
  for (std::size_t i = 0; i < 30; ++i) expected[i] = 2;
  check_versions(db, expected);
}

TEST_CASE("a backup that stops before its last step is no database, and says so",
          "[fault][backup]") {
  TempDir dir;
  const std::string db = dir / "db";
  write_versions(dir / "v1.jsonl", 40, 1);
  REQUIRE(run_mikros({"index", "--db", db, dir / "v1.jsonl"}).exit_code == 0);
  REQUIRE(
      run_mikros_env({"MIKROS_FAULT=backup-before-current"}, {"backup", "--db", db, dir / "copy"})
          .exit_code == fault::kExitCode);
  // Every file of the copy is there but CURRENT: opened, it is an unfinished backup (not a
  // database whose CURRENT was lost, which would advise writing one).
  auto r = run_mikros({"search", "--db", dir / "copy", "fashion"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("an unfinished backup") != std::string::npos);
  CHECK(r.err.find("write the name") == std::string::npos);
  // The source is untouched and the next backup is whole.
  verify_ok(db, false);
  REQUIRE(run_mikros({"backup", "--db", db, dir / "copy2"}).exit_code == 0);
  check_versions(dir / "copy2", std::vector<std::uint64_t>(40, 1));
  CHECK(!fs::exists(dir / "copy2/BACKUP-UNFINISHED"));
}

TEST_CASE("a crash in a delete job", "[fault][delete]") {
  TempDir dir;
  const std::string db = dir / "db";
  write_versions(dir / "v1.jsonl", 40, 1);
  REQUIRE(run_mikros({"index", "--db", db, dir / "v1.jsonl"}).exit_code == 0);
  std::string keys;
  for (std::size_t i = 0; i < 10; ++i) keys += profile_key_of(i) + "\n";
  keys += "# comments and blank lines are skipped\n\n";
  write_file(dir / "keys.txt", keys);
  auto r = run_mikros_env({"MIKROS_FAULT=commit-after-xapian"},
                          {"delete", "--db", db, "--from", dir / "keys.txt"});
  REQUIRE(r.exit_code == fault::kExitCode);
  verify_ok(db, true);
  std::vector<std::uint64_t> expected(40, 1);
  for (std::size_t i = 0; i < 10; ++i) expected[i] = 0;
  check_versions(db, expected);
  // Deleting again finds nothing to delete.
  auto again = run_mikros({"delete", "--db", db, "--from", dir / "keys.txt"});
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.err, Catch::Contains("10 keys: 0 deleted, 10 not found"));
}

TEST_CASE("a crash at each point of a rebuild leaves one whole index", "[fault][reindex]") {
  // (point, whether the new index is live afterwards)
  const std::vector<std::pair<std::string, bool>> points = {
      {"commit-after-intent:2", false},  {"xapian-mid-transaction:3", false},
      {"publish-before-current", false}, {"current-before-rename", false},
      {"publish-after-current", true},   {"sweep-mid-remove", true},
  };
  for (const auto& [point, switched] : points) {
    DYNAMIC_SECTION(point) {
      TempDir dir;
      const std::string db = dir / "db";
      write_versions(dir / "v1.jsonl", 100, 1);
      write_versions(dir / "v2.jsonl", 120, 2);
      REQUIRE(run_mikros({"index", "--db", db, dir / "v1.jsonl"}).exit_code == 0);
      auto r =
          run_mikros_env({"MIKROS_FAULT=" + point}, {"reindex", "--db", db, "--batch-size", "25",
                                                     "--ack-log", dir / "ack", dir / "v2.jsonl"});
      INFO(r.err);
      REQUIRE(r.exit_code == fault::kExitCode);
      CHECK(acknowledged(dir / "ack").empty());  // a rebuild is acknowledged after its switch

      std::vector<std::uint64_t> expected(120, switched ? 2 : 1);
      if (!switched) {
        for (std::size_t i = 100; i < 120; ++i) expected[i] = 0;
      }
      // Readers see one whole index before any writer tidies up...
      check_versions(db, expected);
      // ...and after: the writable open in verify removes what the crash left behind.
      verify_ok(db, false);
      CHECK(index_dirs(db).size() == 1);
      CHECK_FALSE(fs::exists(dir / "db/CURRENT.tmp"));
      check_versions(db, expected);
    }
  }
}

TEST_CASE("a crash in a rebuild read by two writers leaves one whole index",
          "[fault][reindex][parallel]") {
  // Points of both halves' commits (which half gets there first varies) and of the merge.
  const std::vector<std::string> points = {"commit-after-intent:3", "xapian-mid-transaction:4",
                                           "absorb-after-removals", "absorb-after-rows",
                                           "absorb-after-merge",    "publish-before-current"};
  for (const auto& point : points) {
    DYNAMIC_SECTION(point) {
      TempDir dir;
      const std::string db = dir / "db";
      write_versions(dir / "v1.jsonl", 100, 1);
      // Profile 5 twice, in both halves: the merge removes the first half's copy first.
      write_file(dir / "v2.jsonl",
                 mikros::test::versions_jsonl(120, 2) + versioned_profile(5, 3) + "\n");
      REQUIRE(run_mikros({"index", "--db", db, dir / "v1.jsonl"}).exit_code == 0);
      auto r = run_mikros_env({"MIKROS_FAULT=" + point},
                              {"reindex", "--db", db, "--batch-size", "25", "--split-min-bytes",
                               "1", "--ack-log", dir / "ack", dir / "v2.jsonl"});
      INFO(r.err);
      REQUIRE(r.exit_code == fault::kExitCode);
      CHECK(acknowledged(dir / "ack").empty());
      std::vector<std::uint64_t> expected(120, 1);
      for (std::size_t i = 100; i < 120; ++i) expected[i] = 0;
      check_versions(db, expected);
      verify_ok(db, false);
      CHECK(index_dirs(db).size() == 1);
      check_versions(db, expected);
      // The job run again completes.
      auto again = run_mikros({"reindex", "--db", db, "--batch-size", "25", "--split-min-bytes",
                               "1", dir / "v2.jsonl"});
      INFO(again.err);
      REQUIRE(again.exit_code == 0);
      expected.assign(120, 2);
      expected[5] = 3;
      check_versions(db, expected);
      verify_ok(db, false);
    }
  }
}

TEST_CASE("a crash while a database is created leaves nothing that blocks the next try",
          "[fault][create]") {
  TempDir dir;
  const std::string db = dir / "db";
  write_versions(dir / "v1.jsonl", 20, 1);
  auto r = run_mikros_env({"MIKROS_FAULT=current-before-rename"},
                          {"index", "--db", db, dir / "v1.jsonl"});
  REQUIRE(r.exit_code == fault::kExitCode);
  auto search = run_mikros({"search", "--db", db, "fashion"});
  CHECK(search.exit_code == 1);
  CHECK_THAT(search.err, Catch::Contains("no mikros database here"));
  auto again = run_mikros({"index", "--db", db, dir / "v1.jsonl"});
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  check_versions(db, std::vector<std::uint64_t>(20, 1));
  verify_ok(db, false);
}

TEST_CASE("between the text index and the profile store, searches range and sort by the batch",
          "[fault][columns]") {
  // A writer that dies after the text index took its batch (step 2) and before the profile
  // store did (step 3) leaves the batch in the outbox until the next writable open. Read-only
  // searches then take the batch's numbers from there: the text index holds no value slots
  // (format 5), so the columns are the only source of followers, er, price...
  TempDir dir;
  const std::string db = dir / "db";
  auto profiles = [](int followers_base, int count) {
    std::string out;
    for (int i = 0; i < count; ++i) {
      out += fmt::format(
          R"({{"platform":"instagram","handle":"p{}","bio":"linen weaver","followers":{},)"
          R"("engagement_rate":{}}})"
          "\n",
          i, followers_base + i, 0.01 + 0.001 * i);
    }
    return out;
  };
  write_file(dir / "v1.jsonl", profiles(10'000, 30));
  write_file(dir / "v2.jsonl", profiles(90'000, 10));
  REQUIRE(run_mikros({"index", "--db", db, dir / "v1.jsonl"}).exit_code == 0);
  REQUIRE(
      run_mikros_env({"MIKROS_FAULT=commit-after-xapian"}, {"index", "--db", db, dir / "v2.jsonl"})
          .exit_code == fault::kExitCode);
  auto search = [&](const std::string& q) {
    auto r = run_mikros({"search", "--db", db, "--json", "--limit", "3", q});
    INFO(q << "\n" << r.err);
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(r.out);
  };
  // Listed by followers: the batch's largest count first.
  for (const char* q : {"followers:>=90000", "linen sort:followers", "sort:followers"}) {
    INFO(q);
    CHECK(search(q)["hits"][0]["handle"] == "p9");
    CHECK(search(q)["hits"][0]["followers"] == 90'009);
  }
  CHECK(search("followers:>=90000")["total"] == 10);
  CHECK(search("linen followers:<90000")["total"] == 20);
  CHECK(search("linen er:<1.5% followers:90k..100k")["total"] == 5);
  verify_ok(db, true);  // the writable open finishes the batch
  CHECK(search("linen followers:>=90000")["total"] == 10);
}
