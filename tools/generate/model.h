// The generator's model: the data files of corpus/generator/ (built into the program), split
// and weighted once. corpus/generator/README.md describes the files.
#ifndef MIKROS_TOOLS_GENERATE_MODEL_H
#define MIKROS_TOOLS_GENERATE_MODEL_H

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "generate/random.h"

namespace mikros::tools::gen {

// Bio languages, in the order of the model's per-language arrays.
enum class Lang : std::uint8_t { kEn, kEs, kFr, kDe, kPt, kIt, kJa, kZh, kTh, kKo };
inline constexpr int kLangCount = 10;
inline constexpr std::string_view kLangCodes[kLangCount] = {"en", "es", "fr", "de", "pt",
                                                            "it", "ja", "zh", "th", "ko"};

inline constexpr std::string_view kPlatforms[] = {"instagram", "tiktok", "youtube", "twitter",
                                                  "twitch"};
inline constexpr int kPlatformCount = 5;
enum Platform { kInstagram, kTikTok, kYouTube, kTwitter, kTwitch };

// Audience age bands; a niche's age_center indexes them.
inline constexpr std::string_view kAgeBands[] = {"13-17", "18-24", "25-34",
                                                 "35-44", "45-54", "55+"};

// One niche: the words, tags and audience that profiles of this niche share (niches.tsv and
// the niche_*.tsv files).
struct Niche {
  std::string_view key;
  std::vector<std::string_view> categories;  // the main one first
  double weight = 0;                         // relative share among all profiles
  // Relative affinity for each platform: the platform is drawn first (to keep the platform mix
  // exact) and the niche then in proportion to weight x affinity.
  std::array<double, kPlatformCount> affinity{};
  double female = 0;      // typical female share of the audience
  double age_center = 0;  // typical audience age, as an index into kAgeBands (0 = 13-17)
  std::array<ZipfList, kLangCount> words;       // bio words
  ZipfList tags;                                // hashtags in every language
  std::array<ZipfList, kLangCount> local_tags;  // hashtags in one language (en unused)
  ZipfList handle_words;
  std::vector<std::string_view> emoji;
  std::vector<std::string_view> brands;    // for sponsored posts
  std::vector<std::string> brand_handles;  // "Levi's" -> "levis"
  std::vector<int> related;                // niches a second niche is drawn from
};

// One name: given or family.
struct NamePart {
  std::string display;  // as written in the culture's script
  std::string roman;    // lowercase ASCII, for handles and e-mail
  std::string title;    // the romanized form capitalized ("Misaki"), or the display form
};

// The names of one naming tradition (cultures.tsv, names.tsv).
struct Culture {
  std::string_view key;
  std::vector<NamePart> given, family;
  bool family_first = false;   // display "田中美咲" rather than "美咲 田中"
  bool joined = false;         // no space between family and given name (CJK)
  bool native_script = false;  // entries are "native/romanized"
};

// A country (countries.tsv, cities.tsv). Some creators of a country write in another language
// (Spanish in the US, French in Canada): that happens with alt_share, with their own languages,
// name tradition and cities.
struct Country {
  std::string_view code;
  std::vector<std::string_view> languages;  // the "languages" field, the bio language's code first
  Lang bio = Lang::kEn;
  int culture = 0;  // index into Model::cultures
  std::vector<std::string_view> cities, mail;
  double alt_share = 0;
  std::vector<std::string_view> alt_languages;
  Lang alt_bio = Lang::kEn;
  int alt_culture = 0;
  std::vector<std::string_view> alt_cities;
  bool traditional_chinese = false;  // Taiwan writes Chinese in traditional characters
};

struct Agency {
  std::string_view name, domain;
};

// Simplified -> traditional Chinese, one character.
struct HanPair {
  char32_t simplified, traditional;
};

struct Model {
  std::array<ZipfList, kLangCount> general;  // everyday bio words
  std::vector<Niche> niches;
  // Per platform: cumulative niche weights (weight x affinity).
  std::array<std::vector<double>, kPlatformCount> niche_cdf;
  std::vector<Culture> cultures;
  std::vector<Country> countries;
  ZipfList country_codes;  // Zipf over the countries' order: the index is also into countries
  ZipfList generic_tags;
  std::vector<std::string_view> generic_emoji;
  std::vector<Agency> agencies;
  std::vector<HanPair> han;  // sorted by the simplified character
};

// The model, built from the data files on first use. A data file that does not parse throws
// std::runtime_error naming the file and line.
const Model& model();

}  // namespace mikros::tools::gen

#endif  // MIKROS_TOOLS_GENERATE_MODEL_H
