#include "store.h"

#include <fmt/format.h>
#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>
#include <unistd.h>

#include <filesystem>
#include <unordered_map>

#include "document.h"
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
  if (type == "DatabaseCorruptError" || type == "DatabaseOpeningError") {
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
  // Close the writer first so its lock is released even if RocksDB's close is slow.
  if (writer_) {
    try {
      writer_->close();
    } catch (const Xapian::Error&) {
      // Nothing to do: a failed close leaves the last commit intact.
    }
  }
  writer_.reset();
  rocks_.reset();
  if (!secondary_dir_.empty()) {
    std::error_code ec;
    fs::remove_all(secondary_dir_, ec);
  }
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
  if (!create && !fs::exists(fs::path(dir) / "xapian")) {
    return Status::not_found(fmt::format("{}: no index here", dir));
  }
  if (create) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Status::io_error(fmt::format("{}: {}", dir, ec.message()));
  }
  // Lock order: Xapian's write lock first, then RocksDB's (notes §2.3).
  if (Status st = s->open_xapian(create); !st) return st;
  if (Status st = s->open_rocks(params); !st) return st;
  if (Status st = s->initialise_or_check(); !st) return st;
  if (params.mode == Mode::kWrite) {
    if (Status st = s->recover(); !st) return st;
  }
  return s;
}

Status Store::open_xapian(bool create) {
  std::string path = (fs::path(dir_) / "xapian").string();
  try {
    if (mode_ == Mode::kWrite) {
      writer_ = std::make_unique<Xapian::WritableDatabase>(
          path, create ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN);
    } else {
      // Opened once here to check the format; searches lease their own handles.
      auto db = std::make_unique<Xapian::Database>(path);
      std::lock_guard lock(pool_mu_);
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
  cf_options.compression = rocksdb::kLZ4Compression;

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
    st = rocksdb::DB::Open(db_options, path, cfs, &rocks_->handles, &rocks_->db);
  } else {
    char tmpl[] = "/tmp/mikros-secondary-XXXXXX";
    if (!mkdtemp(tmpl)) return Status::io_error("cannot create a temporary directory");
    secondary_dir_ = tmpl;
    st = rocksdb::DB::OpenAsSecondary(db_options, path, secondary_dir_, cfs, &rocks_->handles,
                                      &rocks_->db);
  }
  if (!st.ok()) {
    rocks_->db = nullptr;
    rocks_->handles.clear();
    return rocks_status(st, path);
  }
  return Status::ok();
}

std::uint64_t Store::xapian_generation() const {
  std::string g = writer_->get_metadata(layout::kMetaGeneration);
  return parse_u64(g).value_or(0);
}

Status Store::initialise_or_check() {
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
      std::lock_guard lock(pool_mu_);
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
      writer_->set_metadata(layout::kMetaGeneration, "0");
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
    if (xapian_generation() != 0) {
      return Status::corruption(
          fmt::format("{}: the profile store is missing its metadata but the text index has "
                      "commits; restore from a backup or rebuild with `mikros reindex`",
                      dir_));
    }
    rocksdb::WriteBatch b;
    b.Put(meta, layout::kMetaFormatKey, want_format);
    b.Put(meta, layout::kMetaTiers, tiers_to_string(tiers_));
    b.Put(meta, layout::kMetaNextPid, "1");
    b.Put(meta, layout::kMetaAppliedGen, "0");
    rocksdb::WriteOptions wo;
    wo.sync = true;
    if (auto st = rocks_->db->Write(wo, &b); !st.ok()) return rocks_status(st, dir_);
    rocks_format = want_format;
    tiers_text = tiers_to_string(tiers_);
    next_pid = "1";
    applied = "0";
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
  rocks_generation_ = *applied_gen;
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
  std::lock_guard lock(write_mu_);
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

  const std::uint64_t gen = generation_ + 1;
  std::uint32_t next_pid = next_pid_;
  std::vector<OutboxOp> ops;
  std::vector<const Profile*> profiles;
  std::vector<std::tuple<Change::Kind, std::uint32_t, std::string>> outbox;
  rocksdb::WriteBatch intent;
  auto* profiles_cf = cf(layout::kCfProfiles);
  for (std::size_t j = 0; j < order.size(); ++j) {
    Change& c = changes[order[j]];
    std::optional<std::uint32_t> existing;
    if (statuses[j].ok()) {
      if (values[j].size() != 4) {
        return Status::corruption(fmt::format("{}: damaged handle entry for {}", dir_, c.key));
      }
      existing = static_cast<std::uint32_t>(decode_be(values[j].ToStringView()));
    } else if (!statuses[j].IsNotFound()) {
      return rocks_status(statuses[j], dir_);
    }
    if (c.kind == Change::Kind::kUpsert) {
      std::uint32_t pid = existing ? *existing : next_pid++;
      if (next_pid == 0) return Status::limit_exceeded("profile ids exhausted (2^32)");
      if (!existing) {
        intent.Put(handles, c.key, encode_be32(pid));
        ++stats->inserted;
      } else {
        ++stats->replaced;
      }
      intent.Put(profiles_cf, encode_be32(pid), to_json(c.profile));
      ops.push_back({c.kind, pid, c.key});
      profiles.push_back(&c.profile);
    } else {
      if (!existing) {
        ++stats->missing;
        continue;
      }
      intent.Delete(handles, c.key);
      intent.Delete(profiles_cf, encode_be32(*existing));
      ops.push_back({c.kind, *existing, c.key});
      profiles.push_back(nullptr);
      ++stats->deleted;
    }
  }
  for (const auto& op : ops) outbox.emplace_back(op.kind, op.pid, op.key);
  intent.Put(cf(layout::kCfMeta), layout::kMetaNextPid, std::to_string(next_pid));
  intent.Put(cf(layout::kCfOutbox), encode_be64(gen), encode_outbox(outbox));

  // Step 1: the durable intent.
  rocksdb::WriteOptions sync;
  sync.sync = true;
  if (auto st = rocks_->db->Write(sync, &intent); !st.ok()) return rocks_status(st, dir_);
  next_pid_ = next_pid;

  // Steps 2 and 3. A failure here leaves outbox[gen] for the next commit or open to finish.
  std::vector<FacetRecord> facets = derive_all(ops, profiles, gen);
  if (Status st = apply_xapian(gen, ops, profiles, facets); !st) {
    needs_recovery_ = true;
    return st;
  }
  if (Status st = apply_rocks(gen, ops, facets); !st) {
    needs_recovery_ = true;
    return st;
  }
  generation_ = gen;
  stats->generation = gen;
  update_columns(ops, facets, gen);
  return Status::ok();
}

void Store::update_columns(const std::vector<OutboxOp>& ops, const std::vector<FacetRecord>& facets,
                           std::uint64_t gen) {
  std::lock_guard lock(columns_mu_);
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
    std::lock_guard lock(catch_up_mu_);
    want = rocks_generation_;
  } else {
    want = generation_;
  }
  std::lock_guard lock(columns_mu_);
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
    writer_->begin_transaction(true);
    try {
      for (std::size_t i = 0; i < ops.size(); ++i) {
        if (ops[i].kind == Change::Kind::kUpsert) {
          writer_->replace_document(
              ops[i].pid, doc::build_document(*profiles[i], facets[i], corpus_words_.get()));
        } else {
          writer_->delete_document(doc::key_term(ops[i].key));
        }
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
  constexpr Xapian::doccount kCorpusWordsMinDocs = 1000;
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
      writer_->close();
      writer_ = std::make_unique<Xapian::WritableDatabase>((fs::path(dir_) / "xapian").string(),
                                                           Xapian::DB_OPEN);
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
    auto jsons = profiles_json(pids);
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
    }
    if (Status st = apply_rocks(g, ops, facets); !st) return st;
    update_columns(ops, facets, g);
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
    std::lock_guard lock(store_->pool_mu_);
    store_->idle_readers_.push_back(std::move(db_));
  }
}

void Store::Reader::reopen() {
  db_->reopen();
}

Result<Store::Reader> Store::reader() const {
  std::unique_ptr<Xapian::Database> db;
  {
    std::lock_guard lock(pool_mu_);
    if (!idle_readers_.empty()) {
      db = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    }
  }
  bool changed = false;
  try {
    if (!db) {
      db = std::make_unique<Xapian::Database>((fs::path(dir_) / "xapian").string());
      changed = true;
    } else {
      changed = db->reopen();
    }
    if (changed && mode_ == Mode::kRead) {
      std::uint64_t g = parse_u64(db->get_metadata(layout::kMetaGeneration)).value_or(0);
      if (g > generation_) generation_ = g;
      if (Status st = catch_up(g); !st) return st;
    }
  } catch (const Xapian::Error& e) {
    return xapian_status(e, dir_);
  }
  return Reader(shared_from_this(), std::move(db));
}

Status Store::catch_up(std::uint64_t gen) const {
  if (mode_ != Mode::kRead) return Status::ok();
  std::lock_guard lock(catch_up_mu_);
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
  std::vector<std::string> key_bytes;
  key_bytes.reserve(pids.size());
  for (auto pid : pids) key_bytes.push_back(encode_be32(pid));
  std::vector<rocksdb::Slice> keys(key_bytes.begin(), key_bytes.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  rocks_->db->MultiGet(rocksdb::ReadOptions(), cf(layout::kCfProfiles), keys.size(), keys.data(),
                       values.data(), statuses.data());
  std::vector<std::optional<std::string>> out(pids.size());
  for (std::size_t i = 0; i < pids.size(); ++i) {
    if (statuses[i].ok()) out[i] = values[i].ToString();
  }
  return out;
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

}  // namespace mikros::store
