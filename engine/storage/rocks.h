// RocksDB plumbing shared by the store's files: the open database and its column families,
// the info log, compression settings, and row copies between two databases.
#ifndef MIKROS_STORAGE_ROCKS_H
#define MIKROS_STORAGE_ROCKS_H

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/options.h>

#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "mikros/status.hpp"
#include "storage/store.h"

namespace mikros::store {

// The RocksDB database of a store, with its column families (names[i] is handles[i]'s).
struct Store::Rocks {
  rocksdb::DB* db = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  std::vector<std::string> names;

  ~Rocks();
  // The handle of column family `name` (layout.h), or null when the store has none.
  rocksdb::ColumnFamilyHandle* cf(const char* name) const;
};

// Converts a RocksDB status into a Status (errors.cpp), naming `context`.
Status rocks_status(const rocksdb::Status& s, std::string_view context);

// RocksDB's info log. Its own asserts (Debian builds RocksDB with assertions on) when it is
// written again after one of its writes failed, as on a full disk, turning "no space left" into
// an abort at close. This one ignores its write errors. Only warnings and errors are logged,
// so the file stays small without rotation.
class InfoLog : public rocksdb::Logger {
 public:
  explicit InfoLog(const std::string& path);
  ~InfoLog() override;
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override;

 private:
  std::FILE* file_;
  std::mutex mu_;
};

// LZ4 while indexing (cheap for the writer and for RocksDB's background compactions, which
// share the machine with it). A handle opened to compact the store (OpenParams::
// compact_storage) writes zstd with a dictionary trained per file below level 0 instead:
// stored profiles are small JSON documents with the same keys and many of the same words, and
// a dictionary lets each 4 KiB block share them, where compressing a block on its own cannot
// (at 200,000 generated profiles: 101 MiB with LZ4, 59 MiB so). Training dictionaries costs
// too much CPU to do during every compaction of a bulk load. Format-compatible both ways:
// every file records how it was compressed.
void set_compression(rocksdb::ColumnFamilyOptions* cf, bool compact_storage);

// Copies every row of `from_cf` in `from` into `to_cf` of `to`, in write batches of about
// 4 MiB. `from_dir` and `to_dir` name the stores in errors.
Status copy_rows(rocksdb::DB* from, rocksdb::ColumnFamilyHandle* from_cf, rocksdb::DB* to,
                 rocksdb::ColumnFamilyHandle* to_cf, const rocksdb::WriteOptions& options,
                 const std::string& from_dir, const std::string& to_dir);

}  // namespace mikros::store

#endif  // MIKROS_STORAGE_ROCKS_H
