// mikros generate and mikros bench: programs of their own, mikros-generate and mikros-bench
// (tools/generate/, tools/bench/), built and installed beside mikros. mikros runs them with the
// rest of its command line, unchanged, so that the commands stay as they were.
#include <errno.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "output.h"

namespace mikros::cli {
namespace {

namespace fs = std::filesystem;

struct Forwarded {
  const char* command;
  const char* program;
  const char* description;  // in mikros --help; the program's own --help says more
};

constexpr Forwarded kGenerate{"generate", "mikros-generate",
                              "Write N synthetic, realistic profiles as JSONL (the same count and "
                              "seed always give the same bytes)"};
constexpr Forwarded kBench{
    "bench", "mikros-bench",
    "Benchmark mikros against SQLite FTS5 and the raw-Xapian ceiling on a generated corpus: "
    "indexing rate, size, peak memory and query latency, with the setup (docs/benchmarks.md)"};

// Replaces this process with the command's program run with `args`: the program in the
// directory of this executable (/proc/self/exe), else the one on PATH. Returns only when
// neither can be started: reports why and returns 1.
int exec_program(const Forwarded& f, const std::vector<std::string>& args) {
  std::vector<std::string> strings;
  strings.push_back(f.program);
  strings.insert(strings.end(), args.begin(), args.end());
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  std::string where = ec ? std::string("beside mikros") : "in " + self.parent_path().string();
  if (!ec) {
    std::string beside = (self.parent_path() / f.program).string();
    if (access(beside.c_str(), X_OK) == 0) strings[0] = beside;
  }
  std::vector<char*> argv;
  for (std::string& s : strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  if (strings[0] != f.program) {
    execv(argv[0], argv.data());
  } else {
    execvp(f.program, argv.data());
  }
  int err = errno;
  if (err == ENOENT) {
    std::cerr << fmt::format("mikros: {} needs the program {}: no executable one {} or on PATH\n",
                             f.command, f.program, where);
  } else {
    std::cerr << fmt::format("mikros: cannot run {}: {}\n", strings[0], std::strerror(err));
  }
  return kExitError;
}

// Lists the command in mikros --help. mikros runs the program before parsing its command line
// (run_forwarded_command); should the parser reach the command all the same, it forwards what
// follows it.
void add_forwarded(CLI::App& app, const Forwarded& f, int& exit_code) {
  CLI::App* cmd = app.add_subcommand(f.command, f.description);
  cmd->set_help_flag();
  cmd->allow_extras();
  cmd->prefix_command();
  cmd->callback([cmd, &f, &exit_code] { exit_code = exec_program(f, cmd->remaining()); });
}

}  // namespace

std::optional<int> run_forwarded_command(int argc, char** argv) {
  if (argc < 2) return std::nullopt;
  for (const Forwarded* f : {&kGenerate, &kBench}) {
    if (std::strcmp(argv[1], f->command) == 0) {
      return exec_program(*f, std::vector<std::string>(argv + 2, argv + argc));
    }
  }
  return std::nullopt;
}

void add_generate_command(CLI::App& app, int& exit_code) {
  add_forwarded(app, kGenerate, exit_code);
}

void add_bench_command(CLI::App& app, int& exit_code) {
  add_forwarded(app, kBench, exit_code);
}

}  // namespace mikros::cli
