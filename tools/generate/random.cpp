#include "generate/random.h"

#include <utility>

namespace mikros::tools::gen {

ZipfList::ZipfList(std::vector<std::string_view> words) : items(std::move(words)) {
  std::size_t n = items.size();
  if (n == 0) return;
  double sum = 0;
  for (std::size_t k = 0; k < n; ++k) sum += 1.0 / static_cast<double>(k + 1);
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small, large;
  slots.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    scaled[k] = static_cast<double>(n) / static_cast<double>(k + 1) / sum;
    (scaled[k] < 1 ? small : large).push_back(static_cast<std::uint32_t>(k));
    slots[k].index = slots[k].alias = static_cast<std::uint32_t>(k);
  }
  while (!small.empty() && !large.empty()) {
    std::uint32_t s = small.back(), l = large.back();
    small.pop_back();
    slots[s].keep = scaled[s];
    slots[s].alias = l;
    scaled[l] -= 1 - scaled[s];
    if (scaled[l] < 1) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // Slots left over hold 1 up to rounding: they keep their own entry.
  for (Slot& s : slots) {
    s.item = items[s.index];
    s.alias_item = items[s.alias];
  }
}

}  // namespace mikros::tools::gen
