// mikros: the one error model of the library.
//
// Every fallible call returns a Status or a Result<T>. No exception crosses the public API:
// Xapian, RocksDB and ICU errors are caught at the adapter boundary and converted.
#ifndef MIKROS_STATUS_HPP
#define MIKROS_STATUS_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "mikros/export.hpp"

namespace mikros {

// Error categories. The numeric values are part of the C API and of the command line's
// documented behaviour: never renumber them, only append.
enum class ErrorCode : int {
  kOk = 0,
  kInvalidArgument = 1,      // a caller passed something malformed (bad record, bad option)
  kNotFound = 2,             // a profile, brand or database that does not exist
  kCorruption = 3,           // on-disk data that cannot be read as what it claims to be
  kIOError = 4,              // the operating system refused (disk full, permissions, ...)
  kBusy = 5,                 // another writer holds the database lock
  kIncompatibleVersion = 6,  // on-disk format written by an incompatible version
  kQuerySyntax = 7,          // a query string that does not parse; position() says where
  kLimitExceeded = 8,        // a query or batch over a configured limit
  kInternal = 9,             // a bug in mikros; please report it
};

// Name of an error code, e.g. "query syntax".
MIKROS_EXPORT const char* error_code_name(ErrorCode code);

// Outcome of an operation: success, or an error code with a message.
// Thread-safety: a value type; distinct objects may be used from distinct threads.
class [[nodiscard]] MIKROS_EXPORT Status {
 public:
  static constexpr std::size_t kNoPosition = static_cast<std::size_t>(-1);

  // Success.
  Status() = default;

  static Status ok() { return Status(); }
  static Status invalid_argument(std::string message) {
    return Status(ErrorCode::kInvalidArgument, std::move(message));
  }
  static Status not_found(std::string message) {
    return Status(ErrorCode::kNotFound, std::move(message));
  }
  static Status corruption(std::string message) {
    return Status(ErrorCode::kCorruption, std::move(message));
  }
  static Status io_error(std::string message) {
    return Status(ErrorCode::kIOError, std::move(message));
  }
  static Status busy(std::string message) { return Status(ErrorCode::kBusy, std::move(message)); }
  static Status incompatible_version(std::string message) {
    return Status(ErrorCode::kIncompatibleVersion, std::move(message));
  }
  // `position` is the 0-based byte offset in the query string where parsing failed.
  static Status query_syntax(std::string message, std::size_t position) {
    Status s(ErrorCode::kQuerySyntax, std::move(message));
    s.position_ = position;
    return s;
  }
  // An error about one part of a query string that parsed, e.g. kNotFound for `like:@nobody`:
  // `position` is the byte offset of that part.
  static Status query_error(ErrorCode code, std::string message, std::size_t position) {
    Status s(code, std::move(message));
    s.position_ = position;
    return s;
  }
  static Status limit_exceeded(std::string message) {
    return Status(ErrorCode::kLimitExceeded, std::move(message));
  }
  static Status internal(std::string message) {
    return Status(ErrorCode::kInternal, std::move(message));
  }

  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  bool is_ok() const { return code_ == ErrorCode::kOk; }
  explicit operator bool() const { return is_ok(); }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // Byte offset in the query string of a query error (syntax, or a part of the query that
  // cannot be resolved), or kNoPosition.
  std::size_t position() const { return position_; }

  // "query syntax: at 4: expected a number or percentage", or "OK".
  std::string to_string() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  std::size_t position_ = kNoPosition;
};

// A value of type T, or the Status that explains why there is none.
// Thread-safety: a value type, as T.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {
    if (status_.is_ok()) status_ = Status::internal("Result constructed from an OK status");
  }

  bool is_ok() const { return value_.has_value(); }
  explicit operator bool() const { return is_ok(); }
  const Status& status() const { return status_; }

  // REQUIRES: is_ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T&& operator*() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace mikros

#endif  // MIKROS_STATUS_HPP
