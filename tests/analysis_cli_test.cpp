// The mikros command and text analysis: degrading without the hashtag dictionary, and the
// analysis benchmark.
#include <catch2/catch.hpp>

#include "support.h"

using mikros::test::mikros_binary;
using mikros::test::profile_line;
using mikros::test::run;
using mikros::test::run_mikros;
using mikros::test::TempDir;

TEST_CASE("without the hashtag dictionary, indexing goes on with a note", "[cli][analysis]") {
  TempDir dir;
  std::string lines =
      profile_line("instagram", "a", R"("hashtags":["slowfashion","SlowLiving"])") + "\n";
  // MIKROS_LEXICON=none: as if words.lex were missing.
  auto indexed = run(
      {"/usr/bin/env", "MIKROS_LEXICON=none", mikros_binary(), "index", "--db", dir / "db", "-"},
      lines);
  INFO(indexed.err);
  REQUIRE(indexed.exit_code == 0);
  CHECK_THAT(indexed.err, Catch::Contains("no hashtag dictionary"));
  CHECK_THAT(indexed.err, Catch::Contains("case changes, digits and underscores only"));
  // camelCase still splits; a lowercase run stays whole, and the tag itself is found.
  auto camel = run_mikros({"search", "--db", dir / "db", "--json", "\"slow living\""});
  CHECK_THAT(camel.out, Catch::Contains("\"total\":1"));
  auto whole = run_mikros({"search", "--db", dir / "db", "--json", "#slowfashion"});
  CHECK_THAT(whole.out, Catch::Contains("\"total\":1"));
  // A missing file is reported, not a crash.
  auto missing = run({"/usr/bin/env", "MIKROS_LEXICON=" + dir / "nope.lex", mikros_binary(),
                      "index", "--db", dir / "db2", "-"},
                     lines);
  CHECK(missing.exit_code == 0);
  CHECK_THAT(missing.err, Catch::Contains("nope.lex"));
  // With the dictionary (the default), "slow fashion" is found in #slowfashion.
  auto with = run_mikros({"index", "--db", dir / "db3", "-"}, lines);
  REQUIRE(with.exit_code == 0);
  CHECK(with.err.find("no hashtag dictionary") == std::string::npos);
  auto phrase = run_mikros({"search", "--db", dir / "db3", "--json", "\"slow fashion\""});
  CHECK_THAT(phrase.out, Catch::Contains("\"total\":1"));
}

TEST_CASE("mikros bench --only analysis prints its figures and setup", "[cli][bench]") {
  auto r = run_mikros({"bench", "--only", "analysis", "--count", "300"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("analysis: one thread"));
  CHECK_THAT(r.out, Catch::Contains("profiles:"));
  CHECK_THAT(r.out, Catch::Contains("M tokens/s"));
  CHECK_THAT(r.out, Catch::Contains("dictionary:"));
  auto bad = run_mikros({"bench", "--only", "nonsense"});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("unknown part"));
  TempDir dir;
  mikros::test::write_file(dir / "p.jsonl", profile_line("instagram", "x", R"("bio":"hi")") + "\n");
  auto input = run_mikros({"bench", "--only", "analysis", "--analysis-input", dir / "p.jsonl"});
  CHECK(input.exit_code == 0);
  CHECK_THAT(input.out, Catch::Contains("first 1 profiles"));
}
