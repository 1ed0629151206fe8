// The mikros command and text analysis: without the hashtag dictionary, and the
// analysis benchmark.
#include <catch2/catch.hpp>
#include <filesystem>

#include "support.h"

using mikros::test::mikros_binary;
using mikros::test::profile_line;
using mikros::test::run;
using mikros::test::run_mikros;
using mikros::test::TempDir;

TEST_CASE("without the hashtag dictionary: a note when turned off, an error when missing",
          "[cli][analysis]") {
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
  // A dictionary named but missing is an error, not a quiet change of answers: the database
  // is not opened, and the message says where it looked and how to go on.
  auto missing = run({"/usr/bin/env", "MIKROS_LEXICON=" + dir / "nope.lex", mikros_binary(),
                      "index", "--db", dir / "db2", "-"},
                     lines);
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Catch::Contains("MIKROS_LEXICON names a file that does not exist: " +
                                          dir / "nope.lex"));
  auto no_data = run({"/usr/bin/env", "-u", "MIKROS_LEXICON", "MIKROS_DATA_DIR=" + dir / "empty",
                      mikros_binary(), "search", "--db", dir / "db", "#slowfashion"});
  CHECK(no_data.exit_code == 1);
  CHECK_THAT(no_data.err,
             Catch::Contains("no hashtag dictionary: no words.lex at " + dir / "empty/words.lex"));
  CHECK_THAT(no_data.err, Catch::Contains("MIKROS_LEXICON=none"));
  // A file that is there but is no dictionary is reported as such, never skipped.
  std::filesystem::create_directories(dir / "bad");
  mikros::test::write_file(dir / "bad/words.lex", "not a lexicon image");
  auto bad = run({"/usr/bin/env", "-u", "MIKROS_LEXICON", "MIKROS_DATA_DIR=" + dir / "bad",
                  mikros_binary(), "search", "--db", dir / "db", "#slowfashion"});
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.err, Catch::Contains("not a usable lexicon image"));
  // With the dictionary (the default), "slow fashion" is found in #slowfashion.
  auto with = run_mikros({"index", "--db", dir / "db3", "-"}, lines);
  REQUIRE(with.exit_code == 0);
  CHECK(with.err.find("no hashtag dictionary") == std::string::npos);
  auto phrase = run_mikros({"search", "--db", dir / "db3", "--json", "\"slow fashion\""});
  CHECK_THAT(phrase.out, Catch::Contains("\"total\":1"));
  // The build's programs use the build tree's dictionary, and say so.
  auto stats = run_mikros({"stats", "--db", dir / "db3"});
  CHECK_THAT(stats.out, Catch::Contains("hashtag dictionary: "));
  CHECK_THAT(stats.out, Catch::Contains("share/mikros/words.lex"));
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
