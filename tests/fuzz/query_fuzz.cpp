// libFuzzer target for the query language: parsing, the canonical description, compiling (with
// the analyzer) and running the query with facet counts and explanations on a small database.
//
// Build and run: tools/fuzz.sh query SECONDS (a clang build with -DMIKROS_FUZZ=ON). Besides the
// sanitizers, it checks properties that must hold for every input:
//   - a query that does not parse fails with kQuerySyntax (position inside the text) or
//     kLimitExceeded, never anything else;
//   - the description of a parsed query parses, and describes itself (a fixed point);
//   - a search fails only for the reasons a query may (an unknown or ambiguous like: seed, the
//     time limit), and its result is consistent: no more hits than asked for, no more than the
//     total, facet counts by tier adding up to the total.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "fixture_profiles.h"
#include "mikros/mikros.hpp"

namespace {

using namespace mikros;

[[noreturn]] void fail(const char* what, std::string_view query, const std::string& detail) {
  std::fprintf(stderr, "query_fuzz: %s\n  query: [%.*s]\n  %s\n", what,
               static_cast<int>(query.size()), query.data(), detail.c_str());
  std::abort();
}

struct Fixture {
  std::string dir;
  std::optional<Database> db;
  std::optional<Searcher> searcher;
};

Fixture* fixture = nullptr;

// At exit the database stays open (RocksDB's own statics may be gone by then, so closing it
// could crash); only its directory is removed, which the open files survive.
void remove_fixture() {
  if (!fixture) return;
  std::error_code ec;
  std::filesystem::remove_all(fixture->dir, ec);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fixture = new Fixture;
  std::string tmpl = (std::filesystem::temp_directory_path() / "mikros-fuzz-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) fail("cannot create a temporary directory", "", tmpl);
  fixture->dir = tmpl;
  std::atexit(remove_fixture);
  auto db = Database::open(fixture->dir + "/db");
  if (!db) fail("cannot create the database", "", db.status().to_string());
  {
    Indexer indexer(*db);
    for (const char* p : fuzz::kFixtureProfiles) {
      if (Status st = indexer.upsert_json(p); !st) fail("bad fixture profile", p, st.to_string());
    }
    if (Status st = indexer.commit(); !st) fail("cannot commit", "", st.to_string());
  }
  fixture->db.emplace(std::move(*db));
  fixture->searcher.emplace(*fixture->db);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = Query::parse(text);
  if (!parsed) {
    const Status& st = parsed.status();
    if (st.code() == ErrorCode::kLimitExceeded) return 0;
    if (st.code() != ErrorCode::kQuerySyntax) fail("parse: unexpected error", text, st.to_string());
    if (st.position() > text.size()) fail("parse: position past the end", text, st.to_string());
    return 0;
  }

  // The canonical description is a query of the language that describes itself. (Generous
  // limits: "NOT NOT a" is described as "-(-a)", one level deeper.)
  const std::string once = parsed->describe();
  QueryLimits generous;
  generous.max_length = 1 << 20;
  generous.max_terms = 1 << 20;
  generous.max_depth = 1 << 10;
  auto again = Query::parse(once, generous);
  if (!again)
    fail("the description does not parse", text, once + "\n  " + again.status().to_string());
  if (again->describe() != once) {
    fail("the description is not a fixed point", text, once + "\n  " + again->describe());
  }

  SearchOptions options;
  options.limit = 5;
  options.facets = true;
  options.explain = true;
  options.limits.max_time_ms = 0;  // no timing-dependent outcomes
  auto result = fixture->searcher->search(*parsed, options);
  if (!result) {
    const Status& st = result.status();
    bool seed_error =
        (st.code() == ErrorCode::kNotFound || st.code() == ErrorCode::kInvalidArgument) &&
        st.position() != Status::kNoPosition && st.position() < text.size();
    // The fixture stores no brand: brand:NAME is not found, and sort:alignment needs a brand.
    bool option_error =
        (st.code() == ErrorCode::kNotFound && !parsed->brand_name().empty()) ||
        (st.code() == ErrorCode::kInvalidArgument &&
         parsed->sort_order() == SortOrder::kAlignment && parsed->brand_name().empty());
    if (!seed_error && !option_error) fail("search: unexpected error", text, st.to_string());
    return 0;
  }
  const std::size_t limit = parsed->result_limit().value_or(options.limit);
  if (result->hits.size() > limit || result->hits.size() > result->total) {
    fail("search: more hits than asked for or than the total", text,
         std::to_string(result->hits.size()) + " hits, total " + std::to_string(result->total));
  }
  if (!result->total_exact) fail("search: total not exact", text, "");
  std::uint64_t by_tier = 0;
  for (const auto& [tier, n] : result->facets.at("tier")) by_tier += n;
  if (by_tier != result->total) {
    fail("search: tier counts do not add up to the total", text,
         std::to_string(by_tier) + " != " + std::to_string(result->total));
  }
  return 0;
}

#ifdef MIKROS_FUZZ_REPLAY
// Every build (tests/CMakeLists.txt): the same checks over the seeds, without libFuzzer.
#include "replay.h"
int main(int argc, char** argv) {
  LLVMFuzzerInitialize(&argc, &argv);
  return mikros::fuzz::replay("query_fuzz_replay", argc, argv);
}
#endif
