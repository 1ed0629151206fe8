// Durability through the library: idempotent indexing, the writer role, full rebuilds and the
// removal of retired index directories, verify() against damage made by hand, backups taken
// while a writer commits.
#include <xapian.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <thread>

#include "durability_support.h"
#include "mikros/mikros.hpp"
#include "raw_rocks.h"
#include "storage/database_impl.h"
#include "support.h"
#include "util/text_util.h"

using namespace mikros;
using mikros::test::all_keys;
using mikros::test::index_dirs;
using mikros::test::keys_at_version;
using mikros::test::profile_key_of;
using mikros::test::run_mikros;
using mikros::test::TempDir;
using mikros::test::versioned_profile;

namespace fs = std::filesystem;

namespace {

Database open_db(const std::string& path, bool read_only = false) {
  Options options;
  options.read_only = read_only;
  auto db = Database::open(path, options);
  INFO(db.status().to_string());
  REQUIRE(db);
  return std::move(*db);
}

void index_versions(Database& db, std::size_t count, std::uint64_t version, std::size_t first = 0) {
  Indexer indexer(db);
  for (std::size_t i = first; i < first + count; ++i) {
    REQUIRE(indexer.upsert_json(versioned_profile(i, version)));
  }
  REQUIRE(indexer.commit());
}

VerifyReport verify(const Database& db, bool deep = false) {
  VerifyOptions options;
  options.deep = deep;
  auto report = db.verify(options);
  INFO(report.status().to_string());
  REQUIRE(report);
  return *report;
}

std::string problems_text(const VerifyReport& report) {
  std::string out;
  for (const auto& p : report.problems) out += p + "\n";
  return out;
}

}  // namespace

TEST_CASE("indexing the same batch twice changes nothing", "[durability][index]") {
  TempDir dir;
  Database db = open_db(dir / "db");
  Indexer indexer(db);
  for (std::size_t i = 0; i < 50; ++i) REQUIRE(indexer.upsert_json(versioned_profile(i, 1)));
  REQUIRE(indexer.commit());
  CHECK(db.generation() == 1);
  CHECK(indexer.totals().inserted == 50);

  for (std::size_t i = 0; i < 50; ++i) REQUIRE(indexer.upsert_json(versioned_profile(i, 1)));
  REQUIRE(indexer.commit());
  CHECK(db.generation() == 1);  // no generation written
  CHECK(indexer.totals().unchanged == 50);
  CHECK(indexer.totals().commits == 1);

  // One changed profile among unchanged ones: one generation, one replacement.
  for (std::size_t i = 0; i < 50; ++i) {
    REQUIRE(indexer.upsert_json(versioned_profile(i, i == 7 ? 2 : 1)));
  }
  REQUIRE(indexer.commit());
  CHECK(db.generation() == 2);
  CHECK(indexer.totals().replaced == 1);
  CHECK(indexer.totals().unchanged == 99);

  // Removing keys that do not exist writes nothing either.
  REQUIRE(indexer.remove("instagram:nobody"));
  REQUIRE(indexer.commit());
  CHECK(db.generation() == 2);
  CHECK(indexer.totals().missing == 1);

  Searcher searcher(db);
  CHECK(keys_at_version(searcher, 2) == std::set<std::string>{profile_key_of(7)});
  CHECK(all_keys(searcher).size() == 50);
  CHECK(verify(db, true).ok());
}

TEST_CASE("one writer role per database, in this process and others", "[durability][lock]") {
  TempDir dir;
  {
    Database writer = open_db(dir / "db");
    index_versions(writer, 5, 1);

    auto second = Database::open(dir / "db");
    REQUIRE_FALSE(second);
    CHECK(second.status().code() == ErrorCode::kBusy);
    CHECK_THAT(second.status().message(), Catch::Contains("another writer"));

    // Readers are never kept out.
    Database reader = open_db(dir / "db", true);
    CHECK(reader.size() == 5);

    // Nor are other processes' readers; their writers get a clear error and exit status 1.
    auto search = run_mikros({"search", "--db", dir / "db", "--json", "fashion"});
    CHECK(search.exit_code == 0);
    mikros::test::write_file(dir / "more.jsonl", versioned_profile(9, 1) + "\n");
    auto index = run_mikros({"index", "--db", dir / "db", dir / "more.jsonl"});
    CHECK(index.exit_code == 1);
    CHECK_THAT(index.err, Catch::Contains("another writer"));
    auto reindex = run_mikros({"reindex", "--db", dir / "db", dir / "more.jsonl"});
    CHECK(reindex.exit_code == 1);
    CHECK_THAT(reindex.err, Catch::Contains("another writer"));
  }
  // The lock ends with its holder: the LOCK file left behind is no obstacle.
  REQUIRE(fs::exists(dir / "db/LOCK"));
  Database again = open_db(dir / "db");
  CHECK(again.size() == 5);
}

TEST_CASE("a rebuild switches atomically and the old index goes when unused",
          "[durability][rebuild]") {
  TempDir dir;
  Database db = open_db(dir / "db");
  index_versions(db, 30, 1);
  const std::uint64_t old_generation = db.generation();
  Database reader = open_db(dir / "db", true);
  Searcher searcher(db), reader_searcher(reader);
  REQUIRE(keys_at_version(reader_searcher, 1).size() == 30);

  auto rebuild = Indexer::rebuild(db);
  REQUIRE(rebuild);
  // Only one writer: the ordinary Indexer is kept out while the rebuild runs.
  {
    Indexer other(db);
    CHECK(other.upsert_json(versioned_profile(0, 9)).code() == ErrorCode::kBusy);
  }
  for (std::size_t i = 0; i < 40; ++i) REQUIRE(rebuild->upsert_json(versioned_profile(i, 2)));
  REQUIRE(rebuild->commit());
  // Committed into the new index, invisible until published.
  CHECK(index_dirs(dir / "db") == std::vector<std::string>{"index.000001", "index.000002"});
  CHECK(keys_at_version(searcher, 2).empty());
  CHECK(keys_at_version(reader_searcher, 1).size() == 30);
  CHECK(mikros::read_current(dir / "db").value() == "index.000001");

  // A search in flight on the old index (here: a reference to it) keeps its directory.
  auto in_flight = reader.impl()->store();
  REQUIRE(rebuild->publish());
  CHECK(mikros::read_current(dir / "db").value() == "index.000002");
  CHECK(db.generation() > old_generation);  // generations keep growing across rebuilds
  CHECK(keys_at_version(searcher, 2).size() == 40);
  CHECK(keys_at_version(searcher, 1).empty());
  CHECK(fs::exists(dir / "db/index.000001"));

  // The reader moves over on its next search; the old directory stays while in use.
  CHECK(keys_at_version(reader_searcher, 2).size() == 40);
  CHECK(fs::exists(dir / "db/index.000001/xapian"));
  in_flight.reset();
  // Unused now: the writer's next commit removes it.
  REQUIRE(rebuild->upsert_json(versioned_profile(0, 3)));
  REQUIRE(rebuild->commit());
  CHECK(index_dirs(dir / "db") == std::vector<std::string>{"index.000002"});
  CHECK(keys_at_version(reader_searcher, 3) == std::set<std::string>{profile_key_of(0)});
  CHECK(verify(db, true).ok());
  CHECK(verify(reader).ok());
}

TEST_CASE("a rebuild can change the tier boundaries", "[durability][rebuild]") {
  TempDir dir;
  Database db = open_db(dir / "db");
  index_versions(db, 10, 1);
  RebuildOptions options;
  options.tiers = TierBoundaries{100, 1000, 10'000, 100'000};
  auto rebuild = Indexer::rebuild(db, {}, options);
  REQUIRE(rebuild);
  for (std::size_t i = 0; i < 10; ++i) REQUIRE(rebuild->upsert_json(versioned_profile(i, 1)));
  REQUIRE(rebuild->publish());
  CHECK(db.tiers() == *options.tiers);
  Searcher searcher(db);
  auto mid = searcher.search("tier:mid");  // followers 1000..1063: mid under the new bounds
  REQUIRE(mid);
  CHECK(mid->total == 10);
}

TEST_CASE("an abandoned rebuild leaves the database as it was", "[durability][rebuild]") {
  TempDir dir;
  Database db = open_db(dir / "db");
  index_versions(db, 20, 1);
  const std::uint64_t generation = db.generation();
  {
    auto rebuild = Indexer::rebuild(db);
    REQUIRE(rebuild);
    for (std::size_t i = 0; i < 5; ++i) REQUIRE(rebuild->upsert_json(versioned_profile(i, 2)));
    REQUIRE(rebuild->commit());
    CHECK(index_dirs(dir / "db").size() == 2);
  }  // destroyed without publish()
  CHECK(index_dirs(dir / "db") == std::vector<std::string>{"index.000001"});
  CHECK(db.generation() == generation);
  Searcher searcher(db);
  CHECK(keys_at_version(searcher, 1).size() == 20);
  CHECK(keys_at_version(searcher, 2).empty());
  // The writer slot is free again.
  index_versions(db, 1, 5);
  CHECK(verify(db).ok());
}

TEST_CASE("compaction rewrites the index smaller and switches like a rebuild",
          "[durability][compact]") {
  TempDir dir;
  Database db = open_db(dir / "db");
  // Several batches with replacements and deletions: half-full blocks and overwritten rows.
  for (std::uint64_t version = 1; version <= 3; ++version) index_versions(db, 600, version);
  {
    Indexer indexer(db);
    for (std::size_t i = 500; i < 600; ++i) REQUIRE(indexer.remove(profile_key_of(i)));
    REQUIRE(indexer.commit());
  }
  Brand brand;
  brand.name = "Verde Boho";
  brand.keywords = {"linen"};
  REQUIRE(db.put_brand(brand));
  const std::uint64_t generation = db.generation();
  Database reader = open_db(dir / "db", true);
  Searcher searcher(db), reader_searcher(reader);
  REQUIRE(keys_at_version(reader_searcher, 3).size() == 500);
  auto in_flight = reader.impl()->store();  // a search in flight on the old index

  // Not while an Indexer holds the writer slot, and not through a read-only handle.
  {
    Indexer busy(db);
    CHECK(db.compact().status().code() == ErrorCode::kBusy);
  }
  CHECK(reader.compact().status().code() == ErrorCode::kInvalidArgument);

  auto report = db.compact();
  INFO(report.status().to_string());
  REQUIRE(report);
  CHECK(report->index == "index.000002");
  CHECK(report->generation == generation);
  CHECK(report->bytes_after > 0);
  CHECK(report->bytes_after < report->bytes_before);
  CHECK(mikros::read_current(dir / "db").value() == "index.000002");
  CHECK(db.generation() == generation);  // compaction changes no profile
  // The old directory stays while the search in flight holds it.
  CHECK(index_dirs(dir / "db") == std::vector<std::string>{"index.000001", "index.000002"});

  // Everything is found on the compacted index, by the writer and by the reader (which moves
  // over on its next search), and the stores agree document by document.
  CHECK(keys_at_version(searcher, 3).size() == 500);
  CHECK(keys_at_version(reader_searcher, 3).size() == 500);
  CHECK(all_keys(reader_searcher).size() == 500);
  CHECK(db.get(profile_key_of(550)).status().code() == ErrorCode::kNotFound);
  auto stored = db.brand("Verde Boho");
  REQUIRE(stored);
  CHECK(stored->keywords == std::vector<std::string>{"linen"});
  CHECK(verify(db, true).ok());
  CHECK(verify(reader).ok());

  // Indexing goes on on the compacted index; the retired one goes once unused.
  in_flight.reset();
  index_versions(db, 10, 4);
  CHECK(index_dirs(dir / "db") == std::vector<std::string>{"index.000002"});
  CHECK(keys_at_version(reader_searcher, 4).size() == 10);
  CHECK(verify(db, true).ok());
}

TEST_CASE("verify names what is wrong", "[durability][verify]") {
  TempDir dir;
  {
    Database db = open_db(dir / "db");
    index_versions(db, 20, 1);
    REQUIRE(verify(db, true).ok());
  }
  const std::string index = dir / "db/index.000001";
  // Profile ids are 1..20 in insertion order: p0 is pid 1.
  auto pid = [](std::uint32_t n) { return encode_be32(n); };

  SECTION("a missing facets row") {
    RawRocks(index + "/rocks").del("facets", pid(3));
    auto report = verify(open_db(dir / "db"));
    CHECK(report.problem_count == 1);
    CHECK_THAT(problems_text(report), Catch::Contains("profile 3 (youtube:p2) has no facets row"));
  }
  SECTION("a damaged stored profile") {
    RawRocks(index + "/rocks").put("profiles", pid(5), "{\"platform\":");
    auto report = verify(open_db(dir / "db"));
    CHECK_THAT(problems_text(report),
               Catch::Contains("the stored profile of profile 5 (tiktok:p4) is damaged"));
  }
  SECTION("a damaged facets row") {
    RawRocks(index + "/rocks").put("facets", pid(6), "\x09garbage");
    auto report = verify(open_db(dir / "db"));
    CHECK_THAT(problems_text(report),
               Catch::Contains("the facets row of profile 6 (youtube:p5) is damaged"));
  }
  SECTION("a handle pointing at another profile, and a profile without its handle") {
    {
      RawRocks raw(index + "/rocks");
      raw.put("handles", "instagram:ghost", pid(7));
      raw.del("handles", "tiktok:p1");
    }
    auto db = open_db(dir / "db");
    auto report = verify(db);
    CHECK(report.problem_count == 2);
    CHECK_THAT(problems_text(report),
               Catch::Contains("handle instagram:ghost points at profile 7 (instagram:p6)"));
    CHECK_THAT(problems_text(report), Catch::Contains("profile 2 (tiktok:p1) has no handle entry"));
  }
  SECTION("a document missing from the text index") {
    {
      Xapian::WritableDatabase x(index + "/xapian");
      x.delete_document(4);
      x.commit();
    }
    auto report = verify(open_db(dir / "db"));
    std::string text = problems_text(report);
    CHECK_THAT(text, Catch::Contains("handle instagram:p3 points at profile id 4, which has no "
                                     "document"));
    CHECK_THAT(text, Catch::Contains("the stored profile of profile id 4 has no document"));
    CHECK_THAT(text, Catch::Contains("the facets row of profile id 4 has no document"));
  }
  SECTION("a document that differs from its stored profile: only the deep check sees it") {
    {
      Xapian::WritableDatabase x(index + "/xapian");
      Xapian::Document d = x.get_document(8);
      d.add_term("intruder");
      x.replace_document(8, d);
      x.commit();
    }
    auto db = open_db(dir / "db");
    CHECK(verify(db).ok());
    auto deep = verify(db, true);
    CHECK(deep.problem_count == 1);
    CHECK_THAT(problems_text(deep),
               Catch::Contains("the text document of profile 8 (tiktok:p7) does not match its "
                               "stored profile: the index has term \"intruder\""));
  }
  SECTION("a key term on the wrong document") {
    {
      Xapian::WritableDatabase x(index + "/xapian");
      Xapian::Document d = x.get_document(9);
      d.add_boolean_term("Qinstagram:p9");
      x.replace_document(9, d);
      x.commit();
    }
    auto report = verify(open_db(dir / "db"));
    CHECK_THAT(problems_text(report), Catch::Contains("key term Qinstagram:p9 is on 2 documents"));
    CHECK_THAT(problems_text(report),
               Catch::Contains("profile 9 (youtube:p8) carries the key term of instagram:p9"));
  }
  SECTION("generations that disagree with nothing to replay: a clear error at open") {
    RawRocks(index + "/rocks").put("meta", "applied_gen", "99");
    auto db = Database::open(dir / "db");
    REQUIRE_FALSE(db);
    CHECK(db.status().code() == ErrorCode::kCorruption);
    CHECK_THAT(db.status().message(),
               Catch::Contains("profile store is at generation 99 and the text index at 1"));
    // A read-only handle can still be verified: no writer will change it, so it is checked
    // as it is.
    auto reader = open_db(dir / "db", true);
    auto report = verify(reader);
    CHECK_THAT(problems_text(report),
               Catch::Contains("the text index is at generation 1 but the profile store at 99"));
  }
  SECTION("a wrong format version") {
    {
      Xapian::WritableDatabase x(index + "/xapian");
      x.set_metadata("mikros.format", "99");
      x.commit();
    }
    auto db = Database::open(dir / "db");
    REQUIRE_FALSE(db);
    CHECK(db.status().code() == ErrorCode::kIncompatibleVersion);
    CHECK_THAT(db.status().message(), Catch::Contains("index format 99"));
  }
  SECTION("an outbox entry that cannot follow the text index") {
    RawRocks(index + "/rocks").put("outbox", encode_be64(7), std::string(1, '\x01'));
    auto db = Database::open(dir / "db");
    REQUIRE_FALSE(db);
    CHECK(db.status().code() == ErrorCode::kCorruption);
    CHECK_THAT(db.status().message(),
               Catch::Contains("outbox holds generation 7 but the text index is at 1"));
  }
}

TEST_CASE("a like: seed the store cannot read is a damaged store, not a wrong key",
          "[durability][like]") {
  TempDir dir;
  {
    Database db = open_db(dir / "db");
    index_versions(db, 20, 1);
  }
  const std::string index = dir / "db/index.000001";
  auto like = [&](const std::string& query) {
    Database db = open_db(dir / "db");
    return Searcher(db).search(query).status();
  };
  REQUIRE(like("like:tiktok:p4"));
  REQUIRE(like("like:@p4"));

  SECTION("a damaged stored profile") {
    RawRocks(index + "/rocks").put("profiles", encode_be32(5), "{\"platform\":");
    for (const char* q : {"like:tiktok:p4", "like:@p4"}) {
      INFO(q);
      Status st = like(q);
      CHECK(st.code() == ErrorCode::kCorruption);
      CHECK_THAT(st.message(), Catch::Contains("the stored profile") && Catch::Contains("damaged"));
    }
  }
  SECTION("a handle whose stored profile is gone") {
    RawRocks(index + "/rocks").del("profiles", encode_be32(5));
    Status st = like("like:tiktok:p4");
    CHECK(st.code() == ErrorCode::kCorruption);
    CHECK_THAT(st.message(), Catch::Contains("has a handle but no stored record"));
  }
  SECTION("a key that is not there is still \"no profile\"") {
    Status st = like("like:tiktok:p99");
    CHECK(st.code() == ErrorCode::kNotFound);
    CHECK_THAT(st.message(), Catch::Contains("like: no profile tiktok:p99"));
  }
}

TEST_CASE("backups are consistent while a writer commits", "[durability][backup]") {
  TempDir dir;
  Database db = open_db(dir / "db");
  constexpr std::size_t kProfiles = 60;
  index_versions(db, kProfiles, 1);
  Database reader = open_db(dir / "db", true);

  // Every batch rewrites every profile with the next version, so a consistent copy holds one
  // version throughout, the same in both stores.
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> batches{0};
  std::thread writer([&] {
    Indexer indexer(db);
    for (std::uint64_t v = 2; !stop; ++v) {
      for (std::size_t i = 0; i < kProfiles; ++i) {
        if (!indexer.upsert_json(versioned_profile(i, v))) return;
      }
      if (!indexer.commit()) return;
      ++batches;
    }
  });
  auto check_copy = [&](const std::string& path, std::uint64_t generation) {
    Database copy = open_db(path);
    CHECK(copy.generation() == generation);
    auto report = verify(copy, true);
    INFO(problems_text(report));
    CHECK(report.ok());
    Searcher searcher(copy);
    std::uint64_t version = generation;  // batch v is generation v
    CHECK(keys_at_version(searcher, version).size() == kProfiles);
    auto stored = copy.get(profile_key_of(kProfiles / 2));
    REQUIRE(stored);
    CHECK(stored->posts == version);
  };
  for (int round = 0; round < 3; ++round) {
    std::string from_writer = dir / ("copy-w" + std::to_string(round));
    std::string from_reader = dir / ("copy-r" + std::to_string(round));
    auto g1 = db.backup(from_writer);
    INFO(g1.status().to_string());
    REQUIRE(g1);
    auto g2 = reader.backup(from_reader);
    INFO(g2.status().to_string());
    REQUIRE(g2);
    check_copy(from_writer, *g1);
    check_copy(from_reader, *g2);
  }
  stop = true;
  writer.join();
  CHECK(batches > 0);
  // A destination that holds something is refused.
  mikros::test::write_file(dir / "occupied", "x");
  CHECK(db.backup(dir / "occupied").status().code() == ErrorCode::kInvalidArgument);
}
