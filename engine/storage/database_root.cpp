// The database root directory (database_impl.h): CURRENT, the index directories beside it,
// opening, the switch to a rebuilt index, and the sweep of retired ones.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "analysis/lexicon.h"
#include "analysis/niches.h"
#include "storage/database_impl.h"
#include "storage/layout.h"
#include "storage/meta.h"
#include "util/fault.h"

namespace mikros {

namespace fs = std::filesystem;

namespace {

// "index." and 6 to 9 digits.
bool is_index_name(const std::string& name) {
  constexpr std::string_view kPrefix = "index.";
  if (name.size() < kPrefix.size() + 6 || name.size() > kPrefix.size() + 9 ||
      name.compare(0, kPrefix.size(), kPrefix) != 0) {
    return false;
  }
  return std::all_of(name.begin() + kPrefix.size(), name.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

std::uint64_t index_number(const std::string& name) {
  return std::stoull(name.substr(6));
}

std::string index_name_for(std::uint64_t n) {
  return fmt::format("index.{:06d}", n);
}

// Index directories under `root`, by name.
std::vector<std::string> index_directories(const std::string& root) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    std::string n = it->path().filename().string();
    std::error_code type_ec;
    if (is_index_name(n) && it->is_directory(type_ec)) out.push_back(n);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Database::Impl::FileId file_id(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {st.st_dev, st.st_ino, st.st_mtim.tv_sec * 1'000'000'000L + st.st_mtim.tv_nsec};
}

Status write_all(int fd, const std::string& data, const std::string& path) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::io_error(fmt::format("{}: {}", path, std::strerror(errno)));
    done += static_cast<std::size_t>(n);
  }
  return Status::ok();
}

// A creation that stopped before CURRENT was written leaves index.000001 with nothing
// committed in it (or not even a text index).
bool interrupted_creation(const std::string& root, const std::vector<std::string>& indexes) {
  if (indexes.size() != 1 || indexes[0] != index_name_for(1)) return false;
  std::string xapian = (fs::path(root) / indexes[0] / "xapian").string();
  std::error_code ec;
  if (!fs::exists(xapian, ec)) return true;
  try {
    Xapian::Database db(xapian);
    return db.get_doccount() == 0 && store::text_generation(db).value_or(0) == 0;
  } catch (const Xapian::Error&) {
    return false;  // damaged: not ours to remove
  }
}

constexpr int kOpenAttempts = 8;

// Opens the index CURRENT names for reading, following CURRENT when a rebuild retires the
// directory between reading CURRENT and locking it.
Status open_current_read_only(Database::Impl& impl, std::shared_ptr<store::Store>* store,
                              std::string* name) {
  for (int attempt = 1;; ++attempt) {
    auto current = read_current(impl.root);
    if (!current) return current.status();
    std::string dir = (fs::path(impl.root) / *current).string();
    auto lock = store::Store::lock_in_use(dir, store::Store::Mode::kRead);
    if (!lock) {
      if (lock.status().code() == ErrorCode::kNotFound && attempt < kOpenAttempts) {
        std::this_thread::sleep_for(std::chrono::milliseconds(attempt));
        continue;
      }
      std::error_code ec;
      if (!fs::exists(dir, ec)) {
        return Status::corruption(
            fmt::format("{}: CURRENT names {}, which does not exist", impl.root, *current));
      }
      if (lock.status().code() == ErrorCode::kNotFound) {
        return Status::corruption(
            fmt::format("{}: {} has no INUSE file; open the database for writing once (e.g. "
                        "`mikros verify`) to restore it",
                        impl.root, *current));
      }
      return lock.status();
    }
    store::Store::OpenParams params;
    params.mode = store::Store::Mode::kRead;
    params.cache_mb = impl.options.block_cache_mb;
    params.in_use = std::move(*lock);
    auto opened = store::Store::open(dir, params);
    if (!opened) return opened.status();
    *store = std::move(*opened);
    *name = *current;
    return Status::ok();
  }
}

}  // namespace

Result<std::string> read_current(const std::string& root) {
  std::string path = (fs::path(root) / "CURRENT").string();
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    // Not "no database" when the path cannot be looked at (permission, a symlink loop).
    if (ec) return Status::io_error(fmt::format("{}: {}", root, ec.message()));
    if (fs::exists(fs::path(root) / kUnfinishedBackup, ec)) {
      return Status::not_found(
          fmt::format("{}: an unfinished backup (interrupted before its last step), no database; "
                      "remove it and take the backup again",
                      root));
    }
    auto indexes = index_directories(root);
    if (!indexes.empty() && !interrupted_creation(root, indexes)) {
      return Status::corruption(fmt::format(
          "{}: CURRENT is missing but index directories are present ({}); write the name of "
          "the newest complete one into {}/CURRENT, or restore from a backup",
          root, indexes.back(), root));
    }
    return Status::not_found(fmt::format("{}: no mikros database here", root));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error(fmt::format("{}: cannot read", path));
  std::string text(64, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  std::string name = text.substr(0, text.find('\n'));
  if (!is_index_name(name) || text != name + "\n") {
    std::string shown;
    for (char c : text.substr(0, 40)) {
      shown +=
          (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) ? '?' : c;
    }
    return Status::corruption(
        fmt::format("{}: CURRENT is damaged (\"{}\"); it should name an index directory such as {}",
                    root, shown, index_name_for(1)));
  }
  return name;
}

Status write_current(const std::string& root, const std::string& name) {
  std::string tmp = (fs::path(root) / "CURRENT.tmp").string();
  std::string path = (fs::path(root) / "CURRENT").string();
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::io_error(fmt::format("{}: {}", tmp, std::strerror(errno)));
  Status st = write_all(fd, name + "\n", tmp);
  if (st && ::fsync(fd) != 0) {
    st = Status::io_error(fmt::format("{}: fsync: {}", tmp, std::strerror(errno)));
  }
  ::close(fd);
  if (!st) {
    ::unlink(tmp.c_str());
    return st;
  }
  fault::point("current-before-rename");
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::io_error(fmt::format("{}: rename: {}", path, std::strerror(errno)));
  }
  return fsu::fsync_path(root, true);
}

store::Store::WriterProbe Database::Impl::writer_probe() const {
  if (root_lock) return nullptr;  // this handle is the writer
  std::string path = (fs::path(root) / "LOCK").string();
  return [path] {
    // The writer holds LOCK exclusively; a shared lock is granted only when no writer runs.
    auto probe = fsu::FileLock::acquire(path, fsu::FileLock::Kind::kShared, false);
    return !probe && probe.status().code() == ErrorCode::kBusy;
  };
}

Database::Impl::~Impl() {
  if (!root_lock) return;
  {
    MutexLock lock(mu);
    active.reset();
  }
  // The last handle on a retired index may have been one of this database's searches.
  if (sweep_pending) sweep();
}

Status Database::Impl::refresh() {
  if (!options.read_only) return Status::ok();  // the writer itself switches indexes
  std::string current_path = (fs::path(root) / "CURRENT").string();
  FileId id = file_id(current_path);
  {
    MutexLock lock(mu);
    if (id == current_id) return Status::ok();
  }
  MutexLock serial(refresh_mu);
  {
    MutexLock lock(mu);
    if (id == current_id) return Status::ok();  // another thread did it meanwhile
  }
  auto name = read_current(root);
  if (!name) return name.status();
  {
    MutexLock lock(mu);
    if (*name == active_name) {
      current_id = id;
      return Status::ok();
    }
  }
  std::shared_ptr<store::Store> opened;
  std::string opened_name;
  if (Status st = open_current_read_only(*this, &opened, &opened_name); !st) return st;
  std::shared_ptr<store::Store> old;
  {
    MutexLock lock(mu);
    old = std::move(active);
    active = std::move(opened);
    active_name = opened_name;
    current_id = id;
  }
  return Status::ok();  // `old` goes when its last search ends, and with it its INUSE lock
}

namespace {
Status check_tiers(const TierBoundaries& t) {
  if (t.micro <= t.mid && t.mid <= t.macro && t.macro <= t.mega) return Status::ok();
  return Status::invalid_argument(
      fmt::format("tier boundaries must not decrease (micro {}, mid {}, macro {}, mega {})",
                  t.micro, t.mid, t.macro, t.mega));
}
}  // namespace

Status Database::Impl::reserve_next_index(std::string* name, std::shared_ptr<store::Store>* live) {
  std::uint64_t newest = 0;
  {
    MutexLock lock(mu);
    if (!building.empty()) return Status::busy(fmt::format("{}: a rebuild is running", root));
    *live = active;
    newest = index_number(active_name);
  }
  for (const auto& n : index_directories(root)) newest = std::max(newest, index_number(n));
  MutexLock lock(mu);
  if (!building.empty()) return Status::busy(fmt::format("{}: a rebuild is running", root));
  *name = index_name_for(newest + 1);
  building = *name;
  return Status::ok();
}

Status Database::Impl::begin_rebuild(const std::optional<TierBoundaries>& tiers, std::string* name,
                                     std::shared_ptr<store::Store>* built) {
  if (!root_lock) return Status::invalid_argument("database opened read-only");
  if (tiers) {
    if (Status st = check_tiers(*tiers); !st) return st;
  }
  std::shared_ptr<store::Store> live;
  if (Status st = reserve_next_index(name, &live); !st) return st;
  store::Store::OpenParams params;
  params.mode = store::Store::Mode::kWrite;
  params.create = true;
  params.tiers = tiers.value_or(live->tiers());
  params.cache_mb = options.block_cache_mb;
  params.base_generation = live->generation();
  auto opened = store::Store::open((fs::path(root) / *name).string(), params);
  if (!opened) {
    {
      MutexLock lock(mu);
      building.clear();
    }
    sweep();  // removes what the failed open created
    return opened.status();
  }
  *built = std::move(*opened);
  return Status::ok();
}

Status Database::Impl::publish(const std::string& name, std::shared_ptr<store::Store> built,
                               bool* switched) {
  *switched = false;
  if (Status st = built->sync_to_disk(); !st) return st;
  if (Status st = fsu::fsync_path(root, true); !st) return st;  // the new directory's entry
  fault::point("publish-before-current");
  Status st = write_current(root, name);
  if (!st) {
    // A failure after the rename (fsync of the directory) has switched nonetheless.
    auto current = read_current(root);
    if (!current || *current != name) return st;
  }
  *switched = true;
  fault::point("publish-after-current");
  std::shared_ptr<store::Store> old;
  {
    MutexLock lock(mu);
    old = std::move(active);
    active = std::move(built);
    active_name = name;
    building.clear();
    current_id = file_id((fs::path(root) / "CURRENT").string());
  }
  old.reset();  // unless a search still holds it, its INUSE lock goes here
  sweep();
  return st;
}

void Database::Impl::abandon(std::shared_ptr<store::Store> built) {
  built.reset();
  {
    MutexLock lock(mu);
    building.clear();
  }
  sweep();
}

void Database::Impl::sweep() {
  if (!root_lock) return;
  std::string keep, keep_building;
  {
    MutexLock lock(mu);
    keep = active_name;
    keep_building = building;
  }
  bool left = false;
  for (const auto& name : index_directories(root)) {
    if (name == keep || name == keep_building) continue;
    std::string dir = (fs::path(root) / name).string();
    std::string in_use = (fs::path(dir) / "INUSE").string();
    auto lock = fsu::FileLock::acquire(in_use, fsu::FileLock::Kind::kExclusive, true);
    if (!lock) {
      left = true;  // a handle (here or in another process) still uses it
      continue;
    }
    // Unlinked first: a reader that finds no INUSE, or locks the unlinked one, moves on.
    ::unlink(in_use.c_str());
    std::error_code ec;
    fs::remove_all(fs::path(dir) / "xapian", ec);
    fault::point("sweep-mid-remove");
    if (!fsu::remove_tree(dir)) left = true;
  }
  std::error_code ec;
  fs::remove((fs::path(root) / "CURRENT.tmp"), ec);
  sweep_pending = left;
}

namespace {

// A writable open's first steps on the root: when there is no database yet, that the
// directory may hold one (nothing else in it), and creating it.
Status prepare_root(const std::string& path, const Options& options) {
  std::error_code ec;
  if (fs::exists(path, ec) && !fs::is_directory(path, ec)) {
    return Status::invalid_argument(fmt::format("{}: exists and is not a directory", path));
  }
  if (fs::exists(fs::path(path) / "CURRENT", ec)) return Status::ok();
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return Status::io_error(fmt::format("{}: {}", path, ec.message()));
  }
  if (!options.create_if_missing) return read_current(path).status();
  if (Status st = check_tiers(options.tiers); !st) return st;
  // Refuse to scatter an index into a directory that holds something else.
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    std::string n = it->path().filename().string();
    if (!is_index_name(n) && n != "CURRENT.tmp" && n != "LOCK") {
      return Status::invalid_argument(fmt::format(
          "{}: directory is not empty and holds no mikros database (found {})", path, n));
    }
  }
  ec.clear();
  fs::create_directories(path, ec);
  if (ec) return Status::io_error(fmt::format("{}: {}", path, ec.message()));
  return Status::ok();
}

// The writer role, held by the handle for as long as it lives.
Result<std::unique_ptr<fsu::FileLock>> take_writer_role(const std::string& path) {
  auto root_lock = fsu::FileLock::acquire((fs::path(path) / "LOCK").string(),
                                          fsu::FileLock::Kind::kExclusive, true);
  if (!root_lock && root_lock.status().code() == ErrorCode::kBusy) {
    return Status::busy(fmt::format(
        "{}: another writer (a process or handle holding {}/LOCK) is using this database; wait "
        "for it to finish",
        path, path));
  }
  return root_lock;
}

// The index a writer serves: the one CURRENT names, or a new index.000001 (`*created`) when
// there is none yet, starting again an interrupted creation.
Status writer_index(const std::string& path, std::string* name, bool* created) {
  std::error_code ec;
  *created = false;
  if (fs::exists(fs::path(path) / "CURRENT", ec)) {
    auto current = read_current(path);
    if (!current) return current.status();
    *name = *current;
    if (!fs::is_directory(fs::path(path) / *name, ec)) {
      return Status::corruption(
          fmt::format("{}: CURRENT names {}, which does not exist", path, *name));
    }
    return Status::ok();
  }
  auto indexes = index_directories(path);
  if (!indexes.empty()) {
    if (auto current = read_current(path); current.status().code() != ErrorCode::kNotFound) {
      return current.status();  // index directories without CURRENT: damaged
    }
    if (Status st = fsu::remove_tree((fs::path(path) / indexes[0]).string()); !st) return st;
  }
  *name = index_name_for(1);
  *created = true;
  return Status::ok();
}

}  // namespace

Result<Database> Database::open(const std::string& path, const Options& options) {
  // Without its dictionary a database answers differently (hashtags are not split into words):
  // the host hears of it here rather than through changed results.
  if (Status st = analysis::require_lexicon(options.data_dir); !st) return st;
  // Without its niche vocabulary, queries would quietly stop matching by meaning.
  if (Status st = analysis::require_niches(options.data_dir); !st) return st;
  auto impl = std::make_shared<Impl>();
  impl->root = path;
  impl->options = options;
  const std::string current_path = (fs::path(path) / "CURRENT").string();
  std::shared_ptr<store::Store> store;
  std::string name;
  if (options.read_only) {
    if (Status st = open_current_read_only(*impl, &store, &name); !st) return st;
  } else {
    if (Status st = prepare_root(path, options); !st) return st;
    auto root_lock = take_writer_role(path);
    if (!root_lock) return root_lock.status();
    impl->root_lock = std::move(*root_lock);
    bool created = false;
    if (Status st = writer_index(path, &name, &created); !st) return st;
    store::Store::OpenParams params;
    params.mode = store::Store::Mode::kWrite;
    params.create = created;
    params.tiers = options.tiers;
    params.cache_mb = options.block_cache_mb;
    const std::string index_dir = (fs::path(path) / name).string();
    auto opened = store::Store::open(index_dir, params);
    if (!opened) {
      // A creation that failed half-way (an I/O error in Xapian's or RocksDB's first files)
      // would leave a directory that the next open cannot tell from a damaged index.
      // Best effort: the open's error is the one to report.
      if (created) (void)fsu::remove_tree(index_dir);
      return opened.status();
    }
    store = std::move(*opened);
    if (created) {
      Status st = store->sync_to_disk();
      if (st) st = write_current(path, name);
      std::error_code ec;
      if (!st && !fs::exists(fs::path(path) / "CURRENT", ec)) {
        store.reset();
        (void)fsu::remove_tree(index_dir);
      }
      if (!st) return st;
    }
  }
  {
    MutexLock lock(impl->mu);
    impl->active = std::move(store);
    impl->active_name = name;
    impl->current_id = file_id(current_path);
  }
  impl->sweep();  // a no-op for read-only handles
  return Database(std::move(impl));
}

}  // namespace mikros
