// The benchmark's corpus: what `mikros-generate --count N --seed S` writes (the generator
// library, in this process), written once per working directory and reused while its count and
// seed stay the same.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "bench/bench.h"
#include "generate/generator.h"

namespace mikros::bench {

Status ensure_corpus(const Config& c, nlohmann::json& out) {
  const std::string corpus = path_in(c, "corpus.jsonl");
  const std::string stamp_path = path_in(c, "corpus.stamp");
  const std::string stamp = fmt::format("{} {}", c.count, c.seed);
  out["path"] = corpus;
  {
    std::ifstream in(stamp_path);
    std::string have;
    if (in && std::getline(in, have) && have == stamp && std::filesystem::exists(corpus)) {
      out["reused"] = true;
      out["bytes"] = disk_bytes(corpus);
      out["seconds"] = 0.0;
      return Status::ok();
    }
  }
  std::error_code ec;
  std::filesystem::remove(stamp_path, ec);
  double t0 = now_seconds();
  std::ofstream file(corpus, std::ios::binary | std::ios::trunc);
  if (!file) return Status::io_error(fmt::format("{}: cannot write", corpus));
  tools::GenerateOptions options;
  options.count = c.count;
  options.seed = c.seed;
  tools::generate_profiles(file, options);
  file.close();
  if (!file) return Status::io_error(fmt::format("{}: write failed", corpus));
  std::ofstream st(stamp_path, std::ios::trunc);
  st << stamp << '\n';
  if (!st) return Status::io_error(fmt::format("{}: write failed", stamp_path));
  out["reused"] = false;
  out["bytes"] = disk_bytes(corpus);
  out["seconds"] = now_seconds() - t0;
  return Status::ok();
}

}  // namespace mikros::bench
