// The query mixes on mikros: the query language through Searcher::search with the default
// SearchOptions (top 20, exact total, insights), from a read-only handle as a search process
// would open it. The brand mix passes SearchOptions::brand (alignment ranking).
#include <fmt/format.h>

#include <fstream>
#include <sstream>

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
  auto queries = read_queries(path_in(c, "prep/queries.tsv"));
  if (!queries) return queries.status();
  auto brand = load_brand(c);
  if (!brand) return brand.status();
  Options open_options;
  open_options.read_only = true;
  auto db = Database::open(path_in(c, "mikros.db"), open_options);
  if (!db) return db.status();
  Searcher searcher(*db);

  nlohmann::json mixes_out = nlohmann::json::object();
  for (const auto& mix : mixes()) {
    SearchOptions options;
    if (std::string_view(mix.name) == "brand") options.brand = *brand;
    std::vector<double> ms;
    std::vector<std::uint64_t> returned, totals;
    std::size_t i = 0;
    for (const auto& q : *queries) {
      if (q.mix != mix.name) continue;
      std::string text = query_text(q.mix, q);
      double t0 = now_seconds();
      auto result = searcher.search(text, options);
      double t1 = now_seconds();
      if (!result) {
        return Status(result.status().code(),
                      fmt::format("{}: {}", text, result.status().message()));
      }
      if (i++ < c.warmup) continue;
      ms.push_back((t1 - t0) * 1000.0);
      returned.push_back(result->hits.size());
      totals.push_back(result->total);
    }
    nlohmann::json m = to_json(summarize(ms));
    m["queries"] = ms.size();
    m["returned"] = returned;
    m["totals"] = totals;
    m["example"] = query_text(mix.name, {mix.name, "w1", "w2", "US", "1", "3"});
    mixes_out[mix.name] = m;
  }
  out["mixes"] = mixes_out;
  out["brand"] = brand->name;
  return Status::ok();
}

}  // namespace mikros::bench
