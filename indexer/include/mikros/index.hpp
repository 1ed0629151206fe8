// mikros: the write path. Validating, upserting and deleting profiles in batches.
#ifndef MIKROS_INDEX_HPP
#define MIKROS_INDEX_HPP

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
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

// What a read() or a whole job did.
// Thread-safety: a plain value type.
struct IndexReport {
  std::uint64_t records = 0;   // records read (accepted + rejected)
  std::uint64_t accepted = 0;  // passed validation and queued
  std::uint64_t rejected = 0;
  std::uint64_t committed = 0;  // accepted records made durable so far (acknowledged)
  std::uint64_t commits = 0;    // generations written (a batch that changes nothing writes none)
  // What the committed changes did:
  std::uint64_t inserted = 0;   // new profiles
  std::uint64_t replaced = 0;   // profiles that changed
  std::uint64_t unchanged = 0;  // upserts identical to the stored profile: skipped
  std::uint64_t deleted = 0;
  std::uint64_t missing = 0;  // removals of profiles that did not exist
  // read(): the input line through which every record is committed or rejected (0: none yet).
  // After a failure, the records after it were not indexed; reading again from the line after
  // it resumes the job, and reading everything again is harmless (upserts are idempotent).
  std::uint64_t acknowledged_line = 0;
  std::uint64_t generation = 0;  // of the last commit
  // Rebuilds (Indexer::rebuild): nothing is acknowledged before publish() succeeds.
};

enum class IndexEvent {
  kRecord,     // read() took one more record (accepted or rejected)
  kCommitted,  // a batch is durable; IndexReport::acknowledged_line moved
};

// How an Indexer batches its writes and reports progress.
// Thread-safety: a plain value type.
struct IndexOptions {
  // Records per commit (one generation each) while reading a stream. Default 5000: large
  // enough to amortise the fsyncs of a commit, small enough to bound the memory of a batch.
  std::size_t batch_size = 5000;
  // Called by read() after each record and each commit with the report so far (for progress
  // displays and acknowledgement logs). Runs on the reading thread; keep it cheap. Default:
  // none.
  std::function<void(IndexEvent, const IndexReport&)> on_progress;
  // Rebuilds only (Indexer::rebuild): the writers Indexer::read_file() may use. With 2, a
  // JSONL file of at least split_min_bytes is read as two halves at once, each by a writer of
  // its own, so that both cores write (one Xapian writer keeps one core busy by itself).
  // 1 reads every file as read() does. Default 2.
  unsigned writers = 2;
  // The smallest file read_file() splits. Default 4 MiB (about 4,000 profiles): below that,
  // merging the halves costs about what the second writer saves.
  std::uint64_t split_min_bytes = std::uint64_t{4} << 20;
};

// How Indexer::rebuild builds the new index.
// Thread-safety: a plain value type.
struct RebuildOptions {
  // Tier boundaries of the new index. Default: those of the active index.
  std::optional<TierBoundaries> tiers;
};

// Writes to one database. Changes are queued and become durable, visible to searches and
// acknowledged only by commit() (read() commits every batch_size records by itself). Changes
// still queued when the Indexer is destroyed are committed by the destructor; call commit()
// to see its Status. A profile upserted exactly as stored is skipped, and a batch that
// changes nothing writes no generation: indexing the same input twice changes nothing.
//
// Thread-safety: not thread-safe; use one Indexer from one thread. Only one Indexer may exist
// per database handle at a time (the second gets kBusy from every call); other processes are
// kept out by the writer role of the writable Database.
class MIKROS_EXPORT Indexer {
 public:
  using RejectionHandler = std::function<void(const Rejection&)>;

  // REQUIRES: `db` was opened writable; otherwise every call returns kInvalidArgument.
  explicit Indexer(const Database& db, const IndexOptions& options = {});

  // A full rebuild: the returned Indexer writes into a new, empty index directory beside the
  // active one (index.NNNNNN + 1) while searches keep answering from the active index.
  // publish() makes the new index durable and switches the database to it atomically (readers
  // in other processes move over on their next refresh); an Indexer destroyed before publish()
  // removes the new directory and leaves the database as it was.
  // Errors: kInvalidArgument (read-only handle), kBusy (another Indexer or rebuild), kIOError.
  static Result<Indexer> rebuild(const Database& db, const IndexOptions& options = {},
                                 const RebuildOptions& rebuild_options = {});

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
  // error. Records before the failing batch stay committed (report->acknowledged_line says
  // through which line); the failing batch is dropped from the queue, not retried later.
  Status read(std::istream& in, std::string_view source, InputFormat format,
              const RejectionHandler& on_reject, IndexReport* report = nullptr);

  // Reads the file at `path` (named so in rejections) as read() does. In a rebuild whose
  // options allow two writers, a JSONL file of at least split_min_bytes is cut at the newline
  // after the middle and the halves are read at once: the first into the new index on this
  // thread, the second on a thread of its own into a store beside it, with profile ids above
  // any the first half can use; the two are then merged (5.7 s of a 57 s load of 200,000
  // profiles). The profiles indexed are the same as read()'s, a key in both halves ending as
  // its later record, but profile ids leave gaps, the second half's rejections are reported
  // after the first half's, and on_progress sees the first half only. Anything else (a pipe,
  // another format, an ordinary Indexer, queued changes, one writer) is read as read() does.
  // Errors: those of read(), from either half; the other half stops at its next record.
  Status read_file(const std::string& path, InputFormat format, const RejectionHandler& on_reject,
                   IndexReport* report = nullptr);

  // Makes all queued changes durable and visible, as one generation. In a rebuild they are
  // durable in the new index and become visible with publish().
  Status commit();
  // Rebuild only: commits what is queued, fsyncs the new index and switches the database to
  // it. Afterwards this Indexer writes to the (now active) new index as an ordinary one.
  // Errors: kInvalidArgument (not a rebuild, or already published), kIOError (the database
  // still serves the old index, unless the switch itself went through).
  Status publish();
  // Number of queued, uncommitted changes.
  std::size_t pending() const;
  // What the commits of this Indexer did so far (the counts of every read() and commit()).
  const IndexReport& totals() const;

 private:
  struct Impl;
  explicit Indexer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mikros

#endif  // MIKROS_INDEX_HPP
