// Store: consistent copies of an index: backups, and the compacted copy Database::compact
// switches to.
#include <fmt/format.h>
#include <rocksdb/db.h>
#include <rocksdb/utilities/checkpoint.h>

#include <filesystem>
#include <thread>

#include "storage/layout.h"
#include "storage/meta.h"
#include "storage/rocks.h"
#include "storage/store.h"

namespace mikros::store {

namespace fs = std::filesystem;

Status Store::copy_rocks(const std::string& dest) const {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  std::error_code ec;
  fs::create_directories(dest, ec);
  if (ec) return Status::io_error(fmt::format("{}: {}", dest, ec.message()));
  db_options.info_log = std::make_shared<InfoLog>((fs::path(dest) / "LOG").string());
  rocksdb::ColumnFamilyOptions cf_options;
  set_compression(&cf_options, false);
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const auto& n : rocks_->names) cfs.emplace_back(n, cf_options);
  Rocks out;
  auto st = rocksdb::DB::Open(db_options, dest, cfs, &out.handles, &out.db);
  if (!st.ok()) {
    out.db = nullptr;
    out.handles.clear();
    return rocks_status(st, dest);
  }
  rocksdb::WriteOptions wo;
  wo.disableWAL = true;  // flushed below; nothing reads the copy before it is complete
  for (std::size_t c = 0; c < rocks_->names.size(); ++c) {
    if (Status st =
            copy_rows(rocks_->db, rocks_->handles[c], out.db, out.handles[c], wo, dir_, dest);
        !st) {
      return st;
    }
  }
  rocksdb::FlushOptions flush;
  flush.wait = true;
  if (auto f = out.db->Flush(flush, out.handles); !f.ok()) return rocks_status(f, dest);
  return Status::ok();
}

Status Store::backup_to(const std::string& dest, std::uint64_t* generation,
                        const WriterProbe& writer_running) const {
  if (Status st = copy_to(dest, generation, writer_running, Xapian::DBCOMPACT_NO_RENUMBER); !st) {
    return st;
  }
  // A RocksDB checkpoint on the same file system hard-links the table files: a backup must not
  // share its data with the database (a damaged block would be in both).
  Status st = fsu::unshare_tree((fs::path(dest) / "rocks").string());
  if (st) st = fsu::fsync_tree(dest);
  if (!st) {
    std::error_code ec;
    fs::remove_all(dest, ec);
  }
  return st;
}

Status Store::compact_to(const std::string& dest, std::uint64_t* generation) const {
  if (mode_ != Mode::kWrite) return Status::invalid_argument("database opened read-only");
  // FULL fills every block: the smallest index that still takes later updates in place
  // (FULLER would make them split blocks at once).
  return copy_to(dest, generation, nullptr,
                 Xapian::DBCOMPACT_NO_RENUMBER | Xapian::Compactor::FULL);
}

Status Store::compact_rocks() {
  if (mode_ != Mode::kWrite) return Status::invalid_argument("database opened read-only");
  MutexLock lock(write_mu_);
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  for (auto* handle : rocks_->handles) {
    if (auto st = rocks_->db->CompactRange(options, handle, nullptr, nullptr); !st.ok()) {
      return rocks_status(st, dir_);
    }
  }
  return Status::ok();
}

Status Store::copy_to(const std::string& dest, std::uint64_t* generation,
                      const WriterProbe& writer_running, int xapian_flags) const {
  std::error_code ec;
  if (fs::exists(dest, ec)) return Status::invalid_argument(fmt::format("{}: exists", dest));
  const std::string xapian_src = xapian_path();
  const std::string xapian_dest = (fs::path(dest) / "xapian").string();
  const std::string rocks_dest = (fs::path(dest) / "rocks").string();
  auto fail = [&](Status st) {
    fs::remove_all(dest, ec);
    return st;
  };
  fs::create_directories(dest, ec);
  if (ec) return Status::io_error(fmt::format("{}: {}", dest, ec.message()));

  if (mode_ == Mode::kWrite) {
    MutexLock lock(write_mu_);  // between two batches until both copies are taken
    if (needs_recovery_) {
      return fail(Status::busy(fmt::format(
          "{}: a batch that failed to commit is pending; commit again or reopen first", dir_)));
    }
    try {
      Xapian::Database xdb(xapian_src);
      xdb.compact(xapian_dest, xapian_flags);
    } catch (const Xapian::Error& e) {
      return fail(xapian_status(e, fmt::format("{}: copying the text index", dest)));
    }
    rocksdb::Checkpoint* raw = nullptr;
    auto st = rocksdb::Checkpoint::Create(rocks_->db, &raw);
    std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
    if (st.ok()) st = checkpoint->CreateCheckpoint(rocks_dest);
    if (!st.ok()) return fail(rocks_status(st, rocks_dest));
    *generation = generation_;
  } else {
    Status st =
        at_quiet_moment(writer_running, "backup", [&](Xapian::Database& xdb, const Moment& moment) {
          if (!moment.settled()) {
            return Status::busy(fmt::format(
                "{}: an interrupted batch is unfinished and no writer is running to complete "
                "it; open the database writable once (e.g. `mikros verify`), then back it up",
                dir_));
          }
          fs::remove_all(xapian_dest, ec);
          xdb.compact(xapian_dest, xapian_flags);  // may throw DatabaseModifiedError
          *generation = moment.text_generation;
          return copy_rocks(rocks_dest);
        });
    if (!st) return fail(st);
  }
  // The copy is an index directory like any other: it needs its INUSE file.
  if (auto lock = fsu::FileLock::acquire((fs::path(dest) / "INUSE").string(),
                                         fsu::FileLock::Kind::kShared, true);
      !lock) {
    return fail(lock.status());
  }
  if (Status st = fsu::fsync_tree(dest); !st) return fail(st);
  return Status::ok();
}

}  // namespace mikros::store
