// mikros: the C API, for C programs and for any language with a foreign-function interface
// (Python ctypes, Go cgo, ...). C99; include <mikros/mikros.h>, link -lmikros.
//
//   mikros_db* db = NULL;
//   mikros_error* err = NULL;
//   if (mikros_open("profiles.mikros", NULL, &db, &err) != MIKROS_OK) { ... }
//   mikros_index_json(db, json, strlen(json), &err);
//   mikros_commit(db, &err);
//   mikros_result* res = NULL;
//   mikros_search(db, "\"slow fashion\" tier:micro", NULL, &res, &err);
//   for (size_t i = 0; i < mikros_result_count(res); ++i) puts(mikros_hit_key(res, i));
//   mikros_result_free(res);
//   mikros_close(db);
//
// Errors. Every call that can fail returns a mikros_error_code (MIKROS_OK = 0 on success) and
// takes a last argument `mikros_error** error`. Pass NULL to get the code only. Otherwise, on
// failure *error receives a new error object (code, message, query position) that the caller
// frees with mikros_error_free(); on success *error is set to NULL. There is no thread-local
// "last error", so the model works from runtimes that move calls between threads (Go).
//
// Ownership. Every object the library returns through an out-parameter (mikros_db,
// mikros_result, mikros_index_report, mikros_error, char* from mikros_get_json) belongs to
// the caller, who frees it exactly once with the matching function: mikros_close,
// mikros_result_free, mikros_report_free, mikros_error_free, mikros_free. Each accepts NULL.
// A `const char*` returned by an accessor points into the object it was read from and stays
// valid until that object is freed; never free it. Strings are UTF-8 and NUL-terminated. The
// library keeps no pointer to the caller's arguments after a call returns.
//
// Exceptions. No C++ exception crosses this API: each entry point catches everything and turns
// it into an error code (an allocation failure into MIKROS_INTERNAL, "out of memory").
//
// Thread-safety. A mikros_db may be shared by any number of threads: searches run
// concurrently, writes (index, delete, commit) are serialised by a lock inside the handle.
// Results, reports and errors are immutable once returned and may be read from several threads;
// each is freed once, by one thread, after all readers are done.
//
// ABI. Option structs start with `struct_size` and only ever grow at their end: initialise
// them with the *_init function, which fills in every default, then set the fields you want.
// A program compiled against an older header keeps working with a newer library.
#ifndef MIKROS_H
#define MIKROS_H

#include <stddef.h>
#include <stdint.h>

#include "mikros/version.h"

#if defined(_WIN32)
#define MIKROS_API
#else
#define MIKROS_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

// ---------------------------------------------------------------------------------------------
// Versions and errors

// The version of the library the program runs against, e.g. "0.1.0" (the headers' version is
// MIKROS_VERSION_STRING).
MIKROS_API const char* mikros_version(void);
// The same as MIKROS_VERSION_NUMBER: MAJOR * 10000 + MINOR * 100 + PATCH.
MIKROS_API int mikros_version_number(void);

// Error categories; the numbers are those of mikros::ErrorCode in C++ and never change.
typedef enum mikros_error_code {
  MIKROS_OK = 0,
  MIKROS_INVALID_ARGUMENT = 1,      // a malformed argument, record or option
  MIKROS_NOT_FOUND = 2,             // no such profile or database
  MIKROS_CORRUPTION = 3,            // on-disk data that cannot be read
  MIKROS_IO_ERROR = 4,              // the operating system refused (disk full, permissions)
  MIKROS_BUSY = 5,                  // another writer holds the database
  MIKROS_INCOMPATIBLE_VERSION = 6,  // on-disk format of an incompatible version
  MIKROS_QUERY_SYNTAX = 7,          // a query that does not parse; see mikros_error_position
  MIKROS_LIMIT_EXCEEDED = 8,        // a query or request over a configured limit
  MIKROS_INTERNAL = 9               // a bug in mikros, or out of memory
} mikros_error_code;

// Name of a code, e.g. "query syntax". A static string; unknown codes give "unknown error".
MIKROS_API const char* mikros_error_code_name(int code);

// What went wrong in a failed call. Free with mikros_error_free.
typedef struct mikros_error mikros_error;

// The error's code (MIKROS_OK for a NULL error).
MIKROS_API mikros_error_code mikros_error_get_code(const mikros_error* error);
// The message alone, e.g. "expected a number or percentage" ("" for NULL).
MIKROS_API const char* mikros_error_message(const mikros_error* error);
// Code name, position and message, e.g. "query syntax: at 4: expected a number or
// percentage": what to show a user ("OK" for NULL).
MIKROS_API const char* mikros_error_string(const mikros_error* error);
// For MIKROS_QUERY_SYNTAX: the 0-based byte offset in the query where parsing failed;
// otherwise MIKROS_NO_POSITION.
#define MIKROS_NO_POSITION SIZE_MAX
MIKROS_API size_t mikros_error_position(const mikros_error* error);
MIKROS_API void mikros_error_free(mikros_error* error);

// Frees a string the library returned as `char*` (mikros_get_json). NULL is allowed.
MIKROS_API void mikros_free(void* pointer);

// ---------------------------------------------------------------------------------------------
// Opening a database

// Tiers by followers; the numbers are those of mikros::Tier.
typedef enum mikros_tier {
  MIKROS_TIER_NANO = 0,
  MIKROS_TIER_MICRO = 1,
  MIKROS_TIER_MID = 2,
  MIKROS_TIER_MACRO = 3,
  MIKROS_TIER_MEGA = 4
} mikros_tier;

// "nano", "micro", "mid", "macro", "mega"; NULL for any other number.
MIKROS_API const char* mikros_tier_name(int tier);

// How to open a database. Initialise with mikros_options_init(&options, sizeof options).
typedef struct mikros_options {
  size_t struct_size;     // sizeof(mikros_options) as the caller knows it; set by _init
  int create_if_missing;  // create an empty database when none exists. Default 1
  int read_only;          // search only: no lock, works beside one writer. Default 0
  size_t block_cache_mb;  // RocksDB block cache in MiB. Default 32
  // Lower bounds of the tiers above nano, used when this call creates the database (an
  // existing one keeps its own). Defaults 5000, 50000, 500000, 1000000.
  uint64_t tier_micro;
  uint64_t tier_mid;
  uint64_t tier_macro;
  uint64_t tier_mega;
  size_t batch_size;  // records per commit in mikros_index_jsonl. Default 5000
  // The folder of mikros's data files (words.lex), as Options::data_dir in C++: NULL (the
  // default) finds it through MIKROS_DATA_DIR, beside the library, or in the configured prefix.
  // Copied during the call.
  const char* data_dir;
} mikros_options;

// Sets options->struct_size = struct_size and every field to its default.
MIKROS_API void mikros_options_init(mikros_options* options, size_t struct_size);

// An open database. Close with mikros_close.
typedef struct mikros_db mikros_db;

// Opens (or creates, see options) the database in directory `path`. `options` may be NULL for
// the defaults. On success *db receives the handle.
// Errors: MIKROS_NOT_FOUND (no database and no create, or no hashtag dictionary: see
// options->data_dir), MIKROS_BUSY (another process writes),
// MIKROS_INCOMPATIBLE_VERSION, MIKROS_CORRUPTION, MIKROS_IO_ERROR, MIKROS_INVALID_ARGUMENT
// (NULL argument, options from a newer header that set fields this library does not know).
MIKROS_API mikros_error_code mikros_open(const char* path, const mikros_options* options,
                                         mikros_db** db, mikros_error** error);

// Commits queued changes (as mikros_commit; call that first to learn whether it worked),
// then closes the database and frees the handle. NULL is allowed.
MIKROS_API void mikros_close(mikros_db* db);

// Number of profiles in the database: on success *count receives it. Errors: MIKROS_IO_ERROR
// or MIKROS_CORRUPTION when the database cannot be read (a damaged database is not an empty
// one), MIKROS_INVALID_ARGUMENT (NULL argument).
MIKROS_API mikros_error_code mikros_count_profiles(const mikros_db* db, uint64_t* count,
                                                   mikros_error** error);
// The same, with 0 for NULL and for a read error: use mikros_count_profiles where that matters.
MIKROS_API uint64_t mikros_count(const mikros_db* db);

// The stored profile with key "platform:handle" as one line of JSON. On success *json
// receives a string the caller frees with mikros_free. Errors: MIKROS_NOT_FOUND.
MIKROS_API mikros_error_code mikros_get_json(mikros_db* db, const char* key, char** json,
                                             mikros_error** error);

// ---------------------------------------------------------------------------------------------
// Indexing (databases opened writable)

// Validates one JSON profile (corpus/SCHEMA.md) of `size` bytes and queues its insertion,
// replacing the profile with the same platform and handle. Queued changes become durable and
// searchable at mikros_commit. Errors: MIKROS_INVALID_ARGUMENT naming the field at fault,
// e.g. "followers: expected a non-negative integer".
MIKROS_API mikros_error_code mikros_index_json(mikros_db* db, const char* json, size_t size,
                                               mikros_error** error);

// Queues the removal of the profile "platform:handle". Removing a missing profile is not an
// error.
MIKROS_API mikros_error_code mikros_delete(mikros_db* db, const char* key, mikros_error** error);

// Stores a brand profile (JSON as in corpus/BRANDS.md), replacing any brand of the same name.
// Durable at once; searches see it from their next call. Errors: MIKROS_INVALID_ARGUMENT
// (the message names the bad field), MIKROS_IO_ERROR, ...
MIKROS_API mikros_error_code mikros_put_brand(mikros_db* db, const char* json, size_t length,
                                              mikros_error** error);

// Makes every queued change durable and visible to searches, as one generation.
MIKROS_API mikros_error_code mikros_commit(mikros_db* db, mikros_error** error);

// Number of queued changes not yet committed.
MIKROS_API size_t mikros_pending(mikros_db* db);

// What mikros_index_jsonl did: counts and the rejected records. Free with mikros_report_free.
typedef struct mikros_index_report mikros_index_report;

// Indexes a batch: `size` bytes of JSON lines, one profile per line. Valid records are indexed
// (committed every batch_size records, and at the end, together with anything queued before);
// a bad record is rejected with its line number and reason and the rest goes on. A rejected
// record is not an error. When `report` is not NULL, *report receives the report, also when
// the call fails (it then tells how many records were committed before the failure).
MIKROS_API mikros_error_code mikros_index_jsonl(mikros_db* db, const char* data, size_t size,
                                                mikros_index_report** report, mikros_error** error);

MIKROS_API uint64_t mikros_report_records(const mikros_index_report* report);    // read
MIKROS_API uint64_t mikros_report_accepted(const mikros_index_report* report);   // valid
MIKROS_API uint64_t mikros_report_committed(const mikros_index_report* report);  // durable
MIKROS_API uint64_t mikros_report_rejected(const mikros_index_report* report);
// Rejection i, for i < mikros_report_rejected(): the 1-based line where the record starts,
// the reason ("followers: expected a non-negative integer") and the record as read. Out of
// range: 0 and NULL.
MIKROS_API uint64_t mikros_report_rejection_line(const mikros_index_report* report, size_t i);
MIKROS_API const char* mikros_report_rejection_reason(const mikros_index_report* report, size_t i);
MIKROS_API const char* mikros_report_rejection_input(const mikros_index_report* report, size_t i);
MIKROS_API void mikros_report_free(mikros_index_report* report);

// ---------------------------------------------------------------------------------------------
// Searching

// Per-search options. Initialise with mikros_search_options_init(&o, sizeof o).
typedef struct mikros_search_options {
  size_t struct_size;  // sizeof(mikros_search_options) as the caller knows it; set by _init
  size_t limit;        // hits to return; a limit: in the query overrides it. Default 20
  size_t offset;       // hits to skip (paging). Default 0
  int exact_total;     // count every match, so the total is exact. Default 1
  int explain;         // fill mikros_result_explanation. Default 0
  // Limits on the query string: bytes, terms, nesting. Defaults 4096, 64, 16.
  size_t max_query_length;
  size_t max_query_terms;
  size_t max_query_depth;
  // Name of a stored brand (mikros_put_brand) to rank by, as brand:NAME in the query does;
  // overrides a brand: in the query. NULL (the default) for none. Only read during the call.
  const char* brand;
  // Count every match by tier, country, platform, lang, er, city, audience_top_country and
  // audience_unknown (read them with mikros_result_facet, or in mikros_result_json's "facets").
  // Default 0.
  int facets;
  // Fill each hit's insights (engagement against peers, growth, authenticity) in
  // mikros_result_json. Default 1.
  int insights;
  // Expand the query by meaning: a word that names a niche also matches the niche's other
  // terms, weighted below the word; `=word` keeps one word as written. Default 1; 0: every
  // word exactly as written.
  int expand;
  int reserved;  // 0; keeps the struct free of tail padding
  // Fields added by later versions go here, at the end.
} mikros_search_options;

// Sets options->struct_size = struct_size and every field to its default.
MIKROS_API void mikros_search_options_init(mikros_search_options* options, size_t struct_size);

// The hits of one search. Free with mikros_result_free.
typedef struct mikros_result mikros_result;

// Parses `query` (the query language of the README: text, tier:, country:, the audience shares
// aud.country:, aud.age:, aud.gender:, city:, has:, sponsored:, sort:aud.country:US, ...) and
// runs it. `options` may be NULL for the
// defaults. On success *result receives the result.
// Errors: MIKROS_QUERY_SYNTAX (with a position), MIKROS_LIMIT_EXCEEDED, MIKROS_IO_ERROR, ...
MIKROS_API mikros_error_code mikros_search(mikros_db* db, const char* query,
                                           const mikros_search_options* options,
                                           mikros_result** result, mikros_error** error);

// Number of hits in this result (at most the limit).
MIKROS_API size_t mikros_result_count(const mikros_result* result);
// Number of matching profiles; exact unless exact_total was 0 (then see _total_exact).
MIKROS_API uint64_t mikros_result_total(const mikros_result* result);
MIKROS_API int mikros_result_total_exact(const mikros_result* result);
// The query as given.
MIKROS_API const char* mikros_result_query(const mikros_result* result);
// With options.facets: how many matches have `value` under `facet` ("city", "Seoul"; "tier",
// "micro"; "audience_unknown", "aud.country": matches without audience countries). 0 when
// none, or without options.facets.
MIKROS_API uint64_t mikros_result_facet(const mikros_result* result, const char* facet,
                                        const char* value);
// How the query was understood, when options.explain was set; "" otherwise.
MIKROS_API const char* mikros_result_explanation(const mikros_result* result);
// The whole result as one JSON object, the same as `mikros search --json` prints:
// {"query", "total", "total_exact", "hits": [{"platform", "handle", "name", "score", "tier",
// "followers", "country", "engagement_rate", "languages", "categories", "bio", and the insights
// "engagement_label", "engagement_percentile", "growth_monthly", "spike", "authenticity",
// "automated"; with options.explain "score_parts" and "authenticity_explained"; with a
// brand "alignment" and "why" (points per part)}], "brand"}.
// NULL only when memory runs out.
MIKROS_API const char* mikros_result_json(const mikros_result* result);

// Fields of hit i, for i < mikros_result_count(). Out of range: NULL, 0, -1 or NaN.
MIKROS_API const char* mikros_hit_key(const mikros_result* result, size_t i);  // platform:handle
MIKROS_API const char* mikros_hit_platform(const mikros_result* result, size_t i);
MIKROS_API const char* mikros_hit_handle(const mikros_result* result, size_t i);
MIKROS_API const char* mikros_hit_name(const mikros_result* result, size_t i);
// ISO 3166-1 alpha-2 code; "" when unknown.
MIKROS_API const char* mikros_hit_country(const mikros_result* result, size_t i);
MIKROS_API uint64_t mikros_hit_followers(const mikros_result* result, size_t i);
// A mikros_tier value (-1 out of range) and its name.
MIKROS_API int mikros_hit_tier(const mikros_result* result, size_t i);
MIKROS_API const char* mikros_hit_tier_name(const mikros_result* result, size_t i);
// Engagement rate as a fraction (0.034 = 3.4%). Profiles without the data to compute it have
// none: mikros_hit_has_engagement_rate returns 0 and mikros_hit_engagement_rate NaN.
MIKROS_API int mikros_hit_has_engagement_rate(const mikros_result* result, size_t i);
MIKROS_API double mikros_hit_engagement_rate(const mikros_result* result, size_t i);
// Text relevance (0 for queries of filters only).
MIKROS_API double mikros_hit_score(const mikros_result* result, size_t i);
// With a brand: the alignment score in points (the ranking key) and the hit's explanation is in
// mikros_result_json ("why"). Without a brand: NaN.
MIKROS_API double mikros_hit_alignment(const mikros_result* result, size_t i);
// The stored profile as one line of JSON. NULL only out of range or when memory runs out.
MIKROS_API const char* mikros_hit_profile_json(const mikros_result* result, size_t i);

MIKROS_API void mikros_result_free(mikros_result* result);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // MIKROS_H
