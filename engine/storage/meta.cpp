#include "storage/meta.h"

#include <fmt/format.h>

#include "storage/layout.h"
#include "util/text_util.h"

namespace mikros::store {

std::string tiers_to_string(const TierBoundaries& t) {
  return fmt::format("{},{},{},{}", t.micro, t.mid, t.macro, t.mega);
}

std::optional<TierBoundaries> tiers_from_string(std::string_view s) {
  auto parts = split(s, ',');
  if (parts.size() != 4) return std::nullopt;
  std::uint64_t v[4];
  for (int i = 0; i < 4; ++i) {
    try {
      v[i] = std::stoull(std::string(parts[i]));
    } catch (...) {
      return std::nullopt;
    }
  }
  return TierBoundaries{v[0], v[1], v[2], v[3]};
}

std::optional<std::uint64_t> parse_u64(std::string_view s) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - digit) / 10) return std::nullopt;
    v = v * 10 + digit;
  }
  return v;
}

std::optional<std::uint64_t> text_generation(const Xapian::Database& db) {
  return parse_u64(db.get_metadata(layout::kMetaGeneration));
}

Result<std::uint64_t> checked_text_generation(const Xapian::Database& db, const std::string& dir) {
  const std::string text = db.get_metadata(layout::kMetaGeneration);
  if (auto g = parse_u64(text)) return *g;
  std::string shown = text.substr(0, 40);
  for (char& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  }
  return Status::corruption(fmt::format(
      "{}: the text index's generation (metadata {}) is damaged: \"{}\"; restore from a backup "
      "or rebuild with `mikros reindex`",
      dir, layout::kMetaGeneration, shown));
}

}  // namespace mikros::store
