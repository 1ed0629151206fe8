#include "util/fs_util.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace mikros::fsu {

namespace fs = std::filesystem;

Status fsync_path(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) return Status::io_error(fmt::format("{}: {}", path, std::strerror(errno)));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return Status::io_error(fmt::format("{}: fsync: {}", path, std::strerror(err)));
  return Status::ok();
}

Status fsync_tree(const std::string& dir) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto& entry = *it;
    std::error_code type_ec;
    if (entry.is_symlink(type_ec)) continue;
    if (entry.is_directory(type_ec)) {
      if (Status st = fsync_tree(entry.path().string()); !st) return st;
    } else if (entry.is_regular_file(type_ec)) {
      if (Status st = fsync_path(entry.path().string(), false); !st) return st;
    }
  }
  if (ec) return Status::io_error(fmt::format("{}: {}", dir, ec.message()));
  return fsync_path(dir, true);
}

Status unshare_tree(const std::string& dir) {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    struct stat st {};
    const std::string path = it->path().string();
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink < 2) continue;
    const std::string copy = path + ".unshare";
    std::error_code copy_ec;
    fs::copy_file(path, copy, fs::copy_options::overwrite_existing, copy_ec);
    if (copy_ec) {
      fs::remove(copy, copy_ec);
      return Status::io_error(fmt::format("{}: copying: {}", path, copy_ec.message()));
    }
    if (::rename(copy.c_str(), path.c_str()) != 0) {
      int err = errno;
      ::unlink(copy.c_str());
      return Status::io_error(fmt::format("{}: rename: {}", path, std::strerror(err)));
    }
  }
  if (ec) return Status::io_error(fmt::format("{}: {}", dir, ec.message()));
  return Status::ok();
}

Status remove_tree(const std::string& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (ec) return Status::io_error(fmt::format("{}: cannot remove: {}", dir, ec.message()));
  return Status::ok();
}

Result<std::unique_ptr<FileLock>> FileLock::acquire(const std::string& path, Kind kind,
                                                    bool create) {
  // flock needs no write access: a shared lock on a file that exists is taken read-only, so
  // a user who may only read the database can search it.
  int flags = O_CLOEXEC | (create ? O_RDWR | O_CREAT : (kind == Kind::kShared ? O_RDONLY : O_RDWR));
  int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) return Status::not_found(fmt::format("{}: does not exist", path));
    return Status::io_error(fmt::format("{}: {}", path, std::strerror(err)));
  }
  int op = (kind == Kind::kShared ? LOCK_SH : LOCK_EX) | LOCK_NB;
  int rc;
  do {
    rc = ::flock(fd, op);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) return Status::busy(fmt::format("{}: locked", path));
    return Status::io_error(fmt::format("{}: flock: {}", path, std::strerror(err)));
  }
  return std::unique_ptr<FileLock>(new FileLock(path, fd));
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the lock
}

bool FileLock::still_linked() const {
  struct stat held {
  }, named{};
  if (::fstat(fd_, &held) != 0 || ::stat(path_.c_str(), &named) != 0) return false;
  return held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

}  // namespace mikros::fsu
