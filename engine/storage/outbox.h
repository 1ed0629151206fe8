// The outbox record of a batch (store.h, step 1): what a commit that did not finish must
// still do, by profile id and key. Stored in RocksDB's `outbox` column family under the batch's
// generation; the format is versioned.
#ifndef MIKROS_STORAGE_OUTBOX_H
#define MIKROS_STORAGE_OUTBOX_H

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/store.h"

namespace mikros::store {

// One change of a batch as the outbox records it.
struct OutboxOp {
  Change::Kind kind;
  std::uint32_t pid;
  std::string key;
};

std::string encode_outbox(const std::vector<OutboxOp>& ops);
// False when `bytes` is not an outbox record of a known version (damaged or truncated).
bool decode_outbox(std::string_view bytes, std::vector<OutboxOp>* ops);

// A batch's changes as Columns::with_changes takes them: (pid, its facets) for an upsert,
// (pid, nullptr) for a delete. `facets` is by op (derive_all) and must outlive the result.
std::vector<std::pair<std::uint32_t, const FacetRecord*>> column_changes(
    const std::vector<OutboxOp>& ops, const std::vector<FacetRecord>& facets);

}  // namespace mikros::store

#endif  // MIKROS_STORAGE_OUTBOX_H
