// mikros-generate: write a deterministic synthetic corpus of any size. `mikros generate` runs
// this program with its arguments.
#include <CLI/CLI.hpp>
#include <exception>
#include <fstream>
#include <iostream>
#include <string>

#include "generate/generator.h"

namespace {

// Exit statuses, as the mikros command's.
constexpr int kExitOk = 0;
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

int fail(const std::string& message) {
  std::cerr << "mikros-generate: " << message << '\n';
  return kExitError;
}

int run(const mikros::tools::GenerateOptions& options, const std::string& path) {
  if (path == "-") {
    mikros::tools::generate_profiles(std::cout, options);
    std::cout.flush();
    return std::cout ? kExitOk : fail("standard output: write failed");
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return fail(path + ": cannot write");
  mikros::tools::generate_profiles(out, options);
  out.close();
  if (!out) return fail(path + ": write failed");
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Write N synthetic, realistic profiles as JSONL (the same count and seed always give the "
      "same bytes)",
      "mikros-generate"};
  mikros::tools::GenerateOptions options;
  std::string out = "-";
  app.add_option("--count", options.count, "Number of profiles")
      ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{100'000'000}))
      ->capture_default_str();
  app.add_option("--seed", options.seed, "Random seed")->capture_default_str();
  app.add_option("-o,--out", out, "Output file ('-' for standard output)")->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  try {
    return run(options, out);
  } catch (const std::exception& e) {
    return fail(std::string("internal error: ") + e.what());
  }
}
