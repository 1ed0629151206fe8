// Database::Impl: the database root directory and its active index.
//
//   ROOT/CURRENT           names the active index directory ("index.000001"), replaced atomically
//   ROOT/index.NNNNNN/     one index (store.h): xapian/ and rocks/
//
// A full rebuild writes a new index directory beside the active one and switches CURRENT, so
// readers never see a half-built index.
#ifndef MIKROS_ENGINE_DATABASE_IMPL_H
#define MIKROS_ENGINE_DATABASE_IMPL_H

#include <sys/stat.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "mikros/database.hpp"
#include "store.h"

namespace mikros {

struct Database::Impl {
  std::string root;
  Options options;

  // The active index. Readers take a reference and keep using it even if a refresh switches to
  // a newer one meanwhile.
  std::shared_ptr<store::Store> store() const {
    std::lock_guard lock(mu);
    return active;
  }

  // Read-only handles: switches to a new index when CURRENT changed.
  Status refresh();

  // Set while an Indexer works on this database: one writer at a time.
  std::atomic<bool> indexer_active{false};

  mutable std::mutex mu;
  std::shared_ptr<store::Store> active;  // guarded by mu
  std::string active_name;               // guarded by mu: "index.000001"
  struct FileId {
    dev_t dev = 0;
    ino_t ino = 0;
    long mtime_ns = 0;
    bool operator==(const FileId&) const = default;
  };
  FileId current_id;  // guarded by mu: identity of CURRENT when last read
};

// The stored brand `name` (what Database::brand returns), for the query module.
Result<Brand> load_brand(const Database::Impl& impl, std::string_view name);

// Reads ROOT/CURRENT: the active index directory name.
Result<std::string> read_current(const std::string& root);
// Atomically points ROOT/CURRENT at `name` (write, fsync, rename, fsync the directory).
Status write_current(const std::string& root, const std::string& name);

}  // namespace mikros

#endif  // MIKROS_ENGINE_DATABASE_IMPL_H
