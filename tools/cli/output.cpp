#include "output.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>

#include "pictures.h"

namespace mikros::cli {

std::string dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

int report_error(const Status& status) {
  std::cerr << "mikros: " << status.to_string() << '\n';
  return tools::exit_status_for(status);
}

void print_query_error(std::ostream& err, std::string_view query, const Status& status) {
  err << "mikros: " << status.to_string() << '\n';
  if (status.position() == Status::kNoPosition || query.size() > 200) return;
  std::string line = single_line(query);
  std::size_t col = display_width(std::string_view(line).substr(0, status.position()));
  err << "  " << line << '\n' << "  " << std::string(col, ' ') << "^\n";
}

void print_result_table(std::ostream& out, const SearchResult& result, std::size_t offset,
                        std::size_t width, const Style& style) {
  if (result.hits.empty()) {
    out << (result.total == 0 ? "no matching profiles\n"
                              : fmt::format("no more results ({} matches)\n", result.total));
    return;
  }
  const bool brand = !result.brand.empty();
  Table table;
  table.columns = {
      {"#", true, false},     {"profile", false, true},   {"name", false, true},
      {"tier", false, false}, {"followers", true, false}, {"country", false, false},
      {"er", true, false},    {"peers", false, false},    {brand ? "fit" : "score", true, false}};
  std::size_t rank = offset;
  for (const auto& hit : result.hits) {
    std::string score = brand && hit.alignment ? fmt::format("{:.1f}", *hit.alignment)
                        : hit.score > 0        ? fmt::format("{:.2f}", hit.score)
                                               : "-";
    std::string peers = hit.engagement_label == EngagementLabel::kUnknown
                            ? "-"
                            : std::string(engagement_label_name(hit.engagement_label));
    table.rows.push_back({std::to_string(++rank), single_line(hit.key), single_line(hit.name),
                          std::string(tier_name(hit.tier)), group_thousands(hit.followers),
                          hit.country.empty() ? "-" : hit.country,
                          hit.engagement_rate ? percent(*hit.engagement_rate) : "-", peers, score});
  }
  table.print(out, width, style);
  std::string summary =
      fmt::format("{}–{} of {}{} {}", offset + 1, offset + result.hits.size(),
                  result.total_exact ? "" : "about ", group_thousands(result.total),
                  result.total == 1 ? "match" : "matches");
  if (brand) summary += fmt::format(", ranked for {}", result.brand);
  out << style.dim(summary) << '\n';
  if (!brand) return;
  // Why each creator ranks where it does: the alignment parts in points.
  out << '\n';
  rank = offset;
  for (const auto& hit : result.hits) {
    out << style.dim(fmt::format("{:>3} ", ++rank)) << single_line(hit.key) << "  " << why_line(hit)
        << '\n';
  }
}

std::vector<std::vector<std::string>> result_rows(const SearchResult& result, std::size_t offset) {
  const bool brand = !result.brand.empty();
  std::vector<std::vector<std::string>> rows = {{"rank", "profile", "name", "tier", "followers",
                                                 "country", "er", "peers",
                                                 brand ? "fit" : "score"}};
  std::size_t rank = offset;
  for (const auto& hit : result.hits) {
    rows.push_back({std::to_string(++rank), hit.key, hit.name, std::string(tier_name(hit.tier)),
                    std::to_string(hit.followers), hit.country,
                    hit.engagement_rate ? fmt::format("{}", *hit.engagement_rate) : "",
                    hit.engagement_label == EngagementLabel::kUnknown
                        ? ""
                        : std::string(engagement_label_name(hit.engagement_label)),
                    brand ? (hit.alignment ? fmt::format("{:.2f}", *hit.alignment) : "")
                          : fmt::format("{:.2f}", hit.score)});
  }
  return rows;
}

std::string why_line(const Hit& hit) {
  std::vector<std::string> parts;
  for (const auto& [name, points] : hit.why) {
    if (std::abs(points) < 0.05) continue;
    parts.push_back(fmt::format("{} {:+.1f}", name, points));
  }
  return fmt::format("{}", fmt::join(parts, " · "));
}

// "Instagram", "TikTok", "YouTube"; other platforms capitalised.
std::string platform_display_name(std::string_view platform) {
  if (platform == "tiktok") return "TikTok";
  if (platform == "youtube") return "YouTube";
  std::string name(platform);
  if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 32);
  return name;
}

std::string peers_sentence(const ProfileInsights& in, std::string_view platform) {
  if (!in.engagement_rate) return "engagement unknown";
  std::string who =
      fmt::format("{} {} creators", tier_name(in.tier), platform_display_name(platform));
  std::string basis = in.peers_from_corpus ? fmt::format("{} indexed", in.peer_count)
                                           : std::string("published figures");
  std::string text =
      fmt::format("engagement {} = {:.1f}× the median of {} ({}, {})", percent(*in.engagement_rate),
                  *in.engagement_rate / in.peer_median, who, percent(in.peer_median), basis);
  text += fmt::format(": {}", engagement_label_name(in.engagement_label));
  if (in.engagement_percentile)
    text += fmt::format(", percentile {:.0f}", *in.engagement_percentile);
  return text;
}

void print_facet_summary(std::ostream& out,
                         const std::map<std::string, std::map<std::string, std::uint64_t>>& facets,
                         std::size_t width, const Style& style) {
  // The facets in the order shown, with the label each is shown under (the longer names would
  // not fit the label column).
  static const std::pair<const char*, const char*> kOrder[] = {{"tier", "tier"},
                                                               {"country", "country"},
                                                               {"platform", "platform"},
                                                               {"lang", "lang"},
                                                               {"er", "er"},
                                                               {"city", "city"},
                                                               {"audience_top_country", "aud. top"},
                                                               {"audience_unknown", "no aud."}};
  const std::size_t label_width = 10;
  for (const auto& [facet, shown_as] : kOrder) {
    auto it = facets.find(facet);
    if (it == facets.end()) continue;
    std::vector<std::pair<std::string, std::uint64_t>> values(it->second.begin(), it->second.end());
    if (std::string_view(facet) == "tier") {
      std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
        return parse_tier(a.first).value_or(Tier::kNano) <
               parse_tier(b.first).value_or(Tier::kNano);
      });
    } else {
      std::stable_sort(values.begin(), values.end(),
                       [](const auto& a, const auto& b) { return a.second > b.second; });
    }
    if (style.pictures && !values.empty()) {
      // One bar per value, scaled to the largest count: the eight largest, then "+N more".
      std::uint64_t most = 0;
      std::size_t value_width = 0;
      for (const auto& [value, n] : values) {
        most = std::max(most, n);
        value_width = std::max(value_width, display_width(single_line(value)));
      }
      std::string label = facet;
      for (std::size_t k = 0; k < values.size() && k < 8; ++k) {
        const std::string value = single_line(values[k].first);
        label.resize(label_width, ' ');
        out << style.dim(label) << value << std::string(value_width - display_width(value) + 1, ' ')
            << style.accent(bar(
                   most ? static_cast<double>(values[k].second) / static_cast<double>(most) : 0.0,
                   20))
            << ' ' << group_thousands(values[k].second) << '\n';
        label.clear();
      }
      if (values.size() > 8) {
        out << std::string(label_width, ' ')
            << style.dim(fmt::format("+{} more", values.size() - 8)) << '\n';
      }
      continue;
    }
    std::string line;
    std::size_t shown = 0;
    for (const auto& [value, n] : values) {
      std::string item = fmt::format("{} {}", single_line(value), group_thousands(n));
      std::string more = fmt::format(" · +{} more", values.size() - shown);
      // Keep room for "+N more" unless this is the last value.
      std::size_t need = display_width(line) + (line.empty() ? 0 : 3) + display_width(item) +
                         (shown + 1 < values.size() ? display_width(more) : 0);
      if (label_width + need > width && shown > 0) {
        line += more;
        break;
      }
      line += (line.empty() ? "" : " · ") + item;
      ++shown;
    }
    if (values.empty()) line = "-";
    std::string label = shown_as;
    label.resize(label_width, ' ');
    out << style.dim(label) << line << '\n';
  }
}

namespace {

std::string authenticity_source(const AuthenticityEstimate& e) {
  if (e.estimated) return fmt::format("authenticity {:.2f}, mikros's estimate", e.value);
  return fmt::format("authenticity {:.2f}, the profile's stated figure (estimate {:.2f})", e.value,
                     e.estimate);
}

// A feature's value in the units people count in (the model's are logarithms, analytics.hpp).
std::string natural_value(const AuthenticityContribution& c) {
  if (c.name == "log_follow_ratio") {
    const double ratio = std::pow(10.0, c.value);
    if (ratio >= 10) return fmt::format("{:.0f}×", ratio);
    return ratio >= 0.1 ? fmt::format("{:.2f}×", ratio) : fmt::format("{:.2g}×", ratio);
  }
  if (c.name == "log_posts" || c.name == "log_followers") {
    return group_thousands(static_cast<std::uint64_t>(std::llround(std::pow(10.0, c.value) - 1)));
  }
  if (c.name == "handle_digits") return fmt::format("{:.0f}", std::expm1(c.value));
  return fmt::format("{:.2f}", c.value);
}

// "baseline +3.62 · followers per account followed 33× +1.39 · ... = +7.26" (log-odds).
std::string authenticity_parts(const AuthenticityEstimate& e, bool values) {
  std::vector<std::string> parts{fmt::format("baseline {:+.2f}", e.baseline_logit)};
  for (const auto& c : e.contributions) {
    parts.push_back(values && c.learned
                        ? fmt::format("{} {} {:+.2f}", c.label, natural_value(c), c.logit)
                        : fmt::format("{} {:+.2f}", c.label, c.logit));
  }
  return fmt::format("{} = {:+.2f}", fmt::join(parts, " · "), e.logit);
}

}  // namespace

void print_explanation(std::ostream& out, const SearchResult& result, std::size_t offset,
                       const Style& style) {
  if (!result.explanation.empty()) out << result.explanation << '\n';
  std::size_t rank = offset;
  for (const auto& hit : result.hits) {
    ++rank;
    if (hit.score_parts.empty() && !hit.authenticity_explained) continue;
    out << style.dim(fmt::format("{:>3} ", rank)) << single_line(hit.key);
    if (!hit.score_parts.empty()) {
      std::string parts;
      for (const auto& part : hit.score_parts) {
        parts += fmt::format("{}{} {:.2f}", parts.empty() ? "" : " + ", single_line(part.clause),
                             part.weight);
      }
      out << "  " << fmt::format("{:.2f} = ", hit.score) << parts;
    }
    out << '\n';
    // The related terms it matched through, grouped by the words they relate to.
    for (std::size_t i = 0; i < hit.expansions.size();) {
      const Expansion& first = hit.expansions[i];
      std::string terms;
      for (; i < hit.expansions.size() && hit.expansions[i].from == first.from &&
             hit.expansions[i].niche == first.niche;
           ++i) {
        terms += fmt::format("{}{} {:.2f}", terms.empty() ? "" : ", ",
                             single_line(hit.expansions[i].term), hit.expansions[i].weight);
      }
      out << "      " << single_line(first.from) << " \u2192 " << terms << style.dim(" \u00b7 ")
          << first.source << (first.niche.empty() ? "" : ": " + single_line(first.niche)) << '\n';
    }
    // The authenticity and the log-odds of each feature and adjustment behind the estimate.
    if (const auto& e = hit.authenticity_explained) {
      out << "      " << authenticity_source(*e) << (e->automated ? "; flagged as automated" : "")
          << '\n'
          << "      " << style.dim("log-odds: ") << authenticity_parts(*e, false) << '\n';
    }
  }
}

namespace {

// The authenticity lines of a profile card: stated or estimated, each feature's value and
// log-odds, and the automation flag.
void print_authenticity(std::ostream& out, const ProfileInsights& in, const Style& style) {
  const AuthenticityEstimate& e = in.authenticity_explained;
  out << "  " << style.dim("authenticity: ");
  if (e.estimated) {
    out << fmt::format("{:.2f}, mikros's estimate (the profile states none)", e.value);
  } else {
    out << fmt::format(
        "{:.2f}, the profile's stated figure (audience data); mikros's estimate "
        "{:.2f}",
        e.value, e.estimate);
  }
  if (in.authenticity && std::abs(*in.authenticity - e.value) > 1e-4) {
    out << fmt::format(" (indexed as {:.2f} by an older model: `mikros reindex` updates it)",
                       *in.authenticity);
  }
  out << '\n'
      << "    " << style.dim(fmt::format("log-odds ({} model): ", e.pattern))
      << authenticity_parts(e, true) << '\n';
  out << "  " << style.dim("automation: ")
      << (e.automated ? fmt::format("flagged as automated ({}score {:.2f})",
                                    e.declares_automation ? "it says so; " : "", e.automation_score)
                      : fmt::format("not flagged (score {:.2f})", e.automation_score))
      << '\n';
}

// "followers: 2026-01-01 8,200 ▁▂▃▅▆█ 2026-06-01 9,310" on a terminal; the same dates and counts
// with the number of samples otherwise.
void print_follower_history(std::ostream& out, const std::vector<FollowerSample>& history,
                            const Style& style) {
  if (history.size() < 2) return;
  const FollowerSample& first = history.front();
  const FollowerSample& last = history.back();
  std::string middle;
  if (style.pictures) {
    std::vector<double> values;
    for (const auto& s : history) values.push_back(static_cast<double>(s.followers));
    middle = style.accent(sparkline(values));
  } else {
    middle = fmt::format("→ ({} samples)", history.size());
  }
  out << "  " << style.dim("followers: ") << single_line(first.date) << ' '
      << group_thousands(first.followers) << ' ' << middle << ' ' << single_line(last.date) << ' '
      << group_thousands(last.followers) << '\n';
}

// Who follows the creator: the largest audience countries (bars on a terminal), the main age
// group and the female share.
void print_audience(std::ostream& out, const Audience& a, const Style& style) {
  std::vector<std::pair<double, std::string>> top;
  for (const auto& [code, share] : a.countries) top.emplace_back(share, code);
  std::sort(top.rbegin(), top.rend());
  if (top.size() > 4) top.resize(4);
  std::vector<std::string> audience;
  if (!top.empty() && !style.pictures) {
    std::vector<std::string> countries;
    for (const auto& [share, code] : top) {
      countries.push_back(fmt::format("{} {}", code, percent(share, 0)));
    }
    audience.push_back(fmt::format("{}", fmt::join(countries, ", ")));
  }
  if (!a.top_country.empty()) audience.push_back("top country " + a.top_country);
  if (!a.age.empty()) {
    auto best = std::max_element(a.age.begin(), a.age.end(),
                                 [](const auto& x, const auto& y) { return x.second < y.second; });
    audience.push_back(fmt::format("mostly {} ({})", best->first, percent(best->second, 0)));
  }
  if (a.female) audience.push_back("female " + percent(*a.female, 0));
  if (audience.empty() && top.empty()) return;
  out << "  " << style.dim("audience: ") << fmt::format("{}", fmt::join(audience, " · ")) << '\n';
  if (!style.pictures) return;
  for (const auto& [share, code] : top) {
    out << "    " << fmt::format("{:<3}", single_line(code)) << style.accent(bar(share, 20)) << ' '
        << percent(share, 0) << '\n';
  }
}

}  // namespace

void print_profile_card(std::ostream& out, const Profile& p, const TierBoundaries& tiers,
                        const Style& style, const ProfileInsights* insights) {
  out << style.bold(fmt::format("{}:{}", p.platform, p.handle));
  if (!p.name.empty()) out << " — " << single_line(p.name);
  out << '\n';
  std::string where = p.country.empty() ? "" : country_name(p.country);
  if (!p.city.empty()) where = where.empty() ? p.city : fmt::format("{}, {}", p.city, where);
  std::string line = fmt::format("{} · {} followers", tier_name(tier_for(p.followers, tiers)),
                                 group_thousands(p.followers));
  if (!where.empty()) line += " · " + single_line(where);
  if (!p.languages.empty()) line += " · " + fmt::format("{}", fmt::join(p.languages, ", "));
  out << "  " << line << '\n';
  std::vector<std::string> stats;
  if (insights) {
    out << "  " << peers_sentence(*insights, p.platform) << '\n';
  } else if (auto er = mikros::engagement_rate(p)) {
    stats.push_back("engagement " + percent(*er));
  }
  if (auto g = mikros::monthly_growth(p)) {
    std::string growth = fmt::format("growth {}{}/month", *g >= 0 ? "+" : "", percent(*g));
    if (insights && insights->spike)
      growth += ", with a follower spike its history does not explain";
    stats.push_back(growth);
  }
  if (!insights && p.audience.authenticity) {
    stats.push_back("authentic audience " + percent(*p.audience.authenticity, 0));
  }
  if (p.posts_per_week) stats.push_back(fmt::format("{:.1f} posts/week", *p.posts_per_week));
  if (p.price_usd) {
    stats.push_back(fmt::format("${}/post", group_thousands(static_cast<std::uint64_t>(
                                                std::llround(std::max(0.0, *p.price_usd))))));
  }
  if (!stats.empty()) out << "  " << fmt::format("{}", fmt::join(stats, " · ")) << '\n';
  print_follower_history(out, p.follower_history, style);
  if (insights) print_authenticity(out, *insights, style);
  if (!p.bio.empty()) out << "  " << style.dim("bio: ") << single_line(p.bio) << '\n';
  if (!p.hashtags.empty()) {
    std::string tags;
    for (const auto& t : p.hashtags) tags += (tags.empty() ? "#" : " #") + t;
    out << "  " << style.dim("hashtags: ") << tags << '\n';
  }
  if (!p.categories.empty()) {
    out << "  " << style.dim("categories: ") << fmt::format("{}", fmt::join(p.categories, ", "))
        << '\n';
  }
  print_audience(out, p.audience, style);
  if (!p.sponsored.empty()) {
    out << "  " << style.dim("sponsored: ") << fmt::format("{}", fmt::join(p.sponsored, ", "))
        << '\n';
  }
  if (!p.contact.empty()) out << "  " << style.dim("contact: ") << single_line(p.contact) << '\n';
}

void print_compaction(const CompactReport& report) {
  constexpr double kMiB = 1024.0 * 1024.0;
  std::cerr << fmt::format(
      "compacted generation {} into {}: {:.1f} MiB -> {:.1f} MiB in {:.1f} s\n", report.generation,
      report.index, report.bytes_before / kMiB, report.bytes_after / kMiB, report.seconds);
}

}  // namespace mikros::cli
