// Fuzz target for the JSONL reader and the profile parser: any bytes, read as a JSONL stream.
// Besides not crashing (the sanitizers watch), it checks properties:
//   - records come with increasing line numbers;
//   - a rejected record always says why;
//   - an accepted profile is stored as JSON that parses back to the same profile (so recovery,
//     which rebuilds documents from stored profiles, sees what indexing saw), and whose facets
//     and Xapian document can be built.
//
// Built with -DMIKROS_FUZZ=ON (clang, libFuzzer) as `jsonl_fuzz`; otherwise as
// `jsonl_fuzz_replay`, a plain program that runs the same checks over the files and
// directories it is given (the seed corpus in tests/fuzz/seeds/jsonl, in every CI run).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "analysis/document.h"
#include "analytics/derive_facets.h"
#include "indexer/readers.h"
#include "mikros/profile.hpp"
#include "model/facets.h"

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "jsonl_fuzz: %s\n%s\n", what, detail.c_str());
  std::abort();
}

void check_stream(const std::string& bytes) {
  std::istringstream in(bytes);
  auto reader = mikros::indexer::make_jsonl_reader(in);
  mikros::indexer::SourceRecord record;
  std::uint64_t last_line = 0;
  while (reader->next(record)) {
    if (record.line <= last_line) fail("line numbers went backwards", record.text);
    last_line = record.line;
    if (!record.error.empty()) continue;
    auto profile = mikros::parse_profile(record.text);
    if (!profile) {
      if (profile.status().message().empty()) fail("a rejection without a reason", record.text);
      continue;
    }
    std::string stored = mikros::to_json(*profile);
    auto again = mikros::parse_profile(stored);
    if (!again) fail("a stored profile does not parse", stored + "\n" + again.status().message());
    if (mikros::to_json(*again) != stored) fail("a stored profile changes when read back", stored);
    if (mikros::profile_key(*again) != mikros::profile_key(*profile)) {
      fail("the key changes when read back", stored);
    }
    auto facets = mikros::derive_facets(*profile, mikros::TierBoundaries{}, 1);
    auto decoded = mikros::decode_facets(mikros::encode_facets(facets));
    if (!decoded) fail("facets do not decode", stored);
    mikros::doc::build_document(*profile, facets);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check_stream(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}

#ifdef MIKROS_FUZZ_REPLAY
#include "replay.h"
int main(int argc, char** argv) {
  return mikros::fuzz::replay("jsonl_fuzz_replay", argc, argv);
}
#endif
