// The audience and account filters through Searcher: odd data (no audience, shares summing to
// less than 1, a city in another script, a brand name with accents), exact bounds at the stored
// levels, sorting by a share, the new facet counts, brand requirements, and the agreement of
// the three ways a filter runs: the column scan (filters only), the boolean terms (under OR) and
// the column checks beside text.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>

#include "mikros/mikros.hpp"
#include "niche_corpus.h"
#include "support.h"

using namespace mikros;
using mikros::test::profile_line;
using mikros::test::TempDir;

namespace {

using Keys = std::set<std::string>;

Database open_with(const TempDir& dir, const std::vector<std::string>& lines) {
  auto db = Database::open(dir / "db");
  REQUIRE(db);
  Indexer indexer(*db);
  for (const auto& line : lines) {
    auto st = indexer.upsert_json(line);
    INFO(line);
    if (!st) FAIL(st.to_string());
  }
  REQUIRE(indexer.commit());
  return std::move(*db);
}

SearchResult run(const Searcher& s, const std::string& q, bool facets = false) {
  SearchOptions options;
  options.limit = 10'000;
  options.facets = facets;
  options.explain = true;
  auto r = s.search(q, options);
  INFO(q);
  if (!r) FAIL(r.status().to_string());
  CHECK(r->total == r->hits.size());
  CHECK(r->total_exact);
  return std::move(*r);
}

Keys handles(const Searcher& s, const std::string& q) {
  Keys out;
  for (const auto& h : run(s, q).hits) out.insert(h.handle);
  return out;
}

// Profiles with odd audience and account data.
std::vector<std::string> odd_profiles() {
  auto p = [](const std::string& handle, const std::string& fields) {
    return profile_line("instagram", handle, fields);
  };
  return {
      // No audience data at all, no city, contact or sponsors.
      p("none", R"("followers":1000)"),
      // Shares summing to less than 1: 30% US, 10% CA, the rest unknown.
      p("partial", R"("followers":2000,"city":"Seoul","contact":"a@b.c","audience":{
          "countries":{"US":0.3,"CA":0.1},"age":{"18-24":0.2,"25-34":0.1},
          "gender":{"female":0.4}})"),
      // Exactly at the bounds the tests write, and one level (0.4%) beside them.
      p("at40", R"("followers":3000,"city":"서울","audience":{"countries":{"DE":0.4,"AT":0.2},
          "gender":{"female":0.6,"male":0.4},"age":{"18-24":0.3,"25-34":0.2,"35-44":0.5}})"),
      p("below40", R"("followers":4000,"city":"Москва","audience":{"countries":{"DE":0.396},
          "gender":{"female":0.596,"male":0.404}})"),
      p("above40", R"("followers":5000,"city":"São Paulo","sponsored":["Café Verde"],
          "audience":{"countries":{"DE":0.404,"CH":0.5}})"),
      // Only the largest audience country is known: no shares to filter on.
      p("toponly", R"("followers":6000,"city":"Los Angeles","price_usd":100,
          "sponsored":["Patagonia"],"audience":{"top_country":"US"})"),
      // Age bands written otherwise than the standard ones ("65+" goes into 55+).
      p("older", R"("followers":7000,"city":"los angeles","audience":{"age":{"55-64":0.3,
          "65+":0.2,"45-54":0.5}})"),
  };
}

}  // namespace

TEST_CASE("audience filters on odd data", "[search][audience]") {
  TempDir dir;
  Database db = open_with(dir, odd_profiles());
  Searcher s(db);
  // Bounds at the stored levels: 40% is in >=40% and <=40%, out of >40% and <40%.
  CHECK(handles(s, "aud.country:DE>=40%") == Keys{"at40", "above40"});
  CHECK(handles(s, "aud.country:DE>40%") == Keys{"above40"});
  // partial lists countries but not DE: a share of 0.
  CHECK(handles(s, "aud.country:DE<=40%") == Keys{"at40", "below40", "partial"});
  CHECK(handles(s, "aud.country:DE<40%") == Keys{"below40", "partial"});
  CHECK(handles(s, "aud.country:DE=0.4") == Keys{"at40"});
  CHECK(handles(s, "aud.country:DE=39.6%..40.4%") == Keys{"at40", "below40", "above40"});
  // A country a profile does not list is a share of 0 for a profile that lists countries;
  // profiles without countries never match.
  CHECK(handles(s, "aud.country:GB<=10%") == Keys{"partial", "at40", "below40", "above40"});
  CHECK(handles(s, "aud.country:GB=0%") == Keys{"partial", "at40", "below40", "above40"});
  CHECK(handles(s, "aud.country:US>=30%") == Keys{"partial"});
  CHECK(handles(s, "aud.country:US>=1%").count("toponly") == 0);
  // Any of a list.
  CHECK(handles(s, "aud.country:AT,CH>=20%") == Keys{"at40", "above40"});
  CHECK(handles(s, "aud.country:US,AT<=25%") == Keys{"at40", "below40", "above40", "partial"});
  // Gender: given or not.
  CHECK(handles(s, "aud.gender:female>=60%") == Keys{"at40"});
  CHECK(handles(s, "aud.gender:female<60%") == Keys{"partial", "below40"});
  CHECK(handles(s, "aud.gender:male<=40.4%") == Keys{"at40", "below40"});  // partial: no male
  // Age ranges sum their bands, at the stored precision.
  CHECK(handles(s, "aud.age:18-24>=30%") == Keys{"at40"});
  CHECK(handles(s, "aud.age:18-34>=30%") == Keys{"partial", "at40"});
  CHECK(handles(s, "aud.age:18-34=30%") == Keys{"partial"});
  CHECK(handles(s, "aud.age:55+>=50%") == Keys{"older"});
  CHECK(handles(s, "aud.age:45+>=100%") == Keys{"older"});
  CHECK(handles(s, "aud.age:35+<=0%") == Keys{"partial"});
  // Negation: every profile that does not match, those without the data among them.
  CHECK(handles(s, "-aud.country:DE>=40%") ==
        Keys{"none", "partial", "below40", "toponly", "older"});
  CHECK(handles(s, "has:audience") == Keys{"partial", "at40", "below40", "above40", "older"});
  CHECK(handles(s, "-has:audience") == Keys{"none", "toponly"});
  CHECK(handles(s, "has:aud.gender") == Keys{"partial", "at40", "below40"});
  CHECK(handles(s, "has:aud.age -has:aud.country") == Keys{"older"});
}

TEST_CASE("account filters on odd data", "[search][account]") {
  TempDir dir;
  Database db = open_with(dir, odd_profiles());
  Searcher s(db);
  CHECK(handles(s, "city:seoul") == Keys{"partial"});
  CHECK(handles(s, "city:서울") == Keys{"at40"});
  CHECK(handles(s, "city:москва") == Keys{"below40"});  // Cyrillic case folded
  CHECK(handles(s, "city:\"SAO PAULO\"") == Keys{"above40"});
  CHECK(handles(s, "city:\"Los Angeles\"") == Keys{"toponly", "older"});
  CHECK(handles(s, "city:seoul,서울") == Keys{"partial", "at40"});
  CHECK(handles(s, "city:Atlantis").empty());
  CHECK(handles(s, "has:contact") == Keys{"partial"});
  CHECK(handles(s, "has:price") == Keys{"toponly"});
  CHECK(handles(s, "has:price,contact") == Keys{"partial", "toponly"});
  CHECK(handles(s, "sponsored:*") == Keys{"above40", "toponly"});
  CHECK(handles(s, "sponsored:\"cafe verde\"") == Keys{"above40"});
  CHECK(handles(s, "sponsored:CAFÉVERDE") == Keys{"above40"});
  CHECK(handles(s, "sponsored:patagonia,nike") == Keys{"toponly"});
  CHECK(handles(s, "-sponsored:*").size() == 5);
}

TEST_CASE("facet counts: cities, largest audience country, audience unknown", "[search][facets]") {
  TempDir dir;
  Database db = open_with(dir, odd_profiles());
  Searcher s(db);
  for (const char* q : {"", "followers:>=1", "(followers:>=1 OR platform:none)"}) {
    INFO(q);
    const SearchResult r = run(s, q, /*facets=*/true);
    REQUIRE(r.total == 7);
    const auto& f = r.facets;
    CHECK(f.at("city") ==
          std::map<std::string, std::uint64_t>{
              {"Seoul", 1}, {"서울", 1}, {"Москва", 1}, {"São Paulo", 1}, {"Los Angeles", 2}});
    CHECK(f.at("audience_top_country") ==
          std::map<std::string, std::uint64_t>{{"US", 2}, {"DE", 2}, {"CH", 1}});
    CHECK(f.at("audience_unknown") ==
          std::map<std::string, std::uint64_t>{
              {"audience", 2}, {"aud.country", 3}, {"aud.age", 4}, {"aud.gender", 4}});
  }
  // Each count is what the filter it names selects.
  const SearchResult some = run(s, "has:audience", true);
  CHECK(some.facets.at("audience_unknown").at("aud.age") ==
        handles(s, "has:audience -has:aud.age").size());
}

TEST_CASE("sort by an audience share", "[search][audience][sort]") {
  TempDir dir;
  Database db = open_with(dir, odd_profiles());
  Searcher s(db);
  auto order = [&](const std::string& q) {
    std::vector<std::string> out;
    for (const auto& h : run(s, q).hits) out.push_back(h.handle);
    return out;
  };
  // Largest share first, profiles without the data last (by followers among themselves).
  // partial lists countries, so its DE share is 0 and ranks before the profiles without any.
  CHECK(order("sort:aud.country:DE") == std::vector<std::string>{"above40", "at40", "below40",
                                                                 "partial", "older", "toponly",
                                                                 "none"});
  CHECK(order("followers:>=1 sort:aud.country:DE") == order("sort:aud.country:DE"));
  // The same order through Xapian (OR makes it ineligible for the scan).
  CHECK(order("(followers:>=1 OR platform:none) sort:aud.country:DE") ==
        order("sort:aud.country:DE"));
  CHECK(order("sort:aud.gender:female").front() == "at40");
  CHECK(order("sort:aud.age:55+").front() == "older");
}

TEST_CASE("a brand's requirements are hard filters", "[search][brand][audience]") {
  TempDir dir;
  Database db = open_with(dir, odd_profiles());
  auto brand = parse_brand(R"({"name": "Alpen Strick", "keywords": ["knit"],
      "require": {"aud.country": {"Germany": 0.4}, "aud.gender": {"women": 0.6}}})");
  REQUIRE(brand);
  REQUIRE(db.put_brand(*brand));
  Searcher s(db);
  SearchOptions options;
  options.limit = 100;
  auto r = s.search("brand:\"Alpen Strick\"", options);
  REQUIRE(r);
  REQUIRE(r->hits.size() == 1);
  CHECK(r->hits[0].handle == "at40");
  CHECK(r->total == 1);
  // The query shown is the one given.
  CHECK(r->query == "brand:\"Alpen Strick\"");
  // An age range of whole bands, as people write it.
  auto young = parse_brand(R"({"name": "Young", "require": {"aud.age": {"18-34": 0.3}}})");
  REQUIRE(young);
  options.brand = *young;
  auto y = s.search("", options);
  REQUIRE(y);
  Keys got;
  for (const auto& h : y->hits) got.insert(h.handle);
  CHECK(got == Keys{"partial", "at40"});
}

TEST_CASE("audience and account filters agree across the scan, the terms and the text path",
          "[search][audience][columns]") {
  TempDir dir;
  std::string source;
  auto corpus = test::realistic_corpus(&source);
  INFO(source);
  Database db = test::index_corpus(dir / "db", corpus);
  Searcher s(db);
  // Values that occur in the corpus.
  std::vector<std::string> countries = {"US", "GB", "KR", "JP", "BR", "DE", "FR", "CA", "IN", "MX"};
  std::vector<std::string> cities;
  for (const auto& c : corpus) {
    if (!c.profile.city.empty() && cities.size() < 40) cities.push_back(c.profile.city);
  }
  std::vector<std::string> shares = {"0%",  "1%",  "5%",    "10%", "20%",
                                     "0.3", "40%", "50.4%", "60%", "100%"};
  std::vector<std::string> ops = {">=", ">", "<=", "<", "="};
  std::vector<std::string> ages = {"13-17", "18-24", "18-34", "25-44", "35+", "55+", "13-54"};
  std::mt19937 rng(23);
  auto pick = [&](const auto& v) { return v[rng() % v.size()]; };
  auto bound = [&] {
    if (rng() % 5 == 0) return fmt::format("={}..{}", pick(shares), "100%");
    return pick(ops) + pick(shares);
  };
  auto clause = [&]() -> std::string {
    switch (rng() % 9) {
      case 0:
        return fmt::format("aud.country:{}{}", pick(countries), bound());
      case 1:
        return fmt::format("aud.country:{},{}{}", pick(countries), pick(countries), bound());
      case 2:
        return fmt::format("aud.gender:{}{}", rng() % 2 ? "female" : "male", bound());
      case 3:
        return fmt::format("aud.age:{}{}", pick(ages), bound());
      case 4:
        return fmt::format("city:\"{}\"", pick(cities));
      case 5:
        return fmt::format(
            "has:{}", pick(std::vector<std::string>{"contact", "price", "audience", "aud.country",
                                                    "aud.age", "aud.gender", "contact,price"}));
      case 6:
        return rng() % 2 ? "sponsored:*" : "sponsored:patagonia,glossier";
      case 7:
        return fmt::format("tier:{}", pick(std::vector<std::string>{"nano", "micro", "mid"}));
      default:
        return fmt::format("country:{}", pick(countries));
    }
  };
  std::size_t nonempty = 0, scanned = 0;
  for (int i = 0; i < 150; ++i) {
    std::string q;
    const int n = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < n; ++k) {
      if (!q.empty()) q += ' ';
      if (rng() % 4 == 0) q += '-';
      q += clause();
    }
    const std::string sort =
        rng() % 4 == 0 ? fmt::format(" sort:aud.country:{}", pick(countries)) : "";
    INFO(q + sort);
    // The scan when eligible (sponsored:NAME is not); the terms under OR.
    const SearchResult direct = run(s, q + sort, /*facets=*/true);
    if (direct.explanation.find("answered from the facet columns") != std::string::npos) ++scanned;
    const SearchResult terms = run(s, "(" + q + ") OR platform:none" + sort, true);
    CHECK(terms.explanation.find("answered from the facet columns") == std::string::npos);
    std::vector<std::string> a, b;
    for (const auto& h : direct.hits) a.push_back(h.key);
    for (const auto& h : terms.hits) b.push_back(h.key);
    CHECK(a == b);  // the same profiles in the same order
    CHECK(direct.facets == terms.facets);
    if (!a.empty()) ++nonempty;
    // Beside text, the column checks: the same as the terms beside the same text.
    const std::string word = "fashion";
    Keys beside, beside_terms;
    for (const auto& h : run(s, word + " " + q).hits) beside.insert(h.key);
    for (const auto& h : run(s, word + " ((" + q + ") OR platform:none)").hits) {
      beside_terms.insert(h.key);
    }
    CHECK(beside == beside_terms);
  }
  CHECK(nonempty >= 60);
  CHECK(scanned >= 60);
}
