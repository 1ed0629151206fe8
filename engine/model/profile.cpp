// The profile model: tiers, keys, JSON parsing with validation, canonical JSON output.
#include "mikros/profile.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "model/codes.h"
#include "model/json_read.h"
#include "model/numbers.h"
#include "model/profile_key.h"
#include "util/json_writer.h"
#include "util/text_util.h"

namespace mikros {

Tier tier_for(std::uint64_t followers, const TierBoundaries& b) {
  if (followers >= b.mega) return Tier::kMega;
  if (followers >= b.macro) return Tier::kMacro;
  if (followers >= b.mid) return Tier::kMid;
  if (followers >= b.micro) return Tier::kMicro;
  return Tier::kNano;
}

Result<TierBoundaries> parse_tier_boundaries(std::string_view text) {
  std::vector<std::uint64_t> v;
  for (std::string_view part : split(text, ',')) {
    auto n = parse_count(trim(part));
    if (!n || *n < 1 || *n > 1e15) {
      return Status::invalid_argument(fmt::format("\"{}\" is not a follower count", part));
    }
    v.push_back(static_cast<std::uint64_t>(std::round(*n)));
  }
  if (v.size() != 4 || !(v[0] < v[1] && v[1] < v[2] && v[2] < v[3])) {
    return Status::invalid_argument(
        "expected four increasing lower bounds for micro,mid,macro,mega, e.g. 5k,50k,500k,1M");
  }
  return TierBoundaries{v[0], v[1], v[2], v[3]};
}

std::string_view tier_name(Tier tier) {
  switch (tier) {
    case Tier::kNano:
      return "nano";
    case Tier::kMicro:
      return "micro";
    case Tier::kMid:
      return "mid";
    case Tier::kMacro:
      return "macro";
    case Tier::kMega:
      return "mega";
  }
  return "nano";
}

std::optional<Tier> parse_tier(std::string_view name) {
  for (int i = 0; i < kTierCount; ++i) {
    Tier t = static_cast<Tier>(i);
    if (tier_name(t) == name) return t;
  }
  return std::nullopt;
}

std::string_view engagement_label_name(EngagementLabel label) {
  switch (label) {
    case EngagementLabel::kUnknown:
      return "unknown";
    case EngagementLabel::kLow:
      return "low";
    case EngagementLabel::kAverage:
      return "average";
    case EngagementLabel::kHigh:
      return "high";
    case EngagementLabel::kSuspicious:
      return "suspicious";
  }
  return "unknown";
}

std::optional<EngagementLabel> parse_engagement_label(std::string_view name) {
  for (int i = 0; i < kEngagementLabelCount; ++i) {
    auto label = static_cast<EngagementLabel>(i);
    if (engagement_label_name(label) == name) return label;
  }
  return std::nullopt;
}

bool is_country_code(std::string_view code) {
  auto c = codes::normalize_country(code);
  return c && ascii_upper(code) != "UK";
}

bool is_language_code(std::string_view code) {
  return codes::normalize_language(code).has_value();
}

namespace {

constexpr std::size_t kMaxNameBytes = 1'000;
constexpr std::size_t kMaxTextBytes = 20'000;  // bio, contact
constexpr std::size_t kMaxTagBytes = 140;
constexpr std::size_t kMaxHistory = 10'000;

using namespace json_read;  // NOLINT: the validation vocabulary

// A hashtag or mention: leading sigil stripped, then one non-empty word.
std::string clean_tag(std::string_view raw, char sigil, std::string_view field) {
  std::string_view s = trim(raw);
  while (!s.empty() && s.front() == sigil) s.remove_prefix(1);
  if (s.empty()) fail(field, "empty entry");
  if (s.size() > kMaxTagBytes) fail(field, fmt::format("entry longer than {} bytes", kMaxTagBytes));
  if (has_space_or_control(s)) fail(field, fmt::format("\"{}\" contains a space", s));
  return std::string(s);
}

// Checks "YYYY-MM-DD" or "YYYY-MM" (a real calendar date).
bool is_date(std::string_view s) {
  auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i) {
      if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    }
    return true;
  };
  if (!(s.size() == 7 || s.size() == 10) || !digits(0, 4) || s[4] != '-' || !digits(5, 2)) {
    return false;
  }
  int year = std::stoi(std::string(s.substr(0, 4)));
  int month = std::stoi(std::string(s.substr(5, 2)));
  if (year < 1990 || month < 1 || month > 12) return false;
  if (s.size() == 7) return true;
  if (s[7] != '-' || !digits(8, 2)) return false;
  int day = std::stoi(std::string(s.substr(8, 2)));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max_day = (month == 2 && !leap) ? 28 : kDays[month - 1];
  return day >= 1 && day <= max_day;
}

// Age bands: "13-17", "18-24", ..., "65+".
bool is_age_band(std::string_view s) {
  auto is_num = [](std::string_view d) {
    return !d.empty() && d.size() <= 3 &&
           std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!s.empty() && s.back() == '+') return is_num(s.substr(0, s.size() - 1));
  auto dash = s.find('-');
  if (dash == std::string_view::npos) return false;
  std::string_view lo = s.substr(0, dash), hi = s.substr(dash + 1);
  return is_num(lo) && is_num(hi) && std::stoi(std::string(lo)) <= std::stoi(std::string(hi));
}

void check_share_sum(const std::map<std::string, double>& shares, std::string_view field) {
  double sum = 0;
  for (const auto& [k, v] : shares) sum += v;
  // Exports round each share; allow that rounding, not a second population.
  if (sum > 1.02) fail(field, fmt::format("shares add up to {:.3g}, more than 1", sum));
}

void parse_audience(element e, Audience& a) {
  if (e.type() != element_type::OBJECT) {
    fail("audience", fmt::format("expected an object, got {}", type_name(e.type())));
  }
  simdjson::dom::object members = e.get_object().value_unsafe();
  for (auto [key, value] : members) {
    if (value.type() == element_type::NULL_VALUE) continue;
    if (key == "countries") {
      if (value.type() != element_type::OBJECT) fail("audience.countries", "expected an object");
      simdjson::dom::object shares = value.get_object().value_unsafe();
      for (auto [code, share] : shares) {
        auto cc = codes::normalize_country(code);
        if (!cc) fail("audience.countries", fmt::format("unknown country code \"{}\"", code));
        a.countries[*cc] = get_share(share, fmt::format("audience.countries.{}", code));
      }
      check_share_sum(a.countries, "audience.countries");
    } else if (key == "age") {
      if (value.type() != element_type::OBJECT) fail("audience.age", "expected an object");
      simdjson::dom::object bands = value.get_object().value_unsafe();
      for (auto [band, share] : bands) {
        if (!is_age_band(band)) {
          fail("audience.age",
               fmt::format("\"{}\" is not an age band like \"18-24\" or \"65+\"", band));
        }
        a.age[std::string(band)] = get_share(share, fmt::format("audience.age.{}", band));
      }
      check_share_sum(a.age, "audience.age");
    } else if (key == "gender") {
      if (value.type() != element_type::OBJECT) fail("audience.gender", "expected an object");
      simdjson::dom::object genders = value.get_object().value_unsafe();
      for (auto [g, share] : genders) {
        if (g == "female") {
          a.female = get_share(share, "audience.gender.female");
        } else if (g == "male") {
          a.male = get_share(share, "audience.gender.male");
        } else {
          fail("audience.gender", fmt::format("unknown key \"{}\" (expected female, male)", g));
        }
      }
      if (a.female.value_or(0) + a.male.value_or(0) > 1.02) {
        fail("audience.gender", "shares add up to more than 1");
      }
    } else if (key == "authenticity") {
      a.authenticity = get_share(value, "audience.authenticity");
    } else if (key == "top_country") {
      auto cc = codes::normalize_country(get_string(value, "audience.top_country"));
      if (!cc) fail("audience.top_country", "unknown country code");
      a.top_country = *cc;
    } else {
      fail("audience", fmt::format("unknown key \"{}\"", key));
    }
  }
}

void parse_history(element e, std::vector<FollowerSample>& out) {
  if (e.type() != element_type::ARRAY) {
    fail("follower_history", "expected an array of [date, followers] pairs");
  }
  simdjson::dom::array items = e.get_array().value_unsafe();
  for (element item : items) {
    if (out.size() >= kMaxHistory) fail("follower_history", "too many entries");
    if (item.type() != element_type::ARRAY) {
      fail("follower_history", "expected an array of [date, followers] pairs");
    }
    simdjson::dom::array pair = item.get_array().value_unsafe();
    if (pair.size() != 2) fail("follower_history", "each entry must be [date, followers]");
    std::string_view date = get_string(pair.at(0).value_unsafe(), "follower_history date");
    if (!is_date(date)) {
      fail("follower_history", fmt::format("\"{}\" is not a date (YYYY-MM-DD)", date));
    }
    out.push_back({std::string(date), get_count(pair.at(1).value_unsafe(), "follower_history")});
  }
  std::stable_sort(out.begin(), out.end(), [](const FollowerSample& a, const FollowerSample& b) {
    return a.date < b.date;
  });
}

void set_once(std::set<std::string_view>& seen, std::string_view key) {
  if (!seen.insert(key).second) fail(key, "appears twice");
}

// One flat dispatch over the schema's fields, in corpus/SCHEMA.md's order: it runs for every
// record indexed, and reads best as the schema itself.
Profile parse_object(simdjson::dom::object obj) {
  Profile p;
  std::set<std::string_view> seen;
  bool have_followers = false;
  for (auto [key, value] : obj) {
    // null means "not given" for every optional field.
    bool null = value.type() == element_type::NULL_VALUE;
    if (key == "platform") {
      set_once(seen, key);
      if (!null) p.platform = get_string(value, key);
    } else if (key == "handle") {
      set_once(seen, key);
      if (!null) p.handle = get_string(value, key);
    } else if (key == "followers") {
      set_once(seen, key);
      if (null) fail(key, "missing (required)");
      p.followers = get_count(value, key);
      have_followers = true;
    } else if (key == "name") {
      set_once(seen, key);
      if (!null) p.name = get_string(value, key);
    } else if (key == "bio") {
      set_once(seen, key);
      if (!null) p.bio = get_string(value, key);
    } else if (key == "hashtags") {
      set_once(seen, key);
      if (!null) p.hashtags = get_string_list(value, key);
    } else if (key == "mentions") {
      set_once(seen, key);
      if (!null) p.mentions = get_string_list(value, key);
    } else if (key == "country") {
      set_once(seen, key);
      if (!null) p.country = get_string(value, key);
    } else if (key == "city") {
      set_once(seen, key);
      if (!null) p.city = get_string(value, key);
    } else if (key == "languages") {
      set_once(seen, key);
      if (!null) p.languages = get_string_list(value, key);
    } else if (key == "categories") {
      set_once(seen, key);
      if (!null) p.categories = get_string_list(value, key);
    } else if (key == "following") {
      set_once(seen, key);
      if (!null) p.following = get_count(value, key);
    } else if (key == "posts") {
      set_once(seen, key);
      if (!null) p.posts = get_count(value, key);
    } else if (key == "avg_likes") {
      set_once(seen, key);
      if (!null) p.avg_likes = get_non_negative(value, key);
    } else if (key == "avg_comments") {
      set_once(seen, key);
      if (!null) p.avg_comments = get_non_negative(value, key);
    } else if (key == "avg_views") {
      set_once(seen, key);
      if (!null) p.avg_views = get_non_negative(value, key);
    } else if (key == "engagement_rate") {
      set_once(seen, key);
      if (!null) p.engagement_rate = get_number(value, key);
    } else if (key == "follower_history") {
      set_once(seen, key);
      if (!null) parse_history(value, p.follower_history);
    } else if (key == "posts_per_week") {
      set_once(seen, key);
      if (!null) p.posts_per_week = get_non_negative(value, key);
    } else if (key == "audience") {
      set_once(seen, key);
      if (!null) parse_audience(value, p.audience);
    } else if (key == "sponsored") {
      set_once(seen, key);
      if (!null) p.sponsored = get_string_list(value, key);
    } else if (key == "price_usd") {
      set_once(seen, key);
      if (!null) p.price_usd = get_non_negative(value, key);
    } else if (key == "contact") {
      set_once(seen, key);
      if (!null) p.contact = get_string(value, key);
    } else if (key == "updated_at") {
      set_once(seen, key);
      if (!null) p.updated_at = get_string(value, key);
    } else {
      // Unknown fields are kept verbatim and otherwise ignored.
      p.extra_fields.emplace_back(std::string(key), simdjson::minify(value));
    }
  }
  if (!have_followers) fail("followers", "missing (required)");
  return p;
}

// Normalises in place and checks the rules that do not depend on the JSON form.
void check_profile(Profile& p) {
  p.platform = ascii_lower(trim(p.platform));
  if (auto why = platform_error(p.platform)) fail("platform", *why);
  std::string_view handle = strip_handle_sigil(trim(p.handle));
  if (auto why = handle_error(handle)) fail("handle", *why);
  p.handle = std::string(handle);
  if (p.name.size() > kMaxNameBytes)
    fail("name", fmt::format("longer than {} bytes", kMaxNameBytes));
  if (p.bio.size() > kMaxTextBytes) fail("bio", fmt::format("longer than {} bytes", kMaxTextBytes));
  if (p.contact.size() > kMaxTextBytes) fail("contact", "too long");
  for (auto& t : p.hashtags) t = clean_tag(t, '#', "hashtags");
  for (auto& m : p.mentions) m = clean_tag(m, '@', "mentions");
  if (!trim(p.country).empty()) {
    auto cc = codes::normalize_country(trim(p.country));
    if (!cc) fail("country", fmt::format("unknown ISO 3166-1 country code \"{}\"", p.country));
    p.country = *cc;
  } else {
    p.country.clear();
  }
  for (auto& l : p.languages) {
    auto lc = codes::normalize_language(trim(l));
    if (!lc) fail("languages", fmt::format("unknown ISO 639-1 language code \"{}\"", l));
    l = *lc;
  }
  for (auto& c : p.categories) {
    std::string_view t = trim(c);
    if (t.empty()) fail("categories", "empty entry");
    if (t.size() > kMaxTagBytes) fail("categories", "entry too long");
    c = std::string(t);
  }
  if (p.engagement_rate) {
    double er = *p.engagement_rate;
    // A rate written in percent (3.4 for 3.4%) is the usual mistake: reject it rather than
    // index a 340% rate.
    if (!(er >= 0 && er <= 1)) {
      fail("engagement_rate",
           fmt::format("expected a fraction between 0 and 1 (0.034 = 3.4%), got {}", er));
    }
  }
  auto finite = [](const std::optional<double>& v) { return !v || std::isfinite(*v); };
  if (!finite(p.avg_likes) || !finite(p.avg_comments) || !finite(p.avg_views) ||
      !finite(p.posts_per_week) || !finite(p.price_usd)) {
    fail("profile", "numbers must be finite");
  }
}

}  // namespace

Result<Profile> parse_profile(std::string_view json) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto error = parse_document(parser, json, &doc)) return Status::invalid_argument(*error);
  if (doc.type() != element_type::OBJECT) {
    return Status::invalid_argument(
        fmt::format("expected a JSON object, got {}", type_name(doc.type())));
  }
  try {
    simdjson::dom::object obj = doc.get_object().value_unsafe();
    Profile p = parse_object(obj);
    check_profile(p);
    return p;
  } catch (const Invalid& e) {
    return Status::invalid_argument(e.message);
  }
}

Status validate_profile(Profile& profile) {
  try {
    check_profile(profile);
    for (const auto& s : profile.follower_history) {
      if (!is_date(s.date)) fail("follower_history", fmt::format("\"{}\" is not a date", s.date));
    }
    auto check_shares = [](const std::map<std::string, double>& m, std::string_view field) {
      for (const auto& [k, v] : m) {
        if (!(v >= 0 && v <= 1)) fail(field, "expected shares between 0 and 1");
      }
    };
    check_shares(profile.audience.countries, "audience.countries");
    check_shares(profile.audience.age, "audience.age");
    for (const auto& [code, share] : profile.audience.countries) {
      if (!codes::normalize_country(code)) {
        fail("audience.countries", fmt::format("unknown country code \"{}\"", code));
      }
    }
    return Status::ok();
  } catch (const Invalid& e) {
    return Status::invalid_argument(e.message);
  }
}

std::string to_json(const Profile& p) {
  std::string out;
  out.reserve(256 + p.bio.size() + p.name.size());
  json::Writer w(out);
  auto str = [&](const char* k, const std::string& v) {
    if (!v.empty()) w.key(k).value(v);
  };
  auto list = [&](const char* k, const std::vector<std::string>& v) {
    if (v.empty()) return;
    w.key(k).begin_array();
    for (const auto& s : v) w.value(s);
    w.end_array();
  };
  auto opt_num = [&](const char* k, const std::optional<double>& v) {
    if (v) w.key(k).value(*v);
  };
  auto opt_count = [&](const char* k, const std::optional<std::uint64_t>& v) {
    if (v) w.key(k).value(*v);
  };
  auto shares = [&](const char* k, const std::map<std::string, double>& m) {
    if (m.empty()) return;
    w.key(k).begin_object();
    for (const auto& [name, share] : m) w.key(name).value(share);
    w.end_object();
  };
  w.begin_object();
  w.key("platform").value(p.platform);
  w.key("handle").value(p.handle);
  str("name", p.name);
  str("bio", p.bio);
  list("hashtags", p.hashtags);
  list("mentions", p.mentions);
  str("country", p.country);
  str("city", p.city);
  list("languages", p.languages);
  list("categories", p.categories);
  w.key("followers").value(p.followers);
  opt_count("following", p.following);
  opt_count("posts", p.posts);
  opt_num("avg_likes", p.avg_likes);
  opt_num("avg_comments", p.avg_comments);
  opt_num("avg_views", p.avg_views);
  opt_num("engagement_rate", p.engagement_rate);
  if (!p.follower_history.empty()) {
    w.key("follower_history").begin_array();
    for (const auto& s : p.follower_history) {
      w.begin_array().value(s.date).value(s.followers).end_array();
    }
    w.end_array();
  }
  opt_num("posts_per_week", p.posts_per_week);
  const Audience& a = p.audience;
  if (!a.countries.empty() || !a.age.empty() || a.female || a.male || a.authenticity ||
      !a.top_country.empty()) {
    w.key("audience").begin_object();
    shares("countries", a.countries);
    shares("age", a.age);
    if (a.female || a.male) {
      w.key("gender").begin_object();
      if (a.female) w.key("female").value(*a.female);
      if (a.male) w.key("male").value(*a.male);
      w.end_object();
    }
    if (a.authenticity) w.key("authenticity").value(*a.authenticity);
    if (!a.top_country.empty()) w.key("top_country").value(a.top_country);
    w.end_object();
  }
  list("sponsored", p.sponsored);
  opt_num("price_usd", p.price_usd);
  str("contact", p.contact);
  str("updated_at", p.updated_at);
  for (const auto& [k, v] : p.extra_fields) w.key(k).raw(v);
  w.end_object();
  return out;
}

}  // namespace mikros
