// The C API (mikros/mikros.h), a thin layer over the C++ API: versions, errors, options, opening,
// reading and writing a database (searches and results: c_api_search.cpp). Every entry point
// catches every exception: nothing but error codes crosses into C.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <istream>
#include <limits>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <streambuf>
#include <string>
#include <utility>
#include <vector>

#include "api/c_api_internal.h"

namespace {

using mikros::ErrorCode;
using mikros::Status;

constexpr bool same(ErrorCode a, mikros_error_code b) {
  return static_cast<int>(a) == static_cast<int>(b);
}
static_assert(same(ErrorCode::kOk, MIKROS_OK));
static_assert(same(ErrorCode::kInvalidArgument, MIKROS_INVALID_ARGUMENT));
static_assert(same(ErrorCode::kNotFound, MIKROS_NOT_FOUND));
static_assert(same(ErrorCode::kCorruption, MIKROS_CORRUPTION));
static_assert(same(ErrorCode::kIOError, MIKROS_IO_ERROR));
static_assert(same(ErrorCode::kBusy, MIKROS_BUSY));
static_assert(same(ErrorCode::kIncompatibleVersion, MIKROS_INCOMPATIBLE_VERSION));
static_assert(same(ErrorCode::kQuerySyntax, MIKROS_QUERY_SYNTAX));
static_assert(same(ErrorCode::kLimitExceeded, MIKROS_LIMIT_EXCEEDED));
static_assert(same(ErrorCode::kInternal, MIKROS_INTERNAL));
static_assert(static_cast<int>(mikros::Tier::kNano) == MIKROS_TIER_NANO);
static_assert(static_cast<int>(mikros::Tier::kMicro) == MIKROS_TIER_MICRO);
static_assert(static_cast<int>(mikros::Tier::kMid) == MIKROS_TIER_MID);
static_assert(static_cast<int>(mikros::Tier::kMacro) == MIKROS_TIER_MACRO);
static_assert(static_cast<int>(mikros::Tier::kMega) == MIKROS_TIER_MEGA);
static_assert(mikros::kTierCount == 5);

// Option structs only grow at their end, and must have no tail padding: a field appended
// into padding would be read from bytes an older caller never initialised.
static_assert(sizeof(mikros_options) ==
              offsetof(mikros_options, data_dir) + sizeof(mikros_options::data_dir));
static_assert(sizeof(mikros_search_options) ==
              offsetof(mikros_search_options, reserved) + sizeof(mikros_search_options::reserved));

}  // namespace

namespace mikros::c_api {

// Made at load time, so that an error can be reported when no memory is left to make one.
// mikros_error_free leaves it alone.
mikros_error g_out_of_memory{Status::internal("out of memory"), "internal error: out of memory"};

void set_error(mikros_error** error, const Status& status) noexcept {
  if (!error) return;
  try {
    auto e = std::make_unique<mikros_error>();
    e->status = status;
    e->text = status.to_string();
    *error = e.release();
  } catch (...) {
    *error = &g_out_of_memory;
  }
}

void set_internal_error(mikros_error** error, const char* what) noexcept {
  try {
    set_error(error, Status::internal(fmt::format("unexpected exception: {}", what)));
  } catch (...) {
    if (error) *error = &g_out_of_memory;
  }
}

Status null_argument(const char* name) {
  return Status::invalid_argument(fmt::format("{} is NULL", name));
}

mikros_search_options default_search_options() {
  mikros::SearchOptions o;
  mikros_search_options c;
  c.struct_size = sizeof c;
  c.limit = o.limit;
  c.offset = o.offset;
  c.exact_total = o.exact_total ? 1 : 0;
  c.explain = o.explain ? 1 : 0;
  c.max_query_length = o.limits.max_length;
  c.max_query_terms = o.limits.max_terms;
  c.max_query_depth = o.limits.max_depth;
  c.brand = nullptr;
  c.facets = o.facets ? 1 : 0;
  c.insights = o.insights ? 1 : 0;
  c.expand = o.expand ? 1 : 0;
  c.reserved = 0;
  return c;
}

}  // namespace mikros::c_api

namespace {

using namespace mikros::c_api;  // NOLINT: the C API's shared vocabulary

mikros_options default_options() {
  mikros::Options o;
  mikros::IndexOptions index;
  mikros_options c;
  c.struct_size = sizeof c;
  c.create_if_missing = o.create_if_missing ? 1 : 0;
  c.read_only = o.read_only ? 1 : 0;
  c.block_cache_mb = o.block_cache_mb;
  c.tier_micro = o.tiers.micro;
  c.tier_mid = o.tiers.mid;
  c.tier_macro = o.tiers.macro;
  c.tier_mega = o.tiers.mega;
  c.batch_size = index.batch_size;
  c.data_dir = nullptr;
  return c;
}

// An istream over the caller's buffer, without copying it.
class MemoryBuffer : public std::streambuf {
 public:
  MemoryBuffer(const char* data, std::size_t size) {
    char* p = const_cast<char*>(data);  // only ever read
    setg(p, p, p + size);
  }
};

const mikros::Rejection* rejection_at(const mikros_index_report* report, std::size_t i) {
  if (!report || i >= report->rejections.size()) return nullptr;
  return &report->rejections[i];
}

}  // namespace

extern "C" {

const char* mikros_version(void) {
  return mikros::version();
}

int mikros_version_number(void) {
  return MIKROS_VERSION_NUMBER;
}

const char* mikros_error_code_name(int code) {
  if (code < MIKROS_OK || code > MIKROS_INTERNAL) return "unknown error";
  return mikros::error_code_name(static_cast<ErrorCode>(code));
}

mikros_error_code mikros_error_get_code(const mikros_error* error) {
  return error ? code_of(error->status) : MIKROS_OK;
}

const char* mikros_error_message(const mikros_error* error) {
  return error ? error->status.message().c_str() : "";
}

const char* mikros_error_string(const mikros_error* error) {
  return error ? error->text.c_str() : "OK";
}

size_t mikros_error_position(const mikros_error* error) {
  if (!error || error->status.position() == Status::kNoPosition) return MIKROS_NO_POSITION;
  return error->status.position();
}

void mikros_error_free(mikros_error* error) {
  if (error != &g_out_of_memory) delete error;
}

void mikros_free(void* pointer) {
  std::free(pointer);
}

const char* mikros_tier_name(int tier) {
  if (tier < 0 || tier >= mikros::kTierCount) return nullptr;
  return mikros::tier_name(static_cast<mikros::Tier>(tier)).data();  // static, NUL-terminated
}

void mikros_options_init(mikros_options* options, size_t struct_size) {
  init_options(options, struct_size, default_options());
}

void mikros_search_options_init(mikros_search_options* options, size_t struct_size) {
  init_options(options, struct_size, default_search_options());
}

mikros_error_code mikros_open(const char* path, const mikros_options* options, mikros_db** db,
                              mikros_error** error) {
  if (db) *db = nullptr;
  return guarded(error, [&]() -> Status {
    if (!path) return null_argument("path");
    if (!db) return null_argument("db");
    mikros_options c = default_options();
    if (Status st = read_options(options, c, "mikros_options"); !st) return st;
    mikros::Options o;
    o.create_if_missing = c.create_if_missing != 0;
    o.read_only = c.read_only != 0;
    o.block_cache_mb = c.block_cache_mb;
    o.tiers = {c.tier_micro, c.tier_mid, c.tier_macro, c.tier_mega};
    if (c.data_dir) o.data_dir = c.data_dir;
    auto opened = mikros::Database::open(path, o);
    if (!opened) return opened.status();
    *db = new mikros_db(std::move(*opened), c.batch_size);
    return Status::ok();
  });
}

void mikros_close(mikros_db* db) {
  if (!db) return;
  try {
    std::lock_guard lock(db->mu);
    // What the Indexer's destructor would do, but where an exception can be caught.
    if (db->indexer && db->indexer->pending() > 0) db->indexer->commit().is_ok();
  } catch (...) {
    // Documented: mikros_commit reports commit errors; close only closes.
  }
  delete db;
}

mikros_error_code mikros_count_profiles(const mikros_db* db, uint64_t* count,
                                        mikros_error** error) {
  if (count) *count = 0;
  return guarded(error, [&]() -> Status {
    if (!db) return null_argument("db");
    if (!count) return null_argument("count");
    auto n = db->db.count();
    if (!n) return n.status();
    *count = *n;
    return Status::ok();
  });
}

uint64_t mikros_count(const mikros_db* db) {
  uint64_t n = 0;
  return mikros_count_profiles(db, &n, nullptr) == MIKROS_OK ? n : 0;
}

mikros_error_code mikros_get_json(mikros_db* db, const char* key, char** json,
                                  mikros_error** error) {
  if (json) *json = nullptr;
  return guarded(error, [&]() -> Status {
    if (!db) return null_argument("db");
    if (!key) return null_argument("key");
    if (!json) return null_argument("json");
    auto profile = db->db.get(key);
    if (!profile) return profile.status();
    std::string text = mikros::to_json(*profile);
    auto* copy = static_cast<char*>(std::malloc(text.size() + 1));
    if (!copy) throw std::bad_alloc();
    std::memcpy(copy, text.c_str(), text.size() + 1);
    *json = copy;
    return Status::ok();
  });
}

mikros_error_code mikros_index_json(mikros_db* db, const char* json, size_t size,
                                    mikros_error** error) {
  return guarded(error, [&]() -> Status {
    if (!db) return null_argument("db");
    if (!json && size > 0) return null_argument("json");
    std::lock_guard lock(db->mu);
    return db->writer().upsert_json(std::string_view(json ? json : "", size));
  });
}

mikros_error_code mikros_delete(mikros_db* db, const char* key, mikros_error** error) {
  return guarded(error, [&]() -> Status {
    if (!db) return null_argument("db");
    if (!key) return null_argument("key");
    std::lock_guard lock(db->mu);
    return db->writer().remove(key);
  });
}

mikros_error_code mikros_put_brand(mikros_db* db, const char* json, size_t length,
                                   mikros_error** error) {
  return guarded(error, [&]() -> Status {
    if (!db) return null_argument("db");
    if (!json) return null_argument("json");
    auto brand = mikros::parse_brand(std::string_view(json, length));
    if (!brand) return brand.status();
    return db->db.put_brand(std::move(*brand));
  });
}

mikros_error_code mikros_commit(mikros_db* db, mikros_error** error) {
  return guarded(error, [&]() -> Status {
    if (!db) return null_argument("db");
    std::lock_guard lock(db->mu);
    return db->writer().commit();
  });
}

size_t mikros_pending(mikros_db* db) {
  if (!db) return 0;
  try {
    std::lock_guard lock(db->mu);
    return db->indexer ? db->indexer->pending() : 0;
  } catch (...) {
    return 0;
  }
}

mikros_error_code mikros_index_jsonl(mikros_db* db, const char* data, size_t size,
                                     mikros_index_report** report, mikros_error** error) {
  if (report) *report = nullptr;
  return guarded(error, [&]() -> Status {
    if (!db) return null_argument("db");
    if (!data && size > 0) return null_argument("data");
    auto out = std::make_unique<mikros_index_report>();
    MemoryBuffer buffer(data ? data : "", data ? size : 0);
    std::istream in(&buffer);
    Status st;
    {
      std::lock_guard lock(db->mu);
      st = db->writer().read(
          in, "input", mikros::InputFormat::kJsonl,
          [&](const mikros::Rejection& r) { out->rejections.push_back(r); }, &out->counts);
    }
    if (report) *report = out.release();
    return st;
  });
}

uint64_t mikros_report_records(const mikros_index_report* report) {
  return report ? report->counts.records : 0;
}
uint64_t mikros_report_accepted(const mikros_index_report* report) {
  return report ? report->counts.accepted : 0;
}
uint64_t mikros_report_committed(const mikros_index_report* report) {
  return report ? report->counts.committed : 0;
}
uint64_t mikros_report_rejected(const mikros_index_report* report) {
  return report ? report->rejections.size() : 0;
}
uint64_t mikros_report_rejection_line(const mikros_index_report* report, size_t i) {
  const auto* r = rejection_at(report, i);
  return r ? r->line : 0;
}
const char* mikros_report_rejection_reason(const mikros_index_report* report, size_t i) {
  const auto* r = rejection_at(report, i);
  return r ? r->reason.c_str() : nullptr;
}
const char* mikros_report_rejection_input(const mikros_index_report* report, size_t i) {
  const auto* r = rejection_at(report, i);
  return r ? r->input.c_str() : nullptr;
}
void mikros_report_free(mikros_index_report* report) {
  delete report;
}

}  // extern "C"
