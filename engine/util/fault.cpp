#include "util/fault.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

namespace mikros::fault {
namespace {

struct Config {
  std::string name;  // empty: no fault armed
  long nth = 1;
  bool throws = false;  // ":throw": std::bad_alloc instead of _exit
};

Config parse(std::string_view spec) {
  Config out;
  auto colon = spec.find(':');
  out.name = std::string(spec.substr(0, colon));
  if (colon == std::string_view::npos) return out;
  std::string rest(spec.substr(colon + 1));
  out.nth = std::max(1L, std::atol(rest.c_str()));
  out.throws = rest.find(":throw") != std::string::npos;
  return out;
}

Config& config() {
  static Config c = [] {
    const char* env = std::getenv("MIKROS_FAULT");
    return env && *env ? parse(env) : Config{};
  }();
  return c;
}

std::atomic<long> hits{0};

}  // namespace

void point(const char* name) {
  const Config& c = config();
  if (c.name.empty() || c.name != name) return;
  if (hits.fetch_add(1) + 1 != c.nth) return;
  if (c.throws) throw std::bad_alloc();
  static const char msg[] = "mikros: MIKROS_FAULT: stopping at an injected fault point\n";
  ssize_t ignored = ::write(STDERR_FILENO, msg, sizeof msg - 1);
  (void)ignored;
  ::_exit(kExitCode);
}

void arm(std::string_view spec) {
  config() = parse(spec);
  hits = 0;
}

}  // namespace mikros::fault
