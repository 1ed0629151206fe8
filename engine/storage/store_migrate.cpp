// Store: bringing an index of an older format to the current one when a writer opens it
// (layout.h lists the formats). Each migration goes through the commit protocol, so a crash
// in the middle leaves either format whole, and the next writable open starts it again.
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

}  // namespace

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
