// Damage and failures that used to give silent wrong answers or escape as exceptions (issue
// 17), one test case each: each failed before its fix.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <regex>

#include "durability_support.h"
#include "mikros/mikros.hpp"
#include "raw_rocks.h"
#include "support.h"
#include "util/fault.h"

using namespace mikros;
using mikros::test::profile_key_of;
using mikros::test::run_mikros;
using mikros::test::TempDir;
using mikros::test::versioned_profile;
using mikros::test::versions_jsonl;
using mikros::test::write_file;

namespace fs = std::filesystem;

namespace {

const std::string kIndex = "index.000001";

// A database of `count` versioned profiles (version 1), indexed by the mikros command.
std::string make_database(const TempDir& dir, std::size_t count) {
  const std::string db = dir / "db";
  write_file(dir / "base.jsonl", versions_jsonl(count, 1));
  auto r = run_mikros({"index", "--db", db, "--no-progress", dir / "base.jsonl"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return db;
}

Result<Database> open_read_only(const std::string& db) {
  Options options;
  options.read_only = true;
  return Database::open(db, options);
}

// The error a read-only search of `db` gives, from opening or from the search itself.
Status search_error(const std::string& db, const std::string& query) {
  auto opened = open_read_only(db);
  if (!opened) return opened.status();
  auto r = Searcher(*opened).search(query);
  return r ? Status::ok() : r.status();
}

}  // namespace

TEST_CASE("a text index without its positions table is damage, not an AND", "[integrity]") {
  TempDir dir;
  const std::string db = make_database(dir, 6);
  fs::remove(db + "/" + kIndex + "/xapian/position.glass");

  Status st = search_error(db, "\"slow fashion\"");
  INFO(st.to_string());
  CHECK(st.code() == ErrorCode::kCorruption);
  CHECK(st.message().find("position") != std::string::npos);

  auto verify = run_mikros({"verify", "--db", db});
  INFO(verify.out << verify.err);
  CHECK(verify.exit_code == 1);
  CHECK((verify.out + verify.err).find("position") != std::string::npos);
}

TEST_CASE("a profile store that lost acknowledged writes is reported at open", "[integrity]") {
  TempDir dir;
  const std::string db = make_database(dir, 6);
  // The first load's rows are in table files once the load is compacted; the next batch's only
  // in RocksDB's write-ahead log.
  REQUIRE(run_mikros({"compact", "--db", db}).exit_code == 0);
  write_file(dir / "more.jsonl", versions_jsonl(4, 1, 6));
  REQUIRE(run_mikros({"index", "--db", db, "--no-progress", dir / "more.jsonl"}).exit_code == 0);
  std::string current = mikros::test::read_file(db + "/CURRENT");
  const std::string index = db + "/" + current.substr(0, current.find('\n'));
  std::size_t logs = 0;
  for (const auto& e : fs::directory_iterator(index + "/rocks")) {
    if (e.path().extension() == ".log") {
      fs::remove(e.path());
      ++logs;
    }
  }
  REQUIRE(logs > 0);

  Status st = search_error(db, "fashion");
  INFO(st.to_string());
  CHECK(st.code() == ErrorCode::kCorruption);
  CHECK(st.message().find("lost committed writes") != std::string::npos);
  // The writer's open says so as well.
  auto r = run_mikros({"index", "--db", db, "--no-progress", dir / "more.jsonl"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("generation") != std::string::npos);
}

TEST_CASE("a next profile id set back is refused before it overwrites profiles", "[integrity]") {
  TempDir dir;
  const std::string db = make_database(dir, 6);
  RawRocks(db + "/" + kIndex + "/rocks").put("meta", "next_pid", "1");
  write_file(dir / "new.jsonl", versions_jsonl(2, 1, 6));
  auto r = run_mikros({"index", "--db", db, "--no-progress", dir / "new.jsonl"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("next profile id 1") != std::string::npos);
  // Nothing was overwritten.
  auto opened = open_read_only(db);
  REQUIRE(opened);
  for (std::size_t i = 0; i < 6; ++i) {
    auto p = opened->get(profile_key_of(i));
    REQUIRE(p);
    CHECK(p->handle == "p" + std::to_string(i));
  }
}

TEST_CASE("an exception inside a commit leaves the handle able to commit", "[integrity]") {
  // Each point of the commit protocol after the durable intent, with std::bad_alloc thrown
  // there (util/fault.h) instead of a crash.
  for (const char* point : {"commit-after-intent", "xapian-mid-transaction", "commit-after-xapian",
                            "commit-after-apply"}) {
    DYNAMIC_SECTION(point) {
      TempDir dir;
      {
        auto db = Database::open(dir / "db");
        REQUIRE(db);
        Indexer indexer(*db);
        for (std::size_t i = 0; i < 4; ++i) REQUIRE(indexer.upsert_json(versioned_profile(i, 1)));
        REQUIRE(indexer.commit());
        REQUIRE(db->generation() == 1);

        fault::arm(std::string(point) + ":1:throw");
        // Two new profiles and a changed one.
        for (std::size_t i = 3; i < 6; ++i) REQUIRE(indexer.upsert_json(versioned_profile(i, 2)));
        Status failed = Status::ok();
        CHECK_NOTHROW(failed = indexer.commit());
        fault::arm("");
        INFO(failed.to_string());
        CHECK(!failed);

        // The same handle goes on: the failed batch is completed from the outbox (generation
        // 2), the next one is generation 3, and nothing is lost, skipped or doubled.
        REQUIRE(indexer.upsert_json(versioned_profile(6, 3)));
        Status next = indexer.commit();
        INFO(next.to_string());
        REQUIRE(next);
        CHECK(db->generation() == 3);
        auto size = db->size();
        CHECK(size == 7);
        for (std::size_t i = 0; i < 7; ++i) {
          auto p = db->get(profile_key_of(i));
          REQUIRE(p);
          CHECK(p->posts.value_or(0) == (i < 3 ? 1u : i < 6 ? 2u : 3u));
        }
        auto report = db->verify({.deep = true});
        REQUIRE(report);
        INFO((report->problems.empty() ? "" : report->problems.front()));
        CHECK(report->ok());
      }
      auto verify = run_mikros({"verify", "--deep", "--db", dir / "db"});
      INFO(verify.out << verify.err);
      CHECK(verify.exit_code == 0);
    }
  }
}

TEST_CASE("a damaged generation is an error at once, not a stall", "[integrity]") {
  TempDir dir;
  const std::string db = make_database(dir, 4);
  {
    Xapian::WritableDatabase xdb(db + "/" + kIndex + "/xapian", Xapian::DB_OPEN);
    xdb.set_metadata("mikros.gen", "2x");
    xdb.commit();
  }
  auto start = std::chrono::steady_clock::now();
  Status st = search_error(db, "fashion");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(st.to_string());
  CHECK(st.code() == ErrorCode::kCorruption);
  CHECK(st.message().find("\"2x\"") != std::string::npos);
  CHECK(seconds < 1.0);  // it used to retry for 1.3 s
  auto r = run_mikros({"index", "--db", db, "--no-progress", dir / "base.jsonl"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("\"2x\"") != std::string::npos);
}

TEST_CASE("symlink loops in a database path are a Status", "[integrity]") {
  TempDir dir;
  const std::string db = make_database(dir, 3);
  fs::create_symlink("loop.b", dir / "loop.a");
  fs::create_symlink("loop.a", dir / "loop.b");
  for (bool read_only : {true, false}) {
    Options options;
    options.read_only = read_only;
    Result<Database> opened = Status::internal("not run");
    REQUIRE_NOTHROW(opened = Database::open(dir / "loop.a/db", options));
    REQUIRE(!opened);
    CHECK(opened.status().message().find("symbolic links") != std::string::npos);
  }
  // Inside the database: the text index's directory a loop.
  const std::string xapian = db + "/" + kIndex + "/xapian";
  fs::rename(xapian, dir / "xapian.saved");
  fs::create_symlink("xapian.other", xapian);
  fs::create_symlink("xapian", db + "/" + kIndex + "/xapian.other");
  for (bool read_only : {true, false}) {
    Options options;
    options.read_only = read_only;
    Result<Database> opened = Status::internal("not run");
    REQUIRE_NOTHROW(opened = Database::open(db, options));
    REQUIRE(!opened);
    INFO(opened.status().to_string());
    CHECK(opened.status().code() != ErrorCode::kInternal);
    CHECK(opened.status().message().find("symbolic links") != std::string::npos);
  }
}

namespace {

// Runs the mikros command as the user `nobody` (the test runs as root) or, for any other
// user, as itself; returns its exit status and stderr.
mikros::test::RunResult run_as_other_user(const std::vector<std::string>& args,
                                          const std::string& err_path) {
  mikros::test::RunResult result;
  std::vector<std::string> argv = {mikros::test::mikros_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd >= 0) ::dup2(fd, 2);
    int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) ::dup2(null, 1);
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(120);
    ::execv(cargv[0], cargv.data());
    ::_exit(121);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.err = mikros::test::read_file(err_path);
  return result;
}

// Makes every directory of `path` and above readable by others, so that another user reaches
// the database (the temporary directory may be private).
void open_up(const fs::path& path) {
  for (fs::path p = path; !p.empty() && p != p.root_path(); p = p.parent_path()) {
    std::error_code ec;
    auto perms = fs::status(p, ec).permissions();
    fs::permissions(p, perms | fs::perms::others_read | fs::perms::others_exec, ec);
  }
}

}  // namespace

TEST_CASE("read-only searches need no write permission; a forbidden folder says so",
          "[integrity]") {
  TempDir dir;
  const std::string db = make_database(dir, 3);
  // Read-only for everyone else, and for the owner too when the test is not root.
  for (const auto& e : fs::recursive_directory_iterator(dir.path())) {
    if (e.is_regular_file())
      fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::remove);
  }
  open_up(db);
  auto r = run_as_other_user({"search", "--db", db, "fashion"}, dir / "err.txt");
  INFO(r.err);
  CHECK(r.exit_code == 0);

  // A folder the user may not enter.
  fs::permissions(db, ::geteuid() == 0 ? fs::perms::owner_all : fs::perms::none);
  r = run_as_other_user({"search", "--db", db, "fashion"}, dir / "err.txt");
  fs::permissions(db, fs::perms::owner_all);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("Permission denied") != std::string::npos);
  CHECK(r.err.find("no mikros database") == std::string::npos);
}

TEST_CASE("a backup shares no file with the database", "[integrity]") {
  TempDir dir;
  const std::string db = make_database(dir, 6);
  REQUIRE(run_mikros({"compact", "--db", db}).exit_code == 0);  // table files to link
  auto r = run_mikros({"backup", "--db", db, dir / "copy"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir / "copy")) {
    if (!e.is_regular_file()) continue;
    ++files;
    INFO(e.path());
    CHECK(e.hard_link_count() == 1);
  }
  CHECK(files > 0);
  CHECK(run_mikros({"verify", "--deep", "--db", dir / "copy"}).exit_code == 0);
}

TEST_CASE("a load by two writers counts the generations the database gained", "[integrity]") {
  TempDir dir;
  write_file(dir / "load.jsonl", versions_jsonl(40, 1));
  for (const char* batch : {"1000", "10"}) {
    DYNAMIC_SECTION("batch size " << batch) {
      auto r = run_mikros({"index", "--db", dir / "db", "--no-progress", "--writers", "2",
                           "--split-min-bytes", "1", "--batch-size", batch, dir / "load.jsonl"});
      INFO(r.err);
      REQUIRE(r.exit_code == 0);
      std::smatch m;
      REQUIRE(std::regex_search(
          r.err, m, std::regex(R"(\((\d+) generations? written, database at generation (\d+)\))")));
      CHECK(m[1].str() == m[2].str());
    }
  }
}
