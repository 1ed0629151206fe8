// The I/O-error sweep (docs/durability.md, "I/O errors"): runs one mikros command again and
// again with the eio_shim preloaded, failing its k-th write, pwrite, fsync, fdatasync, rename or
// open for writing under the run's directory (with --ops read: its k-th read, pread, readv or
// preadv, in RocksDB's files and Xapian's alike), for k = 1, 2, ... until a run makes fewer
// calls than k (the command completed untouched), or for a sample of k. After each run it checks
// what the protocol promises:
//
//   - the command exited 0 or 1 (an error Status), never by a signal or another status;
//   - a command that only reads (search, show) printed exactly what it prints without faults,
//     when it exited 0: a read error is an error, never a different answer;
//   - `mikros verify --deep` passes (it opens for writing, so it first completes a batch whose
//     intent was written);
//   - the database holds exactly the state before the command or exactly the state after it
//     (its generation, and every profile's stored JSON), and the state after it when the
//     command succeeded;
//   - the same command run again without the shim succeeds and leaves the state after it.
//
// The states before and after come from running the command once without the shim. Prints one
// line per k that fails a check and a summary; exits 1 if any check failed.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "mikros/mikros.hpp"

extern char** environ;

namespace fs = std::filesystem;
using namespace mikros;

namespace {

struct Args {
  std::string mikros, shim, corpus, work, op, mode = "eio", exclude, tsv, ops;
  bool sticky = false;
  std::size_t samples = 0;   // 0: every k
  std::vector<long> only_k;  // --k K,K,...
  long from = 1;             // the first k of a sweep of every k
  double seconds = 0;        // 0: no limit
  std::size_t base = 40;
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "eio_sweep: " << why << "\n"
            << "usage: eio_sweep --mikros BIN --shim SO --corpus JSONL --work DIR\n"
            << "         --op index|delete|reindex|compact|backup|merge|search|show\n"
            << "         [--mode eio|enospc|eintr|short] [--ops open,write,fsync,rename,read]\n"
            << "         [--sticky] [--samples N | --k K,... | --from K]\n"
            << "         [--seconds S] [--exclude SUBSTR,...] [--tsv FILE] [--base N]\n";
  std::exit(2);
}

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string f = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(f + " needs a value");
      return argv[++i];
    };
    if (f == "--mikros")
      a.mikros = value();
    else if (f == "--shim")
      a.shim = value();
    else if (f == "--corpus")
      a.corpus = value();
    else if (f == "--work")
      a.work = value();
    else if (f == "--op")
      a.op = value();
    else if (f == "--mode")
      a.mode = value();
    else if (f == "--exclude")
      a.exclude = value();
    else if (f == "--ops")
      a.ops = value();
    else if (f == "--tsv")
      a.tsv = value();
    else if (f == "--sticky")
      a.sticky = true;
    else if (f == "--samples")
      a.samples = std::stoul(value());
    else if (f == "--k")
      for (std::stringstream list(value()); list.good();) {
        std::string k;
        std::getline(list, k, ',');
        a.only_k.push_back(std::stol(k));
      }
    else if (f == "--from")
      a.from = std::max(1L, std::stol(value()));
    else if (f == "--seconds")
      a.seconds = std::stod(value());
    else if (f == "--base")
      a.base = std::stoul(value());
    else
      usage("unknown argument " + f);
  }
  if (a.mikros.empty() || a.shim.empty() || a.corpus.empty() || a.work.empty() || a.op.empty()) {
    usage("--mikros, --shim, --corpus, --work and --op are required");
  }
  return a;
}

// ---- running programs ----

struct Run {
  int exit_code = -1;  // -1 when ended by a signal
  int signal = 0;
  std::string err;  // the last lines of stderr
};

// Runs argv with `extra_env`; stderr goes to `err_file`, stdout to `out_file` (or nowhere).
Run run(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
        const std::string& err_file, const std::string& out_file = "/dev/null") {
  // The environment less what `extra_env` sets (a name set twice is read as its first value:
  // an ASan build would then miss the ASAN_OPTIONS given here), the shim's and LD_PRELOAD.
  auto replaced = [&](const std::string& s) {
    if (s.rfind("LD_PRELOAD=", 0) == 0 || s.rfind("EIO_", 0) == 0) return true;
    for (const auto& e : extra_env) {
      const auto eq = e.find('=');
      if (eq != std::string::npos && s.compare(0, eq + 1, e, 0, eq + 1) == 0) return true;
    }
    return false;
  };
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    std::string s = *e;
    if (!replaced(s)) env_strings.push_back(s);
  }
  for (const auto& e : extra_env) env_strings.push_back(e);
  std::vector<char*> envp, args;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (auto& s : argv_copy) args.push_back(s.data());
  args.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  pid_t pid = 0;
  Run r;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    r.err = std::string("cannot start ") + argv[0];
    return r;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  std::ifstream in(err_file);
  std::string line, last;
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  r.err = last;
  return r;
}

// ---- database states ----

// What a reopen sees: the generation and every profile of the universe of keys, as stored.
struct State {
  bool exists = false;
  std::uint64_t generation = 0;
  std::map<std::string, std::string> profiles;  // key -> stored JSON
  bool operator==(const State& o) const {
    return exists == o.exists && generation == o.generation && profiles == o.profiles;
  }
  bool same_profiles(const State& o) const { return profiles == o.profiles; }
};

Result<State> read_state(const std::string& db_path, const std::vector<std::string>& keys) {
  State s;
  std::error_code ec;
  if (!fs::exists(fs::path(db_path) / "CURRENT", ec)) return s;  // no database (yet)
  Options options;
  options.read_only = true;
  auto db = Database::open(db_path, options);
  if (!db) return db.status();
  s.exists = true;
  s.generation = db->generation();
  for (const auto& key : keys) {
    auto p = db->get(key);
    if (p) {
      s.profiles[key] = to_json(*p);
    } else if (p.status().code() != ErrorCode::kNotFound) {
      return Status(p.status().code(), key + ": " + p.status().message());
    }
  }
  return s;
}

std::string describe(const State& s) {
  if (!s.exists) return "no database";
  return "generation " + std::to_string(s.generation) + ", " + std::to_string(s.profiles.size()) +
         " profiles";
}

// ---- the operations ----

struct Operation {
  std::vector<std::string> argv;  // the command, run in a fresh copy of the template
  bool fresh_database = false;    // the command starts from no database (merge)
  bool prints_answer = false;     // a read: what it prints must be the reference's
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

void write_lines(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path, std::ios::trunc);
  for (const auto& l : lines) out << l << "\n";
}

class Sweep {
 public:
  explicit Sweep(Args args) : a_(std::move(args)) {}

  int main() {
    const auto start = std::chrono::steady_clock::now();
    if (!prepare()) return 1;
    // The reference run: the states before and after the command.
    restore();
    auto before = read_state(db_, keys_);
    Run ref = run(op_.argv, {}, work_ + "/ref.err", work_ + "/ref.out");
    if (ref.exit_code != 0) return fail_setup("the command fails without faults: " + ref.err);
    answer_ = read_file(work_ + "/ref.out");
    auto after = read_state(db_, keys_);
    if (!before || !after) return fail_setup("cannot read the reference states");
    before_ = *before;
    after_ = *after;
    if (a_.op == "backup") {
      auto copy = read_state(dest_, keys_);
      if (!copy)
        return fail_setup("cannot read the reference backup: " + copy.status().to_string());
      backup_state_ = *copy;
    }

    // A counting run: how many calls the shim sees.
    long calls = counted_calls();
    std::vector<long> ks;
    if (!a_.only_k.empty()) {
      ks = a_.only_k;
    } else if (a_.samples > 0) {
      for (std::size_t i = 0; i < a_.samples; ++i) {
        long k = 1 + static_cast<long>(i) * std::max(0L, calls - 1) /
                         static_cast<long>(std::max<std::size_t>(1, a_.samples - 1));
        if (ks.empty() || ks.back() != k) ks.push_back(k);
      }
    }
    std::ofstream tsv;
    if (!a_.tsv.empty()) tsv.open(a_.tsv, std::ios::app);
    long last_k = 0;
    bool out_of_time = false;
    for (std::size_t i = 0;; ++i) {
      long k = 0;
      if (ks.empty()) {
        k = a_.from + static_cast<long>(i);
      } else if (i < ks.size()) {
        k = ks[i];
      } else {
        break;
      }
      if (a_.seconds > 0 &&
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >
              a_.seconds) {
        out_of_time = true;
        break;
      }
      std::string outcome = one(k);
      last_k = k;
      if (tsv)
        tsv << a_.op << '\t' << a_.mode << (a_.sticky ? "+sticky" : "") << '\t' << k << '\t'
            << outcome << '\t' << failed_op_ << '\n';
      if (outcome == "untouched") break;
    }
    std::cout << "eio_sweep " << a_.op << " mode=" << a_.mode << (a_.sticky ? " sticky" : "")
              << (a_.exclude.empty() ? "" : " exclude=" + a_.exclude) << ": " << calls
              << " calls counted; k=" << (ks.empty() ? a_.from : ks.front()) << ".." << last_k
              << (out_of_time ? " (stopped: time limit)" : "") << ";";
    for (const auto& [outcome, n] : tally_) std::cout << " " << outcome << " " << n;
    std::cout << "; failed checks " << failures_ << "\n";
    return failures_ ? 1 : 0;
  }

 private:
  int fail_setup(const std::string& why) {
    std::cerr << "eio_sweep " << a_.op << ": " << why << "\n";
    return 1;
  }

  bool prepare() {
    work_ = fs::absolute(a_.work).string();
    std::error_code ec;
    fs::remove_all(work_, ec);
    fs::create_directories(work_ + "/run");
    tmpl_ = work_ + "/tmpl";
    db_ = work_ + "/run/db";
    dest_ = work_ + "/run/copy";
    // Xapian 1.4 leaks its tables when a compaction or merge fails part-way (the objects it
    // allocated before the failed write are never freed); the process reports the error and
    // ends, so in a leak-checking build those leaks, Xapian's alone, are not findings here.
    std::ofstream(work_ + "/lsan.supp") << "leak:libxapian.so\n";
    auto lines = read_lines(a_.corpus);
    const std::size_t base = std::min(a_.base, lines.size());
    const std::size_t extra = std::min<std::size_t>(base / 2, lines.size() - base);
    std::vector<std::string> base_lines(lines.begin(), lines.begin() + base);
    std::vector<std::string> extra_lines(lines.begin() + base, lines.begin() + base + extra);
    for (const auto& l : lines) {
      auto p = parse_profile(l);
      if (p) keys_.push_back(profile_key(*p));
    }
    keys_.resize(std::min(keys_.size(), base + extra));
    write_lines(work_ + "/base.jsonl", base_lines);
    // Index: new profiles and changed ones (their followers moved on).
    std::vector<std::string> upserts = extra_lines;
    for (std::size_t i = 0; i < base && i < 5; ++i) {
      auto p = parse_profile(base_lines[i]);
      if (!p) continue;
      p->followers += 1000;
      upserts.push_back(to_json(*p));
    }
    write_lines(work_ + "/upserts.jsonl", upserts);
    std::vector<std::string> all = base_lines;
    all.insert(all.end(), extra_lines.begin(), extra_lines.end());
    write_lines(work_ + "/all.jsonl", all);

    const std::string& m = a_.mikros;
    if (a_.op != "merge") {
      Run r = run(
          {m, "index", "--db", tmpl_, "--no-progress", "--compact", "never", work_ + "/base.jsonl"},
          {}, work_ + "/tmpl.err");
      if (r.exit_code != 0) {
        fail_setup("cannot build the template: " + r.err);
        return false;
      }
    }
    if (a_.op == "index") {
      op_.argv = {
          m, "index", "--db", db_, "--no-progress", "--compact", "never", work_ + "/upserts.jsonl"};
    } else if (a_.op == "delete") {
      op_.argv = {m, "delete", "--db", db_};
      for (std::size_t i = 0; i < 10 && i < base; i += 1) op_.argv.push_back(keys_[i * 3 % base]);
    } else if (a_.op == "reindex") {
      op_.argv = {m,       "reindex",           "--db", db_, "--no-progress", "--compact",
                  "never", work_ + "/all.jsonl"};
    } else if (a_.op == "compact") {
      op_.argv = {m, "compact", "--db", db_};
    } else if (a_.op == "backup") {
      op_.argv = {m, "backup", "--db", db_, dest_};
    } else if (a_.op == "search") {
      // Text, filters, a range, facets and a like: seed: the text index, the columns and the
      // stored profiles are all read.
      op_.argv = {m,           "search",
                  "--db",      db_,
                  "--json",    "--facets",
                  "--explain", "--limit",
                  "10",        "(fashion OR travel OR food OR like:" + keys_[1] + ") er:>1%"};
      op_.prints_answer = true;
    } else if (a_.op == "show") {
      op_.argv = {m, "show", "--db", db_, "--json", keys_[7]};
      op_.prints_answer = true;
    } else if (a_.op == "merge") {
      // A first load into an empty database, read by two writers and merged.
      op_.argv = {m,
                  "index",
                  "--db",
                  db_,
                  "--no-progress",
                  "--compact",
                  "never",
                  "--writers",
                  "2",
                  "--split-min-bytes",
                  "1",
                  work_ + "/all.jsonl"};
      op_.fresh_database = true;
    } else {
      usage("unknown --op " + a_.op);
    }
    return true;
  }

  void restore() {
    std::error_code ec;
    fs::remove_all(work_ + "/run", ec);
    fs::create_directories(work_ + "/run");
    if (!op_.fresh_database) fs::copy(tmpl_, db_, fs::copy_options::recursive);
  }

  std::vector<std::string> shim_env(long k, const std::string& report) const {
    std::vector<std::string> env = {
        "LD_PRELOAD=" + a_.shim, "EIO_PREFIX=" + work_ + "/run", "EIO_K=" + std::to_string(k),
        "EIO_MODE=" + a_.mode, "EIO_STICKY=" + std::string(a_.sticky ? "1" : "0"),
        "EIO_REPORT=" + report, "EIO_OPS=" + a_.ops,
        // An ASan build refuses to start when a library is preloaded before its runtime.
        "ASAN_OPTIONS=verify_asan_link_order=0:" +
            std::string(std::getenv("ASAN_OPTIONS") ? std::getenv("ASAN_OPTIONS") : ""),
        "LSAN_OPTIONS=suppressions=" + work_ + "/lsan.supp:" +
            std::string(std::getenv("LSAN_OPTIONS") ? std::getenv("LSAN_OPTIONS") : "")};
    if (!a_.exclude.empty()) env.push_back("EIO_EXCLUDE=" + a_.exclude);
    return env;
  }

  // The shim's report: calls counted, and the call failed (0: none).
  std::pair<long, long> read_report(const std::string& path) {
    std::ifstream in(path);
    std::string line, last;
    while (std::getline(in, line)) last = line;
    long calls = 0, failed = 0;
    std::sscanf(last.c_str(), "calls=%ld failed=%ld", &calls, &failed);
    auto op = last.find(" op=");
    failed_op_ =
        op == std::string::npos ? "-" : last.substr(op + 4, last.find(' ', op + 4) - op - 4);
    auto path_at = last.find(" path=");
    if (path_at != std::string::npos && failed) {
      std::string p = last.substr(path_at + 6);
      if (p.rfind(work_ + "/run/", 0) == 0) p = p.substr(work_.size() + 5);
      failed_op_ += " " + p;
    }
    return {calls, failed};
  }

  long counted_calls() {
    restore();
    const std::string report = work_ + "/count.report";
    fs::remove(report);
    run(op_.argv, shim_env(0, report), work_ + "/count.err");
    return read_report(report).first;
  }

  void check_failed(long k, const std::string& what) {
    ++failures_;
    std::cout << "FAIL " << a_.op << " mode=" << a_.mode << (a_.sticky ? " sticky" : "")
              << " k=" << k << " (" << failed_op_ << "): " << what << std::endl;
  }

  // One run failing call k; returns its outcome.
  std::string one(long k) {
    restore();
    const std::string report = work_ + "/k.report";
    std::error_code ec;
    fs::remove(report, ec);
    Run r = run(op_.argv, shim_env(k, report), work_ + "/k.err", work_ + "/k.out");
    auto [calls, failed] = read_report(report);
    std::string outcome;
    if (r.exit_code == 0 && op_.prints_answer && read_file(work_ + "/k.out") != answer_) {
      check_failed(k, "exited 0 with an answer that differs from the one without faults");
    }
    if (r.signal) {
      outcome = r.signal == SIGABRT ? "ABORT" : "signal " + std::to_string(r.signal);
      check_failed(k, outcome + ": " + r.err);
    } else if (r.exit_code != 0 && r.exit_code != 1) {
      outcome = "exit " + std::to_string(r.exit_code);
      check_failed(k, outcome + ": " + r.err);
    } else if (!failed) {
      outcome = r.exit_code == 0 ? "untouched" : "error without a fault";
      if (r.exit_code != 0) check_failed(k, outcome + ": " + r.err);
      (void)calls;
    } else {
      outcome = r.exit_code == 0 ? "ok" : "error";
    }
    ++tally_[outcome];
    if (outcome == "untouched") return outcome;

    // verify --deep completes an interrupted batch, then must find nothing wrong.
    State now;
    if (fs::exists(db_ + "/CURRENT", ec)) {
      Run v = run({a_.mikros, "verify", "--deep", "--db", db_}, {}, work_ + "/verify.err");
      if (v.exit_code != 0) check_failed(k, "verify --deep after the run: " + v.err);
    }
    auto state = read_state(db_, keys_);
    if (!state) {
      check_failed(k, "reopening: " + state.status().to_string());
    } else {
      now = *state;
      bool is_before = now == before_ || (!before_.exists && now.exists && now.profiles.empty());
      if (r.exit_code == 0 && !(now == after_)) {
        check_failed(
            k, "succeeded but the database holds " + describe(now) + ", not " + describe(after_));
      } else if (r.exit_code != 0 && !is_before && !(now == after_)) {
        check_failed(k, "failed and the database holds " + describe(now) + ": neither before (" +
                            describe(before_) + ") nor after (" + describe(after_) + ")");
      } else if (outcome == "error" && now == after_ && !(before_ == after_)) {
        --tally_[outcome];
        ++tally_["error, completed at reopen"];
      }
    }
    if (a_.op == "backup") check_backup(k, r.exit_code == 0);

    // The next command, without faults, succeeds and leaves the state after the command.
    if (a_.op == "backup") fs::remove_all(dest_, ec);
    Run next = run(op_.argv, {}, work_ + "/next.err");
    if (next.exit_code != 0) {
      check_failed(k, "the next command failed: " + next.err);
    } else if (auto again = read_state(db_, keys_); !again || !again->same_profiles(after_)) {
      check_failed(k,
                   "after the next command the database does not hold the profiles of the "
                   "reference run");
    }
    return outcome;
  }

  // A backup that succeeded is a database of its own holding the source's state; one that
  // failed leaves nothing behind (the next backup to the same place must be able to start).
  void check_backup(long k, bool succeeded) {
    std::error_code ec;
    if (!succeeded) {
      if (fs::exists(dest_, ec)) check_failed(k, "a failed backup left " + dest_ + " behind");
      return;
    }
    Run v = run({a_.mikros, "verify", "--deep", "--db", dest_}, {}, work_ + "/verify-copy.err");
    if (v.exit_code != 0) check_failed(k, "verify --deep of the copy: " + v.err);
    auto copy = read_state(dest_, keys_);
    if (!copy || !(*copy == backup_state_)) check_failed(k, "the copy differs from the source");
  }

  Args a_;
  std::string work_, tmpl_, db_, dest_;
  std::vector<std::string> keys_;
  Operation op_;
  State before_, after_, backup_state_;
  std::string failed_op_ = "-";
  std::string answer_;  // what a reading command printed without faults
  std::map<std::string, int> tally_;
  int failures_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  return Sweep(parse_args(argc, argv)).main();
}
