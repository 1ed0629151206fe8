// The query mixes on mikros: the query language through Searcher::search with the default
// SearchOptions (top 20, exact total, insights), from a read-only handle as a search process
// would open it. The brand mix passes SearchOptions::brand (alignment ranking).
#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <string_view>

#include "bench/bench.h"
#include "bench/default_brand.h"
#include "mikros/mikros.hpp"

namespace mikros::bench {
namespace {

std::string query_text(const std::string& mix, const QuerySpec& q) {
  std::string filters =
      fmt::format("tier:micro country:{} er:{}%..{}%", q.country, q.lo_pct, q.hi_pct);
  // Quoted single words match the word itself (a loose word may also match its variants).
  std::string words = fmt::format("\"{}\" \"{}\"", q.word1, q.word2);
  if (mix == "text") return words;
  if (mix == "filters") return filters;
  if (mix == "audience") {
    return fmt::format("tier:micro country:{0} aud.country:{0}>={1}% aud.gender:female>={2}%",
                       q.country, q.lo_pct, q.hi_pct);
  }
  return words + " " + filters;
}

Result<Brand> load_brand(const Config& c) {
  std::string json = kDefaultBrandJson;
  if (!c.brand_file.empty()) {
    std::ifstream in(c.brand_file);
    if (!in) return Status::io_error(fmt::format("{}: cannot open", c.brand_file));
    std::ostringstream s;
    s << in.rdbuf();
    json = s.str();
  }
  return parse_brand(json);
}

}  // namespace

Status run_search_mikros(const Config& c, nlohmann::json& out) {
  auto brand = load_brand(c);
  if (!brand) return brand.status();
  Options open_options;
  open_options.read_only = true;
  auto db = Database::open(path_in(c, "mikros.db"), open_options);
  if (!db) return db.status();
  Searcher searcher(*db);
  SearchOptions plain, branded;
  // The mixes are compared with peers that match words as written (their hit counts must be
  // equal): no expansion by meaning (quoted words are never expanded anyway).
  plain.expand = false;
  branded.expand = false;
  branded.brand = *brand;
  auto run = [&](const QuerySpec& q, QueryOutcome& o) -> Status {
    std::string text = query_text(q.mix, q);
    const SearchOptions& options = q.mix == "brand" ? branded : plain;
    double t0 = now_seconds(), c0 = thread_cpu_seconds();
    auto result = searcher.search(text, options);
    o.cpu_ms = (thread_cpu_seconds() - c0) * 1000.0;
    o.wall_ms = (now_seconds() - t0) * 1000.0;
    if (!result) {
      return Status(result.status().code(), fmt::format("{}: {}", text, result.status().message()));
    }
    o.returned = result->hits.size();
    o.total = result->total;
    for (const auto& hit : result->hits) o.keys.push_back(hit.key);
    return Status::ok();
  };
  if (Status st = serve_query_turns(c, run, out); !st) return st;
  nlohmann::json examples = nlohmann::json::object();
  for (const auto& mix : mixes()) {
    examples[mix.name] = query_text(mix.name, {mix.name, "w1", "w2", "US", "1", "3"});
  }
  out["examples"] = examples;
  out["brand"] = brand->name;
  out["returns_per_hit"] =
      "the key, name, tier, followers, country and engagement rate from the stored profile, "
      "parsed, with the score and insights (engagement label and percentile, growth, spike, "
      "authenticity)";
  return Status::ok();
}

}  // namespace mikros::bench
