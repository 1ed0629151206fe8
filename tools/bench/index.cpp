// The mikros index, built through the public API exactly as `mikros index` builds it:
// Database::open, Indexer::read over the JSONL corpus (default batch size), final commit.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "bench/bench.h"
#include "mikros/mikros.hpp"

namespace mikros::bench {

Status run_index(const Config& c, nlohmann::json& out) {
  const std::string db_path = path_in(c, "mikros.db");
  const std::string corpus_path = path_in(c, "corpus.jsonl");
  std::error_code ec;
  std::filesystem::remove_all(db_path, ec);
  std::ifstream in(corpus_path, std::ios::binary);
  if (!in) return Status::io_error(fmt::format("{}: cannot open", corpus_path));

  IndexOptions options;
  IndexReport report;
  std::uint64_t rejected = 0;
  std::string first_rejection;
  // Timed: from opening (creating) the database until it is closed, every batch durable.
  double t0 = now_seconds();
  {
    auto db = Database::open(db_path);
    if (!db) return db.status();
    Indexer indexer(*db, options);
    Status st = indexer.read(
        in, corpus_path, InputFormat::kJsonl,
        [&](const Rejection& r) {
          if (rejected++ == 0) {
            first_rejection = fmt::format("line {}: {}", r.line, r.reason);
          }
        },
        &report);
    if (!st) return st;
    if (Status cs = indexer.commit(); !cs) return cs;
  }
  double seconds = now_seconds() - t0;
  if (rejected) {
    return Status::corruption(fmt::format("{}: {} generated profiles rejected, first at {}",
                                          corpus_path, rejected, first_rejection));
  }
  out["profiles"] = report.accepted;
  out["commits"] = report.commits;
  out["batch_size"] = options.batch_size;
  out["seconds"] = seconds;
  out["profiles_per_s"] = static_cast<double>(report.accepted) / seconds;
  out["size_bytes"] = disk_bytes(db_path);
  return Status::ok();
}

}  // namespace mikros::bench
