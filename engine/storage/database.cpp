// Database: reading profiles and their insights, counts and accessors. Opening and the root
// directory are in database_root.cpp; verify, backup and compaction in database_admin.cpp;
// brands in brand_store.cpp.
#include <fmt/format.h>

#include <cmath>

#include "analysis/vocabulary.h"
#include "analytics/authenticity.h"
#include "analytics/peers.h"
#include "storage/database_impl.h"

namespace mikros {

Database::Database(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

namespace {

// A profile found by its key as a user wrote it: the canonical key, the index it is in and its
// id there.
struct Located {
  std::string key;
  std::shared_ptr<store::Store> store;
  std::uint32_t pid = 0;
};

// Errors: kInvalidArgument (not a key), kNotFound (no profile has it), the store's.
Result<Located> locate(const Database::Impl& impl, std::string_view key) {
  auto parsed = parse_profile_key(key);
  if (!parsed) return parsed.status();
  Located at{std::move(*parsed), impl.store(), 0};
  auto pid = at.store->pid_for(at.key);
  if (!pid) return pid.status();
  if (!*pid) return Status::not_found(fmt::format("no profile {}", at.key));
  at.pid = **pid;
  return at;
}

}  // namespace

Result<Profile> Database::get(std::string_view key) const {
  auto found = locate(*impl_, key);
  if (!found) return found.status();
  const std::string& normal = found->key;
  const auto& store = found->store;
  const std::uint32_t pid = found->pid;
  std::vector<std::optional<std::string>> json;
  if (Status st = store->read_profiles({pid}, &json); !st) return st;
  if (!json[0]) {
    // A batch deleting it may have moved on between the two reads: look again once no batch
    // is in flight. A handle still without its profile then is damage.
    auto settled = store->settled_generation();
    if (!settled) return settled.status();
    if (*settled) {
      auto again = store->pid_for(normal);
      if (!again) return again.status();
      if (*again == pid) {
        if (Status st = store->read_profiles({pid}, &json); !st) return st;
        if (!json[0]) {
          return Status::corruption(fmt::format(
              "{}: profile {} ({}) has a handle but no stored profile; run `mikros verify`",
              store->dir(), pid, normal));
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
  auto found = locate(*impl_, key);
  if (!found) return found.status();
  const std::string& normal = found->key;
  const auto& store = found->store;
  const std::uint32_t pid = found->pid;
  auto columns = store->columns();
  if (!columns) return columns.status();
  const FacetRow* row = (*columns)->row(pid);
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
  in.automated = row->automated;
  auto profile = get(normal);
  if (!profile) return profile.status();
  in.authenticity_explained =
      analytics::profile_authenticity(*profile, row->tier, row->spike, /*explain=*/true);
  return in;
}

Result<std::uint64_t> Database::count() const {
  auto reader = impl_->store()->reader();
  if (!reader) return reader.status();
  try {
    return std::uint64_t{reader->db().get_doccount()};
  } catch (const Xapian::Error& e) {
    return store::xapian_status(e, impl_->root);
  }
}

std::uint64_t Database::size() const {
  auto n = count();
  return n ? *n : 0;
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
    count_prefix(vocab::kPrefixPlatform, stats.by_platform, false);
    count_prefix(vocab::kPrefixTier, stats.by_tier, false);
    count_prefix(vocab::kPrefixCountry, stats.by_country, true);
  } catch (const Xapian::Error& e) {
    return store::xapian_status(e, impl_->root);
  }
  return stats;
}

}  // namespace mikros
