#include "analysis/vocabulary.h"

#include <fmt/format.h>

#include "analysis/stemmer.h"
#include "util/text_util.h"

namespace mikros::vocab {
namespace {

std::string prefixed(std::string_view prefix, std::string_view value) {
  std::string t;
  t.reserve(prefix.size() + value.size());
  t += prefix;
  t += value;
  return t;
}

std::string_view strip_sigils(std::string_view s, char sigil) {
  while (!s.empty() && s.front() == sigil) s.remove_prefix(1);
  return s;
}

// The folded words of a name, joined by '-' (categories, cities).
std::string folded_words(std::string_view text) {
  const auto& analyzer = analysis::Analyzer::instance();
  std::vector<std::string> words;
  for (auto& t : analyzer.tokenize(text)) {
    if (t.kind == analysis::TokenKind::kWord || t.kind == analysis::TokenKind::kNumber) {
      words.push_back(std::move(t.text));
    } else {
      // "#fashion" or "@x" written as a category: take the word itself.
      words.push_back(analyzer.fold(t.text));
    }
  }
  return join(words, "-");
}

}  // namespace

std::string stem_term(int language, std::string_view stem) {
  std::string_view code = analysis::stem_languages()[static_cast<std::size_t>(language)].code;
  std::string t;
  t.reserve(kPrefixStem.size() + code.size() + 1 + stem.size());
  t += kPrefixStem;
  t += code;
  t += ':';
  t += stem;
  return t;
}

void stem_terms(std::string_view word, analysis::Script script, const std::vector<int>& languages,
                std::vector<std::string>& out) {
  const auto all = analysis::stem_languages();
  for (int l : languages) {
    if (all[static_cast<std::size_t>(l)].script != script) continue;
    out.push_back(stem_term(l, analysis::stem(l, word)));
  }
}

std::string bigram_term(std::string_view bigram) {
  return prefixed(kPrefixBigram, bigram);
}

std::string folded_hashtag_term(std::string_view joined_words) {
  return prefixed(kPrefixHashtag, joined_words);
}

std::string hashtag_term(std::string_view tag) {
  return prefixed(kPrefixHashtag, run_together(strip_sigils(tag, '#')));
}

std::string country_term(std::string_view iso_code) {
  return prefixed(kPrefixCountry, ascii_lower(iso_code));
}

std::string tier_term(Tier tier) {
  return prefixed(kPrefixTier, tier_name(tier));
}

std::string platform_term(std::string_view platform) {
  return prefixed(kPrefixPlatform, ascii_lower(platform));
}

std::string language_term(std::string_view iso_code) {
  return prefixed(kPrefixLanguage, ascii_lower(iso_code));
}

std::string category_term(std::string_view category) {
  return prefixed(kPrefixCategory, folded_words(category));
}

std::string city_key(std::string_view city) {
  std::string key = folded_words(city);
  // A city whose term would be too long for Xapian has none (document.cpp), and no key.
  if (kPrefixCity.size() + key.size() > kMaxTermBytes) key.clear();
  return key;
}

std::string city_term(std::string_view city) {
  return prefixed(kPrefixCity, city_key(city));
}

std::string has_term(std::string_view what) {
  return prefixed(kPrefixHas, what);
}

std::string audience_country_term(std::string_view iso_code, int level) {
  return fmt::format("{}{}:{:03d}", kPrefixAudienceCountry, ascii_lower(iso_code), level);
}

std::string audience_age_term(AgeRange range, int level) {
  return fmt::format("{}{}:{:03d}", kPrefixAudienceAge, age_range_name(range), level);
}

std::string audience_gender_term(Gender gender, int level) {
  return fmt::format("{}{}:{:03d}", kPrefixAudienceGender, gender_name(gender), level);
}

std::string mention_term(std::string_view handle) {
  return prefixed(kPrefixMention, analysis::Analyzer::instance().fold(strip_sigils(handle, '@')));
}

std::string key_term(std::string_view key) {
  return prefixed(kPrefixKey, key);
}

std::string sponsor_term(std::string_view brand) {
  return prefixed(kPrefixSponsor, run_together(strip_sigils(brand, '@')));
}

std::string run_together(std::string_view name) {
  return join(analysis::Analyzer::instance().compound_words(name), "");
}

}  // namespace mikros::vocab
