#include "store.h"

#include <fmt/format.h>
#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/write_batch.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <thread>
#include <unordered_map>

#include "build_ahead.h"
#include "document.h"
#include "fault.h"
#include "layout.h"
#include "segmenter.h"
#include "text_util.h"

namespace mikros::store {

namespace fs = std::filesystem;

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

namespace {

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

std::string tiers_to_string(const TierBoundaries& t) {
  return fmt::format("{},{},{},{}", t.micro, t.mid, t.macro, t.mega);
}

std::optional<TierBoundaries> tiers_from_string(std::string_view s) {
  auto parts = split(s, ',');
  if (parts.size() != 4) return std::nullopt;
  std::uint64_t v[4];
  for (int i = 0; i < 4; ++i) {
    try {
      v[i] = std::stoull(std::string(parts[i]));
    } catch (...) {
      return std::nullopt;
    }
  }
  return TierBoundaries{v[0], v[1], v[2], v[3]};
}

std::optional<std::uint64_t> parse_u64(std::string_view s) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

// Outbox record: version byte, then per change: kind(1) pid(be32) key_len(be16) key.
constexpr char kOutboxVersion = 1;

// RocksDB's info log. Its own asserts (Debian builds RocksDB with assertions on) when it is
// written again after one of its writes failed, as on a full disk, turning "no space left" into
// an abort at close. This one ignores its write errors. Only warnings and errors are logged,
// so the file stays small without rotation.
class InfoLog : public rocksdb::Logger {
 public:
  explicit InfoLog(const std::string& path)
      : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL), file_(std::fopen(path.c_str(), "ae")) {}
  ~InfoLog() override {
    if (file_) std::fclose(file_);
  }
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
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

 private:
  std::FILE* file_;
  std::mutex mu_;
};

}  // namespace

struct Store::Rocks {
  rocksdb::DB* db = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  std::vector<std::string> names;

  ~Rocks() {
    if (!db) return;
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    db->Close().PermitUncheckedError();
    delete db;
  }
};

Store::Store(std::string dir, Mode mode) : dir_(std::move(dir)), mode_(mode) {}

Store::~Store() {
  {
    MutexLock lock(write_mu_);
    // Close the writer first so its lock is released even if RocksDB's close is slow.
    if (writer_) {
      try {
        writer_->close();
      } catch (const Xapian::Error&) {
        // Nothing to do: a failed close leaves the last commit intact.
      }
    }
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
  for (std::size_t i = 0; i < rocks_->names.size(); ++i) {
    if (rocks_->names[i] == name) return rocks_->handles[i];
  }
  return nullptr;
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
  if (!create && !fs::exists(fs::path(dir) / "xapian")) {
    return Status::corruption(fmt::format("{}: the text index (xapian/) is missing", dir));
  }
  if (!create && !fs::exists(fs::path(dir) / "rocks")) {
    return Status::corruption(fmt::format("{}: the profile store (rocks/) is missing", dir));
  }
  // Nothing else can see the store yet; the lock satisfies the thread-safety analysis.
  MutexLock lock(s->write_mu_);
  // Lock order: Xapian's write lock first, then RocksDB's (notes §2.3).
  if (Status st = s->open_xapian(create); !st) return st;
  if (Status st = s->open_rocks(params); !st) return st;
  if (Status st = s->initialise_or_check(params.base_generation, params.first_pid); !st) return st;
  if (params.mode == Mode::kWrite) {
    if (Status st = s->recover(); !st) return st;
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

namespace {

// LZ4 while indexing (cheap for the writer and for RocksDB's background compactions, which
// share the machine with it). A handle opened to compact the store (OpenParams::
// compact_storage) writes zstd with a dictionary trained per file below level 0 instead:
// stored profiles are small JSON documents with the same keys and many of the same words, and
// a dictionary lets each 4 KiB block share them, where compressing a block on its own cannot
// (at 200,000 generated profiles: 101 MiB with LZ4, 59 MiB so). Training dictionaries costs
// too much CPU to do during every compaction of a bulk load. Format-compatible both ways:
// every file records how it was compressed.
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

}  // namespace

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
  std::string g = writer_->get_metadata(layout::kMetaGeneration);
  return parse_u64(g).value_or(0);
}

Status Store::initialise_or_check(std::uint64_t base_generation, std::uint32_t first_pid) {
  const std::string want_format = std::to_string(layout::kFormatVersion);
  auto* meta = cf(layout::kCfMeta);
  std::string rocks_format, tiers_text, next_pid, applied;
  auto get_meta = [&](const char* key, std::string* out) {
    rocksdb::Status st = rocks_->db->Get(rocksdb::ReadOptions(), meta, key, out);
    if (st.IsNotFound()) out->clear();
    return st.ok() || st.IsNotFound();
  };
  if (!get_meta(layout::kMetaFormatKey, &rocks_format) ||
      !get_meta(layout::kMetaTiers, &tiers_text) || !get_meta(layout::kMetaNextPid, &next_pid) ||
      !get_meta(layout::kMetaAppliedGen, &applied)) {
    return Status::io_error(fmt::format("{}: cannot read metadata", dir_));
  }

  std::string xapian_format;
  std::uint64_t xapian_docs = 0;
  try {
    if (writer_) {
      xapian_format = writer_->get_metadata(layout::kMetaFormat);
      xapian_docs = writer_->get_doccount();
    } else {
      MutexLock lock(pool_mu_);
      xapian_format = idle_readers_.front()->get_metadata(layout::kMetaFormat);
      xapian_docs = idle_readers_.front()->get_doccount();
      generation_ =
          parse_u64(idle_readers_.front()->get_metadata(layout::kMetaGeneration)).value_or(0);
    }
  } catch (const Xapian::Error& e) {
    return xapian_status(e, dir_);
  }

  if (mode_ == Mode::kWrite && xapian_format.empty() && xapian_docs == 0) {
    // A new index (or one whose creation was interrupted before anything was written).
    try {
      writer_->set_metadata(layout::kMetaFormat, want_format);
      writer_->set_metadata(layout::kMetaGeneration, std::to_string(base_generation));
      writer_->commit();
    } catch (const Xapian::Error& e) {
      return xapian_status(e, dir_);
    }
    xapian_format = want_format;
  }
  if (xapian_format != want_format) {
    if (xapian_format.empty())
      return Status::corruption(fmt::format("{}: not a mikros index", dir_));
    return Status::incompatible_version(fmt::format(
        "{}: index format {} but this mikros reads format {}; rebuild it with `mikros reindex`",
        dir_, xapian_format, want_format));
  }
  if (mode_ == Mode::kWrite && rocks_format.empty()) {
    if (xapian_docs != 0 || xapian_generation() != base_generation) {
      return Status::corruption(
          fmt::format("{}: the profile store is missing its metadata but the text index has "
                      "commits; restore from a backup or rebuild with `mikros reindex`",
                      dir_));
    }
    rocksdb::WriteBatch b;
    b.Put(meta, layout::kMetaFormatKey, want_format);
    b.Put(meta, layout::kMetaTiers, tiers_to_string(tiers_));
    b.Put(meta, layout::kMetaNextPid, std::to_string(std::max<std::uint32_t>(first_pid, 1)));
    b.Put(meta, layout::kMetaAppliedGen, std::to_string(xapian_generation()));
    rocksdb::WriteOptions wo;
    wo.sync = true;
    if (auto st = rocks_->db->Write(wo, &b); !st.ok()) return rocks_status(st, dir_);
    rocks_format = want_format;
    tiers_text = tiers_to_string(tiers_);
    next_pid = std::to_string(std::max<std::uint32_t>(first_pid, 1));
    applied = std::to_string(xapian_generation());
  }
  if (rocks_format != want_format) {
    if (rocks_format.empty()) {
      return Status::corruption(fmt::format("{}: profile store has no metadata", dir_));
    }
    return Status::incompatible_version(
        fmt::format("{}: profile store format {} but this mikros reads format {}", dir_,
                    rocks_format, want_format));
  }
  auto tiers = tiers_from_string(tiers_text);
  auto pid = parse_u64(next_pid);
  auto applied_gen = parse_u64(applied);
  if (!tiers || !pid || !applied_gen || *pid == 0 || *pid > UINT32_MAX) {
    return Status::corruption(fmt::format("{}: damaged metadata in the profile store", dir_));
  }
  tiers_ = *tiers;
  next_pid_ = static_cast<std::uint32_t>(*pid);
  {
    MutexLock lock(catch_up_mu_);
    rocks_generation_ = *applied_gen;
  }
  if (writer_) generation_ = xapian_generation();
  return Status::ok();
}

namespace {

std::string encode_outbox(
    const std::vector<std::tuple<Change::Kind, std::uint32_t, std::string>>& ops) {
  std::string out(1, kOutboxVersion);
  for (const auto& [kind, pid, key] : ops) {
    out += static_cast<char>(kind);
    out += encode_be32(pid);
    out += static_cast<char>((key.size() >> 8) & 0xff);
    out += static_cast<char>(key.size() & 0xff);
    out += key;
  }
  return out;
}

}  // namespace

Status Store::commit(std::vector<Change>& changes, CommitStats* stats) {
  if (mode_ != Mode::kWrite) return Status::invalid_argument("database opened read-only");
  MutexLock lock(write_mu_);
  if (!merge_failure_.empty()) return Status::io_error(merge_failure_);
  if (needs_recovery_) {
    if (Status st = recover(); !st) return st;
  }
  CommitStats local;
  if (!stats) stats = &local;
  *stats = CommitStats{};
  if (changes.empty()) {
    stats->generation = generation_;
    return Status::ok();
  }

  // The last change of each key wins; keep the order of those last changes.
  std::unordered_map<std::string_view, std::size_t> last;
  for (std::size_t i = 0; i < changes.size(); ++i) last[changes[i].key] = i;
  std::vector<std::size_t> order;
  order.reserve(last.size());
  for (std::size_t i = 0; i < changes.size(); ++i) {
    if (last[changes[i].key] == i) order.push_back(i);
  }

  // Resolve pids in one MultiGet over the handles column family.
  auto* handles = cf(layout::kCfHandles);
  std::vector<rocksdb::Slice> keys;
  keys.reserve(order.size());
  for (std::size_t i : order) keys.emplace_back(changes[i].key);
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  rocks_->db->MultiGet(rocksdb::ReadOptions(), handles, keys.size(), keys.data(), values.data(),
                       statuses.data());

  // Existing pids, and the stored profiles of existing keys that are upserted again: an
  // upsert that would store the same bytes changes nothing and is skipped.
  std::vector<std::optional<std::uint32_t>> existing(order.size());
  std::vector<std::string> jsons(order.size());
  std::vector<std::uint32_t> compare_pids;
  std::vector<std::size_t> compare_at;
  for (std::size_t j = 0; j < order.size(); ++j) {
    const Change& c = changes[order[j]];
    if (statuses[j].ok()) {
      if (values[j].size() != 4) {
        return Status::corruption(fmt::format("{}: damaged handle entry for {}", dir_, c.key));
      }
      existing[j] = static_cast<std::uint32_t>(decode_be(values[j].ToStringView()));
    } else if (!statuses[j].IsNotFound()) {
      return rocks_status(statuses[j], dir_);
    }
    if (c.kind == Change::Kind::kUpsert) {
      jsons[j] = to_json(c.profile);
      if (existing[j]) {
        compare_pids.push_back(*existing[j]);
        compare_at.push_back(j);
      }
    }
  }
  std::vector<bool> unchanged(order.size(), false);
  if (!compare_pids.empty()) {
    std::vector<std::optional<std::string>> stored;
    if (Status st = read_profiles(compare_pids, &stored); !st) return st;
    for (std::size_t k = 0; k < compare_at.size(); ++k) {
      unchanged[compare_at[k]] = stored[k] && *stored[k] == jsons[compare_at[k]];
    }
  }

  const std::uint64_t gen = generation_ + 1;
  std::uint32_t next_pid = next_pid_;
  std::vector<OutboxOp> ops;
  std::vector<const Profile*> profiles;
  std::vector<std::tuple<Change::Kind, std::uint32_t, std::string>> outbox;
  rocksdb::WriteBatch intent;
  auto* profiles_cf = cf(layout::kCfProfiles);
  for (std::size_t j = 0; j < order.size(); ++j) {
    Change& c = changes[order[j]];
    if (c.kind == Change::Kind::kUpsert) {
      if (unchanged[j]) {
        ++stats->unchanged;
        continue;
      }
      std::uint32_t pid = existing[j] ? *existing[j] : next_pid++;
      if (next_pid == 0) return Status::limit_exceeded("profile ids exhausted (2^32)");
      if (!existing[j]) {
        intent.Put(handles, c.key, encode_be32(pid));
        ++stats->inserted;
      } else {
        ++stats->replaced;
      }
      intent.Put(profiles_cf, encode_be32(pid), jsons[j]);
      ops.push_back({c.kind, pid, c.key});
      profiles.push_back(&c.profile);
    } else {
      if (!existing[j]) {
        ++stats->missing;
        continue;
      }
      intent.Delete(handles, c.key);
      intent.Delete(profiles_cf, encode_be32(*existing[j]));
      ops.push_back({c.kind, *existing[j], c.key});
      profiles.push_back(nullptr);
      ++stats->deleted;
    }
  }
  if (ops.empty()) {  // nothing to change: no generation
    stats->generation = generation_;
    return Status::ok();
  }
  for (const auto& op : ops) outbox.emplace_back(op.kind, op.pid, op.key);
  intent.Put(cf(layout::kCfMeta), layout::kMetaNextPid, std::to_string(next_pid));
  intent.Put(cf(layout::kCfOutbox), encode_be64(gen), encode_outbox(outbox));

  // Step 1: the durable intent.
  rocksdb::WriteOptions sync;
  sync.sync = true;
  if (auto st = rocks_->db->Write(sync, &intent); !st.ok()) return rocks_status(st, dir_);
  next_pid_ = next_pid;
  fault::point("commit-after-intent");

  // Steps 2 and 3. A failure here leaves outbox[gen] for the next commit or open to finish.
  std::vector<FacetRecord> facets = derive_all(ops, profiles, gen);
  if (Status st = apply_xapian(gen, ops, profiles, facets); !st) {
    needs_recovery_ = true;
    return st;
  }
  fault::point("commit-after-xapian");
  if (Status st = apply_rocks(gen, ops, facets); !st) {
    needs_recovery_ = true;
    return st;
  }
  fault::point("commit-after-apply");
  generation_ = gen;
  stats->generation = gen;
  update_columns(ops, facets, gen);
  return Status::ok();
}

void Store::update_columns(const std::vector<OutboxOp>& ops, const std::vector<FacetRecord>& facets,
                           std::uint64_t gen) {
  MutexLock lock(columns_mu_);
  if (!columns_) return;  // not loaded: the next columns() call scans the new state
  std::vector<std::pair<std::uint32_t, const FacetRecord*>> changes;
  changes.reserve(ops.size());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    changes.emplace_back(ops[i].pid, ops[i].kind == Change::Kind::kUpsert ? &facets[i] : nullptr);
  }
  columns_ = columns_->with_changes(changes, gen);
}

Result<std::shared_ptr<const Columns>> Store::columns() const {
  std::uint64_t want = 0;
  if (mode_ == Mode::kRead) {
    MutexLock lock(catch_up_mu_);
    want = rocks_generation_;
  } else {
    want = generation_;
  }
  MutexLock lock(columns_mu_);
  if (columns_ && columns_->generation() >= want) return columns_;
  Columns::Builder builder;
  Status st = scan_facets([&](std::uint32_t pid, const FacetRecord& r) { builder.add(pid, r); });
  if (!st) return st;
  columns_ = builder.finish(want);
  return columns_;
}

std::vector<FacetRecord> Store::derive_all(const std::vector<OutboxOp>& ops,
                                           const std::vector<const Profile*>& profiles,
                                           std::uint64_t gen) const {
  std::vector<FacetRecord> facets(ops.size());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].kind == Change::Kind::kUpsert) facets[i] = derive_facets(*profiles[i], tiers_, gen);
  }
  return facets;
}

Status Store::apply_xapian(std::uint64_t gen, const std::vector<OutboxOp>& ops,
                           const std::vector<const Profile*>& profiles,
                           const std::vector<FacetRecord>& facets) {
  try {
    // A flushed transaction: nothing of the batch is committed by Xapian's automatic flush,
    // and all of it is durable when commit_transaction returns.
    refresh_corpus_words();
    // The documents are built on the BuildAhead thread while this one writes them.
    if (!build_ahead_) build_ahead_ = std::make_unique<BuildAhead>();
    const analysis::CorpusWords* words = corpus_words_.get();
    build_ahead_->start(ops.size(), [&ops, &profiles, &facets, words](std::size_t i) {
      if (ops[i].kind != Change::Kind::kUpsert) return Xapian::Document();
      return doc::build_document(*profiles[i], facets[i], words);
    });
    struct Finish {
      BuildAhead& b;
      ~Finish() { b.finish(); }  // before ops, profiles and facets go away
    } finish{*build_ahead_};
    writer_->begin_transaction(true);
    try {
      for (std::size_t i = 0; i < ops.size(); ++i) {
        Xapian::Document doc = build_ahead_->take(i);
        if (ops[i].kind == Change::Kind::kUpsert) {
          writer_->replace_document(ops[i].pid, doc);
        } else {
          writer_->delete_document(doc::key_term(ops[i].key));
        }
        if (i == ops.size() / 2) fault::point("xapian-mid-transaction");
      }
      writer_->set_metadata(layout::kMetaGeneration, std::to_string(gen));
      writer_->commit_transaction();
    } catch (const Xapian::Error&) {
      try {
        writer_->cancel_transaction();
      } catch (const Xapian::Error&) {
        // The database reverts to its last commit when reopened; recovery will reopen it.
      }
      throw;
    }
  } catch (const Xapian::Error& e) {
    return xapian_status(e, fmt::format("{}: writing generation {}", dir_, gen));
  }
  return Status::ok();
}

void Store::refresh_corpus_words() {
  Xapian::doccount docs = writer_->get_doccount();
  if (docs < kCorpusWordsMinDocs) return;
  if (corpus_words_ && docs < 2 * corpus_words_->documents()) return;
  corpus_words_ = doc::corpus_words(*writer_);
}

Status Store::apply_rocks(std::uint64_t gen, const std::vector<OutboxOp>& ops,
                          const std::vector<FacetRecord>& facets) {
  rocksdb::WriteBatch b;
  auto* facets_cf = cf(layout::kCfFacets);
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].kind == Change::Kind::kUpsert) {
      b.Put(facets_cf, encode_be32(ops[i].pid), encode_facets(facets[i]));
    } else {
      b.Delete(facets_cf, encode_be32(ops[i].pid));
    }
  }
  b.Put(cf(layout::kCfMeta), layout::kMetaAppliedGen, std::to_string(gen));
  b.Delete(cf(layout::kCfOutbox), encode_be64(gen));
  // Unsynced is safe: if this write is lost, the outbox entry's deletion is lost with it and
  // the next open replays step 3.
  rocksdb::WriteOptions wo;
  wo.sync = false;
  if (auto st = rocks_->db->Write(wo, &b); !st.ok()) return rocks_status(st, dir_);
  return Status::ok();
}

Status Store::recover() {
  // Called with write_mu_ held or before the store is shared.
  std::uint64_t gx = 0;
  try {
    // After a failed transaction the writer may be unusable; reopening reverts it to its last
    // commit.
    if (needs_recovery_) {
      if (writer_) writer_->close();
      writer_ = std::make_unique<Xapian::WritableDatabase>(xapian_path(), Xapian::DB_OPEN);
    }
    gx = xapian_generation();
  } catch (const Xapian::Error& e) {
    return xapian_status(e, fmt::format("{}: recovery", dir_));
  }

  std::unique_ptr<rocksdb::Iterator> it(
      rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(layout::kCfOutbox)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->key().size() != 8)
      return Status::corruption(fmt::format("{}: damaged outbox key", dir_));
    std::uint64_t g = decode_be(it->key().ToStringView());
    std::string_view v = it->value().ToStringView();
    if (v.empty() || v[0] != kOutboxVersion) {
      return Status::corruption(fmt::format("{}: outbox entry {} has an unknown format", dir_, g));
    }
    std::vector<OutboxOp> ops;
    for (std::size_t p = 1; p < v.size();) {
      if (p + 7 > v.size())
        return Status::corruption(fmt::format("{}: truncated outbox {}", dir_, g));
      OutboxOp op;
      op.kind = static_cast<Change::Kind>(v[p]);
      op.pid = static_cast<std::uint32_t>(decode_be(v.substr(p + 1, 4)));
      std::size_t len = static_cast<std::size_t>(decode_be(v.substr(p + 5, 2)));
      if (p + 7 + len > v.size()) {
        return Status::corruption(fmt::format("{}: truncated outbox {}", dir_, g));
      }
      op.key = std::string(v.substr(p + 7, len));
      p += 7 + len;
      ops.push_back(std::move(op));
    }
    // The stored profiles were written in step 1 of this very batch, and no later batch can
    // have started before this one finished, so they are the batch's profiles.
    std::vector<Profile> loaded;
    loaded.reserve(ops.size());
    std::vector<const Profile*> profiles(ops.size(), nullptr);
    std::vector<std::uint32_t> pids;
    for (const auto& op : ops) pids.push_back(op.pid);
    std::vector<std::optional<std::string>> jsons;
    if (Status st = read_profiles(pids, &jsons); !st) return st;
    for (std::size_t i = 0; i < ops.size(); ++i) {
      if (ops[i].kind != Change::Kind::kUpsert) continue;
      if (!jsons[i]) {
        return Status::corruption(
            fmt::format("{}: outbox {} names profile {} that is not stored", dir_, g, ops[i].key));
      }
      auto parsed = parse_profile(*jsons[i]);
      if (!parsed) {
        return Status::corruption(fmt::format("{}: stored profile {} is damaged: {}", dir_,
                                              ops[i].key, parsed.status().message()));
      }
      loaded.push_back(std::move(*parsed));
      profiles[i] = &loaded.back();
    }
    std::vector<FacetRecord> facets = derive_all(ops, profiles, g);
    if (g > gx) {
      if (g != gx + 1) {
        return Status::corruption(
            fmt::format("{}: outbox holds generation {} but the text index is at {}", dir_, g, gx));
      }
      if (Status st = apply_xapian(g, ops, profiles, facets); !st) return st;
      gx = g;
      fault::point("recover-after-xapian");
    }
    if (Status st = apply_rocks(g, ops, facets); !st) return st;
    update_columns(ops, facets, g);
    ++replayed_;
  }
  if (!it->status().ok()) return rocks_status(it->status(), dir_);

  std::string applied;
  if (auto st = rocks_->db->Get(rocksdb::ReadOptions(), cf(layout::kCfMeta),
                                layout::kMetaAppliedGen, &applied);
      !st.ok()) {
    return rocks_status(st, dir_);
  }
  if (parse_u64(applied).value_or(UINT64_MAX) != gx) {
    return Status::corruption(fmt::format(
        "{}: the profile store is at generation {} and the text index at {}, with no pending "
        "batch to reconcile them; restore from a backup or rebuild with `mikros reindex`",
        dir_, applied, gx));
  }
  needs_recovery_ = false;
  generation_ = gx;
  return Status::ok();
}

Store::Reader::~Reader() {
  if (store_ && db_) {
    MutexLock lock(store_->pool_mu_);
    store_->idle_readers_.push_back(std::move(db_));
  }
}

void Store::Reader::reopen() {
  try {
    db_->reopen();
  } catch (const Xapian::DatabaseModifiedError&) {
    db_ = std::make_unique<Xapian::Database>(store_->xapian_path());
  }
}

Result<Store::Reader> Store::reader() const {
  std::unique_ptr<Xapian::Database> db;
  {
    MutexLock lock(pool_mu_);
    if (!idle_readers_.empty()) {
      db = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    }
  }
  // A writer that commits twice while this reads the revision's metadata discards that
  // revision (DatabaseModifiedError): reopen and read again.
  for (int attempt = 1;; ++attempt) {
    bool changed = attempt > 1;
    try {
      if (db) {
        try {
          changed = db->reopen();
        } catch (const Xapian::DatabaseModifiedError&) {
          db.reset();  // a pooled reader the writer left too far behind: open afresh
        }
      }
      if (!db) {
        db = std::make_unique<Xapian::Database>(xapian_path());
        changed = true;
      }
      if (changed && mode_ == Mode::kRead) {
        std::uint64_t g = parse_u64(db->get_metadata(layout::kMetaGeneration)).value_or(0);
        std::uint64_t seen = generation_.load();
        while (g > seen && !generation_.compare_exchange_weak(seen, g)) {
        }
        if (Status st = catch_up(g); !st) return st;
      }
      break;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt >= 8) return xapian_status(e, dir_);
    } catch (const Xapian::Error& e) {
      return xapian_status(e, dir_);
    }
  }
  return Reader(shared_from_this(), std::move(db));
}

Result<std::optional<std::uint64_t>> Store::settled_generation() const {
  std::optional<MutexLock> lock;
  if (mode_ == Mode::kRead) {
    lock.emplace(catch_up_mu_);
    if (auto st = rocks_->db->TryCatchUpWithPrimary(); !st.ok()) return rocks_status(st, dir_);
  }
  std::unique_ptr<rocksdb::Iterator> outbox(
      rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(layout::kCfOutbox)));
  outbox->SeekToFirst();
  if (outbox->Valid()) return std::optional<std::uint64_t>();
  if (!outbox->status().ok()) return rocks_status(outbox->status(), dir_);
  std::string applied;
  if (auto st = rocks_->db->Get(rocksdb::ReadOptions(), cf(layout::kCfMeta),
                                layout::kMetaAppliedGen, &applied);
      !st.ok()) {
    return rocks_status(st, dir_);
  }
  auto g = parse_u64(applied);
  if (!g) return Status::corruption(fmt::format("{}: damaged applied generation", dir_));
  return std::optional<std::uint64_t>(*g);
}

Status Store::catch_up(std::uint64_t gen) const {
  if (mode_ != Mode::kRead) return Status::ok();
  MutexLock lock(catch_up_mu_);
  if (rocks_generation_ >= gen) return Status::ok();
  if (auto st = rocks_->db->TryCatchUpWithPrimary(); !st.ok()) return rocks_status(st, dir_);
  std::string applied;
  if (rocks_->db
          ->Get(rocksdb::ReadOptions(), cf(layout::kCfMeta), layout::kMetaAppliedGen, &applied)
          .ok()) {
    rocks_generation_ = parse_u64(applied).value_or(rocks_generation_);
  }
  return Status::ok();
}

Result<std::optional<std::uint32_t>> Store::pid_for(std::string_view key) const {
  std::string v;
  auto st = rocks_->db->Get(rocksdb::ReadOptions(), cf(layout::kCfHandles), key, &v);
  if (st.IsNotFound()) return std::optional<std::uint32_t>();
  if (!st.ok()) return rocks_status(st, dir_);
  if (v.size() != 4) return Status::corruption(fmt::format("{}: damaged handle entry", dir_));
  return std::optional<std::uint32_t>(static_cast<std::uint32_t>(decode_be(v)));
}

std::vector<std::optional<std::string>> Store::profiles_json(
    const std::vector<std::uint32_t>& pids) const {
  std::vector<std::optional<std::string>> out;
  read_profiles(pids, &out).is_ok();  // unreadable profiles are reported missing
  return out;
}

Status Store::read_profiles(const std::vector<std::uint32_t>& pids,
                            std::vector<std::optional<std::string>>* out) const {
  std::vector<std::string> key_bytes;
  key_bytes.reserve(pids.size());
  for (auto pid : pids) key_bytes.push_back(encode_be32(pid));
  std::vector<rocksdb::Slice> keys(key_bytes.begin(), key_bytes.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  rocks_->db->MultiGet(rocksdb::ReadOptions(), cf(layout::kCfProfiles), keys.size(), keys.data(),
                       values.data(), statuses.data());
  out->assign(pids.size(), std::nullopt);
  Status first_error;
  for (std::size_t i = 0; i < pids.size(); ++i) {
    if (statuses[i].ok()) {
      (*out)[i] = values[i].ToString();
    } else if (!statuses[i].IsNotFound() && first_error) {
      first_error = rocks_status(statuses[i], fmt::format("{}: stored profile {}", dir_, pids[i]));
    }
  }
  return first_error;
}

Result<std::optional<FacetRecord>> Store::facets(std::uint32_t pid) const {
  std::string v;
  auto st = rocks_->db->Get(rocksdb::ReadOptions(), cf(layout::kCfFacets), encode_be32(pid), &v);
  if (st.IsNotFound()) return std::optional<FacetRecord>();
  if (!st.ok()) return rocks_status(st, dir_);
  auto r = decode_facets(v);
  if (!r) return Status::corruption(fmt::format("{}: damaged facets of profile {}", dir_, pid));
  return std::optional<FacetRecord>(std::move(*r));
}

Status Store::scan_facets(const std::function<void(std::uint32_t, const FacetRecord&)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(
      rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(layout::kCfFacets)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto r = decode_facets(it->value().ToStringView());
    if (it->key().size() != 4 || !r) {
      return Status::corruption(fmt::format("{}: damaged facets row", dir_));
    }
    fn(static_cast<std::uint32_t>(decode_be(it->key().ToStringView())), *r);
  }
  if (!it->status().ok()) return rocks_status(it->status(), dir_);
  return Status::ok();
}

Result<std::optional<std::string>> Store::get_named(const char* column_family,
                                                    std::string_view key) const {
  auto* handle = cf(column_family);
  if (!handle) return Status::internal(fmt::format("no column family {}", column_family));
  std::string v;
  auto st = rocks_->db->Get(rocksdb::ReadOptions(), handle, key, &v);
  if (st.IsNotFound()) return std::optional<std::string>();
  if (!st.ok()) return rocks_status(st, dir_);
  return std::optional<std::string>(std::move(v));
}

Status Store::put_named(const char* column_family, std::string_view key, std::string_view value) {
  if (mode_ != Mode::kWrite) return Status::invalid_argument("database opened read-only");
  auto* handle = cf(column_family);
  if (!handle) return Status::internal(fmt::format("no column family {}", column_family));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  if (auto st = rocks_->db->Put(wo, handle, key, value); !st.ok()) return rocks_status(st, dir_);
  return Status::ok();
}

Status Store::delete_named(const char* column_family, std::string_view key) {
  if (mode_ != Mode::kWrite) return Status::invalid_argument("database opened read-only");
  auto* handle = cf(column_family);
  if (!handle) return Status::internal(fmt::format("no column family {}", column_family));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  if (auto st = rocks_->db->Delete(wo, handle, key); !st.ok()) return rocks_status(st, dir_);
  return Status::ok();
}

Status Store::scan_named(const char* column_family,
                         const std::function<void(std::string_view, std::string_view)>& fn) const {
  auto* handle = cf(column_family);
  if (!handle) return Status::internal(fmt::format("no column family {}", column_family));
  std::unique_ptr<rocksdb::Iterator> it(rocks_->db->NewIterator(rocksdb::ReadOptions(), handle));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    fn(it->key().ToStringView(), it->value().ToStringView());
  }
  if (!it->status().ok()) return rocks_status(it->status(), dir_);
  return Status::ok();
}

Status Store::sync_to_disk() {
  if (mode_ != Mode::kWrite) return Status::invalid_argument("database opened read-only");
  MutexLock lock(write_mu_);
  if (!merge_failure_.empty()) return Status::io_error(merge_failure_);
  // Xapian's commits were fsynced by commit_transaction; RocksDB's unsynced step-3 writes are
  // flushed into table files, then every file and directory entry is fsynced.
  rocksdb::FlushOptions flush;
  flush.wait = true;
  if (auto st = rocks_->db->Flush(flush, rocks_->handles); !st.ok()) return rocks_status(st, dir_);
  if (auto st = rocks_->db->FlushWAL(true); !st.ok()) return rocks_status(st, dir_);
  return fsu::fsync_tree(dir_);
}

namespace {

// A read-only verify or backup waits this long for the writer elsewhere to be between batches.
// Tries are frequent: between two batches of a busy writer there may be only milliseconds.
constexpr int kQuietAttempts = 2500;
constexpr auto kQuietPause = std::chrono::milliseconds(2);

// Where `built` and `indexed` differ, in words; empty when they are the same document.
std::string document_difference(const Xapian::Document& built, const Xapian::Document& indexed) {
  if (built.get_data() != indexed.get_data()) return "its data (key) differs";
  auto b = built.termlist_begin(), be = built.termlist_end();
  auto x = indexed.termlist_begin(), xe = indexed.termlist_end();
  for (; b != be && x != xe; ++b, ++x) {
    if (*b != *x) {
      return *b < *x ? fmt::format("term \"{}\" is missing from the index", *b)
                     : fmt::format("the index has term \"{}\" that the profile does not give", *x);
    }
    if (b.get_wdf() != x.get_wdf()) {
      return fmt::format("term \"{}\" occurs {} times in the index, {} in the profile", *x,
                         x.get_wdf(), b.get_wdf());
    }
    auto bp = b.positionlist_begin(), bpe = b.positionlist_end();
    auto xp = x.positionlist_begin(), xpe = x.positionlist_end();
    for (; bp != bpe && xp != xpe; ++bp, ++xp) {
      if (*bp != *xp) return fmt::format("term \"{}\" has other positions", *x);
    }
    if ((bp == bpe) != (xp == xpe)) return fmt::format("term \"{}\" has other positions", *x);
  }
  if (b != be) return fmt::format("term \"{}\" is missing from the index", *b);
  if (x != xe) return fmt::format("the index has term \"{}\" that the profile does not give", *x);
  auto bv = built.values_begin(), bve = built.values_end();
  auto xv = indexed.values_begin(), xve = indexed.values_end();
  for (; bv != bve && xv != xve; ++bv, ++xv) {
    if (bv.get_valueno() != xv.get_valueno() || *bv != *xv) {
      return fmt::format("value slot {} differs", std::min(bv.get_valueno(), xv.get_valueno()));
    }
  }
  if ((bv == bve) != (xv == xve)) return "its value slots differ";
  return {};
}

}  // namespace

void Store::check(Xapian::Database& xdb, const VerifyOptions& options, VerifyReport* report) const {
  auto problem = [&](std::string message) {
    ++report->problem_count;
    if (report->problems.size() < options.max_problems) {
      report->problems.push_back(std::move(message));
    }
  };
  // Runs one part of the check; a Xapian error in it is a problem, except a revision lost to a
  // writer elsewhere, which the caller answers by starting again.
  auto part = [&](const char* what, const std::function<void()>& fn) {
    try {
      fn();
    } catch (const Xapian::DatabaseModifiedError&) {
      throw;
    } catch (const Xapian::Error& e) {
      problem(fmt::format("text index: {}: {}", what, e.get_description()));
    }
  };
  const std::string want_format = std::to_string(layout::kFormatVersion);
  auto* meta = cf(layout::kCfMeta);
  auto get_meta = [&](const char* key) -> std::optional<std::string> {
    std::string v;
    auto st = rocks_->db->Get(rocksdb::ReadOptions(), meta, key, &v);
    if (!st.ok()) {
      problem(fmt::format("profile store: metadata \"{}\": {}", key, st.ToString()));
      return std::nullopt;
    }
    return v;
  };

  // ---- formats and generations ----
  std::optional<std::uint64_t> gx;
  part("metadata", [&] {
    std::string format = xdb.get_metadata(layout::kMetaFormat);
    if (format != want_format) {
      problem(fmt::format("the text index has format version \"{}\"; this mikros reads {}", format,
                          want_format));
    }
    gx = parse_u64(xdb.get_metadata(layout::kMetaGeneration));
    if (!gx) problem("the text index's generation is missing or damaged");
    report->generation = gx.value_or(0);
    report->profiles = xdb.get_doccount();
  });
  if (auto format = get_meta(layout::kMetaFormatKey); format && *format != want_format) {
    problem(fmt::format("the profile store has format version \"{}\"; this mikros reads {}",
                        *format, want_format));
  }
  std::optional<std::uint64_t> gr;
  if (auto applied = get_meta(layout::kMetaAppliedGen)) {
    gr = parse_u64(*applied);
    if (!gr) problem(fmt::format("the profile store's generation \"{}\" is damaged", *applied));
  }
  if (gx && gr && *gx != *gr) {
    problem(
        fmt::format("the text index is at generation {} but the profile store at {}", *gx, *gr));
  }
  std::optional<std::uint64_t> next_pid;
  if (auto text = get_meta(layout::kMetaNextPid)) {
    next_pid = parse_u64(*text);
    if (!next_pid || *next_pid == 0) problem(fmt::format("next_pid \"{}\" is damaged", *text));
  }
  if (auto text = get_meta(layout::kMetaTiers); text && !tiers_from_string(*text)) {
    problem(fmt::format("the tier boundaries \"{}\" are damaged", *text));
  }
  {
    std::unique_ptr<rocksdb::Iterator> it(
        rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(layout::kCfOutbox)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      problem(fmt::format("generation {} is unfinished: its batch is still in the outbox",
                          it->key().size() == 8
                              ? std::to_string(decode_be(it->key().ToStringView()))
                              : std::string("(damaged key)")));
    }
    if (!it->status().ok())
      problem(fmt::format("profile store: outbox: {}", it->status().ToString()));
  }

  // ---- documents, by profile id ----
  std::vector<std::pair<std::uint32_t, std::string>> docs;  // pid, key (document data)
  part("documents", [&] {
    docs.clear();
    for (auto it = xdb.postlist_begin(""); it != xdb.postlist_end(""); ++it) {
      docs.emplace_back(*it, xdb.get_document(*it).get_data());
    }
  });
  auto doc_index = [&](std::uint64_t pid) -> std::optional<std::size_t> {
    auto it = std::lower_bound(docs.begin(), docs.end(), pid,
                               [](const auto& d, std::uint64_t p) { return d.first < p; });
    if (it == docs.end() || it->first != pid) return std::nullopt;
    return static_cast<std::size_t>(it - docs.begin());
  };
  auto name = [&](std::size_t i) {
    return fmt::format("profile {} ({})", docs[i].first, docs[i].second);
  };
  std::uint64_t max_pid = docs.empty() ? 0 : docs.back().first;

  // Key terms: one per document, naming the document's own key.
  part("key terms", [&] {
    std::vector<std::uint8_t> keyed(docs.size(), 0);
    const std::string prefix(layout::kPrefixKey);
    for (auto t = xdb.allterms_begin(prefix); t != xdb.allterms_end(prefix); ++t) {
      std::string term = *t;
      std::string key = term.substr(prefix.size());
      if (t.get_termfreq() != 1) {
        problem(fmt::format("key term {} is on {} documents", term, t.get_termfreq()));
      }
      for (auto p = xdb.postlist_begin(term); p != xdb.postlist_end(term); ++p) {
        auto i = doc_index(*p);
        if (!i) continue;  // cannot happen: every posting is a document
        if (docs[*i].second != key) {
          problem(fmt::format("{} carries the key term of {}", name(*i), key));
        } else {
          keyed[*i] = 1;
        }
      }
    }
    for (std::size_t i = 0; i < docs.size(); ++i) {
      if (!keyed[i]) problem(fmt::format("{} has no key term", name(i)));
    }
  });

  // Stored profiles and facets rows: merge-joined with the documents in pid order.
  auto merge = [&](const char* column_family, const char* what,
                   const std::function<void(std::size_t, std::string_view)>& row) {
    std::unique_ptr<rocksdb::Iterator> it(
        rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(column_family)));
    std::size_t i = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (it->key().size() != 4) {
        problem(fmt::format("a {} key is damaged", what));
        continue;
      }
      std::uint64_t pid = decode_be(it->key().ToStringView());
      max_pid = std::max(max_pid, pid);
      for (; i < docs.size() && docs[i].first < pid; ++i) {
        problem(fmt::format("{} has no {}", name(i), what));
      }
      if (i < docs.size() && docs[i].first == pid) {
        row(i, it->value().ToStringView());
        ++i;
      } else {
        problem(fmt::format("the {} of profile id {} has no document", what, pid));
      }
    }
    if (!it->status().ok()) {
      problem(fmt::format("profile store: {}: {}", column_family, it->status().ToString()));
      return;
    }
    for (; i < docs.size(); ++i) problem(fmt::format("{} has no {}", name(i), what));
  };
  merge(layout::kCfProfiles, "stored profile", [&](std::size_t i, std::string_view json) {
    auto profile = parse_profile(json);
    if (!profile) {
      problem(fmt::format("the stored profile of {} is damaged: {}", name(i),
                          profile.status().message()));
    } else if (profile_key(*profile) != docs[i].second) {
      problem(fmt::format("the stored profile of {} is {}", name(i), profile_key(*profile)));
    }
  });
  merge(layout::kCfFacets, "facets row", [&](std::size_t i, std::string_view bytes) {
    auto facets = decode_facets(bytes);
    if (!facets) {
      problem(fmt::format("the facets row of {} is damaged", name(i)));
    } else if (gr && facets->generation > *gr) {
      problem(fmt::format("the facets row of {} is from generation {}, after the store's {}",
                          name(i), facets->generation, *gr));
    }
  });

  // Handles: each names one document, whose key it is; each document has one.
  {
    std::vector<std::uint8_t> handled(docs.size(), 0);
    std::unique_ptr<rocksdb::Iterator> it(
        rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(layout::kCfHandles)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::string key = it->key().ToString();
      if (it->value().size() != 4) {
        problem(fmt::format("the handle entry of {} is damaged", key));
        continue;
      }
      std::uint64_t pid = decode_be(it->value().ToStringView());
      max_pid = std::max(max_pid, pid);
      auto i = doc_index(pid);
      if (!i) {
        problem(fmt::format("handle {} points at profile id {}, which has no document", key, pid));
      } else if (docs[*i].second != key) {
        problem(fmt::format("handle {} points at {}", key, name(*i)));
      } else {
        handled[*i] = 1;
      }
    }
    if (!it->status().ok()) {
      problem(fmt::format("profile store: handles: {}", it->status().ToString()));
    } else {
      for (std::size_t i = 0; i < docs.size(); ++i) {
        if (!handled[i]) problem(fmt::format("{} has no handle entry", name(i)));
      }
    }
  }
  if (next_pid && *next_pid <= max_pid) {
    problem(fmt::format("next_pid {} is not above the largest profile id {}: ids would be reused",
                        *next_pid, max_pid));
  }

  // Deep: every document equals the one its stored profile and facets build.
  if (options.deep) {
    part("documents against stored profiles", [&] {
      std::shared_ptr<const analysis::CorpusWords> corpus;
      if (xdb.get_doccount() >= kCorpusWordsMinDocs) corpus = doc::corpus_words(xdb);
      std::unique_ptr<rocksdb::Iterator> p(
          rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(layout::kCfProfiles)));
      std::unique_ptr<rocksdb::Iterator> f(
          rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(layout::kCfFacets)));
      p->SeekToFirst();
      f->SeekToFirst();
      for (; p->Valid() && f->Valid();) {
        int order = p->key().compare(f->key());
        if (order < 0) {
          p->Next();
          continue;
        }
        if (order > 0) {
          f->Next();
          continue;
        }
        std::uint64_t pid = decode_be(p->key().ToStringView());
        auto i = doc_index(pid);
        auto profile = parse_profile(p->value().ToStringView());
        auto facets = decode_facets(f->value().ToStringView());
        if (i && profile && facets && p->key().size() == 4) {
          Xapian::Document indexed = xdb.get_document(static_cast<Xapian::docid>(pid));
          std::string diff = document_difference(doc::build_document(*profile, *facets), indexed);
          // Hashtag segmentation also weighs the index's own words once it is large enough
          // (refresh_corpus_words), so a profile may have been indexed with them: it matches
          // if it matches either way.
          if (!diff.empty() && corpus) {
            if (document_difference(doc::build_document(*profile, *facets, corpus.get()), indexed)
                    .empty()) {
              diff.clear();
            }
          }
          if (!diff.empty()) {
            problem(fmt::format("the text document of {} does not match its stored profile: {}",
                                name(*i), diff));
          }
        }
        p->Next();
        f->Next();
      }
    });
  }

  // ---- table structure ----
  // Every entry of every table is read once, and Xapian checks each block it reads (its own
  // Database::check is not used: in 1.4.22 it deletes an object through the wrong type, which
  // AddressSanitizer rightly reports).
  part("reading every table", [&] {
    for (auto t = xdb.allterms_begin(); t != xdb.allterms_end(); ++t) {
      for (auto p = xdb.postlist_begin(*t); p != xdb.postlist_end(*t); ++p) (void)p.get_wdf();
    }
    for (const auto& [pid, key] : docs) {
      (void)xdb.get_doclength(pid);
      Xapian::Document d = xdb.get_document(pid);
      for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) (void)*p;
      }
      for (auto v = d.values_begin(); v != d.values_end(); ++v) (void)*v;
    }
    for (auto k = xdb.metadata_keys_begin(); k != xdb.metadata_keys_end(); ++k) {
      (void)xdb.get_metadata(*k);
    }
  });
  if (auto st = rocks_->db->VerifyChecksum(); !st.ok() && !st.IsNotSupported()) {
    problem(fmt::format("profile store: {}", st.ToString()));
  }
}

Status Store::verify(const VerifyOptions& options, VerifyReport* report,
                     const WriterProbe& writer_running) const {
  const std::string path = xapian_path();
  report->replayed = replayed_;
  if (mode_ == Mode::kWrite) {
    MutexLock lock(write_mu_);  // no commit until the check is done
    try {
      Xapian::Database xdb(path);
      check(xdb, options, report);
    } catch (const Xapian::Error& e) {
      ++report->problem_count;
      report->problems.push_back(fmt::format("text index: {}", e.get_description()));
    }
    return Status::ok();
  }
  // Read-only: the secondary's view moves only under catch_up_mu_, so holding it pins the
  // RocksDB side; the Xapian snapshot is pinned by the Database object. The pair is checked
  // when it is one generation with no batch in flight.
  std::string pending;
  for (int attempt = 0; attempt < kQuietAttempts; ++attempt) {
    if (attempt) std::this_thread::sleep_for(kQuietPause);
    MutexLock lock(catch_up_mu_);
    if (auto st = rocks_->db->TryCatchUpWithPrimary(); !st.ok()) return rocks_status(st, dir_);
    std::string applied;
    auto st = rocks_->db->Get(rocksdb::ReadOptions(), cf(layout::kCfMeta), layout::kMetaAppliedGen,
                              &applied);
    if (!st.ok()) return rocks_status(st, dir_);
    std::uint64_t gr = parse_u64(applied).value_or(UINT64_MAX);
    rocks_generation_ = std::max(rocks_generation_, gr == UINT64_MAX ? 0 : gr);
    std::unique_ptr<rocksdb::Iterator> outbox(
        rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(layout::kCfOutbox)));
    outbox->SeekToFirst();
    bool in_flight = outbox->Valid();
    VerifyReport attempt_report = *report;
    try {
      Xapian::Database xdb(path);
      std::uint64_t gx = parse_u64(xdb.get_metadata(layout::kMetaGeneration)).value_or(0);
      // With no writer to finish it, a state between batches is what there is to check.
      bool settled = writer_running && !writer_running();
      if ((in_flight || gx != gr) && !settled) {
        pending = fmt::format("text index at generation {}, profile store at {}{}", gx, applied,
                              in_flight ? ", a batch in the outbox" : "");
        continue;
      }
      check(xdb, options, &attempt_report);
    } catch (const Xapian::DatabaseModifiedError&) {
      continue;  // the writer committed twice meanwhile: start again
    } catch (const Xapian::Error& e) {
      return xapian_status(e, dir_);
    }
    *report = std::move(attempt_report);
    return Status::ok();
  }
  return Status::busy(fmt::format(
      "{}: the writer was never between two batches while verify waited ({}); stop it or verify "
      "through the writer",
      dir_, pending));
}

namespace {

// Copies every row of `from_cf` in `from` into `to_cf` of `to`, in write batches of about
// 4 MiB. `from_dir` and `to_dir` name the stores in errors.
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

}  // namespace

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
  return copy_to(dest, generation, writer_running, Xapian::DBCOMPACT_NO_RENUMBER);
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

std::uint32_t Store::next_pid() const {
  MutexLock lock(write_mu_);
  return next_pid_;
}

Status Store::absorb(Store& part, std::uint32_t part_first_pid, std::uint64_t* duplicates,
                     std::uint64_t* duplicates_unchanged) {
  *duplicates = 0;
  *duplicates_unchanged = 0;
  if (mode_ != Mode::kWrite || part.mode_ != Mode::kWrite || &part == this) {
    return Status::invalid_argument("absorb: two distinct writable stores are needed");
  }
  if (part_first_pid < next_pid()) {
    return Status::internal(fmt::format("absorb: {} starts at profile id {}, below {}'s next id {}",
                                        part.dir_, part_first_pid, dir_, next_pid()));
  }

  // 1. Profiles in both: the part's version wins, so this index's copy goes, in a generation
  // of its own (through the ordinary protocol).
  std::vector<Change> removals;
  {
    std::unique_ptr<rocksdb::Iterator> it(
        part.rocks_->db->NewIterator(rocksdb::ReadOptions(), part.cf(layout::kCfHandles)));
    std::string pid_here, json_here, json_there;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      auto st =
          rocks_->db->Get(rocksdb::ReadOptions(), cf(layout::kCfHandles), it->key(), &pid_here);
      if (st.IsNotFound()) continue;
      if (!st.ok()) return rocks_status(st, dir_);
      ++*duplicates;
      auto a =
          rocks_->db->Get(rocksdb::ReadOptions(), cf(layout::kCfProfiles), pid_here, &json_here);
      auto b = part.rocks_->db->Get(rocksdb::ReadOptions(), part.cf(layout::kCfProfiles),
                                    it->value(), &json_there);
      if (a.ok() && b.ok() && json_here == json_there) ++*duplicates_unchanged;
      Change c;
      c.kind = Change::Kind::kDelete;
      c.key = it->key().ToString();
      removals.push_back(std::move(c));
    }
    if (!it->status().ok()) return rocks_status(it->status(), part.dir_);
  }
  if (!removals.empty()) {
    CommitStats stats;
    if (Status st = commit(removals, &stats); !st) return st;
  }
  fault::point("absorb-after-removals");

  MutexLock lock(write_mu_);
  MutexLock part_lock(part.write_mu_);
  if (needs_recovery_ || part.needs_recovery_) {
    return Status::busy("absorb: a batch that failed to commit is pending");
  }
  // From here on a failure leaves this index with some of the part's rows, or without its
  // text index: it refuses commits and publishing from then on (the rebuild is to be dropped).
  Status st = merge_part(part);
  if (!st) {
    merge_failure_ = fmt::format(
        "{}: merging the two halves of a parallel load failed ({}); this index is incomplete "
        "and must be dropped",
        dir_, st.message());
  }
  return st;
}

Status Store::merge_part(Store& part) {
  const std::uint64_t gen = generation_ + 1;

  // 2. The part's rows, unsynced: the index is nobody's until it is published, and publishing
  // flushes and fsyncs everything (sync_to_disk).
  rocksdb::WriteOptions unsynced;
  unsynced.disableWAL = true;
  for (const char* name : {layout::kCfProfiles, layout::kCfFacets, layout::kCfHandles}) {
    if (Status st = copy_rows(part.rocks_->db, part.cf(name), rocks_->db, cf(name), unsynced,
                              part.dir_, dir_);
        !st) {
      return st;
    }
  }
  rocksdb::FlushOptions flush;
  flush.wait = true;
  if (auto f = rocks_->db->Flush(flush, rocks_->handles); !f.ok()) return rocks_status(f, dir_);
  fault::point("absorb-after-rows");

  // 3. The text indexes, merged by compaction: the part's document ids are all above this
  // index's, so no renumbering is needed (Xapian refuses interleaved ranges).
  const std::string merged = xapian_path() + ".merged";
  const std::string retired = xapian_path() + ".retired";
  std::error_code ec;
  try {
    writer_->close();
    writer_.reset();
    part.writer_->close();
    part.writer_.reset();
    fs::remove_all(merged, ec);
    Xapian::Database both(xapian_path());
    both.add_database(Xapian::Database(part.xapian_path()));
    both.compact(merged, Xapian::DBCOMPACT_NO_RENUMBER);
  } catch (const Xapian::Error& e) {
    return xapian_status(e, fmt::format("{}: merging {}", dir_, part.dir_));
  }
  fs::rename(xapian_path(), retired, ec);
  if (!ec) {
    fs::rename(merged, xapian_path(), ec);
    std::error_code back;
    if (ec) fs::rename(retired, xapian_path(), back);
  }
  if (ec) {
    return Status::io_error(fmt::format("{}: replacing the text index: {}", dir_, ec.message()));
  }
  fault::point("absorb-after-merge");
  fs::remove_all(retired, ec);
  try {
    writer_ = std::make_unique<Xapian::WritableDatabase>(xapian_path(), Xapian::DB_OPEN);
    writer_->set_metadata(layout::kMetaGeneration, std::to_string(gen));
    writer_->commit();
  } catch (const Xapian::Error& e) {
    return xapian_status(e, fmt::format("{}: reopening the merged text index", dir_));
  }

  // 4. The generation and the next id, as a commit's step 3 writes them.
  std::uint32_t next = std::max(next_pid_, part.next_pid_);
  rocksdb::WriteBatch meta;
  meta.Put(cf(layout::kCfMeta), layout::kMetaNextPid, std::to_string(next));
  meta.Put(cf(layout::kCfMeta), layout::kMetaAppliedGen, std::to_string(gen));
  rocksdb::WriteOptions sync;
  sync.sync = true;
  if (auto w = rocks_->db->Write(sync, &meta); !w.ok()) return rocks_status(w, dir_);
  next_pid_ = next;
  generation_ = gen;
  {
    MutexLock columns_lock(columns_mu_);
    columns_.reset();  // rescanned on first use
  }
  {
    MutexLock pool_lock(pool_mu_);
    idle_readers_.clear();  // they read the replaced text index
  }
  try {
    corpus_words_.reset();
    refresh_corpus_words();
  } catch (const Xapian::Error& e) {
    return xapian_status(e, fmt::format("{}: reading the merged index's words", dir_));
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
    bool done = false;
    for (int attempt = 0; attempt < kQuietAttempts && !done; ++attempt) {
      if (attempt) std::this_thread::sleep_for(kQuietPause);
      MutexLock lock(catch_up_mu_);
      if (auto st = rocks_->db->TryCatchUpWithPrimary(); !st.ok()) {
        return fail(rocks_status(st, dir_));
      }
      std::string applied;
      if (auto st = rocks_->db->Get(rocksdb::ReadOptions(), cf(layout::kCfMeta),
                                    layout::kMetaAppliedGen, &applied);
          !st.ok()) {
        return fail(rocks_status(st, dir_));
      }
      std::unique_ptr<rocksdb::Iterator> outbox(
          rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(layout::kCfOutbox)));
      outbox->SeekToFirst();
      auto unfinished = [&] {
        return fail(Status::busy(fmt::format(
            "{}: an interrupted batch is unfinished and no writer is running to complete it; "
            "open the database writable once (e.g. `mikros verify`), then back it up",
            dir_)));
      };
      if (outbox->Valid()) {
        if (writer_running && !writer_running()) return unfinished();
        continue;
      }
      try {
        Xapian::Database xdb(xapian_src);
        std::uint64_t gx = parse_u64(xdb.get_metadata(layout::kMetaGeneration)).value_or(0);
        if (parse_u64(applied) != gx) {
          if (writer_running && !writer_running()) return unfinished();
          continue;
        }
        fs::remove_all(xapian_dest, ec);
        xdb.compact(xapian_dest, xapian_flags);
        *generation = gx;
      } catch (const Xapian::DatabaseModifiedError&) {
        continue;
      } catch (const Xapian::Error& e) {
        return fail(xapian_status(e, fmt::format("{}: copying the text index", dest)));
      }
      if (Status st = copy_rocks(rocks_dest); !st) return fail(st);
      done = true;
    }
    if (!done) {
      return fail(Status::busy(
          fmt::format("{}: the writer was never between two batches while backup waited", dir_)));
    }
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
