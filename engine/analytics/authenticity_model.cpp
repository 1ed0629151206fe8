#include "analytics/authenticity_model.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "analytics/model_files.h"
#include "model/json_read.h"

namespace mikros::analytics {
namespace {

using namespace json_read;  // NOLINT: the validation vocabulary

constexpr std::string_view kFormat = "mikros-authenticity-model";
constexpr int kVersion = 1;

struct FeatureInfo {
  std::string_view name;
  Feature feature;
  bool needs_following;
  bool needs_posts;
  std::string_view label;
};

constexpr FeatureInfo kFeatures[] = {
    {"log_followers", Feature::kLogFollowers, false, false, "followers"},
    {"log_follow_ratio", Feature::kLogFollowRatio, true, false, "followers per account followed"},
    {"log_posts", Feature::kLogPosts, false, true, "posts"},
    {"handle_digits", Feature::kHandleDigits, false, false, "digits in the handle"},
    {"log_following", Feature::kLogFollowing, true, false, "accounts followed"},
    {"log_posts_per_follower", Feature::kLogPostsPerFollower, false, true, "posts per follower"},
    {"declared_automation", Feature::kDeclaredAutomation, false, false, "declares automation"},
};

const FeatureInfo& info(Feature f) {
  return *std::find_if(std::begin(kFeatures), std::end(kFeatures),
                       [f](const FeatureInfo& i) { return i.feature == f; });
}

element member(element object, std::string_view key, std::string_view where) {
  if (object.type() != element_type::OBJECT) fail(where, "expected an object");
  element out;
  simdjson::dom::object members = object.get_object().value_unsafe();
  if (members[key].get(out) != simdjson::SUCCESS) {
    fail(where, fmt::format("\"{}\" is missing", key));
  }
  return out;
}

std::vector<double> numbers(element e, std::string_view where) {
  if (e.type() != element_type::ARRAY) fail(where, "expected an array of numbers");
  std::vector<double> out;
  simdjson::dom::array items = e.get_array().value_unsafe();
  for (element item : items) out.push_back(get_number(item, where));
  return out;
}

PatternModel parse_pattern(element e, const std::string& where, bool automation) {
  PatternModel m;
  m.pattern = std::string(get_string(member(e, "pattern", where), where + ".pattern"));
  const std::string at = where + " (" + m.pattern + ")";
  for (const auto& r : get_string_list(member(e, "requires", at), at + ".requires")) {
    if (r == "following") {
      m.needs_following = true;
    } else if (r == "posts") {
      m.needs_posts = true;
    } else {
      fail(at + ".requires", fmt::format("unknown count \"{}\"", r));
    }
  }
  m.names = get_string_list(member(e, "features", at), at + ".features");
  for (const auto& name : m.names) {
    auto it = std::find_if(std::begin(kFeatures), std::end(kFeatures),
                           [&](const FeatureInfo& i) { return i.name == name; });
    if (it == std::end(kFeatures)) fail(at + ".features", fmt::format("unknown \"{}\"", name));
    if ((it->needs_following && !m.needs_following) || (it->needs_posts && !m.needs_posts)) {
      fail(at + ".features", fmt::format("{} needs a count the pattern does not require", name));
    }
    m.features.push_back(it->feature);
  }
  m.coef = numbers(member(e, "coef", at), at + ".coef");
  m.mean = numbers(member(e, "mean", at), at + ".mean");
  if (m.coef.size() != m.features.size() || m.mean.size() != m.features.size()) {
    fail(at, "coef, mean and features differ in length");
  }
  m.intercept = get_number(member(e, "intercept", at), at + ".intercept");
  if (automation) {
    m.flag_threshold = get_number(member(e, "flag_threshold", at), at + ".flag_threshold");
  }
  return m;
}

ModelSet parse_set(element e, const std::string& where, bool automation) {
  if (e.type() != element_type::ARRAY) fail(where, "expected an array of models");
  ModelSet set;
  simdjson::dom::array items = e.get_array().value_unsafe();
  for (element item : items) {
    set.patterns.push_back(parse_pattern(item, where, automation));
  }
  if (set.patterns.empty() || set.patterns.back().needs_following ||
      set.patterns.back().needs_posts) {
    fail(where, "the last model must need no optional count");
  }
  return set;
}

Adjustment parse_adjustment(element adjustments, std::string_view key, bool threshold) {
  const std::string where = fmt::format("adjustments.{}", key);
  element e = member(adjustments, key, "adjustments");
  Adjustment a;
  a.logit = get_number(member(e, "logit", where), where + ".logit");
  if (threshold) a.threshold = get_number(member(e, "threshold", where), where + ".threshold");
  return a;
}

AuthenticityModel parse_document(element doc) {
  AuthenticityModel m;
  if (get_string(member(doc, "format", "model"), "format") != kFormat) {
    fail("format", fmt::format("expected \"{}\"", kFormat));
  }
  m.version = static_cast<int>(get_number(member(doc, "version", "model"), "version"));
  if (m.version != kVersion) fail("version", fmt::format("expected {}", kVersion));
  m.trained_by = std::string(get_string(member(doc, "trained_by", "model"), "trained_by"));
  element auth = member(doc, "authenticity", "model");
  m.authenticity = parse_set(member(auth, "models", "authenticity"), "authenticity.models", false);
  element held = member(auth, "held_out", "authenticity");
  if (held.type() != element_type::ARRAY) fail("authenticity.held_out", "expected an array");
  simdjson::dom::array sets = held.get_array().value_unsafe();
  for (element h : sets) {
    std::string name(get_string(member(h, "trained_on", "authenticity.held_out"), "trained_on"));
    m.held_out.emplace_back(name, parse_set(member(h, "models", "authenticity.held_out"),
                                            "authenticity.held_out." + name, false));
  }
  element automation = member(doc, "automation", "model");
  m.automation = parse_set(member(automation, "models", "automation"), "automation.models", true);
  element adjust = member(doc, "adjustments", "model");
  m.follower_spike = parse_adjustment(adjust, "follower_spike", false);
  m.engagement_far_above_peers = parse_adjustment(adjust, "engagement_far_above_peers", true);
  m.engagement_far_below_peers = parse_adjustment(adjust, "engagement_far_below_peers", true);
  m.inhuman_posting_rate = parse_adjustment(adjust, "inhuman_posting_rate", true);
  return m;
}

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

unsigned digits_in(std::string_view handle) {
  return static_cast<unsigned>(
      std::count_if(handle.begin(), handle.end(), [](char c) { return c >= '0' && c <= '9'; }));
}

}  // namespace

bool PatternModel::applies(const LabelledAccount& account) const {
  return (!needs_following || account.following) && (!needs_posts || account.posts);
}

const PatternModel& ModelSet::choose(const LabelledAccount& account) const {
  for (const auto& m : patterns) {
    if (m.applies(account)) return m;
  }
  return patterns.back();  // needs nothing (parse_set checks), so not reached
}

Result<AuthenticityModel> parse_authenticity_model(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto error = json_read::parse_document(parser, json, &doc)) {
    return Status::corruption("authenticity model: " + *error);
  }
  try {
    return parse_document(doc);
  } catch (const Invalid& e) {
    return Status::corruption("authenticity model: " + e.message);
  }
}

const AuthenticityModel& authenticity_model() {
  static const AuthenticityModel model = [] {
    for (const DataFile& file : model_files()) {
      if (file.name != "authenticity.json") continue;
      auto parsed = parse_authenticity_model(file.text);
      if (parsed) return std::move(*parsed);
      std::fprintf(stderr, "mikros: the built-in %s\n", parsed.status().message().c_str());
      std::abort();
    }
    std::fprintf(stderr, "mikros: the library was built without its authenticity model\n");
    std::abort();
  }();
  return model;
}

bool declares_automation(std::string_view handle, std::string_view name, std::string_view bio) {
  std::string h(handle);
  std::transform(h.begin(), h.end(), h.begin(), ascii_lower);
  auto ends_with = [&](std::string_view suffix) {
    return h.size() >= suffix.size() &&
           h.compare(h.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (h.rfind("bot", 0) == 0 || ends_with("bot") || ends_with("bots")) return true;
  std::string word;
  for (std::string_view text : {std::string_view(h), name, bio}) {
    for (std::size_t i = 0; i <= text.size(); ++i) {
      char c = i < text.size() ? ascii_lower(text[i]) : ' ';
      if (c >= 'a' && c <= 'z') {
        word += c;
        continue;
      }
      if (word == "bot" || word == "bots" || word == "automated" || word == "ebooks") return true;
      word.clear();
    }
  }
  return false;
}

double feature_value(Feature feature, const LabelledAccount& a) {
  const double log_followers = std::log10(a.followers + 1);
  switch (feature) {
    case Feature::kLogFollowers:
      return log_followers;
    case Feature::kLogFollowRatio:
      return log_followers - std::log10(*a.following + 1);
    case Feature::kLogPosts:
      return std::log10(*a.posts + 1);
    case Feature::kHandleDigits:
      return std::log1p(static_cast<double>(a.handle_digits.value_or(digits_in(a.handle))));
    case Feature::kLogFollowing:
      return std::log10(*a.following + 1);
    case Feature::kLogPostsPerFollower:
      return std::log10(*a.posts + 1) - log_followers;
    case Feature::kDeclaredAutomation:
      return declares_automation(a.handle, a.name, a.bio) ? 1 : 0;
  }
  return 0;
}

std::string_view feature_label(Feature feature) {
  return info(feature).label;
}

double model_logit(const PatternModel& m, const LabelledAccount& account) {
  double z = 0;
  for (std::size_t i = 0; i < m.features.size(); ++i) {
    z += m.coef[i] * feature_value(m.features[i], account);
  }
  return m.intercept + z;
}

double explain_logit(const PatternModel& m, const LabelledAccount& account,
                     std::vector<AuthenticityContribution>* contributions) {
  double baseline = m.intercept;
  for (std::size_t i = 0; i < m.features.size(); ++i) {
    baseline += m.coef[i] * m.mean[i];
    double x = feature_value(m.features[i], account);
    contributions->push_back({m.names[i], std::string(feature_label(m.features[i])), x,
                              m.coef[i] * (x - m.mean[i]), true});
  }
  return baseline;
}

}  // namespace mikros::analytics
