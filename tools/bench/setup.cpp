// The set-up printed with every benchmark figure: date, machine, build and library versions.
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <rocksdb/version.h>
#include <sqlite3.h>
#include <sys/utsname.h>
#include <unicode/uversion.h>
#include <unistd.h>
#include <xapian.h>

#include <ctime>
#include <fstream>

#include "bench/bench.h"
#include "mikros/version.hpp"

#ifndef MIKROS_BUILD_TYPE
#define MIKROS_BUILD_TYPE "unknown"
#endif

namespace mikros::bench {
namespace {

bool sanitized() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
  return true;
#else
  return false;
#endif
#else
  return false;
#endif
}

}  // namespace

nlohmann::json describe_setup(const Config& c) {
  nlohmann::json s;
  std::time_t now = std::time(nullptr);
  s["date"] = fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(now));

  std::string cpu;
  int processors = 0;
  std::ifstream info("/proc/cpuinfo");
  std::string line;
  while (std::getline(info, line)) {
    if (line.rfind("processor", 0) == 0) ++processors;
    if (cpu.empty() && line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      if (colon != std::string::npos) cpu = line.substr(line.find_first_not_of(" \t", colon + 1));
    }
  }
  std::uint64_t mem_kib = 0;
  std::ifstream meminfo("/proc/meminfo");
  while (std::getline(meminfo, line)) {
    if (line.rfind("MemTotal:", 0) == 0) mem_kib = std::stoull(line.substr(9));
  }
  struct utsname u {};
  uname(&u);
  s["machine"] = {{"cpu", cpu},
                  {"cores", processors},
                  {"online_cpus", sysconf(_SC_NPROCESSORS_ONLN)},
                  {"memory_bytes", mem_kib * 1024},
                  {"kernel", fmt::format("{} {}", u.sysname, u.release)}};
  s["build"] = {{"type", MIKROS_BUILD_TYPE}, {"sanitized", sanitized()}};
  s["versions"] = {
      {"mikros", mikros::version()},
      {"xapian", Xapian::version_string()},
      {"sqlite", sqlite3_libversion()},
      {"rocksdb", fmt::format("{}.{}.{}", ROCKSDB_MAJOR, ROCKSDB_MINOR, ROCKSDB_PATCH)},
      {"icu", U_ICU_VERSION},
  };
  s["corpus"] = {{"profiles", c.count}, {"seed", c.seed}, {"generator", "mikros generate"}};
  s["queries"] = {{"per_mix", c.queries}, {"warmup", c.warmup}, {"threads", 1}};
  s["dir"] = c.dir;
  return s;
}

}  // namespace mikros::bench
