// The parts of `mikros bench`: each runs its phases in child processes and files their results.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include "bench/bench.h"

namespace mikros::bench {
namespace {

void progress(const std::string& what) {
  std::cerr << "bench: " << what << std::endl;
}

}  // namespace

Status ensure_prepared(Run& run) {
  if (run.prepared) return Status::ok();
  const Config& c = run.config;
  progress(fmt::format("corpus: {} profiles, seed {}", c.count, c.seed));
  nlohmann::json corpus;
  if (Status st = ensure_corpus(c, corpus); !st) return st;
  // prep's output depends only on the corpus and these settings: reuse it when they match.
  const std::string stamp_path = path_in(c, "prep/stamp");
  const std::string stamp = fmt::format("{} {} {} {}", c.count, c.seed, c.queries, c.warmup);
  nlohmann::json prep_result;
  if (corpus.value("reused", false)) {
    std::ifstream in(stamp_path);
    std::string have;
    if (in && std::getline(in, have) && have == stamp) {
      if (auto saved = read_result(path_in(c, "prep.json"))) {
        prep_result = *saved;
        prep_result["reused"] = true;
      }
    }
  }
  if (prep_result.is_null()) {
    progress("prep: documents, FTS5 rows and queries (untimed)");
    std::error_code ec;
    std::filesystem::remove(stamp_path, ec);
    auto prep = spawn_phase(c, "prep");
    if (!prep) return prep.status();
    prep_result = *prep;
    prep_result["reused"] = false;
    std::ofstream out(stamp_path, std::ios::trunc);
    out << stamp << '\n';
  }
  corpus["prep"] = prep_result;
  run.results["corpus"] = corpus;
  run.prepared = true;
  return Status::ok();
}

Status part_index(Run& run) {
  if (Status st = ensure_prepared(run); !st) return st;
  progress("index: mikros (Indexer::read_file, two writers)");
  auto r = spawn_phase(run.config, "index");
  if (!r) return r.status();
  run.results["index"]["mikros"] = *r;
  return Status::ok();
}

Status part_fts5(Run& run) {
  if (Status st = ensure_prepared(run); !st) return st;
  progress("fts5: SQLite FTS5 baseline");
  auto r = spawn_phase(run.config, "fts5-build");
  if (!r) return r.status();
  run.results["index"]["fts5"] = *r;
  return Status::ok();
}

Status part_ceiling(Run& run) {
  if (Status st = ensure_prepared(run); !st) return st;
  progress("ceiling: Xapian, one writer");
  auto one = spawn_phase(run.config, "ceiling-one");
  if (!one) return one.status();
  run.results["index"]["ceiling"]["one_writer"] = *one;
  progress("ceiling: Xapian, two processes + compact");
  nlohmann::json two;
  if (Status st = run_ceiling_two(run.config, two); !st) return st;
  run.results["index"]["ceiling"]["two_processes"] = two;
  return Status::ok();
}

Status part_query(Run& run) {
  const Config& c = run.config;
  for (const char* needed : {"mikros.db", "fts5.sqlite"}) {
    if (!std::filesystem::exists(path_in(c, needed))) {
      return Status::invalid_argument(fmt::format(
          "{} is missing: run the index and fts5 parts first (same --dir)", path_in(c, needed)));
    }
  }
  if (Status st = ensure_prepared(run); !st) return st;
  // "Warm cache" for both alike: on a machine whose page cache was emptied since the index
  // parts, the queries would otherwise time the disk (seen at 1M with --only query: the text
  // mix's p50 7.8 ms of wall time against 5.0 ms of CPU). Each database is read through once.
  const std::uint64_t warm_mikros = read_through(path_in(c, "mikros.db"));
  const std::uint64_t warm_fts5 = read_through(path_in(c, "fts5.sqlite"));
  // Both search processes stay up and take turns, chunk by chunk, so that the load of the
  // machine falls on both alike; the mixes take turns too (a chunk of each, then the next
  // chunk of each), so that none runs in conditions of its own. Run one mix after the other,
  // the first one timed what was still cold after the read-through: at 1M profiles the
  // docpair mix, run first, measured p50 1.01 ms where the brand mix, the same queries and
  // more work, run last, measured 0.67 ms.
  // The Lucene peer runs when its index is here and Java is: otherwise the report says why not.
  std::string lucene_skipped = lucene_unavailable(c);
  if (lucene_skipped.empty() && !std::filesystem::exists(path_in(c, "lucene.index"))) {
    lucene_skipped = "no Lucene index in the working directory (the lucene part did not run)";
  }
  if (lucene_skipped.empty()) {
    nlohmann::json compiled;
    if (Status st = compile_lucene_peer(c, compiled); !st) return st;
  }
  const std::uint64_t warm_lucene =
      lucene_skipped.empty() ? read_through(path_in(c, "lucene.index")) : 0;
  progress(lucene_skipped.empty() ? "query: mixes on mikros, FTS5 and Lucene, taking turns"
                                  : "query: mixes on mikros and FTS5, taking turns (Lucene "
                                    "skipped: " +
                                        lucene_skipped + ")");
  std::vector<std::pair<std::string, std::unique_ptr<PhaseChild>>> engines;
  for (const char* engine : {"mikros", "fts5", "lucene"}) {
    if (engine == std::string("lucene") && !lucene_skipped.empty()) continue;
    const std::string phase = std::string("search-") + engine;
    auto child = PhaseChild::start(c, phase, phase);
    if (!child) return child.status();
    engines.emplace_back(engine, std::move(*child));
  }
  for (auto& [engine, child] : engines) {
    auto line = child->receive();
    if (!line) return line.status();
    if (*line != "ready") return Status::internal("search phase: unexpected \"" + *line + "\"");
  }
  // Each turn starts with the next engine, so none always runs first (or right after another).
  constexpr std::size_t kChunk = 100;
  std::size_t turn = 0;
  for (std::size_t first = 0; first < c.queries; first += kChunk) {
    for (const auto& mix : mixes()) {
      ++turn;
      std::string cmd =
          fmt::format("{} {} {}", mix.name, first, std::min(kChunk, c.queries - first));
      std::vector<PhaseChild*> order;
      for (auto& [engine, child] : engines) {
        if (engine == "mikros" || mix.peers) order.push_back(child.get());
      }
      std::rotate(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(turn % order.size()),
                  order.end());
      for (PhaseChild* child : order) {
        if (Status st = child->send(cmd); !st) return st;
        auto line = child->receive();
        if (!line) return line.status();
      }
    }
  }
  for (auto& [engine, child] : engines) {
    auto r = child->finish();
    if (!r) return r.status();
    run.results["query"][engine] = *r;
  }
  if (!lucene_skipped.empty()) run.results["query"]["lucene"] = {{"skipped", lucene_skipped}};
  run.results["query"]["read_before"] = {
      {"mikros_bytes", warm_mikros}, {"fts5_bytes", warm_fts5}, {"lucene_bytes", warm_lucene}};
  return Status::ok();
}

struct LoadSampler::Impl {
  std::mutex mu;
  std::condition_variable cv;
  bool stop = false;
  std::vector<double> samples;
  std::thread thread;
};

LoadSampler::LoadSampler() : impl_(std::make_unique<Impl>()) {
  impl_->samples.push_back(load_average());
  impl_->thread = std::thread([impl = impl_.get()] {
    std::unique_lock lock(impl->mu);
    while (!impl->cv.wait_for(lock, std::chrono::seconds(5), [impl] { return impl->stop; })) {
      impl->samples.push_back(load_average());
    }
  });
}

LoadSampler::~LoadSampler() {
  if (impl_->thread.joinable()) finish();
}

nlohmann::json LoadSampler::finish() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stop = true;
  }
  impl_->cv.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->samples.push_back(load_average());
  const auto& s = impl_->samples;
  double max = s.front(), sum = 0;
  for (double v : s) {
    max = std::max(max, v);
    sum += v;
  }
  return {{"start", s.front()},
          {"end", s.back()},
          {"max", max},
          {"mean", sum / static_cast<double>(s.size())},
          {"samples", s.size()}};
}

}  // namespace mikros::bench
