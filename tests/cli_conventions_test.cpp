// The mikros command follows the conventions of git, ripgrep and sqlite3: output for programs
// is never cut, --format, unknown subcommands with the closest match, `help CMD`, MIKROS_DB,
// `mikros:` on every error, --color and NO_COLOR, help that fits, completion and a man page.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support.h"

using mikros::test::profile_line;
using mikros::test::run;
using mikros::test::run_mikros;
using mikros::test::run_mikros_env;
using mikros::test::TempDir;
using mikros::test::write_file;

namespace {

const std::string kLongHandle = "vintage.denim.diaries.and.other.long.stories.from.the.road";

// A database of three profiles, one with a long handle and a name holding a comma.
std::string small_db(const TempDir& dir) {
  write_file(dir / "p.jsonl",
             profile_line("instagram", "maya_slowstyle",
                          R"("name":"Maya, Slow","bio":"slow fashion","country":"US",)"
                          R"("followers":23400,"engagement_rate":0.04)") +
                 "\n" +
                 profile_line("instagram", kLongHandle,
                              R"("name":"A very long display name indeed, for cutting",)"
                              R"("bio":"slow fashion denim","country":"GB","followers":12000)") +
                 "\n" +
                 profile_line("tiktok", "haulqueen",
                              R"("bio":"fast fashion hauls","country":"US","followers":45000)") +
                 "\n");
  auto r = run_mikros({"index", "--db", dir / "db", "--no-progress", dir / "p.jsonl"});
  REQUIRE(r.exit_code == 0);
  return dir / "db";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("output read by a program is never cut to a width", "[cli][conventions]") {
  TempDir dir;
  std::string db = small_db(dir);
  // Even with a narrow COLUMNS: standard output here is a pipe, not a terminal.
  auto r = run_mikros_env({"COLUMNS=40"}, {"search", "--db", db, "slow fashion"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("instagram:" + kLongHandle));
  CHECK_THAT(r.out, Catch::Contains("A very long display name indeed, for cutting"));
  CHECK_THAT(r.out, !Catch::Contains("…"));
  auto facets = run_mikros_env({"COLUMNS=40"}, {"search", "--db", db, "--facets", "fashion"});
  CHECK_THAT(facets.out, !Catch::Contains("more"));
}

TEST_CASE("search and stats take --format table|tsv|csv|json", "[cli][conventions]") {
  TempDir dir;
  std::string db = small_db(dir);
  auto tsv = run_mikros({"search", "--db", db, "--format", "tsv", "sort:followers"});
  REQUIRE(tsv.exit_code == 0);
  auto rows = lines_of(tsv.out);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] == "rank\tprofile\tname\ttier\tfollowers\tcountry\ter\tpeers\tscore");
  CHECK_THAT(rows[1], Catch::StartsWith("1\ttiktok:haulqueen\t"));
  CHECK_THAT(rows[2], Catch::StartsWith("2\tinstagram:maya_slowstyle\tMaya, Slow\tmicro\t23400\tUS"
                                        "\t0.04\t"));
  auto csv = run_mikros({"search", "--db", db, "--format", "csv", "sort:followers"});
  rows = lines_of(csv.out);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] == "rank,profile,name,tier,followers,country,er,peers,score");
  CHECK_THAT(rows[2], Catch::StartsWith("2,instagram:maya_slowstyle,\"Maya, Slow\",micro,23400,"));
  // --json is the short form of --format json; both at once is a usage error.
  auto json = run_mikros({"search", "--db", db, "--format", "json", "sort:followers"});
  CHECK(json.out == run_mikros({"search", "--db", db, "--json", "sort:followers"}).out);
  CHECK(nlohmann::json::parse(json.out)["total"] == 3);
  auto both = run_mikros({"search", "--db", db, "--json", "--format", "csv", "x"});
  CHECK(both.exit_code == 2);
  CHECK_THAT(both.err, Catch::StartsWith("mikros: "));
  CHECK(run_mikros({"search", "--db", db, "--format", "xml", "x"}).exit_code == 2);

  auto stats = run_mikros({"stats", "--db", db, "--format", "csv"});
  REQUIRE(stats.exit_code == 0);
  rows = lines_of(stats.out);
  CHECK(rows[0] == "facet,value,profiles");
  CHECK(std::find(rows.begin(), rows.end(), "platform,instagram,2") != rows.end());
  CHECK(std::find(rows.begin(), rows.end(), "tier,micro,3") != rows.end());
  CHECK(std::find(rows.begin(), rows.end(), "country,US,2") != rows.end());
  auto stats_json = nlohmann::json::parse(run_mikros({"stats", "--db", db, "--json"}).out);
  CHECK(stats_json["profiles"] == 3);
}

TEST_CASE("unknown subcommands and options are named and help CMD works", "[cli][conventions]") {
  auto frob = run_mikros({"frob"});
  CHECK(frob.exit_code == 2);
  CHECK_THAT(frob.err, Catch::StartsWith("mikros: unknown subcommand 'frob'"));
  CHECK_THAT(frob.err, Catch::Contains("search"));  // the commands are listed
  auto typo = run_mikros({"serch", "--db", "x", "q"});
  CHECK(typo.exit_code == 2);
  CHECK_THAT(typo.err, Catch::Contains("unknown subcommand 'serch' (did you mean 'search'?)"));
  auto option = run_mikros({"--frobnicate"});
  CHECK(option.exit_code == 2);
  CHECK_THAT(option.err, Catch::StartsWith("mikros: unknown option '--frobnicate'"));
  auto none = run_mikros({});
  CHECK(none.exit_code == 2);
  CHECK_THAT(none.err, Catch::Contains("mikros: a subcommand is required"));

  // `mikros help` is `mikros --help`, and lists every command.
  auto help = run_mikros({"help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out == run_mikros({"--help"}).out);
  for (const char* cmd :
       {"index", "reindex", "delete", "search", "stats", "show", "shell", "verify", "backup",
        "compact", "generate", "brand", "evaluate", "bench", "completion", "manpage"}) {
    INFO(cmd);
    CHECK_THAT(help.out, Catch::Contains(std::string("\n  ") + cmd + " "));
  }
  CHECK_THAT(help.out, Catch::Contains("MIKROS_DB"));
  auto search_help = run_mikros({"help", "search"});
  CHECK(search_help.exit_code == 0);
  CHECK(search_help.out == run_mikros({"search", "--help"}).out);
  CHECK_THAT(search_help.out, Catch::Contains("--format"));
  auto nested = run_mikros({"help", "brand", "add"});
  CHECK(nested.exit_code == 0);
  CHECK_THAT(nested.out, Catch::Contains("Brand JSON files"));
  auto unknown_help = run_mikros({"help", "frob"});
  CHECK(unknown_help.exit_code == 2);
  CHECK_THAT(unknown_help.err, Catch::StartsWith("mikros: unknown subcommand 'frob'"));
}

TEST_CASE("help is complete and wrapped to the width", "[cli][conventions]") {
  for (const char* cmd : {"", "index", "search", "shell", "evaluate", "completion"}) {
    INFO(cmd);
    auto r = std::string(cmd).empty() ? run_mikros({"--help"}) : run_mikros({cmd, "--help"});
    REQUIRE(r.exit_code == 0);
    for (const auto& line : lines_of(r.out)) {
      INFO(line);
      CHECK(line.size() <= 80);  // ASCII help: bytes are columns
    }
  }
  auto index = run_mikros({"index", "--help"});
  CHECK_THAT(index.out, Catch::Contains("hypeauditor-csv"));
  CHECK_THAT(index.out, Catch::Contains("half of the profiles"));
}

TEST_CASE("argument errors carry the mikros: prefix and MIKROS_DB stands for --db",
          "[cli][conventions]") {
  TempDir dir;
  std::string db = small_db(dir);
  auto missing =
      run({"/usr/bin/env", "-u", "MIKROS_DB", mikros::test::mikros_binary(), "search", "slow"});
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::StartsWith("mikros: --db is required"));
  CHECK_THAT(missing.err, Catch::Contains("MIKROS_DB"));
  auto range = run_mikros({"search", "--db", db, "--limit", "0", "slow"});
  CHECK(range.exit_code == 2);
  CHECK_THAT(range.err, Catch::StartsWith("mikros: --limit"));
  auto extra = run_mikros({"stats", "--db", db, "surplus"});
  CHECK(extra.exit_code == 2);
  CHECK_THAT(extra.err, Catch::StartsWith("mikros: "));
  CHECK_THAT(extra.err, Catch::Contains("mikros stats --help"));

  auto env = run_mikros_env({"MIKROS_DB=" + db}, {"search", "--json", "slow fashion"});
  CHECK(env.exit_code == 0);
  CHECK(nlohmann::json::parse(env.out)["total"] == 2);
  auto stats = run_mikros_env({"MIKROS_DB=" + db}, {"stats", "--json"});
  CHECK(nlohmann::json::parse(stats.out)["profiles"] == 3);
  // --db wins over the environment.
  auto both = run_mikros_env({"MIKROS_DB=" + dir / "nowhere"}, {"stats", "--db", db, "--json"});
  CHECK(both.exit_code == 0);
}

TEST_CASE("colour follows --color and NO_COLOR", "[cli][conventions]") {
  TempDir dir;
  std::string db = small_db(dir);
  const std::string escape = "\033[";
  // A pipe: plain by default, coloured when asked, whatever NO_COLOR says then.
  CHECK_THAT(run_mikros({"search", "--db", db, "slow"}).out, !Catch::Contains(escape));
  CHECK_THAT(run_mikros({"search", "--db", db, "--color=always", "slow"}).out,
             Catch::Contains(escape));
  CHECK_THAT(run_mikros({"--color", "always", "stats", "--db", db}).out, Catch::Contains(escape));
  CHECK_THAT(run_mikros_env({"NO_COLOR=1"}, {"search", "--db", db, "--color=always", "slow"}).out,
             Catch::Contains(escape));
  CHECK_THAT(run_mikros({"search", "--db", db, "--color=never", "slow"}).out,
             !Catch::Contains(escape));
  auto bad = run_mikros({"search", "--db", db, "--color=sometimes", "slow"});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::StartsWith("mikros: --color: expected auto, always or never"));
}

TEST_CASE("shell completion for bash and zsh", "[cli][conventions]") {
  TempDir dir;
  auto bash = run_mikros({"completion", "bash"});
  REQUIRE(bash.exit_code == 0);
  CHECK_THAT(bash.out, Catch::Contains("complete -F _mikros mikros"));
  write_file(dir / "mikros.bash", bash.out);
  // Completing as bash would: the command, then its options, then a nested command.
  auto complete = [&](const std::string& words, int cword) {
    return run({"/bin/bash", "-c",
                "source " + dir / "mikros.bash" + "; COMP_WORDS=(" + words + "); COMP_CWORD=" +
                    std::to_string(cword) + "; _mikros; echo \"${COMPREPLY[*]}\""})
        .out;
  };
  CHECK(complete("mikros sea", 1) == "search\n");
  CHECK_THAT(complete("mikros search --fo", 2), Catch::Contains("--format"));
  CHECK_THAT(complete("mikros brand ad", 2), Catch::Contains("add"));
  CHECK(complete("mikros search --format t", 3) == "table tsv\n");

  auto zsh = run_mikros({"completion", "zsh"});
  REQUIRE(zsh.exit_code == 0);
  CHECK_THAT(zsh.out, Catch::StartsWith("#compdef mikros"));
  CHECK_THAT(zsh.out, Catch::Contains("'--format[Output"));
  for (const char* cmd : {"index", "search", "shell", "evaluate", "completion"}) {
    CHECK_THAT(zsh.out, Catch::Contains(std::string("    '") + cmd + ":"));
  }
  if (std::filesystem::exists("/usr/bin/zsh")) {
    write_file(dir / "_mikros", zsh.out);
    CHECK(run({"/usr/bin/zsh", "-n", dir / "_mikros"}).exit_code == 0);
  }
  CHECK(run_mikros({"completion", "fish"}).exit_code == 2);
}

TEST_CASE("the manual page is made from the help", "[cli][conventions]") {
  TempDir dir;
  auto man = run_mikros({"manpage", "-o", dir / "mikros.1"});
  REQUIRE(man.exit_code == 0);
  std::string page = mikros::test::read_file(dir / "mikros.1");
  CHECK_THAT(page, Catch::Contains(".TH MIKROS 1"));
  for (const char* cmd : {"index", "search", "shell", "evaluate", "completion"}) {
    CHECK_THAT(page, Catch::Contains(std::string(".SS ") + cmd + "\n"));
  }
  CHECK_THAT(page, Catch::Contains("\\fB\\-\\-format\\fR"));
  // A flag takes no value; an option names its value.
  CHECK_THAT(page, Catch::Contains("\\fB\\-q\\fR, \\fB\\-\\-quiet\\fR\n"));
  CHECK_THAT(page, Catch::Contains("\\fB\\-\\-db\\fR \\fITEXT\\fR\n"));
  CHECK_THAT(page, Catch::Contains("MIKROS_DB"));
  if (std::filesystem::exists("/usr/bin/groff")) {
    auto rendered = run({"/usr/bin/groff", "-man", "-Tutf8", "-ww", dir / "mikros.1"});
    CHECK(rendered.exit_code == 0);
    CHECK(rendered.err.empty());
    CHECK_THAT(rendered.out, Catch::Contains("search"));
  }
}

TEST_CASE("pictures on a terminal and plain figures otherwise", "[cli][conventions][pictures]") {
  TempDir dir;
  write_file(dir / "p.jsonl",
             profile_line("instagram", "maya",
                          R"("bio":"slow fashion","country":"US","followers":9310,)"
                          R"("follower_history":[["2026-01-01",8200],["2026-02-01",8100],)"
                          R"(["2026-03-01",8900],["2026-04-01",9310]],)"
                          R"("audience":{"countries":{"US":0.5,"GB":0.25}})") +
                 "\n" + profile_line("tiktok", "b", R"("bio":"slow","country":"GB")") + "\n");
  REQUIRE(run_mikros({"index", "--db", dir / "db", "--no-progress", dir / "p.jsonl"}).exit_code ==
          0);
  // Pictures (what a terminal gets; --color=always stands in for one here).
  auto drawn = run_mikros({"show", "--db", dir / "db", "--color=always", "instagram:maya"});
  REQUIRE(drawn.exit_code == 0);
  CHECK_THAT(drawn.out, Catch::Contains("2026-01-01 8,200 "));
  CHECK_THAT(drawn.out, Catch::Contains("▂▁▆█"));  // 8,200 8,100 8,900 9,310 between min and max
  CHECK_THAT(drawn.out, Catch::Contains(" 2026-04-01 9,310\n"));
  CHECK_THAT(drawn.out, Catch::Contains("██████████"));  // US: half of 20 columns
  CHECK_THAT(drawn.out, Catch::Contains("50%"));
  // Plain: the same facts in words, no block characters.
  for (const auto& plain :
       {run_mikros({"show", "--db", dir / "db", "instagram:maya"}),
        run_mikros_env({"NO_COLOR=1"}, {"show", "--db", dir / "db", "instagram:maya"})}) {
    CHECK_THAT(plain.out,
               Catch::Contains("followers: 2026-01-01 8,200 → (4 samples) 2026-04-01 9,310"));
    CHECK_THAT(plain.out, Catch::Contains("audience: US 50%, GB 25%"));
    CHECK_THAT(plain.out, !Catch::Contains("█"));
  }
  // Facet counts as bars, scaled to the largest.
  auto facets = run_mikros({"search", "--db", dir / "db", "--facets", "--color=always", "slow"});
  CHECK_THAT(facets.out, Catch::Contains("████████████████████"));
  auto plain_facets = run_mikros({"search", "--db", dir / "db", "--facets", "slow"});
  CHECK_THAT(plain_facets.out, Catch::Contains("country   GB 1 · US 1"));
  CHECK_THAT(plain_facets.out, !Catch::Contains("█"));
}

TEST_CASE("evaluate search scores judged queries and needs its arguments", "[cli][evaluate]") {
  TempDir dir;
  std::string db = small_db(dir);
  write_file(dir / "judged.jsonl",
             R"({"query": "slow fashion", "relevant": ["Instagram:@maya_slowstyle", "x:nobody"]})"
             "\n\n"
             R"({"query": "hauls", "relevant": ["tiktok:haulqueen"]})"
             "\n");
  auto r = run_mikros({"evaluate", "search", "--db", db, "--judgments", dir / "judged.jsonl", "-k",
                       "5", "--expand", "off", "--json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["k"] == 5);
  REQUIRE(j["queries"].size() == 2);
  const auto& slow = j["queries"][0];
  CHECK(slow["query"] == "slow fashion");
  CHECK(slow["relevant"] == 2);
  CHECK(slow["found"] == 1);
  CHECK(slow["matches"] == 2);
  CHECK(slow["precision"].get<double>() == Approx(0.2));
  CHECK(slow["recall"].get<double>() == Approx(0.5));
  const auto& hauls = j["queries"][1];
  CHECK(hauls["reciprocal_rank"].get<double>() == Approx(1.0));
  CHECK(hauls["ndcg"].get<double>() == Approx(1.0));
  CHECK(j["recall"].get<double>() == Approx(0.75));
  CHECK(j["recall_at"] == 50);
  CHECK(j["recall_deep"].get<double>() == Approx(0.75));
  auto single = run_mikros(
      {"evaluate", "search", "--db", db, "--judgments", dir / "judged.jsonl", "--expand", "on"});
  CHECK_THAT(single.out, Catch::Contains("precision@10"));
  CHECK_THAT(single.out, Catch::Contains("recall@50"));
  // By default each query runs without and with expansion by meaning, side by side.
  auto both =
      run_mikros({"evaluate", "search", "--db", db, "--judgments", dir / "judged.jsonl", "--json"});
  REQUIRE(both.exit_code == 0);
  auto paired = nlohmann::json::parse(both.out);
  CHECK(paired["off"]["expand"] == false);
  CHECK(paired["on"]["expand"] == true);
  CHECK(paired["off"]["queries"].size() == 2);
  auto table = run_mikros({"evaluate", "search", "--db", db, "--judgments", dir / "judged.jsonl"});
  CHECK_THAT(table.out, Catch::Contains("P@10 off"));
  CHECK_THAT(table.out, Catch::Contains("nDCG@10 on"));
  CHECK_THAT(table.out, Catch::Contains("mean"));

  // Every argument is required, and a missing or bad file is named.
  auto no_judgments = run_mikros({"evaluate", "search", "--db", db});
  CHECK(no_judgments.exit_code == 2);
  CHECK_THAT(no_judgments.err, Catch::StartsWith("mikros: --judgments is required"));
  auto missing = run_mikros({"evaluate", "search", "--db", db, "--judgments", dir / "none"});
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Catch::Contains(dir / "none" + ": no such file"));
  write_file(dir / "bad.jsonl", R"({"query": "x", "relevant": []})"
                                "\n"
                                R"({"relevant": ["a:b"]})"
                                "\n");
  auto bad = run_mikros({"evaluate", "search", "--db", db, "--judgments", dir / "bad.jsonl"});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("bad.jsonl:2: expected \"query\""));
  auto no_db = run_mikros(
      {"evaluate", "search", "--db", dir / "nowhere", "--judgments", dir / "judged.jsonl"});
  CHECK(no_db.exit_code == 1);
  auto bare = run_mikros({"evaluate"});
  CHECK(bare.exit_code == 2);
  CHECK_THAT(bare.err, Catch::Contains("mikros evaluate search --db DIR --judgments FILE"));
}
