// mikros stats and mikros show: what a database holds.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "commands.h"
#include "format.h"
#include "output.h"
#include "usage.h"

namespace mikros::cli {
namespace {

struct DbArgs {
  std::string db;
  std::string key;
  bool json = false;
  FormatArgs format;
};

Result<Database> open_read_only(const std::string& path) {
  Options options;
  options.read_only = true;
  return Database::open(path, options);
}

int run_stats(const DbArgs& args) {
  auto db = open_read_only(args.db);
  if (!db) return report_error(db.status());
  auto stats = db->stats();
  if (!stats) return report_error(stats.status());
  // Tiers in size order, the rest by count.
  std::vector<std::pair<std::string, std::uint64_t>> tiers;
  for (int t = 0; t < kTierCount; ++t) {
    std::string name(tier_name(static_cast<Tier>(t)));
    auto it = stats->by_tier.find(name);
    tiers.emplace_back(name, it == stats->by_tier.end() ? 0 : it->second);
  }
  auto by_count = [](const std::map<std::string, std::uint64_t>& m) {
    std::vector<std::pair<std::string, std::uint64_t>> v(m.begin(), m.end());
    std::stable_sort(v.begin(), v.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    return v;
  };
  auto platforms = by_count(stats->by_platform);
  auto countries = by_count(stats->by_country);
  const Format format = args.format.format();
  if (format == Format::kTsv || format == Format::kCsv) {
    std::vector<std::vector<std::string>> rows = {{"facet", "value", "profiles"}};
    for (const auto& [name, v] : {std::pair{"platform", &platforms}, std::pair{"tier", &tiers},
                                  std::pair{"country", &countries}}) {
      for (const auto& [k, n] : *v) rows.push_back({name, k, std::to_string(n)});
    }
    write_delimited(std::cout, format, rows);
    return kExitOk;
  }
  if (format == Format::kJson) {
    Json out;
    out["profiles"] = stats->profiles;
    out["generation"] = stats->generation;
    auto group = [&](const char* name,
                     const std::vector<std::pair<std::string, std::uint64_t>>& v) {
      Json counts = Json::object();
      for (const auto& [k, n] : v) counts[k] = n;
      out[name] = std::move(counts);
    };
    group("platform", platforms);
    group("tier", tiers);
    group("country", countries);
    // Which dictionary analysed the queries: an installed copy must not use a build tree's.
    AnalysisInfo analysis = analysis_info();
    out["dictionary"] = analysis.dictionary ? Json(analysis.dictionary_path) : Json(nullptr);
    std::cout << dump(out) << '\n';
    return kExitOk;
  }
  Style style{use_colour(), use_pictures()};
  std::cout << style.bold(fmt::format("{} profiles", group_thousands(stats->profiles)))
            << style.dim(fmt::format(" (generation {})", stats->generation)) << "\n\n";
  auto section = [&](const char* title,
                     const std::vector<std::pair<std::string, std::uint64_t>>& v) {
    Table table;
    table.columns = {{title, false, true}, {"profiles", true, false}, {"share", true, false}};
    for (const auto& [k, n] : v) {
      double share =
          stats->profiles ? static_cast<double>(n) / static_cast<double>(stats->profiles) : 0;
      table.rows.push_back({k, group_thousands(n), percent(share)});
    }
    table.print(std::cout, output_width(), style);
    std::cout << '\n';
  };
  section("platform", platforms);
  section("tier", tiers);
  section("country", countries);
  AnalysisInfo analysis = analysis_info();
  std::cout << style.dim(analysis.dictionary
                             ? fmt::format("hashtag dictionary: {} ({} words)",
                                           analysis.dictionary_path,
                                           group_thousands(analysis.dictionary_words))
                             : "hashtag dictionary: none")
            << '\n';
  return kExitOk;
}

int run_show(const DbArgs& args) {
  auto db = open_read_only(args.db);
  if (!db) return report_error(db.status());
  auto profile = db->get(args.key);
  if (!profile) return report_error(profile.status());
  if (args.json) {
    std::cout << to_json(*profile) << '\n';
    return kExitOk;
  }
  auto insights = db->insights(args.key);
  print_profile_card(std::cout, *profile, db->tiers(), Style{use_colour(), use_pictures()},
                     insights ? &*insights : nullptr);
  return kExitOk;
}

}  // namespace

void add_stats_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<DbArgs>();
  CLI::App* cmd = app.add_subcommand("stats", "Count profiles by platform, tier and country");
  add_db_option(cmd, args->db);
  add_format_options(cmd, args->format);
  cmd->callback([args, &exit_code] { exit_code = run_stats(*args); });
}

void add_show_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<DbArgs>();
  CLI::App* cmd = app.add_subcommand("show", "Show one stored profile");
  add_db_option(cmd, args->db);
  cmd->add_option("profile", args->key, "platform:handle, e.g. instagram:thrifted.threads")
      ->required();
  cmd->add_flag("--json", args->json, "Print the stored profile as JSON");
  cmd->callback([args, &exit_code] { exit_code = run_show(*args); });
}

}  // namespace mikros::cli
