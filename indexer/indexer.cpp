// The Indexer: validation and batching in front of the store's commit protocol.
#include <fmt/format.h>

#include <istream>

#include "database_impl.h"
#include "mikros/index.hpp"
#include "readers.h"
#include "store.h"
#include "text_util.h"

namespace mikros {

struct Indexer::Impl {
  std::shared_ptr<Database::Impl> db;
  IndexOptions options;
  bool owner = false;  // this Indexer holds the database's one writer slot
  std::vector<store::Change> pending;
  std::uint64_t committed_records = 0;

  ~Impl() {
    if (owner) db->indexer_active = false;
  }

  Status check() const {
    if (db->options.read_only) {
      return Status::invalid_argument("database opened read-only; open it writable to index");
    }
    if (!owner) return Status::busy("another Indexer is writing to this database");
    return Status::ok();
  }
};

Indexer::Indexer(const Database& db, const IndexOptions& options)
    : impl_(std::make_unique<Impl>()) {
  impl_->db = db.impl();
  impl_->options = options;
  if (impl_->options.batch_size == 0) impl_->options.batch_size = 1;
  bool expected = false;
  impl_->owner = impl_->db->indexer_active.compare_exchange_strong(expected, true);
}

Indexer::Indexer(Indexer&&) noexcept = default;
Indexer& Indexer::operator=(Indexer&&) noexcept = default;

Indexer::~Indexer() {
  if (impl_ && impl_->owner && !impl_->pending.empty()) {
    // Documented: queued changes are committed on destruction. Errors cannot be reported
    // here; a failed batch is completed by the next open.
    commit().is_ok();
  }
}

Status Indexer::upsert(Profile profile) {
  if (Status st = impl_->check(); !st) return st;
  if (Status st = validate_profile(profile); !st) return st;
  store::Change c;
  c.kind = store::Change::Kind::kUpsert;
  c.key = profile_key(profile);
  c.profile = std::move(profile);
  impl_->pending.push_back(std::move(c));
  return Status::ok();
}

Status Indexer::upsert_json(std::string_view json) {
  if (Status st = impl_->check(); !st) return st;
  auto profile = parse_profile(json);
  if (!profile) return profile.status();
  return upsert(std::move(*profile));
}

Status Indexer::remove(std::string_view key) {
  if (Status st = impl_->check(); !st) return st;
  key = trim(key);
  auto colon = key.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == key.size()) {
    return Status::invalid_argument(
        fmt::format("\"{}\" is not a profile key (expected platform:handle)", key));
  }
  std::string_view handle = key.substr(colon + 1);
  while (!handle.empty() && handle.front() == '@') handle.remove_prefix(1);
  store::Change c;
  c.kind = store::Change::Kind::kDelete;
  c.key = profile_key(key.substr(0, colon), handle);
  impl_->pending.push_back(std::move(c));
  return Status::ok();
}

Status Indexer::commit() {
  if (Status st = impl_->check(); !st) return st;
  if (impl_->pending.empty()) return Status::ok();
  auto store = impl_->db->store();
  store::CommitStats stats;
  Status st = store->commit(impl_->pending, &stats);
  if (!st) return st;
  impl_->committed_records += impl_->pending.size();
  impl_->pending.clear();
  return Status::ok();
}

std::size_t Indexer::pending() const {
  return impl_->pending.size();
}

Status Indexer::read(std::istream& in, std::string_view source, InputFormat format,
                     const RejectionHandler& on_reject, IndexReport* report) {
  if (Status st = impl_->check(); !st) return st;
  IndexReport local;
  if (!report) report = &local;
  auto reader = format == InputFormat::kJsonl ? indexer::make_jsonl_reader(in)
                                              : indexer::make_hypeauditor_reader(in);
  auto reject = [&](const indexer::SourceRecord& r, std::string reason) {
    ++report->rejected;
    if (on_reject) on_reject(Rejection{std::string(source), r.line, std::move(reason), r.text});
  };
  // Records queued by this call and not yet committed (a commit acknowledges them).
  std::uint64_t queued = 0;
  auto flush = [&]() -> Status {
    Status st = commit();
    if (!st) return st;
    report->committed += queued;
    ++report->commits;
    queued = 0;
    return Status::ok();
  };
  indexer::SourceRecord record;
  while (reader->next(record)) {
    ++report->records;
    if (!record.error.empty()) {
      reject(record, record.error);
      continue;
    }
    Status st = record.profile ? upsert(std::move(*record.profile)) : upsert_json(record.text);
    if (!st) {
      reject(record, st.message());
      continue;
    }
    ++report->accepted;
    ++queued;
    if (impl_->pending.size() >= impl_->options.batch_size) {
      if (Status fs = flush(); !fs) return fs;
    }
  }
  if (Status rs = reader->status(); !rs) {
    // Keep what was read before the failure: commit it, then report the read error.
    if (queued) {
      if (Status fs = flush(); !fs) return fs;
    }
    return Status(rs.code(), fmt::format("{}: {}", source, rs.message()));
  }
  if (queued) return flush();
  return Status::ok();
}

}  // namespace mikros
