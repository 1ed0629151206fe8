// Indexer::Impl: the state an Indexer and its split reads share (indexer.cpp, read_file.cpp).
#ifndef MIKROS_INDEXER_INDEXER_IMPL_H
#define MIKROS_INDEXER_INDEXER_IMPL_H

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mikros/index.hpp"
#include "storage/database_impl.h"
#include "storage/store.h"

namespace mikros {

// Thread-safety: used by one thread at a time (the Indexer's), but for `cancel`.
struct Indexer::Impl {
  std::shared_ptr<Database::Impl> db;
  IndexOptions options;
  bool owner = false;  // this Indexer holds the database's one writer slot
  std::vector<store::Change> pending;
  IndexReport totals;
  // A rebuild before publish(): the new index, which commits go to.
  std::shared_ptr<store::Store> target;
  std::string target_name;
  // The second half of a split read_file(): writes to `target`, a store of its own that the
  // rebuild absorbs; it neither holds the database's writer slot nor abandons its store.
  bool part = false;
  // Set by the other half of a split read_file() when it failed: read() stops.
  const std::atomic<bool>* cancel = nullptr;

  ~Impl() {
    if (part) return;
    if (target) db->abandon(std::move(target));
    if (owner) db->indexer_active = false;
  }

  std::shared_ptr<store::Store> store() const { return target ? target : db->store(); }

  // A JSONL file cut in two by read_file(): the halves [0, cut) and [cut, size), the lines of
  // the first, and the first profile id of the second (above any the first half can take).
  struct Split {
    std::uint64_t size = 0, cut = 0;
    std::uint64_t lines_before = 0;
    std::uint64_t part_first = 0;
  };
  // Whether the open file `fd` is read in two halves, and where it is cut; nullopt: read it
  // whole (read_file.cpp).
  std::optional<Split> plan_split(int fd, InputFormat format) const;
  // Reads the first half through `self` (this Impl's Indexer) into the rebuild on this thread,
  // and the second into `part_store` on a thread of its own; the second half's rejections are
  // reported after the first half's, with their lines in the whole file.
  Status read_halves(Indexer& self, int fd, const std::string& path, InputFormat format,
                     const Split& split, std::shared_ptr<store::Store> part_store,
                     const RejectionHandler& on_reject, IndexReport* report, IndexReport* second);

  Status check() const {
    if (db->options.read_only) {
      return Status::invalid_argument("database opened read-only; open it writable to index");
    }
    if (!owner) return Status::busy("another Indexer is writing to this database");
    return Status::ok();
  }
};

}  // namespace mikros

#endif  // MIKROS_INDEXER_INDEXER_IMPL_H
