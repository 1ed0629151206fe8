// Indexer::read_file: a large JSONL file read in two halves at once, each by a writer of its
// own, then merged (index.hpp).
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

#include "indexer/indexer_impl.h"

namespace mikros {

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

std::optional<Indexer::Impl::Split> Indexer::Impl::plan_split(int fd, InputFormat format) const {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  Split s;
  s.size = static_cast<std::uint64_t>(st.st_size);
  if (!target || part || options.writers < 2 || format != InputFormat::kJsonl || !pending.empty() ||
      s.size == 0 || s.size < options.split_min_bytes) {
    return std::nullopt;
  }
  s.cut = split_point(fd, s.size);
  if (!s.cut) return std::nullopt;
  auto lines = count_lines(fd, s.cut);
  if (!lines) return std::nullopt;
  s.lines_before = *lines;
  s.part_first = target->next_pid() + s.lines_before;
  // One id a line at most: the second half's ids must fit below 2^32.
  if (s.part_first + (s.size - s.cut) >= std::uint64_t{UINT32_MAX}) return std::nullopt;
  return s;
}

Status Indexer::read_file(const std::string& path, InputFormat format,
                          const RejectionHandler& on_reject, IndexReport* report) {
  if (Status st = impl_->check(); !st) return st;
  IndexReport local;
  if (!report) report = &local;
  Fd file;
  file.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (file.fd < 0) return Status::io_error(fmt::format("{}: {}", path, std::strerror(errno)));
  auto split = impl_->plan_split(file.fd, format);
  if (!split) {
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
  params.first_pid = static_cast<std::uint32_t>(split->part_first);
  auto opened = store::Store::open(part_dir, params);
  if (!opened) return opened.status();
  std::shared_ptr<store::Store> part_store = std::move(*opened);
  IndexReport second;
  if (Status st = impl_->read_halves(*this, file.fd, path, format, *split, part_store, on_reject,
                                     report, &second);
      !st) {
    return st;
  }
  std::uint64_t duplicates = 0, unchanged = 0;
  if (Status st = impl_->target->absorb(*part_store, static_cast<std::uint32_t>(split->part_first),
                                        &duplicates, &unchanged);
      !st) {
    return st;
  }
  // A key in both halves counted as inserted twice: the later record replaced the earlier.
  IndexReport merged = second;
  merged.inserted -= duplicates;
  merged.replaced += duplicates - unchanged;
  merged.unchanged += unchanged;
  // The second writer's commits were generations of its own index, merged as one: the
  // database gained the removals (if any), then the merge.
  merged.commits = duplicates ? 2 : 1;
  add_counts(*report, merged);
  add_counts(impl_->totals, merged);
  if (second.records) report->acknowledged_line = split->lines_before + second.acknowledged_line;
  report->generation = impl_->totals.generation = impl_->target->generation();
  return Status::ok();
}

Status Indexer::Impl::read_halves(Indexer& self, int fd, const std::string& path,
                                  InputFormat format, const Split& split,
                                  std::shared_ptr<store::Store> part_store,
                                  const RejectionHandler& on_reject, IndexReport* report,
                                  IndexReport* second) {
  auto part_impl = std::make_unique<Impl>();
  part_impl->db = db;
  part_impl->options = options;
  part_impl->options.on_progress = nullptr;
  part_impl->owner = true;
  part_impl->part = true;
  part_impl->target = std::move(part_store);
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
  cancel = &failed;
  struct ClearCancel {
    Impl& impl;
    ~ClearCancel() { impl.cancel = nullptr; }
  } clear_cancel{*this};

  std::vector<Rejection> second_rejections;
  Status second_status;
  std::thread second_half([&] {
    Indexer part(std::move(part_impl));
    FileRangeBuf buf(fd, split.cut, split.size);
    std::istream in(&buf);
    second_status = part.read(
        in, path, format,
        [&](const Rejection& r) {
          second_rejections.push_back(r);
          second_rejections.back().line += split.lines_before;
        },
        second);
    if (!second_status) fail(2);
  });
  Status first_status;
  {
    FileRangeBuf buf(fd, 0, split.cut);
    std::istream in(&buf);
    first_status = self.read(in, path, format, on_reject, report);
    if (!first_status) fail(1);
  }
  second_half.join();
  if (first_failure == 1) return first_status;
  if (first_failure == 2) return second_status;
  for (const auto& r : second_rejections) {
    if (on_reject) on_reject(r);
  }
  return Status::ok();
}

}  // namespace mikros
