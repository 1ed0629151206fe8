#include "util/fault.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>

namespace mikros::fault {
namespace {

struct Config {
  std::string name;  // empty: no fault armed
  long nth = 1;
};

const Config& config() {
  static const Config c = [] {
    Config out;
    const char* env = std::getenv("MIKROS_FAULT");
    if (!env || !*env) return out;
    std::string spec(env);
    auto colon = spec.find(':');
    out.name = spec.substr(0, colon);
    if (colon != std::string::npos) out.nth = std::max(1L, std::atol(spec.c_str() + colon + 1));
    return out;
  }();
  return c;
}

std::atomic<long> hits{0};

}  // namespace

void point(const char* name) {
  const Config& c = config();
  if (c.name.empty() || c.name != name) return;
  if (hits.fetch_add(1) + 1 == c.nth) {
    static const char msg[] = "mikros: MIKROS_FAULT: stopping at an injected fault point\n";
    ssize_t ignored = ::write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    ::_exit(kExitCode);
  }
}

}  // namespace mikros::fault
