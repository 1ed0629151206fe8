// The ceiling: how fast Xapian itself can write the documents mikros builds, on this machine.
//
// prep/terms.bin holds every profile's Xapian document as doc::build_document makes it. Here
// those terms, positions, values and data go straight into Xapian: no JSON, no analysis, no
// RocksDB, no commit protocol. Each document is rebuilt with add_posting / add_term /
// add_value (what an analyzer hands Xapian) and added with add_document; the database is
// committed every --ceiling-batch documents (Xapian's flush threshold, default 10,000, is left
// as it is). Only the writing is timed; loading the file is not.
//
// Two set-ups (docs/benchmarks.md, "What each part does"):
//   one writer:    one process writes every document into one database;
//   two processes: two child processes each write half into a shard at the same time, then
//                  Xapian::Database::compact merges the shards into one database. The time is
//                  from the moment both children start writing until the compacted database is
//                  complete.
// The ceiling is the faster of the two.
#include <fmt/format.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>

#include "bench/bench.h"
#include "bench/binio.h"

namespace mikros::bench {
namespace {

namespace fs = std::filesystem;

// The documents [first, last) of terms.bin, read into memory.
struct DocBlock {
  std::string bytes;
  std::uint64_t count = 0;
};

Result<DocBlock> load_docs(const Config& c, int part, int parts) {
  const std::string idx_path = path_in(c, "prep/terms.idx");
  std::ifstream idx(idx_path, std::ios::binary);
  if (!idx) return Status::io_error(fmt::format("{}: cannot open", idx_path));
  std::vector<std::uint64_t> offsets;
  std::uint64_t off;
  while (idx.read(reinterpret_cast<char*>(&off), sizeof off)) offsets.push_back(off);
  if (offsets.empty()) return Status::corruption(fmt::format("{}: empty", idx_path));
  const std::uint64_t docs = offsets.size() - 1;
  const std::uint64_t first = docs * static_cast<std::uint64_t>(part) / parts;
  const std::uint64_t last = docs * static_cast<std::uint64_t>(part + 1) / parts;
  DocBlock block;
  block.count = last - first;
  block.bytes.resize(offsets[last] - offsets[first]);
  const std::string path = path_in(c, "prep/terms.bin");
  std::ifstream in(path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(offsets[first]));
  if (!in.read(block.bytes.data(), static_cast<std::streamsize>(block.bytes.size()))) {
    return Status::io_error(fmt::format("{}: short read", path));
  }
  return block;
}

struct Written {
  double seconds = 0;
  double cpu_seconds = 0;
};

// Writes every document of `block` into a new database at `path`.
Result<Written> write_docs(const DocBlock& block, const std::string& path, std::size_t batch) {
  std::error_code ec;
  fs::remove_all(path, ec);
  try {
    double t0 = now_seconds();
    double cpu0 = process_cpu_seconds();
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
    BinReader r(block.bytes.data(), block.bytes.data() + block.bytes.size());
    std::uint64_t since_commit = 0;
    for (std::uint64_t i = 0; i < block.count; ++i) {
      Xapian::Document d;
      d.set_data(std::string(r.str()));
      auto terms = r.get<std::uint32_t>();
      for (std::uint32_t t = 0; t < terms; ++t) {
        std::string term(r.str());
        auto wdf = r.get<std::uint32_t>();
        auto positions = r.get<std::uint32_t>();
        for (std::uint32_t p = 0; p < positions; ++p) d.add_posting(term, r.get<std::uint32_t>());
        if (positions == 0) {
          if (wdf == 0) {
            d.add_boolean_term(term);
          } else {
            d.add_term(term, wdf);
          }
        } else if (wdf > positions) {
          d.add_term(term, wdf - positions);
        }
      }
      auto values = r.get<std::uint32_t>();
      for (std::uint32_t v = 0; v < values; ++v) {
        auto slot = r.get<std::uint32_t>();
        d.add_value(slot, std::string(r.str()));
      }
      db.add_document(d);
      if (++since_commit == batch) {
        db.commit();
        since_commit = 0;
      }
    }
    db.commit();
    db.close();
    return Written{now_seconds() - t0, process_cpu_seconds() - cpu0};
  } catch (const Xapian::Error& e) {
    return Status::io_error(fmt::format("{}: {}", path, e.get_description()));
  } catch (const std::out_of_range&) {
    return Status::corruption("prep/terms.bin: truncated");
  }
}

}  // namespace

Status run_ceiling_one(const Config& c, nlohmann::json& out) {
  auto block = load_docs(c, 0, 1);
  if (!block) return block.status();
  const std::string path = path_in(c, "ceiling1.db");
  auto written = write_docs(*block, path, c.ceiling_batch);
  if (!written) return written.status();
  out["profiles"] = block->count;
  out["seconds"] = written->seconds;
  out["cpu_seconds"] = written->cpu_seconds;
  out["profiles_per_s"] = static_cast<double>(block->count) / written->seconds;
  out["size_bytes"] = disk_bytes(path);
  out["batch"] = c.ceiling_batch;
  return Status::ok();
}

Status run_ceiling_shard(const Config& c, int part, int parts, nlohmann::json& out) {
  auto block = load_docs(c, part, parts);
  if (!block) return block.status();
  // Loaded: tell the parent, and start writing when it says so.
  if (Status st = say("ready"); !st) return st;
  std::string go;
  if (!wait_for_turn(go) || go != "go") return Status::io_error("shard: no start signal");
  auto written =
      write_docs(*block, path_in(c, fmt::format("ceiling2.shard{}", part)), c.ceiling_batch);
  if (!written) return written.status();
  out["profiles"] = block->count;
  out["seconds"] = written->seconds;
  out["cpu_seconds"] = written->cpu_seconds;
  return Status::ok();
}

Status run_ceiling_two(const Config& c, nlohmann::json& out) {
  constexpr int kParts = 2;
  std::vector<std::unique_ptr<PhaseChild>> children;
  for (int part = 0; part < kParts; ++part) {
    auto child =
        PhaseChild::start(c, "ceiling-shard", fmt::format("ceiling-shard{}", part),
                          {"--part", std::to_string(part), "--parts", std::to_string(kParts)});
    if (!child) return child.status();
    children.push_back(std::move(*child));
  }
  // Wait until both have loaded their documents, then start them together.
  for (auto& ch : children) {
    auto line = ch->receive();
    if (!line) return line.status();
    if (*line != "ready") return Status::internal("ceiling shard: unexpected \"" + *line + "\"");
  }
  double t0 = now_seconds();
  for (auto& ch : children) {
    if (Status st = ch->send("go"); !st) return st;
  }
  std::uint64_t profiles = 0;
  double cpu = 0;
  nlohmann::json shards = nlohmann::json::array();
  for (auto& ch : children) {
    auto r = ch->finish();
    if (!r) return r.status();
    profiles += (*r)["profiles"].get<std::uint64_t>();
    cpu += (*r)["cpu_seconds"].get<double>();
    shards.push_back(*r);
  }
  double t_built = now_seconds();
  double cpu0 = thread_cpu_seconds();
  const std::string path = path_in(c, "ceiling2.db");
  std::uint64_t shard_bytes = 0;
  try {
    std::error_code ec;
    fs::remove_all(path, ec);
    Xapian::Database all;
    for (int part = 0; part < kParts; ++part) {
      std::string shard = path_in(c, fmt::format("ceiling2.shard{}", part));
      shard_bytes += disk_bytes(shard);
      all.add_database(Xapian::Database(shard));
    }
    all.compact(path);
  } catch (const Xapian::Error& e) {
    return Status::io_error(fmt::format("{}: compacting: {}", path, e.get_description()));
  }
  double t_end = now_seconds();
  double compact_cpu = thread_cpu_seconds() - cpu0;
  out["profiles"] = profiles;
  out["build_seconds"] = t_built - t0;
  out["compact_seconds"] = t_end - t_built;
  out["seconds"] = t_end - t0;
  out["cpu_seconds"] = cpu + compact_cpu;
  out["profiles_per_s"] = static_cast<double>(profiles) / (t_end - t0);
  out["shard_bytes"] = shard_bytes;
  out["size_bytes"] = disk_bytes(path);
  out["shards"] = shards;
  out["batch"] = c.ceiling_batch;
  return Status::ok();
}

}  // namespace mikros::bench
