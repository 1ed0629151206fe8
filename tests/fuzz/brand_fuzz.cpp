// Fuzz target for brand files (parse_brand): any bytes, read as a brand. Besides not crashing
// (the sanitizers watch), it checks that a rejected brand always says why, and that an accepted
// one is written (to_json, what `mikros brand add` stores) as JSON that reads back to the same
// brand under the same key.
//
// Built with -DMIKROS_FUZZ=ON (clang, libFuzzer) as `brand_fuzz`; otherwise as
// `brand_fuzz_replay` over the seed corpus in tests/fuzz/seeds/brand, in every CI run.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "mikros/mikros.hpp"

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "brand_fuzz: %s\n%s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  auto brand = mikros::parse_brand(bytes);
  if (!brand) {
    if (brand.status().message().empty()) fail("a rejection without a reason", bytes);
    return 0;
  }
  const std::string stored = mikros::to_json(*brand);
  auto again = mikros::parse_brand(stored);
  if (!again) fail("a stored brand does not parse", stored + "\n" + again.status().message());
  if (mikros::to_json(*again) != stored) fail("a stored brand changes when read back", stored);
  if (mikros::brand_key(again->name) != mikros::brand_key(brand->name)) {
    fail("the brand's key changes when read back", stored);
  }
  return 0;
}

#ifdef MIKROS_FUZZ_REPLAY
#include "replay.h"
int main(int argc, char** argv) {
  return mikros::fuzz::replay("brand_fuzz_replay", argc, argv);
}
#endif
