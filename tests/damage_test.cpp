// Damaged databases: every command gets a clear error and exit status 1 (never a crash, which
// the sanitizers would turn into a signal), and locks left by a killed process stand in no
// one's way.
#include <signal.h>
#include <xapian.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "durability_support.h"
#include "mikros/mikros.hpp"
#include "support.h"

using namespace mikros;
using mikros::test::index_dirs;
using mikros::test::run_mikros;
using mikros::test::TempDir;
using mikros::test::versioned_profile;
using mikros::test::write_file;

namespace fs = std::filesystem;

namespace {

// A database whose profile store has been flushed into table files (each writable open moves
// the write-ahead log into them), built once and copied for each case.
const std::string& pristine() {
  static TempDir dir;
  static const std::string db = [] {
    std::string text;
    for (std::size_t i = 0; i < 200; ++i) text += versioned_profile(i, 1) + "\n";
    write_file(dir / "p.jsonl", text);
    std::string path = dir / "db";
    REQUIRE(run_mikros({"index", "--db", path, "--batch-size", "50", dir / "p.jsonl"}).exit_code ==
            0);
    REQUIRE(run_mikros({"verify", "--db", path}).exit_code == 0);
    REQUIRE(run_mikros({"verify", "--db", path}).exit_code == 0);
    return path;
  }();
  return db;
}

const std::string kIndex = "index.000001";

// The largest table file of the profile store: the stored profiles.
std::string largest_sst(const std::string& rocks) {
  std::string best;
  std::uintmax_t best_size = 0;
  for (const auto& e : fs::directory_iterator(rocks)) {
    if (e.path().extension() == ".sst" && e.file_size() > best_size) {
      best = e.path().string();
      best_size = e.file_size();
    }
  }
  REQUIRE_FALSE(best.empty());
  return best;
}

std::string manifest(const std::string& rocks) {
  for (const auto& e : fs::directory_iterator(rocks)) {
    if (e.path().filename().string().rfind("MANIFEST-", 0) == 0) return e.path().string();
  }
  FAIL("no MANIFEST in " << rocks);
  return {};
}

void overwrite(const std::string& path, std::uintmax_t offset, const std::string& bytes) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(f);
}

struct Case {
  const char* name;
  std::function<void(const std::string& db)> damage;
  // What stderr (or verify's report) says for: search, index, verify. Empty: the command may
  // succeed (the damage is out of its way), but must not crash.
  std::string search, index, verify;
  // Xapian's glass tables carry no checksums, and its writer trusts the blocks it modifies:
  // garbage inside a table can crash `mikros index` inside Xapian (docs/durability.md).
  // Such cases run only the commands that read.
  bool readers_only = false;
};

// Writes 200 random-looking bytes near the end of every 8 KiB block of `path` but the first,
// where a glass block keeps its items.
void garble_blocks(const std::string& path) {
  std::uintmax_t size = fs::file_size(path);
  std::string junk;
  for (int i = 0; i < 200; ++i) junk += static_cast<char>((i * 131 + 17) & 0xff);
  for (std::uintmax_t offset = 2 * 8192 - 300; offset + junk.size() < size; offset += 8192) {
    overwrite(path, offset, junk);
  }
}

}  // namespace

TEST_CASE("damaged databases get a clear error and exit status 1", "[damage]") {
  const std::string garbage = std::string("\x00\xff garbage \x01\x02", 14) + std::string(300, 'x');
  const std::vector<Case> cases = {
      {"garbage in CURRENT",
       [](const std::string& db) { write_file(db + "/CURRENT", "\x01\x02zz\n"); },
       "CURRENT is damaged", "CURRENT is damaged", "CURRENT is damaged"},
      {"empty CURRENT", [](const std::string& db) { write_file(db + "/CURRENT", ""); },
       "CURRENT is damaged", "CURRENT is damaged", "CURRENT is damaged"},
      {"CURRENT naming a missing index",
       [](const std::string& db) { write_file(db + "/CURRENT", "index.000009\n"); },
       "CURRENT names index.000009, which does not exist",
       "CURRENT names index.000009, which does not exist",
       "CURRENT names index.000009, which does not exist"},
      {"CURRENT deleted", [](const std::string& db) { fs::remove(db + "/CURRENT"); },
       "CURRENT is missing but index directories are present",
       "CURRENT is missing but index directories are present",
       "CURRENT is missing but index directories are present"},
      {"a Xapian table file deleted",
       [&](const std::string& db) { fs::remove(db + "/" + kIndex + "/xapian/postlist.glass"); },
       "postlist.glass", "postlist.glass", "postlist.glass"},
      {"a Xapian table file truncated",
       [&](const std::string& db) {
         fs::resize_file(db + "/" + kIndex + "/xapian/termlist.glass", 8192);
       },
       "xapian", "xapian", "xapian"},
      {"Xapian's version file truncated",
       [&](const std::string& db) { fs::resize_file(db + "/" + kIndex + "/xapian/iamglass", 20); },
       "xapian", "xapian", "xapian"},
      {"garbage inside a Xapian table",
       [&](const std::string& db) { garble_blocks(db + "/" + kIndex + "/xapian/termlist.glass"); },
       "", "", "text index", true},
      {"the text index directory deleted",
       [&](const std::string& db) { fs::remove_all(db + "/" + kIndex + "/xapian"); },
       "the text index (xapian/) is missing", "the text index (xapian/) is missing",
       "the text index (xapian/) is missing"},
      {"the profile store directory deleted",
       [&](const std::string& db) { fs::remove_all(db + "/" + kIndex + "/rocks"); },
       "the profile store (rocks/) is missing", "the profile store (rocks/) is missing",
       "the profile store (rocks/) is missing"},
      {"a RocksDB table file deleted",
       [&](const std::string& db) { fs::remove(largest_sst(db + "/" + kIndex + "/rocks")); },
       "is in the text index but not in the profile store", "No such file or directory",
       "No such file or directory"},
      {"a RocksDB table file truncated",
       [&](const std::string& db) {
         fs::resize_file(largest_sst(db + "/" + kIndex + "/rocks"), 1000);
       },
       "is in the text index but not in the profile store", "too short", "too short"},
      {"garbage inside a RocksDB table file",
       [&](const std::string& db) {
         overwrite(largest_sst(db + "/" + kIndex + "/rocks"), 4096, garbage);
       },
       "", "", "checksum mismatch"},
      {"the RocksDB MANIFEST truncated",
       [&](const std::string& db) { fs::resize_file(manifest(db + "/" + kIndex + "/rocks"), 40); },
       "MANIFEST", "MANIFEST", "MANIFEST"},
      {"the text index's format version from another mikros",
       [&](const std::string& db) {
         Xapian::WritableDatabase x(db + "/" + kIndex + "/xapian");
         x.set_metadata("mikros.format", "99");
         x.commit();
       },
       "index format 99", "index format 99", "index format 99"},
      {"the INUSE file deleted",
       [&](const std::string& db) { fs::remove(db + "/" + kIndex + "/INUSE"); },
       "has no INUSE file", "", ""},  // a writable open puts it back
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir dir;
      const std::string db = dir / "db";
      fs::copy(pristine(), db, fs::copy_options::recursive);
      c.damage(db);
      const std::vector<std::pair<std::vector<std::string>, std::string>> commands = {
          {{"search", "--db", db, "fashion"}, c.search},
          {{"index", "--db", db, pristine() + "/../p.jsonl"}, c.index},
          {{"verify", "--db", db}, c.verify},
      };
      for (const auto& [args, expected] : commands) {
        if (c.readers_only && args[0] == "index") continue;
        auto r = run_mikros(args);
        INFO(args[0] << " exit " << r.exit_code << "\nstdout: " << r.out << "\nstderr: " << r.err);
        CHECK(r.exit_code < 128);  // no crash, no sanitizer report
        if (!expected.empty()) {
          CHECK(r.exit_code == 1);
          CHECK_THAT(r.out + r.err, Catch::Contains(expected));
        }
      }
    }
  }
}

TEST_CASE("a database path that is a file", "[damage]") {
  TempDir dir;
  write_file(dir / "db", "not a directory");
  auto r = run_mikros({"index", "--db", dir / "db", "-"}, versioned_profile(1, 1) + "\n");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("exists and is not a directory"));
  auto s = run_mikros({"search", "--db", dir / "db", "x"});
  CHECK(s.exit_code == 1);
  auto v = run_mikros({"verify", "--db", dir / "db"});
  CHECK(v.exit_code == 2);
  CHECK_THAT(v.err, Catch::Contains("exists and is not a directory"));
}

TEST_CASE("locks left by a killed writer stand in no one's way", "[damage][lock]") {
  TempDir dir;
  const std::string db = dir / "db";
  std::string text;
  for (std::size_t i = 0; i < 3000; ++i) text += versioned_profile(i, 1) + "\n";
  write_file(dir / "p.jsonl", text);
  pid_t pid =
      mikros::test::spawn({mikros::test::mikros_binary(), "index", "--db", db, "--batch-size",
                           "100", "--ack-log", dir / "ack", dir / "p.jsonl"},
                          dir / "out", dir / "err");
  // Killed once its first batch is acknowledged, in the middle of the job.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (mikros::test::read_file(dir / "ack").empty() &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid, SIGKILL);
  int status = mikros::test::wait_exit(pid);
  INFO(mikros::test::read_file(dir / "err"));
  REQUIRE(status == 128 + SIGKILL);
  // The lock files are all still there...
  CHECK(fs::exists(db + "/LOCK"));
  CHECK(fs::exists(db + "/" + kIndex + "/xapian/flintlock"));
  CHECK(fs::exists(db + "/" + kIndex + "/rocks/LOCK"));
  // ...and hold nothing.
  CHECK(run_mikros({"search", "--db", db, "fashion"}).exit_code == 0);
  auto index = run_mikros({"index", "--db", db, "--batch-size", "500", dir / "p.jsonl"});
  INFO(index.err);
  CHECK(index.exit_code == 0);
  auto verify = run_mikros({"verify", "--db", db});
  INFO(verify.out << verify.err);
  CHECK(verify.exit_code == 0);
  CHECK_THAT(verify.out, Catch::Contains("3,000 profiles"));
  CHECK(index_dirs(db).size() == 1);
}
