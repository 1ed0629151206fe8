// One index directory: a Xapian database (text, filter terms, value slots) and a RocksDB
// database (stored profiles, facets, handles, metadata, outbox), kept consistent by the outbox +
// generation protocol of notes/xapian-icu-rocksdb.md §2.3:
//
//   1. RocksDB, sync: outbox[G] = the batch's (kind, pid, key) list, handles, stored profiles,
//      next_pid.                                                     -- durable intent
//   2. Xapian transaction: replace/delete the documents, metadata gen = G, commit.
//   3. RocksDB: facets rows, applied_gen = G, delete outbox[G].      -- atomic, may be unsynced
//
// Opening for writing replays any outbox entry left by a crash (steps 2 and 3, or 3 alone), so
// the two stores always end at the same generation. Profiles are written in step 1, so replay
// rebuilds the documents from them and the outbox stays small.
#ifndef MIKROS_ENGINE_STORE_H
#define MIKROS_ENGINE_STORE_H

#include <xapian.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "columns.h"
#include "facets.h"
#include "mikros/profile.hpp"
#include "mikros/status.hpp"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace mikros::analysis {
class CorpusWords;
}

namespace mikros::store {

// One change of a batch.
struct Change {
  enum class Kind : std::uint8_t { kUpsert = 1, kDelete = 2 };  // stored in the outbox
  Kind kind = Kind::kUpsert;
  std::string key;  // profile_key()
  Profile profile;  // for kUpsert: validated
};

struct CommitStats {
  std::uint64_t generation = 0;
  std::uint64_t inserted = 0;  // new profiles
  std::uint64_t replaced = 0;  // upserts of existing keys
  std::uint64_t deleted = 0;
  std::uint64_t missing = 0;  // deletes of keys that did not exist
};

// Converts the exception of a Xapian call into a Status; used at every Xapian boundary.
Status xapian_status(const Xapian::Error& e, std::string_view context);

// Thread-safety: commit() serialises writers internally; every other method is safe to call
// concurrently from many threads.
class Store : public std::enable_shared_from_this<Store> {
 public:
  enum class Mode { kWrite, kRead };
  struct OpenParams {
    Mode mode = Mode::kRead;
    bool create = false;   // create an empty index when `dir` holds none (kWrite only)
    TierBoundaries tiers;  // recorded when creating
    std::size_t cache_mb = 32;
  };

  static Result<std::shared_ptr<Store>> open(const std::string& dir, const OpenParams& params);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // ---- writing (Mode::kWrite) ----

  // Applies `changes` as one generation through the protocol above. For several changes of
  // one key, the last wins. On error nothing is acknowledged; a batch whose intent was
  // written is completed by the next commit or open.
  Status commit(std::vector<Change>& changes, CommitStats* stats);

  // ---- reading ----

  // A Xapian database handle leased from a pool, at the newest committed revision.
  class Reader {
   public:
    Reader(Reader&&) noexcept = default;
    Reader& operator=(Reader&&) noexcept = default;
    ~Reader();
    Xapian::Database& db() { return *db_; }
    // Reopens at the newest revision (after a DatabaseModifiedError).
    void reopen();

   private:
    friend class Store;
    Reader(std::shared_ptr<const Store> store, std::unique_ptr<Xapian::Database> db)
        : store_(std::move(store)), db_(std::move(db)) {}
    std::shared_ptr<const Store> store_;
    std::unique_ptr<Xapian::Database> db_;
  };
  Result<Reader> reader() const;

  // Generation of the last commit this handle knows of.
  std::uint64_t generation() const { return generation_.load(); }
  const TierBoundaries& tiers() const { return tiers_; }
  const std::string& dir() const { return dir_; }
  Mode mode() const { return mode_; }

  Result<std::optional<std::uint32_t>> pid_for(std::string_view key) const;
  // Stored profile JSON of each pid (nullopt where none), read in one batch.
  std::vector<std::optional<std::string>> profiles_json(
      const std::vector<std::uint32_t>& pids) const;
  Result<std::optional<FacetRecord>> facets(std::uint32_t pid) const;
  // Calls `fn` for every facets row in pid order. A damaged row is an error.
  Status scan_facets(const std::function<void(std::uint32_t, const FacetRecord&)>& fn) const;

  // Small named values beside the index (brands and the like): get returns nullopt when absent.
  Result<std::optional<std::string>> get_named(const char* column_family,
                                               std::string_view key) const;
  Status put_named(const char* column_family, std::string_view key, std::string_view value);
  Status delete_named(const char* column_family, std::string_view key);
  Status scan_named(const char* column_family,
                    const std::function<void(std::string_view, std::string_view)>& fn) const;

  // Read mode: makes RocksDB follow the writer up to at least the Xapian generation `gen`.
  Status catch_up(std::uint64_t gen) const;

  // The facet columns as of the newest applied generation, loaded on first use (a scan of the
  // facets column family) and kept up to date by commits in this process. Read-only handles
  // reload them when a writer elsewhere has moved on.
  Result<std::shared_ptr<const Columns>> columns() const;

 private:
  struct Rocks;
  struct OutboxOp {
    Change::Kind kind;
    std::uint32_t pid;
    std::string key;
  };

  Store(std::string dir, Mode mode);
  Status open_xapian(bool create);
  Status open_rocks(const OpenParams& params);
  Status initialise_or_check();
  Status recover();
  // Facets of each upsert (empty records for deletes), derived once per batch.
  std::vector<FacetRecord> derive_all(const std::vector<OutboxOp>& ops,
                                      const std::vector<const Profile*>& profiles,
                                      std::uint64_t gen) const;
  Status apply_xapian(std::uint64_t gen, const std::vector<OutboxOp>& ops,
                      const std::vector<const Profile*>& profiles,
                      const std::vector<FacetRecord>& facets);
  Status apply_rocks(std::uint64_t gen, const std::vector<OutboxOp>& ops,
                     const std::vector<FacetRecord>& facets);
  void update_columns(const std::vector<OutboxOp>& ops, const std::vector<FacetRecord>& facets,
                      std::uint64_t gen);
  // Hashtag segmentation also uses the index's own words (segmenter.h CorpusWords): they are
  // read from the index at the first batch with kCorpusWordsMinDocs documents, and again
  // whenever the index has doubled since. Writer only; guarded by write_mu_.
  void refresh_corpus_words();
  rocksdb::ColumnFamilyHandle* cf(const char* name) const;
  std::uint64_t xapian_generation() const;

  const std::string dir_;
  const Mode mode_;
  TierBoundaries tiers_;
  std::unique_ptr<Rocks> rocks_;
  std::string secondary_dir_;  // read mode: RocksDB secondary's private directory

  std::mutex write_mu_;  // serialises commit()
  std::unique_ptr<Xapian::WritableDatabase> writer_;
  std::uint32_t next_pid_ = 1;
  bool needs_recovery_ = false;
  std::shared_ptr<const analysis::CorpusWords> corpus_words_;

  mutable std::atomic<std::uint64_t> generation_{0};  // readers raise it on a newer revision
  mutable std::mutex catch_up_mu_;
  mutable std::uint64_t rocks_generation_ = 0;  // read mode, guarded by catch_up_mu_

  mutable std::mutex columns_mu_;
  mutable std::shared_ptr<const Columns> columns_;  // guarded by columns_mu_; null until used

  mutable std::mutex pool_mu_;
  mutable std::vector<std::unique_ptr<Xapian::Database>> idle_readers_;
};

}  // namespace mikros::store

#endif  // MIKROS_ENGINE_STORE_H
