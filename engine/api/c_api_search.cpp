// The C API's searches and their results (mikros/mikros.h): mikros_search, mikros_result_*,
// mikros_hit_*.
#include "api/c_api_internal.h"

namespace {

using mikros::Status;
using namespace mikros::c_api;  // NOLINT: the C API's shared vocabulary

const mikros::Hit* hit_at(const mikros_result* result, std::size_t i) {
  if (!result || i >= result->result.hits.size()) return nullptr;
  return &result->result.hits[i];
}

}  // namespace

extern "C" {

mikros_error_code mikros_search(mikros_db* db, const char* query,
                                const mikros_search_options* options, mikros_result** result,
                                mikros_error** error) {
  if (result) *result = nullptr;
  return guarded(error, [&]() -> Status {
    if (!db) return null_argument("db");
    if (!query) return null_argument("query");
    if (!result) return null_argument("result");
    mikros_search_options c = default_search_options();
    if (Status st = read_options(options, c, "mikros_search_options"); !st) return st;
    mikros::SearchOptions o;
    o.limit = c.limit;
    o.offset = c.offset;
    o.exact_total = c.exact_total != 0;
    o.explain = c.explain != 0;
    o.facets = c.facets != 0;
    o.insights = c.insights != 0;
    o.expand = c.expand != 0;
    o.limits.max_length = c.max_query_length;
    o.limits.max_terms = c.max_query_terms;
    o.limits.max_depth = c.max_query_depth;
    if (c.brand) {
      auto brand = db->db.brand(c.brand);
      if (!brand) return brand.status();
      o.brand = std::move(*brand);
    }
    auto found = db->searcher.search(std::string_view(query), o);
    if (!found) return found.status();
    *result = new mikros_result(std::move(*found));
    return Status::ok();
  });
}

size_t mikros_result_count(const mikros_result* result) {
  return result ? result->result.hits.size() : 0;
}
uint64_t mikros_result_total(const mikros_result* result) {
  return result ? result->result.total : 0;
}
int mikros_result_total_exact(const mikros_result* result) {
  return result && result->result.total_exact ? 1 : 0;
}
const char* mikros_result_query(const mikros_result* result) {
  return result ? result->result.query.c_str() : nullptr;
}
uint64_t mikros_result_facet(const mikros_result* result, const char* facet, const char* value) {
  if (!result || !facet || !value) return 0;
  auto f = result->result.facets.find(facet);
  if (f == result->result.facets.end()) return 0;
  auto v = f->second.find(value);
  return v == f->second.end() ? 0 : v->second;
}
const char* mikros_result_explanation(const mikros_result* result) {
  return result ? result->result.explanation.c_str() : nullptr;
}

const char* mikros_result_json(const mikros_result* result) {
  if (!result) return nullptr;
  try {
    std::lock_guard lock(result->mu);
    if (!result->json) result->json = mikros::to_json(result->result);
    return result->json->c_str();
  } catch (...) {
    return nullptr;
  }
}

const char* mikros_hit_key(const mikros_result* result, size_t i) {
  const auto* h = hit_at(result, i);
  return h ? h->key.c_str() : nullptr;
}
const char* mikros_hit_platform(const mikros_result* result, size_t i) {
  const auto* h = hit_at(result, i);
  return h ? h->platform.c_str() : nullptr;
}
const char* mikros_hit_handle(const mikros_result* result, size_t i) {
  const auto* h = hit_at(result, i);
  return h ? h->handle.c_str() : nullptr;
}
const char* mikros_hit_name(const mikros_result* result, size_t i) {
  const auto* h = hit_at(result, i);
  return h ? h->name.c_str() : nullptr;
}
const char* mikros_hit_country(const mikros_result* result, size_t i) {
  const auto* h = hit_at(result, i);
  return h ? h->country.c_str() : nullptr;
}
uint64_t mikros_hit_followers(const mikros_result* result, size_t i) {
  const auto* h = hit_at(result, i);
  return h ? h->followers : 0;
}
int mikros_hit_tier(const mikros_result* result, size_t i) {
  const auto* h = hit_at(result, i);
  return h ? static_cast<int>(h->tier) : -1;
}
const char* mikros_hit_tier_name(const mikros_result* result, size_t i) {
  const auto* h = hit_at(result, i);
  return h ? mikros_tier_name(static_cast<int>(h->tier)) : nullptr;
}
int mikros_hit_has_engagement_rate(const mikros_result* result, size_t i) {
  const auto* h = hit_at(result, i);
  return h && h->engagement_rate ? 1 : 0;
}
double mikros_hit_engagement_rate(const mikros_result* result, size_t i) {
  const auto* h = hit_at(result, i);
  return h && h->engagement_rate ? *h->engagement_rate : std::numeric_limits<double>::quiet_NaN();
}
double mikros_hit_score(const mikros_result* result, size_t i) {
  const auto* h = hit_at(result, i);
  return h ? h->score : std::numeric_limits<double>::quiet_NaN();
}

double mikros_hit_alignment(const mikros_result* result, size_t i) {
  const auto* h = hit_at(result, i);
  return h && h->alignment ? *h->alignment : std::numeric_limits<double>::quiet_NaN();
}

const char* mikros_hit_profile_json(const mikros_result* result, size_t i) {
  const auto* h = hit_at(result, i);
  if (!h) return nullptr;
  try {
    std::lock_guard lock(result->mu);
    auto& cached = result->profile_json[i];
    if (!cached) cached = mikros::to_json(h->profile);
    return cached->c_str();
  } catch (...) {
    return nullptr;
  }
}

void mikros_result_free(mikros_result* result) {
  delete result;
}

}  // extern "C"
