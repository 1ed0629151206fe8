// Brands: parsing, validation, storage.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "mikros/mikros.hpp"
#include "support.h"

using namespace mikros;

namespace {

std::string reason(const std::string& json) {
  auto r = parse_brand(json);
  return r ? std::string() : r.status().message();
}

}  // namespace

TEST_CASE("the example brands parse", "[brand]") {
  for (const auto& entry :
       std::filesystem::directory_iterator(mikros::test::source_dir() + "/corpus/brands")) {
    INFO(entry.path());
    auto b = parse_brand(mikros::test::read_file(entry.path()));
    REQUIRE(b);
    CHECK_FALSE(b->keywords.empty());
    CHECK_FALSE(b->audience.countries.empty());
    // Canonical JSON round-trips.
    auto again = parse_brand(to_json(*b));
    REQUIRE(again);
    CHECK(to_json(*again) == to_json(*b));
  }
}

TEST_CASE("brand fields and defaults", "[brand]") {
  auto b = parse_brand(R"({"name":" Verde Boho ","handle":"@verdeboho","hashtags":["#wearverde"],
    "keywords":["slow fashion"],"audience":{"countries":["us","CA"],"age":["18-24"],
    "gender":{"male":0.2}},"budget_usd":600,"weights":{"topical":0.5}})");
  REQUIRE(b);
  CHECK(b->name == "Verde Boho");
  CHECK(b->handle == "verdeboho");
  CHECK(b->hashtags == std::vector<std::string>{"wearverde"});
  CHECK(b->audience.countries == std::map<std::string, double>{{"CA", 1}, {"US", 1}});
  CHECK(*b->audience.female == Approx(0.8));
  CHECK(*b->budget_usd == 600);
  CHECK(b->weights.topical == 0.5);
  CHECK(b->weights.values == AlignmentWeights{}.values);  // the rest keep their defaults
  CHECK(brand_key("Verde Boho") == "verdeboho");
  CHECK(brand_key("Café Verde") == "cafeverde");
}

TEST_CASE("brand validation names the field", "[brand]") {
  CHECK(reason(R"({"keywords":["x"]})") == "name: missing (required)");
  CHECK(reason(R"({"name":"X","keywords":"boho"})") ==
        "keywords: expected an array of strings, got string");
  CHECK(
      reason(R"({"name":"X","audience":{"countries":["XX"]}})") ==
      R"(audience.countries: unknown country "XX" (expected an ISO code such as "US" or a name such as "United States"))");
  CHECK(
      reason(R"({"name":"X","audience":{"age":["young"]}})") ==
      R"(audience.age: "young" is not an age range such as "18-24", "18-34" or "55+" covering ages 13 and over)");
  CHECK(
      reason(R"({"name":"X","weights":{"style":1}})") ==
      R"(weights: unknown part "style" (expected topical, values, audience, engagement, authenticity, affinity, budget, avoid, competitor, relevance))");
  CHECK(reason(R"({"name":"X","weights":{"relevance":0}})") ==
        "weights.relevance: expected a number from 0.01 to 100");
  CHECK(reason(R"({"name":"X","weights":{"avoid":-1}})") ==
        "weights.avoid: must not be negative, got -1");
  CHECK(reason(R"({"name":"X","budget_usd":"cheap"})") ==
        "budget_usd: expected a number, got string");
  CHECK(reason(R"({"name":"X","colour":"green"})") ==
        "colour: unknown field (see corpus/BRANDS.md)");
  CHECK(reason(R"({"name":"!!!"})") == "name: needs at least one letter or digit");
  CHECK(reason("[1]") == "a brand is a JSON object");
  // Untrusted files: invalid UTF-8 by its byte offset, the nesting limit, numbers JSON cannot
  // hold, a key given twice.
  CHECK(reason("{\"name\":\"Caf\xe9\"}") == "invalid JSON: not valid UTF-8 at byte 12");
  CHECK(reason(R"({"name":"X","keywords":)" + std::string(1500, '[') + std::string(1500, ']') +
               "}") == "invalid JSON: nested deeper than 1024 arrays and objects (the limit)");
  CHECK_THAT(reason(R"({"name":"X","budget_usd":1e999})"),
             Catch::StartsWith("invalid JSON: a number is malformed or out of range"));
  CHECK_THAT(reason(R"({"name":"X","name":"Y"})"), Catch::Contains("twice"));
}

TEST_CASE("the audience in the forms people write", "[brand]") {
  auto audience = [](const std::string& json) {
    auto b = parse_brand(R"({"name":"X","audience":)" + json + "}");
    INFO(json << ": " << (b ? "" : b.status().message()));
    REQUIRE(b);
    return b->audience;
  };
  using Countries = std::map<std::string, double>;
  using Ages = std::vector<std::string>;
  // Gender: a word as well as a share.
  CHECK(*audience(R"({"gender":"female"})").female == 1);
  CHECK(*audience(R"({"gender":" Women "})").female == 1);
  CHECK(*audience(R"({"gender":"male"})").female == 0);
  CHECK(*audience(R"({"gender":{"female":0.8}})").female == 0.8);
  CHECK(*audience(R"({"gender":{"male":0.25}})").female == 0.75);
  // Countries: names as well as codes, one or a list or weighted.
  CHECK(audience(R"({"countries":["United States","south korea","CA"]})").countries ==
        Countries{{"CA", 1}, {"KR", 1}, {"US", 1}});
  CHECK(audience(R"({"countries":"Germany"})").countries == Countries{{"DE", 1}});
  CHECK(audience(R"({"countries":{"Türkiye":0.5,"UK":1}})").countries ==
        Countries{{"GB", 1}, {"TR", 0.5}});
  CHECK(audience(R"({"countries":{"US":0.4,"United States":0.9}})").countries ==
        Countries{{"US", 0.9}});
  // Age: ranges cover the standard bands they overlap.
  CHECK(audience(R"({"age":"18-34"})").age == Ages{"18-24", "25-34"});
  CHECK(audience(R"({"age":["25-34","18-24"]})").age == Ages{"18-24", "25-34"});
  CHECK(audience(R"({"age":["18 – 44","40-50"]})").age == Ages{"18-24", "25-34", "35-44", "45-54"});
  CHECK(audience(R"({"age":"65+"})").age == Ages{"55+"});
  CHECK(audience(R"({"age":"20-22"})").age == Ages{"18-24"});
  CHECK(audience(R"({"age":"13+"})").age ==
        Ages{"13-17", "18-24", "25-34", "35-44", "45-54", "55+"});
  // The canonical JSON keeps the standard bands and codes, and parses again to the same.
  auto b = parse_brand(
      R"({"name":"X","audience":{"countries":"United States","age":"18-34","gender":"female"}})");
  REQUIRE(b);
  CHECK_THAT(to_json(*b), Catch::Contains(R"("age":["18-24","25-34"])"));
  CHECK(to_json(*parse_brand(to_json(*b))) == to_json(*b));
  // Anything else is an error naming the field.
  CHECK(
      reason(R"({"name":"X","audience":{"gender":"everyone"}})") ==
      R"(audience.gender: "everyone": expected "female", "male" or a share such as {"female": 0.8})");
  CHECK(
      reason(R"({"name":"X","audience":{"gender":0.8}})") ==
      R"(audience.gender: expected "female", "male" or a share such as {"female": 0.8}, got number)");
  CHECK(reason(R"({"name":"X","audience":{"gender":{"female":1.5}}})") ==
        "audience.gender.female: expected a share between 0 and 1, got 1.5");
  CHECK(
      reason(R"({"name":"X","audience":{"countries":["Atlantis"]}})") ==
      R"(audience.countries: unknown country "Atlantis" (expected an ISO code such as "US" or a name such as "United States"))");
  CHECK(reason(R"({"name":"X","audience":{"countries":5}})") ==
        "audience.countries: expected a list of countries or {country: weight}, got integer");
  for (const char* age : {"34-18", "5-10", "18-", "-34", "18-34-55", "adults", "18 34"}) {
    INFO(age);
    CHECK_THAT(reason(fmt::format(R"({{"name":"X","audience":{{"age":"{}"}}}})", age)),
               Catch::StartsWith(fmt::format(R"(audience.age: "{}" is not an age range)", age)));
  }
  CHECK(reason(R"({"name":"X","audience":{"age":[18]}})") ==
        "audience.age: expected a string, got integer");
}

TEST_CASE("require: hard audience conditions in the forms people write", "[brand][audience]") {
  auto b = parse_brand(R"({"name": "Alpen", "require": {
      "aud.country": {"Germany": 0.4, "AT": 0.2, "DE": 0.5},
      "aud.age": {"18 - 34": 0.5, "55+": 0.1},
      "aud.gender": {"women": 0.6}}})");
  REQUIRE(b);
  // Names become codes, bands canonical, "women" female; a value named twice keeps the larger
  // minimum (both must hold).
  REQUIRE(b->require.size() == 5);
  auto find = [&](AudienceField f, const std::string& v) -> double {
    for (const auto& r : b->require) {
      if (r.field == f && r.value == v) return r.min_share;
    }
    return -1;
  };
  CHECK(find(AudienceField::kCountry, "DE") == 0.5);
  CHECK(find(AudienceField::kCountry, "AT") == 0.2);
  CHECK(find(AudienceField::kAge, "18-34") == 0.5);
  CHECK(find(AudienceField::kAge, "55+") == 0.1);
  CHECK(find(AudienceField::kGender, "female") == 0.6);
  // The canonical JSON reads back as the same brand.
  const std::string json = to_json(*b);
  CHECK_THAT(json, Catch::Contains(R"("require":{"aud.country":{"DE":0.5,"AT":0.2})"));
  auto again = parse_brand(json);
  REQUIRE(again);
  CHECK(to_json(*again) == json);

  CHECK_THAT(reason(R"({"name": "x", "require": {"aud.age": {"20-34": 0.5}}})"),
             Catch::Contains("require.aud.age: \"20-34\": 20 falls inside the band 18-24"));
  CHECK_THAT(reason(R"({"name": "x", "require": {"aud.country": {"Atlantis": 0.5}}})"),
             Catch::Contains("unknown country \"Atlantis\""));
  CHECK_THAT(reason(R"({"name": "x", "require": {"aud.gender": {"other": 0.5}}})"),
             Catch::Contains("unknown gender \"other\""));
  CHECK_THAT(reason(R"({"name": "x", "require": {"aud.country": {"US": 1.5}}})"),
             Catch::Contains("require.aud.country.US"));
  CHECK_THAT(reason(R"({"name": "x", "require": {"audience": {"US": 0.5}}})"),
             Catch::Contains("unknown key \"audience\""));
  CHECK_THAT(reason(R"({"name": "x", "require": {"aud.country": 0.5}})"),
             Catch::Contains("require.aud.country"));
  CHECK_THAT(reason(R"({"name": "x", "require": ["US"]})"), Catch::Contains("require"));
}

TEST_CASE("brands are stored with the database", "[brand][store]") {
  mikros::test::TempDir dir;
  auto db = Database::open(dir / "db");
  REQUIRE(db);
  auto b = parse_brand(R"({"name":"Verde Boho","keywords":["boho"]})");
  REQUIRE(b);
  REQUIRE(db->put_brand(*b));
  auto got = db->brand("verde boho");  // any case and spacing that folds to the same key
  REQUIRE(got);
  CHECK(got->name == "Verde Boho");
  b->keywords = {"linen"};
  REQUIRE(db->put_brand(*b));  // replaces
  CHECK(db->brand("Verde Boho")->keywords == std::vector<std::string>{"linen"});
  REQUIRE(db->put_brand(*parse_brand(R"({"name":"Hana Skin"})")));
  auto all = db->brands();
  REQUIRE(all);
  REQUIRE(all->size() == 2);
  CHECK((*all)[0].name == "Hana Skin");
  // A read-only handle in the same or another process sees them.
  Options ro;
  ro.read_only = true;
  auto reader = Database::open(dir / "db", ro);
  REQUIRE(reader);
  CHECK(reader->brand("hana skin"));
  CHECK(reader->put_brand(*b).code() == ErrorCode::kInvalidArgument);
  REQUIRE(db->remove_brand("Hana Skin"));
  CHECK(db->remove_brand("Hana Skin").code() == ErrorCode::kNotFound);
  CHECK(reader->brand("hana skin").status().code() == ErrorCode::kNotFound);
  Brand invalid;
  CHECK(db->put_brand(invalid).code() == ErrorCode::kInvalidArgument);
}
