// The C API (mikros/mikros.h), used as a C program would, through the shared library: error
// model, ownership, options structs across versions, field accessors, and the README example.
#include <mikros/mikros.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <mikros/mikros.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "support.h"

using mikros::test::profile_line;
using mikros::test::TempDir;

namespace {

// Owns what the C API returns, so that a failing CHECK leaks nothing.
struct Error {
  mikros_error* e = nullptr;
  ~Error() { mikros_error_free(e); }
  mikros_error** out() {
    mikros_error_free(e);
    e = nullptr;
    return &e;
  }
};
struct Db {
  mikros_db* db = nullptr;
  ~Db() { mikros_close(db); }
};
struct Result {
  mikros_result* r = nullptr;
  ~Result() { mikros_result_free(r); }
};
struct Report {
  mikros_index_report* r = nullptr;
  ~Report() { mikros_report_free(r); }
};

std::string corpus() {
  return profile_line("instagram", "maya_slowstyle",
                      R"("name":"Maya","bio":"Slow fashion lover 🌿","country":"US",)"
                      R"("followers":23400,"engagement_rate":0.041,"categories":["fashion"])") +
         "\n" +
         profile_line("tiktok", "haulqueen",
                      R"("name":"Haul Queen","bio":"fast fashion hauls","country":"US",)"
                      R"("followers":45000)") +
         "\n" + profile_line("instagram", "broken", R"("followers":-5)") + "\n" +
         profile_line("youtube", "trailmix", R"("bio":"hiking","followers":180000)") + "\n" +
         "{not json\n";
}

// Opens a writable database in `dir` and indexes corpus(); REQUIREs success.
void open_indexed(const TempDir& dir, Db& db) {
  Error err;
  REQUIRE(mikros_open((dir / "db").c_str(), nullptr, &db.db, err.out()) == MIKROS_OK);
  REQUIRE(err.e == nullptr);
  std::string data = corpus();
  REQUIRE(mikros_index_jsonl(db.db, data.data(), data.size(), nullptr, err.out()) == MIKROS_OK);
}

}  // namespace

TEST_CASE("C API: versions and error codes", "[c_api]") {
  CHECK(std::string(mikros_version()) == MIKROS_VERSION_STRING);
  CHECK(std::string(mikros_version()) == mikros::version());
  CHECK(mikros_version_number() == MIKROS_VERSION_NUMBER);
  CHECK(MIKROS_VERSION_NUMBER ==
        MIKROS_VERSION_MAJOR * 10000 + MIKROS_VERSION_MINOR * 100 + MIKROS_VERSION_PATCH);
  CHECK(std::string(mikros_error_code_name(MIKROS_QUERY_SYNTAX)) == "query syntax");
  CHECK(std::string(mikros_error_code_name(MIKROS_OK)) == "OK");
  CHECK(std::string(mikros_error_code_name(42)) == "unknown error");
  CHECK(std::string(mikros_error_code_name(-1)) == "unknown error");
  CHECK(std::string(mikros_tier_name(MIKROS_TIER_MICRO)) == "micro");
  CHECK(mikros_tier_name(5) == nullptr);
  // A NULL error reads as success.
  CHECK(mikros_error_get_code(nullptr) == MIKROS_OK);
  CHECK(std::string(mikros_error_string(nullptr)) == "OK");
  CHECK(mikros_error_position(nullptr) == MIKROS_NO_POSITION);
  mikros_error_free(nullptr);
  mikros_free(nullptr);
}

TEST_CASE("C API: open errors come back as codes and error objects", "[c_api]") {
  TempDir dir;
  Error err;
  mikros_db* db = reinterpret_cast<mikros_db*>(0x1);  // must be reset on failure
  CHECK(mikros_open(nullptr, nullptr, &db, err.out()) == MIKROS_INVALID_ARGUMENT);
  CHECK(db == nullptr);
  REQUIRE(err.e != nullptr);
  CHECK(mikros_error_get_code(err.e) == MIKROS_INVALID_ARGUMENT);
  CHECK(std::string(mikros_error_message(err.e)) == "path is NULL");
  CHECK(std::string(mikros_error_string(err.e)) == "invalid argument: path is NULL");
  CHECK(mikros_error_position(err.e) == MIKROS_NO_POSITION);

  mikros_options options;
  mikros_options_init(&options, sizeof options);
  options.read_only = 1;
  CHECK(mikros_open((dir / "none").c_str(), &options, &db, err.out()) == MIKROS_NOT_FOUND);
  CHECK(db == nullptr);
  CHECK_THAT(mikros_error_message(err.e), Catch::Contains("no mikros database here"));

  // Without an error object the code alone comes back.
  CHECK(mikros_open((dir / "none").c_str(), &options, &db, nullptr) == MIKROS_NOT_FOUND);

  mikros_options_init(&options, sizeof options);
  options.tier_mid = 1000;  // below micro (5000)
  CHECK(mikros_open((dir / "db").c_str(), &options, &db, err.out()) == MIKROS_INVALID_ARGUMENT);
  CHECK_THAT(mikros_error_message(err.e), Catch::Contains("tier boundaries"));
}

TEST_CASE("C API: index a batch, read the report, search field by field", "[c_api]") {
  TempDir dir;
  Db db;
  Error err;
  REQUIRE(mikros_open((dir / "db").c_str(), nullptr, &db.db, err.out()) == MIKROS_OK);
  std::string data = corpus();
  Report report;
  REQUIRE(mikros_index_jsonl(db.db, data.data(), data.size(), &report.r, err.out()) == MIKROS_OK);
  CHECK(err.e == nullptr);
  CHECK(mikros_report_records(report.r) == 5);
  CHECK(mikros_report_accepted(report.r) == 3);
  CHECK(mikros_report_committed(report.r) == 3);
  REQUIRE(mikros_report_rejected(report.r) == 2);
  CHECK(mikros_report_rejection_line(report.r, 0) == 3);
  CHECK_THAT(mikros_report_rejection_reason(report.r, 0), Catch::Contains("followers"));
  CHECK_THAT(mikros_report_rejection_input(report.r, 0), Catch::Contains("\"broken\""));
  CHECK(mikros_report_rejection_line(report.r, 1) == 5);
  CHECK(mikros_report_rejection_line(report.r, 2) == 0);  // out of range
  CHECK(mikros_report_rejection_reason(report.r, 2) == nullptr);
  CHECK(mikros_count(db.db) == 3);
  CHECK(mikros_pending(db.db) == 0);

  Result res;
  REQUIRE(mikros_search(db.db, "fashion country:US", nullptr, &res.r, err.out()) == MIKROS_OK);
  CHECK(std::string(mikros_result_query(res.r)) == "fashion country:US");
  CHECK(mikros_result_total(res.r) == 2);
  CHECK(mikros_result_total_exact(res.r) == 1);
  REQUIRE(mikros_result_count(res.r) == 2);
  std::size_t maya = std::string(mikros_hit_handle(res.r, 0)) == "maya_slowstyle" ? 0 : 1;
  std::size_t haul = 1 - maya;
  CHECK(std::string(mikros_hit_key(res.r, maya)) == "instagram:maya_slowstyle");
  CHECK(std::string(mikros_hit_platform(res.r, maya)) == "instagram");
  CHECK(std::string(mikros_hit_name(res.r, maya)) == "Maya");
  CHECK(std::string(mikros_hit_country(res.r, maya)) == "US");
  CHECK(mikros_hit_followers(res.r, maya) == 23400);
  CHECK(mikros_hit_tier(res.r, maya) == MIKROS_TIER_MICRO);
  CHECK(std::string(mikros_hit_tier_name(res.r, maya)) == "micro");
  CHECK(mikros_hit_has_engagement_rate(res.r, maya) == 1);
  CHECK(mikros_hit_engagement_rate(res.r, maya) == Approx(0.041));
  CHECK(mikros_hit_score(res.r, maya) > 0);
  // No engagement data: the flag says so and the value is NaN.
  CHECK(mikros_hit_has_engagement_rate(res.r, haul) == 0);
  CHECK(std::isnan(mikros_hit_engagement_rate(res.r, haul)));
  auto profile = nlohmann::json::parse(mikros_hit_profile_json(res.r, maya));
  CHECK(profile["bio"] == "Slow fashion lover 🌿");
  CHECK(profile["categories"] == nlohmann::json::array({"fashion"}));
  // The pointer stays the same on a second call: it lives as long as the result.
  CHECK(mikros_hit_profile_json(res.r, maya) == mikros_hit_profile_json(res.r, maya));

  // Out of range.
  CHECK(mikros_hit_key(res.r, 2) == nullptr);
  CHECK(mikros_hit_country(res.r, 2) == nullptr);
  CHECK(mikros_hit_followers(res.r, 2) == 0);
  CHECK(mikros_hit_tier(res.r, 2) == -1);
  CHECK(mikros_hit_tier_name(res.r, 2) == nullptr);
  CHECK(mikros_hit_has_engagement_rate(res.r, 2) == 0);
  CHECK(std::isnan(mikros_hit_score(res.r, 2)));
  CHECK(mikros_hit_profile_json(res.r, 2) == nullptr);
  CHECK(mikros_result_count(nullptr) == 0);
  CHECK(mikros_hit_key(nullptr, 0) == nullptr);
  CHECK(mikros_result_json(nullptr) == nullptr);
}

TEST_CASE("C API: result JSON is the C++ API's (and the command's) JSON", "[c_api][json]") {
  TempDir dir;
  Db db;
  open_indexed(dir, db);
  Error err;
  Result res;
  const char* query = "fashion sort:followers";
  REQUIRE(mikros_search(db.db, query, nullptr, &res.r, err.out()) == MIKROS_OK);
  const char* json = mikros_result_json(res.r);
  REQUIRE(json != nullptr);
  CHECK(json == mikros_result_json(res.r));
  auto j = nlohmann::json::parse(json);
  CHECK(j["query"] == query);
  CHECK(j["total"] == 2);
  REQUIRE(j["hits"].size() == 2);
  CHECK(j["hits"][0]["handle"] == "haulqueen");
  CHECK(j["hits"][0]["engagement_rate"].is_null());
  CHECK(j["hits"][1]["tier"] == "micro");

  // The same search through the C++ API (the same library) serialises to the same bytes.
  mikros::Options read_only;
  read_only.read_only = true;
  mikros::Searcher searcher(*mikros::Database::open(dir / "db", read_only));
  auto cpp = searcher.search(query);
  REQUIRE(cpp);
  CHECK(mikros::to_json(*cpp) == json);
}

TEST_CASE("C API: single profiles, delete, get, commit and close", "[c_api]") {
  TempDir dir;
  Error err;
  {
    Db db;
    REQUIRE(mikros_open((dir / "db").c_str(), nullptr, &db.db, err.out()) == MIKROS_OK);
    std::string ana = profile_line("instagram", "Ana", R"("bio":"ceramics","country":"PT")");
    REQUIRE(mikros_index_json(db.db, ana.data(), ana.size(), err.out()) == MIKROS_OK);
    CHECK(mikros_pending(db.db) == 1);
    CHECK(mikros_count(db.db) == 0);  // not committed yet
    REQUIRE(mikros_commit(db.db, err.out()) == MIKROS_OK);
    CHECK(mikros_count(db.db) == 1);

    char* json = nullptr;
    REQUIRE(mikros_get_json(db.db, "instagram:ana", &json, err.out()) == MIKROS_OK);
    CHECK(nlohmann::json::parse(json)["bio"] == "ceramics");
    mikros_free(json);
    // Keys as parse_profile_key reads them (issue 16's table).
    REQUIRE(mikros_get_json(db.db, " Instagram:@ANA ", &json, err.out()) == MIKROS_OK);
    mikros_free(json);
    json = nullptr;
    CHECK(mikros_get_json(db.db, "instagram:@@ana", &json, err.out()) == MIKROS_INVALID_ARGUMENT);
    CHECK_THAT(mikros_error_message(err.e), Catch::Contains("second '@'"));
    CHECK(mikros_delete(db.db, "instagram:a na", err.out()) == MIKROS_INVALID_ARGUMENT);

    // Validation errors name the field.
    std::string bad = profile_line("instagram", "x", R"("country":"XX")");
    CHECK(mikros_index_json(db.db, bad.data(), bad.size(), err.out()) == MIKROS_INVALID_ARGUMENT);
    CHECK_THAT(mikros_error_message(err.e), Catch::Contains("country"));
    CHECK(mikros_index_json(db.db, "{", 1, err.out()) == MIKROS_INVALID_ARGUMENT);
    CHECK(mikros_index_json(db.db, nullptr, 4, err.out()) == MIKROS_INVALID_ARGUMENT);
    CHECK(mikros_pending(db.db) == 0);

    REQUIRE(mikros_delete(db.db, "instagram:ana", err.out()) == MIKROS_OK);
    REQUIRE(mikros_commit(db.db, err.out()) == MIKROS_OK);
    CHECK(mikros_count(db.db) == 0);
    json = reinterpret_cast<char*>(0x1);
    CHECK(mikros_get_json(db.db, "instagram:ana", &json, err.out()) == MIKROS_NOT_FOUND);
    CHECK(json == nullptr);
    CHECK(mikros_delete(db.db, "no-colon", err.out()) == MIKROS_INVALID_ARGUMENT);

    // Queued, not committed: mikros_close commits it.
    std::string bo = profile_line("tiktok", "bo");
    REQUIRE(mikros_index_json(db.db, bo.data(), bo.size(), err.out()) == MIKROS_OK);
  }
  Db again;
  REQUIRE(mikros_open((dir / "db").c_str(), nullptr, &again.db, err.out()) == MIKROS_OK);
  CHECK(mikros_count(again.db) == 1);
}

TEST_CASE("C API: query errors carry their position", "[c_api]") {
  TempDir dir;
  Db db;
  open_indexed(dir, db);
  Error err;
  Result res;
  CHECK(mikros_search(db.db, "er:>3x", nullptr, &res.r, err.out()) == MIKROS_QUERY_SYNTAX);
  CHECK(res.r == nullptr);
  CHECK(mikros_error_get_code(err.e) == MIKROS_QUERY_SYNTAX);
  CHECK(mikros_error_position(err.e) == 4);
  CHECK_THAT(mikros_error_string(err.e), Catch::StartsWith("query syntax: at 4: "));
  CHECK(mikros_search(db.db, nullptr, nullptr, &res.r, err.out()) == MIKROS_INVALID_ARGUMENT);
  CHECK(mikros_search(nullptr, "x", nullptr, &res.r, err.out()) == MIKROS_INVALID_ARGUMENT);
  CHECK(mikros_search(db.db, "x", nullptr, nullptr, err.out()) == MIKROS_INVALID_ARGUMENT);

  mikros_search_options options;
  mikros_search_options_init(&options, sizeof options);
  options.max_query_terms = 2;
  CHECK(mikros_search(db.db, "a b c", &options, &res.r, err.out()) == MIKROS_LIMIT_EXCEEDED);
}

TEST_CASE("C API: search options, paging and explain", "[c_api]") {
  TempDir dir;
  Db db;
  open_indexed(dir, db);
  Error err;
  mikros_search_options options;
  mikros_search_options_init(&options, sizeof options);
  CHECK(options.struct_size == sizeof options);
  CHECK(options.limit == 20);
  CHECK(options.offset == 0);
  CHECK(options.exact_total == 1);
  CHECK(options.explain == 0);
  CHECK(options.max_query_length == 4096);

  options.limit = 1;
  options.offset = 1;
  options.explain = 1;
  Result res;
  REQUIRE(mikros_search(db.db, "sort:followers", &options, &res.r, err.out()) == MIKROS_OK);
  CHECK(mikros_result_total(res.r) == 3);
  REQUIRE(mikros_result_count(res.r) == 1);
  CHECK(std::string(mikros_hit_handle(res.r, 0)) == "haulqueen");  // 2nd by followers
  CHECK_THAT(mikros_result_explanation(res.r), Catch::Contains("query:"));
}

TEST_CASE("C API: a stored brand ranks the search, through the options or brand:", "[c_api]") {
  TempDir dir;
  Db db;
  open_indexed(dir, db);
  Error err;
  const std::string brand =
      R"({"name":"Verde","keywords":["slow fashion","thrift"],"avoid":["fast fashion"]})";
  REQUIRE(mikros_put_brand(db.db, brand.data(), brand.size(), err.out()) == MIKROS_OK);
  const std::string bad = R"({"name":"","keywords":["x"]})";
  CHECK(mikros_put_brand(db.db, bad.data(), bad.size(), err.out()) == MIKROS_INVALID_ARGUMENT);
  CHECK_THAT(mikros_error_message(err.e), Catch::Contains("name"));

  mikros_search_options options;
  mikros_search_options_init(&options, sizeof options);
  CHECK(options.brand == nullptr);
  options.brand = "verde";
  Result res;
  REQUIRE(mikros_search(db.db, "fashion", &options, &res.r, err.out()) == MIKROS_OK);
  REQUIRE(mikros_result_count(res.r) == 2);
  // The slow-fashion creator leads; the fast-fashion one pays the avoid penalty.
  CHECK(std::string(mikros_hit_handle(res.r, 0)) == "maya_slowstyle");
  CHECK(mikros_hit_alignment(res.r, 0) > mikros_hit_alignment(res.r, 1));
  auto json = nlohmann::json::parse(mikros_result_json(res.r));
  CHECK(json["brand"] == "Verde");
  CHECK(json["hits"][0]["why"].contains("topical"));

  Result same;
  REQUIRE(mikros_search(db.db, "fashion brand:verde", nullptr, &same.r, err.out()) == MIKROS_OK);
  CHECK(std::string(mikros_hit_handle(same.r, 0)) == "maya_slowstyle");
  CHECK(mikros_hit_alignment(same.r, 0) == mikros_hit_alignment(res.r, 0));

  Result none;
  CHECK(mikros_search(db.db, "fashion", nullptr, &none.r, err.out()) == MIKROS_OK);
  CHECK(std::isnan(mikros_hit_alignment(none.r, 0)));
  options.brand = "nobody";
  Result missing;
  CHECK(mikros_search(db.db, "fashion", &options, &missing.r, err.out()) == MIKROS_NOT_FOUND);
}

TEST_CASE("C API: option structs of older and newer callers", "[c_api][abi]") {
  TempDir dir;
  Db db;
  open_indexed(dir, db);
  Error err;
  Result res;

  // An older caller knew only the fields up to `offset`: the rest takes its defaults.
  mikros_search_options older;
  std::memset(&older, 0xAB, sizeof older);  // bytes the older caller never wrote
  std::size_t old_size = offsetof(mikros_search_options, exact_total);
  mikros_search_options_init(&older, old_size);
  CHECK(older.struct_size == old_size);
  CHECK(older.limit == 20);
  older.limit = 1;
  REQUIRE(mikros_search(db.db, "fashion", &older, &res.r, err.out()) == MIKROS_OK);
  CHECK(mikros_result_count(res.r) == 1);
  CHECK(mikros_result_total_exact(res.r) == 1);  // exact_total took its default
  mikros_result_free(res.r);
  res.r = nullptr;

  // A newer caller whose extra fields are unset (zero) is served; one that sets a field this
  // library does not know is refused rather than silently ignored.
  struct Newer {
    mikros_search_options known;
    const char* brand;
  } newer;
  mikros_search_options_init(&newer.known, sizeof newer);
  CHECK(newer.brand == nullptr);  // _init zeroes what it does not know
  REQUIRE(mikros_search(db.db, "fashion", &newer.known, &res.r, err.out()) == MIKROS_OK);
  newer.brand = "acme";
  mikros_result* refused = nullptr;
  CHECK(mikros_search(db.db, "fashion", &newer.known, &refused, err.out()) ==
        MIKROS_INVALID_ARGUMENT);
  CHECK(refused == nullptr);
  CHECK_THAT(mikros_error_message(err.e), Catch::Contains("does not know"));

  // A struct that was never initialised.
  mikros_search_options zero{};
  CHECK(mikros_search(db.db, "fashion", &zero, &refused, err.out()) == MIKROS_INVALID_ARGUMENT);
  CHECK_THAT(mikros_error_message(err.e), Catch::Contains("mikros_search_options_init"));

  mikros_options open_options;
  mikros_options_init(&open_options, sizeof open_options);
  CHECK(open_options.create_if_missing == 1);
  CHECK(open_options.read_only == 0);
  CHECK(open_options.block_cache_mb == 32);
  CHECK(open_options.tier_micro == 5000);
  CHECK(open_options.tier_mega == 1000000);
  CHECK(open_options.batch_size == 5000);
  CHECK(open_options.data_dir == nullptr);
  // A caller of the header before data_dir: its struct ends at batch_size, and opens.
  mikros_options before;
  mikros_options_init(&before, offsetof(mikros_options, data_dir));
  mikros_db* opened = nullptr;
  CHECK(mikros_open((dir / "older").c_str(), &before, &opened, err.out()) == MIKROS_OK);
  mikros_close(opened);
}

TEST_CASE("C API: the data folder of the hashtag dictionary", "[c_api]") {
  TempDir dir;
  Error err;
  mikros_db* db = nullptr;
  mikros_options options;
  mikros_options_init(&options, sizeof options);
  const std::string empty = dir / "no-data";
  options.data_dir = empty.c_str();
  // A folder without words.lex: not found when it is the first the process asks for, refused
  // when the process already uses another dictionary. Never opened without one.
  auto code = mikros_open((dir / "db").c_str(), &options, &db, err.out());
  CHECK(db == nullptr);
  CHECK((code == MIKROS_NOT_FOUND || code == MIKROS_INVALID_ARGUMENT));
  REQUIRE(err.e != nullptr);
  CHECK_THAT(mikros_error_message(err.e), Catch::Contains(empty));
}

TEST_CASE("C API: read-only handles and the one writer", "[c_api]") {
  TempDir dir;
  Db writer;
  open_indexed(dir, writer);
  Error err;

  Db second;
  CHECK(mikros_open((dir / "db").c_str(), nullptr, &second.db, err.out()) == MIKROS_BUSY);
  CHECK(second.db == nullptr);

  mikros_options options;
  mikros_options_init(&options, sizeof options);
  options.read_only = 1;
  Db reader;
  REQUIRE(mikros_open((dir / "db").c_str(), &options, &reader.db, err.out()) == MIKROS_OK);
  CHECK(mikros_count(reader.db) == 3);
  std::string p = profile_line("instagram", "late");
  CHECK(mikros_index_json(reader.db, p.data(), p.size(), err.out()) == MIKROS_INVALID_ARGUMENT);
  CHECK_THAT(mikros_error_message(err.e), Catch::Contains("read-only"));

  // The reader sees the writer's next commit.
  REQUIRE(mikros_index_json(writer.db, p.data(), p.size(), err.out()) == MIKROS_OK);
  REQUIRE(mikros_commit(writer.db, err.out()) == MIKROS_OK);
  Result res;
  REQUIRE(mikros_search(reader.db, "platform:instagram", nullptr, &res.r, err.out()) == MIKROS_OK);
  CHECK(mikros_result_total(res.r) == 2);
}

TEST_CASE("C API: one handle shared by searching and writing threads", "[c_api][threads]") {
  TempDir dir;
  Db db;
  open_indexed(dir, db);
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 30; ++i) {
        mikros_result* res = nullptr;
        if (mikros_search(db.db, "fashion", nullptr, &res, nullptr) != MIKROS_OK ||
            mikros_result_total(res) < 2 || !mikros_result_json(res)) {
          ++failures[static_cast<std::size_t>(t)];
        }
        mikros_result_free(res);
      }
    });
  }
  threads.emplace_back([&] {
    for (int i = 0; i < 10; ++i) {
      std::string p = profile_line("instagram", "writer" + std::to_string(i), R"("bio":"fashion")");
      if (mikros_index_json(db.db, p.data(), p.size(), nullptr) != MIKROS_OK ||
          mikros_commit(db.db, nullptr) != MIKROS_OK) {
        ++failures[3];
      }
    }
  });
  for (auto& t : threads) t.join();
  CHECK(failures == std::vector<int>(4, 0));
  CHECK(mikros_count(db.db) == 13);
}

TEST_CASE("C API: NULL handles are errors, not crashes", "[c_api]") {
  Error err;
  CHECK(mikros_index_json(nullptr, "{}", 2, err.out()) == MIKROS_INVALID_ARGUMENT);
  CHECK(std::string(mikros_error_message(err.e)) == "db is NULL");
  CHECK(mikros_index_jsonl(nullptr, "", 0, nullptr, err.out()) == MIKROS_INVALID_ARGUMENT);
  CHECK(mikros_delete(nullptr, "a:b", err.out()) == MIKROS_INVALID_ARGUMENT);
  CHECK(mikros_commit(nullptr, err.out()) == MIKROS_INVALID_ARGUMENT);
  char* json = nullptr;
  CHECK(mikros_get_json(nullptr, "a:b", &json, err.out()) == MIKROS_INVALID_ARGUMENT);
  CHECK(mikros_count(nullptr) == 0);
  CHECK(mikros_pending(nullptr) == 0);
  mikros_close(nullptr);
  mikros_result_free(nullptr);
  mikros_report_free(nullptr);
  mikros_options_init(nullptr, sizeof(mikros_options));
}

TEST_CASE("the README's C example is the compiled one, and runs", "[c_api][readme]") {
  std::string readme = mikros::test::read_file(mikros::test::source_dir() + "/README.md");
  std::string example =
      mikros::test::read_file(mikros::test::source_dir() + "/tests/embedding/readme_example.c");
  // The README shows the example without its first comment line.
  auto body = example.substr(example.find('\n') + 1);
  CHECK_THAT(readme, Catch::Contains(body));

  TempDir dir;
  auto r = mikros::test::run({MIKROS_README_EXAMPLE_C, dir / "db"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err == "line 2: followers: expected a non-negative integer, got string\n");
  CHECK_THAT(r.out, Catch::StartsWith("instagram:maya_slowstyle micro 23400 followers, er 4.1%\n"
                                      "{\"query\":\"\\\"slow fashion\\\" tier:micro\","));
}

TEST_CASE("C API: audience and account filters, and facet counts", "[c_api][audience]") {
  TempDir dir;
  Db db;
  Error err;
  mikros_options o;
  mikros_options_init(&o, sizeof o);
  REQUIRE(mikros_open((dir / "db").c_str(), &o, &db.db, err.out()) == MIKROS_OK);
  const std::string lines =
      profile_line("instagram", "ana",
                   R"("city":"São Paulo","contact":"ana@x.y","sponsored":["Café Verde"],)"
                   R"("audience":{"countries":{"BR":0.62,"PT":0.1},"gender":{"female":0.7}})") +
      "\n" +
      profile_line("instagram", "bo", R"("city":"Lisboa","audience":{"countries":{"PT":0.5}})") +
      "\n" + profile_line("instagram", "cy", R"("followers":100)") + "\n";
  REQUIRE(mikros_index_jsonl(db.db, lines.data(), lines.size(), nullptr, err.out()) == MIKROS_OK);
  mikros_search_options options;
  mikros_search_options_init(&options, sizeof options);
  CHECK(options.facets == 0);
  CHECK(options.insights == 1);
  options.facets = 1;
  Result res;
  REQUIRE(mikros_search(db.db, "aud.country:BR,PT>=40% has:contact city:\"sao paulo\"", &options,
                        &res.r, err.out()) == MIKROS_OK);
  REQUIRE(mikros_result_count(res.r) == 1);
  CHECK(std::string(mikros_hit_handle(res.r, 0)) == "ana");
  Result all;
  REQUIRE(mikros_search(db.db, "sort:aud.country:PT", &options, &all.r, err.out()) == MIKROS_OK);
  REQUIRE(mikros_result_count(all.r) == 3);
  CHECK(std::string(mikros_hit_handle(all.r, 0)) == "bo");
  CHECK(mikros_result_facet(all.r, "city", "São Paulo") == 1);
  CHECK(mikros_result_facet(all.r, "audience_top_country", "BR") == 1);
  CHECK(mikros_result_facet(all.r, "audience_unknown", "audience") == 1);
  CHECK(mikros_result_facet(all.r, "audience_unknown", "aud.gender") == 2);
  CHECK(mikros_result_facet(all.r, "city", "Atlantis") == 0);
  CHECK(mikros_result_facet(nullptr, "city", "Lisboa") == 0);
  auto json = nlohmann::json::parse(mikros_result_json(all.r));
  CHECK(json["facets"]["city"]["Lisboa"] == 1);
  Result bad;
  CHECK(mikros_search(db.db, "aud.age:20-30>=10%", nullptr, &bad.r, err.out()) ==
        MIKROS_QUERY_SYNTAX);
  CHECK(mikros_error_position(err.e) == 8);
  CHECK_THAT(mikros_error_message(err.e), Catch::Contains("20 falls inside the band 18-24"));
}

TEST_CASE("C API: expansion by meaning is on by default and can be turned off", "[c_api]") {
  TempDir dir;
  Db db;
  Error err;
  REQUIRE(mikros_open((dir / "db").c_str(), nullptr, &db.db, err.out()) == MIKROS_OK);
  const std::string lines =
      profile_line("instagram", "talk", R"("bio":"money talk every monday")") + "\n" +
      profile_line("instagram", "plan", R"("bio":"budgeting and investing for beginners")") + "\n";
  REQUIRE(mikros_index_jsonl(db.db, lines.data(), lines.size(), nullptr, err.out()) == MIKROS_OK);
  mikros_search_options options;
  mikros_search_options_init(&options, sizeof options);
  CHECK(options.expand == 1);
  Result expanded;
  REQUIRE(mikros_search(db.db, "money", &options, &expanded.r, err.out()) == MIKROS_OK);
  CHECK(mikros_result_total(expanded.r) == 2);
  CHECK(std::string(mikros_hit_handle(expanded.r, 0)) == "talk");  // the word itself first
  options.expand = 0;
  Result literal;
  REQUIRE(mikros_search(db.db, "money", &options, &literal.r, err.out()) == MIKROS_OK);
  CHECK(mikros_result_total(literal.r) == 1);
}

TEST_CASE("C API: a count that cannot be read is an error, not 0", "[c_api]") {
  TempDir dir;
  {
    Db writer;
    open_indexed(dir, writer);
    Error err;
    REQUIRE(mikros_commit(writer.db, err.out()) == MIKROS_OK);
  }
  mikros_options options;
  mikros_options_init(&options, sizeof options);
  options.read_only = 1;
  Db reader;
  Error err;
  REQUIRE(mikros_open((dir / "db").c_str(), &options, &reader.db, err.out()) == MIKROS_OK);
  uint64_t count = 99;
  REQUIRE(mikros_count_profiles(reader.db, &count, err.out()) == MIKROS_OK);
  CHECK(count == 3);

  // The text index's version file gone under the open handle: the count cannot be read.
  std::filesystem::remove(dir / "db/index.000001/xapian/iamglass");
  mikros_error_code code = mikros_count_profiles(reader.db, &count, err.out());
  CHECK(code != MIKROS_OK);
  CHECK(count == 0);
  CHECK(err.e != nullptr);
  CHECK(mikros_count(reader.db) == 0);  // the old call cannot tell, hence the new one
  CHECK(mikros_count_profiles(nullptr, &count, err.out()) == MIKROS_INVALID_ARGUMENT);
  CHECK(mikros_count_profiles(reader.db, nullptr, err.out()) == MIKROS_INVALID_ARGUMENT);
}
