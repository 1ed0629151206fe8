#include "analytics/authenticity.h"

#include <algorithm>
#include <cmath>

#include "analytics/peers.h"

namespace mikros::analytics {
namespace {

double clamp(double v, double lo, double hi) {
  return std::max(lo, std::min(hi, v));
}

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The account says it is automated: "bot" as a word or at either end of the handle, or
// "automated" / "ebooks" (the classic Twitter auto-generated accounts).
bool declares_automation(const AuthenticitySignals& s) {
  std::string handle = lower(s.handle);
  auto ends_with = [&](std::string_view suffix) {
    return handle.size() >= suffix.size() &&
           handle.compare(handle.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (handle.rfind("bot", 0) == 0 || ends_with("bot") || ends_with("bots")) return true;
  std::string text = lower(s.handle) + ' ' + lower(s.name) + ' ' + lower(s.bio);
  std::string word;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && is_letter(text[i])) {
      word += text[i];
      continue;
    }
    if (word == "bot" || word == "bots" || word == "automated" || word == "ebooks") return true;
    word.clear();
  }
  return false;
}

bool ends_in_four_digits(std::string_view handle) {
  if (handle.size() < 4) return false;
  return std::all_of(handle.end() - 4, handle.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

double estimate_authenticity(const AuthenticitySignals& s) {
  // A logistic score: each signal adds or removes log-odds of the account being real. Weights
  // were chosen on the labelled sets in ../shared (docs/analytics.md gives the evaluation).
  double x = 0;
  // Reach: a real audience of some size is itself evidence.
  x += clamp(std::log10(s.followers + 1) - 2.5, -1.5, 1.5);
  if (s.following) {
    // Mass following (follow-for-follow, bought-follower accounts).
    if (*s.following > 300) x -= 2.0 * std::log10(*s.following / 300);
    x += 0.2 * clamp(std::log10((s.followers + 1) / (*s.following + 1)), -1, 1);
  }
  if (s.posts) {
    // Inactive accounts.
    x -= *s.posts < 1 ? 2.0 : *s.posts < 5 ? 1.0 : 0.0;
    // Broadcasting to nobody: ten or more posts per follower.
    double posts_per_follower = std::log10((*s.posts + 1) / (s.followers + 1));
    if (posts_per_follower > 1) x -= 2.5 * std::min(2.0, posts_per_follower - 1);
    // Posts a lot and follows nobody: automation.
    if (s.following && *s.following < 20 && *s.posts > 100) x -= 5.0;
  }
  if (declares_automation(s)) x -= 8.0;
  if (ends_in_four_digits(s.handle)) x -= 0.8;  // generated handles: maria_lopez8841
  if (std::all_of(s.bio.begin(), s.bio.end(),
                  [](char c) { return c == ' ' || c == '\t' || c == '\n'; })) {
    x -= 0.5;  // nothing to say about oneself
  }
  if (s.spike) x -= 1.5;
  if (s.er_vs_median) {
    if (*s.er_vs_median >= 4) x -= 1.5;   // far more engagement than real audiences give
    if (*s.er_vs_median < 0.2) x -= 1.0;  // followers who never engage
  }
  if (s.posts_per_week && *s.posts_per_week > 35) x -= 1.0;  // five posts a day, every day
  return 1 / (1 + std::exp(-(x + 0.5)));
}

std::pair<double, bool> authenticity(const Profile& p, Tier tier, bool spike) {
  if (p.audience.authenticity) return {*p.audience.authenticity, false};
  AuthenticitySignals s;
  s.followers = static_cast<double>(p.followers);
  if (p.following) s.following = static_cast<double>(*p.following);
  if (p.posts) s.posts = static_cast<double>(*p.posts);
  s.handle = p.handle;
  s.name = p.name;
  s.bio = p.bio;
  s.spike = spike;
  if (auto er = mikros::engagement_rate(p)) {
    Band band = published_band(p.platform, tier);
    if (band.p50 > 0) s.er_vs_median = *er / band.p50;
  }
  s.posts_per_week = p.posts_per_week;
  return {estimate_authenticity(s), true};
}

}  // namespace mikros::analytics
