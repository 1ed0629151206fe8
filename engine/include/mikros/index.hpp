// mikros: the write path. Validating, upserting and deleting profiles in batches.
#ifndef MIKROS_INDEX_HPP
#define MIKROS_INDEX_HPP

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include "mikros/database.hpp"
#include "mikros/export.hpp"
#include "mikros/profile.hpp"
#include "mikros/status.hpp"

namespace mikros {

// Input formats Indexer::read understands.
enum class InputFormat {
  kJsonl,           // one JSON profile per line (corpus/SCHEMA.md)
  kHypeAuditorCsv,  // HypeAuditor top-list CSV export (Instagram, YouTube or TikTok variant)
};

// A record that was not indexed, and why.
// Thread-safety: a plain value type.
struct Rejection {
  std::string source;      // file name, or "-" for standard input
  std::uint64_t line = 0;  // 1-based line where the record starts
  std::string reason;      // e.g. "followers: expected a non-negative integer"
  std::string input;       // the record as read (CSV rows are given as their JSON conversion)
};

// How an Indexer batches its writes.
// Thread-safety: a plain value type.
struct IndexOptions {
  // Records per commit (one generation each) while reading a stream. Default 5000: large
  // enough to amortise the fsyncs of a commit, small enough to bound the memory of a batch.
  std::size_t batch_size = 5000;
};

// What a read() or a whole job did.
// Thread-safety: a plain value type.
struct IndexReport {
  std::uint64_t records = 0;   // records read (accepted + rejected)
  std::uint64_t accepted = 0;  // passed validation and queued
  std::uint64_t rejected = 0;
  std::uint64_t committed = 0;  // accepted records made durable so far (acknowledged)
  std::uint64_t commits = 0;    // generations written
};

// Writes to one database. Changes are queued and become durable, visible to searches and
// acknowledged only by commit() (read() commits every batch_size records by itself). Changes
// still queued when the Indexer is destroyed are committed by the destructor; call commit()
// to see its Status.
//
// Thread-safety: not thread-safe; use one Indexer from one thread. Only one Indexer may exist
// per database at a time (the second gets kBusy from every call).
class MIKROS_EXPORT Indexer {
 public:
  using RejectionHandler = std::function<void(const Rejection&)>;

  // REQUIRES: `db` was opened writable; otherwise every call returns kInvalidArgument.
  explicit Indexer(const Database& db, const IndexOptions& options = {});
  Indexer(Indexer&&) noexcept;
  Indexer& operator=(Indexer&&) noexcept;
  ~Indexer();

  // Validates and queues an insert-or-replace of `profile` (keyed by platform + handle).
  // Errors: kInvalidArgument naming the field at fault.
  Status upsert(Profile profile);
  // Parses, validates and queues one JSON profile.
  Status upsert_json(std::string_view json);
  // Queues the removal of "platform:handle". Removing a missing key is not an error.
  Status remove(std::string_view key);

  // Reads every record of `in`, queues the valid ones and passes each invalid one to
  // `on_reject` (which may be empty), committing every batch_size records. `source` names the
  // input in rejections. `report` (optional) is updated as records are read.
  // Errors: kIOError when the stream fails, or any commit error; a rejected record is not an
  // error. Records before the failing batch stay committed.
  Status read(std::istream& in, std::string_view source, InputFormat format,
              const RejectionHandler& on_reject, IndexReport* report = nullptr);

  // Makes all queued changes durable and visible, as one generation.
  Status commit();
  // Number of queued, uncommitted changes.
  std::size_t pending() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mikros

#endif  // MIKROS_INDEX_HPP
