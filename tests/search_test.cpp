// Index and search through the library API: filters, boundaries, phrases, upsert, delete.
#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <sstream>

#include "mikros/mikros.hpp"
#include "support.h"

using namespace mikros;
using mikros::test::profile_line;
using mikros::test::TempDir;

namespace {

// The keys of the hits of `query` (all of them), as a set.
std::set<std::string> keys(const Searcher& searcher, const std::string& query) {
  SearchOptions options;
  options.limit = 1000;
  auto r = searcher.search(query, options);
  INFO(query);
  REQUIRE(r);
  CHECK(r->total == r->hits.size());
  CHECK(r->total_exact);
  std::set<std::string> out;
  for (const auto& h : r->hits) out.insert(h.key);
  return out;
}

std::vector<std::string> ordered_keys(const Searcher& searcher, const std::string& query) {
  auto r = searcher.search(query);
  REQUIRE(r);
  std::vector<std::string> out;
  for (const auto& h : r->hits) out.push_back(h.key);
  return out;
}

// A small corpus covering every filter and the tier boundaries.
const char* kCorpus[] = {
    R"({"platform":"instagram","handle":"maya_slowstyle","name":"Maya","bio":"Slow fashion lover, thrift and capsule wardrobe","hashtags":["thrift"],"country":"US","languages":["en"],"categories":["Fashion"],"followers":23400,"engagement_rate":0.04})",
    R"({"platform":"instagram","handle":"fast_fashion_fan","bio":"fashion that is slow to arrive, fast to wear","country":"US","languages":["en"],"followers":30000,"engagement_rate":0.03})",
    R"({"platform":"tiktok","handle":"thriftqueen","bio":"slow fashion thrift flips","country":"CA","languages":["en","fr"],"categories":["Fashion","DIY"],"followers":4999})",
    R"({"platform":"youtube","handle":"lamodelente","bio":"La mode lente: slow fashion à la française","country":"FR","languages":["fr"],"followers":5000,"engagement_rate":0.035})",
    R"({"platform":"instagram","handle":"trailrunner","bio":"mountain running and hiking","country":"US","languages":["en"],"categories":["Fitness"],"followers":49999})",
    R"({"platform":"instagram","handle":"big_hiker","bio":"hiking the world","country":"GB","languages":["en"],"categories":["Travel"],"followers":50000})",
    R"({"platform":"twitter","handle":"techtalk","bio":"gadgets and code","country":"US","followers":499999})",
    R"({"platform":"youtube","handle":"megastar","bio":"music and hiking vlogs","country":"US","followers":1000000})",
    R"({"platform":"instagram","handle":"macro_chef","bio":"vegan recipes","country":"ES","languages":["es"],"followers":500000,"price_usd":3000})",
};

struct Fixture {
  TempDir dir;
  Database db;
  Fixture() : db(open()) {
    Indexer indexer(db);
    for (const char* line : kCorpus) REQUIRE(indexer.upsert_json(line));
    REQUIRE(indexer.commit());
  }
  Database open() {
    auto r = Database::open(dir / "db");
    REQUIRE(r);
    return std::move(*r);
  }
};

}  // namespace

TEST_CASE("phrases match adjacent words; loose words match anywhere", "[search]") {
  Fixture f;
  Searcher s(f.db);
  CHECK(keys(s, "\"slow fashion\"") == std::set<std::string>{"instagram:maya_slowstyle",
                                                             "tiktok:thriftqueen",
                                                             "youtube:lamodelente"});
  // The fast-fashion fan says "fashion that is slow": both words, not the phrase.
  CHECK(keys(s, "slow fashion") ==
        std::set<std::string>{"instagram:maya_slowstyle", "instagram:fast_fashion_fan",
                              "tiktok:thriftqueen", "youtube:lamodelente"});
  CHECK(keys(s, "\"fashion slow\"").empty());
  // Hyphenated words in a query are a phrase.
  CHECK(keys(s, "slow-fashion").size() == 3);
}

TEST_CASE("each filter alone", "[search][filters]") {
  Fixture f;
  Searcher s(f.db);
  CHECK(keys(s, "tier:micro") ==
        std::set<std::string>{"instagram:maya_slowstyle", "instagram:fast_fashion_fan",
                              "youtube:lamodelente", "instagram:trailrunner"});
  CHECK(keys(s, "tier:nano") == std::set<std::string>{"tiktok:thriftqueen"});
  CHECK(keys(s, "tier:mega") == std::set<std::string>{"youtube:megastar"});
  CHECK(keys(s, "country:FR") == std::set<std::string>{"youtube:lamodelente"});
  CHECK(keys(s, "country:us").size() == 5);
  CHECK(keys(s, "platform:tiktok") == std::set<std::string>{"tiktok:thriftqueen"});
  CHECK(keys(s, "lang:fr") == std::set<std::string>{"tiktok:thriftqueen", "youtube:lamodelente"});
  CHECK(keys(s, "category:fashion") ==
        std::set<std::string>{"instagram:maya_slowstyle", "tiktok:thriftqueen"});
  CHECK(keys(s, "price:>=3000") == std::set<std::string>{"instagram:macro_chef"});
}

TEST_CASE("comma lists and combined filters", "[search][filters]") {
  Fixture f;
  Searcher s(f.db);
  CHECK(keys(s, "tier:nano,mega") ==
        std::set<std::string>{"tiktok:thriftqueen", "youtube:megastar"});
  CHECK(keys(s, "country:CA,FR") ==
        std::set<std::string>{"tiktok:thriftqueen", "youtube:lamodelente"});
  CHECK(keys(s, "\"slow fashion\" tier:micro country:US") ==
        std::set<std::string>{"instagram:maya_slowstyle"});
  CHECK(keys(s, "hiking tier:mid,mega country:US") == std::set<std::string>{"youtube:megastar"});
  CHECK(keys(s, "hiking platform:instagram country:GB") ==
        std::set<std::string>{"instagram:big_hiker"});
  CHECK(keys(s, "fashion -thrift") ==
        std::set<std::string>{"instagram:fast_fashion_fan", "youtube:lamodelente"});
  CHECK(keys(s, "(vegan OR gadgets) country:US") == std::set<std::string>{"twitter:techtalk"});
  CHECK(keys(s, "-country:US") == std::set<std::string>{"tiktok:thriftqueen", "youtube:lamodelente",
                                                        "instagram:big_hiker",
                                                        "instagram:macro_chef"});
}

TEST_CASE("tier and follower boundaries are exact", "[search][tier]") {
  Fixture f;
  Searcher s(f.db);
  CHECK(keys(s, "tier:nano") == std::set<std::string>{"tiktok:thriftqueen"});  // 4,999
  CHECK(keys(s, "followers:5000") == std::set<std::string>{"youtube:lamodelente"});
  CHECK(keys(s, "followers:>=5000 followers:<50000").size() == 4);
  CHECK(keys(s, "followers:5000..49999") == keys(s, "tier:micro"));
  CHECK(keys(s, "followers:>49999 followers:<500000") == keys(s, "tier:mid"));
  CHECK(keys(s, "followers:>4999").count("youtube:lamodelente") == 1);
  CHECK(keys(s, "followers:>5000").count("youtube:lamodelente") == 0);
  CHECK(keys(s, "followers:<5000") == std::set<std::string>{"tiktok:thriftqueen"});
  CHECK(keys(s, "followers:<=5000").size() == 2);
  CHECK(keys(s, "er:>=3.5%") ==
        std::set<std::string>{"instagram:maya_slowstyle", "youtube:lamodelente"});
  CHECK(keys(s, "er:>3.5%") == std::set<std::string>{"instagram:maya_slowstyle"});
  CHECK(keys(s, "er:3%..3.5%") ==
        std::set<std::string>{"instagram:fast_fashion_fan", "youtube:lamodelente"});
}

TEST_CASE("filter-only queries list by followers", "[search]") {
  Fixture f;
  Searcher s(f.db);
  auto order = ordered_keys(s, "country:US");
  CHECK(order == std::vector<std::string>{"youtube:megastar", "twitter:techtalk",
                                          "instagram:trailrunner", "instagram:fast_fashion_fan",
                                          "instagram:maya_slowstyle"});
  auto all = s.search("");
  REQUIRE(all);
  CHECK(all->total == 9);
  CHECK(all->hits.front().key == "youtube:megastar");
  CHECK(all->hits.front().score == 0);
}

// Found by the C API fuzz target: a query whose text analyses to no term has nothing to score,
// so its hits are listed by followers too, whatever the options (without insights and facets the
// search had not read the columns that order needs: "internal error").
TEST_CASE("text without a term lists by followers, with or without insights", "[search]") {
  Fixture f;
  Searcher s(f.db);
  for (const char* query : {"!!", "\b\b", "country:US ...", "- -"}) {
    for (bool insights : {true, false}) {
      SearchOptions o;
      o.insights = insights;
      o.exact_total = insights;
      auto r = s.search(query, o);
      INFO(query << (insights ? " with insights" : " without insights"));
      REQUIRE(r);
      REQUIRE(!r->hits.empty());
      CHECK(r->hits.front().key == "youtube:megastar");
      CHECK(std::is_sorted(r->hits.begin(), r->hits.end(),
                           [](const Hit& a, const Hit& b) { return a.followers > b.followers; }));
    }
  }
}

TEST_CASE("hits carry the stored profile", "[search]") {
  Fixture f;
  Searcher s(f.db);
  auto r = s.search("\"slow fashion\" country:US");
  REQUIRE(r);
  REQUIRE(r->hits.size() == 1);
  const Hit& h = r->hits[0];
  CHECK(h.platform == "instagram");
  CHECK(h.handle == "maya_slowstyle");
  CHECK(h.name == "Maya");
  CHECK(h.tier == Tier::kMicro);
  CHECK(h.followers == 23400);
  CHECK(h.country == "US");
  CHECK(h.engagement_rate == 0.04);
  CHECK(h.score > 0);
  CHECK(h.profile.categories == std::vector<std::string>{"Fashion"});
}

TEST_CASE("paging with limit and offset", "[search]") {
  Fixture f;
  Searcher s(f.db);
  SearchOptions o;
  o.limit = 4;
  auto first = s.search("", o);
  o.offset = 4;
  auto second = s.search("", o);
  o.offset = 8;
  auto third = s.search("", o);
  REQUIRE(first);
  REQUIRE(second);
  REQUIRE(third);
  CHECK(first->hits.size() == 4);
  CHECK(second->hits.size() == 4);
  CHECK(third->hits.size() == 1);
  CHECK(first->total == 9);
  auto limited = s.search("limit:2");
  REQUIRE(limited);
  CHECK(limited->hits.size() == 2);
}

TEST_CASE("re-indexing a handle replaces the profile", "[search][upsert]") {
  Fixture f;
  Searcher s(f.db);
  {
    Indexer indexer(f.db);
    // Same key in another case: still the same profile.
    REQUIRE(indexer.upsert_json(
        R"({"platform":"instagram","handle":"Maya_SlowStyle","bio":"now into ceramics","country":"CA","followers":60000})"));
    REQUIRE(indexer.commit());
  }
  CHECK(f.db.size() == 9);
  CHECK(keys(s, "\"slow fashion\"").count("instagram:maya_slowstyle") == 0);
  CHECK(keys(s, "ceramics") == std::set<std::string>{"instagram:maya_slowstyle"});
  CHECK(keys(s, "tier:mid country:CA") == std::set<std::string>{"instagram:maya_slowstyle"});
  auto p = f.db.get("instagram:maya_slowstyle");
  REQUIRE(p);
  CHECK(p->handle == "Maya_SlowStyle");
  CHECK(p->followers == 60000);
  // The last of several changes to one key in a batch wins.
  {
    Indexer indexer(f.db);
    REQUIRE(indexer.upsert_json(profile_line("instagram", "dup", R"("bio":"first")")));
    REQUIRE(indexer.upsert_json(profile_line("instagram", "dup", R"("bio":"second")")));
    REQUIRE(indexer.commit());
  }
  CHECK(keys(s, "first").empty());
  CHECK(keys(s, "second") == std::set<std::string>{"instagram:dup"});
}

TEST_CASE("removing profiles", "[search][delete]") {
  Fixture f;
  Searcher s(f.db);
  {
    Indexer indexer(f.db);
    REQUIRE(indexer.remove("youtube:megastar"));
    REQUIRE(indexer.remove("youtube:@nobody"));  // absent: not an error
    CHECK(indexer.remove("megastar").code() == ErrorCode::kInvalidArgument);
    REQUIRE(indexer.commit());
  }
  CHECK(f.db.size() == 8);
  CHECK(keys(s, "tier:mega").empty());
  CHECK(f.db.get("youtube:megastar").status().code() == ErrorCode::kNotFound);
}

TEST_CASE("analysis is shared by indexing and querying", "[search][analysis]") {
  Fixture f;
  Searcher s(f.db);
  CHECK(keys(s, "FRANÇAISE") == std::set<std::string>{"youtube:lamodelente"});
  CHECK(keys(s, "francaise") == std::set<std::string>{"youtube:lamodelente"});
  CHECK(keys(s, "Hiking") == keys(s, "hiking"));
  CHECK(keys(s, "...").size() == 9);  // nothing searchable: no constraint
}

TEST_CASE("errors come back as statuses", "[search][errors]") {
  Fixture f;
  Searcher s(f.db);
  auto bad = s.search("er:>3x");
  REQUIRE_FALSE(bad);
  CHECK(bad.status().code() == ErrorCode::kQuerySyntax);
  CHECK(bad.status().position() == 4);
  SearchOptions o;
  o.limit = 20'000;
  CHECK(s.search("x", o).status().code() == ErrorCode::kLimitExceeded);
}

TEST_CASE("a read-only handle sees commits made after it opened", "[search][store]") {
  Fixture f;
  Options ro;
  ro.read_only = true;
  auto reader_db = Database::open(f.dir / "db", ro);
  REQUIRE(reader_db);
  Searcher reader(*reader_db);
  CHECK(keys(reader, "ceramics").empty());
  {
    Indexer indexer(f.db);
    REQUIRE(indexer.upsert_json(profile_line("instagram", "potter", R"("bio":"ceramics studio")")));
    REQUIRE(indexer.commit());
  }
  CHECK(keys(reader, "ceramics") == std::set<std::string>{"instagram:potter"});
  auto p = reader_db->get("instagram:potter");
  REQUIRE(p);
  CHECK(p->bio == "ceramics studio");
  // Writing through a read-only handle is refused.
  Indexer refused(*reader_db);
  CHECK(refused.upsert_json(profile_line("instagram", "x")).code() == ErrorCode::kInvalidArgument);
}

TEST_CASE("one writer at a time", "[store]") {
  Fixture f;
  Indexer first(f.db);
  Indexer second(f.db);
  CHECK(second.upsert_json(profile_line("instagram", "x")).code() == ErrorCode::kBusy);
  // Another process-level writer is refused by the lock.
  auto again = Database::open(f.dir / "db");
  REQUIRE_FALSE(again);
  CHECK(again.status().code() == ErrorCode::kBusy);
}

TEST_CASE("opening errors", "[store]") {
  TempDir dir;
  Options no_create;
  no_create.create_if_missing = false;
  CHECK(Database::open(dir / "missing", no_create).status().code() == ErrorCode::kNotFound);
  Options ro;
  ro.read_only = true;
  CHECK(Database::open(dir / "missing", ro).status().code() == ErrorCode::kNotFound);
  mikros::test::write_file(dir / "stray.txt", "hello");
  auto r = Database::open(dir.path());
  REQUIRE_FALSE(r);
  CHECK(r.status().code() == ErrorCode::kInvalidArgument);
  CHECK_THAT(r.status().message(), Catch::Contains("holds no mikros database"));
}

TEST_CASE("the database survives closing and reopening", "[store]") {
  TempDir dir;
  {
    auto db = Database::open(dir / "db");
    REQUIRE(db);
    Indexer indexer(*db);
    for (const char* line : kCorpus) REQUIRE(indexer.upsert_json(line));
    // Not committed explicitly: the destructor commits.
  }
  auto db = Database::open(dir / "db");
  REQUIRE(db);
  CHECK(db->size() == 9);
  CHECK(db->generation() == 1);
  auto stats = db->stats();
  REQUIRE(stats);
  CHECK(stats->by_platform.at("instagram") == 5);
  CHECK(stats->by_tier.at("micro") == 4);
  CHECK(stats->by_country.at("US") == 5);
}

TEST_CASE("reading a stream rejects bad records and indexes the rest", "[indexer]") {
  TempDir dir;
  auto db = Database::open(dir / "db");
  REQUIRE(db);
  IndexOptions options;
  options.batch_size = 2;
  Indexer indexer(*db, options);
  std::istringstream in(profile_line("instagram", "a") + "\n" + "{broken\n" +
                        profile_line("instagram", "b", R"("followers":-1)") + "\n\n" +
                        profile_line("instagram", "c") + "\n" + profile_line("instagram", "d") +
                        "\n" + profile_line("instagram", "e") + "\n");
  std::vector<Rejection> rejected;
  IndexReport report;
  REQUIRE(indexer.read(
      in, "input.jsonl", InputFormat::kJsonl, [&](const Rejection& r) { rejected.push_back(r); },
      &report));
  CHECK(report.records == 6);
  CHECK(report.accepted == 4);
  CHECK(report.rejected == 2);
  CHECK(report.committed == 4);
  CHECK(report.commits == 2);  // batches of 2
  REQUIRE(rejected.size() == 2);
  CHECK(rejected[0].line == 2);
  CHECK(rejected[0].source == "input.jsonl");
  CHECK_THAT(rejected[0].reason, Catch::StartsWith("invalid JSON"));
  CHECK(rejected[1].line == 3);
  CHECK(rejected[1].reason == "followers: must not be negative, got -1");
  CHECK(db->size() == 4);
}
