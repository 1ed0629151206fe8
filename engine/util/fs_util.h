// File-system helpers for durability and locking: fsync of files, directories and whole trees,
// and flock(2) locks that end with the process (so a lock left by a killed process is never
// stale: the file stays, the lock does not).
#ifndef MIKROS_UTIL_FS_UTIL_H
#define MIKROS_UTIL_FS_UTIL_H

#include <memory>
#include <string>

#include "mikros/status.hpp"

namespace mikros::fsu {

// fsync(2) of a file or a directory (a directory's fsync makes its entries durable).
Status fsync_path(const std::string& path, bool directory);
// fsyncs every file and directory under `dir`, and `dir` itself, children first.
Status fsync_tree(const std::string& dir);
// Removes `dir` and everything in it; a missing `dir` is not an error.
Status remove_tree(const std::string& dir);
// Replaces every regular file under `dir` that has other hard links with a copy of its own
// (copied beside it, then renamed over it), so that nothing under `dir` shares its data with
// files elsewhere. Not fsynced.
Status unshare_tree(const std::string& dir);

// An flock(2) lock on a file, held until destruction. The descriptor is close-on-exec, so
// processes started by the holder do not inherit the lock.
//
// Thread-safety: a FileLock is not shared; distinct FileLocks may be used from any threads.
// flock locks belong to open file descriptions: two FileLocks on one file conflict even within
// one process.
class FileLock {
 public:
  enum class Kind { kShared, kExclusive };

  // Opens `path` (creating it when `create`) and locks it without waiting.
  // Errors: kBusy when a conflicting lock is held, kNotFound when `path` does not exist and
  // !create, kIOError otherwise.
  static Result<std::unique_ptr<FileLock>> acquire(const std::string& path, Kind kind, bool create);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  // True while `path` still names the locked file. A lock taken on a file that was unlinked
  // (or replaced) after it was opened protects nothing.
  bool still_linked() const;
  const std::string& path() const { return path_; }

 private:
  FileLock(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_ = -1;
};

}  // namespace mikros::fsu

#endif  // MIKROS_UTIL_FS_UTIL_H
