// Database::Impl: the database root directory and its active index.
//
//   ROOT/CURRENT           names the active index directory ("index.000001"), replaced atomically
//                          (written to CURRENT.tmp, fsynced, renamed, directory fsynced)
//   ROOT/LOCK              flock'ed exclusively by the writable handle: the writer role
//   ROOT/index.NNNNNN/     one index (store.h): xapian/, rocks/, INUSE
//
// A full rebuild writes index.(newest + 1) beside the active one while searches go on, fsyncs
// it and switches CURRENT, so readers never see a half-built index. Readers in other processes
// notice the new CURRENT on their next refresh() and move over; until then they keep the old
// directory's INUSE file shared-locked, and the writer removes a directory that CURRENT no
// longer names only when it can lock that file exclusively (sweep()). A removal unlinks INUSE
// first, so a reader that opens a directory being removed finds no INUSE (or a lock on an
// unlinked file), re-reads CURRENT and opens the newer index instead.
#ifndef MIKROS_STORAGE_DATABASE_IMPL_H
#define MIKROS_STORAGE_DATABASE_IMPL_H

#include <sys/stat.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "mikros/database.hpp"
#include "storage/store.h"
#include "util/fs_util.h"
#include "util/sync.h"

namespace mikros {

// Thread-safety: every member function may be called from any thread; state that changes
// after open is guarded by `mu`.
struct Database::Impl {
  std::string root;
  Options options;

  ~Impl();

  // The active index. Readers take a reference and keep using it even if a refresh or a
  // rebuild switches to a newer one meanwhile.
  std::shared_ptr<store::Store> store() const EXCLUDES(mu) {
    MutexLock lock(mu);
    return active;
  }
  std::string index_name() const EXCLUDES(mu) {
    MutexLock lock(mu);
    return active_name;
  }

  // Read-only handles: switches to a new index when CURRENT changed.
  Status refresh() EXCLUDES(mu, refresh_mu);
  // Read-only handles: tells whether a writer holds ROOT/LOCK right now (null for writers).
  store::Store::WriterProbe writer_probe() const;

  // ---- the writer role (writable handles) ----

  // ROOT/LOCK, held for the handle's lifetime; null for read-only handles.
  std::unique_ptr<fsu::FileLock> root_lock;
  // Set while an Indexer works on this database: one writer at a time.
  std::atomic<bool> indexer_active{false};
  // An index directory could not be removed yet (a handle still holds it): sweep again after
  // the next commit.
  std::atomic<bool> sweep_pending{false};

  // Held by brand changes and by compaction, which copies the brands with the rest of the
  // index: a change made during the copy would be lost at the switch.
  Mutex named_mu;

  // Reserves the next index directory's name (newer than every directory present) as the one
  // being built, so sweep() leaves it alone. Errors: kBusy (a rebuild is running).
  Status reserve_next_index(std::string* name, std::shared_ptr<store::Store>* live) EXCLUDES(mu);
  // Creates the next index directory for a full rebuild (tiers default to the active
  // index's). Its generations continue from the active index's.
  Status begin_rebuild(const std::optional<TierBoundaries>& tiers, std::string* name,
                       std::shared_ptr<store::Store>* built) EXCLUDES(mu);
  // Makes the rebuilt index durable and switches CURRENT to it; the handle then serves it.
  // `*switched` tells whether CURRENT names it (also when a later fsync failed).
  Status publish(const std::string& name, std::shared_ptr<store::Store> built, bool* switched)
      EXCLUDES(mu);
  // Drops an unpublished rebuild and removes its directory.
  void abandon(std::shared_ptr<store::Store> built) EXCLUDES(mu);
  // Removes every index directory that CURRENT does not name and no handle holds.
  void sweep() EXCLUDES(mu);

  mutable Mutex mu;
  std::shared_ptr<store::Store> active GUARDED_BY(mu);
  std::string active_name GUARDED_BY(mu);  // "index.000001"
  std::string building GUARDED_BY(mu);     // a rebuild's directory, never swept
  struct FileId {
    dev_t dev = 0;
    ino_t ino = 0;
    long mtime_ns = 0;
    bool operator==(const FileId&) const = default;
  };
  FileId current_id GUARDED_BY(mu);  // identity of CURRENT when last read
  // Serialises refresh()es that open a new index, so an older one never replaces a newer.
  Mutex refresh_mu;
};

// The stored brand `name` (what Database::brand returns), for the query module.
Result<Brand> load_brand(const Database::Impl& impl, std::string_view name);

// A backup writes ROOT/BACKUP-UNFINISHED first and CURRENT last: a copy interrupted between
// the two is an unfinished backup, not a database whose CURRENT was lost.
inline constexpr const char* kUnfinishedBackup = "BACKUP-UNFINISHED";

// Reads ROOT/CURRENT: the active index directory name.
// Errors: kNotFound (no CURRENT; an unfinished backup), kCorruption (not an index name).
Result<std::string> read_current(const std::string& root);
// Atomically points ROOT/CURRENT at `name` (write, fsync, rename, fsync the directory).
Status write_current(const std::string& root, const std::string& name);

}  // namespace mikros

#endif  // MIKROS_STORAGE_DATABASE_IMPL_H
