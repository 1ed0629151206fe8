// What the C API's files share (c_api.cpp, c_api_search.cpp): the objects behind its opaque
// handles, and the guard that turns every exception and error Status into an error code.
#ifndef MIKROS_API_C_API_INTERNAL_H
#define MIKROS_API_C_API_INTERNAL_H

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mikros/mikros.h"
#include "mikros/mikros.hpp"

struct mikros_error {
  mikros::Status status;
  std::string text;  // status.to_string(), kept for mikros_error_string
};

struct mikros_db {
  mikros_db(mikros::Database database, std::size_t batch)
      : db(std::move(database)), searcher(db), batch_size(batch) {}

  mikros::Database db;
  mikros::Searcher searcher;  // thread-safe: searches need no lock
  std::size_t batch_size;
  // The one Indexer, made at the first write. Indexer is not thread-safe: every use holds mu.
  std::mutex mu;
  std::unique_ptr<mikros::Indexer> indexer;

  mikros::Indexer& writer() {  // REQUIRES: mu held
    if (!indexer) {
      mikros::IndexOptions options;
      options.batch_size = batch_size;
      indexer = std::make_unique<mikros::Indexer>(db, options);
    }
    return *indexer;
  }
};

struct mikros_index_report {
  mikros::IndexReport counts;
  std::vector<mikros::Rejection> rejections;
};

struct mikros_result {
  explicit mikros_result(mikros::SearchResult r)
      : result(std::move(r)), profile_json(result.hits.size()) {}

  const mikros::SearchResult result;
  // JSON texts made on first request. Once set a string never changes, so the pointers
  // handed out stay valid; mu only guards the setting.
  mutable std::mutex mu;
  mutable std::optional<std::string> json;
  mutable std::vector<std::optional<std::string>> profile_json;
};

namespace mikros::c_api {

// A struct_size above this is taken for an uninitialised struct rather than a newer one.
constexpr std::size_t kMaxStructSize = 4096;

// Made at load time, so that an error can be reported when no memory is left to make one.
// mikros_error_free leaves it alone.
extern mikros_error g_out_of_memory;

// Stores a new error object for `status` in *error (when error is not NULL).
void set_error(mikros_error** error, const Status& status) noexcept;
void set_internal_error(mikros_error** error, const char* what) noexcept;

inline mikros_error_code code_of(const Status& status) {
  return static_cast<mikros_error_code>(status.code());
}

// Runs `body` (returning a Status) with every exception turned into an error code.
template <class Body>
mikros_error_code guarded(mikros_error** error, Body&& body) noexcept {
  if (error) *error = nullptr;
  try {
    Status st = body();
    if (st.is_ok()) return MIKROS_OK;
    set_error(error, st);
    return code_of(st);
  } catch (const std::bad_alloc&) {
    if (error) *error = &g_out_of_memory;
  } catch (const std::exception& e) {
    set_internal_error(error, e.what());
  } catch (...) {
    set_internal_error(error, "unknown exception");
  }
  return MIKROS_INTERNAL;
}

Status null_argument(const char* name);

// Copies the caller's options over `out` (which holds the defaults), as far as the caller's
// struct_size reaches. A larger struct from a newer header is accepted when the fields this
// library does not know are all zero (unset), and refused otherwise rather than ignored.
template <class T>
Status read_options(const T* given, T& out, const char* name) {
  if (!given) return Status::ok();
  std::size_t size = given->struct_size;
  if (size < sizeof(std::size_t) || size > kMaxStructSize) {
    return Status::invalid_argument(
        fmt::format("{}.struct_size is {}: initialise the options with {}_init", name, size, name));
  }
  std::memcpy(static_cast<void*>(&out), static_cast<const void*>(given), std::min(size, sizeof(T)));
  const auto* bytes = reinterpret_cast<const unsigned char*>(given);
  for (std::size_t i = sizeof(T); i < size; ++i) {
    if (bytes[i] != 0) {
      return Status::invalid_argument(
          fmt::format("{} sets a field this version of mikros ({}) does not know", name,
                      MIKROS_VERSION_STRING));
    }
  }
  out.struct_size = sizeof(T);
  return Status::ok();
}

// Writes the defaults `full` into the caller's struct, as far as struct_size reaches, and
// zeroes what lies beyond this library's struct.
template <class T>
void init_options(T* options, std::size_t struct_size, const T& full) {
  if (!options || struct_size < sizeof(std::size_t) || struct_size > kMaxStructSize) return;
  std::memcpy(static_cast<void*>(options), static_cast<const void*>(&full),
              std::min(struct_size, sizeof(T)));
  if (struct_size > sizeof(T)) {
    std::memset(reinterpret_cast<unsigned char*>(options) + sizeof(T), 0, struct_size - sizeof(T));
  }
  options->struct_size = struct_size;
}

mikros_search_options default_search_options();

}  // namespace mikros::c_api

#endif  // MIKROS_API_C_API_INTERNAL_H
