// The query language end to end through Searcher: every construct, the exact boundaries of every
// numeric range, combinations, engagement labels, lookalikes, explanations and the time limit.
#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <set>

#include "analysis/analyzer.h"
#include "analysis/document.h"
#include "analysis/vocabulary.h"
#include "analytics/columns.h"
#include "mikros/mikros.hpp"
#include "niche_corpus.h"
#include "query/column_match.h"
#include "query/compile.h"
#include "storage/database_impl.h"
#include "support.h"

using namespace mikros;
using mikros::test::profile_line;
using mikros::test::TempDir;

namespace {

using Keys = std::set<std::string>;

// The constructs as written: expansion by meaning is tested in expansion_test.cpp.
Keys keys(const Searcher& searcher, const std::string& query) {
  SearchOptions options;
  options.limit = 10'000;
  options.expand = false;
  auto r = searcher.search(query, options);
  INFO(query);
  REQUIRE(r);
  CHECK(r->total == r->hits.size());
  CHECK(r->total_exact);
  Keys out;
  for (const auto& h : r->hits) out.insert(h.handle);
  return out;
}

Database open_with(const TempDir& dir, const std::vector<std::string>& lines) {
  auto db = Database::open(dir / "db");
  REQUIRE(db);
  Indexer indexer(*db);
  for (const auto& line : lines) REQUIRE(indexer.upsert_json(line));
  REQUIRE(indexer.commit());
  return std::move(*db);
}

// Profiles sitting exactly on the boundaries the range tests write, and just beside them.
std::vector<std::string> boundary_profiles() {
  auto p = [](const std::string& handle, const std::string& fields) {
    return profile_line("instagram", handle, fields);
  };
  return {
      p("f9999", R"("followers":9999)"),
      p("f10000", R"("followers":10000)"),
      p("f20000", R"("followers":20000)"),
      p("f50000", R"("followers":50000)"),
      p("f50001", R"("followers":50001)"),
      p("f1500000", R"("followers":1500000)"),
      p("er299", R"("engagement_rate":0.0299)"),
      p("er300", R"("engagement_rate":0.03)"),
      p("er350", R"("engagement_rate":0.035)"),
      p("er400", R"("engagement_rate":0.04)"),
      p("er401", R"("engagement_rate":0.0401)"),
      // Growth over 2023-01-01..2023-07-01: flat, up and down.
      p("flat", R"("follower_history":[["2023-01-01",1000],["2023-07-01",1000]])"),
      p("up", R"("follower_history":[["2023-01-01",1000],["2023-07-01",2000]])"),
      p("down", R"("follower_history":[["2023-01-01",2000],["2023-07-01",1000]])"),
      p("auth79", R"("audience":{"authenticity":0.79})"),
      p("auth80", R"("audience":{"authenticity":0.8})"),
      p("auth100", R"("audience":{"authenticity":1})"),
      p("price299", R"("price_usd":299.99)"),
      p("price300", R"("price_usd":300)"),
      p("price301", R"("price_usd":300.01)"),
  };
}

}  // namespace

TEST_CASE("followers: every bound is exact as written", "[search][range]") {
  TempDir dir;
  Database db = open_with(dir, boundary_profiles());
  Searcher s(db);
  // The other profiles have 1000 followers (profile_line's default).
  CHECK(keys(s, "followers:10k..50k") == Keys{"f10000", "f20000", "f50000"});
  CHECK(keys(s, "followers:10000..50000") == keys(s, "followers:10k..50k"));
  CHECK(keys(s, "followers:>10k followers:<50k") == Keys{"f20000"});
  CHECK(keys(s, "followers:>=10k followers:<=50k") == keys(s, "followers:10k..50k"));
  CHECK(keys(s, "followers:10k") == Keys{"f10000"});
  CHECK(keys(s, "followers:=50000") == Keys{"f50000"});
  CHECK(keys(s, "followers:>50k") == Keys{"f50001", "f1500000"});
  CHECK(keys(s, "followers:50k..") == Keys{"f50000", "f50001", "f1500000"});
  CHECK(keys(s, "followers:..9999 followers:>1000") == Keys{"f9999"});
  CHECK(keys(s, "followers:1.5M") == Keys{"f1500000"});
  CHECK(keys(s, "followers:>=1.5m") == Keys{"f1500000"});
  CHECK(keys(s, "followers:<0.01b followers:>1.4999M") == Keys{"f1500000"});
  CHECK(keys(s, "followers:*").size() == boundary_profiles().size());
}

TEST_CASE("er: rates are exact at their bounds, in % or as fractions", "[search][range]") {
  TempDir dir;
  Database db = open_with(dir, boundary_profiles());
  Searcher s(db);
  CHECK(keys(s, "er:3%..4%") == Keys{"er300", "er350", "er400"});
  CHECK(keys(s, "er:0.03..0.04") == keys(s, "er:3%..4%"));
  CHECK(keys(s, "er:>3%") == Keys{"er350", "er400", "er401"});
  CHECK(keys(s, "er:>=3%") == Keys{"er300", "er350", "er400", "er401"});
  CHECK(keys(s, "er:<4%") == Keys{"er299", "er300", "er350"});
  CHECK(keys(s, "er:<=0.04") == Keys{"er299", "er300", "er350", "er400"});
  CHECK(keys(s, "er:3.5%") == Keys{"er350"});
  CHECK(keys(s, "er:>3.5% er:<4.01%") == Keys{"er400"});
  CHECK(keys(s, "er:*") == Keys{"er299", "er300", "er350", "er400", "er401"});
  CHECK(keys(s, "-er:*").count("er300") == 0);
}

TEST_CASE("growth, auth and price: exact bounds", "[search][range]") {
  TempDir dir;
  Database db = open_with(dir, boundary_profiles());
  Searcher s(db);
  CHECK(keys(s, "growth:0%") == Keys{"flat"});
  CHECK(keys(s, "growth:>0%") == Keys{"up"});
  CHECK(keys(s, "growth:>=0") == Keys{"flat", "up"});
  CHECK(keys(s, "growth:<0%") == Keys{"down"});
  CHECK(keys(s, "growth:<=0%") == Keys{"flat", "down"});
  CHECK(keys(s, "growth:>2%") == Keys{"up"});  // doubling in six months: ~12% a month
  CHECK(keys(s, "growth:-20%..-5%") == Keys{"down"});

  // Profiles without audience data have an estimated authenticity (docs/analytics.md): they
  // match auth:, and the bounds are exact for the given figures.
  auto given = [&](const std::string& q) {
    Keys k = keys(s, q);
    for (auto it = k.begin(); it != k.end();)
      it = it->rfind("auth", 0) == 0 ? std::next(it) : k.erase(it);
    return k;
  };
  CHECK(keys(s, "auth:*").size() == boundary_profiles().size());
  CHECK(given("auth:>=0.8") == Keys{"auth80", "auth100"});
  CHECK(given("auth:>80%") == Keys{"auth100"});
  CHECK(given("auth:<0.8") == Keys{"auth79"});
  CHECK(given("auth:<=80%") == Keys{"auth79", "auth80"});
  CHECK(keys(s, "auth:0.8") == Keys{"auth80"});
  CHECK(keys(s, "auth:100%") == Keys{"auth100"});
  CHECK(keys(s, "auth:0.79..0.8") == Keys{"auth79", "auth80"});

  CHECK(keys(s, "price:<300") == Keys{"price299"});
  CHECK(keys(s, "price:<=300") == Keys{"price299", "price300"});
  CHECK(keys(s, "price:300") == Keys{"price300"});
  CHECK(keys(s, "price:0.3k") == Keys{"price300"});
  CHECK(keys(s, "price:>300") == Keys{"price301"});
  CHECK(keys(s, "price:>=300") == Keys{"price300", "price301"});
  CHECK(keys(s, "price:299.99..300.01") == Keys{"price299", "price300", "price301"});
}

namespace {

std::vector<std::string> text_profiles() {
  auto p = [](const std::string& platform, const std::string& handle, const std::string& f) {
    return profile_line(platform, handle, f);
  };
  return {
      p("instagram", "maya",
        R"("bio":"Slow fashion lover: thrift finds, capsule wardrobe","hashtags":["SlowFashion","thrift"],"mentions":["patagonia"],"country":"US","languages":["en"],"categories":["Fashion"],"followers":23400)"),
      p("tiktok", "haul",
        R"("bio":"fast fashion hauls every week","hashtags":["haul"],"country":"US","languages":["en"],"categories":["Fashion"],"followers":45000)"),
      p("youtube", "lente",
        R"("bio":"La mode lente: slow-fashion à la française","country":"FR","languages":["fr"],"categories":["Fashion"],"followers":5000)"),
      p("instagram", "vegcook",
        R"("bio":"vegan recipes and meal prep","hashtags":["plantbased"],"country":"CA","languages":["en","fr"],"categories":["Food"],"followers":12000)"),
      p("instagram", "meatlab",
        R"("bio":"recipes with meat and fire","country":"US","languages":["en"],"categories":["Food"],"followers":70000)"),
      p("twitter", "veggie",
        R"("bio":"vegetarian recipes, mostly soups","country":"GB","languages":["en"],"categories":["Food"],"followers":3000)"),
      p("instagram", "trail",
        R"("bio":"trail running and hiking with @patagonia gear","country":"US","languages":["en"],"categories":["Fitness","Travel"],"followers":49999)"),
      p("twitch", "speedy",
        R"("bio":"speedruns nightly","country":"DE","languages":["de","en"],"categories":["Gaming"],"followers":800000)"),
  };
}

}  // namespace

TEST_CASE("text, hashtags and mentions", "[search][text]") {
  TempDir dir;
  Database db = open_with(dir, text_profiles());
  Searcher s(db);
  CHECK(keys(s, "recipes") == Keys{"vegcook", "meatlab", "veggie"});
  CHECK(keys(s, "slow fashion") == Keys{"maya", "lente"});
  CHECK(keys(s, "\"slow fashion\"") == Keys{"maya", "lente"});
  CHECK(keys(s, "\"fashion slow\"").empty());
  CHECK(keys(s, "\"fast fashion\"") == Keys{"haul"});
  // A hashtag finds the tag and its words written out; the tag's words find the tag.
  CHECK(keys(s, "#SlowFashion") == Keys{"maya", "lente"});
  // All lowercase, the tag's words come from the analyzer's word segmentation; the tag itself
  // is found either way.
  CHECK(keys(s, "#slowfashion").count("maya") == 1);
  CHECK(keys(s, "#plantbased") == Keys{"vegcook"});
  CHECK(keys(s, "plantbased") == Keys{"vegcook"});
  // A mention: in the mentions list or written in the bio.
  CHECK(keys(s, "@patagonia") == Keys{"maya", "trail"});
  CHECK(keys(s, "@Patagonia") == keys(s, "@patagonia"));
  CHECK(keys(s, "@nobody").empty());
}

TEST_CASE("AND, OR, NOT, exclusions and parentheses", "[search][boolean]") {
  TempDir dir;
  Database db = open_with(dir, text_profiles());
  Searcher s(db);
  CHECK(keys(s, "vegan OR vegetarian") == Keys{"vegcook", "veggie"});
  CHECK(keys(s, "recipes AND meat") == Keys{"meatlab"});
  CHECK(keys(s, "recipes meat") == keys(s, "recipes AND meat"));
  CHECK(keys(s, "recipes NOT meat") == Keys{"vegcook", "veggie"});
  CHECK(keys(s, "recipes -meat") == keys(s, "recipes NOT meat"));
  CHECK(keys(s, "fashion -\"fast fashion\"") == Keys{"maya", "lente"});
  CHECK(keys(s, "fashion -#haul") == Keys{"maya", "lente"});
  CHECK(keys(s, "fashion -@patagonia") == Keys{"haul", "lente"});
  // AND binds tighter than OR.
  CHECK(keys(s, "speedruns OR recipes meat") == Keys{"speedy", "meatlab"});
  CHECK(keys(s, "(speedruns OR recipes) meat") == Keys{"meatlab"});
  CHECK(keys(s, "((vegan OR vegetarian) OR meat) -soups") == Keys{"vegcook", "meatlab"});
  CHECK(keys(s, "NOT (recipes OR fashion) NOT speedruns") == Keys{"trail"});
  CHECK(keys(s, "NOT NOT vegan") == Keys{"vegcook"});
  // Filters inside boolean logic.
  CHECK(keys(s, "tier:macro OR country:FR") == Keys{"speedy", "lente"});
  CHECK(keys(s, "recipes (country:CA OR tier:nano)") == Keys{"vegcook", "veggie"});
  CHECK(keys(s, "-country:US -platform:youtube") == Keys{"vegcook", "veggie", "speedy"});
  CHECK(keys(s, "category:food -(country:US OR lang:fr)") == Keys{"veggie"});
}

TEST_CASE("facets and their combinations", "[search][filters]") {
  TempDir dir;
  Database db = open_with(dir, text_profiles());
  Searcher s(db);
  CHECK(keys(s, "tier:micro") == Keys{"maya", "haul", "lente", "vegcook", "trail"});
  CHECK(keys(s, "tier:nano,macro") == Keys{"veggie", "speedy"});
  CHECK(keys(s, "country:US,GB tier:micro") == Keys{"maya", "haul", "trail"});
  CHECK(keys(s, "country:\"United States\" platform:tiktok") == Keys{"haul"});
  CHECK(keys(s, "platform:instagram,twitch lang:de") == Keys{"speedy"});
  CHECK(keys(s, "lang:fr") == Keys{"lente", "vegcook"});
  CHECK(keys(s, "lang:fr,de category:food") == Keys{"vegcook"});
  CHECK(keys(s, "category:Fashion,fitness followers:>=40k") == Keys{"haul", "trail"});
  CHECK(keys(s, "category:travel") == Keys{"trail"});
  CHECK(keys(s, "\"slow fashion\" tier:micro country:US lang:en platform:instagram") ==
        Keys{"maya"});
}

TEST_CASE("sort and limit", "[search][options]") {
  TempDir dir;
  Database db = open_with(dir, text_profiles());
  Searcher s(db);
  auto r = s.search("category:food sort:followers");
  REQUIRE(r);
  REQUIRE(r->hits.size() == 3);
  CHECK(r->hits[0].handle == "meatlab");
  CHECK(r->hits[2].handle == "veggie");
  auto limited = s.search("category:food sort:followers limit:2");
  REQUIRE(limited);
  CHECK(limited->hits.size() == 2);
  CHECK(limited->total == 3);
}

// ---- engagement labels ----

// The label filter against a brute-force scan of synthetic columns, inside every kind of query
// tree the matcher may drive it through: alone, ANDed with a selective term (check()), ORed,
// negated.
TEST_CASE("the engagement label filter matches exactly the labelled rows", "[search][labels]") {
  Xapian::WritableDatabase xdb(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Columns::Builder builder;
  std::map<Xapian::docid, EngagementLabel> labels;
  for (Xapian::docid pid = 1; pid <= 9000; ++pid) {
    if (pid % 97 == 0) continue;  // holes: pids without a profile
    FacetRecord r;
    r.platform = "instagram";
    r.followers = 20'000;
    // Rates spread over the band, some far above it (suspicious), some unknown.
    if (pid % 11 == 0) {
      r.engagement_rate = kNoValue;
    } else if (pid % 41 == 0) {
      r.engagement_rate = 0.9f;
    } else {
      r.engagement_rate = 0.005f + 0.0002f * static_cast<float>((pid * 7919) % 250);
    }
    builder.add(pid, r);
    Xapian::Document doc;
    doc.add_boolean_term("all");
    if (pid % 3 == 0) doc.add_term("three");
    if (pid % 50 == 0) doc.add_term("fifty");
    xdb.replace_document(pid, doc);
  }
  auto columns = builder.finish(1);
  // The label each row gets from its peers: what the filter must agree with.
  std::map<EngagementLabel, int> seen;
  for (Xapian::docid pid = 1; pid <= 9000; ++pid) {
    if (const FacetRow* row = columns->row(pid)) {
      labels[pid] = columns->benchmarks().label(*row);
      ++seen[labels[pid]];
    }
  }
  REQUIRE(seen.size() == kEngagementLabelCount);  // every label occurs
  auto run = [&](const Xapian::Query& q) {
    Xapian::Enquire enquire(xdb);
    enquire.set_query(q);
    std::set<Xapian::docid> out;
    Xapian::MSet m = enquire.get_mset(0, xdb.get_doccount(), xdb.get_doccount());
    for (auto it = m.begin(); it != m.end(); ++it) out.insert(*it);
    CHECK(m.get_matches_lower_bound() == m.get_matches_upper_bound());
    return out;
  };
  auto source = [&](std::vector<EngagementLabel> want) {
    return Xapian::Query(
        (new query::LabelSource(columns, query::LabelSource::mask_of(want)))->release());
  };
  auto expect = [&](auto predicate) {
    std::set<Xapian::docid> out;
    for (const auto& [pid, label] : labels) {
      if (predicate(pid, label)) out.insert(pid);
    }
    return out;
  };
  using L = EngagementLabel;
  CHECK(run(source({L::kHigh})) == expect([](auto, L l) { return l == L::kHigh; }));
  CHECK(run(source({L::kLow, L::kSuspicious})) ==
        expect([](auto, L l) { return l == L::kLow || l == L::kSuspicious; }));
  CHECK(
      run(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("fifty"), source({L::kAverage}))) ==
      expect([](auto pid, L l) { return pid % 50 == 0 && l == L::kAverage; }));
  CHECK(run(Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("three"), source({L::kHigh}))) ==
        expect([](auto pid, L l) { return pid % 3 == 0 && l == L::kHigh; }));
  CHECK(run(Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("fifty"), source({L::kLow}))) ==
        expect([](auto pid, L l) { return pid % 50 == 0 || l == L::kLow; }));
  CHECK(run(Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query("three"),
                          source({L::kUnknown, L::kHigh}))) ==
        expect([](auto pid, L l) { return pid % 3 == 0 && l != L::kUnknown && l != L::kHigh; }));
  CHECK(run(source({})).empty());
}

// FacetSource drives the match through the boolean terms' posting lists when it is the rarest
// part of an AND (its estimate is the terms' exact frequency) and checks the columns otherwise:
// either way it matches what the terms match.
TEST_CASE("the facet filter matches what the boolean terms match, driving or checking",
          "[search][facets]") {
  Xapian::WritableDatabase xdb(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Columns::Builder builder;
  const char* countries[] = {"US", "us", "GB"};
  const char* platforms[] = {"instagram", "tiktok", "youtube"};
  for (Xapian::docid pid = 1; pid <= 9000; ++pid) {
    if (pid % 97 == 0) continue;  // holes: pids without a profile
    FacetRecord r;
    // EG is rare (one profile in 50, from pid 4000 on), US common (either case).
    const char* country =
        pid % 50 == 7 && pid > 4000 ? "EG" : countries[(pid * 7) % 5 == 3 ? 2 : pid % 2];
    r.country[0] = country[0];
    r.country[1] = country[1];
    r.platform = platforms[pid % 3];
    r.followers = pid % 13 == 0 ? 60'000 : 20'000;
    r.tier = tier_for(r.followers);
    builder.add(pid, r);
    Xapian::Document doc;
    doc.add_boolean_term("all");
    if (pid % 3 == 0) doc.add_term("three");
    if (pid % 50 == 0) doc.add_term("fifty");
    doc.add_boolean_term(vocab::country_term(country));
    doc.add_boolean_term(vocab::platform_term(r.platform));
    doc.add_boolean_term(vocab::tier_term(r.tier));
    xdb.replace_document(pid, doc);
  }
  auto columns = builder.finish(1);
  auto run = [&](const Xapian::Query& q) {
    Xapian::Enquire enquire(xdb);
    enquire.set_query(q);
    std::vector<Xapian::docid> out;
    Xapian::MSet m = enquire.get_mset(0, xdb.get_doccount(), xdb.get_doccount());
    for (auto it = m.begin(); it != m.end(); ++it) out.push_back(*it);
    std::sort(out.begin(), out.end());
    return out;
  };
  using F = query::FacetSource::Field;
  auto source = [&](F field, std::vector<std::string> values) {
    auto* s = new query::FacetSource(columns, field,
                                     query::FacetSource::values_for(field, values, *columns));
    return Xapian::Query(s->release());
  };
  auto terms = [&](std::vector<std::string> ts) {
    return Xapian::Query(Xapian::Query::OP_OR, ts.begin(), ts.end());
  };
  const Xapian::Query all("all"), three("three"), fifty("fifty");
  const auto eg = [&] { return source(F::kCountry, {"EG"}); };
  const auto us = [&] { return source(F::kCountry, {"us"}); };
  const Xapian::Query eg_term = terms({vocab::country_term("EG")});
  const Xapian::Query us_term = terms({vocab::country_term("US")});
  using Q = Xapian::Query;
  const std::pair<Q, Q> cases[] = {
      {eg(), eg_term},  // alone: it drives
      {us(), us_term},
      {Q(Q::OP_AND, all, eg()), Q(Q::OP_AND, all, eg_term)},  // rarer than "all": drives
      {Q(Q::OP_AND, three, eg()), Q(Q::OP_AND, three, eg_term)},
      {Q(Q::OP_FILTER, fifty, us()), Q(Q::OP_FILTER, fifty, us_term)},  // checked
      {Q(Q::OP_AND, Q(Q::OP_AND, three, us()), eg()),
       Q(Q::OP_AND, Q(Q::OP_AND, three, us_term), eg_term)},  // nothing is both
      {Q(Q::OP_AND_NOT, all, eg()), Q(Q::OP_AND_NOT, all, eg_term)},
      {Q(Q::OP_OR, fifty, eg()), Q(Q::OP_OR, fifty, eg_term)},
      {source(F::kCountry, {"EG", "gb"}),
       terms({vocab::country_term("EG"), vocab::country_term("GB")})},
      {Q(Q::OP_AND, three, source(F::kTier, {"mid"})),
       Q(Q::OP_AND, three, terms({vocab::tier_term(Tier::kMid)}))},
      {Q(Q::OP_AND, source(F::kPlatform, {"tiktok", "youtube"}), eg()),
       Q(Q::OP_AND, terms({vocab::platform_term("tiktok"), vocab::platform_term("youtube")}),
         eg_term)},
      {source(F::kPlatform, {"myspace"}), Q::MatchNothing},
  };
  for (const auto& [facet, term] : cases) {
    INFO(facet.get_description());
    const auto expected = run(term);
    CHECK(run(facet) == expected);
  }
  CHECK(!run(Q(Q::OP_AND, all, eg())).empty());

  // The estimate that lets it drive is the exact count.
  query::FacetSource counted(columns, F::kCountry,
                             query::FacetSource::values_for(F::kCountry, {"EG", "GB"}, *columns));
  counted.init(xdb);
  const Xapian::doccount exact =
      xdb.get_termfreq(vocab::country_term("EG")) + xdb.get_termfreq(vocab::country_term("GB"));
  CHECK(xdb.get_termfreq(vocab::country_term("EG")) > 0);  // a sum of two counts
  CHECK(xdb.get_termfreq(vocab::country_term("GB")) > 0);
  CHECK(counted.get_termfreq_est() == exact);
  CHECK(counted.get_termfreq_min() == exact);
  CHECK(counted.get_termfreq_max() == exact);
}

// Through the Searcher, er:LABEL matches the profiles whose engagement the peer benchmarks of
// the current generation judge so.
TEST_CASE("er:LABEL through the searcher agrees with the peer benchmarks", "[search][labels]") {
  TempDir dir;
  auto corpus = test::generated_corpus(120);
  Database db = test::index_corpus(dir / "db", corpus);
  Searcher s(db);
  auto store = db.impl()->store();
  auto columns = store->columns();
  REQUIRE(columns);
  std::size_t labelled = 0;
  for (const char* label : {"low", "average", "high", "suspicious"}) {
    Keys expected;
    for (const auto& p : corpus) {
      auto pid = store->pid_for(profile_key(p.profile));
      REQUIRE(pid);
      REQUIRE(*pid);
      const FacetRow* row = (*columns)->row(**pid);
      REQUIRE(row);
      if (engagement_label_name((*columns)->benchmarks().label(*row)) == label) {
        expected.insert(p.profile.handle);
      }
    }
    labelled += expected.size();
    CHECK(keys(s, std::string("er:") + label) == expected);
    CHECK(keys(s, std::string("tier:micro er:") + label + ",average").size() <=
          keys(s, "tier:micro").size());
  }
  CHECK(labelled > 0);
}

// ---- facet filters over the columns ----

// With the facet columns of the current generation loaded (the default, for the insights),
// tier:, country: and platform: beside text filter through them; without (insights off, no
// facet counts, nothing that needs the columns), through their boolean terms. Both must give the
// same profiles in every kind of query tree. Numeric ranges have only the columns (format 5
// keeps no value slots): they must give the profiles whose rows hold a value in the range.
TEST_CASE("tier, country, platform and ranges filter the same through the columns and the terms",
          "[search][facets]") {
  TempDir dir;
  auto corpus = test::generated_corpus(600);
  Database db = test::index_corpus(dir / "db", corpus);
  Searcher s(db);
  auto by_terms = [&](const std::string& q) {
    SearchOptions options;
    options.limit = 10'000;
    options.insights = false;
    options.explain = true;
    auto r = s.search(q, options);
    INFO(q);
    REQUIRE(r);
    if (!query::needs_columns(*Query::parse(q))) {
      CHECK_THAT(r->explanation, !Catch::Contains("FacetSource"));
    }
    Keys out;
    for (const auto& h : r->hits) out.insert(h.key);
    return out;
  };
  // Filters under OR or NOT, or with no text beside them in their AND, go through the terms:
  // there the columns would have to be walked row by row.
  const std::set<std::string> not_beside_text = {
      "fashion OR country:FR", "fashion NOT tier:micro",
      "fashion (tier:micro OR platform:youtube) -country:GB"};
  auto by_columns = [&](const std::string& q) {
    SearchOptions options;
    options.limit = 10'000;
    options.explain = true;
    auto r = s.search(q, options);
    INFO(q);
    REQUIRE(r);
    const std::string query(q);
    // Text yields the candidates the columns check; a query of filters only walks the terms'
    // posting lists (faster than checking every row). A platform no profile has matches nothing.
    const bool text = query.find("fashion") != std::string::npos ||
                      query.find("travel") != std::string::npos || query[0] == '"';
    const bool range =
        query.find(" er:") != std::string::npos || query.find("-er:") != std::string::npos ||
        query.find("(er:") != std::string::npos || query.find("followers:") != std::string::npos ||
        query.find("growth:") != std::string::npos;
    const char* source = range ? "RangeSource" : "FacetSource";
    if (text && query.find("myspace") == std::string::npos && !not_beside_text.count(query)) {
      CHECK_THAT(r->explanation, Catch::Contains(source));
    } else if (text) {
      CHECK_THAT(r->explanation, !Catch::Contains(source));
    }
    if (query.find("limit:") == std::string::npos) CHECK(r->total == r->hits.size());
    Keys out;
    for (const auto& h : r->hits) out.insert(h.key);
    return out;
  };
  std::size_t nonempty = 0;
  for (const char* q : {"tier:micro",
                        "country:us,CA,GB",
                        "platform:instagram,youtube",
                        "fashion tier:micro",
                        "fashion tier:nano,mega",
                        "fashion country:US",
                        "fashion country:us,CA,GB",
                        "fashion platform:tiktok",
                        "fashion platform:instagram,youtube",
                        "fashion tier:micro country:US",
                        "fashion tier:micro,mid",
                        "fashion OR country:FR",
                        "fashion -country:US tier:nano",
                        "fashion NOT tier:micro",
                        "fashion (tier:micro OR platform:youtube) -country:GB",
                        "travel country:US platform:instagram",
                        "travel tier:micro sort:followers limit:7",
                        "travel country:ZW",
                        "travel platform:myspace",
                        "(fashion OR travel) tier:micro"}) {
    Keys expected = by_terms(q);
    CHECK(by_columns(q) == expected);
    if (!expected.empty()) ++nonempty;
  }
  CHECK(nonempty >= 10);

  // Ranges: the query's profiles are those of its other clauses whose row passes the test.
  auto store = db.impl()->store();
  auto columns = store->columns();
  REQUIRE(columns);
  auto row_of = [&](const Profile& profile) {
    auto pid = store->pid_for(profile_key(profile));
    REQUIRE(pid);
    REQUIRE(*pid);
    const FacetRow* row = (*columns)->row(**pid);
    REQUIRE(row);
    return *row;
  };
  struct RangeCase {
    const char* query;
    const char* without_ranges;
    std::function<bool(const FacetRow&)> passes;
  };
  const RangeCase range_cases[] = {
      {"fashion er:1%..4%", "fashion",
       [](const FacetRow& r) { return r.engagement_rate >= 0.01 && r.engagement_rate <= 0.04; }},
      {"fashion followers:10k..50k price:<300", "fashion",
       [](const FacetRow& r) {
         return r.followers >= 10'000 && r.followers <= 50'000 && r.price_usd < 300;
       }},
      {"travel growth:>0% auth:>=0.5 country:US", "travel country:US",
       [](const FacetRow& r) { return r.growth_monthly > 0 && r.authenticity >= 0.5; }},
      {"fashion -er:>3%", "fashion", [](const FacetRow& r) { return !(r.engagement_rate > 0.03); }},
      {"fashion (er:>3% OR tier:mega)", "fashion",
       [](const FacetRow& r) { return r.engagement_rate > 0.03 || r.tier == Tier::kMega; }},
  };
  std::size_t ranged = 0;
  for (const auto& c : range_cases) {
    INFO(c.query);
    const Keys candidates = by_terms(c.without_ranges);
    Keys expected;
    for (const auto& p : corpus) {
      const std::string key = profile_key(p.profile);
      if (candidates.count(key) && c.passes(row_of(p.profile))) expected.insert(key);
    }
    CHECK(by_columns(c.query) == expected);
    CHECK(by_terms(c.query) == expected);
    if (!expected.empty() && expected.size() < candidates.size()) ++ranged;
  }
  CHECK(ranged >= 4);

  // After a commit, the columns move with the index: a profile moved to another country is
  // filtered by its new one.
  const auto& moved = corpus.front().profile;
  Profile p = moved;
  p.country = p.country == "NZ" ? "IE" : "NZ";
  {
    Indexer indexer(db);
    REQUIRE(indexer.upsert(p));
    REQUIRE(indexer.commit());
  }
  // Its bio's words, so that text drives the match.
  std::string word;
  for (const auto& t : mikros::analysis::Analyzer::instance().tokenize(p.bio)) {
    if (t.kind == mikros::analysis::TokenKind::kWord && t.text.size() > 3) {
      word = t.text;
      break;
    }
  }
  REQUIRE(!word.empty());
  const std::string q = "\"" + word + "\" country:" + p.country;
  CHECK(by_columns(q).count(profile_key(p)) == 1);
  CHECK(by_columns(q) == by_terms(q));
}

// ---- lookalikes ----

TEST_CASE("like: finds profiles of the seed's niche", "[search][like]") {
  TempDir dir;
  auto corpus = test::generated_corpus();
  Database db = test::index_corpus(dir / "db", corpus);
  Searcher s(db);
  std::map<std::string, std::string> niche_of;
  for (const auto& p : corpus) niche_of[profile_key(p.profile)] = p.niche;

  // Seeds from every niche; a lookalike's top 10 must be nearly all of the seed's niche (a
  // random profile is of it one time in eight).
  std::size_t same = 0, total = 0;
  for (std::size_t i = 20; i < corpus.size(); i += 23) {
    const auto& seed = corpus[i];
    std::string key = profile_key(seed.profile);
    SearchOptions options;
    options.limit = 10;
    auto r = s.search("like:" + key, options);
    INFO(key);
    REQUIRE(r);
    REQUIRE(r->hits.size() == 10);
    for (const auto& hit : r->hits) {
      CHECK(hit.key != key);  // never the seed itself
      same += niche_of[hit.key] == seed.niche;
      ++total;
    }
  }
  INFO(same << " of " << total << " lookalikes share the seed's niche");
  CHECK(same >= total * 9 / 10);
}

TEST_CASE("like: combines with filters, boolean logic and sorting", "[search][like]") {
  TempDir dir;
  auto corpus = test::generated_corpus();
  Database db = test::index_corpus(dir / "db", corpus);
  Searcher s(db);
  const auto& seed = corpus[40];
  std::string like = "like:" + profile_key(seed.profile);
  auto all = keys(s, like);
  auto micro = keys(s, like + " tier:micro");
  auto us = keys(s, like + " country:US -platform:tiktok");
  CHECK(!micro.empty());
  for (const auto& k : micro) CHECK(all.count(k));
  CHECK(micro == [&] {
    Keys both;
    auto m = keys(s, "tier:micro");
    std::set_intersection(all.begin(), all.end(), m.begin(), m.end(),
                          std::inserter(both, both.end()));
    return both;
  }());
  for (const auto& k : us) CHECK(all.count(k));
  auto sorted = s.search(like + " sort:followers limit:5");
  REQUIRE(sorted);
  for (std::size_t i = 1; i < sorted->hits.size(); ++i) {
    CHECK(sorted->hits[i - 1].followers >= sorted->hits[i].followers);
  }
  // In an OR, and negated.
  CHECK(keys(s, like + " OR tier:mega").size() >= all.size());
  auto unlike = keys(s, "-(" + like + ")");
  for (const auto& k : unlike) CHECK(all.count(k) == 0);
  // The builder makes the same query.
  Query built;
  built.like(profile_key(seed.profile)).tiers({Tier::kMicro});
  SearchOptions options;
  options.limit = 10'000;
  auto b = s.search(built, options);
  REQUIRE(b);
  Keys bk;
  for (const auto& h : b->hits) bk.insert(h.handle);
  CHECK(bk == micro);
}

TEST_CASE("like: with an unknown or ambiguous seed is an error at its position",
          "[search][like][errors]") {
  TempDir dir;
  Database db = open_with(dir, {profile_line("instagram", "maya", R"("bio":"thrift finds")"),
                                profile_line("tiktok", "maya", R"("bio":"thrift hauls")"),
                                profile_line("youtube", "solo", R"("bio":"thrift flips")")});
  Searcher s(db);
  auto unknown = s.search("thrift like:@nobody");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.status().code() == ErrorCode::kNotFound);
  CHECK(unknown.status().position() == 7);
  CHECK(unknown.status().message() == "like: no profile @nobody");
  auto wrong_platform = s.search("like:twitter:maya");
  REQUIRE_FALSE(wrong_platform);
  CHECK(wrong_platform.status().code() == ErrorCode::kNotFound);
  CHECK(wrong_platform.status().position() == 0);
  auto ambiguous = s.search("like:@maya");
  REQUIRE_FALSE(ambiguous);
  CHECK(ambiguous.status().code() == ErrorCode::kInvalidArgument);
  CHECK(ambiguous.status().message() ==
        "like: @maya is on several platforms (instagram:maya, tiktok:maya); write "
        "like:instagram:maya");
  // One platform: the handle alone is enough; any case.
  CHECK(s.search("like:@SOLO"));
  CHECK(s.search("like:instagram:MAYA"));
  // Built queries have no position.
  auto built = s.search(Query().like("@nobody"));
  REQUIRE_FALSE(built);
  CHECK(built.status().position() == Status::kNoPosition);
}

// ---- explanations ----

TEST_CASE("explain: the score parts add up to the score", "[search][explain]") {
  TempDir dir;
  Database db = open_with(dir, text_profiles());
  Searcher s(db);
  SearchOptions options;
  options.explain = true;
  options.expand = false;
  auto r = s.search("\"slow fashion\" thrift OR recipes #plantbased", options);
  REQUIRE(r);
  REQUIRE(r->hits.size() == 2);
  for (const auto& hit : r->hits) {
    INFO(hit.key);
    REQUIRE_FALSE(hit.score_parts.empty());
    double sum = 0;
    for (const auto& part : hit.score_parts) sum += part.weight;
    CHECK(sum == Approx(hit.score).epsilon(1e-9));
  }
  const Hit& maya = r->hits[0].handle == "maya" ? r->hits[0] : r->hits[1];
  REQUIRE(maya.score_parts.size() == 2);
  CHECK(maya.score_parts[0].clause == "\"slow fashion\"");
  CHECK(maya.score_parts[1].clause == "thrift");
  CHECK_THAT(r->explanation, Catch::Contains("xapian: Query("));
  CHECK_THAT(r->explanation, Catch::Contains("ranking: BM25"));
  // Without explain, nothing is computed.
  auto plain = s.search("thrift");
  REQUIRE(plain);
  CHECK(plain->hits[0].score_parts.empty());
  CHECK(plain->explanation.empty());
}

TEST_CASE("explain: a lookalike shows what the seed expanded into", "[search][explain][like]") {
  TempDir dir;
  auto corpus = test::generated_corpus(160);
  Database db = test::index_corpus(dir / "db", corpus);
  Searcher s(db);
  SearchOptions options;
  options.explain = true;
  std::string key = profile_key(corpus[9].profile);
  auto r = s.search("like:" + key, options);
  REQUIRE(r);
  CHECK_THAT(r->explanation, Catch::Contains("like:" + key + " (" + key + ") expands to"));
  for (const auto& hit : r->hits) {
    REQUIRE(hit.score_parts.size() == 1);
    CHECK(hit.score_parts[0].weight == Approx(hit.score).epsilon(1e-9));
  }
}
