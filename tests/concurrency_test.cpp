// Concurrent use: 8 threads searching through one Searcher while one writer commits, deletes
// and rebuilds and another thread takes backups, first in the same process, then in other
// processes (mikros index, reindex, delete). Every search must answer, and answer consistently:
// a fixed set of "sentinel" profiles that no writer touches is always found whole, whatever
// generation or index a search runs on, and no thread ever sees an older generation after a
// newer one (the clock profile); every backup holds the sentinels whole and verifies. Built and run
// under ASan in CI; tools/tsan.sh runs it under ThreadSanitizer.
//
// MIKROS_CONCURRENCY_SECONDS sets how long each test runs (default 3).
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include "durability_support.h"
#include "mikros/mikros.hpp"
#include "storage/database_impl.h"
#include "support.h"

using namespace mikros;
using mikros::test::index_dirs;
using mikros::test::letters;
using mikros::test::profile_key_of;
using mikros::test::TempDir;
using mikros::test::version_query;
using mikros::test::version_word;
using mikros::test::versioned_profile;

namespace {

constexpr std::size_t kSentinels = 100;  // profiles 0..99 at version 1, never changed
constexpr std::size_t kChurned = 400;    // profiles 100..499, rewritten, deleted, re-added
constexpr int kSearchThreads = 8;
// One more profile, the clock: every commit and rebuild writes it at a higher version, so a
// thread that reads a version of it must never read a lower one after (no search goes back in
// time). Its version starts at 2: version 1 belongs to the sentinels.
constexpr std::size_t kClock = kSentinels + kChurned;

std::chrono::duration<double> run_time() {
  const char* v = std::getenv("MIKROS_CONCURRENCY_SECONDS");
  return std::chrono::duration<double>(v && *v ? std::atof(v) : 3.0);
}

// What the searching threads saw.
struct Tally {
  std::atomic<std::uint64_t> searches{0};
  std::mutex mu;
  std::vector<std::string> errors;  // at most a few

  void error(std::string what) {
    std::lock_guard lock(mu);
    if (errors.size() < 10) errors.push_back(std::move(what));
  }
};

// One searching thread: a mix of text, filter and lookup queries whose answers about the
// sentinels are known exactly.
void search_loop(const Database& db, const Searcher& searcher, unsigned seed,
                 const std::atomic<bool>& stop, Tally& tally) {
  std::mt19937 rng(seed);
  SearchOptions all;
  all.limit = 1000;
  std::uint64_t clock_seen = 0;  // the highest version of the clock this thread has read
  while (!stop) {
    std::size_t s = rng() % kSentinels;
    std::string key = profile_key_of(s);
    switch (rng() % 6) {
      case 5: {  // the clock, by search and by key in turn: never older than last time
        std::uint64_t version = 0;
        if (rng() % 2) {
          auto r = searcher.search("\"uniq" + letters(kClock) + "\"");
          if (!r || r->hits.size() != 1) {
            tally.error("clock: " +
                        (r ? std::to_string(r->hits.size()) + " hits" : r.status().to_string()));
            break;
          }
          version = r->hits[0].profile.posts.value_or(0);
        } else {
          auto p = db.get(profile_key_of(kClock));
          if (!p) {
            tally.error("clock: " + p.status().to_string());
            break;
          }
          version = p->posts.value_or(0);
        }
        if (version < clock_seen) {
          tally.error("the clock went back from " + std::to_string(clock_seen) + " to " +
                      std::to_string(version));
        }
        clock_seen = std::max(clock_seen, version);
        break;
      }
      case 0: {  // a sentinel's unique word
        // Quoted: the exact word. Loose, it would also match its stems, and Snowball's Romance
        // stemmers take "uniqga" to "uniqg".
        auto r = searcher.search("\"uniq" + letters(s) + "\"");
        if (!r) {
          tally.error(r.status().to_string());
        } else if (r->total != 1 || r->hits.size() != 1 || r->hits[0].key != key ||
                   r->hits[0].profile.posts != 1) {
          tally.error("uniq" + letters(s) + ": wrong answer, total " + std::to_string(r->total));
        }
        break;
      }
      case 1: {  // every sentinel, and only they, at version 1
        auto r = searcher.search(version_query(1), all);
        if (!r) {
          tally.error(r.status().to_string());
        } else if (r->total != kSentinels) {
          tally.error("version 1: " + std::to_string(r->total) + " profiles");
        }
        break;
      }
      case 2: {  // a filter query over everything
        auto r = searcher.search("fashion country:US platform:instagram,tiktok,youtube", all);
        if (!r) {
          tally.error(r.status().to_string());
        } else if (r->total < kSentinels) {
          tally.error("filter query: " + std::to_string(r->total) + " profiles");
        }
        break;
      }
      case 3: {  // built in code: a followers range holding exactly one sentinel
        Query q;
        std::uint64_t followers = 1000 + s * 7;
        q.range(NumericField::kFollowers, NumericRange::between(static_cast<double>(followers),
                                                                static_cast<double>(followers)));
        auto r = searcher.search(q);
        if (!r) {
          tally.error(r.status().to_string());
        } else if (r->total != 1) {
          tally.error("followers range: " + std::to_string(r->total) + " profiles");
        }
        break;
      }
      default: {  // a stored profile
        auto p = db.get(key);
        if (!p) {
          tally.error(key + ": " + p.status().to_string());
        } else if (p->posts != 1) {
          tally.error(key + ": wrong version");
        }
        break;
      }
    }
    ++tally.searches;
  }
}

// Backups of `db` into `prefix`-N, one after another until `stop`, each opened, checked for
// the sentinels and verified, then removed (a copy that fails goes in the tally).
std::uint64_t backup_loop(const Database& db, const std::string& prefix,
                          const std::atomic<bool>& stop, Tally& tally) {
  std::uint64_t backups = 0;
  for (; !stop; ++backups) {
    const std::string dest = prefix + "-" + std::to_string(backups);
    auto generation = db.backup(dest);
    if (!generation) {
      tally.error("backup: " + generation.status().to_string());
      return backups;
    }
    Options read_only;
    read_only.read_only = true;
    auto copy = Database::open(dest, read_only);
    if (!copy) {
      tally.error("backup " + dest + ": " + copy.status().to_string());
      return backups;
    }
    SearchOptions all;
    all.limit = 1000;
    auto sentinels = Searcher(*copy).search(version_query(1), all);
    auto report = copy->verify();
    if (copy->generation() != *generation || !sentinels || sentinels->total != kSentinels ||
        !report || !report->ok()) {
      tally.error("backup at generation " + std::to_string(*generation) + " is not whole");
    }
    std::error_code ec;
    std::filesystem::remove_all(dest, ec);
  }
  return backups;
}

std::string failures(const Tally& tally) {
  std::string out;
  for (const auto& e : tally.errors) out += e + "\n";
  return out;
}

}  // namespace

TEST_CASE("8 searching threads, a writer and backups in one process", "[concurrency]") {
  TempDir dir;
  auto opened = Database::open(dir / "db");
  REQUIRE(opened);
  Database& db = *opened;
  {
    Indexer indexer(db);
    for (std::size_t i = 0; i < kSentinels + kChurned; ++i) {
      REQUIRE(indexer.upsert_json(versioned_profile(i, i < kSentinels ? 1 : 2)));
    }
    REQUIRE(indexer.upsert_json(versioned_profile(kClock, 2)));
    REQUIRE(indexer.commit());
  }
  Searcher searcher(db);
  std::atomic<bool> stop{false};
  Tally tally;
  std::vector<std::thread> threads;
  for (int t = 0; t < kSearchThreads; ++t) {
    threads.emplace_back([&, t] { search_loop(db, searcher, 1234u + t, stop, tally); });
  }
  std::uint64_t backups = 0;
  std::thread backup([&] { backups = backup_loop(db, dir / "backup", stop, tally); });

  std::uint64_t commits = 0, rebuilds = 0;
  std::mt19937 rng(42);
  std::vector<std::uint64_t> version(kSentinels + kChurned, 2);
  const auto end = std::chrono::steady_clock::now() + run_time();
  for (std::uint64_t round = 0; std::chrono::steady_clock::now() < end; ++round) {
    if (round % 8 == 7) {  // a full rebuild, sentinels included
      auto rebuild = Indexer::rebuild(db);
      REQUIRE(rebuild);
      for (std::size_t i = 0; i < kSentinels + kChurned; ++i) {
        if (i < kSentinels) {
          REQUIRE(rebuild->upsert_json(versioned_profile(i, 1)));
        } else if (version[i]) {
          REQUIRE(rebuild->upsert_json(versioned_profile(i, version[i])));
        }
      }
      REQUIRE(rebuild->upsert_json(versioned_profile(kClock, 3 + round)));
      REQUIRE(rebuild->publish());
      ++rebuilds;
      continue;
    }
    Indexer indexer(db);
    for (int k = 0; k < 50; ++k) {
      std::size_t i = kSentinels + rng() % kChurned;
      if (rng() % 5 == 0) {
        REQUIRE(indexer.remove(profile_key_of(i)));
        version[i] = 0;
      } else {
        version[i] = 3 + round;
        REQUIRE(indexer.upsert_json(versioned_profile(i, version[i])));
      }
    }
    REQUIRE(indexer.upsert_json(versioned_profile(kClock, 3 + round)));
    REQUIRE(indexer.commit());
    ++commits;
  }
  stop = true;
  for (auto& t : threads) t.join();
  backup.join();
  INFO(failures(tally));
  CHECK(tally.errors.empty());
  CHECK(tally.searches > 100);
  CHECK(rebuilds > 0);
  CHECK(commits > 0);
  CHECK(backups > 0);
  WARN(tally.searches << " searches, " << commits << " commits, " << rebuilds << " rebuilds, "
                      << backups << " backups");
  VerifyOptions deep;
  deep.deep = true;
  auto report = db.verify(deep);
  REQUIRE(report);
  CHECK(report->ok());
  // An index that searches still used at the switch goes with the next commit.
  {
    Indexer indexer(db);
    REQUIRE(indexer.upsert_json(versioned_profile(kSentinels, 999)));
    REQUIRE(indexer.commit());
  }
  CHECK(index_dirs(dir / "db").size() == 1);
}

TEST_CASE("8 searching threads beside writers in other processes", "[concurrency]") {
  TempDir dir;
  const std::string db_path = dir / "db";
  std::string seed;
  for (std::size_t i = 0; i < kSentinels + kChurned; ++i) {
    seed += versioned_profile(i, i < kSentinels ? 1 : 2) + "\n";
  }
  seed += versioned_profile(kClock, 2) + "\n";
  mikros::test::write_file(dir / "seed.jsonl", seed);
  REQUIRE(mikros::test::run_mikros({"index", "--db", db_path, dir / "seed.jsonl"}).exit_code == 0);

  Options options;
  options.read_only = true;
  auto opened = Database::open(db_path, options);
  REQUIRE(opened);
  Database& reader = *opened;
  const std::string first_index = reader.impl()->index_name();
  Searcher searcher(reader);
  std::atomic<bool> stop{false};
  Tally tally;
  std::vector<std::thread> threads;
  for (int t = 0; t < kSearchThreads; ++t) {
    threads.emplace_back([&, t] { search_loop(reader, searcher, 99u + t, stop, tally); });
  }

  // Writers in other processes: batches of updates, deletions, and a rebuild, in turn.
  std::uint64_t jobs = 0;
  const auto end = std::chrono::steady_clock::now() + run_time();
  for (std::uint64_t round = 0; round < 3 || std::chrono::steady_clock::now() < end; ++round) {
    std::vector<std::string> args;
    std::string input;
    if (round % 3 == 0) {
      for (std::size_t i = kSentinels; i < kSentinels + kChurned; i += 3) {
        input += versioned_profile(i, 10 + round) + "\n";
      }
      input += versioned_profile(kClock, 1000 + round) + "\n";
      args = {"index", "--db", db_path, "--batch-size", "50", "-"};
    } else if (round % 3 == 1) {
      for (std::size_t i = kSentinels + round % 7; i < kSentinels + kChurned; i += 7) {
        input += profile_key_of(i) + "\n";
      }
      args = {"delete", "--db", db_path, "--from", "-"};
    } else {
      for (std::size_t i = 0; i < kSentinels + kChurned; ++i) {
        input += versioned_profile(i, i < kSentinels ? 1 : 20 + round) + "\n";
      }
      input += versioned_profile(kClock, 1000 + round) + "\n";
      args = {"reindex", "--db", db_path, "--batch-size", "100", "-"};
    }
    auto r = mikros::test::run_mikros(args, input);
    INFO(args[0] << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    ++jobs;
  }
  stop = true;
  for (auto& t : threads) t.join();
  INFO(failures(tally));
  CHECK(tally.errors.empty());
  CHECK(tally.searches > 100);
  WARN(tally.searches << " searches beside " << jobs << " jobs in other processes");

  // The readers followed the rebuilds; once they let go of the old index, the next writer
  // removes it.
  REQUIRE(reader.refresh());
  CHECK(reader.impl()->index_name() != first_index);
  auto verify = mikros::test::run_mikros({"verify", "--db", db_path, "--deep"});
  INFO(verify.out << verify.err);
  CHECK(verify.exit_code == 0);
  CHECK(index_dirs(db_path).size() == 1);
  auto live = reader.verify();
  REQUIRE(live);
  CHECK(live->ok());
}
