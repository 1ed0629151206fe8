#include "facets.h"

#include <algorithm>
#include <cstring>

namespace mikros {
namespace {

constexpr std::uint8_t kRecordVersion = 1;
// version(1) tier(1) label(1) flags(1) country(2) languages(8) followers(8) following(4)
// posts(4) 6 floats(24) generation(8) platform_len(1) = 63 bytes, then the platform name.
constexpr std::size_t kFixedSize = 63;

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
void put_f32(std::string& out, float f) {
  std::uint32_t v;
  std::memcpy(&v, &f, 4);
  put_u32(out, v);
}
std::uint32_t get_u32(const unsigned char* p) {
  return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
         std::uint32_t(p[3]) << 24;
}
std::uint64_t get_u64(const unsigned char* p) {
  return std::uint64_t(get_u32(p)) | std::uint64_t(get_u32(p + 4)) << 32;
}
float get_f32(const unsigned char* p) {
  std::uint32_t v = get_u32(p);
  float f;
  std::memcpy(&f, &v, 4);
  return f;
}

std::uint32_t saturate32(std::uint64_t v) {
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(v, UINT32_MAX));
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

// "YYYY-MM-DD" or "YYYY-MM" (validated by the profile parser).
std::optional<long> day_number(const std::string& date) {
  if (date.size() < 7) return std::nullopt;
  int y = std::atoi(date.substr(0, 4).c_str());
  int m = std::atoi(date.substr(5, 2).c_str());
  int d = date.size() >= 10 ? std::atoi(date.substr(8, 2).c_str()) : 1;
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

}  // namespace

std::string encode_facets(const FacetRecord& r) {
  std::string out;
  out.reserve(kFixedSize + r.platform.size());
  out += static_cast<char>(kRecordVersion);
  out += static_cast<char>(r.tier);
  out += static_cast<char>(r.er_label);
  out += static_cast<char>(r.spike ? 1 : 0);
  out.append(r.country, 2);
  for (const auto& l : r.languages) out.append(l, 2);
  put_u64(out, r.followers);
  put_u32(out, r.following);
  put_u32(out, r.posts);
  for (float f : {r.engagement_rate, r.growth_monthly, r.authenticity, r.price_usd,
                  r.posts_per_week, r.er_percentile}) {
    put_f32(out, f);
  }
  put_u64(out, r.generation);
  std::size_t n = std::min<std::size_t>(r.platform.size(), 255);
  out += static_cast<char>(n);
  out.append(r.platform, 0, n);
  return out;
}

std::optional<FacetRecord> decode_facets(std::string_view bytes) {
  if (bytes.size() < kFixedSize) return std::nullopt;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  if (p[0] != kRecordVersion || p[1] >= kTierCount || p[2] >= kEngagementLabelCount)
    return std::nullopt;
  FacetRecord r;
  r.tier = static_cast<Tier>(p[1]);
  r.er_label = static_cast<EngagementLabel>(p[2]);
  r.spike = (p[3] & 1) != 0;
  std::memcpy(r.country, p + 4, 2);
  std::memcpy(r.languages, p + 6, 8);
  r.followers = get_u64(p + 14);
  r.following = get_u32(p + 22);
  r.posts = get_u32(p + 26);
  float* floats[] = {&r.engagement_rate, &r.growth_monthly, &r.authenticity,
                     &r.price_usd,       &r.posts_per_week, &r.er_percentile};
  for (int i = 0; i < 6; ++i) *floats[i] = get_f32(p + 30 + 4 * i);
  r.generation = get_u64(p + 54);
  std::size_t n = p[62];
  if (bytes.size() != kFixedSize + n) return std::nullopt;
  r.platform.assign(bytes.substr(kFixedSize, n));
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
  r.authenticity = to_f(p.audience.authenticity);
  r.price_usd = to_f(p.price_usd);
  r.posts_per_week = to_f(p.posts_per_week);
  r.generation = generation;
  if (p.country.size() == 2) std::memcpy(r.country, p.country.data(), 2);
  for (std::size_t i = 0; i < p.languages.size() && i < 4; ++i) {
    if (p.languages[i].size() == 2) std::memcpy(r.languages[i], p.languages[i].data(), 2);
  }
  r.platform = p.platform;
  return r;
}

}  // namespace mikros
