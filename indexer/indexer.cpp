// The Indexer: validation and batching in front of the store's commit protocol.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ios>
#include <istream>
#include <optional>
#include <streambuf>
#include <thread>
#include <vector>

#include "indexer/readers.h"
#include "mikros/index.hpp"
#include "storage/database_impl.h"
#include "storage/store.h"
#include "util/text_util.h"

namespace mikros {

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

namespace {

// Bytes [begin, end) of an open file as a stream buffer (the halves of a split read_file()).
class FileRangeBuf : public std::streambuf {
 public:
  FileRangeBuf(int fd, std::uint64_t begin, std::uint64_t end)
      : fd_(fd), pos_(begin), end_(end), buf_(1 << 20) {}

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (pos_ >= end_) return traits_type::eof();
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buf_.size(), end_ - pos_));
    ssize_t n;
    do {
      n = ::pread(fd_, buf_.data(), want, static_cast<off_t>(pos_));
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      // Caught by the istream, which sets badbit: the reader reports a read error.
      throw std::ios_base::failure(std::strerror(errno));
    }
    if (n == 0) {
      throw std::ios_base::failure(fmt::format("the file ended {} bytes early", end_ - pos_));
    }
    pos_ += static_cast<std::uint64_t>(n);
    setg(buf_.data(), buf_.data(), buf_.data() + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  int fd_;
  std::uint64_t pos_;
  std::uint64_t end_;
  std::vector<char> buf_;
};

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Where a split read_file() cuts `fd` (size `size`): just after the first newline at or after
// the middle; 0 when there is none.
std::uint64_t split_point(int fd, std::uint64_t size) {
  std::vector<char> buf(1 << 16);
  for (std::uint64_t pos = size / 2; pos < size;) {
    ssize_t n = ::pread(fd, buf.data(), buf.size(), static_cast<off_t>(pos));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    if (const void* nl = std::memchr(buf.data(), '\n', static_cast<std::size_t>(n))) {
      std::uint64_t cut =
          pos + static_cast<std::uint64_t>(static_cast<const char*>(nl) - buf.data()) + 1;
      return cut < size ? cut : 0;
    }
    pos += static_cast<std::uint64_t>(n);
  }
  return 0;
}

// Newlines in the first `end` bytes of `fd`; nullopt on a read error.
std::optional<std::uint64_t> count_lines(int fd, std::uint64_t end) {
  std::vector<char> buf(1 << 20);
  std::uint64_t lines = 0;
  for (std::uint64_t pos = 0; pos < end;) {
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), end - pos));
    ssize_t n = ::pread(fd, buf.data(), want, static_cast<off_t>(pos));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    lines += static_cast<std::uint64_t>(std::count(buf.data(), buf.data() + n, '\n'));
    pos += static_cast<std::uint64_t>(n);
  }
  return lines;
}

void add_counts(IndexReport& to, const IndexReport& from) {
  to.records += from.records;
  to.accepted += from.accepted;
  to.rejected += from.rejected;
  to.committed += from.committed;
  to.commits += from.commits;
  to.inserted += from.inserted;
  to.replaced += from.replaced;
  to.unchanged += from.unchanged;
  to.deleted += from.deleted;
  to.missing += from.missing;
}

}  // namespace

Status Indexer::read_file(const std::string& path, InputFormat format,
                          const RejectionHandler& on_reject, IndexReport* report) {
  if (Status st = impl_->check(); !st) return st;
  IndexReport local;
  if (!report) report = &local;
  Fd file;
  file.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (file.fd < 0) return Status::io_error(fmt::format("{}: {}", path, std::strerror(errno)));
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) {
    return Status::io_error(fmt::format("{}: {}", path, std::strerror(errno)));
  }
  const std::uint64_t size = S_ISREG(st.st_mode) ? static_cast<std::uint64_t>(st.st_size) : 0;
  std::uint64_t cut = 0;
  std::optional<std::uint64_t> lines_before;
  if (impl_->target && !impl_->part && impl_->options.writers >= 2 &&
      format == InputFormat::kJsonl && impl_->pending.empty() && size > 0 &&
      size >= impl_->options.split_min_bytes) {
    cut = split_point(file.fd, size);
    if (cut) lines_before = count_lines(file.fd, cut);
  }
  const std::uint32_t next = impl_->target ? impl_->target->next_pid() : 1;
  // The second half's ids start above every id the first half can take (one a line).
  const std::uint64_t part_first = lines_before ? next + *lines_before : 0;
  if (!lines_before || part_first + (size - cut) >= std::uint64_t{UINT32_MAX}) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::io_error(fmt::format("{}: cannot open", path));
    return read(in, path, format, on_reject, report);
  }

  namespace fs = std::filesystem;
  const std::string part_dir = (fs::path(impl_->target->dir()) / "part.2").string();
  std::error_code ec;
  fs::remove_all(part_dir, ec);
  struct RemovePart {
    const std::string& dir;
    ~RemovePart() {
      std::error_code e;
      fs::remove_all(dir, e);
    }
  } remove_part{part_dir};
  store::Store::OpenParams params;
  params.mode = store::Store::Mode::kWrite;
  params.create = true;
  params.tiers = impl_->target->tiers();
  params.cache_mb = impl_->db->options.block_cache_mb;
  params.first_pid = static_cast<std::uint32_t>(part_first);
  auto opened = store::Store::open(part_dir, params);
  if (!opened) return opened.status();
  std::shared_ptr<store::Store> part_store = std::move(*opened);

  auto part_impl = std::make_unique<Impl>();
  part_impl->db = impl_->db;
  part_impl->options = impl_->options;
  part_impl->options.on_progress = nullptr;
  part_impl->owner = true;
  part_impl->part = true;
  part_impl->target = part_store;
  // Which half failed first (1 or 2): the other one stops at its next record, and its
  // "stopped" error is not the one to report.
  std::atomic<int> first_failure{0};
  std::atomic<bool> failed{false};
  auto fail = [&](int half) {
    int none = 0;
    first_failure.compare_exchange_strong(none, half);
    failed = true;
  };
  part_impl->cancel = &failed;
  impl_->cancel = &failed;
  struct ClearCancel {
    Impl& impl;
    ~ClearCancel() { impl.cancel = nullptr; }
  } clear_cancel{*impl_};

  IndexReport second;
  std::vector<Rejection> second_rejections;
  Status second_status;
  std::thread second_half([&] {
    Indexer part(std::move(part_impl));
    FileRangeBuf buf(file.fd, cut, size);
    std::istream in(&buf);
    second_status = part.read(
        in, path, format,
        [&](const Rejection& r) {
          second_rejections.push_back(r);
          second_rejections.back().line += *lines_before;
        },
        &second);
    if (!second_status) fail(2);
  });
  Status first_status;
  {
    FileRangeBuf buf(file.fd, 0, cut);
    std::istream in(&buf);
    first_status = read(in, path, format, on_reject, report);
    if (!first_status) fail(1);
  }
  second_half.join();
  if (first_failure == 1) return first_status;
  if (first_failure == 2) return second_status;
  for (const auto& r : second_rejections) {
    if (on_reject) on_reject(r);
  }

  std::uint64_t duplicates = 0, unchanged = 0;
  if (Status st = impl_->target->absorb(*part_store, static_cast<std::uint32_t>(part_first),
                                        &duplicates, &unchanged);
      !st) {
    return st;
  }
  // A key in both halves counted as inserted twice: the later record replaced the earlier.
  IndexReport merged = second;
  merged.inserted -= duplicates;
  merged.replaced += duplicates - unchanged;
  merged.unchanged += unchanged;
  merged.commits += duplicates ? 2 : 1;  // the removals, then the merge
  add_counts(*report, merged);
  add_counts(impl_->totals, merged);
  if (second.records) report->acknowledged_line = *lines_before + second.acknowledged_line;
  report->generation = impl_->totals.generation = impl_->target->generation();
  return Status::ok();
}

}  // namespace mikros
