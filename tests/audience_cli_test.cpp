// End to end through the mikros binary: the audience and account filters on the bundled corpus
// (the numbers the README and docs/query-language.md quote), odd data, --facets, brand files
// with "require", and bad input (exit 2, the position under the query).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "support.h"

using mikros::test::profile_line;
using mikros::test::run_mikros;
using mikros::test::source_dir;
using mikros::test::TempDir;
using mikros::test::write_file;

namespace {

// The number of matches of `query`, from --json.
std::uint64_t total(const std::string& db, const std::string& query) {
  // "--": a query may start with '-' (-has:price).
  auto r = run_mikros({"search", "--db", db, "--json", "--", query});
  INFO(query << "\n" << r.err);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["total_exact"] == true);
  return j["total"].get<std::uint64_t>();
}

std::string first_hit(const std::string& db, const std::string& query) {
  auto r = run_mikros({"search", "--db", db, "--json", "--limit", "1", query});
  INFO(query << "\n" << r.err);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(!j["hits"].empty());
  return j["hits"][0]["platform"].get<std::string>() + ":" +
         j["hits"][0]["handle"].get<std::string>();
}

}  // namespace

TEST_CASE("audience and account filters on the bundled corpus", "[cli][audience][corpus]") {
  TempDir dir;
  const std::string db = dir / "db";
  auto index = run_mikros({"index", "--db", db, source_dir() + "/corpus/profiles.jsonl"});
  REQUIRE(index.exit_code == 0);
  // The counts the issue quotes for the corpus.
  CHECK(total(db, "has:aud.country") == 320);
  CHECK(total(db, "has:contact") == 326);
  CHECK(total(db, "sponsored:*") == 254);
  CHECK(total(db, "-has:audience") == 11);
  // The examples of the README and docs/query-language.md.
  CHECK(total(db, "aud.country:US>=50%") == 82);
  CHECK(total(db, "aud.country:US>=0.5") == 82);
  CHECK(total(db, "aud.country:DE,AT,CH>=30%") == 16);
  CHECK(total(db, "aud.gender:female>=60%") == 190);
  CHECK(total(db, "aud.age:18-34>=50%") == 267);
  CHECK(total(db, "city:Seoul") == 7);
  CHECK(total(db, "city:\"los angeles\"") == 5);
  CHECK(total(db, "sponsored:Patagonia") == 4);
  CHECK(total(db, "has:price") == 327);
  CHECK(first_hit(db, "tier:micro country:DE aud.country:DE>=40% aud.gender:female>=60%") ==
        "instagram:vegane.vanessa");
  CHECK(total(db, "tier:micro country:DE aud.country:DE>=40% aud.gender:female>=60%") == 1);
  // A filter of the columns and the same filter under OR (the boolean terms) agree.
  for (const char* q : {"aud.country:US>=50%", "aud.age:18-34>=50% -has:price", "city:Seoul",
                        "has:contact -sponsored:*", "aud.gender:male<30%"}) {
    CHECK(total(db, q) == total(db, std::string("(") + q + ") OR platform:none"));
  }

  // --facets: cities, the largest audience country, and matches without audience data.
  auto facets = run_mikros({"search", "--db", db, "--json", "--facets", "--limit", "1", ""});
  REQUIRE(facets.exit_code == 0);
  auto f = nlohmann::json::parse(facets.out)["facets"];
  CHECK(f["city"]["Seoul"] == 7);
  std::uint64_t cities = 0;
  for (const auto& [name, n] : f["city"].items()) cities += n.get<std::uint64_t>();
  CHECK(cities == 330);
  CHECK(f["audience_top_country"]["US"] == 99);
  CHECK(f["audience_unknown"]["audience"] == 11);
  CHECK(f["audience_unknown"]["aud.country"] == 11);
  auto table = run_mikros({"search", "--db", db, "--facets", "--limit", "1", "city:Seoul"});
  REQUIRE(table.exit_code == 0);
  CHECK_THAT(table.out, Catch::Contains("city      Seoul 7"));
  CHECK_THAT(table.out, Catch::Contains("aud. top  KR"));
  CHECK_THAT(table.out, Catch::Contains("no aud."));

  // The shell lists the new fields in its help and runs them like any query.
  auto shell = run_mikros({"shell", "--db", db},
                          "help\naud.country:US>=50% tier:micro\nfacets on\ncity:Seoul\n");
  REQUIRE(shell.exit_code == 0);
  CHECK_THAT(shell.out, Catch::Contains("aud.country:DE,AT>=40%"));
  CHECK_THAT(shell.out, Catch::Contains("has:contact|price|audience"));
  CHECK_THAT(shell.out,
             Catch::Contains("of " + std::to_string(total(db, "aud.country:US>=50% tier:micro")) +
                             " match"));
  CHECK_THAT(shell.out, Catch::Contains("city      Seoul 7"));

  // sort: by a share, largest first.
  auto sorted = run_mikros({"search", "--db", db, "--json", "--limit", "3", "sort:aud.country:KR"});
  REQUIRE(sorted.exit_code == 0);
  auto hits = nlohmann::json::parse(sorted.out)["hits"];
  REQUIRE(hits.size() == 3);
  for (const auto& h : hits) CHECK(h["country"] == "KR");
}

TEST_CASE("odd audience and account data from the command line", "[cli][audience]") {
  TempDir dir;
  const std::string db = dir / "db";
  write_file(dir / "p.jsonl",
             profile_line("instagram", "noaudience", R"("followers":1000)") + "\n" +
                 profile_line("instagram", "partial",
                              R"("city":"Seoul","audience":{"countries":{"US":0.3,"CA":0.1},)"
                              R"("gender":{"female":0.45}})") +
                 "\n" +
                 profile_line("instagram", "moscow",
                              R"("city":"Москва","sponsored":["Café Verde"],)"
                              R"("audience":{"countries":{"RU":0.8},"age":{"18-24":0.6}})") +
                 "\n");
  REQUIRE(run_mikros({"index", "--db", db, dir / "p.jsonl"}).exit_code == 0);
  CHECK(total(db, "aud.country:US>=30%") == 1);
  CHECK(total(db, "aud.country:GB<=5%") == 2);    // a country not listed is a share of 0
  CHECK(total(db, "-aud.country:US>=30%") == 2);  // no audience: never matches the filter
  CHECK(total(db, "city:МОСКВА") == 1);
  CHECK(total(db, "sponsored:\"cafe verde\"") == 1);
  CHECK(total(db, "sponsored:*") == 1);
  CHECK(total(db, "aud.age:18-24>=60%") == 1);
  auto facets = run_mikros({"search", "--db", db, "--json", "--facets", ""});
  REQUIRE(facets.exit_code == 0);
  auto f = nlohmann::json::parse(facets.out)["facets"];
  CHECK(f["audience_unknown"]["audience"] == 1);
  CHECK(f["audience_unknown"]["aud.age"] == 2);
  CHECK(f["city"]["Москва"] == 1);

  // A brand whose name has accents, with requirements in the forms people write.
  write_file(dir / "brand.json",
             R"({"name": "Crème Rouge", "keywords": ["beauty"],
                 "require": {"aud.country": {"Russia": 0.5}, "aud.age": {"18-24": 0.5}}})");
  auto add = run_mikros({"brand", "add", "--db", db, dir / "brand.json"});
  INFO(add.err);
  REQUIRE(add.exit_code == 0);
  auto ranked = run_mikros({"search", "--db", db, "--json", "brand:\"creme rouge\""});
  INFO(ranked.err);
  REQUIRE(ranked.exit_code == 0);
  auto r = nlohmann::json::parse(ranked.out);
  CHECK(r["total"] == 1);
  CHECK(r["hits"][0]["handle"] == "moscow");
  auto show = run_mikros({"brand", "show", "--db", db, "Crème Rouge"});
  CHECK_THAT(show.out, Catch::Contains("\"require\""));
  CHECK_THAT(show.out, Catch::Contains("\"RU\""));
  // A requirement with an age boundary inside a band is refused, naming the field.
  write_file(dir / "bad.json", R"({"name": "Bad", "require": {"aud.age": {"20-34": 0.5}}})");
  auto bad = run_mikros({"brand", "add", "--db", db, dir / "bad.json"});
  CHECK(bad.exit_code != 0);
  CHECK_THAT(bad.err, Catch::Contains("require.aud.age"));
  CHECK_THAT(bad.err, Catch::Contains("20 falls inside the band 18-24"));
}

TEST_CASE("bad audience and account filters exit 2 with the position", "[cli][audience][errors]") {
  TempDir dir;
  const std::string db = dir / "db";
  write_file(dir / "p.jsonl", profile_line("instagram", "a", "") + "\n");
  REQUIRE(run_mikros({"index", "--db", db, dir / "p.jsonl"}).exit_code == 0);
  struct Case {
    const char* query;
    const char* message;
  };
  for (const Case& c :
       {Case{"aud.country:DE>=140%", "at 16: a share is between 0% and 100%"},
        Case{"aud.country:XX>=40%", "at 12: unknown country 'XX'"},
        Case{"aud.age:20-34>=30%", "at 8: unknown age range '20-34': 20 falls inside the band"},
        Case{"aud.gender:other>=50%", "at 11: unknown gender 'other'"},
        Case{"aud.country:DE", "at 14: expected a share after 'DE'"},
        Case{"city:", "at 5: expected a value after 'city:'"},
        Case{"has:money", "at 4: unknown has: value 'money'"},
        Case{"sort:aud.country:XX", "at 17: unknown country 'XX'"}}) {
    auto r = run_mikros({"search", "--db", db, c.query});
    INFO(c.query);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(c.message));
    CHECK_THAT(r.err, Catch::Contains("^"));
  }
}
