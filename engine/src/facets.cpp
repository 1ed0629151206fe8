#include "facets.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "analytics.h"

namespace mikros {
namespace {

constexpr std::uint8_t kRecordVersion = 1;

// Little-endian fixed-width fields, appended in the record's order.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void u8(std::uint8_t v) { out_ += static_cast<char>(v); }
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out_ += static_cast<char>((v >> (8 * i)) & 0xff);
  }
  void u64(std::uint64_t v) {
    u32(static_cast<std::uint32_t>(v));
    u32(static_cast<std::uint32_t>(v >> 32));
  }
  void f32(float f) {
    std::uint32_t v;
    std::memcpy(&v, &f, 4);
    u32(v);
  }
  void bytes(const void* p, std::size_t n) { out_.append(static_cast<const char*>(p), n); }

 private:
  std::string& out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  std::size_t remaining() const { return in_.size() - pos_; }
  std::uint8_t u8() { return take(1) ? static_cast<std::uint8_t>(in_[pos_ - 1]) : 0; }
  std::uint32_t u32() {
    if (!take(4)) return 0;
    const auto* p = reinterpret_cast<const unsigned char*>(in_.data() + pos_ - 4);
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
           std::uint32_t(p[3]) << 24;
  }
  std::uint64_t u64() {
    std::uint64_t lo = u32();
    return lo | std::uint64_t(u32()) << 32;
  }
  float f32() {
    std::uint32_t v = u32();
    float f;
    std::memcpy(&f, &v, 4);
    return f;
  }
  void bytes(void* p, std::size_t n) {
    if (take(n)) std::memcpy(p, in_.data() + pos_ - n, n);
  }
  std::string_view rest(std::size_t n) {
    return take(n) ? in_.substr(pos_ - n, n) : std::string_view();
  }

 private:
  bool take(std::size_t n) {
    if (!ok_ || in_.size() - pos_ < n) {
      ok_ = false;
      return false;
    }
    pos_ += n;
    return true;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

std::uint32_t saturate32(std::uint64_t v) {
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(v, UINT32_MAX));
}

std::uint8_t quantise_share(double share) {
  return static_cast<std::uint8_t>(std::lround(std::clamp(share, 0.0, 1.0) * 250));
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
long days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

}  // namespace

std::optional<long> day_number(const std::string& date) {
  if (date.size() < 7) return std::nullopt;
  int y = std::atoi(date.substr(0, 4).c_str());
  int m = std::atoi(date.substr(5, 2).c_str());
  int d = date.size() >= 10 ? std::atoi(date.substr(8, 2).c_str()) : 1;
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

int standard_age_band(std::string_view band) {
  int lower = 0;
  std::size_t i = 0;
  while (i < band.size() && band[i] >= '0' && band[i] <= '9')
    lower = lower * 10 + (band[i++] - '0');
  if (i == 0) return -1;
  if (lower < 13) return -1;
  if (lower < 18) return 0;
  if (lower < 25) return 1;
  if (lower < 35) return 2;
  if (lower < 45) return 3;
  if (lower < 55) return 4;
  return 5;
}

std::string encode_facets(const FacetRecord& r) {
  std::string out;
  out.reserve(96 + r.platform.size());
  Writer w(out);
  w.u8(kRecordVersion);
  w.u8(static_cast<std::uint8_t>(r.tier));
  w.u8(static_cast<std::uint8_t>((r.spike ? 1 : 0) | (r.authenticity_estimated ? 2 : 0)));
  w.bytes(r.country, 2);
  w.bytes(r.languages, 8);
  w.u64(r.followers);
  w.u32(r.following);
  w.u32(r.posts);
  for (float f :
       {r.engagement_rate, r.growth_monthly, r.authenticity, r.price_usd, r.posts_per_week}) {
    w.f32(f);
  }
  w.u64(r.generation);
  w.bytes(r.audience.countries, 6);
  w.bytes(r.audience.country_shares, 3);
  w.bytes(r.audience.age, kAgeBandCount);
  w.u8(r.audience.female);
  std::size_t n = std::min<std::size_t>(r.platform.size(), 255);
  w.u8(static_cast<std::uint8_t>(n));
  w.bytes(r.platform.data(), n);
  return out;
}

std::optional<FacetRecord> decode_facets(std::string_view bytes) {
  Reader in(bytes);
  if (in.u8() != kRecordVersion) return std::nullopt;
  FacetRecord r;
  std::uint8_t tier = in.u8();
  std::uint8_t flags = in.u8();
  if (tier >= kTierCount || flags > 3) return std::nullopt;
  r.tier = static_cast<Tier>(tier);
  r.spike = flags & 1;
  r.authenticity_estimated = flags & 2;
  in.bytes(r.country, 2);
  in.bytes(r.languages, 8);
  r.followers = in.u64();
  r.following = in.u32();
  r.posts = in.u32();
  for (float* f :
       {&r.engagement_rate, &r.growth_monthly, &r.authenticity, &r.price_usd, &r.posts_per_week}) {
    *f = in.f32();
  }
  r.generation = in.u64();
  in.bytes(r.audience.countries, 6);
  in.bytes(r.audience.country_shares, 3);
  in.bytes(r.audience.age, kAgeBandCount);
  r.audience.female = in.u8();
  std::size_t n = in.u8();
  r.platform = std::string(in.rest(n));
  if (!in.ok() || in.remaining() != 0) return std::nullopt;
  return r;
}

namespace metrics {

bool is_video_platform(std::string_view platform) {
  return platform == "youtube" || platform == "tiktok" || platform == "twitch";
}

std::optional<double> engagement_rate(const Profile& p) {
  if (p.engagement_rate) return p.engagement_rate;
  if (!p.avg_likes && !p.avg_comments) return std::nullopt;
  double interactions = p.avg_likes.value_or(0) + p.avg_comments.value_or(0);
  if (is_video_platform(p.platform) && p.avg_views && *p.avg_views > 0) {
    return interactions / *p.avg_views;
  }
  if (p.followers == 0) return std::nullopt;
  return interactions / static_cast<double>(p.followers);
}

std::optional<double> monthly_growth(const Profile& p) {
  const auto& h = p.follower_history;
  if (h.size() < 2) return std::nullopt;
  auto first = day_number(h.front().date);
  auto last = day_number(h.back().date);
  if (!first || !last || *last - *first < 7) return std::nullopt;
  double from = static_cast<double>(h.front().followers);
  double to = static_cast<double>(h.back().followers);
  if (from <= 0) return std::nullopt;
  double months = static_cast<double>(*last - *first) / 30.4375;
  return std::pow(to / from, 1.0 / months) - 1.0;
}

}  // namespace metrics

FacetRecord derive_facets(const Profile& p, const TierBoundaries& tiers, std::uint64_t generation) {
  FacetRecord r;
  r.tier = tier_for(p.followers, tiers);
  r.followers = p.followers;
  r.following = saturate32(p.following.value_or(0));
  r.posts = saturate32(p.posts.value_or(0));
  auto to_f = [](const std::optional<double>& v) { return v ? static_cast<float>(*v) : kNoValue; };
  r.engagement_rate = to_f(metrics::engagement_rate(p));
  r.growth_monthly = to_f(metrics::monthly_growth(p));
  r.spike = analytics::has_spike(p, r.tier);
  auto [auth, estimated] = analytics::authenticity(p, r.tier, r.spike);
  r.authenticity = static_cast<float>(auth);
  r.authenticity_estimated = estimated;
  r.price_usd = to_f(p.price_usd);
  r.posts_per_week = to_f(p.posts_per_week);
  r.generation = generation;
  if (p.country.size() == 2) std::memcpy(r.country, p.country.data(), 2);
  for (std::size_t i = 0; i < p.languages.size() && i < 4; ++i) {
    if (p.languages[i].size() == 2) std::memcpy(r.languages[i], p.languages[i].data(), 2);
  }
  // Audience: the three largest countries, standard age bands, female share.
  std::vector<std::pair<double, std::string>> countries;
  for (const auto& [code, share] : p.audience.countries) countries.emplace_back(share, code);
  std::stable_sort(countries.begin(), countries.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t i = 0; i < countries.size() && i < 3; ++i) {
    std::memcpy(r.audience.countries[i], countries[i].second.data(), 2);
    r.audience.country_shares[i] = quantise_share(countries[i].first);
  }
  if (countries.empty() && p.audience.top_country.size() == 2) {
    // Only the largest country is known (imported top lists): its share is unknown.
    std::memcpy(r.audience.countries[0], p.audience.top_country.data(), 2);
    r.audience.country_shares[0] = 0;
  }
  if (!p.audience.age.empty()) {
    double bands[kAgeBandCount] = {};
    for (const auto& [band, share] : p.audience.age) {
      int b = standard_age_band(band);
      if (b >= 0) bands[b] += share;
    }
    for (int b = 0; b < kAgeBandCount; ++b) r.audience.age[b] = quantise_share(bands[b]);
  }
  if (p.audience.female) r.audience.female = quantise_share(*p.audience.female);
  r.platform = p.platform;
  return r;
}

}  // namespace mikros
