// The ceiling: how fast Xapian itself can write the documents mikros builds, on this machine.
//
// prep/terms.bin holds every profile's Xapian document as doc::build_document makes it. Here
// those terms, positions, values and data go straight into Xapian: no JSON, no analysis, no
// RocksDB, no commit protocol. Each document is rebuilt with add_posting / add_term /
// add_value (what an analyzer hands Xapian) and added with add_document; the database is
// committed every --ceiling-batch documents (Xapian's flush threshold, default 10,000, is left
// as it is). Only the writing is timed; loading the file is not.
//
// Two set-ups, as measured in notes/anchors.md ("Calibration"):
//   one writer:    one process writes every document into one database;
//   two processes: two child processes each write half into a shard at the same time, then
//                  Xapian::Database::compact merges the shards into one database. The time is
//                  from the moment both children start writing until the compacted database is
//                  complete.
// The ceiling is the faster of the two.
#include <fmt/format.h>
#include <spawn.h>
#include <unistd.h>
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

// Writes every document of `block` into a new database at `path`. Returns the seconds spent.
Result<double> write_docs(const DocBlock& block, const std::string& path, std::size_t batch) {
  std::error_code ec;
  fs::remove_all(path, ec);
  try {
    double t0 = now_seconds();
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
    return now_seconds() - t0;
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
  auto seconds = write_docs(*block, path, c.ceiling_batch);
  if (!seconds) return seconds.status();
  out["profiles"] = block->count;
  out["seconds"] = *seconds;
  out["profiles_per_s"] = static_cast<double>(block->count) / *seconds;
  out["size_bytes"] = disk_bytes(path);
  out["batch"] = c.ceiling_batch;
  return Status::ok();
}

Status run_ceiling_shard(const Config& c, int part, int parts, nlohmann::json& out) {
  auto block = load_docs(c, part, parts);
  if (!block) return block.status();
  // Loaded: tell the parent, and start writing when it says so.
  if (::write(STDOUT_FILENO, "ready\n", 6) != 6) return Status::io_error("shard: cannot signal");
  char go = 0;
  if (::read(STDIN_FILENO, &go, 1) != 1) return Status::io_error("shard: no start signal");
  auto seconds =
      write_docs(*block, path_in(c, fmt::format("ceiling2.shard{}", part)), c.ceiling_batch);
  if (!seconds) return seconds.status();
  out["profiles"] = block->count;
  out["seconds"] = *seconds;
  return Status::ok();
}

Status run_ceiling_two(const Config& c, nlohmann::json& out) {
  constexpr int kParts = 2;
  struct Child {
    int pid = -1;
    int to_child = -1;    // write end of the child's stdin
    int from_child = -1;  // read end of the child's stdout
    std::string result_path;
  };
  std::vector<Child> children(kParts);
  auto cleanup = [&] {
    for (auto& ch : children) {
      if (ch.to_child >= 0) ::close(ch.to_child);
      if (ch.from_child >= 0) ::close(ch.from_child);
      ch.to_child = ch.from_child = -1;
    }
  };
  for (int part = 0; part < kParts; ++part) {
    int in_pipe[2], out_pipe[2];
    if (::pipe(in_pipe) != 0) return Status::io_error("pipe failed");
    if (::pipe(out_pipe) != 0) {
      ::close(in_pipe[0]);
      ::close(in_pipe[1]);
      return Status::io_error("pipe failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1]}) {
      posix_spawn_file_actions_addclose(&actions, fd);
    }
    Child& ch = children[part];
    ch.result_path = path_in(c, fmt::format("ceiling-shard{}.json", part));
    auto pid =
        spawn(phase_argv(c, "ceiling-shard", ch.result_path,
                         {"--part", std::to_string(part), "--parts", std::to_string(kParts)}),
              &actions);
    posix_spawn_file_actions_destroy(&actions);
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ch.to_child = in_pipe[1];
    ch.from_child = out_pipe[0];
    if (!pid) {
      cleanup();
      return pid.status();
    }
    ch.pid = *pid;
  }
  // Wait until both have loaded their documents, then start them together.
  for (auto& ch : children) {
    char buf[6];
    std::size_t got = 0;
    while (got < sizeof buf) {
      ssize_t n = ::read(ch.from_child, buf + got, sizeof buf - got);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    if (got != sizeof buf) {
      cleanup();
      for (auto& other : children) wait_child(other.pid, "ceiling shard").is_ok();
      return Status::internal("a ceiling shard failed before writing");
    }
  }
  double t0 = now_seconds();
  for (auto& ch : children) {
    if (::write(ch.to_child, "g", 1) != 1) {
      cleanup();
      return Status::io_error("cannot start a ceiling shard");
    }
  }
  cleanup();
  Status failed = Status::ok();
  for (auto& ch : children) {
    if (Status st = wait_child(ch.pid, "ceiling shard"); !st && failed) failed = st;
  }
  if (!failed) return failed;
  double t_built = now_seconds();
  const std::string path = path_in(c, "ceiling2.db");
  std::uint64_t shard_bytes = 0;
  try {
    std::error_code ec;
    fs::remove_all(path, ec);
    Xapian::Database shards;
    for (int part = 0; part < kParts; ++part) {
      std::string shard = path_in(c, fmt::format("ceiling2.shard{}", part));
      shard_bytes += disk_bytes(shard);
      shards.add_database(Xapian::Database(shard));
    }
    shards.compact(path);
  } catch (const Xapian::Error& e) {
    return Status::io_error(fmt::format("{}: compacting: {}", path, e.get_description()));
  }
  double t_end = now_seconds();
  std::uint64_t profiles = 0;
  nlohmann::json shards = nlohmann::json::array();
  for (auto& ch : children) {
    auto r = read_result(ch.result_path);
    if (!r) return r.status();
    profiles += (*r)["profiles"].get<std::uint64_t>();
    shards.push_back(*r);
  }
  out["profiles"] = profiles;
  out["build_seconds"] = t_built - t0;
  out["compact_seconds"] = t_end - t_built;
  out["seconds"] = t_end - t0;
  out["profiles_per_s"] = static_cast<double>(profiles) / (t_end - t0);
  out["shard_bytes"] = shard_bytes;
  out["size_bytes"] = disk_bytes(path);
  out["shards"] = shards;
  out["batch"] = c.ceiling_batch;
  return Status::ok();
}

}  // namespace mikros::bench
