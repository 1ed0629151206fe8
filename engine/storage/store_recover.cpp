// Store: completing the batches a crash or a failed commit left in the outbox (store.h).
#include <fmt/format.h>
#include <rocksdb/db.h>

#include "storage/layout.h"
#include "storage/meta.h"
#include "storage/outbox.h"
#include "storage/rocks.h"
#include "storage/store.h"
#include "util/fault.h"
#include "util/text_util.h"

namespace mikros::store {

Status Store::load_outbox_batch(std::uint64_t g, std::string_view bytes, OutboxBatch* batch) const {
  if (!decode_outbox(bytes, &batch->ops)) {
    return Status::corruption(fmt::format("{}: outbox entry {} is damaged", dir_, g));
  }
  const auto& ops = batch->ops;
  // The stored profiles were written in step 1 of this very batch, and no later batch can
  // have started before this one finished, so they are the batch's profiles.
  batch->loaded.reserve(ops.size());  // never reallocated: `profiles` points into it
  batch->profiles.assign(ops.size(), nullptr);
  std::vector<std::uint32_t> pids;
  for (const auto& op : ops) pids.push_back(op.pid);
  std::vector<std::optional<std::string>> jsons;
  if (Status st = read_profiles(pids, &jsons); !st) return st;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].kind != Change::Kind::kUpsert) continue;
    if (!jsons[i]) {
      return Status::corruption(
          fmt::format("{}: outbox {} names profile {} that is not stored", dir_, g, ops[i].key));
    }
    auto parsed = parse_profile(*jsons[i]);
    if (!parsed) {
      return Status::corruption(fmt::format("{}: stored profile {} is damaged: {}", dir_,
                                            ops[i].key, parsed.status().message()));
    }
    batch->loaded.push_back(std::move(*parsed));
    batch->profiles[i] = &batch->loaded.back();
  }
  batch->facets = derive_all(ops, batch->profiles, g);
  return Status::ok();
}

Status Store::recover() {
  // Called with write_mu_ held or before the store is shared.
  std::uint64_t gx = 0;
  try {
    // After a failed write the writer may be unusable; a new handle sees the last commit. The
    // old one is destroyed, not closed (drop_writer()).
    if (needs_recovery_ || !writer_) {
      writer_.reset();
      writer_ = std::make_unique<Xapian::WritableDatabase>(xapian_path(), Xapian::DB_OPEN);
    }
    gx = xapian_generation();
  } catch (const Xapian::Error& e) {
    return xapian_status(e, fmt::format("{}: recovery", dir_));
  }

  std::unique_ptr<rocksdb::Iterator> it(
      rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(layout::kCfOutbox)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->key().size() != 8)
      return Status::corruption(fmt::format("{}: damaged outbox key", dir_));
    std::uint64_t g = decode_be(it->key().ToStringView());
    OutboxBatch batch;
    if (Status st = load_outbox_batch(g, it->value().ToStringView(), &batch); !st) return st;
    const auto& ops = batch.ops;
    const auto& facets = batch.facets;
    if (g > gx) {
      if (g != gx + 1) {
        return Status::corruption(
            fmt::format("{}: outbox holds generation {} but the text index is at {}", dir_, g, gx));
      }
      if (Status st = apply_xapian(g, ops, batch.profiles, facets); !st) return st;
      gx = g;
      fault::point("recover-after-xapian");
    }
    if (Status st = apply_rocks(g, ops, facets); !st) return st;
    update_columns(ops, facets, g);
    ++replayed_;
  }
  if (!it->status().ok()) return rocks_status(it->status(), dir_);

  auto progress = rocks_progress();
  if (!progress) return progress.status();
  if (progress->applied != gx) {
    return Status::corruption(fmt::format(
        "{}: the profile store is at generation {} and the text index at {}, with no pending "
        "batch to reconcile them; restore from a backup or rebuild with `mikros reindex`",
        dir_, progress->applied, gx));
  }
  needs_recovery_ = false;
  generation_ = gx;
  return Status::ok();
}

}  // namespace mikros::store
