// A small, bounded run of `mikros bench`: every part runs, the JSON has the documented keys, and
// mikros agrees with its peers (FTS5; Lucene where Java and liblucene8-java are installed) on
// the hit count of every query. Timings are not checked here (they belong to the benchmark
// itself, docs/benchmarks.md). Java is never needed: without it the Lucene test is skipped.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support.h"

using mikros::test::run_mikros;
using mikros::test::TempDir;

namespace {

bool has(const nlohmann::json& j, const std::string& pointer) {
  return j.contains(nlohmann::json::json_pointer(pointer));
}

}  // namespace

// The Lucene peer is pointed at a folder without its jars, so this test runs the same with and
// without Java, and checks that the peer is skipped with the reason.
TEST_CASE("mikros bench runs every part and both engines match the same profiles", "[cli][bench]") {
  TempDir dir;
  auto r = run_mikros({"bench", "--count", "1500", "--queries", "40", "--warmup", "5", "--json",
                       "--dir", dir / "work", "--lucene-jars", dir / "no-jars"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);

  CHECK(j["schema"] == 2);
  for (const char* key : {"/setup/date",
                          "/setup/machine/cpu",
                          "/setup/machine/cores",
                          "/setup/versions/xapian",
                          "/setup/versions/sqlite",
                          "/setup/versions/rocksdb",
                          "/setup/corpus/seed",
                          "/load_average/start",
                          "/load_average/max",
                          "/corpus/bytes",
                          "/index/mikros/profiles_per_s",
                          "/index/mikros/size_bytes",
                          "/index/mikros/peak_rss_bytes",
                          "/index/fts5/profiles_per_s",
                          "/index/fts5/size_bytes",
                          "/index/ceiling/one_writer/profiles_per_s",
                          "/index/ceiling/two_processes/profiles_per_s",
                          "/index/ceiling/two_processes/compact_seconds",
                          "/index/ceiling/profiles_per_s",
                          "/query/mikros/peak_rss_bytes",
                          "/query/fts5/peak_rss_bytes",
                          "/ratios/index_mikros_over_ceiling",
                          "/ratios/size_mikros_over_fts5",
                          "/ratios/p99_mikros_over_fts5/docpair"}) {
    INFO(key);
    CHECK(has(j, key));
  }
  CHECK(j["setup"]["corpus"]["profiles"] == 1500);
  CHECK(j["index"]["mikros"]["profiles"] == 1500);
  CHECK(j["index"]["fts5"]["profiles"] == 1500);
  CHECK(j["index"]["ceiling"]["one_writer"]["profiles"] == 1500);
  CHECK(j["index"]["ceiling"]["two_processes"]["profiles"] == 1500);

  // Every mix ran on mikros, every mix but brand on FTS5, with the documented statistics.
  for (const char* mix : {"docpair", "text", "rare", "filters", "brand"}) {
    INFO(mix);
    const auto& m = j["query"]["mikros"]["mixes"][mix];
    CHECK(m["queries"] == 40);
    for (const char* stat : {"p50_ms", "p90_ms", "p99_ms", "mean_ms", "mean_total"}) {
      CHECK(m.contains(stat));
    }
    CHECK(m["p50_ms"].get<double>() <= m["p99_ms"].get<double>());
    CHECK(j["query"]["fts5"]["mixes"].contains(mix) == (std::string(mix) != "brand"));
  }
  // The text-only mix matches something on every query (its words come from a bio).
  CHECK(j["query"]["mikros"]["mixes"]["text"]["zero_hit_fraction"] == 0.0);

  // Same words, same filters: the same matching profiles, query by query.
  CHECK(j["corpus"]["prep"]["text_mismatch_docs"] == 0);
  CHECK(j["query"]["mismatches"]["total"] == 0);
  CHECK(j["query"]["mismatches_by_peer"]["fts5"]["total"] == 0);
  CHECK(j["targets"].size() == 7);

  // No jars: the Lucene peer is skipped, and the report says why.
  CHECK_THAT(j["index"]["lucene"]["skipped"].get<std::string>(), Catch::Contains("lucene-core"));
  CHECK(j["query"]["lucene"].contains("skipped"));
  CHECK(j["ratios"]["p99_mikros_over_lucene"]["docpair"].is_null());
  CHECK_THAT(r.err, Catch::Contains("lucene: skipped"));
}

// The Lucene peer (a Java program run by the benchmark) on the same corpus and queries: every
// query's total and returned hits equal mikros's. Skipped where java, javac or Debian's
// liblucene8-java are absent.
TEST_CASE("mikros bench runs the Lucene peer, which matches mikros query by query",
          "[cli][bench][lucene]") {
  TempDir dir;
  auto r =
      run_mikros({"bench", "--count", "1500", "--queries", "40", "--warmup", "5", "--json", "--dir",
                  dir / "work", "--only", "index,fts5,lucene,query", "--lucene-heap", "256m"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  if (j["index"]["lucene"].contains("skipped")) {
    MIKROS_SKIP("no Lucene peer here: " + j["index"]["lucene"]["skipped"].get<std::string>());
  }
  CHECK(j["index"]["lucene"]["profiles"] == 1500);
  for (const char* key :
       {"/index/lucene/profiles_per_s", "/index/lucene/size_bytes", "/index/lucene/peak_rss_bytes",
        "/query/lucene/peak_rss_bytes", "/ratios/index_mikros_over_lucene",
        "/ratios/size_mikros_over_lucene", "/ratios/p50_mikros_over_lucene/docpair",
        "/ratios/p99_mikros_over_lucene/filters"}) {
    INFO(key);
    CHECK(has(j, key));
  }
  for (const char* mix : {"docpair", "text", "rare", "filters", "audience"}) {
    INFO(mix);
    CHECK(j["query"]["lucene"]["mixes"][mix]["queries"] == 40);
  }
  CHECK_FALSE(j["query"]["lucene"]["mixes"].contains("brand"));
  CHECK(j["query"]["mismatches_by_peer"]["lucene"]["total"] == 0);
  // Lucene returns keys, so its hits are compared with mikros's (how many agree is a figure of
  // the run, not checked here).
  for (const char* mix : {"docpair", "filters", "audience"}) {
    INFO(mix);
    CHECK(j["query"]["same_hits"]["lucene"][mix].contains("same_set"));
  }
  CHECK(j["query"]["mismatches"]["total"] == 0);
}

TEST_CASE("mikros bench --only rejects an unknown part", "[cli][bench]") {
  auto r = run_mikros({"bench", "--only", "index,nonsense"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("unknown part \"nonsense\""));
}

// `mikros bench` runs mikros-bench (tools/cli/cmd_forward.cpp) with its arguments as given.
TEST_CASE("mikros bench --help is mikros-bench --help", "[cli][bench]") {
  auto r = run_mikros({"bench", "--help"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Usage: mikros-bench"));
  CHECK_THAT(r.out, Catch::Contains("--only"));
  CHECK(r.out == mikros::test::run({MIKROS_BENCH_BINARY, "--help"}).out);
}
