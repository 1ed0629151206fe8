// Database: verify, backup and compaction, the operations over a whole index.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "storage/database_impl.h"
#include "util/fault.h"
#include "util/fs_util.h"

namespace mikros {

namespace fs = std::filesystem;

Result<VerifyReport> Database::verify(const VerifyOptions& options) const {
  if (Status st = impl_->refresh(); !st) return st;
  auto store = impl_->store();
  VerifyReport report;
  report.index = impl_->index_name();
  if (Status st = store->verify(options, &report, impl_->writer_probe()); !st) return st;
  if (!impl_->options.read_only) {
    auto current = read_current(impl_->root);
    if (!current) {
      ++report.problem_count;
      report.problems.push_back(current.status().message());
    } else if (*current != report.index) {
      ++report.problem_count;
      report.problems.push_back(
          fmt::format("CURRENT names {} but the writer serves {}", *current, report.index));
    }
  }
  return report;
}

namespace {

// Creates `path`, durably: a backup killed at any later moment leaves it behind.
Status write_marker(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::io_error(fmt::format("{}: {}", path, std::strerror(errno)));
  const bool synced = ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  if (!synced) return Status::io_error(fmt::format("{}: fsync: {}", path, std::strerror(error)));
  return fsu::fsync_path(fs::path(path).parent_path().string(), true);
}

}  // namespace

Result<std::uint64_t> Database::backup(const std::string& dest) const {
  std::error_code ec;
  const bool existed = fs::exists(dest, ec);
  if (existed) {
    if (!fs::is_directory(dest, ec) || !fs::is_empty(dest, ec)) {
      return Status::invalid_argument(
          fmt::format("{}: exists and is not an empty directory", dest));
    }
  }
  fs::create_directories(dest, ec);
  if (ec) return Status::io_error(fmt::format("{}: {}", dest, ec.message()));
  const std::string marker = (fs::path(dest) / kUnfinishedBackup).string();
  Status st = write_marker(marker);
  if (st) st = impl_->refresh();
  auto store = impl_->store();
  std::string name = impl_->index_name();
  std::string index_dir = (fs::path(dest) / name).string();
  std::uint64_t generation = 0;
  if (st) st = store->backup_to(index_dir, &generation, impl_->writer_probe());
  if (st) fault::point("backup-before-current");
  if (st) st = write_current(dest, name);  // last: a copy without CURRENT is no database
  if (!st) {
    // Nothing of a failed backup stays: not a CURRENT whose directory is gone (the rename may
    // have happened before the fsync that failed), nor the folder this call created.
    fs::remove_all(index_dir, ec);
    fs::remove(fs::path(dest) / "CURRENT.tmp", ec);
    fs::remove(fs::path(dest) / "CURRENT", ec);
    fs::remove(marker, ec);
    if (!existed) fs::remove(dest, ec);
    return st;
  }
  // With CURRENT in place the copy is whole; a marker left by a crash here is never read.
  fs::remove(marker, ec);
  return generation;
}

namespace {

std::uint64_t bytes_on_disk(const std::string& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    struct stat st;
    if (::lstat(it->path().c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      total += static_cast<std::uint64_t>(st.st_blocks) * 512;
    }
  }
  return total;
}

}  // namespace

Result<CompactReport> Database::compact() {
  Impl& impl = *impl_;
  if (impl.options.read_only || !impl.root_lock) {
    return Status::invalid_argument("database opened read-only");
  }
  bool expected = false;
  if (!impl.indexer_active.compare_exchange_strong(expected, true)) {
    return Status::busy("an Indexer is writing to this database; compact after it is done");
  }
  struct Release {
    Impl& impl;
    ~Release() { impl.indexer_active = false; }
  } release{impl};
  MutexLock named(impl.named_mu);
  const auto started = std::chrono::steady_clock::now();

  CompactReport report;
  std::string name;
  std::shared_ptr<store::Store> live;
  if (Status st = impl.reserve_next_index(&name, &live); !st) return st;
  report.bytes_before = bytes_on_disk(live->dir());
  const std::string dir = (fs::path(impl.root) / name).string();
  auto give_up = [&](Status st) {
    impl.abandon(nullptr);  // forgets the reservation, removes what was written
    return st;
  };
  if (Status st = live->compact_to(dir, &report.generation); !st) return give_up(st);
  store::Store::OpenParams params;
  params.mode = store::Store::Mode::kWrite;
  params.cache_mb = impl.options.block_cache_mb;
  params.compact_storage = true;
  auto opened = store::Store::open(dir, params);
  if (!opened) return give_up(opened.status());
  std::shared_ptr<store::Store> compacted = std::move(*opened);
  if (Status st = compacted->compact_rocks(); !st) {
    compacted.reset();
    return give_up(st);
  }
  bool switched = false;
  Status st = impl.publish(name, compacted, &switched);
  if (!switched) {
    compacted.reset();
    return give_up(st);
  }
  if (!st) return st;
  report.index = name;
  report.bytes_after = bytes_on_disk(dir);
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace mikros
