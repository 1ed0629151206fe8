// Facet counts checked against a brute-force count over every profile, and the time limit.
#include "model/facets.h"

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "analysis/analyzer.h"
#include "analysis/vocabulary.h"
#include "analytics/peers.h"
#include "mikros/mikros.hpp"
#include "niche_corpus.h"
#include "storage/database_impl.h"
#include "support.h"

using namespace mikros;
using mikros::test::profile_line;
using mikros::test::TempDir;

namespace {

using Counts = std::map<std::string, std::map<std::string, std::uint64_t>>;

// One profile as the brute force sees it: the profile, what the engine derived for it, and the
// text terms the indexer makes of it.
struct Row {
  Profile p;
  Tier tier = Tier::kNano;
  EngagementLabel label = EngagementLabel::kUnknown;
  std::optional<double> er, growth, auth;
  std::set<std::string> terms;
  bool has(const std::string& word) const {
    return terms.count(analysis::Analyzer::instance().fold(word)) != 0;
  }
};

void add_text(std::set<std::string>& terms, std::string_view text) {
  const auto& analyzer = analysis::Analyzer::instance();
  auto compound = [&](std::string_view tag) {
    std::string whole;
    for (const auto& w : analyzer.compound_words(tag)) {
      terms.insert(w);
      whole += w;
    }
    terms.insert(whole);
  };
  for (const auto& t : analyzer.tokenize(text)) {
    if (t.kind == analysis::TokenKind::kHashtag || t.kind == analysis::TokenKind::kMention) {
      compound(t.text);
    } else {
      terms.insert(t.text);
    }
  }
}

std::vector<Row> brute_force_rows(const Database& db, const std::vector<test::CorpusProfile>& in) {
  // The indexer keeps the last profile of a key.
  std::map<std::string, const Profile*> by_key;
  for (const auto& c : in) by_key[profile_key(c.profile)] = &c.profile;
  auto store = db.impl()->store();
  auto columns = store->columns();
  REQUIRE(columns);
  std::vector<Row> rows;
  for (const auto& [key, profile] : by_key) {
    Row r;
    r.p = *profile;
    r.tier = tier_for(r.p.followers, db.tiers());
    auto pid = store->pid_for(key);
    REQUIRE(pid);
    REQUIRE(*pid);
    auto facets = store->facets(**pid);  // the stored record, not the in-memory columns
    REQUIRE(facets);
    REQUIRE(*facets);
    const FacetRow* row = (*columns)->row(**pid);
    REQUIRE(row);
    r.label = (*columns)->benchmarks().label(*row);
    r.er = mikros::engagement_rate(r.p);
    r.growth = mikros::monthly_growth(r.p);
    if (r.p.audience.authenticity) {
      r.auth = r.p.audience.authenticity;
    } else if (!std::isnan((*facets)->authenticity)) {
      r.auth = (*facets)->authenticity;
    }
    add_text(r.terms, r.p.name);
    add_text(r.terms, r.p.bio);
    for (const auto& tag : r.p.hashtags) add_text(r.terms, "#" + tag);
    for (const auto& c : r.p.categories) add_text(r.terms, c);
    rows.push_back(std::move(r));
  }
  return rows;
}

Counts brute_force_counts(const std::vector<Row>& rows, const std::function<bool(const Row&)>& f,
                          std::uint64_t* total) {
  Counts c{{"tier", {}},
           {"country", {}},
           {"platform", {}},
           {"lang", {}},
           {"er", {}},
           {"city", {}},
           {"audience_top_country", {}},
           {"audience_unknown",
            {{"audience", 0}, {"aud.country", 0}, {"aud.age", 0}, {"aud.gender", 0}}}};
  *total = 0;
  for (const auto& r : rows) {
    if (!f(r)) continue;
    ++*total;
    ++c["tier"][std::string(tier_name(r.tier))];
    if (!r.p.country.empty()) ++c["country"][r.p.country];
    ++c["platform"][r.p.platform];
    std::set<std::string> langs(r.p.languages.begin(), r.p.languages.end());
    for (const auto& l : langs) ++c["lang"][l];
    if (r.label != EngagementLabel::kUnknown) {
      ++c["er"][std::string(engagement_label_name(r.label))];
    }
    // Cities by the key city: compares (the engine names each by a spelling of it).
    if (const std::string key = vocab::city_key(r.p.city); !key.empty()) ++c["city"][key];
    // The largest audience country: the largest share (equal shares: the first code), else
    // the top country an import gives alone.
    const Audience& a = r.p.audience;
    std::string top = a.top_country;
    double best = -1;
    for (const auto& [code, share] : a.countries) {
      if (share > best) {
        best = share;
        top = code;
      }
    }
    if (!top.empty()) ++c["audience_top_country"][top];
    const bool countries = !a.countries.empty(), age = !a.age.empty();
    const bool gender = a.female.has_value() || a.male.has_value();
    auto& unknown = c["audience_unknown"];
    if (!countries && !age && !gender) ++unknown["audience"];
    if (!countries) ++unknown["aud.country"];
    if (!age) ++unknown["aud.age"];
    if (!gender) ++unknown["aud.gender"];
  }
  return c;
}

// {"tier": {"micro": 12}, ...} as text, for readable failures.
std::string to_string(const Counts& counts) {
  std::string out;
  for (const auto& [facet, values] : counts) {
    out += facet + ":";
    for (const auto& [value, n] : values) out += " " + value + "=" + std::to_string(n);
    out += "\n";
  }
  return out;
}

bool in(const std::optional<double>& v, double lo, double hi) {
  return v && *v >= lo && *v <= hi;
}

}  // namespace

TEST_CASE("facet counts equal a brute-force count over every profile", "[facets]") {
  std::string source;
  auto corpus = test::realistic_corpus(&source);
  INFO("corpus: " << source << ", " << corpus.size() << " profiles");
  REQUIRE(corpus.size() >= 300);
  TempDir dir;
  Database db = test::index_corpus(dir / "db", corpus);
  auto rows = brute_force_rows(db, corpus);
  Searcher searcher(db);

  using L = EngagementLabel;
  const std::vector<std::pair<std::string, std::function<bool(const Row&)>>> cases = {
      {"", [](const Row&) { return true; }},
      {"tier:micro", [](const Row& r) { return r.tier == Tier::kMicro; }},
      {"tier:nano,mega country:US,CA",
       [](const Row& r) {
         return (r.tier == Tier::kNano || r.tier == Tier::kMega) &&
                (r.p.country == "US" || r.p.country == "CA");
       }},
      {"platform:instagram -country:US",
       [](const Row& r) { return r.p.platform == "instagram" && r.p.country != "US"; }},
      {"lang:es OR lang:pt",
       [](const Row& r) {
         const auto& l = r.p.languages;
         return std::find(l.begin(), l.end(), "es") != l.end() ||
                std::find(l.begin(), l.end(), "pt") != l.end();
       }},
      {"followers:10k..50k",
       [](const Row& r) { return r.p.followers >= 10'000 && r.p.followers <= 50'000; }},
      {"er:>3%", [](const Row& r) { return r.er && *r.er > 0.03; }},
      {"er:1%..4% price:<=500",
       [](const Row& r) { return in(r.er, 0.01, 0.04) && r.p.price_usd && *r.p.price_usd <= 500; }},
      {"auth:>=0.8 OR price:<200",
       [](const Row& r) {
         return (r.auth && *r.auth >= 0.8) || (r.p.price_usd && *r.p.price_usd < 200);
       }},
      {"growth:>0%", [](const Row& r) { return r.growth && *r.growth > 0; }},
      {"(tier:micro OR tier:mid) NOT platform:twitter",
       [](const Row& r) {
         return (r.tier == Tier::kMicro || r.tier == Tier::kMid) && r.p.platform != "twitter";
       }},
      {"lang:en tier:micro,mid followers:>=20000",
       [](const Row& r) {
         const auto& l = r.p.languages;
         return std::find(l.begin(), l.end(), "en") != l.end() &&
                (r.tier == Tier::kMicro || r.tier == Tier::kMid) && r.p.followers >= 20'000;
       }},
      {"fashion", [](const Row& r) { return r.has("fashion"); }},
      {"love OR workout -country:US",  // AND binds tighter than OR
       [](const Row& r) { return r.has("love") || (r.has("workout") && r.p.country != "US"); }},
      {"(love OR workout) -country:US",
       [](const Row& r) { return (r.has("love") || r.has("workout")) && r.p.country != "US"; }},
      {"er:high,average",
       [](const Row& r) { return r.label == L::kHigh || r.label == L::kAverage; }},
      {"followers:<0", [](const Row&) { return false; }},
  };
  for (const auto& [query, predicate] : cases) {
    INFO("query: " << query);
    SearchOptions options;
    options.facets = true;
    options.limit = 5;
    options.expand = false;  // the predicates test the words as written
    auto r = searcher.search(query, options);
    REQUIRE(r);
    std::uint64_t expected_total = 0;
    Counts expected = brute_force_counts(rows, predicate, &expected_total);
    CHECK(r->total == expected_total);
    CHECK(r->total_exact);
    Counts got = r->facets;
    std::map<std::string, std::uint64_t> city_keys;
    for (const auto& [name, n] : got["city"]) city_keys[vocab::city_key(name)] += n;
    got["city"] = city_keys;
    CHECK(to_string(got) == to_string(expected));
  }
}

namespace {

std::vector<std::string> hit_keys(const SearchResult& r) {
  std::vector<std::string> keys;
  for (const auto& h : r.hits) keys.push_back(h.key);
  return keys;
}

// The same query through the text index: "(Q) OR (Q)" matches what Q matches, but an OR at the
// top is no filter list, so the columns do not answer it.
void check_same_as_text_index(const Searcher& searcher, const std::string& q, std::size_t offset,
                              std::size_t limit) {
  INFO("query: " << q << " offset " << offset << " limit " << limit);
  SearchOptions options;
  options.facets = true;
  options.explain = true;
  options.offset = offset;
  options.limit = limit;
  auto scanned = searcher.search(q, options);
  // The same query through Xapian's matcher: its filters ORed with themselves (a sort: option
  // stays outside the parentheses).
  std::string filters, sort;
  std::istringstream words(q);
  for (std::string w; words >> w;) (w.rfind("sort:", 0) == 0 ? sort : filters) += " " + w;
  auto matched = searcher.search("(" + filters + ") OR (" + filters + ")" + sort, options);
  REQUIRE(scanned);
  REQUIRE(matched);
  CHECK_THAT(scanned->explanation, Catch::Contains("answered from the facet columns"));
  CHECK_THAT(matched->explanation, !Catch::Contains("answered from the facet columns"));
  CHECK(scanned->total == matched->total);
  CHECK(scanned->total_exact);
  CHECK(hit_keys(*scanned) == hit_keys(*matched));
  CHECK(to_string(scanned->facets) == to_string(matched->facets));
}

}  // namespace

TEST_CASE("filter-only queries from the columns list what the text index lists",
          "[facets][columns]") {
  auto corpus = test::realistic_corpus();
  TempDir dir;
  Database db = test::index_corpus(dir / "db", corpus);
  Searcher searcher(db);
  for (const char* q :
       {"tier:micro", "tier:micro,mid country:US,CA", "platform:instagram -country:US",
        "followers:10k..50k", "er:>3%", "er:1%..4% price:<=500 -tier:nano", "growth:>0%",
        "auth:>=0.8", "er:high,average country:US", "-er:low tier:micro", "followers:<0",
        "price:* -growth:*", "country:us,gb platform:tiktok,youtube",
        // Listed by a rate, profiles without one last: the same order as the KeyMaker's.
        "tier:micro sort:er", "country:US sort:growth", "er:>3% sort:er",
        "tier:nano sort:growth"}) {
    check_same_as_text_index(searcher, q, 0, 20);
    check_same_as_text_index(searcher, q, 7, 5);
  }
  SearchOptions explain;
  explain.explain = true;
  auto sorted = searcher.search("tier:micro sort:followers", explain);
  REQUIRE(sorted);
  CHECK_THAT(sorted->explanation, Catch::Contains("answered from the facet columns"));
  // Not from the columns: text, lang: and category: (the columns do not hold them), OR.
  for (const char* q : {"fashion tier:micro", "lang:en tier:micro", "category:fashion",
                        "tier:micro OR country:US"}) {
    INFO(q);
    auto r = searcher.search(q, explain);
    REQUIRE(r);
    CHECK_THAT(r->explanation, !Catch::Contains("answered from the facet columns"));
  }
}

TEST_CASE("filter-only queries from the columns are exact at range bounds", "[facets][columns]") {
  // Floats in the scan's filter fields, doubles in the rows: values at and next to each bound.
  TempDir dir;
  auto db = Database::open(dir / "db");
  REQUIRE(db);
  {
    Indexer indexer(*db);
    const double rates[] = {
        0.03, std::nextafter(0.03, 1.0), std::nextafter(0.03, 0.0), 0.0300000001, 0.05, 0.1, 0.0};
    int i = 0;
    for (double er : rates) {
      for (double price : {299.99, 300.0, 300.01}) {
        ++i;
        REQUIRE(indexer.upsert_json(profile_line(
            "instagram", "p" + std::to_string(i),
            fmt::format(R"("followers":{},"engagement_rate":{:.17g},"price_usd":{:.17g},)"
                        R"("bio":"linen and lavender")",
                        10'000 + i, er, price))));
      }
    }
    REQUIRE(indexer.commit());
  }
  Searcher searcher(*db);
  const std::pair<const char*, std::uint64_t> cases[] = {
      {"er:>3%", 4 * 3},    {"er:>=3%", 5 * 3},    {"er:<3%", 2 * 3},        {"er:<=3%", 3 * 3},
      {"er:3%..3%", 1 * 3}, {"-er:3%..5%", 3 * 3}, {"price:<300", 7},        {"price:<=299.99", 7},
      {"price:>300", 7},    {"price:300..300", 7}, {"er:>3% price:<300", 4}, {"er:0%..0%", 3},
  };
  for (const auto& [q, expected] : cases) {
    INFO(q);
    auto r = searcher.search(q);
    REQUIRE(r);
    CHECK(r->total == expected);
    check_same_as_text_index(searcher, q, 0, 50);
    // Beside text, the ranges are checked on the columns too (RangeSource), with text driving;
    // under OR, walked row by row: the same profiles.
    SearchOptions explained;
    explained.explain = true;
    auto a = searcher.search(std::string("linen ") + q, explained);
    auto b = searcher.search(std::string("linen (") + q + " OR platform:myspace)", explained);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->total == expected);
    CHECK(b->total == expected);
    CHECK_THAT(a->explanation, Catch::Contains("RangeSource"));
    CHECK_THAT(b->explanation, Catch::Contains("RangeSource"));
  }
}

TEST_CASE("filter-only queries from the columns are exact for follower counts past 2^32",
          "[facets][columns]") {
  // The scan's filter fields hold follower counts as 32 bits, saturated: counts from 2^32 - 1
  // up are told apart by the rows, for the range and for the order.
  TempDir dir;
  auto db = Database::open(dir / "db");
  REQUIRE(db);
  const std::uint64_t counts[] = {4'294'967'294, 4'294'967'295, 4'294'967'296,
                                  5'000'000'000, 5'000'000'001, 12'000};
  {
    Indexer indexer(*db);
    for (std::uint64_t f : counts) {
      REQUIRE(indexer.upsert_json(profile_line("instagram", "f" + std::to_string(f),
                                               fmt::format(R"("followers":{},"bio":"linen")", f))));
    }
    REQUIRE(indexer.commit());
  }
  Searcher searcher(*db);
  const std::pair<const char*, std::uint64_t> cases[] = {
      {"followers:>=4294967295", 4},
      {"followers:>4294967295", 3},
      {"followers:<4294967296", 3},
      {"followers:4294967295..4294967296", 2},
      {"followers:4294967296..5000000000", 2},
      {"followers:>5000000000", 1},
      {"followers:>5000000001", 0},
      {"-followers:>4294967295", 3},
      {"followers:4294967294..4294967294", 1},
      {"tier:mega followers:<=5000000000", 4},
  };
  for (const auto& [q, expected] : cases) {
    INFO(q);
    auto r = searcher.search(q);
    REQUIRE(r);
    CHECK(r->total == expected);
    check_same_as_text_index(searcher, q, 0, 50);
    // Beside text, checked per candidate (RangeSource): the saturated keys defer to the rows.
    auto beside_text = searcher.search(std::string("linen ") + q);
    REQUIRE(beside_text);
    CHECK(beside_text->total == expected);
  }
  // Most followers first, by the exact counts.
  auto all = searcher.search("followers:>1000000");
  REQUIRE(all);
  std::vector<std::string> order;
  for (const auto& h : all->hits) order.push_back(h.handle);
  CHECK(order == std::vector<std::string>{"f5000000001", "f5000000000", "f4294967296",
                                          "f4294967295", "f4294967294"});
}

TEST_CASE("facet counts ignore paging and need no exact_total", "[facets]") {
  TempDir dir;
  Database db = test::index_corpus(dir / "db", test::generated_corpus(200));
  Searcher searcher(db);
  SearchOptions options;
  options.facets = true;
  options.limit = 3;
  auto first = searcher.search("tier:micro,mid", options);
  options.offset = 30;
  options.exact_total = false;
  auto later = searcher.search("tier:micro,mid", options);
  REQUIRE(first);
  REQUIRE(later);
  CHECK(first->facets == later->facets);
  CHECK(later->total_exact);  // facets imply counting every match
  std::uint64_t by_tier = 0;
  for (const auto& [tier, n] : first->facets.at("tier")) by_tier += n;
  CHECK(by_tier == first->total);
  // Without facets, nothing is counted.
  options.facets = false;
  auto none = searcher.search("tier:micro,mid", options);
  REQUIRE(none);
  CHECK(none->facets.empty());
}

TEST_CASE("facet counts follow commits", "[facets]") {
  TempDir dir;
  auto db = Database::open(dir / "db");
  REQUIRE(db);
  Searcher searcher(*db);
  SearchOptions options;
  options.facets = true;
  auto count = [&](const std::string& facet, const std::string& value) -> std::uint64_t {
    auto r = searcher.search("", options);
    REQUIRE(r);
    auto f = r->facets.at(facet);
    return f.count(value) ? f.at(value) : 0;
  };
  {
    Indexer indexer(*db);
    REQUIRE(indexer.upsert_json(profile_line("instagram", "a", R"("country":"US")")));
    REQUIRE(indexer.upsert_json(profile_line("tiktok", "b", R"("country":"US")")));
    REQUIRE(indexer.commit());
  }
  CHECK(count("country", "US") == 2);
  {
    Indexer indexer(*db);
    REQUIRE(indexer.upsert_json(profile_line("instagram", "a", R"("country":"CA")")));
    REQUIRE(indexer.remove("tiktok:b"));
    REQUIRE(indexer.commit());
  }
  CHECK(count("country", "US") == 0);
  CHECK(count("country", "CA") == 1);
  CHECK(count("platform", "tiktok") == 0);
}

// ---- the time limit ----

namespace {

// Profiles that let the matcher stop counting early: a few rank first on a rare word, and half
// of the rest have only a common word, which BM25 can prove cannot beat them. (Were the common
// word in every profile, the count would be known from the term statistics alone.)
std::vector<std::string> skewed_profiles(std::size_t count) {
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < count; ++i) {
    std::string bio = i < 30       ? "zebra zebra common words here"
                      : i % 2 == 1 ? "common filler text number"
                                   : "other filler text number";
    lines.push_back(
        profile_line("instagram", "p" + std::to_string(i),
                     "\"bio\":\"" + bio + "\",\"followers\":" + std::to_string(1000 + i)));
  }
  return lines;
}

// A database of skewed_profiles(count).
std::optional<Database> skewed_database(const std::string& path, std::size_t count) {
  auto db = Database::open(path);
  REQUIRE(db);
  {
    Indexer indexer(*db);
    for (const auto& line : skewed_profiles(count)) REQUIRE(indexer.upsert_json(line));
    REQUIRE(indexer.commit());
  }
  return std::move(*db);
}

}  // namespace

TEST_CASE("a search that runs out of time is stopped with a clear error", "[search][limits]") {
  TempDir dir;
  auto db = skewed_database(dir / "db", 4000);
  Searcher searcher(*db);
  const std::string query = "zebra OR common";

  // No limit: every match is counted.
  SearchOptions unlimited;
  unlimited.limits.max_time_ms = 0;
  auto exact = searcher.search(query, unlimited);
  REQUIRE(exact);
  CHECK(exact->total == 2015);  // 30 + the odd ones of 30..3999
  CHECK(exact->total_exact);
  CHECK_FALSE(exact->timed_out);

  // A limit far below what counting 2015 matches takes (the clock is read every 64 matches; a
  // few attempts in case a search is faster than that).
  SearchOptions tight;
  tight.limits.max_time_ms = 0.001;
  std::optional<Status> refused;
  for (int attempt = 0; attempt < 20 && !refused; ++attempt) {
    auto r = searcher.search(query, tight);
    if (!r) refused = r.status();
  }
  REQUIRE(refused);
  CHECK(refused->code() == ErrorCode::kLimitExceeded);
  CHECK_THAT(refused->message(), Catch::StartsWith("the search ran out of time"));

  // Or the partial result, flagged, when the host application prefers it.
  tight.partial_on_timeout = true;
  tight.facets = true;
  std::optional<SearchResult> partial;
  for (int attempt = 0; attempt < 20 && !partial; ++attempt) {
    auto r = searcher.search(query, tight);
    REQUIRE(r);
    if (r->timed_out) partial = std::move(*r);
  }
  REQUIRE(partial);
  CHECK_FALSE(partial->total_exact);
  CHECK(partial->total > 0);  // an estimate from the matches counted in time
  REQUIRE(partial->hits.size() == 20);
  for (const auto& hit : partial->hits) CHECK(hit.profile.bio.find("zebra") == 0);  // ranked
  std::uint64_t counted = 0;
  for (const auto& [tier, n] : partial->facets.at("tier")) counted += n;
  CHECK(counted < 2015);

  // The default limit (one second) leaves this search alone.
  auto fine = searcher.search(query);
  REQUIRE(fine);
  INFO("exact " << fine->total_exact << " timed out " << fine->timed_out);
  CHECK(fine->total == 2015);
  SearchOptions no_insights;
  no_insights.insights = false;
  auto plain = searcher.search(query, no_insights);
  REQUIRE(plain);
  INFO("plain " << plain->total << " exact " << plain->total_exact);
  CHECK(plain->total == 2015);
  auto again = searcher.search(query, unlimited);
  REQUIRE(again);
  CHECK(again->total == 2015);

  // Searches that run out of time leave nothing behind for the next one: with Xapian's own
  // time limit, a timer that fired as its search ended wrote into a later search's stack.
  SearchOptions exact_facets = unlimited;
  exact_facets.facets = true;
  for (int i = 0; i < 200; ++i) {
    auto cut = searcher.search(query, tight);
    REQUIRE(cut);
    auto whole = searcher.search(query, exact_facets);
    REQUIRE(whole);
    CHECK(whole->total == 2015);
    CHECK(whole->total_exact);
  }
}

TEST_CASE("the time limit covers the whole search, not only the counting", "[search][limits]") {
  TempDir dir;
  auto db = skewed_database(dir / "db", 40);
  auto brand = parse_brand(R"({"name":"Zebra Co","keywords":["zebra","common"]})");
  REQUIRE(brand);
  REQUIRE(db->put_brand(*brand));
  Searcher searcher(*db);
  // Few matches, one page: nothing to count, so only the stages before the match (resolving,
  // compiling, loading the brand's ranking) can use up the time. A nanosecond is gone by then.
  const std::string query = "(zebra OR common) brand:\"Zebra Co\"";
  SearchOptions options;
  options.limit = 100;
  options.limits.max_time_ms = 1e-6;
  auto refused = searcher.search(query, options);
  REQUIRE_FALSE(refused);
  CHECK(refused.status().code() == ErrorCode::kLimitExceeded);
  CHECK_THAT(refused.status().message(), Catch::StartsWith("the search ran out of time") &&
                                             Catch::Contains("while preparing its match"));
  // A partial answer is still given when the host application takes one: the match runs, and
  // with nothing to count it is whole.
  options.partial_on_timeout = true;
  auto partial = searcher.search(query, options);
  REQUIRE(partial);
  CHECK(partial->total == 35);  // 30 zebras and the 5 odd ones of 30..39
  // No limit, or the default one: the same search answers.
  options.partial_on_timeout = false;
  options.limits.max_time_ms = 0;
  auto whole = searcher.search(query, options);
  REQUIRE(whole);
  CHECK(whole->total == 35);
  CHECK(searcher.search(query, SearchOptions()));
}
