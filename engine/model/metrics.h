// Figures computed from one profile's own fields, as corpus/SCHEMA.md defines them
// (engagement_rate "computed from the averages when absent", growth from the history).
#ifndef MIKROS_MODEL_METRICS_H
#define MIKROS_MODEL_METRICS_H

#include <optional>
#include <string_view>

#include "mikros/profile.hpp"

namespace mikros {

// Per-profile metrics (corpus-independent). Documented in corpus/SCHEMA.md.
namespace metrics {
// Platforms whose engagement is measured per view rather than per follower.
bool is_video_platform(std::string_view platform);
// The given engagement_rate, else (avg_likes + avg_comments) / avg_views on video platforms
// that give views, else / followers. nullopt when nothing to compute from.
std::optional<double> engagement_rate(const Profile& p);
// Compound monthly growth over the follower history (samples at least 7 days apart), e.g.
// 0.02 for +2% a month; nullopt with fewer than two usable samples.
std::optional<double> monthly_growth(const Profile& p);
}  // namespace metrics

}  // namespace mikros

#endif  // MIKROS_MODEL_METRICS_H
