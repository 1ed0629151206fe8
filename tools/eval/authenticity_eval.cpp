#include "eval/authenticity_eval.h"

#include <fmt/format.h>

#include <cmath>
#include <functional>

#include "eval/bootstrap.h"
#include "eval/labelled_sets.h"

namespace mikros::tools {
namespace {

// The counts a row gives, as (label, following given, posts given).
struct Given {
  const char* label;
  bool following;
  bool posts;
};
constexpr Given kGiven[] = {{"following+posts", true, true},
                            {"posts (no following)", false, true},
                            {"following (no posts)", true, false},
                            {"followers only", false, false}};

std::vector<LabelledAccount> with_counts(const std::vector<LabelledAccount>& accounts, Given g) {
  std::vector<LabelledAccount> out = accounts;
  for (auto& a : out) {
    if (!g.following) a.following.reset();
    if (!g.posts) a.posts.reset();
  }
  return out;
}

// The single-feature baselines, each in a direction fixed in advance (never flipped per set),
// as tools/train/authenticity_stats.py has them. nullopt: the counts it needs are not given.
struct Single {
  const char* name;
  std::function<std::optional<double>(const LabelledAccount&)> score;
};

double digits(const LabelledAccount& a) {
  if (a.handle_digits) return *a.handle_digits;
  double d = 0;
  for (char c : a.handle) d += c >= '0' && c <= '9';
  return d;
}

const std::vector<Single>& singles() {
  using A = const LabelledAccount&;
  using R = std::optional<double>;
  static const std::vector<Single> kSingles = {
      {"followers", [](A a) -> R { return std::log10(a.followers + 1); }},
      {"posts", [](A a) -> R { return a.posts ? R(std::log10(*a.posts + 1)) : R(); }},
      {"handle digits (fewer)", [](A a) -> R { return -std::log1p(digits(a)); }},
      {"follower/following ratio",
       [](A a) -> R {
         return a.following ? R(std::log10(a.followers + 1) - std::log10(*a.following + 1)) : R();
       }},
      {"following (fewer)",
       [](A a) -> R { return a.following ? R(-std::log10(*a.following + 1)) : R(); }},
  };
  return kSingles;
}

// The best single feature of `accounts` (by AUC on the whole set; the first of equals).
std::pair<std::string, std::vector<double>> best_single(
    const std::vector<LabelledAccount>& accounts, const std::vector<bool>& positive) {
  std::pair<std::string, std::vector<double>> best;
  double best_auc = -1;
  for (const auto& single : singles()) {
    std::vector<double> s;
    for (const auto& a : accounts) {
      auto v = single.score(a);
      if (!v) break;
      s.push_back(*v);
    }
    if (s.size() != accounts.size()) continue;
    double auc = roc_auc(s, positive);
    if (auc > best_auc) {
      best_auc = auc;
      best = {single.name, std::move(s)};
    }
  }
  return best;
}

Result<std::vector<CrossSetRow>> cross_set(const LabelledSet& test, const std::string& trained_on,
                                           const EvalOptions& options) {
  std::vector<CrossSetRow> rows;
  Bootstrap boot(test.positive, options.bootstrap, options.seed);
  for (const Given& g : kGiven) {
    CrossSetRow row;
    row.test_set = test.name;
    row.trained_on = trained_on;
    row.given = g.label;
    for (bool real : test.positive) ++(real ? row.real : row.fake);
    auto accounts = with_counts(test.accounts, g);
    std::vector<double> p;
    row.brier = 0;
    for (std::size_t i = 0; i < accounts.size(); ++i) {
      auto e = score_labelled_account(accounts[i], trained_on);
      if (!e) return e.status();
      p.push_back(e->estimate);
      const double y = test.positive[i] ? 1 : 0;
      row.brier += (e->estimate - y) * (e->estimate - y);
    }
    row.brier /= static_cast<double>(accounts.size());
    row.model = boot.interval(p);
    auto [name, scores] = best_single(accounts, test.positive);
    row.best_feature = name;
    row.best = boot.interval(scores);
    row.met = row.model.auc >= row.best.auc - 0.01;
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<AutomationRow> automation(const LabelledSet& twitter, const EvalOptions& options) {
  std::vector<AutomationRow> rows;
  Bootstrap boot(twitter.positive, options.bootstrap, options.seed);
  for (const Given& g : kGiven) {
    AutomationRow row;
    row.given = g.label;
    std::vector<double> scores;
    for (const auto& a : with_counts(twitter.accounts, g)) {
      auto e = score_labelled_account(a);  // the shipped model; no error is possible
      scores.push_back(e ? e->automation_score : 0);
      const bool bot = twitter.positive[scores.size() - 1];
      ++(bot ? row.bots : row.humans);
      if (e && e->automated) (bot ? row.bots_flagged : row.humans_flagged) += 1;
    }
    row.auc = boot.interval(scores);
    row.bots_flagged /= static_cast<double>(std::max<std::size_t>(row.bots, 1));
    row.humans_flagged /= static_cast<double>(std::max<std::size_t>(row.humans, 1));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string joined(const std::vector<std::string>& v) {
  return fmt::format("{}", fmt::join(v, ", "));
}

}  // namespace

Result<AuthenticityReport> evaluate_authenticity(const std::string& dir,
                                                 const EvalOptions& options) {
  std::vector<std::string> needed = srf_files();
  for (const auto& f : instafake_files()) needed.push_back(f);
  if (auto missing = missing_files(dir, needed); !missing.empty()) {
    return Status::not_found(fmt::format(
        "{} lacks {} of the labelled Instagram sets (SRF: {}; InstaFake: {}); pass --data with "
        "the folder that holds them (../shared/corpus-sources/SOURCES.md)",
        dir, joined(missing), joined(srf_files()), joined(instafake_files())));
  }
  AuthenticityReport report;
  report.model = authenticity_model_info();
  report.options = options;
  auto srf = read_srf(dir);
  if (!srf) return srf.status();
  auto instafake = read_instafake(dir);
  if (!instafake) return instafake.status();
  for (const auto& [test, train] : {std::pair{&*instafake, &*srf}, std::pair{&*srf, &*instafake}}) {
    auto rows = cross_set(*test, train->name, options);
    if (!rows) return rows.status();
    report.cross_set.insert(report.cross_set.end(), rows->begin(), rows->end());
  }
  if (auto missing = missing_files(dir, twitter_files()); !missing.empty()) {
    report.note = fmt::format("automation not measured: {} lacks {} (the Twitter bot set)", dir,
                              joined(missing));
    return report;
  }
  auto twitter = read_twitter(dir);
  if (!twitter) return twitter.status();
  report.automation = automation(*twitter, options);
  return report;
}

}  // namespace mikros::tools
