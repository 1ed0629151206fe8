// Store: opening an index directory, creating it, and checking its metadata.
#include <fmt/format.h>
#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>
#include <stdlib.h>

#include <filesystem>

#include "storage/build_ahead.h"
#include "storage/layout.h"
#include "storage/meta.h"
#include "storage/rocks.h"
#include "storage/store.h"

namespace mikros::store {

namespace fs = std::filesystem;

Store::Store(std::string dir, Mode mode) : dir_(std::move(dir)), mode_(mode) {}

Store::~Store() {
  {
    MutexLock lock(write_mu_);
    // The writer first, so its lock is released even if RocksDB's close is slow. Destroyed, not
    // close()d: every batch was committed or cancelled, and close() can throw with the lock
    // still held.
    writer_.reset();
  }
  {
    MutexLock lock(pool_mu_);
    idle_readers_.clear();
  }
  rocks_.reset();
  if (!secondary_dir_.empty()) {
    std::error_code ec;
    fs::remove_all(secondary_dir_, ec);
  }
  in_use_.reset();  // last: the directory may be removed from here on
}

Result<std::shared_ptr<fsu::FileLock>> Store::lock_in_use(const std::string& dir, Mode mode) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::not_found(fmt::format("{}: index directory does not exist", dir));
  }
  std::string path = (fs::path(dir) / "INUSE").string();
  auto lock = fsu::FileLock::acquire(path, fsu::FileLock::Kind::kShared, mode == Mode::kWrite);
  if (!lock) {
    if (lock.status().code() == ErrorCode::kBusy || lock.status().code() == ErrorCode::kNotFound) {
      // The writer holds it exclusively while removing the directory, and unlinks it first.
      return Status::not_found(fmt::format("{}: index directory is retired", dir));
    }
    return lock.status();
  }
  if (!(*lock)->still_linked()) {
    return Status::not_found(fmt::format("{}: index directory is retired", dir));
  }
  return std::shared_ptr<fsu::FileLock>(std::move(*lock));
}

rocksdb::ColumnFamilyHandle* Store::cf(const char* name) const {
  return rocks_->cf(name);
}

Result<std::shared_ptr<Store>> Store::open(const std::string& dir, const OpenParams& params) {
  std::shared_ptr<Store> s(new Store(dir, params.mode));
  s->tiers_ = params.tiers;  // recorded if this call creates the index; else read back
  bool create = params.mode == Mode::kWrite && params.create;
  if (create) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Status::io_error(fmt::format("{}: {}", dir, ec.message()));
  }
  s->in_use_ = params.in_use;
  if (!s->in_use_) {
    auto lock = lock_in_use(dir, params.mode);
    if (!lock) return lock.status();
    s->in_use_ = std::move(*lock);
  }
  if (!create) {
    for (auto [sub, what] : {std::pair{"xapian", "the text index (xapian/)"},
                             std::pair{"rocks", "the profile store (rocks/)"}}) {
      // The error_code form: a symlink loop or a forbidden directory is a Status, not an
      // exception out of Database::open.
      std::error_code ec;
      const fs::path path = fs::path(dir) / sub;
      if (fs::exists(path, ec)) continue;
      if (ec) return Status::io_error(fmt::format("{}: {}", path.string(), ec.message()));
      return Status::corruption(fmt::format("{}: {} is missing", dir, what));
    }
  }
  {
    // Nothing else can see the store yet; the lock satisfies the thread-safety analysis.
    MutexLock lock(s->write_mu_);
    // Lock order: Xapian's write lock first, then RocksDB's, in every writer.
    if (Status st = s->open_xapian(create); !st) return st;
    if (Status st = s->open_rocks(params); !st) return st;
    if (Status st = s->initialise_or_check(params.base_generation, params.first_pid); !st) {
      return st;
    }
    if (params.mode == Mode::kWrite) {
      if (Status st = s->recover(); !st) return st;
    }
  }
  if (params.mode == Mode::kWrite && s->format_ < layout::kFormatVersion) {
    if (Status st = s->migrate(); !st) return st;
  }
  return s;
}

Status Store::open_xapian(bool create) {
  std::string path = xapian_path();
  try {
    if (mode_ == Mode::kWrite) {
      writer_ = std::make_unique<Xapian::WritableDatabase>(
          path, create ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN);
    } else {
      // Opened once here to check the format; searches lease their own handles.
      auto db = std::make_unique<Xapian::Database>(path);
      MutexLock lock(pool_mu_);
      idle_readers_.push_back(std::move(db));
    }
  } catch (const Xapian::Error& e) {
    return xapian_status(e, path);
  }
  return Status::ok();
}

Status Store::open_rocks(const OpenParams& params) {
  rocks_ = std::make_unique<Rocks>();
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = mode_ == Mode::kWrite && params.create;
  db_options.create_missing_column_families = mode_ == Mode::kWrite;
  db_options.keep_log_file_num = 3;
  db_options.max_total_wal_size = 64 << 20;
  db_options.max_open_files = mode_ == Mode::kRead ? -1 : 256;  // secondaries require -1
  db_options.IncreaseParallelism(2);

  auto cache = rocksdb::NewLRUCache(std::max<std::size_t>(params.cache_mb, 1) << 20);
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  rocksdb::ColumnFamilyOptions cf_options;
  cf_options.OptimizeForSmallDb(&cache);
  cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  set_compression(&cf_options, params.compact_storage);

  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  rocks_->names = {rocksdb::kDefaultColumnFamilyName,
                   layout::kCfFacets,
                   layout::kCfProfiles,
                   layout::kCfHandles,
                   layout::kCfMeta,
                   layout::kCfOutbox,
                   layout::kCfBrands};
  for (const auto& n : rocks_->names) cfs.emplace_back(n, cf_options);

  std::string path = (fs::path(dir_) / "rocks").string();
  rocksdb::Status st;
  if (mode_ == Mode::kWrite) {
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec) return Status::io_error(fmt::format("{}: {}", path, ec.message()));
    db_options.info_log = std::make_shared<InfoLog>((fs::path(path) / "LOG").string());
    st = rocksdb::DB::Open(db_options, path, cfs, &rocks_->handles, &rocks_->db);
  } else {
    char tmpl[] = "/tmp/mikros-secondary-XXXXXX";
    if (!mkdtemp(tmpl)) return Status::io_error("cannot create a temporary directory");
    secondary_dir_ = tmpl;
    db_options.info_log = std::make_shared<InfoLog>((fs::path(secondary_dir_) / "LOG").string());
    st = rocksdb::DB::OpenAsSecondary(db_options, path, secondary_dir_, cfs, &rocks_->handles,
                                      &rocks_->db);
  }
  if (!st.ok()) {
    rocks_->db = nullptr;
    rocks_->handles.clear();
    return rocks_status(st, path);
  }
  // A secondary opens even when table files are missing (its view leaves them out), so a
  // missing file shows only as missing rows: searches and Database::get report a document or
  // handle without its stored profile as damage (settled_generation()).
  return Status::ok();
}

std::uint64_t Store::xapian_generation() const {
  return text_generation(*writer_).value_or(0);
}

namespace {

// The formats this mikros opens: the current one, and older ones a writable open migrates
// (layout.h). Sets `*format` to the version found.
Status check_format(const std::string& found, const std::string& dir, const char* what,
                    int* format) {
  auto version = parse_u64(found);
  if (version && *version >= layout::kOldestFormatVersion && *version <= layout::kFormatVersion) {
    *format = static_cast<int>(*version);
    return Status::ok();
  }
  if (found.empty())
    return Status::corruption(fmt::format("{}: {} has no format version", dir, what));
  return Status::incompatible_version(fmt::format(
      "{}: {} format {} but this mikros reads formats {} to {}; rebuild it with `mikros "
      "reindex`",
      dir, what, found, layout::kOldestFormatVersion, layout::kFormatVersion));
}

}  // namespace

Result<Store::RocksMeta> Store::read_rocks_meta() const {
  RocksMeta m;
  auto* meta = cf(layout::kCfMeta);
  for (auto [key, out] :
       {std::pair{layout::kMetaFormatKey, &m.format}, std::pair{layout::kMetaTiers, &m.tiers},
        std::pair{layout::kMetaNextPid, &m.next_pid},
        std::pair{layout::kMetaAppliedGen, &m.applied}}) {
    rocksdb::Status st = rocks_->db->Get(rocksdb::ReadOptions(), meta, key, out);
    if (st.IsNotFound()) {
      out->clear();
    } else if (!st.ok()) {
      return rocks_status(st, fmt::format("{}: metadata \"{}\"", dir_, key));
    }
  }
  return m;
}

Status Store::create_rocks_meta(std::uint32_t first_pid, RocksMeta* m) {
  m->format = std::to_string(layout::kFormatVersion);
  m->tiers = tiers_to_string(tiers_);
  m->next_pid = std::to_string(std::max<std::uint32_t>(first_pid, 1));
  m->applied = std::to_string(xapian_generation());
  auto* meta = cf(layout::kCfMeta);
  rocksdb::WriteBatch b;
  b.Put(meta, layout::kMetaFormatKey, m->format);
  b.Put(meta, layout::kMetaTiers, m->tiers);
  b.Put(meta, layout::kMetaNextPid, m->next_pid);
  b.Put(meta, layout::kMetaAppliedGen, m->applied);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  if (auto st = rocks_->db->Write(wo, &b); !st.ok()) return rocks_status(st, dir_);
  return Status::ok();
}

Status Store::initialise_or_check(std::uint64_t base_generation, std::uint32_t first_pid) {
  auto meta = read_rocks_meta();
  if (!meta) return meta.status();
  std::string xapian_format;
  std::uint64_t xapian_docs = 0;
  Xapian::docid last_docid = 0;
  Result<std::uint64_t> text_gen = std::uint64_t{0};
  try {
    if (writer_) {
      xapian_format = writer_->get_metadata(layout::kMetaFormat);
      xapian_docs = writer_->get_doccount();
      if (xapian_format.empty() && xapian_docs == 0) {
        // A new index (or one whose creation was interrupted before anything was written).
        xapian_format = std::to_string(layout::kFormatVersion);
        writer_->set_metadata(layout::kMetaFormat, xapian_format);
        writer_->set_metadata(layout::kMetaGeneration, std::to_string(base_generation));
        writer_->commit();
      }
      last_docid = writer_->get_lastdocid();
      text_gen = checked_text_generation(*writer_, dir_);
    } else {
      MutexLock lock(pool_mu_);
      xapian_format = idle_readers_.front()->get_metadata(layout::kMetaFormat);
      text_gen = checked_text_generation(*idle_readers_.front(), dir_);
    }
  } catch (const Xapian::Error& e) {
    return xapian_status(e, dir_);
  }
  int text_format = 0, rocks_format = 0;
  if (xapian_format.empty()) return Status::corruption(fmt::format("{}: not a mikros index", dir_));
  if (Status st = check_format(xapian_format, dir_, "index", &text_format); !st) return st;
  if (!text_gen) return text_gen.status();
  if (mode_ == Mode::kWrite && meta->format.empty()) {
    if (xapian_docs != 0 || xapian_generation() != base_generation) {
      return Status::corruption(
          fmt::format("{}: the profile store is missing its metadata but the text index has "
                      "commits; restore from a backup or rebuild with `mikros reindex`",
                      dir_));
    }
    if (Status st = create_rocks_meta(first_pid, &*meta); !st) return st;
  }
  if (Status st = check_format(meta->format, dir_, "profile store", &rocks_format); !st) {
    return st;
  }
  format_ = std::min(text_format, rocks_format);
  auto tiers = tiers_from_string(meta->tiers);
  auto pid = parse_u64(meta->next_pid);
  auto applied_gen = parse_u64(meta->applied);
  if (!tiers || !pid || !applied_gen || *pid == 0 || *pid > UINT32_MAX) {
    return Status::corruption(fmt::format("{}: damaged metadata in the profile store", dir_));
  }
  {
    // Before the next id: a profile store that lost writes has lost the id's advance too, and
    // the lost writes are what to report.
    auto progress = rocks_progress();
    if (!progress) return progress.status();
    if (Status st = check_not_behind(*text_gen, *progress); !st) return st;
  }
  if (*pid <= last_docid) {
    // Profile ids are never reused (a deleted profile's id stays retired), so an id at or
    // below the text index's last document id would overwrite another profile.
    return Status::corruption(fmt::format(
        "{}: the next profile id {} is not above the last one used, {}: new profiles would "
        "overwrite existing ones; restore from a backup or rebuild with `mikros reindex`",
        dir_, *pid, last_docid));
  }
  tiers_ = *tiers;
  next_pid_ = static_cast<std::uint32_t>(*pid);
  {
    MutexLock lock(catch_up_mu_);
    rocks_generation_ = *applied_gen;
  }
  generation_ = *text_gen;
  if (writer_) return check_positions(*writer_);
  MutexLock lock(pool_mu_);
  return check_positions(*idle_readers_.front());
}

Status Store::check_not_behind(std::uint64_t text_generation, const RocksProgress& p) const {
  // Step 1 of a batch writes its outbox entry (synced) before the text index commits, and step 3
  // removes it in the write that raises applied_gen: a text index ahead of the profile store
  // with no batch in flight means the profile store lost writes it had made durable.
  if (text_generation <= p.applied || p.in_flight) return Status::ok();
  return Status::corruption(fmt::format(
      "{}: the text index is at generation {} but the profile store only at {}, with no batch "
      "in flight: the profile store has lost committed writes (its write-ahead log?), and "
      "searches would show profiles without their data; restore from a backup or rebuild with "
      "`mikros reindex`",
      dir_, text_generation, p.applied));
}

}  // namespace mikros::store
