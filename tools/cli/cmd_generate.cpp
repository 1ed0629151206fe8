// mikros generate: write a deterministic synthetic corpus of any size.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "commands.h"
#include "generate/generator.h"
#include "output.h"

namespace mikros::cli {
namespace {

struct GenerateArgs {
  tools::GenerateOptions options;
  std::string out = "-";
};

int run_generate(const GenerateArgs& args) {
  if (args.out == "-") {
    tools::generate_profiles(std::cout, args.options);
    std::cout.flush();
    return std::cout ? kExitOk : report_error(Status::io_error("standard output: write failed"));
  }
  std::ofstream out(args.out, std::ios::binary | std::ios::trunc);
  if (!out) return report_error(Status::io_error(fmt::format("{}: cannot write", args.out)));
  tools::generate_profiles(out, args.options);
  out.close();
  if (!out) return report_error(Status::io_error(fmt::format("{}: write failed", args.out)));
  return kExitOk;
}

}  // namespace

void add_generate_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<GenerateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "generate",
      "Write N synthetic, realistic profiles as JSONL (the same count and seed always give the "
      "same bytes)");
  cmd->add_option("--count", args->options.count, "Number of profiles")
      ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{100'000'000}))
      ->capture_default_str();
  cmd->add_option("--seed", args->options.seed, "Random seed")->capture_default_str();
  cmd->add_option("-o,--out", args->out, "Output file ('-' for standard output)")
      ->capture_default_str();
  cmd->callback([args, &exit_code] { exit_code = run_generate(*args); });
}

}  // namespace mikros::cli
