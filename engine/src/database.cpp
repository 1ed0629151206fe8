#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "analytics.h"
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

// "index." followed by at least six digits: the name of an index directory.
bool is_index_name(std::string_view name) {
  constexpr std::string_view kPrefix = "index.";
  if (name.size() < kPrefix.size() + 6 || name.substr(0, kPrefix.size()) != kPrefix) return false;
  for (char c : name.substr(kPrefix.size())) {
    if (c < '0' || c > '9') return false;
  }
  return true;
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
  if (!is_index_name(name)) {
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
    // Refuse to scatter an index into a directory that holds something else.
    if (fs::exists(path, ec)) {
      if (!fs::is_directory(path, ec)) {
        return Status::invalid_argument(fmt::format("{}: exists and is not a directory", path));
      }
      for (const auto& entry : fs::directory_iterator(path, ec)) {
        std::string n = entry.path().filename().string();
        if (!is_index_name(n) && n != "CURRENT.tmp") {
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
  return impl_->store()->put_named(layout::kCfBrands, brand_key(brand.name), to_json(brand));
}

Result<Brand> Database::brand(std::string_view name) const { return load_brand(*impl_, name); }

Result<Brand> load_brand(const Database::Impl& impl, std::string_view name) {
  auto store = impl.store();
  if (Status st = follow_writer(impl, *store); !st) return st;
  auto json = store->get_named(layout::kCfBrands, brand_key(name));
  if (!json) return json.status();
  if (!*json) return Status::not_found(fmt::format("no brand named \"{}\"", name));
  auto b = parse_brand(**json);
  if (!b) return Status::corruption(fmt::format("stored brand \"{}\" is damaged: {}", name,
                                                b.status().message()));
  return b;
}

Result<std::vector<Brand>> Database::brands() const {
  auto store = impl_->store();
  if (Status st = follow_writer(*impl_, *store); !st) return st;
  std::vector<Brand> out;
  Status damaged;
  Status st = store->scan_named(layout::kCfBrands, [&](std::string_view key, std::string_view json) {
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
