// A profile as one JSON line, written straight into a byte buffer: fields in a fixed order,
// numbers formatted here (not by printf, whose output depends on the locale).
#include <charconv>
#include <cstring>

#include "generate/profile.h"

namespace mikros::tools::gen {
namespace {

void put_string(std::string& o, std::string_view s) {
  o += '"';
  // Runs of bytes that need no escape are copied whole: most strings have none to escape.
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    o.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        o += "\\\"";
        break;
      case '\\':
        o += "\\\\";
        break;
      case '\n':
        o += "\\n";
        break;
      case '\t':
        o += "\\t";
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        o += "\\u00";
        o += kHex[c >> 4];
        o += kHex[c & 0xF];
      }
    }
  }
  o.append(s.data() + run, s.size() - run);
  o += '"';
}

void put_key(std::string& o, std::string_view key) {
  o += ",\"";
  o += key;
  o += "\":";
}

void put_uint(std::string& o, std::uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  o.append(buf, r.ptr);
}

// `scaled` / 10^decimals, trailing zeros dropped: (341, 3) -> "0.341", (1250, 1) -> "125".
void put_fixed(std::string& o, std::int64_t scaled, int decimals) {
  std::int64_t pow10 = 1;
  for (int i = 0; i < decimals; ++i) pow10 *= 10;
  put_uint(o, static_cast<std::uint64_t>(scaled / pow10));
  std::int64_t frac = scaled % pow10;
  if (frac == 0) return;
  char digits[20];
  for (int i = decimals - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  int len = decimals;
  while (len > 0 && digits[len - 1] == '0') --len;
  o += '.';
  o.append(digits, len);
}

void put_average(std::string& o, double v) {
  if (v < 100) {
    put_fixed(o, std::llround(v * 10), 1);
  } else {
    put_uint(o, static_cast<std::uint64_t>(std::llround(v)));
  }
}

void put_list(std::string& o, std::string_view key, const auto& items) {
  if (items.empty()) return;
  put_key(o, key);
  o += '[';
  bool first = true;
  for (const auto& s : items) {
    if (!first) o += ',';
    first = false;
    put_string(o, s);
  }
  o += ']';
}

void put_month(std::string& o, int months_back) {
  // Months before October 2026.
  int index = 2026 * 12 + 9 - months_back;
  int year = index / 12, month = index % 12 + 1;
  char buf[16];
  buf[0] = static_cast<char>('0' + year / 1000);
  buf[1] = static_cast<char>('0' + year / 100 % 10);
  buf[2] = static_cast<char>('0' + year / 10 % 10);
  buf[3] = static_cast<char>('0' + year % 10);
  buf[4] = '-';
  buf[5] = static_cast<char>('0' + month / 10);
  buf[6] = static_cast<char>('0' + month % 10);
  std::memcpy(buf + 7, "-01", 3);
  o += '"';
  o.append(buf, 10);
  o += '"';
}

// The "audience" object, when the profile has any of its members.
void put_audience(std::string& o, const Draft& d) {
  if (!d.has_audience ||
      (d.country_shares == 0 && !d.has_age && d.female_millis < 0 && d.authenticity_millis < 0)) {
    return;
  }
  put_key(o, "audience");
  o += '{';
  bool first = true;
  auto member = [&](std::string_view key) {
    if (!first) o += ',';
    first = false;
    put_string(o, key);
    o += ':';
  };
  if (d.country_shares > 0) {
    member("countries");
    o += '{';
    for (int i = 0; i < d.country_shares; ++i) {
      if (i > 0) o += ',';
      put_string(o, d.share_codes[i]);
      o += ':';
      put_fixed(o, d.share_millis[i], 3);
    }
    o += '}';
  }
  if (d.has_age) {
    member("age");
    o += '{';
    bool first_band = true;
    for (int band = 0; band < 6; ++band) {
      if (d.age_millis[band] < 0) continue;
      if (!first_band) o += ',';
      first_band = false;
      put_string(o, kAgeBands[band]);
      o += ':';
      put_fixed(o, d.age_millis[band], 3);
    }
    o += '}';
  }
  if (d.female_millis >= 0) {
    member("gender");
    o += "{\"female\":";
    put_fixed(o, d.female_millis, 3);
    o += ",\"male\":";
    put_fixed(o, d.male_millis, 3);
    o += '}';
  }
  if (d.authenticity_millis >= 0) {
    member("authenticity");
    put_fixed(o, d.authenticity_millis, 3);
  }
  o += '}';
}

// Who the profile is: platform, handle, name, bio, tags, mentions, place, languages, categories.
void put_identity(std::string& o, const Draft& d) {
  o += "{\"platform\":";
  put_string(o, kPlatforms[d.platform]);
  put_key(o, "handle");
  put_string(o, d.handle);
  put_key(o, "name");
  put_string(o, d.name);
  put_key(o, "bio");
  put_string(o, d.bio);
  put_list(o, "hashtags", d.hashtags);
  put_list(o, "mentions", d.mentions);
  put_key(o, "country");
  put_string(o, d.country->code);
  if (!d.city.empty()) {
    put_key(o, "city");
    put_string(o, d.city);
  }
  put_list(o, "languages", *d.languages);
  put_list(o, "categories", d.categories);
}

// "follower_history": [["YYYY-MM-01", followers], ...], oldest month first.
void put_history(std::string& o, const Draft& d) {
  if (d.history_len <= 0) return;
  put_key(o, "follower_history");
  o += '[';
  for (int k = 0; k < d.history_len; ++k) {
    if (k > 0) o += ',';
    o += '[';
    put_month(o, d.history_len - 1 - k);
    o += ',';
    put_uint(o, d.history[k]);
    o += ']';
  }
  o += ']';
}

// The numbers: followers, following, posts, averages, engagement rate, history, posting rate.
void put_figures(std::string& o, const Draft& d) {
  put_key(o, "followers");
  put_uint(o, d.followers);
  if (d.following >= 0) {
    put_key(o, "following");
    put_uint(o, static_cast<std::uint64_t>(d.following));
  }
  if (d.posts >= 0) {
    put_key(o, "posts");
    put_uint(o, static_cast<std::uint64_t>(d.posts));
  }
  if (d.avg_likes >= 0) {
    put_key(o, "avg_likes");
    put_average(o, d.avg_likes);
    put_key(o, "avg_comments");
    put_average(o, d.avg_comments);
  }
  if (d.avg_views >= 0) {
    put_key(o, "avg_views");
    put_average(o, d.avg_views);
  }
  if (d.er >= 0) {
    put_key(o, "engagement_rate");
    put_fixed(o, std::llround(d.er * 10000), 4);
  }
  put_history(o, d);
  if (d.posts_per_week >= 0) {
    put_key(o, "posts_per_week");
    put_fixed(o, std::llround(d.posts_per_week * 10), 1);
  }
}

// Sponsors, price and contact, then the update date and the fields the schema does not know.
void put_business(std::string& o, const Draft& d) {
  put_list(o, "sponsored", d.sponsored);
  if (d.price >= 0) {
    put_key(o, "price_usd");
    put_uint(o, static_cast<std::uint64_t>(d.price));
  }
  if (!d.contact.empty()) {
    put_key(o, "contact");
    put_string(o, d.contact);
  }
  put_key(o, "updated_at");
  o += "\"2026-10-";
  o += static_cast<char>('0' + d.updated_day / 10);
  o += static_cast<char>('0' + d.updated_day % 10);
  o += '"';
  // Fields the schema does not know: kept by the indexer, so they exercise that path.
  if (d.verified) o += ",\"verified\":true";
  if (!d.agency.empty()) {
    put_key(o, "agency");
    put_string(o, d.agency);
  }
}

}  // namespace

void write_profile(std::string& o, const Draft& d) {
  put_identity(o, d);
  put_figures(o, d);
  put_audience(o, d);
  put_business(o, d);
  o += "}\n";
}

}  // namespace mikros::tools::gen
