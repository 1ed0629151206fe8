// The batch commands end to end: what index, reindex and delete report (acknowledgement log,
// summaries, rejections, progress on a terminal) and the usage errors they refuse.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "durability_support.h"
#include "mikros/mikros.hpp"
#include "support.h"

using namespace mikros;
using mikros::test::index_dirs;
using mikros::test::profile_key_of;
using mikros::test::read_file;
using mikros::test::run;
using mikros::test::run_mikros;
using mikros::test::TempDir;
using mikros::test::versioned_profile;
using mikros::test::write_file;

namespace fs = std::filesystem;

namespace {

std::string versions(std::size_t count, std::uint64_t version, std::size_t first = 0) {
  return mikros::test::versions_jsonl(count, version, first);
}

std::vector<nlohmann::json> json_lines(const std::string& path) {
  std::vector<nlohmann::json> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line));
  return out;
}

}  // namespace

TEST_CASE("index acknowledges each batch in the ack log and says what changed", "[jobs]") {
  TempDir dir;
  write_file(dir / "a.jsonl", versions(25, 1));
  write_file(dir / "b.jsonl", versions(10, 1, 25) + "{bad\n");
  auto r = run_mikros({"index", "--db", dir / "db", "--batch-size", "10", "--ack-log", dir / "ack",
                       dir / "a.jsonl", dir / "b.jsonl"});
  INFO(r.err);
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.err, Catch::Contains("36 records: 35 indexed, 1 rejected; 35 committed: 35 new, "
                                    "0 changed, 0 unchanged (4 generations written, database at "
                                    "generation 4)"));
  CHECK_THAT(r.err, !Catch::Contains("\r"));  // no progress line when stderr is not a terminal
  auto acks = json_lines(dir / "ack");
  // a.jsonl: lines 10, 20, 25; b.jsonl: line 10, then line 11 (only the rejection was left).
  REQUIRE(acks.size() == 5);
  CHECK(acks[0]["source"] == dir / "a.jsonl");
  CHECK(acks[0]["line"] == 10);
  CHECK(acks[0]["generation"] == 1);
  CHECK(acks[2]["line"] == 25);
  CHECK(acks[3]["source"] == dir / "b.jsonl");
  CHECK(acks[3]["line"] == 10);
  CHECK(acks[4]["line"] == 11);
  CHECK(acks[4]["committed"] == 35);

  // The same input again changes nothing and writes no generation.
  auto again = run_mikros({"index", "--db", dir / "db", dir / "a.jsonl"});
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.err, Catch::Contains("25 unchanged (0 generations written, database at "
                                        "generation 4)"));
}

TEST_CASE("a first load into an empty database is split between two writers", "[jobs]") {
  TempDir dir;
  write_file(dir / "a.jsonl", versions(300, 1) + "{bad\n" + versions(300, 1, 300));
  write_file(dir / "b.jsonl", versions(5, 2));
  auto r = run_mikros({"index", "--db", dir / "db", "--batch-size", "50", "--split-min-bytes",
                       "1000", "--ack-log", dir / "ack", "--rejects", dir / "rejects.jsonl",
                       dir / "a.jsonl", dir / "b.jsonl"});
  INFO(r.err);
  CHECK(r.exit_code == 3);
  // b.jsonl replaces five of a.jsonl's profiles; the two halves of a.jsonl meet in a merge.
  CHECK_THAT(r.err, Catch::Contains("606 records: 605 indexed, 1 rejected; 605 committed: 600 "
                                    "new, 5 changed, 0 unchanged"));
  CHECK_THAT(r.err, Catch::Contains("a.jsonl:301: "));
  CHECK_THAT(r.err, !Catch::Contains("published"));  // what reindex says, not index
  auto rejects = json_lines(dir / "rejects.jsonl");
  REQUIRE(rejects.size() == 1);
  CHECK(rejects[0]["line"] == 301);
  // Acknowledged at once, at the switch, as a rebuild is.
  auto acks = json_lines(dir / "ack");
  REQUIRE(acks.size() == 2);
  CHECK(acks[0]["line"] == 601);
  CHECK(acks[1]["line"] == 5);
  CHECK(acks[1]["committed"] == 605);
  CHECK(index_dirs(dir / "db") == std::vector<std::string>{"index.000002"});
  auto stats = nlohmann::json::parse(run_mikros({"stats", "--db", dir / "db", "--json"}).out);
  CHECK(stats["profiles"] == 600);
  auto verify = run_mikros({"verify", "--db", dir / "db", "--deep"});
  INFO(verify.out);
  CHECK(verify.exit_code == 0);

  // A database that holds profiles takes later loads batch by batch, in place.
  auto more = run_mikros({"index", "--db", dir / "db", "--batch-size", "50", "--split-min-bytes",
                          "1000", "--ack-log", dir / "ack2", dir / "a.jsonl"});
  CHECK(more.exit_code == 3);
  CHECK_THAT(more.err, Catch::Contains("5 changed, 595 unchanged"));
  CHECK(json_lines(dir / "ack2").size() > 2);
  CHECK(index_dirs(dir / "db") == std::vector<std::string>{"index.000002"});
}

TEST_CASE("index opens every input before it touches the database", "[jobs]") {
  TempDir dir;
  write_file(dir / "a.jsonl", versions(3, 1));
  auto r = run_mikros({"index", "--db", dir / "db", dir / "a.jsonl", dir / "missing.jsonl"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("missing.jsonl: cannot open"));
  CHECK_FALSE(fs::exists(dir / "db"));
  auto twice = run_mikros({"index", "--db", dir / "db", "-", "-"});
  CHECK(twice.exit_code == 2);
  CHECK_THAT(twice.err, Catch::Contains("standard input ('-') given twice"));
}

TEST_CASE("reindex: rejects, standard input, new tier boundaries, the switch", "[jobs]") {
  TempDir dir;
  write_file(dir / "a.jsonl", versions(20, 1));
  REQUIRE(run_mikros({"index", "--db", dir / "db", dir / "a.jsonl"}).exit_code == 0);
  std::string input =
      versions(12, 2) + R"({"platform":"instagram","handle":"neg","followers":-1})" + "\n";
  auto r = run_mikros({"reindex", "--db", dir / "db", "--tiers", "100,1k,10k,100k", "--rejects",
                       dir / "rejects.jsonl", "--ack-log", dir / "ack", "-"},
                      input);
  INFO(r.err);
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.err, Catch::Contains("-:13: followers: must not be negative"));
  CHECK_THAT(r.err, Catch::Contains("published a new index at generation 2"));
  auto rejects = json_lines(dir / "rejects.jsonl");
  REQUIRE(rejects.size() == 1);
  CHECK(rejects[0]["line"] == 13);
  auto acks = json_lines(dir / "ack");
  REQUIRE(acks.size() == 1);  // one acknowledgement, at the switch
  CHECK(acks[0]["source"] == "-");
  CHECK(acks[0]["line"] == 13);
  CHECK(index_dirs(dir / "db") == std::vector<std::string>{"index.000002"});
  // The rebuilt index holds exactly the new input, under the new boundaries.
  auto stats = run_mikros({"stats", "--db", dir / "db", "--json"});
  auto j = nlohmann::json::parse(stats.out);
  CHECK(j["profiles"] == 12);
  CHECK(j["generation"] == 2);
  CHECK(j["tier"]["mid"] == 12);  // 1000..1077 followers: mid when mid starts at 1k
  auto bad = run_mikros({"reindex", "--db", dir / "db", "--tiers", "5k,1k,10k,100k", "-"}, input);
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("four increasing lower bounds"));
}

TEST_CASE("delete: keys, a key file, and what it refuses", "[jobs]") {
  TempDir dir;
  write_file(dir / "a.jsonl", versions(10, 1));
  REQUIRE(run_mikros({"index", "--db", dir / "db", dir / "a.jsonl"}).exit_code == 0);
  auto r = run_mikros(
      {"delete", "--db", dir / "db", profile_key_of(0), "instagram:@P3", "instagram:nobody"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("3 keys: 2 deleted, 1 not found (database at generation 2)"));
  write_file(dir / "keys.txt", profile_key_of(1) + "\nnot-a-key\n\n" + profile_key_of(2) + "\n");
  auto from = run_mikros({"delete", "--db", dir / "db", "--from", dir / "keys.txt"});
  CHECK(from.exit_code == 3);
  CHECK_THAT(from.err, Catch::Contains("keys.txt:2: \"not-a-key\" is not a profile key"));
  CHECK_THAT(from.err, Catch::Contains("2 keys: 2 deleted, 0 not found, 1 rejected"));
  auto bad = run_mikros({"delete", "--db", dir / "db", "nokey"});
  CHECK(bad.exit_code == 2);
  auto none = run_mikros({"delete", "--db", dir / "nothing-here", profile_key_of(5)});
  CHECK(none.exit_code == 1);
  CHECK_THAT(none.err, Catch::Contains("no mikros database here"));
  CHECK_FALSE(fs::exists(dir / "nothing-here"));
  auto stats = nlohmann::json::parse(run_mikros({"stats", "--db", dir / "db", "--json"}).out);
  CHECK(stats["profiles"] == 6);
}

TEST_CASE("a long job shows its progress on a terminal", "[jobs]") {
  if (!fs::exists("/usr/bin/script")) MIKROS_SKIP("no /usr/bin/script to give the job a terminal");
  TempDir dir;
  write_file(dir / "a.jsonl", versions(4000, 1));
  std::string command = mikros::test::mikros_binary() + " index --db " + (dir / "db") +
                        " --batch-size 200 " + (dir / "a.jsonl");
  auto r = run({"/usr/bin/script", "-qfec", command, "/dev/null"});
  INFO(r.out);
  CHECK(r.exit_code == 0);
  // Redrawn in place: carriage return, erase line, "index: N records · R/s · P% of SIZE".
  CHECK_THAT(r.out, Catch::Contains("\r\x1b[Kindex: "));
  CHECK_THAT(r.out, Catch::Contains(" records · "));
  CHECK_THAT(r.out, Catch::Contains("% of "));
  CHECK_THAT(r.out, Catch::Contains("4000 records: 4000 indexed"));
}
