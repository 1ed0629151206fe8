// The child side of mikros-bench: `mikros-bench bench-phase NAME` runs one phase and writes its
// JSON result, with the process's peak memory, to --out.
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "bench/bench.h"

namespace mikros::bench {

int run_phase(const std::string& phase, const Config& c, int part, int parts,
              const std::string& out_path) {
  nlohmann::json out = nlohmann::json::object();
  Status st;
  if (phase == "prep") {
    st = run_prep(c, out);
  } else if (phase == "index") {
    st = run_index(c, out);
  } else if (phase == "fts5-build") {
    st = run_fts5_build(c, out);
  } else if (phase == "ceiling-one") {
    st = run_ceiling_one(c, out);
  } else if (phase == "ceiling-shard") {
    st = run_ceiling_shard(c, part, parts, out);
  } else if (phase == "search-mikros") {
    st = run_search_mikros(c, out);
  } else if (phase == "search-fts5") {
    st = run_search_fts5(c, out);
  } else if (phase == "lucene-build") {
    st = run_lucene_build(c, out);
  } else if (phase == "search-lucene") {
    st = run_search_lucene(c, out);
  } else {
    st = Status::invalid_argument(fmt::format("unknown phase \"{}\"", phase));
  }
  if (!st) {
    std::cerr << fmt::format("mikros-bench bench-phase {}: {}\n", phase, st.to_string());
    return 1;
  }
  // A phase that runs its work in another process (the Lucene peer's JVM) reports that
  // process's peak instead.
  if (!out.contains("peak_rss_bytes")) out["peak_rss_bytes"] = peak_rss_bytes();
  std::ofstream f(out_path, std::ios::trunc);
  f << out.dump(1) << '\n';
  f.close();
  if (!f) {
    std::cerr << fmt::format("mikros-bench bench-phase {}: {}: write failed\n", phase, out_path);
    return 1;
  }
  return 0;
}

}  // namespace mikros::bench
