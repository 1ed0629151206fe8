#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "analytics.h"
#include "database_impl.h"
#include "fault.h"
#include "layout.h"
#include "mikros/version.hpp"

namespace mikros {

namespace fs = std::filesystem;

const char* version() {
  return MIKROS_VERSION_STRING;
}

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "OK";
    case ErrorCode::kInvalidArgument:
      return "invalid argument";
    case ErrorCode::kNotFound:
      return "not found";
    case ErrorCode::kCorruption:
      return "corruption";
    case ErrorCode::kIOError:
      return "I/O error";
    case ErrorCode::kBusy:
      return "busy";
    case ErrorCode::kIncompatibleVersion:
      return "incompatible version";
    case ErrorCode::kQuerySyntax:
      return "query syntax";
    case ErrorCode::kLimitExceeded:
      return "limit exceeded";
    case ErrorCode::kInternal:
      return "internal error";
  }
  return "unknown error";
}

std::string Status::to_string() const {
  if (is_ok()) return "OK";
  if (position_ != kNoPosition) {
    return fmt::format("{}: at {}: {}", error_code_name(code_), position_, message_);
  }
  return fmt::format("{}: {}", error_code_name(code_), message_);
}

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
    std::string gen = db.get_metadata(layout::kMetaGeneration);
    return db.get_doccount() == 0 && (gen.empty() || gen == "0");
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

Database::Database(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

Result<Database> Database::open(const std::string& path, const Options& options) {
  auto impl = std::make_shared<Impl>();
  impl->root = path;
  impl->options = options;
  const std::string current_path = (fs::path(path) / "CURRENT").string();
  std::error_code ec;

  if (options.read_only) {
    std::shared_ptr<store::Store> store;
    std::string name;
    if (Status st = open_current_read_only(*impl, &store, &name); !st) return st;
    MutexLock lock(impl->mu);
    impl->active = std::move(store);
    impl->active_name = name;
    impl->current_id = file_id(current_path);
    return Database(std::move(impl));
  }

  if (fs::exists(path, ec) && !fs::is_directory(path, ec)) {
    return Status::invalid_argument(fmt::format("{}: exists and is not a directory", path));
  }
  if (!fs::exists(current_path, ec)) {
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
  }

  // The writer role, for as long as this handle lives.
  auto root_lock = fsu::FileLock::acquire((fs::path(path) / "LOCK").string(),
                                          fsu::FileLock::Kind::kExclusive, true);
  if (!root_lock) {
    if (root_lock.status().code() == ErrorCode::kBusy) {
      return Status::busy(fmt::format(
          "{}: another writer (a process or handle holding {}/LOCK) is using this database; "
          "wait for it to finish",
          path, path));
    }
    return root_lock.status();
  }
  impl->root_lock = std::move(*root_lock);

  store::Store::OpenParams params;
  params.mode = store::Store::Mode::kWrite;
  params.tiers = options.tiers;
  params.cache_mb = options.block_cache_mb;
  std::string name;
  bool created = false;
  if (fs::exists(current_path, ec)) {
    auto current = read_current(path);
    if (!current) return current.status();
    name = *current;
    if (!fs::is_directory(fs::path(path) / name, ec)) {
      return Status::corruption(
          fmt::format("{}: CURRENT names {}, which does not exist", path, name));
    }
  } else {
    auto indexes = index_directories(path);
    if (!indexes.empty()) {
      if (auto current = read_current(path); current.status().code() != ErrorCode::kNotFound) {
        return current.status();  // index directories without CURRENT: damaged
      }
      // An interrupted creation: start it again.
      if (Status st = fsu::remove_tree((fs::path(path) / indexes[0]).string()); !st) return st;
    }
    name = index_name_for(1);
    params.create = true;
    created = true;
  }
  auto opened = store::Store::open((fs::path(path) / name).string(), params);
  if (!opened) return opened.status();
  if (created) {
    if (Status st = (*opened)->sync_to_disk(); !st) return st;
    if (Status st = write_current(path, name); !st) return st;
  }
  {
    MutexLock lock(impl->mu);
    impl->active = std::move(*opened);
    impl->active_name = name;
    impl->current_id = file_id(current_path);
  }
  impl->sweep();
  return Database(std::move(impl));
}

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

Result<std::uint64_t> Database::backup(const std::string& dest) const {
  std::error_code ec;
  if (fs::exists(dest, ec)) {
    if (!fs::is_directory(dest, ec) || !fs::is_empty(dest, ec)) {
      return Status::invalid_argument(
          fmt::format("{}: exists and is not an empty directory", dest));
    }
  }
  fs::create_directories(dest, ec);
  if (ec) return Status::io_error(fmt::format("{}: {}", dest, ec.message()));
  if (Status st = impl_->refresh(); !st) return st;
  auto store = impl_->store();
  std::string name = impl_->index_name();
  std::string index_dir = (fs::path(dest) / name).string();
  std::uint64_t generation = 0;
  Status st = store->backup_to(index_dir, &generation, impl_->writer_probe());
  if (st) st = write_current(dest, name);  // last: a copy without CURRENT is no database
  if (!st) {
    fs::remove_all(index_dir, ec);
    fs::remove(fs::path(dest) / "CURRENT.tmp", ec);
    return st;
  }
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

Result<Profile> Database::get(std::string_view key) const {
  auto store = impl_->store();
  auto colon = key.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == key.size()) {
    return Status::invalid_argument(
        fmt::format("\"{}\" is not a profile key (expected platform:handle)", key));
  }
  std::string normal = profile_key(key.substr(0, colon), key.substr(colon + 1));
  if (normal.find('@') == colon + 1) normal.erase(colon + 1, 1);  // instagram:@ana
  auto pid = store->pid_for(normal);
  if (!pid) return pid.status();
  if (!*pid) return Status::not_found(fmt::format("no profile {}", normal));
  std::vector<std::optional<std::string>> json;
  if (Status st = store->read_profiles({**pid}, &json); !st) return st;
  if (!json[0]) {
    // A batch deleting it may have moved on between the two reads: look again once no batch
    // is in flight. A handle still without its profile then is damage.
    auto settled = store->settled_generation();
    if (!settled) return settled.status();
    if (*settled) {
      auto again = store->pid_for(normal);
      if (!again) return again.status();
      if (*again == *pid) {
        if (Status st = store->read_profiles({**pid}, &json); !st) return st;
        if (!json[0]) {
          return Status::corruption(fmt::format(
              "{}: profile {} ({}) has a handle but no stored profile; run `mikros verify`",
              store->dir(), **pid, normal));
        }
      }
    }
    if (!json[0]) return Status::not_found(fmt::format("no profile {}", normal));
  }
  auto profile = parse_profile(*json[0]);
  if (!profile) {
    return Status::corruption(
        fmt::format("stored profile {} is damaged: {}", normal, profile.status().message()));
  }
  return profile;
}

Result<ProfileInsights> Database::insights(std::string_view key) const {
  if (Status st = impl_->refresh(); !st) return st;
  auto store = impl_->store();
  auto colon = key.find(':');
  if (colon == std::string_view::npos) {
    return Status::invalid_argument(
        fmt::format("\"{}\" is not a profile key (expected platform:handle)", key));
  }
  std::string handle(key.substr(colon + 1));
  if (!handle.empty() && handle.front() == '@') handle.erase(0, 1);
  std::string normal = profile_key(key.substr(0, colon), handle);
  auto pid = store->pid_for(normal);
  if (!pid) return pid.status();
  if (!*pid) return Status::not_found(fmt::format("no profile {}", normal));
  auto columns = store->columns();
  if (!columns) return columns.status();
  const FacetRow* row = (*columns)->row(**pid);
  if (!row) return Status::not_found(fmt::format("no facets for profile {} yet", normal));
  const auto& bench = (*columns)->benchmarks();
  const analytics::Band& band = bench.band(row->platform, row->tier);
  ProfileInsights in;
  in.key = normal;
  in.tier = row->tier;
  if (std::isfinite(row->engagement_rate)) in.engagement_rate = row->engagement_rate;
  in.engagement_label = bench.label(*row);
  double pct = bench.percentile(*row);
  if (std::isfinite(pct)) in.engagement_percentile = pct;
  in.peer_median = band.p50;
  in.peers_from_corpus = band.from_corpus;
  in.peer_count = band.profiles;
  if (std::isfinite(row->growth_monthly)) in.growth_monthly = row->growth_monthly;
  in.spike = row->spike;
  if (std::isfinite(row->authenticity)) in.authenticity = row->authenticity;
  in.authenticity_estimated = row->authenticity_estimated;
  return in;
}

std::uint64_t Database::size() const {
  auto reader = impl_->store()->reader();
  if (!reader) return 0;
  try {
    return reader->db().get_doccount();
  } catch (const Xapian::Error&) {
    return 0;
  }
}

std::uint64_t Database::generation() const {
  return impl_->store()->generation();
}
TierBoundaries Database::tiers() const {
  return impl_->store()->tiers();
}
const std::string& Database::path() const {
  return impl_->root;
}
bool Database::read_only() const {
  return impl_->options.read_only;
}
Status Database::refresh() {
  return impl_->refresh();
}

namespace {

// Read-only handles follow a writer's brand changes on every brand read: brands are small and
// read once per search at most, and a brand change starts no generation to notice otherwise.
Status follow_writer(const Database::Impl& impl, const store::Store& store) {
  if (!impl.options.read_only) return Status::ok();
  return store.catch_up(UINT64_MAX);
}

}  // namespace

Status Database::put_brand(Brand brand) {
  if (impl_->options.read_only) return Status::invalid_argument("database opened read-only");
  if (Status st = validate_brand(brand); !st) return st;
  MutexLock lock(impl_->named_mu);
  return impl_->store()->put_named(layout::kCfBrands, brand_key(brand.name), to_json(brand));
}

Result<Brand> Database::brand(std::string_view name) const {
  return load_brand(*impl_, name);
}

Result<Brand> load_brand(const Database::Impl& impl, std::string_view name) {
  auto store = impl.store();
  if (Status st = follow_writer(impl, *store); !st) return st;
  auto json = store->get_named(layout::kCfBrands, brand_key(name));
  if (!json) return json.status();
  if (!*json) return Status::not_found(fmt::format("no brand named \"{}\"", name));
  auto b = parse_brand(**json);
  if (!b)
    return Status::corruption(
        fmt::format("stored brand \"{}\" is damaged: {}", name, b.status().message()));
  return b;
}

Result<std::vector<Brand>> Database::brands() const {
  auto store = impl_->store();
  if (Status st = follow_writer(*impl_, *store); !st) return st;
  std::vector<Brand> out;
  Status damaged;
  Status st =
      store->scan_named(layout::kCfBrands, [&](std::string_view key, std::string_view json) {
        auto b = parse_brand(json);
        if (b) {
          out.push_back(std::move(*b));
        } else if (damaged) {
          damaged = Status::corruption(fmt::format("stored brand \"{}\" is damaged", key));
        }
      });
  if (!st) return st;
  if (!damaged) return damaged;
  return out;
}

Status Database::remove_brand(std::string_view name) {
  if (impl_->options.read_only) return Status::invalid_argument("database opened read-only");
  MutexLock lock(impl_->named_mu);
  auto store = impl_->store();
  auto existing = store->get_named(layout::kCfBrands, brand_key(name));
  if (!existing) return existing.status();
  if (!*existing) return Status::not_found(fmt::format("no brand named \"{}\"", name));
  return store->delete_named(layout::kCfBrands, brand_key(name));
}

Result<Stats> Database::stats() const {
  if (Status st = impl_->refresh(); !st) return st;
  auto store = impl_->store();
  auto reader = store->reader();
  if (!reader) return reader.status();
  Stats stats;
  stats.generation = store->generation();
  // Counts come from the filter terms' frequencies: exact, and no scan of the documents.
  auto count_prefix = [&](std::string_view prefix, std::map<std::string, std::uint64_t>& out,
                          bool upper) {
    Xapian::Database& db = reader->db();
    for (auto it = db.allterms_begin(std::string(prefix));
         it != db.allterms_end(std::string(prefix)); ++it) {
      std::string value = (*it).substr(prefix.size());
      if (upper) {
        for (char& c : value) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      out[value] = it.get_termfreq();
    }
  };
  try {
    stats.profiles = reader->db().get_doccount();
    count_prefix(layout::kPrefixPlatform, stats.by_platform, false);
    count_prefix(layout::kPrefixTier, stats.by_tier, false);
    count_prefix(layout::kPrefixCountry, stats.by_country, true);
  } catch (const Xapian::Error& e) {
    return store::xapian_status(e, impl_->root);
  }
  return stats;
}

}  // namespace mikros
