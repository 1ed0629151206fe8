// Text analysis through the search API: accents, scripts, emoji, stems by language, hashtags
// against phrases, URLs, Korean. Each profile is small and its handle says what it holds.
#include <catch2/catch.hpp>
#include <set>

#include "mikros/mikros.hpp"
#include "support.h"

using namespace mikros;
using mikros::test::profile_line;
using mikros::test::TempDir;

namespace {

struct Doc {
  const char* handle;
  const char* fields;
};

const Doc kDocs[] = {
    {"cafe_fr", R"("bio":"Café crème et croissants à Paris","languages":["fr"])"},
    {"cafe_en", R"("bio":"best cafe in town, flat white lover","languages":["en"])"},
    {"jp",
     R"("bio":"サステナブルなファッションが好きです。古着コーデを毎日投稿","languages":["ja"])"},
    {"th", R"("bio":"แฟชั่นยั่งยืนสำหรับทุกคน","languages":["th"])"},
    {"plants", R"("bio":"plant mom 🌿 and coffee ☕","languages":["en"])"},
    {"hiker", R"("bio":"Hiking every weekend","languages":["en"])"},
    {"hike_lover", R"("bio":"one more hike","languages":["en"])"},
    {"es", R"("bio":"Camisas de lino hechas en Sevilla","languages":["es"])"},
    {"fr", R"("bio":"Randonnées en montagne","languages":["fr"])"},
    {"de", R"("bio":"Wanderungen in den Alpen","languages":["de"])"},
    {"it", R"("bio":"Ricette della nonna e pasta fresca","languages":["it"])"},
    {"pt", R"("bio":"Caminhadas e trilhas no Brasil","languages":["pt"])"},
    {"nl", R"("bio":"Wandelingen door Nederland","languages":["nl"])"},
    {"past", R"("bio":"past projects and future plans","languages":["en"])"},
    {"tag_exact", R"("bio":"thrift finds","hashtags":["slowfashion"])"},
    {"tag_camel", R"("bio":"vintage","hashtags":["SlowFashion","ootd"])"},
    {"tag_in_bio", R"("bio":"love #slow_fashion and @patagonia")"},
    {"hyphen", R"("bio":"slow-fashion advocate")"},
    {"phrase", R"("bio":"I talk about slow fashion daily")"},
    {"apart", R"("bio":"fashion that is slow to arrive")"},
    {"shop", R"("bio":"shop https://www.MayaStyle.com/shop?ref=ig or mail hello@maya-studio.co")"},
    {"kr", R"("bio":"지속 가능한 패션을 사랑해요","languages":["ko"])"},
};

struct Fixture {
  TempDir dir;
  Database db;
  Fixture() : db(open()) {
    Indexer indexer(db);
    for (const Doc& d : kDocs)
      REQUIRE(indexer.upsert_json(profile_line("instagram", d.handle, d.fields)));
    REQUIRE(indexer.commit());
  }
  Database open() {
    auto r = Database::open(dir / "db");
    REQUIRE(r);
    return std::move(*r);
  }
};

// These tests are about how words match words: expansion by meaning (expansion_test.cpp) off.
std::set<std::string> handles(const Searcher& s, const std::string& query) {
  SearchOptions o;
  o.limit = 100;
  o.expand = false;
  auto r = s.search(query, o);
  INFO(query);
  REQUIRE(r);
  std::set<std::string> out;
  for (const auto& h : r->hits) out.insert(h.handle);
  return out;
}

std::vector<std::string> ranked(const Searcher& s, const std::string& query) {
  SearchOptions o;
  o.expand = false;
  auto r = s.search(query, o);
  INFO(query);
  REQUIRE(r);
  std::vector<std::string> out;
  for (const auto& h : r->hits) out.push_back(h.handle);
  return out;
}

using Set = std::set<std::string>;

}  // namespace

TEST_CASE("accents fold both ways", "[search][analysis]") {
  Fixture f;
  Searcher s(f.db);
  CHECK(handles(s, "cafe") == Set{"cafe_fr", "cafe_en"});
  CHECK(handles(s, "café") == Set{"cafe_fr", "cafe_en"});
  CHECK(handles(s, "CAFÉ CRÈME") == Set{"cafe_fr"});
  CHECK(handles(s, "\"cafe creme\"") == Set{"cafe_fr"});
}

TEST_CASE("Japanese and Thai bios are found by a word inside them", "[search][analysis]") {
  Fixture f;
  Searcher s(f.db);
  CHECK(handles(s, "ファッション") == Set{"jp"});
  CHECK(handles(s, "サステナブル") == Set{"jp"});
  CHECK(handles(s, "古着") == Set{"jp"});
  CHECK(handles(s, "ยั่งยืน") == Set{"th"});
  CHECK(handles(s, "แฟชั่น") == Set{"th"});
  CHECK(handles(s, "ทุกคน") == Set{"th"});
}

TEST_CASE("emoji are searchable", "[search][analysis]") {
  Fixture f;
  Searcher s(f.db);
  CHECK(handles(s, "🌿") == Set{"plants"});
  CHECK(handles(s, "☕") == Set{"plants"});
  CHECK(handles(s, "🌿 coffee") == Set{"plants"});
  CHECK(handles(s, "🌵").empty());
}

TEST_CASE("a loose word matches its stem in the profile's language", "[search][stemming]") {
  Fixture f;
  Searcher s(f.db);
  CHECK(handles(s, "hike") == Set{"hiker", "hike_lover"});
  CHECK(handles(s, "hikes") == Set{"hiker", "hike_lover"});
  CHECK(handles(s, "camisa") == Set{"es"});
  CHECK(handles(s, "randonnée") == Set{"fr"});
  CHECK(handles(s, "wanderung") == Set{"de"});
  CHECK(handles(s, "ricetta") == Set{"it"});
  CHECK(handles(s, "caminhada") == Set{"pt"});
  CHECK(handles(s, "wandeling") == Set{"nl"});
  // The exact form scores on top of its stem.
  CHECK(ranked(s, "hiking") == std::vector<std::string>{"hiker", "hike_lover"});
  CHECK(ranked(s, "hike") == std::vector<std::string>{"hike_lover", "hiker"});
  // Stems are per language: English "past" in a profile is not Italian "pasta" (stem "past").
  // A query has no language, so "past" read as Italian does find the pasta; lang: decides.
  CHECK(handles(s, "pasta") == Set{"it"});
  CHECK(handles(s, "past") == Set{"past", "it"});
  CHECK(handles(s, "past lang:en") == Set{"past"});
  // A lang: filter narrows the stemmers to that language (and English).
  CHECK(handles(s, "camisa lang:es") == Set{"es"});
  CHECK(handles(s, "hike lang:en") == Set{"hiker", "hike_lover"});
}

TEST_CASE("quoted phrases match exact words only", "[search][stemming]") {
  Fixture f;
  Searcher s(f.db);
  CHECK(handles(s, "\"hiking every\"") == Set{"hiker"});
  CHECK(handles(s, "\"hike every\"").empty());
  CHECK(handles(s, "\"hike\"") == Set{"hike_lover"});
  CHECK(handles(s, "\"camisa\"").empty());
  CHECK(handles(s, "\"camisas\"") == Set{"es"});
}

TEST_CASE("hashtags and phrases find each other", "[search][hashtags]") {
  Fixture f;
  Searcher s(f.db);
  const Set slow_fashion{"tag_exact", "tag_camel", "tag_in_bio", "hyphen", "phrase"};
  CHECK(handles(s, "\"slow fashion\"") == slow_fashion);
  CHECK(handles(s, "slow-fashion") == slow_fashion);
  CHECK(handles(s, "#slowfashion") == slow_fashion);
  CHECK(handles(s, "#SlowFashion") == slow_fashion);
  CHECK(handles(s, "#slow_fashion") == slow_fashion);
  CHECK(handles(s, "slowfashion") == Set{"tag_exact", "tag_camel", "tag_in_bio"});
  // Both words anywhere: also the profile where they are apart.
  CHECK(handles(s, "slow fashion").count("apart") == 1);
  CHECK(handles(s, "#ootd") == Set{"tag_camel"});
  CHECK(handles(s, "@patagonia") == Set{"tag_in_bio"});
  CHECK(handles(s, "patagonia") == Set{"tag_in_bio"});
}

TEST_CASE("a profile with the exact hashtag ranks above one that spells it out",
          "[search][hashtags]") {
  Fixture f;
  Searcher s(f.db);
  auto order = ranked(s, "#slowfashion");
  REQUIRE(order.size() == 5);
  const Set with_tag{"tag_exact", "tag_camel", "tag_in_bio"};
  CHECK(with_tag.count(order[0]) == 1);
  CHECK(with_tag.count(order[1]) == 1);
  CHECK(with_tag.count(order[2]) == 1);
  CHECK(Set{order[3], order[4]} == Set{"hyphen", "phrase"});
}

TEST_CASE("URLs and e-mail addresses are searchable by domain, without junk terms",
          "[search][analysis]") {
  Fixture f;
  Searcher s(f.db);
  CHECK(handles(s, "mayastyle.com") == Set{"shop"});
  CHECK(handles(s, "https://mayastyle.com") == Set{"shop"});
  CHECK(handles(s, "maya-studio.co") == Set{"shop"});
  for (const char* junk : {"https", "www", "com", "ref", "ig", "hello", "mail", "co"}) {
    INFO(junk);
    if (std::string(junk) == "mail") {
      CHECK(handles(s, junk) == Set{"shop"});  // "mail" is a word of the bio
    } else {
      CHECK(handles(s, junk).empty());
    }
  }
}

TEST_CASE("Korean words are found inside words with particles", "[search][analysis]") {
  Fixture f;
  Searcher s(f.db);
  CHECK(handles(s, "패션을") == Set{"kr"});
  CHECK(handles(s, "패션") == Set{"kr"});  // 패션 + 을: the bigram
  CHECK(handles(s, "사랑해요") == Set{"kr"});
  CHECK(handles(s, "사랑해") == Set{"kr"});  // both of its bigrams are in 사랑해요
  CHECK(handles(s, "가능").size() == 1);
  CHECK(handles(s, "사과").empty());
}
