// End-to-end tests that drive the mikros binary: exit statuses, output formats, rejections.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "support.h"

using mikros::test::profile_line;
using mikros::test::read_file;
using mikros::test::run_mikros;
using mikros::test::TempDir;
using mikros::test::write_file;

namespace {

// FNV-1a, 64 bits: a checksum of generated output that needs no library.
std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001B3ULL;
  return h;
}

std::string corpus_lines() {
  return profile_line(
             "instagram", "maya_slowstyle",
             R"("name":"Maya","bio":"Slow fashion lover 🌿","country":"US","followers":23400,"engagement_rate":0.04,"categories":["fashion"])") +
         "\n" +
         profile_line(
             "tiktok", "haulqueen",
             R"("name":"Haul Queen","bio":"fast fashion hauls","country":"US","followers":45000)") +
         "\n" +
         profile_line("instagram", "tokyo_furugi",
                      R"("bio":"古着とスローファッション","country":"JP","followers":4999)") +
         "\n";
}

}  // namespace

TEST_CASE("index then search, as a new user would", "[cli]") {
  TempDir dir;
  write_file(dir / "p.jsonl", corpus_lines());
  auto index = run_mikros({"index", "--db", dir / "db", dir / "p.jsonl"});
  CHECK(index.exit_code == 0);
  CHECK_THAT(index.err, Catch::Contains("3 records: 3 indexed, 0 rejected; 3 committed"));

  auto search =
      run_mikros({"search", "--db", dir / "db", "\"slow fashion\" tier:micro country:US"});
  CHECK(search.exit_code == 0);
  CHECK_THAT(search.out, Catch::Contains("instagram:maya_slowstyle"));
  CHECK_THAT(search.out, Catch::Contains("1–1 of 1 match"));
  CHECK_THAT(search.out, !Catch::Contains("haulqueen"));
  // The header line names the columns; rows are aligned under them.
  CHECK_THAT(search.out, Catch::StartsWith("#  profile"));
}

TEST_CASE("search --json prints one object with the documented keys", "[cli][json]") {
  TempDir dir;
  write_file(dir / "p.jsonl", corpus_lines());
  REQUIRE(run_mikros({"index", "--db", dir / "db", dir / "p.jsonl"}).exit_code == 0);
  auto r = run_mikros({"search", "--db", dir / "db", "--json", "fashion", "country:US"});
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["query"] == "fashion country:US");
  CHECK(j["total"] == 2);
  CHECK(j["total_exact"] == true);
  REQUIRE(j["hits"].size() == 2);
  for (const auto& hit : j["hits"]) {
    for (const char* key : {"platform", "handle", "name", "score", "tier", "followers", "country",
                            "engagement_rate"}) {
      CHECK(hit.contains(key));
    }
  }
  auto maya = j["hits"][0]["handle"] == "maya_slowstyle" ? j["hits"][0] : j["hits"][1];
  CHECK(maya["platform"] == "instagram");
  CHECK(maya["tier"] == "micro");
  CHECK(maya["followers"] == 23400);
  CHECK(maya["country"] == "US");
  CHECK(maya["engagement_rate"] == 0.04);
  CHECK(maya["score"].get<double>() > 0);
}

TEST_CASE("rejected records: line numbers, the rejects file and exit status 3", "[cli][index]") {
  TempDir dir;
  std::string input = profile_line("instagram", "ok1") + "\n" +
                      profile_line("instagram", "neg", R"("followers":-5)") + "\n" + "{not json\n" +
                      profile_line("instagram", "cc", R"("country":"XX")") + "\n" +
                      profile_line("instagram", "ok2") + "\n";
  write_file(dir / "in.jsonl", input);
  auto r = run_mikros(
      {"index", "--db", dir / "db", "--rejects", dir / "rejects.jsonl", dir / "in.jsonl"});
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.err, Catch::Contains("in.jsonl:2: followers: must not be negative, got -5"));
  CHECK_THAT(r.err, Catch::Contains("in.jsonl:3: invalid JSON"));
  CHECK_THAT(r.err,
             Catch::Contains(R"(in.jsonl:4: country: unknown ISO 3166-1 country code "XX")"));
  CHECK_THAT(r.err, Catch::Contains("5 records: 2 indexed, 3 rejected"));
  std::ifstream rejects(dir / "rejects.jsonl");
  std::string line;
  std::vector<nlohmann::json> rows;
  while (std::getline(rejects, line)) rows.push_back(nlohmann::json::parse(line));
  REQUIRE(rows.size() == 3);
  CHECK(rows[0]["line"] == 2);
  CHECK(rows[0]["error"] == "followers: must not be negative, got -5");
  CHECK(rows[1]["input"] == "{not json");
  CHECK(rows[2]["line"] == 4);
  // The good records are searchable.
  auto all = run_mikros({"search", "--db", dir / "db", "--json", ""});
  CHECK(nlohmann::json::parse(all.out)["total"] == 2);
}

TEST_CASE("reading standard input", "[cli][index]") {
  TempDir dir;
  auto r = run_mikros({"index", "--db", dir / "db", "-"}, corpus_lines());
  CHECK(r.exit_code == 0);
  auto stats = run_mikros({"stats", "--db", dir / "db", "--json"});
  REQUIRE(stats.exit_code == 0);
  auto j = nlohmann::json::parse(stats.out);
  CHECK(j["profiles"] == 3);
  CHECK(j["tier"]["nano"] == 1);
  CHECK(j["tier"]["micro"] == 2);
  CHECK(j["platform"]["instagram"] == 2);
  CHECK(j["country"]["US"] == 2);
}

TEST_CASE("exit statuses for errors", "[cli][errors]") {
  TempDir dir;
  write_file(dir / "p.jsonl", corpus_lines());
  REQUIRE(run_mikros({"index", "--db", dir / "db", dir / "p.jsonl"}).exit_code == 0);

  auto missing_file = run_mikros({"index", "--db", dir / "db", dir / "nope.jsonl"});
  CHECK(missing_file.exit_code == 1);
  CHECK_THAT(missing_file.err, Catch::Contains("nope.jsonl: cannot open"));

  auto syntax = run_mikros({"search", "--db", dir / "db", "er:>3x"});
  CHECK(syntax.exit_code == 2);
  CHECK_THAT(syntax.err, Catch::Contains("at 4: expected a number or percentage"));
  CHECK_THAT(syntax.err, Catch::Contains("er:>3x\n      ^"));

  auto no_db = run_mikros({"search", "--db", dir / "nodb", "x"});
  CHECK(no_db.exit_code == 1);
  CHECK_THAT(no_db.err, Catch::Contains("no mikros database here"));

  CHECK(run_mikros({"frobnicate"}).exit_code == 2);
  CHECK(run_mikros({"search"}).exit_code == 2);  // --db is required
  CHECK(run_mikros({"index", "--db", dir / "db", "--format", "xml", "x"}).exit_code == 2);
  auto show_missing = run_mikros({"show", "--db", dir / "db", "instagram:nobody"});
  CHECK(show_missing.exit_code == 1);
  CHECK_THAT(show_missing.err, Catch::Contains("no profile instagram:nobody"));
}

TEST_CASE("show prints one stored profile", "[cli]") {
  TempDir dir;
  write_file(dir / "p.jsonl", corpus_lines());
  REQUIRE(run_mikros({"index", "--db", dir / "db", dir / "p.jsonl"}).exit_code == 0);
  auto card = run_mikros({"show", "--db", dir / "db", "instagram:Maya_SlowStyle"});
  CHECK(card.exit_code == 0);
  CHECK_THAT(card.out, Catch::StartsWith("instagram:maya_slowstyle — Maya"));
  CHECK_THAT(card.out, Catch::Contains("micro · 23,400 followers · United States"));
  auto json = run_mikros({"show", "--db", dir / "db", "--json", "instagram:maya_slowstyle"});
  REQUIRE(json.exit_code == 0);
  CHECK(nlohmann::json::parse(json.out)["bio"] == "Slow fashion lover 🌿");
}

TEST_CASE("show and delete take keys as parse_profile_key reads them", "[cli][key]") {
  TempDir dir;
  write_file(dir / "p.jsonl", corpus_lines());
  REQUIRE(run_mikros({"index", "--db", dir / "db", dir / "p.jsonl"}).exit_code == 0);
  auto card = run_mikros({"show", "--db", dir / "db", " Instagram:@MAYA_SLOWSTYLE "});
  CHECK(card.exit_code == 0);
  CHECK_THAT(card.out, Catch::StartsWith("instagram:maya_slowstyle"));
  for (const char* bad : {"twitch:@@h", "instagram:@", ":maya", "instagram", "instagram:ma ya"}) {
    INFO(bad);
    auto show = run_mikros({"show", "--db", dir / "db", bad});
    CHECK(show.exit_code == 2);
    CHECK_THAT(show.err, Catch::Contains("is not a profile key"));
    auto del = run_mikros({"delete", "--db", dir / "db", bad});
    CHECK(del.exit_code == 2);
    CHECK_THAT(del.err, Catch::Contains("is not a profile key"));
  }
  auto del = run_mikros({"delete", "--db", dir / "db", "INSTAGRAM:@Maya_SlowStyle"});
  CHECK(del.exit_code == 0);
  CHECK_THAT(del.err, Catch::Contains("1 deleted"));
}

TEST_CASE("compact: by hand, after a bulk load, and never twice over", "[cli][compact]") {
  TempDir dir;
  write_file(dir / "p.jsonl", corpus_lines());
  // Three profiles are no bulk load: --compact auto leaves them alone.
  auto index = run_mikros({"index", "--db", dir / "db", dir / "p.jsonl"});
  CHECK(index.exit_code == 0);
  CHECK_THAT(index.err, !Catch::Contains("compacted"));
  auto compact = run_mikros({"compact", "--db", dir / "db"});
  INFO(compact.err);
  CHECK(compact.exit_code == 0);
  CHECK_THAT(compact.err, Catch::Contains("compacted generation 1 into index.000002"));
  auto search = run_mikros({"search", "--db", dir / "db", "\"slow fashion\" country:US"});
  CHECK_THAT(search.out, Catch::Contains("instagram:maya_slowstyle"));
  // --compact always on an index job; the job's own exit status stays what it was.
  write_file(dir / "q.jsonl", corpus_lines() + "{broken\n");
  auto again = run_mikros({"index", "--db", dir / "db", "--compact", "always", dir / "q.jsonl"});
  CHECK(again.exit_code == 3);
  CHECK_THAT(again.err, Catch::Contains("into index.000003"));
  CHECK(run_mikros({"verify", "--db", dir / "db"}).exit_code == 0);
  CHECK(run_mikros({"compact", "--db", dir / "missing"}).exit_code == 1);
  CHECK(run_mikros({"index", "--db", dir / "db", "--compact", "sometimes", dir / "p.jsonl"})
            .exit_code == 2);
}

TEST_CASE("every command has --help", "[cli]") {
  auto top = run_mikros({"--help"});
  CHECK(top.exit_code == 0);
  for (const char* cmd : {"index", "search", "shell", "stats", "show", "generate", "compact"}) {
    INFO(cmd);
    CHECK_THAT(top.out, Catch::Contains(cmd));
    auto r = run_mikros({cmd, "--help"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("--"));
  }
  CHECK_THAT(run_mikros({"--version"}).out, Catch::StartsWith("mikros "));
}

TEST_CASE("importing HypeAuditor CSV", "[cli][csv]") {
  TempDir dir;
  write_file(dir / "tt.csv",
             "Rank,Tiktoker name,Tiktok name,followers,views(avg),views(avg),likes(avg.),"
             "likes(avg.),comments(avg.),comments(avg.),shares(avg.),shares(avg.)\n"
             "1,mrbeast,MrBeast,60.3M,29.2M,29200000,3.5M,3500000,30.8K,30800,7.2K,7200\n"
             "2,broken,Broken,many,1,1,1,1,1,1,1,1\n");
  auto r = run_mikros({"index", "--db", dir / "db", "--format", "hypeauditor-csv", dir / "tt.csv"});
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.err, Catch::Contains(R"(tt.csv:3: followers: "many" is not a count)"));
  auto s = run_mikros({"search", "--db", dir / "db", "--json", "platform:tiktok"});
  auto j = nlohmann::json::parse(s.out);
  REQUIRE(j["hits"].size() == 1);
  CHECK(j["hits"][0]["followers"] == 60'300'000);
  CHECK(j["hits"][0]["tier"] == "mega");
}

TEST_CASE("the HypeAuditor top lists from ../shared", "[cli][csv][shared]") {
  std::string shared = mikros::test::shared_dir();
  if (shared.empty()) MIKROS_SKIP("../shared/corpus-sources is absent");
  TempDir dir;
  std::string base = shared + "/corpus-sources/social media influencers-";
  auto r = run_mikros({"index", "--db", dir / "db", "--format", "hypeauditor-csv",
                       base + "INSTAGRAM - -DEC 2022.csv", base + "YOUTUBE - --DEC 2022.csv",
                       base + "TIKTOK - ---DEC 2022.csv"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  auto stats = nlohmann::json::parse(run_mikros({"stats", "--db", dir / "db", "--json"}).out);
  // 1,000 Instagram rows with 9 repeated handles; YouTube and TikTok repeat some as well.
  CHECK(stats["platform"]["instagram"] == 991);
  CHECK(stats["platform"]["youtube"].get<int>() > 900);
  CHECK(stats["platform"]["tiktok"].get<int>() > 900);
  auto messi = run_mikros({"show", "--db", dir / "db", "--json", "instagram:leomessi"});
  REQUIRE(messi.exit_code == 0);
  auto p = nlohmann::json::parse(messi.out);
  CHECK(p["followers"] == 409'800'000);
  CHECK(p["audience"]["top_country"] == "AR");
}

TEST_CASE("the README example is the compiled example", "[readme]") {
  std::string readme = read_file(mikros::test::source_dir() + "/README.md");
  std::string example = read_file(mikros::test::source_dir() + "/tests/readme_example.cpp");
  // The README shows the example without its first comment line.
  auto body = example.substr(example.find('\n') + 1);
  CHECK_THAT(readme, Catch::Contains(body));
}

TEST_CASE("the README example runs", "[readme]") {
  TempDir dir;
  auto r = mikros::test::run({MIKROS_README_EXAMPLE, dir / "db"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "instagram:maya_slowstyle 23400 followers\nsame answer\n");
}

TEST_CASE("generate is deterministic and writes valid profiles", "[cli][generate]") {
  TempDir dir;
  auto a = run_mikros({"generate", "--count", "300", "--seed", "7"});
  auto b = run_mikros({"generate", "--count", "300", "--seed", "7"});
  auto c = run_mikros({"generate", "--count", "300", "--seed", "8"});
  REQUIRE(a.exit_code == 0);
  CHECK(a.out == b.out);
  CHECK(a.out != c.out);
  CHECK(std::count(a.out.begin(), a.out.end(), '\n') == 300);
  // The first profiles do not depend on how many are generated.
  auto shorter = run_mikros({"generate", "--count", "100", "--seed", "7"});
  CHECK(a.out.compare(0, shorter.out.size(), shorter.out) == 0);
  REQUIRE(
      run_mikros({"generate", "--count", "300", "--seed", "7", "-o", dir / "g.jsonl"}).exit_code ==
      0);
  CHECK(read_file(dir / "g.jsonl") == a.out);
  auto index = run_mikros({"index", "--db", dir / "db", dir / "g.jsonl"});
  CHECK(index.exit_code == 0);  // every generated record passes validation
  CHECK_THAT(index.err, Catch::Contains("300 records: 300 indexed, 0 rejected"));
}

TEST_CASE("generate writes the same bytes as before its data moved to corpus/generator",
          "[cli][generate]") {
  // Taken from `mikros generate --count 200 --seed 42` when the word lists were still C++
  // literals. The generator's data and code fix these bytes: change them only with a deliberate
  // change of the corpus (corpus/generator/README.md).
  auto r = run_mikros({"generate", "--count", "200", "--seed", "42"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.size() == 182'586);
  CHECK(fnv1a(r.out) == 0x9E4CF92D4D2B18ADULL);
}

// `mikros generate` runs mikros-generate (tools/cli/cmd_forward.cpp) with its arguments as given.
TEST_CASE("mikros generate is mikros-generate", "[cli][generate]") {
  TempDir dir;
  auto via_mikros = run_mikros({"generate", "--count", "50", "--seed", "3"});
  auto direct = mikros::test::run({MIKROS_GENERATE_BINARY, "--count", "50", "--seed", "3"});
  REQUIRE(via_mikros.exit_code == 0);
  REQUIRE(direct.exit_code == 0);
  CHECK(std::count(via_mikros.out.begin(), via_mikros.out.end(), '\n') == 50);
  CHECK(via_mikros.out == direct.out);
  auto help = run_mikros({"generate", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out == mikros::test::run({MIKROS_GENERATE_BINARY, "--help"}).out);
  CHECK_THAT(help.out, Catch::Contains("--count"));
  auto bad = run_mikros({"generate", "--count", "x"});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("--count"));

  // Neither beside mikros nor on PATH: a clear error.
  std::filesystem::copy_file(mikros::test::mikros_binary(), dir / "mikros");
  std::filesystem::permissions(dir / "mikros", std::filesystem::perms::owner_all);
  auto missing = mikros::test::run({dir / "mikros", "generate", "--count", "1"}, "",
                                   {"PATH=" + dir / "nowhere"});
  CHECK(missing.exit_code == 1);
  CHECK(missing.out.empty());
  CHECK_THAT(missing.err, Catch::Contains("generate needs the program mikros-generate"));
}

TEST_CASE("the bundled sample corpus indexes cleanly", "[cli][corpus]") {
  TempDir dir;
  auto index = run_mikros(
      {"index", "--db", dir / "db", mikros::test::source_dir() + "/corpus/profiles.jsonl"});
  INFO(index.err);
  CHECK(index.exit_code == 0);
  auto stats = nlohmann::json::parse(run_mikros({"stats", "--db", dir / "db", "--json"}).out);
  CHECK(stats["profiles"].get<int>() >= 300);
  for (const char* tier : {"nano", "micro", "mid", "macro", "mega"}) {
    CHECK(stats["tier"][tier].get<int>() > 0);
  }
  auto demo = nlohmann::json::parse(
      run_mikros({"search", "--db", dir / "db", "--json", "\"slow fashion\" tier:micro country:US"})
          .out);
  CHECK(demo["total"].get<int>() >= 5);
}

TEST_CASE("brand commands and brand ranking from the command line", "[cli][brand]") {
  TempDir dir;
  std::string corpus = mikros::test::source_dir() + "/corpus";
  REQUIRE(run_mikros({"index", "-q", "--db", dir / "db", corpus + "/profiles.jsonl"}).exit_code ==
          0);
  auto add = run_mikros({"brand", "add", "--db", dir / "db", corpus + "/brands/verde-boho.json",
                         corpus + "/brands/hana-skin.json"});
  CHECK(add.exit_code == 0);
  CHECK_THAT(add.err, Catch::Contains("stored brand Verde Boho"));
  auto list = run_mikros({"brand", "list", "--db", dir / "db", "--json"});
  REQUIRE(list.exit_code == 0);
  CHECK(nlohmann::json::parse(list.out).size() == 2);
  auto show = run_mikros({"brand", "show", "--db", dir / "db", "verde boho"});
  REQUIRE(show.exit_code == 0);
  CHECK(nlohmann::json::parse(show.out)["handle"] == "verdeboho");

  // The sustainable boho brand: aligned creators first, the fast-fashion haul account and the
  // suspicious-engagement account at the bottom.
  auto r = run_mikros({"search", "--db", dir / "db", "--json",
                       R"("slow fashion" tier:micro country:US brand:"Verde Boho")"});
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["brand"] == "Verde Boho");
  auto hits = j["hits"];
  REQUIRE(hits.size() >= 8);
  CHECK(hits[0]["handle"] == "linen.and.lavender");
  std::size_t n = hits.size();
  std::set<std::string> bottom;
  for (std::size_t i = n - 3; i < n; ++i) bottom.insert(hits[i]["handle"].get<std::string>());
  CHECK(bottom.count("haul.hunter.bri") == 1);
  CHECK(bottom.count("ecochic.daily") == 1);
  for (const auto& hit : hits) {
    double sum = 0;
    for (const auto& [part, points] : hit["why"].items()) sum += points.get<double>();
    CHECK(sum == Approx(hit["score"].get<double>()));
  }
  auto ecochic = std::find_if(hits.begin(), hits.end(),
                              [](const auto& h) { return h["handle"] == "ecochic.daily"; });
  REQUIRE(ecochic != hits.end());
  CHECK((*ecochic)["engagement_label"] == "suspicious");
  CHECK((*ecochic)["why"]["engagement"].get<double>() < 0);

  // The table shows the parts on a readable line per hit.
  auto table = run_mikros({"search", "--db", dir / "db", "-n", "3",
                           R"("slow fashion" tier:micro country:US brand:"Verde Boho")"});
  CHECK_THAT(table.out, Catch::Contains("ranked for Verde Boho"));
  CHECK_THAT(table.out, Catch::Contains("topical +"));

  // An ad-hoc brand file needs no stored brand.
  auto adhoc = run_mikros({"search", "--db", dir / "db", "--json", "--brand",
                           corpus + "/brands/trailhead.json", "hiking country:US"});
  REQUIRE(adhoc.exit_code == 0);
  CHECK(nlohmann::json::parse(adhoc.out)["brand"] == "Trailhead Outfitters");

  auto unknown = run_mikros({"search", "--db", dir / "db", "boho brand:Nobody"});
  CHECK(unknown.exit_code == 1);
  CHECK_THAT(unknown.err, Catch::Contains(R"(no brand named "Nobody")"));
  write_file(dir / "bad.json", R"({"name":"Bad","audience":{"countries":["XX"]}})");
  auto bad = run_mikros({"brand", "add", "--db", dir / "db", dir / "bad.json"});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains(R"(audience.countries: unknown country "XX")"));
  CHECK(run_mikros({"brand", "remove", "--db", dir / "db", "Hana Skin"}).exit_code == 0);
  CHECK(run_mikros({"brand", "remove", "--db", dir / "db", "Hana Skin"}).exit_code == 1);
}

TEST_CASE("show describes engagement against peers in words", "[cli][analytics]") {
  TempDir dir;
  REQUIRE(run_mikros({"index", "-q", "--db", dir / "db",
                      mikros::test::source_dir() + "/corpus/profiles.jsonl"})
              .exit_code == 0);
  auto card = run_mikros({"show", "--db", dir / "db", "instagram:ecochic.daily"});
  REQUIRE(card.exit_code == 0);
  CHECK_THAT(card.out, Catch::Contains("the median of micro Instagram creators"));
  CHECK_THAT(card.out, Catch::Contains(": suspicious"));
  CHECK_THAT(card.out, Catch::Contains("follower spike"));
  CHECK_THAT(card.out, Catch::Contains("authenticity: 0.43, the profile's stated figure"));
}
