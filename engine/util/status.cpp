// Status and the library's version: the parts of the util layer's public headers that are not
// inline.
#include "mikros/status.hpp"

#include <fmt/format.h>

#include "mikros/version.hpp"

namespace mikros {

const char* version() {
  return MIKROS_VERSION_STRING;
}

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "OK";
    case ErrorCode::kInvalidArgument:
      return "invalid argument";
    case ErrorCode::kNotFound:
      return "not found";
    case ErrorCode::kCorruption:
      return "corruption";
    case ErrorCode::kIOError:
      return "I/O error";
    case ErrorCode::kBusy:
      return "busy";
    case ErrorCode::kIncompatibleVersion:
      return "incompatible version";
    case ErrorCode::kQuerySyntax:
      return "query syntax";
    case ErrorCode::kLimitExceeded:
      return "limit exceeded";
    case ErrorCode::kInternal:
      return "internal error";
  }
  return "unknown error";
}

std::string Status::to_string() const {
  if (is_ok()) return "OK";
  if (position_ != kNoPosition) {
    return fmt::format("{}: at {}: {}", error_code_name(code_), position_, message_);
  }
  return fmt::format("{}: {}", error_code_name(code_), message_);
}

}  // namespace mikros
