// Measuring helpers, the query-mix file and the phase processes of mikros bench.
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
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

std::uint64_t disk_bytes(const std::string& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  std::uint64_t total = 0;
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    std::error_code fe;
    if (it->is_regular_file(fe)) total += it->file_size(fe);
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
  return ec ? std::string("mikros") : p.string();
}

}  // namespace

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
                                   "--out",
                                   out_path};
  if (!c.brand_file.empty()) {
    argv.push_back("--brand");
    argv.push_back(c.brand_file);
  }
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

Result<int> spawn(const std::vector<std::string>& argv, void* file_actions) {
  auto* actions = static_cast<posix_spawn_file_actions_t*>(file_actions);
  std::vector<char*> raw;
  raw.reserve(argv.size() + 1);
  for (const auto& a : argv) raw.push_back(const_cast<char*>(a.c_str()));
  raw.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, raw[0], actions, nullptr, raw.data(), environ);
  if (rc != 0) {
    return Status::io_error(fmt::format("cannot start {}: {}", argv[0], std::strerror(rc)));
  }
  return pid;
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

}  // namespace mikros::bench
