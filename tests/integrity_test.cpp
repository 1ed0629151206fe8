// Damage and failures that used to give silent wrong answers or escape as exceptions (issue
// 17), one test case each: each failed before its fix.
#include <fcntl.h>
#include <rocksdb/db.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <regex>

#include "durability_support.h"
#include "mikros/mikros.hpp"
#include "support.h"
#include "util/fault.h"

using namespace mikros;
using mikros::test::profile_key_of;
using mikros::test::run_mikros;
using mikros::test::TempDir;
using mikros::test::versioned_profile;
using mikros::test::versions_jsonl;
using mikros::test::write_file;

namespace fs = std::filesystem;

namespace {

const std::string kIndex = "index.000001";

// A database of `count` versioned profiles (version 1), indexed by the mikros command.
std::string make_database(const TempDir& dir, std::size_t count) {
  const std::string db = dir / "db";
  write_file(dir / "base.jsonl", versions_jsonl(count, 1));
  auto r = run_mikros({"index", "--db", db, "--no-progress", dir / "base.jsonl"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return db;
}

// Runs `fn` on the RocksDB database of `index_dir` with every column family open, with a
// lookup of the column families by name.
using CfLookup = std::function<rocksdb::ColumnFamilyHandle*(const std::string&)>;
void with_rocks(const std::string& index_dir,
                const std::function<void(rocksdb::DB&, const CfLookup&)>& fn) {
  const std::string rocks_dir = index_dir + "/rocks";
  std::vector<std::string> names;
  REQUIRE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), rocks_dir, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  REQUIRE(rocksdb::DB::Open(rocksdb::DBOptions(), rocks_dir, cfs, &handles, &raw).ok());
  std::unique_ptr<rocksdb::DB> rocks(raw);
  fn(*rocks, [&](const std::string& name) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) return handles[i];
    }
    FAIL("no column family " << name);
    return handles[0];
  });
  for (auto* h : handles) REQUIRE(rocks->DestroyColumnFamilyHandle(h).ok());
}

Result<Database> open_read_only(const std::string& db) {
  Options options;
  options.read_only = true;
  return Database::open(db, options);
}

// The error a read-only search of `db` gives, from opening or from the search itself.
Status search_error(const std::string& db, const std::string& query) {
  auto opened = open_read_only(db);
  if (!opened) return opened.status();
  auto r = Searcher(*opened).search(query);
  return r ? Status::ok() : r.status();
}

}  // namespace

TEST_CASE("a text index without its positions table is damage, not an AND", "[integrity]") {
  TempDir dir;
  const std::string db = make_database(dir, 6);
  fs::remove(db + "/" + kIndex + "/xapian/position.glass");

  Status st = search_error(db, "\"slow fashion\"");
  INFO(st.to_string());
  CHECK(st.code() == ErrorCode::kCorruption);
  CHECK(st.message().find("position") != std::string::npos);

  auto verify = run_mikros({"verify", "--db", db});
  INFO(verify.out << verify.err);
  CHECK(verify.exit_code == 1);
  CHECK((verify.out + verify.err).find("position") != std::string::npos);
}

TEST_CASE("a profile store that lost acknowledged writes is reported at open", "[integrity]") {
  TempDir dir;
  const std::string db = make_database(dir, 6);
  // The first load's rows are in table files once the load is compacted; the next batch's only
  // in RocksDB's write-ahead log.
  REQUIRE(run_mikros({"compact", "--db", db}).exit_code == 0);
  write_file(dir / "more.jsonl", versions_jsonl(4, 1, 6));
  REQUIRE(run_mikros({"index", "--db", db, "--no-progress", dir / "more.jsonl"}).exit_code == 0);
  std::string current = mikros::test::read_file(db + "/CURRENT");
  const std::string index = db + "/" + current.substr(0, current.find('\n'));
  std::size_t logs = 0;
  for (const auto& e : fs::directory_iterator(index + "/rocks")) {
    if (e.path().extension() == ".log") {
      fs::remove(e.path());
      ++logs;
    }
  }
  REQUIRE(logs > 0);

  Status st = search_error(db, "fashion");
  INFO(st.to_string());
  CHECK(st.code() == ErrorCode::kCorruption);
  CHECK(st.message().find("lost committed writes") != std::string::npos);
  // The writer's open says so as well.
  auto r = run_mikros({"index", "--db", db, "--no-progress", dir / "more.jsonl"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("generation") != std::string::npos);
}

TEST_CASE("a next profile id set back is refused before it overwrites profiles", "[integrity]") {
  TempDir dir;
  const std::string db = make_database(dir, 6);
  with_rocks(db + "/" + kIndex, [](rocksdb::DB& rocks, const auto& cf) {
    REQUIRE(rocks.Put(rocksdb::WriteOptions(), cf("meta"), "next_pid", "1").ok());
  });
  write_file(dir / "new.jsonl", versions_jsonl(2, 1, 6));
  auto r = run_mikros({"index", "--db", db, "--no-progress", dir / "new.jsonl"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("next profile id 1") != std::string::npos);
  // Nothing was overwritten.
  auto opened = open_read_only(db);
  REQUIRE(opened);
  for (std::size_t i = 0; i < 6; ++i) {
    auto p = opened->get(profile_key_of(i));
    REQUIRE(p);
    CHECK(p->handle == "p" + std::to_string(i));
  }
}

TEST_CASE("an exception inside a commit leaves the handle able to commit", "[integrity]") {
  // Each point of the commit protocol after the durable intent, with std::bad_alloc thrown
  // there (util/fault.h) instead of a crash.
  for (const char* point : {"commit-after-intent", "xapian-mid-transaction", "commit-after-xapian",
                            "commit-after-apply"}) {
    DYNAMIC_SECTION(point) {
      TempDir dir;
      {
        auto db = Database::open(dir / "db");
        REQUIRE(db);
        Indexer indexer(*db);
        for (std::size_t i = 0; i < 4; ++i) REQUIRE(indexer.upsert_json(versioned_profile(i, 1)));
        REQUIRE(indexer.commit());
        REQUIRE(db->generation() == 1);

        fault::arm(std::string(point) + ":1:throw");
        // Two new profiles and a changed one.
        for (std::size_t i = 3; i < 6; ++i) REQUIRE(indexer.upsert_json(versioned_profile(i, 2)));
        Status failed = Status::ok();
        CHECK_NOTHROW(failed = indexer.commit());
        fault::arm("");
        INFO(failed.to_string());
        CHECK(!failed);

        // The same handle goes on: the failed batch is completed from the outbox (generation
        // 2), the next one is generation 3, and nothing is lost, skipped or doubled.
        REQUIRE(indexer.upsert_json(versioned_profile(6, 3)));
        Status next = indexer.commit();
        INFO(next.to_string());
        REQUIRE(next);
        CHECK(db->generation() == 3);
        auto size = db->size();
        CHECK(size == 7);
        for (std::size_t i = 0; i < 7; ++i) {
          auto p = db->get(profile_key_of(i));
          REQUIRE(p);
          CHECK(p->posts.value_or(0) == (i < 3 ? 1u : i < 6 ? 2u : 3u));
        }
        auto report = db->verify({.deep = true});
        REQUIRE(report);
        INFO((report->problems.empty() ? "" : report->problems.front()));
        CHECK(report->ok());
      }
      auto verify = run_mikros({"verify", "--deep", "--db", dir / "db"});
      INFO(verify.out << verify.err);
      CHECK(verify.exit_code == 0);
    }
  }
}

TEST_CASE("a damaged generation is an error at once, not a stall", "[integrity]") {
  TempDir dir;
  const std::string db = make_database(dir, 4);
  {
    Xapian::WritableDatabase xdb(db + "/" + kIndex + "/xapian", Xapian::DB_OPEN);
    xdb.set_metadata("mikros.gen", "2x");
    xdb.commit();
  }
  auto start = std::chrono::steady_clock::now();
  Status st = search_error(db, "fashion");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(st.to_string());
  CHECK(st.code() == ErrorCode::kCorruption);
  CHECK(st.message().find("\"2x\"") != std::string::npos);
  CHECK(seconds < 0.5);
  auto r = run_mikros({"index", "--db", db, "--no-progress", dir / "base.jsonl"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("\"2x\"") != std::string::npos);
}
