#include "analysis/lexicon.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

namespace mikros::analysis {
namespace {

constexpr char kMagic[8] = {'M', 'K', 'L', 'E', 'X', 'I', 'C', 'N'};
constexpr std::uint32_t kByteOrder = 0x01020304;
constexpr std::uint32_t kImageVersion = 3;
constexpr std::size_t kMaxSourcesBytes = 1024;

struct Header {
  char magic[8];
  std::uint32_t byte_order;
  std::uint32_t version;
  std::uint64_t slots;
  std::uint64_t words;
  std::uint64_t prefixes;  // prefix-only slots
  std::uint32_t max_word_bytes;
  std::uint32_t sources_bytes;  // text after the header, padded to 8 bytes
};
static_assert(sizeof(Header) == 48);

std::size_t pad8(std::size_t n) {
  return (n + 7) & ~std::size_t{7};
}

std::uint32_t fingerprint(std::uint64_t mixed) {
  auto f = static_cast<std::uint32_t>(mixed >> 32);
  return f == 0 ? 1 : f;
}

std::uint8_t quantize(float cost) {
  float q = std::round(std::clamp(cost, 0.0f, 31.875f) * 8.0f);
  return static_cast<std::uint8_t>(q);
}

}  // namespace

// ---- Builder ----

void Lexicon::Builder::add(std::string_view word, float cost, std::uint8_t flags,
                           std::uint8_t languages) {
  if (word.empty() || word.size() > kMaxWordBytes) return;
  constexpr float kNone = 1e9f;
  auto [it, inserted] = words_.try_emplace(std::string(word), Entry{kNone, kNone, 0, 0});
  Entry& e = it->second;
  const bool was_any = !inserted && e.languages == 0;
  e.flags |= flags;
  if (languages == 0 || was_any) {
    // A word of any language: one cost for all.
    e.cost = std::min({e.cost, e.foreign_cost, cost});
    e.foreign_cost = e.cost;
    e.languages = 0;
    return;
  }
  if (languages & 1) e.cost = std::min(e.cost, cost);
  if (languages & ~1) e.foreign_cost = std::min(e.foreign_cost, cost);
  e.languages |= languages;
}

std::string Lexicon::Builder::finish() const {
  // Every proper prefix of a word, at character boundaries (Viterbi only looks there).
  std::vector<std::uint64_t> prefixes;
  std::size_t max_len = 0;
  for (const auto& [w, e] : words_) {
    max_len = std::max(max_len, w.size());
    std::uint64_t h = WordHash::kStart;
    for (std::size_t i = 0; i + 1 < w.size(); ++i) {
      h = WordHash::step(h, static_cast<unsigned char>(w[i]));
      if ((static_cast<unsigned char>(w[i + 1]) & 0xC0) != 0x80) {
        prefixes.push_back(WordHash::mix(h));
      }
    }
  }
  std::sort(prefixes.begin(), prefixes.end());
  prefixes.erase(std::unique(prefixes.begin(), prefixes.end()), prefixes.end());

  std::uint64_t slots = 8;
  const std::uint64_t entries = words_.size() + prefixes.size();
  while (slots * 3 < entries * 4) slots *= 2;  // load factor <= 3/4
  std::vector<Slot> table(slots, Slot{0, 0, 0, 0, 0});
  auto locate = [&](std::uint64_t mixed) -> Slot& {
    std::uint64_t i = mixed & (slots - 1);
    const std::uint32_t f = fingerprint(mixed);
    while (table[i].fingerprint != 0 && table[i].fingerprint != f) i = (i + 1) & (slots - 1);
    return table[i];
  };
  // Words in sorted order, so the same words always give the same bytes.
  std::vector<const std::pair<const std::string, Entry>*> sorted;
  sorted.reserve(words_.size());
  for (const auto& kv : words_) sorted.push_back(&kv);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
  for (const auto* kv : sorted) {
    std::uint64_t mixed = WordHash::mix(WordHash::of(kv->first));
    Slot& s = locate(mixed);
    s.fingerprint = fingerprint(mixed);
    s.cost = quantize(kv->second.cost);
    s.foreign_cost = quantize(kv->second.foreign_cost);
    s.flags = kv->second.flags;
    s.languages = kv->second.languages;
  }
  std::uint64_t prefix_only = 0;
  for (std::uint64_t mixed : prefixes) {
    Slot& s = locate(mixed);
    if (s.fingerprint != 0) {
      s.flags |= kHasLonger;
    } else {
      s = Slot{fingerprint(mixed), 0, 0, static_cast<std::uint8_t>(kPrefixOnly | kHasLonger), 0};
      ++prefix_only;
    }
  }

  std::string sources = sources_.substr(0, kMaxSourcesBytes);
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.byte_order = kByteOrder;
  h.version = kImageVersion;
  h.slots = slots;
  h.words = sorted.size();
  h.prefixes = prefix_only;
  h.max_word_bytes = static_cast<std::uint32_t>(max_len);
  h.sources_bytes = static_cast<std::uint32_t>(sources.size());

  std::string image;
  image.reserve(sizeof h + pad8(sources.size()) + slots * sizeof(Slot));
  image.append(reinterpret_cast<const char*>(&h), sizeof h);
  image += sources;
  image.resize(sizeof h + pad8(sources.size()), '\0');
  image.append(reinterpret_cast<const char*>(table.data()), table.size() * sizeof(Slot));
  return image;
}

// ---- Lexicon ----

Lexicon::~Lexicon() {
  if (mapping_) munmap(mapping_, size_);
}

Status Lexicon::attach(const char* data, std::size_t size) {
  auto bad = [&](std::string_view why) {
    return Status::corruption(
        fmt::format("{}: not a usable lexicon image ({})", path_.empty() ? "image" : path_, why));
  };
  Header h;
  if (size < sizeof h) return bad("too short");
  std::memcpy(&h, data, sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) return bad("wrong magic");
  if (h.byte_order != kByteOrder) return bad("written on a machine of another byte order");
  if (h.version != kImageVersion) {
    return Status::corruption(
        fmt::format("{}: lexicon image version {}, this mikros reads version {}; rebuild it with "
                    "mikros_lexicon",
                    path_, h.version, kImageVersion));
  }
  if (h.slots < 8 || (h.slots & (h.slots - 1)) != 0 || h.words + h.prefixes >= h.slots ||
      h.sources_bytes > kMaxSourcesBytes || h.max_word_bytes > kMaxWordBytes) {
    return bad("bad header");
  }
  std::size_t table = sizeof h + pad8(h.sources_bytes);
  if (table > size || (size - table) / sizeof(Slot) != h.slots ||
      (size - table) % sizeof(Slot) != 0) {
    return bad("size does not match its header");
  }
  sources_.assign(data + sizeof h, h.sources_bytes);
  slots_ = reinterpret_cast<const Slot*>(data + table);
  mask_ = h.slots - 1;
  words_ = h.words;
  max_word_bytes_ = h.max_word_bytes;
  return Status::ok();
}

Result<std::shared_ptr<const Lexicon>> Lexicon::from_image(std::string image) {
  std::shared_ptr<Lexicon> lex(new Lexicon());
  lex->owned_ = std::move(image);
  lex->size_ = lex->owned_.size();
  if (Status st = lex->attach(lex->owned_.data(), lex->owned_.size()); !st) return st;
  return std::shared_ptr<const Lexicon>(std::move(lex));
}

Result<std::shared_ptr<const Lexicon>> Lexicon::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) return Status::not_found(fmt::format("{}: no such file", path));
    return Status::io_error(fmt::format("{}: {}", path, std::strerror(err)));
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_size <= 0) {
    ::close(fd);
    return Status::corruption(fmt::format("{}: empty or unreadable lexicon image", path));
  }
  std::size_t size = static_cast<std::size_t>(st.st_size);
  void* map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  int err = errno;
  ::close(fd);
  if (map == MAP_FAILED) return Status::io_error(fmt::format("{}: {}", path, std::strerror(err)));
  std::shared_ptr<Lexicon> lex(new Lexicon());
  lex->mapping_ = map;
  lex->size_ = size;
  lex->path_ = path;
  if (Status s = lex->attach(static_cast<const char*>(map), size); !s) return s;
  return std::shared_ptr<const Lexicon>(std::move(lex));
}

std::optional<Lexicon::Entry> Lexicon::probe(std::uint64_t hash) const {
  if (!slots_) return std::nullopt;
  const std::uint64_t mixed = WordHash::mix(hash);
  const std::uint32_t want = fingerprint(mixed);
  std::uint64_t i = mixed & mask_;
  // The builder keeps a quarter of the slots empty, so a probe ends within a few slots; the
  // bound only guards against a damaged image.
  for (std::uint64_t probes = 0; probes <= mask_; ++probes, i = (i + 1) & mask_) {
    const Slot& s = slots_[i];
    if (s.fingerprint == 0) return std::nullopt;
    if (s.fingerprint == want) {
      return Entry{s.cost / 8.0f, s.foreign_cost / 8.0f, s.flags, s.languages};
    }
  }
  return std::nullopt;
}

}  // namespace mikros::analysis
