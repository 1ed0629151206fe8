// Store: absorb(), merging the second half of a two-writer bulk load into the first.
#include <fmt/format.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <filesystem>

#include "storage/layout.h"
#include "storage/rocks.h"
#include "storage/store.h"
#include "util/fault.h"

namespace mikros::store {

namespace fs = std::filesystem;

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
    // Both writers are between commits: destroying them releases their locks and cannot throw
    // (close() can, keeping the lock).
    writer_.reset();
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

}  // namespace mikros::store
