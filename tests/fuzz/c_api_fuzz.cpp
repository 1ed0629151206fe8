// Fuzz target for the C API (mikros.h): an input is a script of calls, each a byte that picks
// the entry point followed by its arguments (a 16-bit length, then that many bytes of text or
// JSON; option fields from the bytes after). The calls run on two databases opened through the C
// API: a fixed one (the query fuzz target's profiles) that searches and lookups read, and a
// scratch one that takes writes. The scratch database is made anew after every 32 inputs that used
// it (anew for each input, the target ran 7 inputs/s under ASan, most of it opening databases);
// every check below holds whatever the scratch database holds, so a finding replays alone, and
// one that needs the inputs before it replays over the corpus they are in.
//
// Besides the sanitizers, it checks what the header promises for every call:
//   - an error comes back with *error set, its code equal to the returned one, a message, and a
//     code this entry point may return (mikros_search: never CORRUPTION, IO_ERROR or INTERNAL on
//     these databases); on success *error is NULL;
//   - a result never has more hits than its limit or its total; every hit's fields are there and
//     a hit past the end reads as NULL, 0, -1 or NaN; with facets and an exact total, the tier
//     counts add up to the total; mikros_result_json is JSON;
//   - a profile read with mikros_get_json indexes again unchanged into the scratch database;
//   - an index report counts every record once (accepted + rejected = read) and names the line
//     of each rejection, in order, inside the batch.
//
// Built with -DMIKROS_FUZZ=ON (clang, libFuzzer) as `c_api_fuzz`; otherwise as
// `c_api_fuzz_replay` over the seeds in tests/fuzz/seeds/c_api, in every CI run.
//
// It runs without libFuzzer's leak checks between inputs (-detect_leaks=0, set where it is run):
// with clang 14 and glibc 2.36 LeakSanitizer reported, twice in two hour-long runs (after 27,000
// and 20,000 inputs), the thread-local state of the writer's document-building thread as leaked
// while that thread ran: its stemmer caches, its ICU break iterators and Xapian stemmers, and
// glibc's own record of its thread-local destructors (__cxa_thread_atexit_impl), which is freed
// when a thread exits, so the thread had not. Leaks of what the C API hands out are checked by
// the ASan suite, at exit (c_api_tests, and this target's replay over its seeds).
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>

#include "fixture_profiles.h"
#include "mikros/mikros.h"

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "c_api_fuzz: %s\n  %s\n", what, detail.c_str());
  std::abort();
}

// Reads a script's bytes; past the end every read gives zeros and empty text.
class Script {
 public:
  Script(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool done() const { return pos_ >= size_; }
  std::uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  std::string text() {
    std::size_t n = byte();
    n |= static_cast<std::size_t>(byte()) << 8;
    n = std::min(n, size_ - std::min(pos_, size_));
    std::string s(reinterpret_cast<const char*>(data_) + pos_, n);
    pos_ += n;
    return s;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

// The outcome of one call: `code` returned, `error` as the call left it (freed here).
void check_error(const char* call, mikros_error_code code, mikros_error* error,
                 std::initializer_list<mikros_error_code> allowed, const std::string& arg) {
  const std::string where = std::string(call) + "(" + arg.substr(0, 200) + ")";
  if (code == MIKROS_OK) {
    if (error) fail("success with an error set", where);
    return;
  }
  if (!error) fail("failure without an error", where);
  if (mikros_error_get_code(error) != code) fail("the error's code is not the one returned", where);
  const char* message = mikros_error_message(error);
  if (!message || !*message) fail("an error without a message", where);
  if (std::strlen(mikros_error_string(error)) <= std::strlen(message)) {
    fail("the error's string does not add the code", where);
  }
  bool ok = false;
  for (mikros_error_code a : allowed) ok = ok || a == code;
  if (!ok) fail("an error this call may not return", where + ": " + mikros_error_string(error));
  mikros_error_free(error);
}

struct Fixture {
  std::string dir;
  mikros_db* fixed = nullptr;
  mikros_db* scratch = nullptr;
  int inputs_on_scratch = 0;  // since it was made
  bool scratch_used = false;  // by the input that runs
};

Fixture* fixture = nullptr;

mikros_db* open_db(const std::string& path) {
  mikros_db* db = nullptr;
  mikros_error* error = nullptr;
  if (mikros_open(path.c_str(), nullptr, &db, &error) != MIKROS_OK) {
    fail("cannot open the database", path + ": " + mikros_error_string(error));
  }
  return db;
}

// A new, empty scratch database in place of the last one.
void reset_scratch() {
  mikros_close(fixture->scratch);
  const std::string path = fixture->dir + "/scratch";
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
  fixture->scratch = open_db(path);
}

// Skips its work (at exit RocksDB's statics may be gone), only removes the folder.
void remove_fixture() {
  if (!fixture) return;
  std::error_code ec;
  std::filesystem::remove_all(fixture->dir, ec);
}

bool is_json_object(const char* s) {
  // The library's JSON is checked by the C++ tests; here only that it is one object.
  const std::size_t n = s ? std::strlen(s) : 0;
  return n >= 2 && s[0] == '{' && s[n - 1] == '}';
}

void check_hits(const mikros_result* result, const std::string& query, std::size_t limit) {
  const std::size_t count = mikros_result_count(result);
  const std::uint64_t total = mikros_result_total(result);
  if (count > limit || count > total) {
    fail("more hits than the limit or the total", query + ": " + std::to_string(count) +
                                                      " hits, limit " + std::to_string(limit) +
                                                      ", total " + std::to_string(total));
  }
  for (std::size_t i = 0; i < count; ++i) {
    if (!mikros_hit_key(result, i) || !mikros_hit_platform(result, i) ||
        !mikros_hit_handle(result, i) || !mikros_hit_name(result, i) ||
        !mikros_hit_country(result, i) || !mikros_hit_tier_name(result, i) ||
        !is_json_object(mikros_hit_profile_json(result, i))) {
      fail("a hit with a missing field", query + ": hit " + std::to_string(i));
    }
    const int tier = mikros_hit_tier(result, i);
    if (tier < MIKROS_TIER_NANO || tier > MIKROS_TIER_MEGA) fail("a hit without a tier", query);
    if (mikros_hit_has_engagement_rate(result, i) !=
        !std::isnan(mikros_hit_engagement_rate(result, i))) {
      fail("has_engagement_rate disagrees with engagement_rate", query);
    }
  }
  if (mikros_hit_key(result, count) || mikros_hit_profile_json(result, count) ||
      mikros_hit_followers(result, count) != 0 || mikros_hit_tier(result, count) != -1 ||
      !std::isnan(mikros_hit_score(result, count)) ||
      !std::isnan(mikros_hit_alignment(result, count))) {
    fail("a hit past the end reads as a hit", query);
  }
  if (!is_json_object(mikros_result_json(result))) fail("the result is not a JSON object", query);
}

// mikros_search with options from the script.
void search(mikros_db* db, Script& in) {
  const std::string query = in.text();
  mikros_search_options options;
  const std::uint8_t size_choice = in.byte() % 4;
  // An older header's struct (up to `facets`), this header's, a newer one's with zeros at the
  // end (accepted), and a newer one's that sets a field this library does not know (refused).
  struct Newer {
    mikros_search_options known;
    std::uint64_t unknown;
  } newer{};
  mikros_search_options* o = size_choice < 2 ? &options : &newer.known;
  const std::size_t sizes[] = {offsetof(mikros_search_options, insights), sizeof options,
                               sizeof newer, sizeof newer};
  mikros_search_options_init(o, sizes[size_choice]);
  if (size_choice == 3) newer.unknown = 1;
  const std::uint8_t flags = in.byte();
  o->limit = in.byte() % 40;
  o->offset = in.byte() % 12;
  o->exact_total = flags & 1;
  o->explain = (flags >> 1) & 1;
  o->facets = (flags >> 2) & 1;
  if (size_choice > 0) {
    o->insights = (flags >> 3) & 1;
    o->expand = (flags >> 4) & 1;
  }
  if (flags & 0x20) o->max_query_length = in.byte() * 8u;
  if (flags & 0x40) o->max_query_terms = in.byte() % 80;
  std::string brand;
  if (flags & 0x80) brand = in.text();
  o->brand = (flags & 0x80) ? brand.c_str() : nullptr;

  mikros_result* result = nullptr;
  mikros_error* error = nullptr;
  const mikros_error_code code = mikros_search(db, query.c_str(), o, &result, &error);
  if (code != MIKROS_OK) {
    if (result) fail("a failed search returns a result", query);
    if (code == MIKROS_QUERY_SYNTAX && mikros_error_position(error) > query.size()) {
      fail("a syntax error's position is past the end of the query", query);
    }
    check_error(
        "mikros_search", code, error,
        {MIKROS_INVALID_ARGUMENT, MIKROS_NOT_FOUND, MIKROS_QUERY_SYNTAX, MIKROS_LIMIT_EXCEEDED},
        query);
    return;
  }
  check_error("mikros_search", code, error, {}, query);
  if (size_choice == 3) fail("a field this library does not know was accepted", query);
  // A limit: in the query overrides options.limit: only the upper bound of both is known here.
  check_hits(result, query, std::max<std::size_t>(o->limit, 10000));
  if (std::strcmp(mikros_result_query(result), query.c_str()) != 0) {
    fail("the result's query is not the query", query);
  }
  if (o->facets && mikros_result_total_exact(result)) {
    std::uint64_t by_tier = 0;
    for (const char* tier : {"nano", "micro", "mid", "macro", "mega"}) {
      by_tier += mikros_result_facet(result, "tier", tier);
    }
    if (by_tier != mikros_result_total(result)) fail("tier counts do not add up", query);
  }
  mikros_result_facet(result, query.c_str(), brand.c_str());  // any names: 0, no crash
  if (!o->explain && *mikros_result_explanation(result))
    fail("an explanation not asked for", query);
  mikros_result_free(result);
}

// mikros_get_json on the fixed database; a profile found indexes again into the scratch one.
void get_json(Script& in) {
  const std::string key = in.text();
  char* json = nullptr;
  mikros_error* error = nullptr;
  const mikros_error_code code = mikros_get_json(fixture->fixed, key.c_str(), &json, &error);
  check_error("mikros_get_json", code, error, {MIKROS_INVALID_ARGUMENT, MIKROS_NOT_FOUND}, key);
  if (code != MIKROS_OK) return;
  if (!is_json_object(json)) fail("mikros_get_json gives no JSON object", key);
  const mikros_error_code again =
      mikros_index_json(fixture->scratch, json, std::strlen(json), &error);
  check_error("mikros_index_json of a stored profile", again, error, {}, json);
  mikros_free(json);
}

void index_jsonl(Script& in) {
  const std::string data = in.text();
  mikros_index_report* report = nullptr;
  mikros_error* error = nullptr;
  const mikros_error_code code =
      mikros_index_jsonl(fixture->scratch, data.data(), data.size(), &report, &error);
  check_error("mikros_index_jsonl", code, error, {MIKROS_INVALID_ARGUMENT, MIKROS_LIMIT_EXCEEDED},
              data);
  if (!report) fail("mikros_index_jsonl gives no report", data);
  const std::uint64_t rejected = mikros_report_rejected(report);
  if (mikros_report_accepted(report) + rejected != mikros_report_records(report) ||
      mikros_report_committed(report) > mikros_report_accepted(report)) {
    fail("the report's counts do not add up", data);
  }
  std::uint64_t lines = 1;
  for (char c : data) lines += c == '\n';
  std::uint64_t previous = 0;
  for (std::size_t i = 0; i < rejected; ++i) {
    const std::uint64_t line = mikros_report_rejection_line(report, i);
    if (line <= previous || line > lines || !mikros_report_rejection_reason(report, i) ||
        !*mikros_report_rejection_reason(report, i) || !mikros_report_rejection_input(report, i)) {
      fail("a rejection without its line or reason", data);
    }
    previous = line;
  }
  if (mikros_report_rejection_line(report, rejected) != 0 ||
      mikros_report_rejection_reason(report, rejected)) {
    fail("a rejection past the end reads as one", data);
  }
  mikros_report_free(report);
}

// One call of the script.
void run_call(std::uint8_t op, Script& in) {
  mikros_error* error = nullptr;
  if (op % 10 != 0) fixture->scratch_used = true;
  switch (op % 10) {
    case 0:
      search(fixture->fixed, in);
      break;
    case 1:
      get_json(in);
      break;
    case 2: {
      const std::string json = in.text();
      const mikros_error_code code =
          mikros_index_json(fixture->scratch, json.data(), json.size(), &error);
      check_error("mikros_index_json", code, error, {MIKROS_INVALID_ARGUMENT}, json);
      break;
    }
    case 3:
      index_jsonl(in);
      break;
    case 4: {
      const std::string key = in.text();
      const mikros_error_code code = mikros_delete(fixture->scratch, key.c_str(), &error);
      check_error("mikros_delete", code, error, {MIKROS_INVALID_ARGUMENT}, key);
      break;
    }
    case 5: {
      const std::string json = in.text();
      const mikros_error_code code =
          mikros_put_brand(fixture->scratch, json.data(), json.size(), &error);
      check_error("mikros_put_brand", code, error, {MIKROS_INVALID_ARGUMENT}, json);
      break;
    }
    case 6: {
      const std::size_t pending = mikros_pending(fixture->scratch);
      const mikros_error_code code = mikros_commit(fixture->scratch, &error);
      check_error("mikros_commit", code, error, {}, std::to_string(pending) + " pending");
      if (mikros_pending(fixture->scratch) != 0) fail("changes pending after a commit", "");
      break;
    }
    case 7:
      search(fixture->scratch, in);
      break;
    case 8: {
      std::uint64_t count = 0;
      const mikros_error_code code = mikros_count_profiles(fixture->scratch, &count, &error);
      check_error("mikros_count_profiles", code, error, {}, "");
      if (count != mikros_count(fixture->scratch)) fail("the two counts differ", "");
      break;
    }
    default: {
      // Names of any number, and NULL arguments, which every entry point refuses by code.
      const int n = static_cast<signed char>(in.byte());
      if (!mikros_error_code_name(n) || (mikros_tier_name(n) == nullptr) == (n >= 0 && n <= 4)) {
        fail("a name for a number", std::to_string(n));
      }
      mikros_result* result = nullptr;
      mikros_error_code code = mikros_search(nullptr, "a", nullptr, &result, &error);
      check_error("mikros_search(NULL db)", code, error, {MIKROS_INVALID_ARGUMENT}, "");
      code = mikros_search(fixture->fixed, nullptr, nullptr, &result, &error);
      check_error("mikros_search(NULL query)", code, error, {MIKROS_INVALID_ARGUMENT}, "");
      code = mikros_index_json(fixture->scratch, nullptr, 3, &error);
      check_error("mikros_index_json(NULL)", code, error, {MIKROS_INVALID_ARGUMENT}, "");
      code = mikros_delete(fixture->scratch, nullptr, &error);
      check_error("mikros_delete(NULL)", code, error, {MIKROS_INVALID_ARGUMENT}, "");
      break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fixture = new Fixture;
  // In memory where there is a /dev/shm: commits' fsyncs there cost nothing.
  std::error_code ec;
  const std::filesystem::path base = std::filesystem::is_directory("/dev/shm", ec)
                                         ? std::filesystem::path("/dev/shm")
                                         : std::filesystem::temp_directory_path();
  std::string tmpl = (base / "mikros-c-api-fuzz-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) fail("cannot create a temporary directory", tmpl);
  fixture->dir = tmpl;
  std::atexit(remove_fixture);
  fixture->fixed = open_db(fixture->dir + "/fixed");
  mikros_error* error = nullptr;
  for (const char* p : mikros::fuzz::kFixtureProfiles) {
    if (mikros_index_json(fixture->fixed, p, std::strlen(p), &error) != MIKROS_OK) {
      fail("bad fixture profile", p);
    }
  }
  if (mikros_commit(fixture->fixed, &error) != MIKROS_OK) fail("cannot commit the fixture", "");
  reset_scratch();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (fixture->scratch_used && ++fixture->inputs_on_scratch == 32) {
    reset_scratch();
    fixture->inputs_on_scratch = 0;
  }
  fixture->scratch_used = false;
  Script in(data, size);
  for (int calls = 0; calls < 16 && !in.done(); ++calls) run_call(in.byte(), in);
  return 0;
}

#ifdef MIKROS_FUZZ_REPLAY
#include "replay.h"
int main(int argc, char** argv) {
  LLVMFuzzerInitialize(&argc, &argv);
  return mikros::fuzz::replay("c_api_fuzz_replay", argc, argv);
}
#endif
