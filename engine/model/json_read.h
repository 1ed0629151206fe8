// Parsing JSON documents, and reading validated values out of simdjson DOM elements. A failed check
// throws Invalid, which the parsers (profile, brand) turn into a Status at their boundary; nothing
// else throws it.
#ifndef MIKROS_MODEL_JSON_READ_H
#define MIKROS_MODEL_JSON_READ_H

#include <fmt/format.h>
#include <simdjson.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mikros::json_read {

// Validation failure: the message names the field and the reason.
struct Invalid {
  std::string message;
};

using simdjson::dom::element;
using simdjson::dom::element_type;

inline const char* type_name(element_type t) {
  switch (t) {
    case element_type::ARRAY:
      return "array";
    case element_type::OBJECT:
      return "object";
    case element_type::INT64:
    case element_type::UINT64:
      return "integer";
    case element_type::DOUBLE:
      return "number";
    case element_type::STRING:
      return "string";
    case element_type::BOOL:
      return "boolean";
    case element_type::NULL_VALUE:
      return "null";
  }
  return "value";
}

// Parses `json` into `doc`; nullopt on success, else what is wrong, in words a user can act on:
// the byte offset of invalid UTF-8, the nesting limit, a number out of range.
std::optional<std::string> parse_document(simdjson::dom::parser& parser, std::string_view json,
                                          element* doc);

[[noreturn]] inline void fail(std::string_view field, std::string_view reason) {
  throw Invalid{fmt::format("{}: {}", field, reason)};
}

inline std::string_view get_string(element e, std::string_view field) {
  if (e.type() != element_type::STRING) {
    fail(field, fmt::format("expected a string, got {}", type_name(e.type())));
  }
  return std::string_view(e.get_string().value_unsafe());
}

inline std::uint64_t get_count(element e, std::string_view field) {
  switch (e.type()) {
    case element_type::UINT64:
      return e.get_uint64().value_unsafe();
    case element_type::INT64: {
      std::int64_t v = e.get_int64().value_unsafe();
      if (v < 0) fail(field, fmt::format("must not be negative, got {}", v));
      return static_cast<std::uint64_t>(v);
    }
    case element_type::DOUBLE: {
      // Exporters write 12000.0; accept integral values, reject fractions.
      double v = e.get_double().value_unsafe();
      if (v < 0) fail(field, fmt::format("must not be negative, got {}", v));
      if (v != std::floor(v) || v > 1e18) {
        fail(field, fmt::format("expected a non-negative integer, got {}", v));
      }
      return static_cast<std::uint64_t>(v);
    }
    default:
      fail(field, fmt::format("expected a non-negative integer, got {}", type_name(e.type())));
  }
}

inline double get_number(element e, std::string_view field) {
  double v = 0;
  switch (e.type()) {
    case element_type::UINT64:
      v = static_cast<double>(e.get_uint64().value_unsafe());
      break;
    case element_type::INT64:
      v = static_cast<double>(e.get_int64().value_unsafe());
      break;
    case element_type::DOUBLE:
      v = e.get_double().value_unsafe();
      break;
    default:
      fail(field, fmt::format("expected a number, got {}", type_name(e.type())));
  }
  return v;
}

inline double get_non_negative(element e, std::string_view field) {
  double v = get_number(e, field);
  if (v < 0) fail(field, fmt::format("must not be negative, got {}", v));
  return v;
}

inline double get_share(element e, std::string_view field) {
  double v = get_number(e, field);
  if (v < 0 || v > 1) fail(field, fmt::format("expected a share between 0 and 1, got {}", v));
  return v;
}

inline std::vector<std::string> get_string_list(element e, std::string_view field,
                                                std::size_t max_items = 1'000) {
  if (e.type() != element_type::ARRAY) {
    fail(field, fmt::format("expected an array of strings, got {}", type_name(e.type())));
  }
  std::vector<std::string> out;
  simdjson::dom::array items = e.get_array().value_unsafe();
  for (element item : items) {
    if (out.size() >= max_items) fail(field, fmt::format("more than {} entries", max_items));
    out.emplace_back(get_string(item, field));
  }
  return out;
}

}  // namespace mikros::json_read

#endif  // MIKROS_MODEL_JSON_READ_H
