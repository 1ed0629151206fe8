// The benchmark's report: hit-count checks, ratios and target verdicts, then a table.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ostream>

#include "bench/bench.h"

namespace mikros::bench {
namespace {

using json = nlohmann::json;

constexpr double kMiB = 1024.0 * 1024.0;

// j[a][b]... or nullptr when any step is missing.
const json* at(const json& j, std::initializer_list<const char*> path) {
  const json* p = &j;
  for (const char* k : path) {
    if (!p->is_object() || !p->contains(k)) return nullptr;
    p = &(*p)[k];
  }
  return p;
}

double num(const json& j, std::initializer_list<const char*> path, double fallback = NAN) {
  const json* p = at(j, path);
  return p && p->is_number() ? p->get<double>() : fallback;
}

// Per-query arrays are compared, then replaced by their summaries (the JSON stays small).
void summarize_counts(json& mix) {
  const auto totals = mix["totals"].get<std::vector<std::uint64_t>>();
  const auto returned = mix["returned"].get<std::vector<std::uint64_t>>();
  double sum_total = 0, sum_returned = 0;
  std::uint64_t zero = 0;
  for (auto t : totals) {
    sum_total += static_cast<double>(t);
    if (t == 0) ++zero;
  }
  for (auto r : returned) sum_returned += static_cast<double>(r);
  const double n = totals.empty() ? 1.0 : static_cast<double>(totals.size());
  mix["mean_total"] = sum_total / n;
  mix["mean_returned"] = sum_returned / n;
  mix["zero_hit_fraction"] = static_cast<double>(zero) / n;
  mix.erase("totals");
  mix.erase("returned");
  mix.erase("keys");
}

void add_target(json& targets, const char* name, const char* text, double measured, double target,
                bool at_most, const char* unit) {
  bool known = std::isfinite(measured);
  json t = {{"name", name},
            {"text", text},
            {"target", target},
            {"unit", unit},
            {"comparison", at_most ? "<=" : ">="}};
  t["measured"] = known ? json(measured) : json(nullptr);
  t["met"] = known ? json(at_most ? measured <= target : measured >= target) : json(nullptr);
  targets.push_back(t);
}

std::string fmt_num(double v, int decimals = 0) {
  if (!std::isfinite(v)) return "-";
  if (decimals == 0) {
    // Thousands separators for counts and rates.
    auto n = static_cast<long long>(std::llround(v));
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string s = n < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) s += ',';
      s += digits[i];
    }
    return s;
  }
  return fmt::format("{:.{}f}", v, decimals);
}

std::string fmt_ms(double v) {
  if (!std::isfinite(v)) return "-";
  return v < 10 ? fmt::format("{:.3f}", v) : fmt::format("{:.1f}", v);
}

// ---- comparisons ----

// The peers, in report order: each runs every mix but brand, and is compared with mikros.
constexpr const char* kPeers[] = {"fts5", "lucene"};

// The peer's per-query results, or nullptr when it did not run (or was skipped).
json* peer_mixes(json& q, const char* peer) {
  if (!q.contains(peer) || !q[peer].is_object() || !q[peer].contains("mixes")) return nullptr;
  return &q[peer]["mixes"];
}

// query.same_hits.PEER.MIX: for a peer that returns keys (Lucene), the share of queries whose
// hits are the same profiles as mikros's (`same_set`) and in the same order (`same_order`).
// Where both list by followers (filters, audience) they differ only on ties; where they rank by
// text (BM25 against mikros's ranking), the order may differ and so may the set of the top 20.
json compare_keys(json& q) {
  json same = json::object();
  json& m = q["mikros"]["mixes"];
  for (const char* peer : {"lucene"}) {  // the peers that return keys (FTS5 returns rowids)
    json* f = peer_mixes(q, peer);
    if (!f) continue;
    for (const auto& mix : mixes()) {
      if (!mix.peers || !m.contains(mix.name) || !f->contains(mix.name)) continue;
      const json& mk = m[mix.name]["keys"];
      const json& fk = (*f)[mix.name]["keys"];
      if (!mk.is_array() || !fk.is_array() || mk.size() != fk.size()) continue;
      if (mk.empty()) continue;
      std::size_t same_set = 0, same_order = 0;
      for (std::size_t i = 0; i < mk.size(); ++i) {
        auto a = mk[i].get<std::vector<std::string>>();
        auto b = fk[i].get<std::vector<std::string>>();
        if (a == b) ++same_order;
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        if (a == b) ++same_set;
      }
      const double n = static_cast<double>(mk.size());
      same[peer][mix.name] = {{"same_set", static_cast<double>(same_set) / n},
                              {"same_order", static_cast<double>(same_order) / n}};
    }
  }
  return same;
}

// query.mismatches (all peers), query.mismatches_by_peer.PEER and query.mismatch_examples:
// mikros's exact total against each peer's exact total (FTS5's count(*), Lucene's total hits),
// and the hits each returned, query by query.
void compare_hit_counts(json& q) {
  json& m = q["mikros"]["mixes"];
  json mismatches = {{"total", 0}};
  json by_peer = json::object();
  json examples = json::array();
  for (const char* peer : kPeers) {
    json* f = peer_mixes(q, peer);
    if (!f) continue;
    json counts = json::object();
    std::uint64_t all = 0;
    for (const auto& mix : mixes()) {
      if (!mix.peers || !m.contains(mix.name) || !f->contains(mix.name)) continue;
      const auto mt = m[mix.name]["totals"].get<std::vector<std::uint64_t>>();
      const auto ft = (*f)[mix.name]["totals"].get<std::vector<std::uint64_t>>();
      const auto mr = m[mix.name]["returned"].get<std::vector<std::uint64_t>>();
      const auto fr = (*f)[mix.name]["returned"].get<std::vector<std::uint64_t>>();
      std::uint64_t bad = mt.size() == ft.size() ? 0 : std::max(mt.size(), ft.size());
      for (std::size_t i = 0; i < std::min(mt.size(), ft.size()); ++i) {
        if (mt[i] != ft[i] || mr[i] != fr[i]) {
          ++bad;
          if (examples.size() < 10) {
            examples.push_back({{"peer", peer},
                                {"mix", mix.name},
                                {"query", i},
                                {"mikros_total", mt[i]},
                                {"peer_total", ft[i]},
                                {"mikros_returned", mr[i]},
                                {"peer_returned", fr[i]}});
          }
        }
      }
      counts[mix.name] = bad;
      mismatches[mix.name] = mismatches.value(mix.name, std::uint64_t{0}) + bad;
      all += bad;
    }
    counts["total"] = all;
    by_peer[peer] = counts;
    mismatches["total"] = mismatches["total"].get<std::uint64_t>() + all;
  }
  q["mismatches"] = mismatches;
  q["mismatches_by_peer"] = by_peer;
  q["same_hits"] = compare_keys(q);
  q["mismatch_examples"] = examples;
}

// index.ceiling.{profiles_per_s,best}: the faster of the ceiling's two set-ups.
void add_ceiling_best(json& r) {
  double one = num(r, {"index", "ceiling", "one_writer", "profiles_per_s"});
  double two = num(r, {"index", "ceiling", "two_processes", "profiles_per_s"});
  if (std::isfinite(one) || std::isfinite(two)) {
    bool two_best = std::isfinite(two) && (!std::isfinite(one) || two > one);
    r["index"]["ceiling"]["profiles_per_s"] = two_best ? two : one;
    r["index"]["ceiling"]["best"] = two_best ? "two_processes" : "one_writer";
  }
}

// NaN (a part that did not run) becomes null in the JSON, one level of objects down.
void nan_to_null(json& ratios) {
  for (auto& [k, v] : ratios.items()) {
    if (v.is_number() && !std::isfinite(v.get<double>())) v = nullptr;
    if (v.is_object()) {
      for (auto& [k2, v2] : v.items()) {
        if (v2.is_number() && !std::isfinite(v2.get<double>())) v2 = nullptr;
      }
    }
  }
}

// The "ratios" object: indexing rate and size, then latency per mix, mikros over each peer.
json ratios_of(const json& r) {
  json ratios = json::object();
  double mikros_rate = num(r, {"index", "mikros", "profiles_per_s"});
  double ceiling = num(r, {"index", "ceiling", "profiles_per_s"});
  ratios["index_mikros_over_ceiling"] = mikros_rate / ceiling;
  for (const char* peer : kPeers) {
    ratios[fmt::format("index_mikros_over_{}", peer)] =
        mikros_rate / num(r, {"index", peer, "profiles_per_s"});
    ratios[fmt::format("size_mikros_over_{}", peer)] =
        num(r, {"index", "mikros", "size_bytes"}) / num(r, {"index", peer, "size_bytes"});
  }
  // CPU seconds per profile, which the machine's load disturbs less than the wall clock: the
  // one-writer ceiling's over mikros's.
  ratios["index_cpu_ceiling_over_mikros"] =
      (num(r, {"index", "ceiling", "one_writer", "cpu_seconds"}) /
       num(r, {"index", "ceiling", "one_writer", "profiles"})) /
      (num(r, {"index", "mikros", "cpu_seconds"}) / num(r, {"index", "mikros", "profiles"}));
  for (const char* peer : kPeers) {
    for (const char* stat : {"p50", "p99", "cpu_p50", "cpu_p99"}) {
      json per_mix = json::object();
      std::string key = std::string(stat) + "_ms";
      for (const auto& mix : mixes()) {
        if (!mix.peers) continue;
        per_mix[mix.name] = num(r, {"query", "mikros", "mixes", mix.name, key.c_str()}) /
                            num(r, {"query", peer, "mixes", mix.name, key.c_str()});
      }
      ratios[fmt::format("{}_mikros_over_{}", stat, peer)] = per_mix;
    }
  }
  nan_to_null(ratios);
  return ratios;
}

// The targets of issue 8 (set for 1M profiles on the 2-core machine), with their verdicts.
json targets_of(const json& r) {
  json targets = json::array();
  add_target(targets, "docpair_p99_over_fts5", "filtered (docpair) p99 at most 1/5 of FTS5's",
             num(r, {"ratios", "p99_mikros_over_fts5", "docpair"}), 0.2, true, "ratio");
  add_target(targets, "docpair_p50_ms", "filtered (docpair) p50 under 1 ms",
             num(r, {"query", "mikros", "mixes", "docpair", "p50_ms"}), 1.0, true, "ms");
  add_target(targets, "brand_p99_ms", "brand-ranked p99 under 10 ms",
             num(r, {"query", "mikros", "mixes", "brand", "p99_ms"}), 10.0, true, "ms");
  add_target(targets, "index_over_ceiling", "indexing at least 90% of the raw-Xapian ceiling",
             num(r, {"ratios", "index_mikros_over_ceiling"}), 0.9, false, "ratio");
  add_target(targets, "size_over_fts5", "index size at most 2x FTS5's",
             num(r, {"ratios", "size_mikros_over_fts5"}), 2.0, true, "ratio");
  add_target(targets, "search_peak_rss_mib", "search process peak memory under 512 MiB",
             num(r, {"query", "mikros", "peak_rss_bytes"}) / kMiB, 512.0, true, "MiB");
  add_target(targets, "hit_count_mismatches", "mikros's hit counts agree with every peer's",
             num(r, {"query", "mismatches", "total"}), 0.0, true, "queries");
  return targets;
}

// ---- the printed report ----

// Date, machine and the load average over the run.
void print_machine(std::ostream& out, const json& r) {
  const json& s = r["setup"];
  out << fmt::format("mikros bench  {}\n", s["date"].get<std::string>());
  const json& mach = s["machine"];
  out << fmt::format("machine   {}, {} cores, {:.1f} GiB RAM, {}\n", mach["cpu"].get<std::string>(),
                     mach["cores"].get<int>(), mach["memory_bytes"].get<double>() / (kMiB * 1024),
                     mach["kernel"].get<std::string>());
  out << fmt::format(
      "load      1-min load average {} at start, {} at end, {} at most (sampled every 5 s); "
      "the machine is shared, so figures are noisy\n",
      fmt_num(num(r, {"load_average", "start"}), 1), fmt_num(num(r, {"load_average", "end"}), 1),
      fmt_num(num(r, {"load_average", "max"}), 1));
  if (const json* by = at(r, {"load_average", "by_part"}); by && !by->empty()) {
    out << "          at the start and end of each part:";
    for (const auto& p : *by) {
      out << fmt::format(" {} {:.1f}-{:.1f};", p["part"].get<std::string>(),
                         p["start"].get<double>(), p["end"].get<double>());
    }
    out << '\n';
  }
}

// The build, the versions, the corpus and the queries.
void print_workload(std::ostream& out, const json& r) {
  const json& s = r["setup"];
  const json& v = s["versions"];
  out << fmt::format(
      "build     {}{}; mikros {}, Xapian {}, SQLite {}, RocksDB {}, ICU {}\n",
      s["build"]["type"].get<std::string>(),
      s["build"]["sanitized"].get<bool>() ? " WITH SANITIZERS (not a speed build)" : "",
      v["mikros"].get<std::string>(), v["xapian"].get<std::string>(),
      v["sqlite"].get<std::string>(), v["rocksdb"].get<std::string>(), v["icu"].get<std::string>());
  out << fmt::format("corpus    {} profiles (mikros generate --seed {}, {:.1f} MiB of JSONL)",
                     fmt_num(num(s, {"corpus", "profiles"})),
                     s["corpus"]["seed"].get<std::uint64_t>(),
                     num(r, {"corpus", "bytes"}, 0) / kMiB);
  if (const json* w = at(r, {"corpus", "prep", "word_postings_per_profile"})) {
    out << fmt::format(", {:.1f} word postings per profile", w->get<double>());
  }
  out << '\n';
  out << fmt::format(
      "queries   {} per mix after {} warm-up, one thread, warm cache, top 20; mikros: "
      "Searcher::search defaults (exact total, insights)\n",
      fmt_num(num(s, {"queries", "per_mix"})), fmt_num(num(s, {"queries", "warmup"})));
}

// One line of the indexing table; none when the set-up did not run.
void print_index_row(std::ostream& out, const std::string& label, const json* p) {
  if (!p) return;
  out << fmt::format(
      "{:<44}{:>12}{:>10}{:>10}{:>10}{:>11}{:>11}\n", label, fmt_num(num(*p, {"profiles_per_s"})),
      fmt_num(num(*p, {"seconds"}), 2), fmt_num(num(*p, {"cpu_seconds"}), 2),
      fmt_num(1e6 * num(*p, {"cpu_seconds"}) / num(*p, {"profiles"})),
      fmt_num(num(*p, {"size_bytes"}) / kMiB, 1), fmt_num(num(*p, {"peak_rss_bytes"}) / kMiB, 1));
}

// The ratios under the indexing table, and where mikros's bytes are.
void print_index_ratios(std::ostream& out, const json& r) {
  const json& ra = r["ratios"];
  out << fmt::format(
      "mikros / ceiling {} (target >= 0.90; by CPU per profile against one writer {}); "
      "mikros / FTS5: speed {}, size {} (target <= 2); mikros / Lucene: speed {}, size {}\n",
      fmt_num(num(ra, {"index_mikros_over_ceiling"}), 2),
      fmt_num(num(ra, {"index_cpu_ceiling_over_mikros"}), 2),
      fmt_num(num(ra, {"index_mikros_over_fts5"}), 2),
      fmt_num(num(ra, {"size_mikros_over_fts5"}), 2),
      fmt_num(num(ra, {"index_mikros_over_lucene"}), 2),
      fmt_num(num(ra, {"size_mikros_over_lucene"}), 2));
  if (const json* by = at(r, {"index", "mikros", "size_bytes_by_store"})) {
    out << "mikros on disk:";
    for (const auto& [store, bytes] : by->items()) {
      out << fmt::format(" {} {:.1f} MiB", store, bytes.get<double>() / kMiB);
    }
    double compacted = num(r, {"index", "ceiling", "two_processes", "size_bytes"});
    if (std::isfinite(compacted)) {
      out << fmt::format("; the ceiling's database compacted: {:.1f} MiB", compacted / kMiB);
    }
    out << '\n';
  }
}

void print_indexing(std::ostream& out, const json& r) {
  out << fmt::format("\n{:<44}{:>12}{:>10}{:>10}{:>10}{:>11}{:>11}\n", "Indexing", "profiles/s",
                     "seconds", "CPU s", "CPU us/p", "size MiB", "peak MiB");
  if (const json* p = at(r, {"index", "mikros"})) {
    // Runs before "writers" was recorded read with one writer.
    print_index_row(
        out,
        fmt::format("mikros ({} writer{}, batches of {})", fmt_num(num(*p, {"writers"}, 1)),
                    num(*p, {"writers"}, 1) == 1 ? "" : "s", fmt_num(num(*p, {"batch_size"}))),
        p);
  }
  if (const json* p = at(r, {"index", "fts5"})) {
    print_index_row(
        out, fmt::format("SQLite FTS5 (optimize {:.2f} s included)", num(*p, {"optimize_seconds"})),
        p);
  }
  if (const json* p = at(r, {"index", "lucene"}); p && !p->contains("skipped")) {
    print_index_row(out,
                    fmt::format("Lucene {} (forceMerge {:.2f} s included)",
                                p->value("lucene_version", ""), num(*p, {"force_merge_seconds"})),
                    p);
  }
  if (const json* p = at(r, {"index", "ceiling", "one_writer"})) {
    print_index_row(out, "Xapian ceiling: one writer", p);
  }
  if (const json* p = at(r, {"index", "ceiling", "two_processes"})) {
    print_index_row(
        out,
        fmt::format("Xapian ceiling: 2 processes + compact {:.2f} s", num(*p, {"compact_seconds"})),
        p);
  }
  print_index_ratios(out, r);
  if (const json* skipped = at(r, {"index", "lucene", "skipped"})) {
    out << "Lucene peer SKIPPED: " << skipped->get<std::string>() << '\n';
  }
}

// "p50 p90 p99 mean" of one engine's mix, of the wall clock (prefix "") or the CPU ("cpu_").
std::string four_latencies(const json* p, const std::string& prefix) {
  if (!p) return std::string("-");
  const std::string p50 = prefix + "p50_ms", p90 = prefix + "p90_ms", p99 = prefix + "p99_ms",
                    mean = prefix + "mean_ms";
  return fmt::format("{} {} {} {}", fmt_ms(num(*p, {p50.c_str()})), fmt_ms(num(*p, {p90.c_str()})),
                     fmt_ms(num(*p, {p99.c_str()})), fmt_ms(num(*p, {mean.c_str()})));
}

// One engine's mix, or nullptr.
const json* mix_of(const json& q, const char* engine, const char* mix) {
  return at(q, {engine, "mixes", mix});
}

// "p50x p99x" of mikros over a peer, from the ratios (prefix "" or "cpu_").
std::string two_ratios(const json& r, const std::string& prefix, const char* peer,
                       const char* mix) {
  const std::string p50 = fmt::format("{}p50_mikros_over_{}", prefix, peer);
  const std::string p99 = fmt::format("{}p99_mikros_over_{}", prefix, peer);
  return fmt::format("{:>5} {:>5}", fmt_num(num(r, {"ratios", p50.c_str(), mix}), 2),
                     fmt_num(num(r, {"ratios", p99.c_str(), mix}), 2));
}

// Latency per mix of mikros and each peer, of the wall clock (prefix "") or of the querying
// thread's CPU ("cpu_"), with mikros over each peer; the wall-clock table also has the matches
// and the hit-count mismatches.
void print_latency_table(std::ostream& out, const json& r, const json& q,
                         const std::string& prefix) {
  const bool wall = prefix.empty();
  out << fmt::format("{}{:<13}| {:>29} | {:>29} | {:>29} | {:>11} | {:>11} |{}\n", wall ? "\n" : "",
                     wall ? "Queries (ms)" : "CPU (ms)", "mikros p50 / p90 / p99 / mean",
                     "FTS5 p50 / p90 / p99 / mean", "Lucene p50 / p90 / p99 / mean",
                     "/FTS5 p50 p99", "/Luc. p50 p99", wall ? " matches zero | mismatches" : "");
  for (const auto& mix : mixes()) {
    const json* m = mix_of(q, "mikros", mix.name);
    const json* f = mix_of(q, "fts5", mix.name);
    const json* l = mix_of(q, "lucene", mix.name);
    if (!m && !f && !l) continue;
    out << fmt::format("{:<13}| {:>29} | {:>29} | {:>29} | {} | {} |", mix.name,
                       four_latencies(m, prefix), four_latencies(f, prefix),
                       four_latencies(l, prefix), two_ratios(r, prefix, "fts5", mix.name),
                       two_ratios(r, prefix, "lucene", mix.name));
    if (wall) {
      const json* src = m ? m : (f ? f : l);
      std::string mism = "-";
      if (const json* mm = at(q, {"mismatches", mix.name})) mism = fmt_num(mm->get<double>());
      out << fmt::format(" {:>7} {:>3.0f}% | {}", fmt_num(num(*src, {"mean_total"}), 1),
                         100 * num(*src, {"zero_hit_fraction"}, 0), mism);
    }
    out << '\n';
  }
}

void print_queries(std::ostream& out, const json& r, const json& q) {
  print_latency_table(out, r, q, "");
  print_latency_table(out, r, q, "cpu_");
  out << "mixes:";
  for (const auto& mix : mixes()) out << fmt::format(" {}: {};", mix.name, mix.label);
  out << " /FTS5, /Luc.: mikros over the peer; matches: mean matching profiles per query, zero: "
         "share with none\n";
  out << fmt::format("search peak memory: mikros {} MiB, FTS5 {} MiB, Lucene {} MiB\n",
                     fmt_num(num(q, {"mikros", "peak_rss_bytes"}) / kMiB, 1),
                     fmt_num(num(q, {"fts5", "peak_rss_bytes"}) / kMiB, 1),
                     fmt_num(num(q, {"lucene", "peak_rss_bytes"}) / kMiB, 1));
  out << "per hit:";
  for (const char* engine : {"mikros", "fts5", "lucene"}) {
    if (const json* what = at(q, {engine, "returns_per_hit"})) {
      out << fmt::format(" {} returns {};", engine, what->get<std::string>());
    }
  }
  out << '\n';
  if (const json* same = at(q, {"same_hits", "lucene"})) {
    out << "same hits as mikros (share of queries: same profiles / same order):";
    for (const auto& [mix, v] : same->items()) {
      out << fmt::format(" {} {:.2f} / {:.2f};", mix, v["same_set"].get<double>(),
                         v["same_order"].get<double>());
    }
    out << " Lucene\n";
  }
  if (const json* skipped = at(q, {"lucene", "skipped"})) {
    out << "Lucene peer SKIPPED: " << skipped->get<std::string>() << '\n';
  }
  if (const json* ex = at(q, {"mismatch_examples"}); ex && !ex->empty()) {
    out << "hit-count mismatches (first ones): " << ex->dump() << '\n';
  }
}

void print_targets(std::ostream& out, const json& r) {
  out << fmt::format("\nTargets (issue 8, set for 1,000,000 profiles; this run: {} profiles)\n",
                     fmt_num(num(r["setup"], {"corpus", "profiles"})));
  for (const auto& t : r["targets"]) {
    std::string verdict = t["met"].is_null() ? "n/a " : (t["met"].get<bool>() ? "ok  " : "MISS");
    std::string measured =
        t["measured"].is_null()
            ? "not measured"
            : fmt::format("{:.3g} {}", t["measured"].get<double>(), t["unit"].get<std::string>());
    out << fmt::format("  [{}] {:<52} measured {}\n", verdict, t["text"].get<std::string>(),
                       measured);
  }
}

}  // namespace

void add_comparisons(json& r) {
  if (r.contains("query")) {
    json& q = r["query"];
    if (q.contains("mikros")) compare_hit_counts(q);
    // Per-query arrays are compared, then replaced by their summaries.
    for (const char* engine : {"mikros", "fts5", "lucene"}) {
      json* mixes_of = peer_mixes(q, engine);
      if (!mixes_of) continue;
      for (auto& [name, mix] : mixes_of->items()) summarize_counts(mix);
    }
  }
  add_ceiling_best(r);
  r["ratios"] = ratios_of(r);
  r["targets"] = targets_of(r);
}

void print_report(std::ostream& out, const json& r) {
  print_machine(out, r);
  print_workload(out, r);
  if (at(r, {"index"})) print_indexing(out, r);
  if (const json* q = at(r, {"query"})) print_queries(out, r, *q);
  print_targets(out, r);
}

}  // namespace mikros::bench
