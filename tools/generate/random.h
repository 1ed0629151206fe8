// The generator's random numbers: one xoshiro256** stream per profile and the distributions it
// draws from (Box-Muller normal, order-statistic Beta, Zipf lists). All computed here: the
// standard library's distributions differ between implementations, and the output must not.
#ifndef MIKROS_TOOLS_GENERATE_RANDOM_H
#define MIKROS_TOOLS_GENERATE_RANDOM_H

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

namespace mikros::tools::gen {

// splitmix64's finalizer.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// xoshiro256** (Blackman and Vigna), seeded by splitmix64. One stream per profile, so that
// profile i does not depend on how many numbers earlier profiles drew.
class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t x = mix64(seed) ^ mix64(stream + 0x632BE59BD9B4E019ULL);
    for (auto& s : s_) {
      x += 0x9E3779B97F4A7C15ULL;
      s = mix64(x);
    }
  }

  std::uint64_t next() {
    const std::uint64_t result = std::rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = std::rotl(s_[3], 45);
    return result;
  }

  // In [0, 1), 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // In [0, n), n < 2^32: the top 32 bits scaled by n (Lemire's multiply-shift without the
  // rejection step; the bias, under n / 2^32, is far below anything the output could show).
  std::size_t below(std::size_t n) {
    return static_cast<std::size_t>(((next() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
  }
  // In [lo, hi].
  int between(int lo, int hi) { return lo + static_cast<int>(below(hi - lo + 1)); }
  bool chance(double p) { return uniform() < p; }

  // Standard normal by Box-Muller; each pair of uniforms gives two values.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u1 = 1.0 - uniform();  // (0, 1]: log(0) would be -inf
    double u2 = uniform();
    double r = std::sqrt(-2.0 * std::log(u1));
    spare_ = r * std::sin(6.283185307179586 * u2);
    has_spare_ = true;
    return r * std::cos(6.283185307179586 * u2);
  }
  double lognormal(double median, double sigma) { return median * std::exp(sigma * normal()); }

  // Beta(a, b) for whole a, b (a + b <= 16): the a-th smallest of a + b - 1 uniforms.
  double beta(int a, int b) {
    std::array<double, 16> u{};
    int n = a + b - 1;
    for (int i = 0; i < n; ++i) u[i] = uniform();
    std::sort(u.begin(), u.begin() + n);
    return u[a - 1];
  }

  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }

 private:
  std::array<std::uint64_t, 4> s_;
  double spare_ = 0;
  bool has_spare_ = false;
};

inline double clamp(double v, double lo, double hi) {
  return std::min(hi, std::max(lo, v));
}

// A list whose entries are drawn by Zipf's law (s = 1): entry k (from 0) has weight 1/(k+1).
// Sampling uses Vose's alias table (O(1): one slot, then the slot's entry or its alias); a word
// is drawn up to 75 times per profile, and a binary search over the CDF was the hot spot. A slot
// holds both words so that a draw touches one cache line.
struct ZipfList {
  struct Slot {
    std::string_view item, alias_item;
    double keep = 1;  // probability of the slot's own entry rather than its alias
    std::uint32_t index = 0, alias = 0;
  };
  std::vector<std::string_view> items;
  std::vector<Slot> slots;

  ZipfList() = default;
  explicit ZipfList(std::vector<std::string_view> words);
  bool empty() const { return items.empty(); }
  std::size_t sample_index(Rng& rng) const {
    const Slot& s = slots[rng.below(slots.size())];
    return rng.uniform() < s.keep ? s.index : s.alias;
  }
  std::string_view sample(Rng& rng) const {
    const Slot& s = slots[rng.below(slots.size())];
    return rng.uniform() < s.keep ? s.item : s.alias_item;
  }
};

}  // namespace mikros::tools::gen

#endif  // MIKROS_TOOLS_GENERATE_RANDOM_H
