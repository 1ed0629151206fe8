// The one parser of profile keys (parse_profile_key), and the key of a stored profile
// (profile_key): every command and API that takes a key goes through them (issue 16's table).
#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "mikros/mikros.hpp"
#include "support.h"

using namespace mikros;

namespace {

// The canonical key of `text`, or "error: <message>".
std::string key_of(std::string_view text) {
  auto key = parse_profile_key(text);
  return key ? *key : "error: " + key.status().message();
}

bool refused(std::string_view text, std::string_view why) {
  auto key = parse_profile_key(text);
  return !key && key.status().code() == ErrorCode::kInvalidArgument &&
         key.status().message().find(why) != std::string::npos;
}

}  // namespace

TEST_CASE("keys as users write them have one canonical form", "[profile][key]") {
  CHECK(key_of("Instagram:Maya") == "instagram:maya");
  CHECK(key_of("instagram:@maya") == "instagram:maya");
  CHECK(key_of(" instagram:maya ") == "instagram:maya");
  CHECK(key_of("\tINSTAGRAM:@MAYA\n") == "instagram:maya");
  CHECK(key_of("instagram:Ñandú") == "instagram:ñandú");
  CHECK(key_of("instagram:ÑANDÚ") == "instagram:ñandú");
  CHECK(key_of("twitch:Straße") == "twitch:strasse");  // full case folding
  CHECK(key_of("youtube:maya.style_01") == "youtube:maya.style_01");
  // The key of a validated profile is the same key.
  CHECK(profile_key("Instagram", "Ñandú") == "instagram:ñandú");
}

TEST_CASE("what is not a key is refused, naming the part at fault", "[profile][key]") {
  CHECK(refused("instagram:@", "the handle is empty"));
  CHECK(refused("instagram:", "the handle is empty"));
  CHECK(refused(":maya", "the platform is empty"));
  CHECK(refused("instagram", "expected platform:handle"));
  CHECK(refused("", "expected platform:handle"));
  CHECK(refused("twitch:@@h", "second '@'"));
  CHECK(refused("instagram:ma ya", "space or control character"));
  CHECK(refused("instagram:ma\x01ya", "space or control character"));
  CHECK(refused("insta gram:maya", "not a platform name"));
  CHECK(refused(std::string("instagram:") + std::string(101, 'a'), "longer than 100 bytes"));
  CHECK(refused("instagram:ma\xf6\xfeya", "not valid UTF-8"));
  CHECK(refused("instagram:\xed\xa0\x80", "not valid UTF-8"));  // a UTF-16 surrogate
  // 50 x U+0130 is 100 bytes as written and 150 once folded: the key could not be read back.
  std::string dotted;
  for (int i = 0; i < 50; ++i) dotted += "\xc4\xb0";
  CHECK(refused("instagram:" + dotted, "once its case is folded"));
}

TEST_CASE("like: refuses the handles a key refuses, so its description reads back",
          "[profile][key][query]") {
  // Found by query_fuzz: invalid bytes were folded into U+FFFD, three bytes each, and the
  // description no longer parsed.
  for (std::string q : {std::string("like:-@l\xf6\xfe\xfe"), std::string("like:@\xc0\xaf")}) {
    INFO(q);
    auto parsed = Query::parse(q);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.status().code() == ErrorCode::kQuerySyntax);
  }
  auto ok = Query::parse("like:@Ñandú");
  REQUIRE(ok);
  auto again = Query::parse(ok->describe());
  REQUIRE(again);
  CHECK(again->describe() == ok->describe());
}

TEST_CASE("profile validation applies the key's rules to the handle", "[profile][key]") {
  auto ok = parse_profile(R"({"platform":"Instagram","handle":" @Ñandú ","followers":1})");
  REQUIRE(ok);
  CHECK(ok->handle == "Ñandú");  // as written, less the '@' and the spaces
  CHECK(profile_key(*ok) == "instagram:ñandú");
  auto twice = parse_profile(R"({"platform":"twitch","handle":"@@h","followers":1})");
  REQUIRE_FALSE(twice);
  CHECK(twice.status().message().find("handle: starts with a second '@'") != std::string::npos);
}

TEST_CASE("every entry point finds a profile by any spelling of its key", "[profile][key]") {
  mikros::test::TempDir dir;
  auto db = Database::open(dir / "db");
  REQUIRE(db);
  {
    Indexer indexer(*db);
    REQUIRE(indexer.upsert_json(R"({"platform":"instagram","handle":"Ñandú.Style",
      "bio":"slow fashion and thrifted finds","followers":12000})"));
    REQUIRE(indexer.upsert_json(R"({"platform":"instagram","handle":"other",
      "bio":"slow fashion and thrifted linen","followers":9000})"));
    // Profiles without those words, so that they tell a niche (like: weighs them by rarity).
    int n = 0;
    for (const char* bio : {"trail running", "sourdough baking", "city cycling", "chess"}) {
      REQUIRE(indexer.upsert_json(fmt::format(
          R"({{"platform":"tiktok","handle":"p{}","bio":"{}","followers":7000}})", ++n, bio)));
    }
    REQUIRE(indexer.commit());
  }
  for (const char* spelling :
       {"instagram:Ñandú.Style", "Instagram:@ñandú.style", " INSTAGRAM:ÑANDÚ.STYLE "}) {
    INFO(spelling);
    auto p = db->get(spelling);
    REQUIRE(p);
    CHECK(p->handle == "Ñandú.Style");
    CHECK(db->insights(spelling));
  }
  CHECK(db->get("instagram:@@ñandú.style").status().code() == ErrorCode::kInvalidArgument);
  // like: takes the same keys, and the handle alone.
  Searcher searcher(*db);
  for (const char* q : {"like:instagram:ÑANDÚ.style", "like:@Ñandú.Style", "like:ñandú.STYLE"}) {
    INFO(q);
    auto r = searcher.search(q);
    REQUIRE(r);
    REQUIRE(r->total == 1);
    CHECK(r->hits[0].key == "instagram:other");
  }
  CHECK(searcher.search("like:twitch:@@h").status().code() == ErrorCode::kQuerySyntax);
  // delete too.
  Indexer indexer(*db);
  REQUIRE(indexer.remove(" Instagram:@ÑANDÚ.STYLE "));
  CHECK(indexer.remove("instagram:ma ya").code() == ErrorCode::kInvalidArgument);
  REQUIRE(indexer.commit());
  CHECK(indexer.totals().deleted == 1);
  CHECK(db->get("instagram:ñandú.style").status().code() == ErrorCode::kNotFound);
}
