// An index of an older on-disk format: read-only handles read it as it is, and the first
// writable open migrates it (storage/store_migrate.cpp). Format 2 keyed a handle by its ASCII
// case only; format 3 folds every letter (parse_profile_key); format 4 indexes audience shares,
// cities and presence as terms, and a new facets record; format 5 drops the value slots and keeps
// the numbers exact in the facets record.
#include <xapian.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "mikros/mikros.hpp"
#include "raw_rocks.h"
#include "support.h"

using namespace mikros;

namespace {

struct Handle {
  const char* platform;
  const char* handle;
  const char* format2_key;  // how format 2 keyed it (ASCII letters lowercased only)
};
constexpr Handle kHandles[] = {
    {"instagram", "Ñandú.Style", "instagram:Ñandú.style"},
    {"tiktok", "ÉCOLE", "tiktok:École"},
    {"youtube", "Straße", "youtube:straße"},  // no capital, but ß folds to ss
    {"instagram", "plain", "instagram:plain"},
};

std::string profile_json(const Handle& h, int i) {
  return std::string("{\"platform\":\"") + h.platform + "\",\"handle\":\"" + h.handle +
         "\",\"bio\":\"slow fashion number" + std::to_string(i) +
         "\",\"followers\":" + std::to_string(10000 + i) + "}";
}

// Rewrites the index in `dir` as format 2 wrote it: the keys of both stores in their format 2
// spelling, the followers in value slot 0 (formats 2 to 4 kept five numbers there), and format
// "2" in both.
void make_format_2(const std::string& dir) {
  RawRocks rocks(dir + "/rocks");
  Xapian::WritableDatabase xdb(dir + "/xapian", Xapian::DB_OPEN);
  for (auto it = xdb.postlist_begin(""); it != xdb.postlist_end(""); ++it) {
    Xapian::Document doc = xdb.get_document(*it);
    doc.add_value(0, Xapian::sortable_serialise(10000.0));
    xdb.replace_document(*it, doc);
  }
  for (const auto& h : kHandles) {
    const std::string now = profile_key(h.platform, h.handle);
    if (now == h.format2_key) continue;
    const std::string pid = rocks.get("handles", now);
    rocks.del("handles", now);
    rocks.put("handles", h.format2_key, pid);
    Xapian::docid did = 0;
    for (unsigned char c : pid) did = did << 8 | c;
    Xapian::Document doc = xdb.get_document(did);
    doc.remove_term("Q" + now);
    doc.add_boolean_term(std::string("Q") + h.format2_key);
    doc.set_data(h.format2_key);
    xdb.replace_document(did, doc);
  }
  rocks.put("meta", "format", "2");
  xdb.set_metadata("mikros.format", "2");
  xdb.commit();
  xdb.close();
}

}  // namespace

TEST_CASE("a format 2 index is read as it is, and migrated by the first writer", "[format]") {
  mikros::test::TempDir dir;
  const std::string root = dir / "db";
  std::uint64_t generation = 0;
  {
    auto db = Database::open(root);
    REQUIRE(db);
    Indexer indexer(*db);
    int i = 0;
    for (const auto& h : kHandles) REQUIRE(indexer.upsert_json(profile_json(h, i++)));
    REQUIRE(indexer.commit());
    generation = db->generation();
  }
  make_format_2(root + "/index.000001");

  {
    Options read_only;
    read_only.read_only = true;
    auto db = Database::open(root, read_only);
    REQUIRE(db);
    CHECK(db->size() == std::size(kHandles));
    CHECK(db->get("instagram:plain"));
    CHECK(db->get("instagram:Ñandú.Style").status().code() == ErrorCode::kNotFound);
    auto report = db->verify();
    REQUIRE(report);
    CHECK(report->ok());
    Searcher searcher(*db);
    auto r = searcher.search("\"slow fashion\"");
    REQUIRE(r);
    CHECK(r->total == std::size(kHandles));
  }

  std::uint64_t migrated = 0;
  {
    auto db = Database::open(root);
    REQUIRE(db);
    // The key migration's one commit, then the rebuild of every document (one commit of up to
    // 5,000 profiles).
    CHECK(db->generation() == generation + 2);
    CHECK(db->size() == std::size(kHandles));
    int i = 0;
    for (const auto& h : kHandles) {
      INFO(h.handle);
      auto p = db->get(std::string(h.platform) + ":" + h.handle);
      REQUIRE(p);
      CHECK(p->handle == h.handle);  // stored as written
      CHECK(p->followers == static_cast<std::uint64_t>(10000 + i++));
    }
    CHECK(db->get("tiktok:école"));
    CHECK(db->get("youtube:strasse"));
    VerifyOptions deep;
    deep.deep = true;
    auto report = db->verify(deep);
    REQUIRE(report);
    CHECK(report->problems == std::vector<std::string>{});
    Xapian::Database xdb(root + "/index.000001/xapian");
    CHECK(xdb.get_metadata("mikros.format") == "5");
    // No value slot is left (an I/O error while Xapian writes value changes ends the process).
    for (Xapian::valueno slot = 0; slot < 8; ++slot) CHECK(xdb.get_value_freq(slot) == 0);
    migrated = db->generation();
  }
  // Migrated once: opening again writes nothing.
  auto again = Database::open(root);
  REQUIRE(again);
  CHECK(again->generation() == migrated);
}
