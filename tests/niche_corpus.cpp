#include "niche_corpus.h"

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "support.h"

namespace mikros::test {
namespace {

// SplitMix64: a fixed, portable sequence (the standard distributions differ between libraries).
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  double unit() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }

 private:
  std::uint64_t state_;
};

struct Niche {
  std::string name;
  std::vector<std::string> words;
  std::vector<std::string> hashtags;
};

const std::vector<Niche>& niches() {
  static const std::vector<Niche> kNiches = {
      {"fashion",
       {"thrift", "vintage", "outfit", "capsule", "wardrobe", "style", "denim", "styling",
        "secondhand", "closet", "runway", "tailoring"},
       {"ootd", "slowfashion", "thriftflip", "vintagestyle", "capsulewardrobe"}},
      {"fitness",
       {"workout", "strength", "squat", "deadlift", "cardio", "gym", "mobility", "kettlebell",
        "conditioning", "protein", "hypertrophy", "sprint"},
       {"fitfam", "legday", "gymlife", "strengthtraining", "homeworkout"}},
      {"food",
       {"recipe", "vegan", "baking", "sourdough", "pasta", "kitchen", "spices", "dumplings",
        "brunch", "fermented", "ramen", "pastry"},
       {"foodie", "plantbased", "homecooking", "veganrecipes", "breadbaking"}},
      {"travel",
       {"backpacking", "itinerary", "hostel", "passport", "roadtrip", "islands", "trekking",
        "wanderlust", "beaches", "hiking", "flights", "nomad"},
       {"travelgram", "vanlife", "digitalnomad", "solotravel", "hikingadventures"}},
      {"gaming",
       {"speedrun", "esports", "console", "streamer", "rpg", "controller", "multiplayer", "indie",
        "retro", "leaderboard", "boss", "loot"},
       {"gamer", "twitchstreamer", "retrogaming", "indiegames", "speedrunning"}},
      {"beauty",
       {"skincare", "makeup", "serum", "lipstick", "foundation", "glow", "moisturizer", "eyeliner",
        "fragrance", "haircare", "nails", "sunscreen"},
       {"skincareroutine", "makeuptutorial", "glowup", "crueltyfree", "beautytips"}},
      {"tech",
       {"gadgets", "smartphone", "laptop", "coding", "startup", "robotics", "keyboard", "software",
        "unboxing", "benchmarks", "linux", "chips"},
       {"techreview", "coding", "gadgetlover", "buildinpublic", "mechanicalkeyboard"}},
      {"parenting",
       {"toddler", "newborn", "parenting", "homeschool", "naptime", "playdate", "bedtime", "family",
        "diapers", "milestones", "preschool", "lullaby"},
       {"momlife", "dadlife", "parentingtips", "toddlerlife", "familytime"}},
  };
  return kNiches;
}

// Words any creator may use, in every niche.
const std::vector<std::string>& common_words() {
  static const std::vector<std::string> kWords = {
      "and", "the",     "my",   "of",  "love",  "life", "daily", "with",
      "for", "sharing", "tips", "new", "every", "week", "your",  "best"};
  return kWords;
}

struct Place {
  std::string country;  // empty: none given
  std::vector<std::string> languages;
};

const std::vector<Place>& places() {
  static const std::vector<Place> kPlaces = {
      {"US", {"en"}}, {"US", {"en", "es"}}, {"CA", {"en", "fr"}}, {"GB", {"en"}},
      {"FR", {"fr"}}, {"ES", {"es"}},       {"BR", {"pt"}},       {"DE", {"de", "en"}},
      {"JP", {"ja"}}, {"IN", {"en", "hi"}}, {"MX", {"es"}},       {"", {}},
  };
  return kPlaces;
}

const std::vector<std::string>& platforms() {
  static const std::vector<std::string> kPlatforms = {"instagram", "instagram", "tiktok",
                                                      "youtube",   "twitter",   "twitch"};
  return kPlatforms;
}

// Follower counts at and around every tier boundary, used before random ones.
const std::vector<std::uint64_t>& boundary_followers() {
  static const std::vector<std::uint64_t> kCounts = {
      0,      1,      4999,   5000,   5001,   10000,   49999,   50000,   50001,
      100000, 499999, 500000, 500001, 999999, 1000000, 1000001, 1500000, 25000000};
  return kCounts;
}

std::string json_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += (i ? ",\"" : "\"") + items[i] + "\"";
  }
  return out + "]";
}

}  // namespace

std::vector<CorpusProfile> generated_corpus(std::size_t count) {
  Random rng(20240607);
  std::vector<CorpusProfile> out;
  for (std::size_t i = 0; i < count; ++i) {
    const Niche& niche = niches()[i % niches().size()];
    const Place& place = rng.pick(places());
    const std::string& platform = rng.pick(platforms());
    std::string handle = fmt::format("{}_{}{}", niche.name, rng.pick(niche.words), i);

    std::vector<std::string> bio;
    std::size_t words = 8 + rng.below(10);
    for (std::size_t w = 0; w < words; ++w) {
      bio.push_back(rng.below(3) == 0 ? rng.pick(common_words()) : rng.pick(niche.words));
    }
    std::vector<std::string> tags;
    for (std::size_t t = 0, n = 1 + rng.below(3); t < n; ++t)
      tags.push_back(rng.pick(niche.hashtags));
    std::vector<std::string> languages = place.languages;
    if (i == 7) languages = {"en", "es", "fr", "de", "it"};  // more than four languages

    std::uint64_t followers =
        i < boundary_followers().size()
            ? boundary_followers()[i]
            : static_cast<std::uint64_t>(std::exp(std::log(200.0) + rng.unit() * std::log(1e5)));
    std::string fields =
        fmt::format(R"("name":"{} {}","bio":"{}","hashtags":{},"followers":{})", niche.name, i,
                    fmt::format("{}", fmt::join(bio, " ")), json_list(tags), followers);
    if (!place.country.empty()) fields += fmt::format(R"(,"country":"{}")", place.country);
    if (!languages.empty()) fields += fmt::format(R"(,"languages":{})", json_list(languages));
    if (rng.below(4) != 0) fields += fmt::format(R"(,"categories":["{}"])", niche.name);
    // Engagement: every tenth profile has none; a few sit exactly on round rates.
    if (i % 10 != 3) {
      double er =
          i % 10 == 5 ? 0.01 * static_cast<double>(1 + rng.below(6)) : 0.002 + rng.unit() * 0.12;
      fields += fmt::format(R"(,"engagement_rate":{})", er);
    }
    if (rng.below(3) == 0) {
      fields += fmt::format(R"(,"price_usd":{})", 50 * (1 + rng.below(20)));
    }
    if (rng.below(3) == 0) {
      fields += fmt::format(R"(,"audience":{{"authenticity":{}}})",
                            0.05 * static_cast<double>(10 + rng.below(11)));
    }
    if (rng.below(2) == 0) {
      std::uint64_t from = 1000 + rng.below(50000);
      std::uint64_t to = rng.below(4) == 0 ? from : from + rng.below(20000);
      fields +=
          fmt::format(R"(,"follower_history":[["2023-01-01",{}],["2023-07-01",{}]])", from, to);
    }
    CorpusProfile p;
    p.line = profile_line(platform, handle, fields);
    auto parsed = parse_profile(p.line);
    REQUIRE(parsed);
    p.profile = std::move(*parsed);
    p.niche = niche.name;
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<CorpusProfile> realistic_corpus(std::string* source) {
  std::string path = source_dir() + "/corpus/profiles.jsonl";
  std::ifstream in(path);
  if (in) {
    std::vector<CorpusProfile> out;
    std::string line;
    while (std::getline(in, line)) {
      auto parsed = parse_profile(line);
      if (!parsed) continue;
      out.push_back({line, std::move(*parsed), ""});
    }
    if (!out.empty()) {
      if (source) *source = path;
      return out;
    }
  }
  if (source) *source = "generated";
  return generated_corpus();
}

Database index_corpus(const std::string& path, const std::vector<CorpusProfile>& profiles) {
  auto db = Database::open(path);
  REQUIRE(db);
  Indexer indexer(*db);
  for (const auto& p : profiles) REQUIRE(indexer.upsert_json(p.line));
  REQUIRE(indexer.commit());
  return std::move(*db);
}

}  // namespace mikros::test
