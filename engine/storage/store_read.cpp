// Store: reading, for searches and lookups: the pool of Xapian readers, profiles, facets, the
// facet columns, named values, and following a writer in another process.
#include <fmt/format.h>
#include <rocksdb/db.h>

#include <thread>

#include "storage/layout.h"
#include "storage/meta.h"
#include "storage/outbox.h"
#include "storage/rocks.h"
#include "storage/store.h"
#include "util/text_util.h"

namespace mikros::store {

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
        // A damaged generation is an error at once: taken for 0, searches would wait for a
        // settled state that never comes.
        auto checked = checked_text_generation(*db, dir_);
        if (!checked) return checked.status();
        std::uint64_t g = *checked;
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

Result<Store::RocksProgress> Store::rocks_progress() const {
  RocksProgress p;
  std::unique_ptr<rocksdb::Iterator> outbox(
      rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(layout::kCfOutbox)));
  outbox->SeekToFirst();
  p.in_flight = outbox->Valid();
  if (!outbox->status().ok()) return rocks_status(outbox->status(), dir_);
  std::string applied;
  if (auto st = rocks_->db->Get(rocksdb::ReadOptions(), cf(layout::kCfMeta),
                                layout::kMetaAppliedGen, &applied);
      !st.ok()) {
    return rocks_status(st, dir_);
  }
  auto g = parse_u64(applied);
  if (!g) {
    return Status::corruption(
        fmt::format("{}: the profile store's generation \"{}\" is damaged", dir_, applied));
  }
  p.applied = *g;
  return p;
}

Result<std::optional<std::uint64_t>> Store::settled_generation() const {
  std::optional<MutexLock> lock;
  if (mode_ == Mode::kRead) {
    lock.emplace(catch_up_mu_);
    if (auto st = rocks_->db->TryCatchUpWithPrimary(); !st.ok()) return rocks_status(st, dir_);
  }
  auto progress = rocks_progress();
  if (!progress) return progress.status();
  if (progress->in_flight) return std::optional<std::uint64_t>();
  return std::optional<std::uint64_t>(progress->applied);
}

Status Store::catch_up(std::uint64_t gen) const {
  if (mode_ != Mode::kRead) return Status::ok();
  MutexLock lock(catch_up_mu_);
  if (rocks_generation_ >= gen) return Status::ok();
  if (auto st = rocks_->db->TryCatchUpWithPrimary(); !st.ok()) return rocks_status(st, dir_);
  // A damaged generation keeps the one known: searches go on, verify reports it.
  if (auto progress = rocks_progress()) {
    rocks_generation_ = std::max(rocks_generation_, progress->applied);
    // UINT64_MAX asks for the newest state only (brands); any other `gen` is one the text
    // index showed, which the profile store must have.
    if (gen != UINT64_MAX) {
      if (Status st = check_not_behind(gen, *progress); !st) return st;
    }
  }
  return Status::ok();
}

Status Store::at_quiet_moment(const WriterProbe& writer_running, std::string_view what,
                              const MomentFn& fn) const {
  // The secondary's view moves only under catch_up_mu_, so holding it pins the RocksDB side;
  // the Xapian snapshot is pinned by its Database object.
  std::string last;
  for (int attempt = 0; attempt < kQuietAttempts; ++attempt) {
    if (attempt) std::this_thread::sleep_for(kQuietPause);
    MutexLock lock(catch_up_mu_);
    if (auto st = rocks_->db->TryCatchUpWithPrimary(); !st.ok()) return rocks_status(st, dir_);
    auto progress = rocks_progress();
    if (!progress) return progress.status();
    rocks_generation_ = std::max(rocks_generation_, progress->applied);
    try {
      Xapian::Database xdb(xapian_path());
      Moment moment{text_generation(xdb).value_or(0), *progress};
      // With no writer to finish it, a state between batches is what there is.
      if (!moment.settled() && !(writer_running && !writer_running())) {
        last = fmt::format("text index at generation {}, profile store at {}{}",
                           moment.text_generation, moment.rocks.applied,
                           moment.rocks.in_flight ? ", a batch in the outbox" : "");
        continue;
      }
      return fn(xdb, moment);
    } catch (const Xapian::DatabaseModifiedError&) {
      continue;  // the writer committed twice meanwhile: start again
    } catch (const Xapian::Error& e) {
      return xapian_status(e, dir_);
    }
  }
  return Status::busy(
      fmt::format("{}: the writer was never between two batches while {} waited ({}); stop it or "
                  "{} through the writer",
                  dir_, what, last, what));
}

Result<std::optional<std::uint32_t>> Store::pid_for(std::string_view key) const {
  std::string v;
  auto st = rocks_->db->Get(rocksdb::ReadOptions(), cf(layout::kCfHandles), key, &v);
  if (st.IsNotFound()) return std::optional<std::uint32_t>();
  if (!st.ok()) return rocks_status(st, dir_);
  if (v.size() != 4) return Status::corruption(fmt::format("{}: damaged handle entry", dir_));
  return std::optional<std::uint32_t>(static_cast<std::uint32_t>(decode_be(v)));
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

Result<std::shared_ptr<const Columns>> Store::columns_at(std::uint64_t gen) const {
  auto columns = this->columns();
  if (!columns) return columns.status();
  const std::uint64_t have = (*columns)->generation();
  if (have == gen) return columns;
  if (have + 1 != gen) return std::shared_ptr<const Columns>();
  std::string bytes;
  auto st =
      rocks_->db->Get(rocksdb::ReadOptions(), cf(layout::kCfOutbox), encode_be64(gen), &bytes);
  if (st.IsNotFound()) return std::shared_ptr<const Columns>();  // step 3 ran meanwhile
  if (!st.ok()) return rocks_status(st, dir_);
  OutboxBatch batch;
  if (Status loaded = load_outbox_batch(gen, bytes, &batch); !loaded) return loaded;
  return (*columns)->with_changes(column_changes(batch.ops, batch.facets), gen);
}

}  // namespace mikros::store
