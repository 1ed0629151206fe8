// Store: bringing an index of an older format to the current one when a writer opens it
// (layout.h lists the formats): format 2's keys (handles folded), then the documents and facets
// records of formats 3 and 4 (rebuilt from the stored profiles). Each migration goes through the
// commit protocol, so a crash in the middle leaves either format whole, and the next writable open
// starts it again.
#include <fmt/format.h>
#include <rocksdb/db.h>

#include "model/profile_key.h"
#include "storage/layout.h"
#include "storage/rocks.h"
#include "storage/store.h"
#include "util/text_util.h"

namespace mikros::store {
namespace {

bool is_ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Profiles per commit of a migration that rebuilds every document: one generation each, so a
// migration of a large index needs no more memory than an ordinary batch.
constexpr std::size_t kMigrationBatch = 5000;

}  // namespace

Status Store::rebuild_all(std::size_t batch) {
  // The iterator reads the profiles as they were when it was made; the commits write the same
  // profiles again. A crash leaves the old format recorded: the next writable open starts over.
  std::unique_ptr<rocksdb::Iterator> it(
      rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(layout::kCfProfiles)));
  std::vector<Change> changes;
  auto flush = [&]() -> Status {
    if (changes.empty()) return Status::ok();
    Status st = commit(changes, nullptr, /*rebuild=*/true);
    changes.clear();
    return st;
  };
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto profile = parse_profile(it->value().ToStringView());
    if (!profile) {
      return Status::corruption(fmt::format("{}: migrating profile id {}: {}", dir_,
                                            decode_be(it->key().ToStringView()),
                                            profile.status().message()));
    }
    std::string key = profile_key(*profile);
    changes.push_back({Change::Kind::kUpsert, std::move(key), std::move(*profile)});
    if (changes.size() >= batch) {
      if (Status st = flush(); !st) return st;
    }
  }
  if (!it->status().ok()) return rocks_status(it->status(), dir_);
  return flush();
}

Status Store::migrate() {
  if (format_ == 2) {
    // Format 2 lowercased the ASCII letters of a key's handle only; format 3 folds every
    // letter (profile_key). A key with other letters moves to its folded form: its profile is
    // deleted under the old key and indexed again under the new one, in one generation. Two
    // handles that differ only in case become one profile: the one whose old key sorts last.
    std::vector<Change> changes;
    std::unique_ptr<rocksdb::Iterator> it(
        rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(layout::kCfHandles)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string key = it->key().ToString();
      const auto colon = key.find(':');
      if (it->value().size() != 4) {
        return Status::corruption(fmt::format("{}: damaged handle entry for {}", dir_, key));
      }
      if (is_ascii(key) || colon == std::string::npos) continue;
      if (profile_key(key.substr(0, colon), key.substr(colon + 1)) == key) continue;
      std::vector<std::optional<std::string>> json;
      const auto pid = static_cast<std::uint32_t>(decode_be(it->value().ToStringView()));
      if (Status st = read_profiles({pid}, &json); !st) return st;
      auto profile = json[0] ? parse_profile(*json[0]) : Status::not_found("no stored profile");
      if (!profile) {
        return Status::corruption(fmt::format("{}: migrating {}: profile {}: {}", dir_, key, pid,
                                              profile.status().message()));
      }
      changes.push_back({Change::Kind::kDelete, key, {}});
      Change upsert{Change::Kind::kUpsert, profile_key(*profile), std::move(*profile)};
      changes.push_back(std::move(upsert));
    }
    if (!it->status().ok()) return rocks_status(it->status(), dir_);
    if (!changes.empty()) {
      if (Status st = commit(changes, nullptr); !st) return st;
    }
  }
  if (format_ <= 4) {
    // Format 4 indexes the audience's shares, the city and what a profile gives (has:) as
    // terms, and keeps every audience country, the male share, the city and those flags in
    // the facets record; format 5 drops the text index's value slots and keeps the numbers
    // exact in the facets record: every document and record is built again from its stored
    // profile. (Removing the old value slots is the last write Xapian may end the process on
    // when it fails: the outbox finishes it at the next open.)
    if (Status st = rebuild_all(kMigrationBatch); !st) return st;
  }
  // The new format, in both stores: RocksDB's first, so that a text index at the new format
  // never stands beside a profile store at the old one.
  MutexLock lock(write_mu_);
  const std::string format = std::to_string(layout::kFormatVersion);
  rocksdb::WriteOptions sync;
  sync.sync = true;
  if (auto st = rocks_->db->Put(sync, cf(layout::kCfMeta), layout::kMetaFormatKey, format);
      !st.ok()) {
    return rocks_status(st, dir_);
  }
  try {
    writer_->set_metadata(layout::kMetaFormat, format);
    writer_->commit();
  } catch (const Xapian::Error& e) {
    return xapian_status(e, fmt::format("{}: recording format {}", dir_, format));
  }
  format_ = layout::kFormatVersion;
  return Status::ok();
}

}  // namespace mikros::store
