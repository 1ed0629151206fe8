// The figures of a profile: followers (log-normal), engagement by platform and tier, posting,
// follower history, audience, price and sponsors.
#include <algorithm>
#include <array>
#include <cmath>

#include "generate/profile.h"

namespace mikros::tools::gen {
namespace {

// Rounds an average for output: one decimal below 100, else at most 6 significant digits.
double round_average(double x) {
  if (x < 100) return std::round(x * 10) / 10;
  auto v = static_cast<std::uint64_t>(std::llround(x));
  std::uint64_t f = 1;
  while (v / f >= 1'000'000) f *= 10;
  return static_cast<double>((v + f / 2) / f * f);
}

// Engagement per follower on Instagram (published medians by size); other platforms scale it
// or measure per view.
constexpr double kErMedian[kTierCount] = {0.055, 0.035, 0.022, 0.016, 0.012};
// Per-view rates fall with size too, if less steeply.
constexpr double kViewTier[kTierCount] = {1.2, 1.0, 0.85, 0.75, 0.7};

// Average likes, comments and views, and the engagement rate, from `f` followers. Returns the
// rate drawn (before the averages are rounded), which the price depends on.
double make_engagement(Draft& d, Rng& rng, double f, int tier) {
  double base = f;
  double er = 0;
  bool views = false;
  double comment_share = 0.03;
  switch (d.platform) {
    case kInstagram:
      er = rng.lognormal(kErMedian[tier], 0.45);
      break;
    case kTwitter:
      er = rng.lognormal(kErMedian[tier] * 0.3, 0.5);
      comment_share = 0.12;
      break;
    case kTikTok:
      base = f * clamp(rng.lognormal(0.35, 0.8), 0.02, 5);
      er = rng.lognormal(0.07 * kViewTier[tier], 0.4);
      views = true;
      comment_share = 0.012;
      break;
    case kYouTube:
      base = f * clamp(rng.lognormal(0.12, 0.8), 0.01, 3);
      er = rng.lognormal(0.04 * kViewTier[tier], 0.45);
      views = true;
      comment_share = 0.045;
      break;
    default:  // twitch: average viewers per stream
      base = f * clamp(rng.lognormal(0.02, 0.6), 0.001, 0.5);
      er = rng.lognormal(0.12 * kViewTier[tier], 0.5);
      views = true;
      comment_share = 0.35;
      break;
  }
  if (views && rng.chance(0.1)) {  // no view counts: the rate is per follower
    er *= base / f;
    base = f;
    views = false;
  }
  if (d.suspicious) er *= rng.uniform(4, 10);
  er = clamp(er, 0.001, 0.6);
  double interactions = er * base;
  double c = clamp(rng.lognormal(comment_share, 0.5), 0.001, 0.6);
  d.avg_views = views ? round_average(base) : -1;
  d.avg_comments = round_average(interactions * c);
  d.avg_likes = round_average(interactions - interactions * c);
  double denom = views ? d.avg_views : static_cast<double>(d.followers);
  bool averages = rng.chance(0.92);
  d.er = -1;
  if (!averages || rng.chance(0.5)) {
    double measured = denom > 0 ? (d.avg_likes + d.avg_comments) / denom : er;
    d.er = clamp(std::round(measured * 10000) / 10000, 0.0001, 1.0);
  }
  if (!averages) d.avg_likes = d.avg_comments = d.avg_views = -1;
  return er;
}

// Posts per week, posts, and accounts followed.
void make_posting(Draft& d, Rng& rng, double f) {
  static constexpr double kPerWeek[5] = {3.5, 6, 1.2, 15, 4};
  d.posts_per_week = std::max(0.1, std::round(rng.lognormal(kPerWeek[d.platform], 0.5) * 10) / 10);
  double weeks = clamp(rng.lognormal(160, 0.7), 8, 900);
  d.posts =
      std::max<std::int64_t>(1, std::llround(d.posts_per_week * weeks * rng.uniform(0.8, 1.2)));
  if (rng.chance(0.1)) d.posts = -1;
  if (rng.chance(0.12)) d.posts_per_week = -1;

  static constexpr double kFollowing[5] = {700, 250, 0, 800, 120};
  d.following = -1;
  if (d.suspicious && rng.chance(0.6)) {
    d.following = std::llround(f * rng.uniform(0.85, 1.15));
  } else if (d.platform != kYouTube && rng.chance(0.9)) {
    d.following = std::llround(clamp(rng.lognormal(kFollowing[d.platform], 0.9), 0, 7500));
  }
}

// Monthly follower history ending 2026-10-01, walked backwards from today's count `f`.
void make_history(Draft& d, Rng& rng, double f) {
  d.history_len = 0;
  if (d.spike || rng.chance(0.85)) {
    int n = rng.between(6, 12);
    double u = rng.uniform();
    double trend = -0.02 + 0.10 * u * u;
    int spike_at = d.spike ? n - 2 - static_cast<int>(rng.below(std::min(4, n - 1))) : -1;
    double h = f * (1 - rng.uniform(0, 0.015));
    for (int k = n - 1; k >= 0; --k) {
      d.history[k] = static_cast<std::uint64_t>(std::llround(h));
      double g = std::max(-0.06, trend + 0.012 * rng.normal());
      if (k - 1 == spike_at) g = rng.uniform(0.4, 1.2);
      h /= 1 + g;
    }
    d.history_len = n;
  }
}

// The audience: countries, age bands, gender and authenticity.
void make_audience(Draft& d, Rng& rng, const Model& m) {
  d.has_audience = rng.chance(0.8);
  d.country_shares = 0;
  d.has_age = false;
  d.female_millis = d.male_millis = d.authenticity_millis = -1;
  if (d.has_audience) {
    if (rng.chance(0.95)) {
      double left = 0.97;
      double home = d.suspicious              ? rng.uniform(0.1, 0.3)
                    : d.country->code == "US" ? rng.uniform(0.45, 0.8)
                                              : rng.uniform(0.3, 0.75);
      d.share_codes[0] = d.country->code;
      d.share_millis[0] = static_cast<int>(home * 1000);
      left -= home;
      d.country_shares = 1;
      int others = rng.between(2, 4);
      for (int i = 0; i < others * 3 && d.country_shares <= others; ++i) {
        std::string_view code = m.country_codes.sample(rng);
        if (std::find(d.share_codes.begin(), d.share_codes.begin() + d.country_shares, code) !=
            d.share_codes.begin() + d.country_shares) {
          continue;
        }
        double share = left * rng.uniform(0.15, 0.45);
        int millis = static_cast<int>(share * 1000);
        if (millis <= 0) break;
        left -= share;
        d.share_codes[d.country_shares] = code;
        d.share_millis[d.country_shares++] = millis;
      }
    }
    if (rng.chance(0.85)) {
      d.has_age = true;
      double center = d.niche->age_center + 0.3 * rng.normal();
      std::array<double, 6> w{};
      double sum = 0;
      for (int band = 0; band < 6; ++band) {
        double x = (band - center) / 1.1;
        w[band] = std::exp(-0.5 * x * x) * rng.uniform(0.7, 1.3);
        sum += w[band];
      }
      for (int band = 0; band < 6; ++band) {
        int millis = static_cast<int>(w[band] / sum * 1000);  // truncation keeps the sum <= 1
        d.age_millis[band] = millis >= 5 ? millis : -1;
      }
    }
    if (rng.chance(0.9)) {
      double female = clamp(d.niche->female + 0.08 * rng.normal(), 0.03, 0.97);
      d.female_millis = static_cast<int>(female * 1000);
      d.male_millis = static_cast<int>((1 - female) * rng.uniform(0.95, 1.0) * 1000);
    }
    if (d.suspicious || d.spike || rng.chance(0.85)) {
      double a = d.suspicious ? rng.uniform(0.35, 0.55)
                 : d.spike    ? rng.uniform(0.45, 0.7)
                              : 0.98 - 0.43 * rng.beta(2, 5);
      d.authenticity_millis = static_cast<int>(std::lround(a * 1000));
    }
  }
}

// Price per post: about $12 per thousand followers, more for good engagement and video.
void make_price(Draft& d, Rng& rng, double f, double er, int tier) {
  d.price = -1;
  if (rng.chance(0.7)) {
    static constexpr double kPlatformPrice[5] = {1, 0.9, 1.8, 0.4, 1.2};
    double quality = clamp(std::sqrt(er / kErMedian[tier]), 0.5, 2);
    if (d.suspicious) quality = 1;
    double p = (20 + f * 0.012) * kPlatformPrice[d.platform] * quality * rng.lognormal(1, 0.35);
    double step = p < 200 ? 5 : p < 2000 ? 25 : p < 20000 ? 100 : 500;
    d.price = std::max(15.0, std::round(p / step) * step);
  }
}

// Sponsored brands: bigger accounts have more.
void make_sponsors(Draft& d, Rng& rng, int tier) {
  d.sponsored.clear();
  static constexpr int kMaxBrands[5] = {2, 3, 4, 4, 4};
  int brands = tier == 0   ? (rng.chance(0.6) ? 0 : rng.between(1, 2))
               : tier == 1 ? rng.between(0, kMaxBrands[1])
                           : rng.between(1, kMaxBrands[tier]);
  for (int i = 0; i < brands * 3 && static_cast<int>(d.sponsored.size()) < brands; ++i) {
    const Niche& from = d.niche2 && rng.chance(0.2) ? *d.niche2 : *d.niche;
    std::string_view b = from.brands[from.brands.size() > 1 ? rng.below(from.brands.size()) : 0];
    if (std::find(d.sponsored.begin(), d.sponsored.end(), b) == d.sponsored.end()) {
      d.sponsored.push_back(b);
    }
  }
}

}  // namespace

void make_numbers(Draft& d, Rng& rng, const Model& m) {
  double f = clamp(8000.0 * std::exp(1.9 * rng.normal()), 100, 50'000'000);
  d.followers = static_cast<std::uint64_t>(std::llround(f));
  d.tier = mikros::tier_for(d.followers);
  const int tier = static_cast<int>(d.tier);
  d.suspicious = rng.chance(0.03);
  d.spike = rng.chance(0.02);
  double er = make_engagement(d, rng, f, tier);
  make_posting(d, rng, f);
  make_history(d, rng, f);
  make_audience(d, rng, m);
  make_price(d, rng, f, er, tier);
  make_sponsors(d, rng, tier);
  d.updated_day = rng.between(2, 28);
  d.verified = rng.chance(tier >= 3 ? 0.4 : 0.01);
}

}  // namespace mikros::tools::gen
