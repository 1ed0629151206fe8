// Measuring helpers, the query-mix file and the phase processes of mikros bench.
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <numeric>
#include <sstream>

#include "bench/bench.h"

extern char** environ;

namespace mikros::bench {

namespace fs = std::filesystem;

std::string path_in(const Config& c, std::string_view name) {
  return (fs::path(c.dir) / std::string(name)).string();
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::uint64_t peak_rss_bytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) {
      std::istringstream fields(line.substr(6));
      std::uint64_t kib = 0;
      fields >> kib;
      return kib * 1024;
    }
  }
  return 0;
}

namespace {

// `path` itself when it is a file, or every regular file under it.
std::vector<std::string> regular_files(const std::string& path) {
  std::vector<std::string> files;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return {path};
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    std::error_code fe;
    if (it->is_regular_file(fe)) files.push_back(it->path().string());
  }
  return files;
}

}  // namespace

std::uint64_t disk_bytes(const std::string& path) {
  std::uint64_t total = 0;
  for (const auto& f : regular_files(path)) {
    std::error_code ec;
    const auto size = fs::file_size(f, ec);
    if (!ec) total += size;
  }
  return total;
}

std::uint64_t read_through(const std::string& path) {
  std::uint64_t total = 0;
  std::vector<char> buf(1 << 20);
  for (const auto& f : regular_files(path)) {
    std::ifstream in(f, std::ios::binary);
    while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
      total += static_cast<std::uint64_t>(in.gcount());
    }
  }
  return total;
}

double load_average() {
  std::ifstream in("/proc/loadavg");
  double one = -1;
  if (!(in >> one)) return -1;
  return one;
}

Latency summarize(std::vector<double> ms) {
  Latency l;
  if (ms.empty()) return l;
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) {
    double k = static_cast<double>(ms.size() - 1) * p / 100.0;
    auto f = static_cast<std::size_t>(std::floor(k));
    std::size_t c = std::min(f + 1, ms.size() - 1);
    return ms[f] + (ms[c] - ms[f]) * (k - static_cast<double>(f));
  };
  l.p50 = pct(50);
  l.p90 = pct(90);
  l.p99 = pct(99);
  l.mean = std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size());
  l.max = ms.back();
  return l;
}

nlohmann::json to_json(const Latency& l) {
  return {{"p50_ms", l.p50},
          {"p90_ms", l.p90},
          {"p99_ms", l.p99},
          {"mean_ms", l.mean},
          {"max_ms", l.max}};
}

std::uint64_t Rng::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t Rng::below(std::uint64_t n) {
  // Rejection keeps the draw uniform; n is far below 2^64 here, so it rarely loops.
  const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
  for (;;) {
    std::uint64_t v = next();
    if (v < limit) return v % n;
  }
}

const std::vector<MixInfo>& mixes() {
  static const std::vector<MixInfo> kMixes = {
      {"docpair", "two words of a bio + tier + country + er range", true},
      {"text", "the same two words, no filter", true},
      {"rare", "two bio words of rank > 100 + the filters", true},
      {"filters", "tier + country + er range only", true},
      {"brand", "docpair ranked for a brand (mikros only)", false},
      {"audience", "tier + country + audience shares in that country and female, no text", true},
  };
  return kMixes;
}

Result<std::vector<QuerySpec>> read_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::io_error(fmt::format("{}: cannot open", path));
  std::vector<QuerySpec> out;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::size_t start = 0;
    for (;;) {
      std::size_t tab = line.find('\t', start);
      f.push_back(line.substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (f.size() != 6) return Status::corruption(fmt::format("{}: bad line \"{}\"", path, line));
    out.push_back({f[0], f[1], f[2], f[3], f[4], f[5]});
  }
  return out;
}

double percent_value(const std::string& pct) {
  // The parser's own rule (query/parser.cpp): strtod of the digits with the exponent shifted.
  return std::strtod((pct + "e-2").c_str(), nullptr);
}

// ---- child processes ----

namespace {

std::string self_exe() {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("mikros-bench") : p.string();
}

std::vector<std::string> phase_argv(const Config& c, const std::string& phase,
                                    const std::string& out_path,
                                    const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {self_exe(),
                                   "bench-phase",
                                   phase,
                                   "--dir",
                                   c.dir,
                                   "--count",
                                   std::to_string(c.count),
                                   "--seed",
                                   std::to_string(c.seed),
                                   "--queries",
                                   std::to_string(c.queries),
                                   "--warmup",
                                   std::to_string(c.warmup),
                                   "--ceiling-batch",
                                   std::to_string(c.ceiling_batch),
                                   "--fts5-batch",
                                   std::to_string(c.fts5_batch),
                                   "--fts5-tokenize",
                                   c.fts5_tokenize,
                                   "--lucene-jars",
                                   c.lucene_jars,
                                   "--lucene-heap",
                                   c.lucene_heap,
                                   "--out",
                                   out_path};
  if (!c.brand_file.empty()) {
    argv.push_back("--brand");
    argv.push_back(c.brand_file);
  }
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

Result<int> spawn(const std::vector<std::string>& argv, posix_spawn_file_actions_t* actions) {
  std::vector<char*> raw;
  raw.reserve(argv.size() + 1);
  for (const auto& a : argv) raw.push_back(const_cast<char*>(a.c_str()));
  raw.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, raw[0], actions, nullptr, raw.data(), environ);
  if (rc != 0) {
    return Status::io_error(fmt::format("cannot start {}: {}", argv[0], std::strerror(rc)));
  }
  return static_cast<int>(pid);
}

Status wait_child(int pid, const std::string& what) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Status::io_error(fmt::format("{}: waitpid failed", what));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return Status::ok();
  if (WIFSIGNALED(status)) {
    return Status::internal(fmt::format("{} died of signal {}", what, WTERMSIG(status)));
  }
  return Status::internal(fmt::format("{} failed (exit status {})", what,
                                      WIFEXITED(status) ? WEXITSTATUS(status) : -1));
}

}  // namespace

Result<nlohmann::json> read_result(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::io_error(fmt::format("{}: cannot open", path));
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    return Status::corruption(fmt::format("{}: {}", path, e.what()));
  }
}

Result<nlohmann::json> spawn_phase(const Config& c, const std::string& phase) {
  std::string out_path = path_in(c, phase + ".json");
  std::error_code ec;
  fs::remove(out_path, ec);
  auto pid = spawn(phase_argv(c, phase, out_path, {}), nullptr);
  if (!pid) return pid.status();
  if (Status st = wait_child(*pid, "bench phase " + phase); !st) return st;
  return read_result(out_path);
}

Result<std::unique_ptr<PhaseChild>> PhaseChild::start(const Config& c, const std::string& phase,
                                                      const std::string& result_name,
                                                      const std::vector<std::string>& extra) {
  const std::string result_path = path_in(c, result_name + ".json");
  std::error_code ec;
  fs::remove(result_path, ec);
  auto child = start_program(phase_argv(c, phase, result_path, extra), "bench phase " + phase);
  if (child) (*child)->result_path_ = result_path;
  return child;
}

Result<std::unique_ptr<PhaseChild>> PhaseChild::start_program(const std::vector<std::string>& argv,
                                                              const std::string& what) {
  std::unique_ptr<PhaseChild> child(new PhaseChild());
  child->what_ = what;
  int in_pipe[2], out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) return Status::io_error("pipe failed");
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    return Status::io_error("pipe failed");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  auto pid = spawn(argv, &actions);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  child->to_child_ = in_pipe[1];
  child->from_child_ = out_pipe[0];
  if (!pid) return pid.status();  // the destructor closes the pipes
  child->pid_ = *pid;
  return child;
}

void PhaseChild::close_pipes() {
  if (to_child_ >= 0) ::close(to_child_);
  if (from_child_ >= 0) ::close(from_child_);
  to_child_ = from_child_ = -1;
}

PhaseChild::~PhaseChild() {
  close_pipes();
  if (pid_ > 0) wait_child(pid_, what_).is_ok();
}

Status PhaseChild::send(const std::string& line) {
  std::string data = line + "\n";
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(to_child_, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::io_error(fmt::format("{}: cannot write to it", what_));
    done += static_cast<std::size_t>(n);
  }
  return Status::ok();
}

Result<std::string> PhaseChild::receive() {
  std::string line;
  for (;;) {
    char ch;
    ssize_t n = ::read(from_child_, &ch, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // The child ended without answering: report how.
      close_pipes();
      Status st = wait_child(pid_, what_);
      pid_ = -1;
      return st ? Status::internal(fmt::format("{} ended early", what_)) : st;
    }
    if (ch == '\n') return line;
    line += ch;
  }
}

Status PhaseChild::wait() {
  close_pipes();
  Status st = wait_child(pid_, what_);
  pid_ = -1;
  return st;
}

Result<nlohmann::json> PhaseChild::finish() {
  if (Status st = wait(); !st) return st;
  return read_result(result_path_);
}

Status serve_query_turns(const Config& c, const QueryFn& run, nlohmann::json& out) {
  auto queries = read_queries(path_in(c, "prep/queries.tsv"));
  if (!queries) return queries.status();
  struct MixState {
    std::vector<const QuerySpec*> specs;
    bool warmed = false;
    std::vector<double> wall, cpu;
    std::vector<std::uint64_t> returned, totals;
    std::vector<std::vector<std::string>> keys;
  };
  std::map<std::string, MixState> state;
  for (const auto& q : *queries) state[q.mix].specs.push_back(&q);
  if (Status st = say("ready"); !st) return st;
  std::string line;
  while (wait_for_turn(line)) {
    std::istringstream in(line);
    std::string mix;
    std::size_t first = 0, count = 0;
    if (!(in >> mix >> first >> count) || !state.count(mix)) {
      return Status::invalid_argument("bad turn \"" + line + "\"");
    }
    MixState& m = state[mix];
    if (c.warmup + first + count > m.specs.size()) {
      return Status::invalid_argument("turn \"" + line + "\" beyond the queries drawn");
    }
    QueryOutcome o;
    if (!m.warmed) {
      for (std::size_t i = 0; i < c.warmup; ++i) {
        if (Status st = run(*m.specs[i], o); !st) return st;
      }
      m.warmed = true;
    }
    for (std::size_t i = first; i < first + count; ++i) {
      o = QueryOutcome{};
      if (Status st = run(*m.specs[c.warmup + i], o); !st) return st;
      m.wall.push_back(o.wall_ms);
      m.cpu.push_back(o.cpu_ms);
      m.returned.push_back(o.returned);
      m.totals.push_back(o.total);
      m.keys.push_back(std::move(o.keys));
    }
    if (Status st = say("done"); !st) return st;
  }
  nlohmann::json mixes_out = nlohmann::json::object();
  for (const auto& [name, m] : state) {
    if (m.wall.empty()) continue;
    nlohmann::json j = to_json(summarize(m.wall));
    Latency cpu = summarize(m.cpu);
    j["cpu_p50_ms"] = cpu.p50;
    j["cpu_p90_ms"] = cpu.p90;
    j["cpu_p99_ms"] = cpu.p99;
    j["cpu_mean_ms"] = cpu.mean;
    j["queries"] = m.wall.size();
    j["returned"] = m.returned;
    j["totals"] = m.totals;
    j["keys"] = m.keys;
    mixes_out[name] = j;
  }
  out["mixes"] = mixes_out;
  return Status::ok();
}

bool wait_for_turn(std::string& line) {
  return static_cast<bool>(std::getline(std::cin, line));
}

Status say(const std::string& line) {
  std::string data = line + "\n";
  if (::write(STDOUT_FILENO, data.data(), data.size()) != static_cast<ssize_t>(data.size())) {
    return Status::io_error("cannot write to the parent");
  }
  return Status::ok();
}

double process_cpu_seconds() {
  struct rusage u {};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double thread_cpu_seconds() {
  struct timespec ts {};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace mikros::bench
