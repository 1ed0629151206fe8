// The mikros index, built through the public API exactly as `mikros index` builds a first
// load into an empty database: Database::open, Indexer::rebuild, Indexer::read_file over the
// JSONL corpus (default batch size and writers: the file is read as two halves at once and
// merged), publish(), and the compaction that follows a bulk load (Database::compact).
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

  IndexOptions options;
  IndexReport report;
  std::uint64_t rejected = 0;
  std::string first_rejection;
  // Timed: from opening (creating) the database until it is closed, every batch durable.
  double t0 = now_seconds();
  double cpu0 = process_cpu_seconds();
  CompactReport compacted;
  {
    auto db = Database::open(db_path);
    if (!db) return db.status();
    {
      auto indexer = Indexer::rebuild(*db, options);
      if (!indexer) return indexer.status();
      Status st = indexer->read_file(
          corpus_path, InputFormat::kJsonl,
          [&](const Rejection& r) {
            if (rejected++ == 0) {
              first_rejection = fmt::format("line {}: {}", r.line, r.reason);
            }
          },
          &report);
      if (!st) return st;
      if (Status ps = indexer->publish(); !ps) return ps;
    }
    // As `mikros index` does after a bulk load (its --compact auto).
    auto c = db->compact();
    if (!c) return c.status();
    compacted = *c;
  }
  double seconds = now_seconds() - t0;
  double cpu = process_cpu_seconds() - cpu0;
  if (rejected) {
    return Status::corruption(fmt::format("{}: {} generated profiles rejected, first at {}",
                                          corpus_path, rejected, first_rejection));
  }
  out["profiles"] = report.accepted;
  out["commits"] = report.commits;
  out["batch_size"] = options.batch_size;
  out["writers"] = options.writers;
  out["seconds"] = seconds;
  out["profiles_per_s"] = static_cast<double>(report.accepted) / seconds;
  out["cpu_seconds"] = cpu;
  out["size_bytes"] = disk_bytes(db_path);
  out["compact_seconds"] = compacted.seconds;
  out["size_bytes_before_compact"] = compacted.bytes_before;
  // Where the bytes are: the stores of the current index directory (xapian, rocks).
  nlohmann::json parts = nlohmann::json::object();
  for (const auto& index_dir : std::filesystem::directory_iterator(db_path, ec)) {
    if (!index_dir.is_directory()) continue;
    for (const auto& store : std::filesystem::directory_iterator(index_dir.path(), ec)) {
      if (store.is_directory()) {
        parts[store.path().filename().string()] = disk_bytes(store.path().string());
      }
    }
  }
  out["size_bytes_by_store"] = parts;
  return Status::ok();
}

}  // namespace mikros::bench
