// Parsing one JSON document (a record, a brand, a model file) with the reasons a user can act on.
#include <fmt/format.h>

#include "model/json_read.h"
#include "util/text_util.h"

namespace mikros::json_read {

std::optional<std::string> parse_document(simdjson::dom::parser& parser, std::string_view json,
                                          element* doc) {
  const auto error = parser.parse(json.data(), json.size()).get(*doc);
  switch (error) {
    case simdjson::SUCCESS:
      return std::nullopt;
    case simdjson::UTF8_ERROR: {
      const auto at = invalid_utf8_offset(json);
      return at ? fmt::format("invalid JSON: not valid UTF-8 at byte {}", *at)
                : std::string("invalid JSON: not valid UTF-8");
    }
    case simdjson::DEPTH_ERROR:
      return fmt::format("invalid JSON: nested deeper than {} arrays and objects (the limit)",
                         parser.max_depth());
    case simdjson::NUMBER_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE:
      return std::string(
          "invalid JSON: a number is malformed or out of range (JSON numbers are finite, at most "
          "1.8e308 in size)");
    case simdjson::CAPACITY:
      return fmt::format("invalid JSON: larger than {} bytes (the limit)", parser.capacity());
    default:
      return fmt::format("invalid JSON: {}", simdjson::error_message(error));
  }
}

}  // namespace mikros::json_read
