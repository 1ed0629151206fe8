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

}  // namespace

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
