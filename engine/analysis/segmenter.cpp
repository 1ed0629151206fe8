#include "analysis/segmenter.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>

namespace mikros::analysis {
namespace {

constexpr float kInfinity = std::numeric_limits<float>::infinity();
constexpr std::size_t kMaxCorpusWordBytes = 32;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// True at the first byte of a UTF-8 sequence (or at the end).
bool char_start(std::string_view s, std::size_t i) {
  return i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
}

bool letters_only(std::string_view w) {
  for (unsigned char c : w) {
    if (c < 0x80 && !(c >= 'a' && c <= 'z')) return false;
  }
  return !w.empty();
}

std::atomic<std::uint64_t> next_serial{1};

}  // namespace

// ---- CorpusWords ----

CorpusWords::CorpusWords(const std::vector<std::pair<std::string, std::uint64_t>>& counts,
                         std::uint64_t documents)
    : documents_(std::max<std::uint64_t>(documents, 1)), serial_(next_serial++) {
  std::size_t keep = 0;
  for (const auto& [w, df] : counts) {
    if (df >= kMinDocumentFrequency && w.size() >= 2 && w.size() <= kMaxCorpusWordBytes &&
        letters_only(w)) {
      ++keep;
    }
  }
  std::size_t n = 16;
  while (n < keep * 2) n *= 2;
  slots_.resize(n);
  for (const auto& [w, df] : counts) {
    if (df < kMinDocumentFrequency || w.size() < 2 || w.size() > kMaxCorpusWordBytes ||
        !letters_only(w)) {
      continue;
    }
    std::uint64_t h = WordHash::of(w);
    std::size_t i = h & (n - 1);
    while (slots_[i].length != 0) i = (i + 1) & (n - 1);
    Slot& s = slots_[i];
    s.hash = h;
    s.offset = static_cast<std::uint32_t>(blob_.size());
    s.length = static_cast<std::uint16_t>(w.size());
    double ratio = static_cast<double>(documents_) / static_cast<double>(std::min(df, documents_));
    s.cost = kCorpusBase + static_cast<float>(std::log(ratio));
    blob_ += w;
    ++size_;
  }
}

std::optional<float> CorpusWords::cost(std::string_view w, std::uint64_t hash) const {
  if (w.size() > kMaxCorpusWordBytes || slots_.empty()) return std::nullopt;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.length == 0) return std::nullopt;
    if (s.hash == hash && s.length == w.size() &&
        std::memcmp(blob_.data() + s.offset, w.data(), w.size()) == 0) {
      return s.cost;
    }
  }
}

// ---- Segmenter ----

std::optional<float> Segmenter::lookup(std::string_view w, std::uint64_t hash) const {
  std::optional<float> best;
  if (lexicon_) {
    if (auto e = lexicon_->find(w, hash)) {
      if (e->languages == 0 || (e->languages & 1)) best = e->cost;
      if (e->languages & ~1) best = best ? std::min(*best, e->foreign_cost) : e->foreign_cost;
    }
  }
  if (corpus_) {
    if (auto c = corpus_->cost(w, hash)) best = best ? std::min(*best, *c) : *c;
  }
  return best;
}

std::optional<float> Segmenter::word_cost(std::string_view w) const {
  return lookup(w, WordHash::of(w));
}

bool Segmenter::joins(std::string_view w) const {
  if (!lexicon_) return false;
  auto e = lexicon_->find(w);
  return e && (e->flags & kWordJoins);
}

// One function on purpose: the Viterbi pass is the hot loop of hashtag segmentation (several
// per cent of indexing time), and its relaxations share the row at j and the reused arrays.
float Segmenter::segment(std::string_view s, std::vector<std::string>* out) const {
  constexpr std::size_t kStates = kLexiconLanguages;
  const std::size_t n = s.size();
  if (n == 0) return 0;
  // best[i * kStates + l]: the cheapest split of s[0:i] whose last word of a language is in
  // language l. Reused between calls: segmentation runs for every hashtag of every profile.
  thread_local std::vector<float> best;
  thread_local std::vector<std::uint32_t> back;
  thread_local std::vector<std::uint8_t> back_state;
  best.assign((n + 1) * kStates, kInfinity);
  back.assign((n + 1) * kStates, 0);
  back_state.assign((n + 1) * kStates, 0);
  for (std::size_t l = 0; l < kStates; ++l) best[l] = l == 0 ? 0 : kForeignStartCost;
  auto relax = [&](std::size_t i, std::size_t l, float cost, std::size_t from, std::size_t from_l) {
    std::size_t at = i * kStates + l;
    if (cost < best[at]) {
      best[at] = cost;
      back[at] = static_cast<std::uint32_t>(from);
      back_state[at] = static_cast<std::uint8_t>(from_l);
    }
  };
  std::size_t max_word = kMaxCorpusWordBytes;
  if (lexicon_) max_word = std::max(max_word, lexicon_->max_word_bytes());

  for (std::size_t j = 0; j < n; ++j) {
    if (!char_start(s, j)) continue;
    const float* at_j = &best[j * kStates];
    std::size_t cheapest = 0;
    for (std::size_t l = 1; l < kStates; ++l) {
      if (at_j[l] < at_j[cheapest]) cheapest = l;
    }
    if (at_j[cheapest] == kInfinity) continue;
    // A word of no particular language (digits, unknown words, domain and corpus words) keeps
    // the current language.
    auto neutral = [&](std::size_t i, float cost) {
      for (std::size_t l = 0; l < kStates; ++l) {
        if (at_j[l] != kInfinity) relax(i, l, at_j[l] + cost, j, l);
      }
    };
    // A dictionary word continues its language, or switches to it at a cost: hashtags are
    // mostly in one language, and "viajarporelmundo" is "viajar por el mundo", not "...elm
    // undo".
    auto in_language = [&](std::size_t i, const Lexicon::Entry& e) {
      for (std::size_t l = 0; l < kStates; ++l) {
        if (!(e.languages & (1u << l))) continue;
        const float cost = l == 0 ? e.cost : e.foreign_cost;
        float from = at_j[l];
        std::size_t from_l = l;
        if (at_j[cheapest] + kSwitchCost < from) {
          from = at_j[cheapest] + kSwitchCost;
          from_l = cheapest;
        }
        relax(i, l, from + cost, j, from_l);
      }
    };
    if (is_digit(s[j])) {
      std::size_t k = j;
      while (k < n && is_digit(s[k])) ++k;
      neutral(k, kDigitRunCost);
    }
    if (lexicon_ || corpus_) {
      std::uint64_t h = WordHash::kStart;
      const std::size_t limit = std::min(n, j + max_word);
      bool lexicon_alive = lexicon_ != nullptr;  // some lexicon word starts with s[j:i]
      for (std::size_t i = j; i < limit;) {
        h = WordHash::step(h, static_cast<unsigned char>(s[i]));
        ++i;
        if (!char_start(s, i)) continue;
        if (lexicon_alive) {
          auto e = lexicon_->probe(h);
          if (!e) {
            lexicon_alive = false;
          } else {
            if (!(e->flags & kPrefixOnly)) {
              if (e->languages == 0) {
                neutral(i, e->cost);
              } else {
                in_language(i, *e);
              }
            }
            if (!(e->flags & kHasLonger)) lexicon_alive = false;
          }
        }
        if (corpus_) {
          if (auto c = corpus_->cost(s.substr(j, i - j), h)) neutral(i, *c);
        } else if (!lexicon_alive) {
          break;
        }
      }
    }
    // An unknown word: letters only, costing more with every character.
    if (!is_digit(s[j])) {
      float cost = kUnknownBase;
      for (std::size_t i = j; i < n && !is_digit(s[i]);) {
        ++i;
        while (!char_start(s, i)) ++i;
        cost += kUnknownPerChar;
        neutral(i, cost);
      }
    }
  }
  std::size_t state = 0;
  for (std::size_t l = 1; l < kStates; ++l) {
    if (best[n * kStates + l] < best[n * kStates + state]) state = l;
  }
  const float total = best[n * kStates + state];
  if (out) {
    std::size_t first = out->size();
    for (std::size_t i = n; i > 0;) {
      std::size_t at = i * kStates + state;
      std::size_t j = back[at];
      state = back_state[at];
      out->emplace_back(s.substr(j, i - j));
      i = j;
    }
    std::reverse(out->begin() + static_cast<std::ptrdiff_t>(first), out->end());
  }
  return total;
}

}  // namespace mikros::analysis
