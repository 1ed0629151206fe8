#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "database_impl.h"
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

const std::regex& index_name_pattern() {
  static const std::regex re("index\\.[0-9]{6,}");
  return re;
}

Status fsync_path(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return Status::io_error(fmt::format("{}: {}", path, std::strerror(errno)));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return Status::io_error(fmt::format("{}: fsync: {}", path, std::strerror(err)));
  return Status::ok();
}

Database::Impl::FileId file_id(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {st.st_dev, st.st_ino, st.st_mtim.tv_sec * 1'000'000'000L + st.st_mtim.tv_nsec};
}

}  // namespace

Result<std::string> read_current(const std::string& root) {
  std::string path = (fs::path(root) / "CURRENT").string();
  std::ifstream in(path);
  if (!in) return Status::not_found(fmt::format("{}: no mikros database here", root));
  std::string name;
  std::getline(in, name);
  if (!std::regex_match(name, index_name_pattern())) {
    return Status::corruption(fmt::format("{}: CURRENT is damaged (\"{}\")", root, name));
  }
  return name;
}

Status write_current(const std::string& root, const std::string& name) {
  std::string tmp = (fs::path(root) / "CURRENT.tmp").string();
  std::string path = (fs::path(root) / "CURRENT").string();
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << name << '\n';
    out.flush();
    if (!out) return Status::io_error(fmt::format("{}: cannot write", tmp));
  }
  if (Status st = fsync_path(tmp, false); !st) return st;
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::io_error(fmt::format("{}: rename: {}", path, std::strerror(errno)));
  }
  return fsync_path(root, true);
}

Status Database::Impl::refresh() {
  if (!options.read_only) return Status::ok();  // the writer itself switches indexes
  std::string current_path = (fs::path(root) / "CURRENT").string();
  FileId id = file_id(current_path);
  {
    std::lock_guard lock(mu);
    if (id == current_id) return Status::ok();
  }
  auto name = read_current(root);
  if (!name) return name.status();
  std::lock_guard lock(mu);
  current_id = id;
  if (*name == active_name) return Status::ok();
  store::Store::OpenParams params;
  params.mode = store::Store::Mode::kRead;
  params.cache_mb = options.block_cache_mb;
  auto opened = store::Store::open((fs::path(root) / *name).string(), params);
  if (!opened) return opened.status();
  active = std::move(*opened);
  active_name = *name;
  return Status::ok();
}

Database::Database(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

Result<Database> Database::open(const std::string& path, const Options& options) {
  auto impl = std::make_shared<Impl>();
  impl->root = path;
  impl->options = options;
  std::string current_path = (fs::path(path) / "CURRENT").string();

  std::error_code ec;
  bool exists = fs::exists(current_path, ec);
  if (!exists) {
    if (options.read_only || !options.create_if_missing) {
      return Status::not_found(fmt::format("{}: no mikros database here", path));
    }
    const TierBoundaries& t = options.tiers;
    if (!(t.micro <= t.mid && t.mid <= t.macro && t.macro <= t.mega)) {
      return Status::invalid_argument(
          fmt::format("tier boundaries must not decrease (micro {}, mid {}, macro {}, mega {})",
                      t.micro, t.mid, t.macro, t.mega));
    }
    // Refuse to scatter an index into a directory that holds something else.
    if (fs::exists(path, ec)) {
      if (!fs::is_directory(path, ec)) {
        return Status::invalid_argument(fmt::format("{}: exists and is not a directory", path));
      }
      for (const auto& entry : fs::directory_iterator(path, ec)) {
        std::string n = entry.path().filename().string();
        if (!std::regex_match(n, index_name_pattern()) && n != "CURRENT.tmp") {
          return Status::invalid_argument(fmt::format(
              "{}: directory is not empty and holds no mikros database (found {})", path, n));
        }
      }
    }
    fs::create_directories(path, ec);
    if (ec) return Status::io_error(fmt::format("{}: {}", path, ec.message()));
  }

  std::string name = "index.000001";
  if (exists) {
    auto current = read_current(path);
    if (!current) return current.status();
    name = *current;
  }
  store::Store::OpenParams params;
  params.mode = options.read_only ? store::Store::Mode::kRead : store::Store::Mode::kWrite;
  params.create = !exists;
  params.tiers = options.tiers;
  params.cache_mb = options.block_cache_mb;
  auto opened = store::Store::open((fs::path(path) / name).string(), params);
  if (!opened) return opened.status();
  if (!exists) {
    if (Status st = write_current(path, name); !st) return st;
  }
  impl->active = std::move(*opened);
  impl->active_name = name;
  impl->current_id = file_id(current_path);
  return Database(std::move(impl));
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
  auto json = store->profiles_json({**pid});
  if (!json[0]) return Status::not_found(fmt::format("no profile {}", normal));
  auto profile = parse_profile(*json[0]);
  if (!profile) {
    return Status::corruption(
        fmt::format("stored profile {} is damaged: {}", normal, profile.status().message()));
  }
  return profile;
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
const TierBoundaries& Database::tiers() const {
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
