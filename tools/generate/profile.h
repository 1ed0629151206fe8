// One generated profile: the draft it is built in (reused from profile to profile), the parts
// that fill it and the JSON writer.
#ifndef MIKROS_TOOLS_GENERATE_PROFILE_H
#define MIKROS_TOOLS_GENERATE_PROFILE_H

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "generate/model.h"
#include "generate/random.h"
#include "mikros/profile.hpp"

namespace mikros::tools::gen {

// An open-addressing set of 64-bit hashes of (platform, handle). Two different handles with the
// same hash only make the second one change needlessly, so uniqueness stays exact.
class HandleSet {
 public:
  HandleSet() : slots_(std::size_t{1} << 12, 0) {}

  // False when the key was already present.
  bool insert(int platform, std::string_view handle) {
    std::uint64_t h = 0xCBF29CE484222325ULL ^ static_cast<std::uint64_t>(platform + 1);
    for (unsigned char c : handle) h = (h ^ c) * 0x100000001B3ULL;
    h = mix64(h) | 1;  // 0 marks an empty slot
    if ((size_ + 1) * 2 > slots_.size()) grow();
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      if (slots_[i] == h) return false;
      if (slots_[i] == 0) {
        slots_[i] = h;
        ++size_;
        return true;
      }
    }
  }

 private:
  void grow() {
    std::vector<std::uint64_t> old(slots_.size() * 2, 0);
    old.swap(slots_);
    std::size_t mask = slots_.size() - 1;
    for (std::uint64_t h : old) {
      if (h == 0) continue;
      std::size_t i = h & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = h;
    }
  }

  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
};

struct Draft {
  int platform = 0;
  const Country* country = nullptr;
  int lang = 0;
  bool alt = false;
  const Niche* niche = nullptr;
  const Niche* niche2 = nullptr;
  const NamePart* given = nullptr;
  const NamePart* family = nullptr;
  bool suspicious = false;
  bool spike = false;

  std::string handle, name, bio, contact;
  std::string_view city;
  const std::vector<std::string_view>* languages = nullptr;
  std::vector<std::string_view> categories;
  std::vector<std::string_view> hashtags;
  std::vector<std::string> mentions;

  std::uint64_t followers = 0;
  Tier tier = Tier::kNano;                  // the engine's default tier bands (mikros::tier_for)
  std::int64_t following = -1, posts = -1;  // -1: not given
  double avg_likes = -1, avg_comments = -1, avg_views = -1, er = -1;
  int history_len = 0;
  std::array<std::uint64_t, 12> history{};
  double posts_per_week = -1;

  bool has_audience = false;
  int country_shares = 0;
  std::array<std::string_view, 6> share_codes;
  std::array<int, 6> share_millis{};
  std::array<int, 6> age_millis{};  // -1: band not given
  bool has_age = false;
  int female_millis = -1, male_millis = -1, authenticity_millis = -1;

  std::vector<std::string_view> sponsored;
  double price = -1;
  int updated_day = 1;
  bool verified = false;
  std::string_view agency;
};

// Fills `d` with the next profile. The parts draw from `rng` in a fixed order: changing the
// order, or what a part draws, changes every profile after it.
void build_profile(Draft& d, Rng& rng, const Model& m, HandleSet& seen);

// The parts, in the order build_profile calls them (profile_text.cpp, profile_numbers.cpp).
void choose_identity(Draft& d, Rng& rng, const Model& m);
void make_numbers(Draft& d, Rng& rng, const Model& m);
// What make_handle chose, so that a brand-like handle ("thrifted.threads") can get a matching
// display name ("Thrifted Threads").
struct HandleChoice {
  bool brand_like = false;
  std::string_view w1, w2;
};
HandleChoice make_handle(Draft& d, Rng& rng, HandleSet& seen);
void make_name(Draft& d, Rng& rng, const Model& m, bool brand_like, std::string_view w1,
               std::string_view w2);
void make_tags(Draft& d, Rng& rng, const Model& m);
void make_mentions(Draft& d, Rng& rng, const Model& m);
void make_contact(Draft& d, Rng& rng, const Model& m);
void make_bio(Draft& d, Rng& rng, const Model& m);

// Appends the profile as one JSON line (corpus/SCHEMA.md) to `o` (profile_json.cpp).
void write_profile(std::string& o, const Draft& d);

}  // namespace mikros::tools::gen

#endif  // MIKROS_TOOLS_GENERATE_PROFILE_H
