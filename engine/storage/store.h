// One index directory: a Xapian database (text, filter terms) and a RocksDB
// database (stored profiles, facets, handles, metadata, outbox), kept consistent by the outbox +
// generation protocol (docs/design.md, "The commit protocol"):
//
//   1. RocksDB, sync: outbox[G] = the batch's (kind, pid, key) list, handles, stored profiles,
//      next_pid.                                                     -- durable intent
//   2. Xapian transaction: replace/delete the documents, metadata gen = G, commit.
//   3. RocksDB: facets rows, applied_gen = G, delete outbox[G].      -- atomic, may be unsynced
//
// Opening for writing replays any outbox entry left by a crash (steps 2 and 3, or 3 alone), so
// the two stores always end at the same generation. Profiles are written in step 1, so replay
// rebuilds the documents from them and the outbox stays small.
//
// An upsert whose stored profile is byte-for-byte the one already stored is skipped, and a
// batch with nothing left to do writes no generation: indexing the same batch twice changes
// nothing.
//
// Every open Store holds a shared flock on DIR/INUSE (util/fs_util.h). The database's writer
// removes a retired index directory only when it can lock that file exclusively, so a directory is
// never removed under a handle in any process (database_impl.h).
#ifndef MIKROS_STORAGE_STORE_H
#define MIKROS_STORAGE_STORE_H

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/columns.h"
#include "mikros/database.hpp"
#include "mikros/profile.hpp"
#include "mikros/status.hpp"
#include "model/facets.h"
#include "util/fs_util.h"
#include "util/sync.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace mikros::analysis {
class CorpusWords;
}

namespace mikros::store {

struct OutboxOp;  // outbox.h

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
  std::uint64_t missing = 0;    // deletes of keys that did not exist
  std::uint64_t unchanged = 0;  // upserts identical to the stored profile: skipped
};

// Converts the exception of a Xapian call into a Status; used at every Xapian boundary.
Status xapian_status(const Xapian::Error& e, std::string_view context);

// The store's code is split by job: store_open.cpp (opening, metadata), store_commit.cpp (the
// protocol), store_recover.cpp, store_read.cpp (readers, lookups, columns), store_check.cpp
// (verify), store_copy.cpp (backup, compaction), store_merge.cpp (absorb).
//
// Thread-safety: commit(), verify(), backup_to() and compact_to() serialise with each other
// internally; every method is safe to call concurrently from many threads.
class Store : public std::enable_shared_from_this<Store> {
 public:
  enum class Mode { kWrite, kRead };
  struct OpenParams {
    Mode mode = Mode::kRead;
    bool create = false;   // create an empty index when `dir` holds none (kWrite only)
    TierBoundaries tiers;  // recorded when creating
    std::size_t cache_mb = 32;
    // Generation a created index starts at (its first commit is base_generation + 1), so that
    // generations keep growing across full rebuilds.
    std::uint64_t base_generation = 0;
    // The first profile id a created index hands out: the part of a parallel bulk load
    // (absorb()) takes ids above those of the index it is merged into.
    std::uint32_t first_pid = 1;
    // Compress RocksDB's files below level 0 harder (zstd with dictionaries; store.cpp
    // set_compression): for the handle that compacts the index (Database::compact).
    bool compact_storage = false;
    // The shared lock on DIR/INUSE (lock_in_use); taken by open() when null.
    std::shared_ptr<fsu::FileLock> in_use;
  };

  static Result<std::shared_ptr<Store>> open(const std::string& dir, const OpenParams& params);

  // The RocksDB database and its column families (rocks.h), for the store's own files.
  struct Rocks;
  // Hashtag segmentation weighs the index's own word counts once it holds this many documents
  // (refresh_corpus_words).
  static constexpr unsigned kCorpusWordsMinDocs = 1000;

  // Takes the shared DIR/INUSE lock that every open handle holds. kWrite creates the file;
  // kRead does not, and fails with kNotFound when the directory is missing, being removed or
  // already removed (the caller re-reads CURRENT: a newer index has replaced this one).
  static Result<std::shared_ptr<fsu::FileLock>> lock_in_use(const std::string& dir, Mode mode);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // ---- writing (Mode::kWrite) ----

  // Applies `changes` as one generation through the protocol above. For several changes of
  // one key, the last wins. On error nothing is acknowledged; a batch whose intent was
  // written is completed by the next commit or open. `rebuild`: upserts identical to the stored
  // profile are written too (their documents and facets built again: a format migration).
  Status commit(std::vector<Change>& changes, CommitStats* stats, bool rebuild = false)
      EXCLUDES(write_mu_);

  // Makes everything committed durable on disk, files and directory entries alike (before
  // CURRENT may name a rebuilt index).
  Status sync_to_disk() EXCLUDES(write_mu_);

  // The id the next new profile will get (writable handles).
  std::uint32_t next_pid() const EXCLUDES(write_mu_);

  // Merges `part` into this index as one generation: a store written beside this one by a
  // second writer during a parallel bulk load (Indexer::read_file), every profile id of which
  // is at least `part_first_pid`, itself at least this store's next id. A profile in both
  // ends up as part's version (part holds the later records of the input): this index's copy
  // is deleted first, in a generation of its own. The Xapian databases are merged by
  // compaction without renumbering and the part's RocksDB rows are copied; `part` is closed
  // and may be removed afterwards. `*duplicates` and `*duplicates_unchanged` count the
  // profiles in both, and those of them stored identically.
  // REQUIRES: no one else reads or writes this index (an unpublished rebuild): the text index
  // is replaced in place. On error this index is unusable and must be dropped.
  Status absorb(Store& part, std::uint32_t part_first_pid, std::uint64_t* duplicates,
                std::uint64_t* duplicates_unchanged) EXCLUDES(write_mu_);

  // Number of interrupted batches that opening this handle completed from the outbox.
  std::uint64_t replayed() const { return replayed_; }

  // ---- checking and copying ----

  // Tells a read-only handle whether a writer elsewhere holds the database (and so may finish
  // a batch in flight); null: assume one may.
  using WriterProbe = std::function<bool()>;

  // Checks that the two stores agree (see VerifyReport), on a state between two commits: a
  // writable handle holds the commit lock meanwhile; a read-only one waits for a moment when
  // the writer elsewhere is between batches (kBusy if none comes within a few seconds), or
  // checks the state as it is when no writer is running. Problems found go to `report`; an
  // error Status means the check could not run.
  Status verify(const VerifyOptions& options, VerifyReport* report,
                const WriterProbe& writer_running = nullptr) const EXCLUDES(write_mu_);

  // Writes a consistent copy of this index to `dest` (which must not exist): a Xapian
  // compaction and a RocksDB copy of one generation between batches (a checkpoint under the
  // commit lock for a writable handle; for a read-only one, a copy of the secondary's view
  // when it matches the Xapian snapshot). The copy shares no file with this index (no hard
  // links) and is fsynced. Sets `*generation`.
  Status backup_to(const std::string& dest, std::uint64_t* generation,
                   const WriterProbe& writer_running = nullptr) const EXCLUDES(write_mu_);

  // Writable handles: the same copy with every Xapian table compacted in full, for
  // Database::compact(); the RocksDB files are hard links to this index's until the copy's own
  // compact_rocks() rewrites them.
  Status compact_to(const std::string& dest, std::uint64_t* generation) const EXCLUDES(write_mu_);
  // Rewrites every RocksDB table file into the lower levels (with zstd and dictionaries when
  // opened with compact_storage), dropping overwritten and deleted rows.
  Status compact_rocks() EXCLUDES(write_mu_);

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
  // DIR/xapian, the text index.
  std::string xapian_path() const { return (std::filesystem::path(dir_) / "xapian").string(); }
  Mode mode() const { return mode_; }

  Result<std::optional<std::uint32_t>> pid_for(std::string_view key) const;
  // Stored profile JSON of each pid (nullopt where none), read in one batch; returns the first
  // read error (a damaged or missing table file).
  Status read_profiles(const std::vector<std::uint32_t>& pids,
                       std::vector<std::optional<std::string>>* out) const;
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

  // The generation both stores are at when no batch is in flight (a read-only handle catches
  // up first); nullopt while a writer is between steps 1 and 3 of a batch. A document that has
  // no stored profile at this generation is damage, not a race with the writer.
  Result<std::optional<std::uint64_t>> settled_generation() const;

  // Read mode: makes RocksDB follow the writer up to at least the Xapian generation `gen`
  // (UINT64_MAX: as far as it has written). kCorruption when the profile store stays behind
  // `gen` with no batch in flight (check_not_behind).
  Status catch_up(std::uint64_t gen) const;

  // The facet columns as of the newest applied generation, loaded on first use (a scan of the
  // facets column family) and kept up to date by commits in this process. Read-only handles
  // reload them when a writer elsewhere has moved on.
  Result<std::shared_ptr<const Columns>> columns() const;
  // The facet columns of the text index's generation `gen`: columns() when they are at `gen`;
  // when a batch is between steps 2 and 3 (the text index at `gen`, the profile store one
  // behind with outbox[gen]), columns() with that batch's facets derived from its stored
  // profiles, as recovery would write them. nullptr when neither holds (the caller waits for
  // the stores to move on).
  Result<std::shared_ptr<const Columns>> columns_at(std::uint64_t gen) const;

 private:
  // A read-only verify or backup waits this long for the writer elsewhere to be between
  // batches. Tries are frequent: between two batches of a busy writer there may be only
  // milliseconds.
  static constexpr int kQuietAttempts = 2500;
  static constexpr auto kQuietPause = std::chrono::milliseconds(2);

  Store(std::string dir, Mode mode);
  Status open_xapian(bool create) REQUIRES(write_mu_);
  Status open_rocks(const OpenParams& params);
  // RocksDB's side of the protocol as it stands: the generation its step 3 last applied, and
  // whether a batch is in the outbox (in flight, or left by a crash). Errors: the read's;
  // kCorruption when the generation is damaged.
  struct RocksProgress {
    std::uint64_t applied = 0;
    bool in_flight = false;
  };
  Result<RocksProgress> rocks_progress() const;

  // A moment at which a read-only handle sees both stores.
  struct Moment {
    std::uint64_t text_generation = 0;  // 0 when the text index's is missing or damaged
    RocksProgress rocks;
    // One generation in both, no batch in flight: a consistent state.
    bool settled() const { return !rocks.in_flight && text_generation == rocks.applied; }
  };
  using MomentFn = std::function<Status(Xapian::Database&, const Moment&)>;
  // Read-only handles: calls `fn` once, with a snapshot of the text index and the RocksDB
  // secondary pinned (catch_up_mu_ held), at a settled moment, trying every kQuietPause up to
  // kQuietAttempts times. When `writer_running` says no writer runs, the state cannot change:
  // `fn` gets it at once, settled or not. A DatabaseModifiedError inside `fn` tries again.
  // Errors: kBusy naming `what` when no settled moment came; fn's; the stores' read errors.
  Status at_quiet_moment(const WriterProbe& writer_running, std::string_view what,
                         const MomentFn& fn) const EXCLUDES(catch_up_mu_);

  // RocksDB's meta records as stored (empty where absent).
  struct RocksMeta {
    std::string format, tiers, next_pid, applied;
  };
  Result<RocksMeta> read_rocks_meta() const;
  // Writes the meta records of a new index, with this store's tiers and the text index's
  // generation.
  Status create_rocks_meta(std::uint32_t first_pid, RocksMeta* meta) REQUIRES(write_mu_);
  Status initialise_or_check(std::uint64_t base_generation, std::uint32_t first_pid)
      REQUIRES(write_mu_);
  // kCorruption when the profile store is behind the text index `text_generation` with no
  // batch in flight (it lost acknowledged writes).
  Status check_not_behind(std::uint64_t text_generation, const RocksProgress& progress) const;
  // kCorruption when `xdb` has no positional data although its documents should have some
  // (xapian/position.glass lost): Xapian would answer phrase queries as plain ANDs. Costs
  // nothing when the index has positions.
  Status check_positions(Xapian::Database& xdb) const;
  // Brings an index of an older format to the current one (store_migrate.cpp).
  Status migrate() EXCLUDES(write_mu_);
  // Builds every document and facets record again from its stored profile, in commits of
  // `batch` profiles (the migration to format 4).
  Status rebuild_all(std::size_t batch) EXCLUDES(write_mu_);
  Status recover() REQUIRES(write_mu_);
  // After a failed write to the text index: destroys the writer (recover() opens a new one).
  void drop_writer() REQUIRES(write_mu_);
  // The commit's first steps: what the batch finds in the store (store_commit.cpp), and the
  // durable intent of step 1 (nothing written when the batch changes nothing).
  struct Resolved;
  Status resolve(const std::vector<Change>& changes, bool rebuild, Resolved* resolved) const
      REQUIRES(write_mu_);
  Status write_intent(std::vector<Change>& changes, const Resolved& resolved, std::uint64_t gen,
                      std::vector<OutboxOp>* ops, std::vector<const Profile*>* profiles,
                      CommitStats* stats) REQUIRES(write_mu_);
  // A batch of the outbox as recovery replays it: its changes, the stored profiles of its
  // upserts (step 1 wrote them) and the facets derived from them.
  struct OutboxBatch {
    std::vector<OutboxOp> ops;
    std::vector<Profile> loaded;
    std::vector<const Profile*> profiles;  // by op, into `loaded`; nullptr for deletes
    std::vector<FacetRecord> facets;
  };
  Status load_outbox_batch(std::uint64_t g, std::string_view bytes, OutboxBatch* batch) const;
  // Facets of each upsert (empty records for deletes), derived once per batch.
  std::vector<FacetRecord> derive_all(const std::vector<OutboxOp>& ops,
                                      const std::vector<const Profile*>& profiles,
                                      std::uint64_t gen) const;
  Status apply_xapian(std::uint64_t gen, const std::vector<OutboxOp>& ops,
                      const std::vector<const Profile*>& profiles,
                      const std::vector<FacetRecord>& facets) REQUIRES(write_mu_);
  Status apply_rocks(std::uint64_t gen, const std::vector<OutboxOp>& ops,
                     const std::vector<FacetRecord>& facets) REQUIRES(write_mu_);
  // The check behind verify(), on a Xapian snapshot and the RocksDB state that matches it.
  void check(Xapian::Database& xdb, const VerifyOptions& options, VerifyReport* report) const;
  Status copy_rocks(const std::string& dest) const;
  // backup_to() and compact_to(), with the flags of Xapian::Database::compact.
  Status copy_to(const std::string& dest, std::uint64_t* generation,
                 const WriterProbe& writer_running, int xapian_flags) const EXCLUDES(write_mu_);
  // Steps 2 to 4 of absorb(): the part's rows, the merged text index, the generation.
  Status merge_part(Store& part) REQUIRES(write_mu_, part.write_mu_);
  void update_columns(const std::vector<OutboxOp>& ops, const std::vector<FacetRecord>& facets,
                      std::uint64_t gen);
  // Hashtag segmentation also uses the index's own words (segmenter.h CorpusWords): they are
  // read from the index at the first batch with kCorpusWordsMinDocs documents, and again
  // whenever the index has doubled since. Writer only; guarded by write_mu_.
  void refresh_corpus_words() REQUIRES(write_mu_);
  rocksdb::ColumnFamilyHandle* cf(const char* name) const;
  std::uint64_t xapian_generation() const REQUIRES(write_mu_);

  const std::string dir_;
  const Mode mode_;
  TierBoundaries tiers_;
  int format_ = 0;  // the on-disk format version found at open (layout.h); set once
  std::unique_ptr<Rocks> rocks_;
  std::string secondary_dir_;  // read mode: RocksDB secondary's private directory

  std::shared_ptr<fsu::FileLock> in_use_;  // shared lock on DIR/INUSE, released last

  // Serialises commit(), recovery, verify() and backup_to() of a writable handle.
  mutable Mutex write_mu_;
  std::unique_ptr<Xapian::WritableDatabase> writer_ PT_GUARDED_BY(write_mu_);
  std::uint32_t next_pid_ GUARDED_BY(write_mu_) = 1;
  bool needs_recovery_ GUARDED_BY(write_mu_) = false;
  // Set when absorb() failed half-way: commit() and sync_to_disk() return it.
  std::string merge_failure_ GUARDED_BY(write_mu_);
  std::atomic<std::uint64_t> replayed_{0};
  std::shared_ptr<const analysis::CorpusWords> corpus_words_ GUARDED_BY(write_mu_);
  std::unique_ptr<class BuildAhead> build_ahead_ PT_GUARDED_BY(write_mu_);  // made on first use

  mutable std::atomic<std::uint64_t> generation_{0};  // readers raise it on a newer revision
  // Read mode: the RocksDB secondary's view moves only under this lock (TryCatchUpWithPrimary).
  mutable Mutex catch_up_mu_;
  mutable std::uint64_t rocks_generation_ GUARDED_BY(catch_up_mu_) = 0;

  mutable Mutex columns_mu_;
  mutable std::shared_ptr<const Columns> columns_ GUARDED_BY(columns_mu_);  // null until used

  mutable Mutex pool_mu_;
  mutable std::vector<std::unique_ptr<Xapian::Database>> idle_readers_ GUARDED_BY(pool_mu_);
};

}  // namespace mikros::store

#endif  // MIKROS_STORAGE_STORE_H
