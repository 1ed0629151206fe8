// query_bench: what facet counts and the engagement-label filter cost, on an existing database.
//
//   mikros generate --count 200000 --seed 42 -o p.jsonl && mikros index --db DB p.jsonl
//   query_bench DB [RUNS]
//
// For each query: the median and 90th percentile of RUNS searches (after two warm-up runs) with
// an estimated total, with an exact total (the default) and with facet counts. Then the label
// filter, as the PostingSource the compiler uses and as a MatchDecider, over the labels the
// peer benchmarks give the database's profiles.
#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "mikros/mikros.hpp"
#include "query/column_match.h"
#include "query/compile.h"
#include "storage/database_impl.h"

using namespace mikros;

namespace {

struct Timing {
  double median_ms = 0;  // wall clock
  double p90_ms = 0;
  double cpu_ms = 0;  // median CPU time of this thread: steadier on a shared machine
};

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

Timing measure(int runs, const std::function<void()>& fn) {
  for (int i = 0; i < 2; ++i) fn();
  std::vector<double> ms, cpu;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    double c0 = thread_cpu_ms();
    fn();
    cpu.push_back(thread_cpu_ms() - c0);
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 9 / 10)], cpu[cpu.size() / 2]};
}

[[noreturn]] void die(const Status& st) {
  std::cerr << "query_bench: " << st.to_string() << '\n';
  std::exit(1);
}

// The label filter as a MatchDecider, for comparison.
class LabelDecider : public Xapian::MatchDecider {
 public:
  LabelDecider(std::shared_ptr<const Columns> columns, std::uint32_t mask)
      : columns_(std::move(columns)), bench_(columns_->benchmarks()), mask_(mask) {}
  bool operator()(const Xapian::Document& doc) const override {
    const FacetRow* row = columns_->row(doc.get_docid());
    return row && ((mask_ >> static_cast<unsigned>(bench_.label(*row))) & 1u);
  }

 private:
  std::shared_ptr<const Columns> columns_;
  const analytics::PeerBenchmarks& bench_;
  std::uint32_t mask_;
};

std::string cell(const Timing& t) {
  return fmt::format("{:.1f} / {:.1f} [{:.1f}]", t.median_ms, t.p90_ms, t.cpu_ms);
}

// The queries of the first table; the last one is a lookalike seed, the first hit of a common
// niche word ("" when there is none).
std::vector<std::string> search_queries(Searcher& searcher) {
  auto seed = searcher.search("fashion");
  if (!seed) die(seed.status());
  std::string like = seed->hits.empty() ? "" : "like:" + seed->hits[0].key;
  return {"",
          "tier:micro",
          "fashion",
          "\"slow fashion\" tier:micro country:US",
          "recipes OR food",
          "music -country:US",
          "er:>3% followers:10k..50k",
          like};
}

// One query: its matches, then its times with an estimated total, an exact total and facets.
void print_search_row(Searcher& searcher, const std::string& q, int runs) {
  SearchOptions estimated;
  estimated.exact_total = false;
  SearchOptions exact;
  SearchOptions facets;
  facets.facets = true;
  auto r = searcher.search(q, facets);
  if (!r) die(r.status());
  auto run = [&](const SearchOptions& o) {
    return measure(runs, [&] {
      if (!searcher.search(q, o)) std::abort();
    });
  };
  Timing a = run(estimated), b = run(exact), c = run(facets);
  std::cout << fmt::format("{:<44} {:>7} {:>24} {:>24} {:>24}\n",
                           q.empty() ? "(everything)" : q.substr(0, 44), r->total, cell(a), cell(b),
                           cell(c));
}

void print_search_table(Searcher& searcher, int runs) {
  const std::vector<std::string> queries = search_queries(searcher);
  std::cout << fmt::format("{:<44} {:>7} {:>24} {:>24} {:>24}\n", "query", "matches",
                           "estimated total", "exact total", "exact + facets");
  for (const auto& q : queries) {
    if (q.empty() && &q != &queries.front()) continue;  // no lookalike seed
    print_search_row(searcher, q, runs);
  }
}

// One query filtered by the label mask, as a PostingSource and as a MatchDecider; false (after
// saying so) when the two count different matches.
bool print_label_row(Xapian::Database& xdb, const std::shared_ptr<const Columns>& columns,
                     std::uint32_t mask, const std::string& q, int runs) {
  auto parsed = Query::parse(q);
  if (!parsed) die(parsed.status());
  auto compiled = query::compile(*parsed, {nullptr, columns});
  if (!compiled) die(compiled.status());
  Xapian::Query source((new query::LabelSource(columns, mask))->release());
  Xapian::Query filtered(Xapian::Query::OP_FILTER, compiled->query, source);
  LabelDecider decider(columns, mask);
  Xapian::doccount matches = 0, decided = 0;
  auto with_source = measure(runs, [&] {
    Xapian::Enquire e(xdb);
    e.set_query(filtered);
    if (!compiled->scoring) e.set_weighting_scheme(Xapian::BoolWeight());
    matches = e.get_mset(0, 20, xdb.get_doccount()).get_matches_estimated();
  });
  auto with_decider = measure(runs, [&] {
    Xapian::Enquire e(xdb);
    e.set_query(compiled->query);
    if (!compiled->scoring) e.set_weighting_scheme(Xapian::BoolWeight());
    decided = e.get_mset(0, 20, xdb.get_doccount(), nullptr, &decider).get_matches_estimated();
  });
  if (matches != decided) {
    std::cerr << fmt::format("query_bench: {}: {} with the source, {} with the decider\n", q,
                             matches, decided);
    return false;
  }
  std::cout << fmt::format("{:<44} {:>7} {:>24} {:>24}\n", q.empty() ? "(everything)" : q, matches,
                           cell(with_source), cell(with_decider));
  return true;
}

// The label filter: PostingSource against MatchDecider. The exit status.
int print_label_table(Database& db, int runs) {
  auto store = db.impl()->store();
  auto loaded = store->columns();
  if (!loaded) die(loaded.status());
  auto columns = *loaded;
  auto reader = store->reader();
  if (!reader) die(reader.status());
  Xapian::Database& xdb = reader->db();
  const std::uint32_t mask = query::LabelSource::mask_of({EngagementLabel::kHigh});
  std::cout << fmt::format("\nlabel filter (er:high, top 20, exact count)\n");
  std::cout << fmt::format("{:<44} {:>7} {:>24} {:>24}\n", "query", "matches", "PostingSource",
                           "MatchDecider");
  for (const std::string q :
       {"", "tier:micro", "fashion", "recipes OR food", "music -country:US"}) {
    if (!print_label_row(xdb, columns, mask, q, runs)) return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: query_bench DB [RUNS]\n";
    return 2;
  }
  const int runs = argc > 2 ? std::atoi(argv[2]) : 30;
  Options open;
  open.read_only = true;
  auto db = Database::open(argv[1], open);
  if (!db) die(db.status());
  Searcher searcher(*db);
  std::cout << fmt::format(
      "{} profiles, {} runs per figure: median / p90 wall-clock ms [median CPU ms]\n\n", db->size(),
      runs);
  print_search_table(searcher, runs);
  return print_label_table(*db, runs);
}
