#include "output.h"

#include <fmt/format.h>

#include <iostream>

#include "codes.h"
#include "facets.h"
#include "json_writer.h"

namespace mikros::cli {

int report_error(const Status& status) {
  std::cerr << "mikros: " << status.to_string() << '\n';
  switch (status.code()) {
    case ErrorCode::kQuerySyntax:
    case ErrorCode::kLimitExceeded:
    case ErrorCode::kInvalidArgument:
      return kExitUsage;
    default:
      return kExitError;
  }
}

void print_query_error(std::ostream& err, std::string_view query, const Status& status) {
  err << "mikros: " << status.to_string() << '\n';
  if (status.position() == Status::kNoPosition || query.size() > 200) return;
  std::string line = single_line(query);
  std::size_t col = display_width(std::string_view(line).substr(0, status.position()));
  err << "  " << line << '\n' << "  " << std::string(col, ' ') << "^\n";
}

std::string result_json(const SearchResult& result) {
  std::string out;
  json::Writer w(out);
  w.begin_object();
  w.key("query").value(result.query);
  w.key("total").value(result.total);
  w.key("total_exact").value(result.total_exact);
  w.key("hits").begin_array();
  for (const auto& hit : result.hits) {
    const Profile& p = hit.profile;
    w.begin_object();
    w.key("platform").value(hit.platform);
    w.key("handle").value(hit.handle);
    w.key("name").value(hit.name);
    w.key("score").value(hit.score);
    w.key("tier").value(tier_name(hit.tier));
    w.key("followers").value(hit.followers);
    w.key("country").value(hit.country);
    if (hit.engagement_rate) {
      w.key("engagement_rate").value(*hit.engagement_rate);
    } else {
      w.key("engagement_rate").null();
    }
    w.key("languages").begin_array();
    for (const auto& l : p.languages) w.value(l);
    w.end_array();
    w.key("categories").begin_array();
    for (const auto& c : p.categories) w.value(c);
    w.end_array();
    w.key("bio").value(p.bio);
    w.end_object();
  }
  w.end_array();
  if (!result.facets.empty()) {
    w.key("facets").begin_object();
    for (const auto& [facet, counts] : result.facets) {
      w.key(facet).begin_object();
      for (const auto& [value, n] : counts) w.key(value).value(n);
      w.end_object();
    }
    w.end_object();
  }
  if (!result.explanation.empty()) w.key("explanation").value(result.explanation);
  w.end_object();
  return out;
}

void print_result_table(std::ostream& out, const SearchResult& result, std::size_t offset,
                        const Style& style) {
  if (result.hits.empty()) {
    out << (result.total == 0 ? "no matching profiles\n"
                              : fmt::format("no more results ({} matches)\n", result.total));
    return;
  }
  Table table;
  table.columns = {{"#", true, false},     {"profile", false, true},   {"name", false, true},
                   {"tier", false, false}, {"followers", true, false}, {"country", false, false},
                   {"er", true, false},    {"score", true, false}};
  std::size_t rank = offset;
  for (const auto& hit : result.hits) {
    table.rows.push_back({std::to_string(++rank), single_line(hit.key), single_line(hit.name),
                          std::string(tier_name(hit.tier)), group_thousands(hit.followers),
                          hit.country.empty() ? "-" : hit.country,
                          hit.engagement_rate ? percent(*hit.engagement_rate) : "-",
                          hit.score > 0 ? fmt::format("{:.2f}", hit.score) : "-"});
  }
  table.print(out, terminal_width(), style);
  std::string summary =
      fmt::format("{}–{} of {}{} {}", offset + 1, offset + result.hits.size(),
                  result.total_exact ? "" : "about ", group_thousands(result.total),
                  result.total == 1 ? "match" : "matches");
  out << style.dim(summary) << '\n';
}

void print_profile_card(std::ostream& out, const Profile& p, const TierBoundaries& tiers,
                        const Style& style) {
  out << style.bold(fmt::format("{}:{}", p.platform, p.handle));
  if (!p.name.empty()) out << " — " << single_line(p.name);
  out << '\n';
  std::string where = p.country.empty() ? "" : codes::country_name(p.country);
  if (!p.city.empty()) where = where.empty() ? p.city : fmt::format("{}, {}", p.city, where);
  std::string line = fmt::format("{} · {} followers", tier_name(tier_for(p.followers, tiers)),
                                 group_thousands(p.followers));
  if (!where.empty()) line += " · " + single_line(where);
  if (!p.languages.empty()) line += " · " + fmt::format("{}", fmt::join(p.languages, ", "));
  out << "  " << line << '\n';
  std::vector<std::string> stats;
  if (auto er = metrics::engagement_rate(p)) stats.push_back("engagement " + percent(*er));
  if (auto g = metrics::monthly_growth(p)) {
    stats.push_back(fmt::format("growth {}{}/month", *g >= 0 ? "+" : "", percent(*g)));
  }
  if (p.posts_per_week) stats.push_back(fmt::format("{:.1f} posts/week", *p.posts_per_week));
  if (p.price_usd) stats.push_back(fmt::format("${:.0f}/post", *p.price_usd));
  if (p.audience.authenticity) {
    stats.push_back("authentic audience " + percent(*p.audience.authenticity, 0));
  }
  if (!stats.empty()) out << "  " << fmt::format("{}", fmt::join(stats, " · ")) << '\n';
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
  const Audience& a = p.audience;
  std::vector<std::string> audience;
  std::vector<std::pair<double, std::string>> top(a.countries.size());
  std::size_t i = 0;
  for (const auto& [code, share] : a.countries) top[i++] = {share, code};
  std::sort(top.rbegin(), top.rend());
  std::vector<std::string> countries;
  for (std::size_t k = 0; k < top.size() && k < 4; ++k) {
    countries.push_back(fmt::format("{} {}", top[k].second, percent(top[k].first, 0)));
  }
  if (!countries.empty()) audience.push_back(fmt::format("{}", fmt::join(countries, ", ")));
  if (!a.top_country.empty()) audience.push_back("top country " + a.top_country);
  if (!a.age.empty()) {
    auto best = std::max_element(a.age.begin(), a.age.end(),
                                 [](const auto& x, const auto& y) { return x.second < y.second; });
    audience.push_back(fmt::format("mostly {} ({})", best->first, percent(best->second, 0)));
  }
  if (a.female) audience.push_back("female " + percent(*a.female, 0));
  if (!audience.empty()) {
    out << "  " << style.dim("audience: ") << fmt::format("{}", fmt::join(audience, " · ")) << '\n';
  }
  if (!p.sponsored.empty()) {
    out << "  " << style.dim("sponsored: ") << fmt::format("{}", fmt::join(p.sponsored, ", "))
        << '\n';
  }
  if (!p.contact.empty()) out << "  " << style.dim("contact: ") << single_line(p.contact) << '\n';
}

}  // namespace mikros::cli
