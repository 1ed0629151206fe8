// Store: the commit protocol (store.h): the durable intent, the Xapian transaction, the
// RocksDB apply; and making a rebuilt index durable before it is published.
#include <fmt/format.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <unordered_map>

#include "analysis/document.h"
#include "analysis/segmenter.h"
#include "analysis/vocabulary.h"
#include "analytics/derive_facets.h"
#include "storage/build_ahead.h"
#include "storage/layout.h"
#include "storage/outbox.h"
#include "storage/rocks.h"
#include "storage/store.h"
#include "util/fault.h"
#include "util/text_util.h"

namespace mikros::store {

// What a batch finds in the store before it writes: the last change of each key (in the order
// of those last changes), each key's profile id when it has one, the JSON each upsert would
// store, and whether that JSON is already stored (then the upsert changes nothing).
struct Store::Resolved {
  std::vector<std::size_t> order;  // indexes into the changes
  std::vector<std::optional<std::uint32_t>> existing;
  std::vector<std::string> jsons;
  std::vector<bool> unchanged;
};

Status Store::resolve(const std::vector<Change>& changes, bool rebuild, Resolved* r) const {
  std::unordered_map<std::string_view, std::size_t> last;
  for (std::size_t i = 0; i < changes.size(); ++i) last[changes[i].key] = i;
  r->order.reserve(last.size());
  for (std::size_t i = 0; i < changes.size(); ++i) {
    if (last[changes[i].key] == i) r->order.push_back(i);
  }
  const std::size_t n = r->order.size();
  // The pids, in one MultiGet over the handles column family.
  std::vector<rocksdb::Slice> keys;
  keys.reserve(n);
  for (std::size_t i : r->order) keys.emplace_back(changes[i].key);
  std::vector<rocksdb::PinnableSlice> values(n);
  std::vector<rocksdb::Status> statuses(n);
  rocks_->db->MultiGet(rocksdb::ReadOptions(), cf(layout::kCfHandles), n, keys.data(),
                       values.data(), statuses.data());
  r->existing.assign(n, std::nullopt);
  r->jsons.assign(n, std::string());
  std::vector<std::uint32_t> compare_pids;
  std::vector<std::size_t> compare_at;
  for (std::size_t j = 0; j < n; ++j) {
    const Change& c = changes[r->order[j]];
    if (statuses[j].ok()) {
      if (values[j].size() != 4) {
        return Status::corruption(fmt::format("{}: damaged handle entry for {}", dir_, c.key));
      }
      r->existing[j] = static_cast<std::uint32_t>(decode_be(values[j].ToStringView()));
    } else if (!statuses[j].IsNotFound()) {
      return rocks_status(statuses[j], dir_);
    }
    if (c.kind == Change::Kind::kUpsert) {
      r->jsons[j] = to_json(c.profile);
      if (r->existing[j]) {
        compare_pids.push_back(*r->existing[j]);
        compare_at.push_back(j);
      }
    }
  }
  r->unchanged.assign(n, false);
  if (compare_pids.empty() || rebuild) return Status::ok();
  std::vector<std::optional<std::string>> stored;
  if (Status st = read_profiles(compare_pids, &stored); !st) return st;
  for (std::size_t k = 0; k < compare_at.size(); ++k) {
    r->unchanged[compare_at[k]] = stored[k] && *stored[k] == r->jsons[compare_at[k]];
  }
  return Status::ok();
}

Status Store::write_intent(std::vector<Change>& changes, const Resolved& r, std::uint64_t gen,
                           std::vector<OutboxOp>* ops, std::vector<const Profile*>* profiles,
                           CommitStats* stats) {
  std::uint32_t next_pid = next_pid_;
  rocksdb::WriteBatch intent;
  auto* handles = cf(layout::kCfHandles);
  auto* profiles_cf = cf(layout::kCfProfiles);
  for (std::size_t j = 0; j < r.order.size(); ++j) {
    Change& c = changes[r.order[j]];
    const auto& existing = r.existing[j];
    if (c.kind == Change::Kind::kUpsert) {
      if (r.unchanged[j]) {
        ++stats->unchanged;
        continue;
      }
      std::uint32_t pid = existing ? *existing : next_pid++;
      if (next_pid == 0) return Status::limit_exceeded("profile ids exhausted (2^32)");
      if (!existing) {
        intent.Put(handles, c.key, encode_be32(pid));
        ++stats->inserted;
      } else {
        ++stats->replaced;
      }
      intent.Put(profiles_cf, encode_be32(pid), r.jsons[j]);
      ops->push_back({c.kind, pid, c.key});
      profiles->push_back(&c.profile);
    } else {
      if (!existing) {
        ++stats->missing;
        continue;
      }
      intent.Delete(handles, c.key);
      intent.Delete(profiles_cf, encode_be32(*existing));
      ops->push_back({c.kind, *existing, c.key});
      profiles->push_back(nullptr);
      ++stats->deleted;
    }
  }
  if (ops->empty()) return Status::ok();  // nothing to change: no generation
  intent.Put(cf(layout::kCfMeta), layout::kMetaNextPid, std::to_string(next_pid));
  intent.Put(cf(layout::kCfOutbox), encode_be64(gen), encode_outbox(*ops));
  rocksdb::WriteOptions sync;
  sync.sync = true;
  if (auto st = rocks_->db->Write(sync, &intent); !st.ok()) return rocks_status(st, dir_);
  next_pid_ = next_pid;
  return Status::ok();
}

Status Store::commit(std::vector<Change>& changes, CommitStats* stats, bool rebuild) {
  if (mode_ != Mode::kWrite) return Status::invalid_argument("database opened read-only");
  MutexLock lock(write_mu_);
  if (!merge_failure_.empty()) return Status::io_error(merge_failure_);
  if (needs_recovery_) {
    if (Status st = recover(); !st) return st;
  }
  CommitStats local;
  if (!stats) stats = &local;
  *stats = CommitStats{};
  stats->generation = generation_;
  if (changes.empty()) return Status::ok();
  Resolved resolved;
  if (Status st = resolve(changes, rebuild, &resolved); !st) return st;

  // Step 1: the durable intent.
  const std::uint64_t gen = generation_ + 1;
  std::vector<OutboxOp> ops;
  std::vector<const Profile*> profiles;
  if (Status st = write_intent(changes, resolved, gen, &ops, &profiles, stats); !st) return st;
  if (ops.empty()) return Status::ok();

  // Steps 2 and 3. A failure here leaves outbox[gen] for the next commit or open to finish:
  // recovery reopens the text index at its last commit and replays the batch from the outbox,
  // so neither the generation nor the outbox slot is used twice.
  try {
    fault::point("commit-after-intent");
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
  } catch (const std::exception& e) {
    // Not the stores' errors (those are Statuses by now): an allocation that failed, a bug. The
    // text index may hold an open transaction; dropping the handle cancels it. The columns may
    // have missed the batch: they are read again on next use.
    drop_writer();
    MutexLock columns_lock(columns_mu_);
    columns_.reset();
    return Status::internal(fmt::format("{}: writing generation {}: {}", dir_, gen, e.what()));
  }
  return Status::ok();
}

void Store::drop_writer() {
  // Destroyed, never close()d: close() commits what is pending and can throw, keeping
  // Xapian's write lock. The destructor cancels an open transaction and never throws.
  writer_.reset();
  needs_recovery_ = true;
}

void Store::update_columns(const std::vector<OutboxOp>& ops, const std::vector<FacetRecord>& facets,
                           std::uint64_t gen) {
  MutexLock lock(columns_mu_);
  if (!columns_) return;  // not loaded: the next columns() call scans the new state
  columns_ = columns_->with_changes(column_changes(ops, facets), gen);
}

std::vector<FacetRecord> Store::derive_all(const std::vector<OutboxOp>& ops,
                                           const std::vector<const Profile*>& profiles,
                                           std::uint64_t gen) const {
  std::vector<FacetRecord> facets(ops.size());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].kind != Change::Kind::kUpsert) continue;
    facets[i] = derive_facets(*profiles[i], tiers_, gen);
    facets[i].city_key = vocab::city_key(profiles[i]->city);  // as the city term folds it
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
    bool committing = false;
    try {
      for (std::size_t i = 0; i < ops.size(); ++i) {
        Xapian::Document doc = build_ahead_->take(i);
        if (ops[i].kind == Change::Kind::kUpsert) {
          writer_->replace_document(ops[i].pid, doc);
        } else {
          writer_->delete_document(vocab::key_term(ops[i].key));
        }
        if (i == ops.size() / 2) fault::point("xapian-mid-transaction");
      }
      writer_->set_metadata(layout::kMetaGeneration, std::to_string(gen));
      committing = true;
      writer_->commit_transaction();
    } catch (const Xapian::Error&) {
      // A failed commit_transaction() has already ended the transaction (cancelling it then
      // throws); before it, cancelling discards the batch's changes so that destroying the
      // handle below cannot commit them.
      if (!committing) {
        try {
          writer_->cancel_transaction();
        } catch (const Xapian::Error&) {
          // The handle is dropped below either way.
        }
      }
      throw;
    }
  } catch (const Xapian::Error& e) {
    // After a failed write Xapian may have closed the handle, or kept it at an older
    // revision: recovery opens a new one at the last commit.
    drop_writer();
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

std::uint32_t Store::next_pid() const {
  MutexLock lock(write_mu_);
  return next_pid_;
}

}  // namespace mikros::store
