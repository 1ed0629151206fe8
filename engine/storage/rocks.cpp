#include "storage/rocks.h"

#include <fmt/format.h>
#include <rocksdb/write_batch.h>

#include <cstdio>
#include <ctime>

namespace mikros::store {

Store::Rocks::~Rocks() {
  if (!db) return;
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  db->Close().PermitUncheckedError();
  delete db;
}

rocksdb::ColumnFamilyHandle* Store::Rocks::cf(const char* name) const {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return handles[i];
  }
  return nullptr;
}

InfoLog::InfoLog(const std::string& path)
    : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL), file_(std::fopen(path.c_str(), "ae")) {}

InfoLog::~InfoLog() {
  if (file_) std::fclose(file_);
}

void InfoLog::Logv(const char* format, va_list ap) {
  if (!file_) return;
  std::lock_guard lock(mu_);
  std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S ", std::gmtime(&now));
  std::fputs(stamp, file_);
  std::vfprintf(file_, format, ap);
  std::fputc('\n', file_);
  std::fflush(file_);  // errors ignored: a log line lost is no reason to stop
}

void set_compression(rocksdb::ColumnFamilyOptions* cf, bool compact_storage) {
  cf->compression = rocksdb::kLZ4Compression;
  if (!compact_storage) return;
  cf->compression_per_level.assign(static_cast<std::size_t>(cf->num_levels), rocksdb::kZSTD);
  cf->compression_per_level[0] = rocksdb::kLZ4Compression;
  cf->bottommost_compression = rocksdb::kZSTD;
  for (auto* opts : {&cf->compression_opts, &cf->bottommost_compression_opts}) {
    opts->enabled = true;
    opts->max_dict_bytes = 16 << 10;
    opts->zstd_max_train_bytes = 100 * (16 << 10);
  }
}

Status copy_rows(rocksdb::DB* from, rocksdb::ColumnFamilyHandle* from_cf, rocksdb::DB* to,
                 rocksdb::ColumnFamilyHandle* to_cf, const rocksdb::WriteOptions& options,
                 const std::string& from_dir, const std::string& to_dir) {
  std::unique_ptr<rocksdb::Iterator> it(from->NewIterator(rocksdb::ReadOptions(), from_cf));
  rocksdb::WriteBatch batch;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    batch.Put(to_cf, it->key(), it->value());
    if (batch.GetDataSize() >= (4u << 20)) {
      if (auto w = to->Write(options, &batch); !w.ok()) return rocks_status(w, to_dir);
      batch.Clear();
    }
  }
  if (!it->status().ok()) return rocks_status(it->status(), from_dir);
  if (auto w = to->Write(options, &batch); !w.ok()) return rocks_status(w, to_dir);
  return Status::ok();
}

}  // namespace mikros::store
