// The words of a profile: who the creator is (platform, niche, country, name) and what they
// write (handle, display name, hashtags, mentions, contact, bio).
#include <algorithm>
#include <array>
#include <string>

#include "generate/profile.h"
#include "generate/text.h"

namespace mikros::tools::gen {
namespace {

// Shares of the platform mix, in percent (kPlatforms' order).
constexpr double kPlatformWeights[kPlatformCount] = {55, 20, 12, 8, 5};

bool is_cjk(int lang) {
  return lang == static_cast<int>(Lang::kJa) || lang == static_cast<int>(Lang::kZh) ||
         lang == static_cast<int>(Lang::kTh);
}

bool has_tag(const std::vector<std::string_view>& tags, std::string_view t) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  return std::any_of(tags.begin(), tags.end(), [&](std::string_view x) {
    return x.size() == t.size() && std::equal(x.begin(), x.end(), t.begin(),
                                              [&](char a, char b) { return lower(a) == lower(b); });
  });
}

const ZipfList& niche_words(const Niche& n, int lang) {
  return n.words[lang].empty() ? n.words[0] : n.words[lang];
}

}  // namespace

void choose_identity(Draft& d, Rng& rng, const Model& m) {
  double u = rng.uniform() * 100.0;
  d.platform = 0;
  for (double acc = kPlatformWeights[0]; u >= acc && d.platform < 4;) {
    acc += kPlatformWeights[++d.platform];
  }
  const auto& cdf = m.niche_cdf[d.platform];
  double v = rng.uniform() * cdf.back();
  std::size_t ni = std::upper_bound(cdf.begin(), cdf.end(), v) - cdf.begin();
  d.niche = &m.niches[std::min(ni, m.niches.size() - 1)];
  d.niche2 = nullptr;
  if (!d.niche->related.empty() && rng.chance(0.35)) {
    d.niche2 = &m.niches[d.niche->related[rng.below(d.niche->related.size())]];
  }

  d.country = &m.countries[m.country_codes.sample_index(rng)];
  const Country& cs = *d.country;
  d.alt = cs.alt_share > 0 && rng.chance(cs.alt_share);
  d.lang = static_cast<int>(d.alt ? cs.alt_bio : cs.bio);
  d.languages = d.alt ? &d.country->alt_languages : &d.country->languages;
  const auto& cities = d.alt ? d.country->alt_cities : d.country->cities;
  d.city = rng.chance(0.85) ? cities[rng.below(cities.size())] : std::string_view();
  const Culture& culture = m.cultures[d.alt ? d.country->alt_culture : d.country->culture];
  d.given = &rng.pick(culture.given);
  d.family = &rng.pick(culture.family);
}

HandleChoice make_handle(Draft& d, Rng& rng, HandleSet& seen) {
  static constexpr std::string_view kSeps[] = {"", "", "", ".", ".", "_"};
  std::string_view sep = kSeps[rng.below(std::size(kSeps))];
  const ZipfList& hw = d.niche->handle_words;
  std::string_view w1 = hw.sample(rng);
  std::string_view w2 = hw.sample(rng);
  if (w2 == w1) w2 = hw.items[(hw.sample_index(rng) + 1) % hw.items.size()];
  const std::string& g = d.given->roman;
  const std::string& f = d.family->roman;
  HandleChoice choice{false, w1, w2};
  std::string& h = d.handle;
  h.clear();
  double u = rng.uniform();
  if (u < 0.24) {
    h.append(g).append(sep).append(f);
  } else if (u < 0.48) {
    h.append(g).append(sep).append(w1);
  } else if (u < 0.62) {
    h.append(w1).append(sep).append(w2);
    choice.brand_like = true;
  } else if (u < 0.69) {
    h.append("the").append(sep).append(w1).append(w2);
    choice.brand_like = true;
  } else if (u < 0.79) {
    h.append(w1).append(rng.chance(0.5) ? "by" : "with").append(g);
  } else if (u < 0.87) {
    h.append(g).append(f.substr(0, 1)).append(sep).append(w1);
  } else if (u < 0.95) {
    static constexpr std::string_view kSuffix[5][3] = {{"official", "daily", "studio"},
                                                       {"tok", "tiktok", "vids"},
                                                       {"vlogs", "tv", "channel"},
                                                       {"writes", "says", "tweets"},
                                                       {"plays", "ttv", "live"}};
    h.append(g).append(sep).append(kSuffix[d.platform][rng.below(3)]);
  } else {
    static constexpr std::string_view kPrefix[] = {"its", "hey", "just", "iam", "simply"};
    h.append(kPrefix[rng.below(std::size(kPrefix))]).append(g);
  }
  if (rng.chance(0.18)) {
    if (sep == "_" || rng.chance(0.2)) h += '_';
    int n = rng.chance(0.5) ? (rng.between(85, 109) % 100) : rng.between(1, 999);
    if (n < 10) h += '0';
    h += std::to_string(n);
  }
  if (h.empty() || h.front() == '.') h.insert(h.begin(), 'x');
  while (h.back() == '.') h.pop_back();
  // Taken on this platform: add digits, as people do.
  while (!seen.insert(d.platform, h)) h += static_cast<char>('0' + rng.below(10));
  return choice;
}

void make_name(Draft& d, Rng& rng, const Model& m, bool brand_like, std::string_view w1,
               std::string_view w2) {
  std::string& n = d.name;
  n.clear();
  const Culture& c = m.cultures[d.alt ? d.country->alt_culture : d.country->culture];
  if (brand_like && rng.chance(0.6)) {
    n.append(title_ascii(w1)).append(" ").append(title_ascii(w2));
    return;
  }
  bool own_script = is_cjk(d.lang) || d.lang == static_cast<int>(Lang::kKo);
  bool native = c.native_script && own_script && rng.chance(0.7);
  if (native) {
    if (rng.chance(0.4)) {
      n.append(d.given->display);
    } else if (c.family_first) {
      n.append(d.family->display);
      if (!c.joined) n += ' ';
      n.append(d.given->display);
    } else {
      n.append(d.given->display).append(" ").append(d.family->display);
    }
    if (rng.chance(0.2)) n.append(" ").append(rng.pick(d.niche->emoji));
    return;
  }
  const std::string& g = d.given->title;
  const std::string& f = c.native_script ? title_ascii(d.family->roman) : d.family->title;
  double u = rng.uniform();
  if (u < 0.45) {
    n.append(g).append(" ").append(f);
  } else if (u < 0.65) {
    n.append(g);
  } else if (u < 0.75 && d.lang == 0) {
    std::string label(d.niche->categories[0]);
    for (std::size_t i = 0; i < label.size(); ++i) {
      if ((i == 0 || label[i - 1] == ' ') && label[i] >= 'a' && label[i] <= 'z') label[i] -= 32;
    }
    n.append(g).append(" | ").append(label);
  } else if (u < 0.85) {
    n.append(g).append(" ").append(f).append(" ").append(rng.pick(d.niche->emoji));
  } else if (u < 0.93) {
    std::size_t i = 0;
    decode_utf8(f, i);
    n.append(g).append(" ").append(f.substr(0, i)).append(".");
  } else {
    n.append(d.given->roman);
  }
}

void make_tags(Draft& d, Rng& rng, const Model& m) {
  d.hashtags.clear();
  int want = rng.between(3, 8);
  const ZipfList& local = d.niche->local_tags[d.lang];
  for (int attempt = 0; attempt < want * 4 && static_cast<int>(d.hashtags.size()) < want;
       ++attempt) {
    double u = rng.uniform();
    std::string_view t;
    if (d.lang != 0 && !local.empty() && u < 0.3) {
      t = local.sample(rng);
    } else if (u < 0.4) {
      t = m.generic_tags.sample(rng);
    } else if (d.niche2 && u < 0.6) {
      t = d.niche2->tags.sample(rng);
    } else {
      t = d.niche->tags.sample(rng);
    }
    if (!has_tag(d.hashtags, t)) d.hashtags.push_back(t);
  }

  d.categories.clear();
  d.categories.push_back(d.niche->categories[0]);
  if (d.niche->categories.size() > 1 && rng.chance(0.5)) {
    d.categories.push_back(d.niche->categories[1 + rng.below(d.niche->categories.size() - 1)]);
  }
  if (d.niche2 && std::find(d.categories.begin(), d.categories.end(), d.niche2->categories[0]) ==
                      d.categories.end()) {
    d.categories.push_back(d.niche2->categories[0]);
  }
}

void make_contact(Draft& d, Rng& rng, const Model& m) {
  d.contact.clear();
  d.agency = {};
  std::string plain;  // the handle without dots and underscores
  for (char c : d.handle) {
    if (c != '.' && c != '_') plain += c;
  }
  std::string local = d.handle;
  while (!local.empty() && (local.back() == '_' || local.back() == '.')) local.pop_back();
  while (!local.empty() && (local.front() == '_' || local.front() == '.')) local.erase(0, 1);
  const auto& mail = d.country->mail;
  std::string_view provider = rng.chance(0.6) ? mail[0] : mail[rng.below(mail.size())];
  double u = rng.uniform();
  if (u < 0.35) {
    d.contact.append(local).append("@").append(provider);
  } else if (u < 0.5) {
    d.contact.append("hello@").append(plain).append(".com");
  } else if (u < 0.65) {
    d.contact.append("collabs.").append(local).append("@gmail.com");
  } else if (u < 0.8) {
    const Agency& a = rng.pick(m.agencies);
    d.contact.append(d.given->roman).append("@").append(a.domain);
    d.agency = a.name;
  } else {
    d.contact.append(d.given->roman)
        .append(".")
        .append(d.family->roman)
        .append("@")
        .append(provider);
  }
}

void make_bio(Draft& d, Rng& rng, const Model& m) {
  static constexpr std::string_view kSeps[] = {" | ", " • ", ". ", " · ", " / ", "\n", ", ", " ✨ "};
  std::string& b = d.bio;
  b.clear();
  bool cjk = is_cjk(d.lang);
  bool latin = !cjk && d.lang != static_cast<int>(Lang::kKo);
  bool lowercase = rng.chance(0.25);
  std::string_view sep = kSeps[rng.below(std::size(kSeps))];
  if (sep == ". " && !latin) sep = " ";
  const ZipfList& general = m.general[d.lang];
  const ZipfList& w1 = niche_words(*d.niche, d.lang);
  const ZipfList& w2 = d.niche2 ? niche_words(*d.niche2, d.lang) : w1;

  if (!d.city.empty() && rng.chance(0.2)) b.append("📍 ").append(d.city).append(sep);
  if (d.lang == 0 && rng.chance(0.08)) {
    static constexpr std::string_view kPronouns[] = {"she/her", "he/him", "they/them"};
    b.append(kPronouns[rng.below(3)]).append(sep);
  }
  int words = rng.between(8, 25);
  bool emoji = rng.chance(0.5);
  // Words already in the bio are drawn again (twice at most): a Zipf head word would otherwise
  // repeat in most bios ("music music"), which no one writes.
  std::array<std::string_view, 25> used;
  int n_used = 0;
  auto draw = [&] {
    double u = rng.uniform();
    return u < 0.4 ? w1.sample(rng) : u < 0.5 ? w2.sample(rng) : general.sample(rng);
  };
  while (words > 0) {
    int k = std::min(words, rng.between(2, 5));
    words -= k;
    for (int i = 0; i < k; ++i) {
      std::string_view w = draw();
      // Same list, same word: comparing where the text lives is enough.
      auto seen = [&](std::string_view x) {
        return std::any_of(used.begin(), used.begin() + n_used,
                           [&](std::string_view y) { return y.data() == x.data(); });
      };
      for (int retry = 0; retry < 2 && seen(w); ++retry) w = draw();
      used[n_used++] = w;
      if (i > 0 && !cjk) b += ' ';
      std::size_t at = b.size();
      b.append(w);
      if (i == 0 && latin && !lowercase && b[at] >= 'a' && b[at] <= 'z') b[at] -= 32;
    }
    if (emoji && rng.chance(0.4)) {
      b.append(" ").append(rng.chance(0.7) ? rng.pick(d.niche->emoji) : rng.pick(m.generic_emoji));
    }
    if (words > 0) b.append(sep);
  }
  if (!d.hashtags.empty() && rng.chance(0.2)) {
    b.append(" #").append(d.hashtags[rng.below(d.hashtags.size())]);
  }
  if (!d.mentions.empty() && rng.chance(0.25)) b.append(" @").append(d.mentions[0]);
  if (!d.contact.empty() && rng.chance(0.1)) b.append(" 📩 ").append(d.contact);
  if (rng.chance(0.06)) b.append(" linktr.ee/").append(d.handle);
}
void make_mentions(Draft& d, Rng& rng, const Model& m) {
  d.mentions.clear();
  if (!rng.chance(0.3)) return;
  int n = rng.between(1, 3);
  for (int i = 0; i < n; ++i) {
    if (rng.chance(0.5)) {
      const Niche& from = *d.niche;
      std::string h = from.brand_handles[rng.below(from.brand_handles.size())];
      if (std::find(d.mentions.begin(), d.mentions.end(), h) == d.mentions.end()) {
        d.mentions.push_back(std::move(h));
      }
    } else {
      const Culture& c = m.cultures[d.country->culture];
      std::string h = rng.pick(c.given).roman;
      h.append(rng.chance(0.5) ? "." : "").append(d.niche->handle_words.sample(rng));
      d.mentions.push_back(std::move(h));
    }
  }
}

}  // namespace mikros::tools::gen
