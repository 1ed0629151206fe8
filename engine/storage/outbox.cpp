#include "storage/outbox.h"

#include "util/text_util.h"

namespace mikros::store {
namespace {

// Outbox record: version byte, then per change: kind(1) pid(be32) key_len(be16) key.
constexpr char kOutboxVersion = 1;

}  // namespace

std::string encode_outbox(const std::vector<OutboxOp>& ops) {
  std::string out(1, kOutboxVersion);
  for (const auto& op : ops) {
    out += static_cast<char>(op.kind);
    out += encode_be32(op.pid);
    out += static_cast<char>((op.key.size() >> 8) & 0xff);
    out += static_cast<char>(op.key.size() & 0xff);
    out += op.key;
  }
  return out;
}

bool decode_outbox(std::string_view v, std::vector<OutboxOp>* ops) {
  ops->clear();
  if (v.empty() || v[0] != kOutboxVersion) return false;
  for (std::size_t p = 1; p < v.size();) {
    if (p + 7 > v.size()) return false;
    OutboxOp op;
    op.kind = static_cast<Change::Kind>(v[p]);
    op.pid = static_cast<std::uint32_t>(decode_be(v.substr(p + 1, 4)));
    std::size_t len = static_cast<std::size_t>(decode_be(v.substr(p + 5, 2)));
    if (p + 7 + len > v.size()) return false;
    op.key = std::string(v.substr(p + 7, len));
    p += 7 + len;
    ops->push_back(std::move(op));
  }
  return true;
}

std::vector<std::pair<std::uint32_t, const FacetRecord*>> column_changes(
    const std::vector<OutboxOp>& ops, const std::vector<FacetRecord>& facets) {
  std::vector<std::pair<std::uint32_t, const FacetRecord*>> changes;
  changes.reserve(ops.size());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    changes.emplace_back(ops[i].pid, ops[i].kind == Change::Kind::kUpsert ? &facets[i] : nullptr);
  }
  return changes;
}

}  // namespace mikros::store
