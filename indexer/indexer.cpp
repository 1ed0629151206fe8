// The Indexer: validation and batching in front of the store's commit protocol.
#include <fmt/format.h>

#include <algorithm>
#include <istream>
#include <optional>
#include <vector>

#include "indexer/indexer_impl.h"
#include "indexer/readers.h"
#include "util/text_util.h"

namespace mikros {

Indexer::Indexer(const Database& db, const IndexOptions& options)
    : impl_(std::make_unique<Impl>()) {
  impl_->db = db.impl();
  impl_->options = options;
  if (impl_->options.batch_size == 0) impl_->options.batch_size = 1;
  bool expected = false;
  impl_->owner = impl_->db->indexer_active.compare_exchange_strong(expected, true);
}

Result<Indexer> Indexer::rebuild(const Database& db, const IndexOptions& options,
                                 const RebuildOptions& rebuild_options) {
  Indexer indexer(db, options);
  if (Status st = indexer.impl_->check(); !st) return st;
  std::string name;
  std::shared_ptr<store::Store> built;
  if (Status st = db.impl()->begin_rebuild(rebuild_options.tiers, &name, &built); !st) return st;
  indexer.impl_->target = std::move(built);
  indexer.impl_->target_name = std::move(name);
  return indexer;
}

Indexer::Indexer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Indexer::Indexer(Indexer&&) noexcept = default;
Indexer& Indexer::operator=(Indexer&&) noexcept = default;

Indexer::~Indexer() {
  // An unpublished rebuild is abandoned, not committed.
  if (impl_ && impl_->owner && !impl_->target && !impl_->pending.empty()) {
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
  auto parsed = parse_profile_key(key);
  if (!parsed) return parsed.status();
  store::Change c;
  c.kind = store::Change::Kind::kDelete;
  c.key = std::move(*parsed);
  impl_->pending.push_back(std::move(c));
  return Status::ok();
}

Status Indexer::commit() {
  if (Status st = impl_->check(); !st) return st;
  if (impl_->pending.empty()) return Status::ok();
  store::CommitStats stats;
  Status st = impl_->store()->commit(impl_->pending, &stats);
  if (!st) return st;
  IndexReport& t = impl_->totals;
  if (stats.inserted + stats.replaced + stats.deleted > 0) ++t.commits;  // a generation written
  t.inserted += stats.inserted;
  t.replaced += stats.replaced;
  t.unchanged += stats.unchanged;
  t.deleted += stats.deleted;
  t.missing += stats.missing;
  t.generation = stats.generation;
  impl_->pending.clear();
  if (!impl_->target && impl_->db->sweep_pending) impl_->db->sweep();
  return Status::ok();
}

Status Indexer::publish() {
  if (Status st = impl_->check(); !st) return st;
  if (!impl_->target) {
    return Status::invalid_argument("publish(): this Indexer is not an unpublished rebuild");
  }
  if (Status st = commit(); !st) return st;
  bool switched = false;
  Status st = impl_->db->publish(impl_->target_name, impl_->target, &switched);
  if (switched) impl_->target.reset();
  return st;
}

std::size_t Indexer::pending() const {
  return impl_->pending.size();
}

const IndexReport& Indexer::totals() const {
  return impl_->totals;
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
  report->acknowledged_line = 0;
  auto progress = [&](IndexEvent event) {
    if (impl_->options.on_progress) impl_->options.on_progress(event, *report);
  };
  // Records queued by this call and not yet committed (a commit acknowledges them), and the
  // line of the last record taken.
  std::uint64_t queued = 0;
  std::uint64_t last_line = 0;
  auto flush = [&]() -> Status {
    IndexReport before = impl_->totals;
    Status st = commit();
    if (!st) {
      // Dropped, not left queued: the caller learns from acknowledged_line where to resume,
      // and a later commit must not apply half a job behind its back.
      impl_->pending.clear();
      return st;
    }
    const IndexReport& after = impl_->totals;
    report->committed += queued;
    report->commits += after.commits - before.commits;
    report->inserted += after.inserted - before.inserted;
    report->replaced += after.replaced - before.replaced;
    report->unchanged += after.unchanged - before.unchanged;
    report->deleted += after.deleted - before.deleted;
    report->missing += after.missing - before.missing;
    report->generation = after.generation;
    report->acknowledged_line = last_line;
    queued = 0;
    progress(IndexEvent::kCommitted);
    return Status::ok();
  };
  indexer::SourceRecord record;
  while (reader->next(record)) {
    if (impl_->cancel && impl_->cancel->load()) {
      impl_->pending.clear();
      return Status::internal(fmt::format(
          "{}: stopped at line {}: the other half of the file failed", source, record.line));
    }
    ++report->records;
    last_line = record.line;
    if (!record.error.empty()) {
      reject(record, record.error);
    } else if (Status st =
                   record.profile ? upsert(std::move(*record.profile)) : upsert_json(record.text);
               !st) {
      reject(record, st.message());
    } else {
      ++report->accepted;
      ++queued;
    }
    progress(IndexEvent::kRecord);
    if (impl_->pending.size() >= impl_->options.batch_size) {
      if (Status fs = flush(); !fs) return fs;
    }
  }
  Status rs = reader->status();
  // Keep what was read before a read failure: commit it, then report the read error.
  if (!impl_->pending.empty()) {
    if (Status fs = flush(); !fs) return fs;
  } else if (last_line > report->acknowledged_line) {
    report->acknowledged_line = last_line;  // only rejections since the last commit
    progress(IndexEvent::kCommitted);
  }
  if (!rs) return Status(rs.code(), fmt::format("{}: {}", source, rs.message()));
  return Status::ok();
}

}  // namespace mikros
