#include "job.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ios>
#include <iostream>

#include "output.h"
#include "term.h"

namespace mikros::cli {

Result<std::unique_ptr<InputFile>> InputFile::open(const std::string& name) {
  int fd = STDIN_FILENO;
  bool owned = false;
  if (name != "-") {
    fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return Status::io_error(fmt::format("{}: cannot open: {}", name, std::strerror(errno)));
    }
    owned = true;
  }
  std::unique_ptr<InputFile> in(new InputFile(name, fd, owned));
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    in->size_ = static_cast<std::uint64_t>(st.st_size);
  } else if (owned && ::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    return Status::io_error(fmt::format("{}: is a directory", name));
  }
  in->setg(in->buf_, in->buf_, in->buf_);
  return in;
}

InputFile::~InputFile() {
  if (owned_) ::close(fd_);
}

InputFile::int_type InputFile::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  ssize_t n;
  do {
    n = ::read(fd_, buf_, sizeof buf_);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    // Caught by the istream, which sets badbit: the reader reports a read error.
    throw std::ios_base::failure(std::strerror(errno));
  }
  if (n == 0) return traits_type::eof();
  bytes_ += static_cast<std::uint64_t>(n);
  setg(buf_, buf_, buf_ + n);
  return traits_type::to_int_type(*gptr());
}

std::string format_duration(double seconds) {
  if (seconds < 0) seconds = 0;
  auto s = static_cast<std::uint64_t>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02d}:{:02d}", s / 3600, (s / 60) % 60, s % 60);
  return fmt::format("{}:{:02d}", s / 60, s % 60);
}

Progress::Progress(std::string verb, bool enabled) : verb_(std::move(verb)), enabled_(enabled) {}

double Progress::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::update(std::uint64_t records, std::uint64_t bytes, bool force) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (!force && now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  std::string line = fmt::format("{} {} records", verb_, group_thousands(records));
  if (secs > 0.5) {
    line += fmt::format(" · {}/s", group_thousands(static_cast<std::uint64_t>(records / secs)));
  }
  if (total_bytes_ && *total_bytes_ > 0) {
    double done = std::min(1.0, static_cast<double>(bytes) / static_cast<double>(*total_bytes_));
    line += fmt::format(" · {:.0f}% of {}B", done * 100,
                        compact_count(static_cast<double>(*total_bytes_)));
    if (secs > 1 && done > 0.001) line += " · ETA " + format_duration(secs * (1 - done) / done);
  }
  std::cerr << "\r\033[K" << line << std::flush;
  drawn_ = true;
}

void Progress::clear() {
  if (!drawn_) return;
  std::cerr << "\r\033[K" << std::flush;
  drawn_ = false;
}

// Rejections shown on stderr when they also go to a --rejects file; all are shown otherwise.
constexpr std::uint64_t kShownWithRejectsFile = 10;

Status Rejects::open(const std::string& path) {
  if (path.empty()) return Status::ok();
  path_ = path;
  file_ = std::make_unique<std::ofstream>(path, std::ios::trunc);
  if (!*file_) return Status::io_error(fmt::format("{}: cannot write", path));
  return Status::ok();
}

void Rejects::add(const Rejection& r, Progress& progress) {
  if (!file_ || shown_ < kShownWithRejectsFile) {
    progress.clear();
    std::cerr << r.source << ':' << r.line << ": " << r.reason << '\n';
    ++shown_;
  }
  if (file_) {
    Json line;
    line["source"] = r.source;
    line["line"] = r.line;
    line["error"] = r.reason;
    line["input"] = r.input;
    *file_ << dump(line) << '\n';
  }
}

void Rejects::finish(std::uint64_t rejected, Progress& progress) {
  if (file_) file_->flush();
  if (file_ && rejected > shown_) {
    progress.clear();
    std::cerr << fmt::format("... {} more rejected records in {}\n", rejected - shown_, path_);
  }
}

Status AckLog::open(const std::string& path) {
  if (path.empty()) return Status::ok();
  path_ = path;
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) return Status::io_error(fmt::format("{}: {}", path, std::strerror(errno)));
  return Status::ok();
}

AckLog::~AckLog() {
  if (fd_ >= 0) ::close(fd_);
}

Status AckLog::append(const std::string& source, std::uint64_t line, std::uint64_t committed,
                      std::uint64_t generation) {
  if (fd_ < 0) return Status::ok();
  Json record;
  record["source"] = source;
  record["line"] = line;
  record["committed"] = committed;
  record["generation"] = generation;
  std::string text = dump(record) + '\n';
  // One write per line (O_APPEND): a crash leaves whole lines and at most a torn last one.
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::io_error(fmt::format("{}: {}", path_, std::strerror(errno)));
    done += static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd_) != 0) {
    return Status::io_error(fmt::format("{}: fdatasync: {}", path_, std::strerror(errno)));
  }
  return Status::ok();
}

}  // namespace mikros::cli
