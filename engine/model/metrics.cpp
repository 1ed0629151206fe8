#include <cmath>

#include "mikros/profile.hpp"
#include "model/facets.h"

namespace mikros {

namespace {

// Platforms whose engagement is measured per view rather than per follower.
bool is_video_platform(std::string_view platform) {
  return platform == "youtube" || platform == "tiktok" || platform == "twitch";
}

}  // namespace

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

}  // namespace mikros
