// A full disk: on a small tmpfs (mounting one needs root; the test is skipped, with the reason,
// where that is not allowed), a job that runs out of space stops with a clear error, says what
// it acknowledged, and leaves the previous generation intact and verifiable.
#include <sys/statvfs.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "durability_support.h"
#include "mikros/mikros.hpp"
#include "support.h"

using namespace mikros;
using mikros::test::index_dirs;
using mikros::test::keys_at_version;
using mikros::test::profile_key_of;
using mikros::test::run;
using mikros::test::run_mikros;
using mikros::test::TempDir;
using mikros::test::versioned_profile;
using mikros::test::write_file;

namespace fs = std::filesystem;

namespace {

// A tmpfs mounted for the test's lifetime.
struct Tmpfs {
  std::string path;
  bool mounted = false;
  std::string error;
  Tmpfs(const std::string& where, const std::string& size) : path(where) {
    fs::create_directories(path);
    auto r = run({"/bin/mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", path});
    mounted = r.exit_code == 0;
    error = r.err;
  }
  ~Tmpfs() {
    if (mounted) run({"/bin/umount", "-l", path});
  }
};

std::uint64_t free_bytes(const std::string& path) {
  struct statvfs s {};
  REQUIRE(statvfs(path.c_str(), &s) == 0);
  return static_cast<std::uint64_t>(s.f_bavail) * s.f_frsize;
}

std::string versions(std::size_t count, std::uint64_t version) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) text += versioned_profile(i, version) + "\n";
  return text;
}

}  // namespace

TEST_CASE("a full disk: a clear error, and the previous generation intact", "[diskfull]") {
  TempDir dir;
  Tmpfs disk(dir / "disk", "48m");
  if (!disk.mounted) MIKROS_SKIP("cannot mount a tmpfs here (needs root): " + disk.error);
  const std::string db = disk.path + "/db";
  write_file(dir / "v1.jsonl", versions(300, 1));
  write_file(dir / "v2.jsonl", versions(8000, 2));
  REQUIRE(run_mikros({"index", "--db", db, dir / "v1.jsonl"}).exit_code == 0);
  // A reopen moves the write-ahead log into table files, so what is left is the new job's.
  REQUIRE(run_mikros({"verify", "--db", db}).exit_code == 0);

  // Fills the disk up to about 3 MB: room for a few batches, not for the job.
  auto fill = [&](const std::string& filler) {
    std::ofstream f(filler, std::ios::binary);
    std::string block(1 << 20, 'x');
    for (std::uint64_t left = free_bytes(disk.path); left > (3u << 20); left -= block.size()) {
      f.write(block.data(), static_cast<std::streamsize>(block.size()));
    }
  };
  fill(disk.path + "/filler");
  auto job = run_mikros(
      {"index", "--db", db, "--batch-size", "100", "--ack-log", dir / "ack", dir / "v2.jsonl"});
  INFO(job.err);
  CHECK(job.exit_code == 1);
  CHECK_THAT(job.err, Catch::Contains("No space left on device"));
  CHECK_THAT(job.err, Catch::Contains("v2.jsonl: acknowledged through line") ||
                          Catch::Contains("v2.jsonl: nothing acknowledged"));

  // A rebuild fails the same way, and takes its half-built index with it. (The failed job gave
  // back what RocksDB had preallocated: fill that up again.)
  fill(disk.path + "/filler2");
  auto rebuild = run_mikros({"reindex", "--db", db, dir / "v2.jsonl"});
  INFO(rebuild.err);
  CHECK(rebuild.exit_code == 1);
  CHECK_THAT(rebuild.err, Catch::Contains("No space left on device"));
  CHECK_THAT(rebuild.err, Catch::Contains("the database still serves its previous index"));
  CHECK(index_dirs(db).size() == 1);

  // Searches still answer, from a whole generation, while the disk is full.
  auto search = run_mikros({"search", "--db", db, "--json", mikros::test::version_query(1)});
  INFO(search.err);
  CHECK(search.exit_code == 0);

  // With space again, the database verifies and holds every acknowledged record.
  fs::remove(disk.path + "/filler");
  fs::remove(disk.path + "/filler2");
  auto verify = run_mikros({"verify", "--db", db, "--deep"});
  INFO(verify.out << verify.err);
  REQUIRE(verify.exit_code == 0);
  std::uint64_t acknowledged = 0;
  {
    std::ifstream ack(dir / "ack");
    std::string line;
    while (std::getline(ack, line)) {
      auto pos = line.find("\"line\":");
      acknowledged = std::stoull(line.substr(pos + 7));
    }
  }
  Options ro;
  ro.read_only = true;
  auto reader = Database::open(db, ro);
  REQUIRE(reader);
  for (std::size_t i = 0; i < 300; ++i) {
    auto p = reader->get(profile_key_of(i));
    REQUIRE(p);
    if (i < acknowledged) CHECK(p->posts == 2);
  }
  Searcher searcher(*reader);
  CHECK(keys_at_version(searcher, 1).size() + keys_at_version(searcher, 2).size() >= 300);
}
