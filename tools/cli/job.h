// What the batch commands (index, reindex, delete) share: input files read through a byte
// counter, a progress line on a terminal, the rejects file, the acknowledgement log.
#ifndef MIKROS_TOOLS_JOB_H
#define MIKROS_TOOLS_JOB_H

#include <chrono>
#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <streambuf>
#include <string>
#include <vector>

#include "mikros/mikros.hpp"

namespace mikros::cli {

// A file (or standard input, "-") read as a stream that counts the bytes it has delivered.
// A read error sets the stream's badbit (the readers report it).
// Thread-safety: none; one reader.
class InputFile : public std::streambuf {
 public:
  static Result<std::unique_ptr<InputFile>> open(const std::string& name);
  ~InputFile() override;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  std::uint64_t bytes_read() const { return bytes_ - static_cast<std::uint64_t>(egptr() - gptr()); }
  // The size of a regular file (also when it is standard input); nullopt for pipes.
  std::optional<std::uint64_t> size() const { return size_; }
  const std::string& name() const { return name_; }

 protected:
  int_type underflow() override;

 private:
  InputFile(std::string name, int fd, bool owned)
      : name_(std::move(name)), fd_(fd), owned_(owned) {}
  std::string name_;
  int fd_;
  bool owned_;
  std::uint64_t bytes_ = 0;
  std::optional<std::uint64_t> size_;
  char buf_[1 << 16];
};

// The progress line of a long job on a terminal (stderr), redrawn at most five times a second:
// records, rate, and the share done with an ETA when the input's size is known. Disabled when
// stderr is not a terminal: the job then prints only its summary.
// Thread-safety: none.
class Progress {
 public:
  Progress(std::string verb, bool enabled);
  // The inputs' total size, when all of them are regular files.
  void set_total_bytes(std::optional<std::uint64_t> total) { total_bytes_ = total; }
  // Redraws if due. `bytes` is the input consumed so far (over all files).
  void update(std::uint64_t records, std::uint64_t bytes, bool force = false);
  // Erases the line (before printing anything else on stderr).
  void clear();
  double elapsed_seconds() const;

 private:
  std::string verb_;
  bool enabled_;
  bool drawn_ = false;
  std::optional<std::uint64_t> total_bytes_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_ = start_;
};

// The rejects file (JSONL: source, line, error, input), and the first rejections on stderr.
class Rejects {
 public:
  // Opens `path` for writing when non-empty. Errors: kIOError.
  Status open(const std::string& path);
  void add(const Rejection& r, Progress& progress);
  // "... N more rejected records in FILE" when some were not shown.
  void finish(std::uint64_t rejected, Progress& progress);

 private:
  std::unique_ptr<std::ofstream> file_;
  std::string path_;
  std::uint64_t shown_ = 0;
};

// --ack-log FILE: one JSON line per acknowledgement, appended and fdatasync'ed after the
// commit it reports is durable, so the log never claims more than the database holds:
//   {"source":"a.jsonl","line":15000,"committed":15000,"generation":7}
// A reader of the log takes its last complete line per source.
class AckLog {
 public:
  AckLog() = default;
  ~AckLog();
  AckLog(const AckLog&) = delete;
  AckLog& operator=(const AckLog&) = delete;

  Status open(const std::string& path);  // empty path: no log
  Status append(const std::string& source, std::uint64_t line, std::uint64_t committed,
                std::uint64_t generation);

 private:
  int fd_ = -1;
  std::string path_;
};

// "1:05" or "2:03:45".
std::string format_duration(double seconds);

}  // namespace mikros::cli

#endif  // MIKROS_TOOLS_JOB_H
