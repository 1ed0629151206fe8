// The adapter boundary: Xapian's exceptions and RocksDB's statuses become mikros Status values
// here, with the error codes the public API documents.
#include <fmt/format.h>

#include "storage/rocks.h"
#include "storage/store.h"

namespace mikros::store {

Status xapian_status(const Xapian::Error& e, std::string_view context) {
  // Xapian::Error has no virtual functions, so its class is told by get_type().
  std::string msg = fmt::format("{}: {}", context, e.get_description());
  std::string_view type = e.get_type();
  if (type == "DatabaseLockError") {
    return Status::busy(fmt::format("{}: another process is writing to this database", context));
  }
  if (type == "DatabaseNotFoundError") return Status::not_found(msg);
  if (type == "DatabaseVersionError") return Status::incompatible_version(msg);
  // A document that a posting list names but that cannot be read is damage too.
  if (type == "DatabaseCorruptError" || type == "DatabaseOpeningError" ||
      type == "DocNotFoundError") {
    return Status::corruption(msg);
  }
  if (type.substr(0, 8) == "Database") return Status::io_error(msg);
  return Status::internal(msg);
}

Status rocks_status(const rocksdb::Status& s, std::string_view context) {
  std::string msg = fmt::format("{}: {}", context, s.ToString());
  if (s.IsCorruption()) return Status::corruption(msg);
  if (s.IsNotFound()) return Status::not_found(msg);
  if (s.IsBusy() || s.IsTimedOut()) return Status::busy(msg);
  if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
    return Status::busy(fmt::format("{}: another process is writing to this database", context));
  }
  if (s.IsIOError()) return Status::io_error(msg);
  if (s.IsNotSupported() || s.IsInvalidArgument()) return Status::corruption(msg);
  return Status::io_error(msg);
}

}  // namespace mikros::store
