// mikros-bench: mikros against SQLite FTS5, Lucene and the raw-Xapian ceiling on one generated
// corpus, in one run (docs/benchmarks.md). `mikros bench` runs this program with its arguments. The
// work is in the other files of tools/bench/; this file is the command line, the list of parts,
// which
// --only selects from, and the hidden `bench-phase` command that runs one phase in a child
// process (bench.h).
#include <fmt/format.h>
#include <stdlib.h>

#include <CLI/CLI.hpp>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string_view>

#include "bench/bench.h"
#include "exit_status.h"

namespace mikros::bench {
namespace {

namespace fs = std::filesystem;

using tools::kExitError;
using tools::kExitOk;
using tools::kExitUsage;

// Prints "mikros-bench: <message>" on stderr and returns the exit status that fits the error.
int report_error(const Status& status) {
  std::cerr << "mikros-bench: " << status.to_string() << '\n';
  return tools::exit_status_for(status);
}

// A part of the benchmark. Parts run in this order; each files its figures in Run::results.
struct BenchPart {
  const char* name;
  const char* help;
  Status (*run)(Run&);
};

const std::vector<BenchPart>& bench_parts() {
  static const std::vector<BenchPart> kParts = {
      {"analysis", "text analysis of profiles on one thread (tokens, stems, hashtags), CPU time",
       part_analysis},
      {"index", "the mikros index via Indexer::read_file: profiles/s, size on disk, peak memory",
       part_index},
      {"fts5", "the SQLite FTS5 baseline: load rate, size, peak memory", part_fts5},
      {"lucene",
       "the Lucene peer (Java, liblucene8-java; skipped when absent): load rate, size, peak "
       "memory",
       part_lucene},
      {"ceiling", "raw Xapian writing mikros's documents: one writer, and two processes + compact",
       part_ceiling},
      {"query",
       "the query mixes on mikros, FTS5 and Lucene (when its index is there), hit counts "
       "checked query by query",
       part_query},
  };
  return kParts;
}

struct BenchArgs {
  Config config;
  std::string only;
  std::string json_file;
  bool json = false;
  bool keep = false;
};

void add_config_options(CLI::App* cmd, Config& c) {
  cmd->add_option("--count", c.count, "Profiles in the generated corpus")
      ->check(CLI::Range(std::uint64_t{2}, std::uint64_t{100'000'000}))
      ->capture_default_str();
  cmd->add_option("--seed", c.seed, "Seed of the corpus and of the queries")->capture_default_str();
  cmd->add_option("--queries", c.queries, "Timed queries per mix")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}))
      ->capture_default_str();
  cmd->add_option("--warmup", c.warmup, "Untimed queries before each mix")
      ->check(CLI::Range(std::size_t{0}, std::size_t{100'000}))
      ->capture_default_str();
  cmd->add_option("--ceiling-batch", c.ceiling_batch, "Documents per commit in the Xapian ceiling")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}))
      ->capture_default_str();
  cmd->add_option("--fts5-batch", c.fts5_batch, "Rows per SQLite transaction")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}))
      ->capture_default_str();
  cmd->add_option("--fts5-tokenize", c.fts5_tokenize, "FTS5 tokenize= argument")
      ->capture_default_str();
  cmd->add_option("--lucene-jars", c.lucene_jars,
                  "Folder of the Lucene 8 jars (lucene-core, lucene-analyzers-common) for the "
                  "Lucene peer")
      ->capture_default_str();
  cmd->add_option("--lucene-heap", c.lucene_heap, "Java heap of the Lucene peer (-Xms and -Xmx)")
      ->capture_default_str();
  cmd->add_option("--analysis-input", c.analysis_input,
                  "JSONL profiles for the analysis part instead of synthesised ones");
  cmd->add_option(
      "--brand", c.brand_file,
      "Brand JSON for the brand mix (default: corpus/brands/verde-boho.json, built in)");
}

Result<std::vector<const BenchPart*>> chosen_parts(const std::string& only) {
  std::vector<const BenchPart*> out;
  if (only.empty()) {
    for (const auto& p : bench_parts()) out.push_back(&p);
    return out;
  }
  std::vector<std::string> names;
  std::size_t start = 0;
  for (;;) {
    std::size_t comma = only.find(',', start);
    names.push_back(only.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  for (const auto& p : bench_parts()) {
    for (const auto& n : names) {
      if (n == p.name) {
        out.push_back(&p);
        break;
      }
    }
  }
  for (const auto& n : names) {
    bool known = false;
    for (const auto& p : bench_parts()) known = known || n == p.name;
    if (!known) {
      std::string list;
      for (const auto& p : bench_parts()) list += std::string(list.empty() ? "" : ", ") + p.name;
      return Status::invalid_argument(
          fmt::format("--only: unknown part \"{}\" (parts: {})", n, list));
    }
  }
  return out;
}

// The working directory: --dir (created, made absolute) or a new temporary one, which
// `temporary` then says.
Status use_working_dir(Config& c, bool& temporary) {
  temporary = c.dir.empty();
  if (temporary) {
    std::string tmpl = (fs::temp_directory_path() / "mikros-bench.XXXXXX").string();
    if (!mkdtemp(tmpl.data())) return Status::io_error(fmt::format("{}: cannot create", tmpl));
    c.dir = tmpl;
    return Status::ok();
  }
  std::error_code ec;
  fs::create_directories(c.dir, ec);
  if (ec) return Status::io_error(fmt::format("{}: {}", c.dir, ec.message()));
  c.dir = fs::absolute(c.dir).string();
  return Status::ok();
}

// Runs the parts in order, with the load average sampled; stops at the first that fails.
Status run_parts(Run& run, const std::vector<const BenchPart*>& parts) {
  Status failed = Status::ok();
  LoadSampler load;
  nlohmann::json by_part = nlohmann::json::array();
  for (const BenchPart* p : parts) {
    run.results["parts"].push_back(p->name);
    double before = load_average();
    Status st = p->run(run);
    by_part.push_back({{"part", p->name}, {"start", before}, {"end", load_average()}});
    if (!st) {
      failed = Status(st.code(), fmt::format("bench part {}: {}", p->name, st.message()));
      break;
    }
  }
  run.results["load_average"] = load.finish();
  run.results["load_average"]["by_part"] = by_part;
  return failed;
}

Status write_json_file(const std::string& path, const nlohmann::json& results) {
  std::ofstream out(path, std::ios::trunc);
  out << results.dump(1) << '\n';
  out.close();
  if (!out) return Status::io_error(fmt::format("{}: write failed", path));
  return Status::ok();
}

// mikros and every peer must have matched the same profiles; otherwise the timings compare
// different work and the run is an error.
Status check_agreement(const nlohmann::json& results) {
  double mismatches = results.value(nlohmann::json::json_pointer("/query/mismatches/total"), 0.0);
  double text = results.value(nlohmann::json::json_pointer("/corpus/prep/text_mismatch_docs"), 0.0);
  if (mismatches > 0 || text > 0) {
    return Status::internal(fmt::format(
        "mikros and its peers disagree: {} queries with different hit counts (FTS5 or Lucene), "
        "{} profiles whose peer words differ from mikros's terms",
        mismatches, text));
  }
  return Status::ok();
}

int run_bench(BenchArgs& args) {
  auto parts = chosen_parts(args.only);
  if (!parts) return report_error(parts.status());
  Config& c = args.config;
  bool temporary = false;
  if (Status st = use_working_dir(c, temporary); !st) return report_error(st);

  Run run;
  run.config = c;
  run.results["schema"] = 2;
  run.results["setup"] = describe_setup(c);
  run.results["parts"] = nlohmann::json::array();
  Status failed = run_parts(run, *parts);
  if (temporary && !args.keep) {
    std::error_code ec;
    fs::remove_all(c.dir, ec);
  }
  if (!failed) return report_error(failed);

  add_comparisons(run.results);
  if (!args.json_file.empty()) {
    if (Status st = write_json_file(args.json_file, run.results); !st) return report_error(st);
  }
  if (args.json) {
    std::cout << run.results.dump(1) << '\n';
  } else {
    print_report(std::cout, run.results);
    for (const auto& [title, body] : run.sections) std::cout << '\n' << title << '\n' << body;
    if (temporary && args.keep) std::cout << "files kept in " << c.dir << '\n';
  }
  if (Status st = check_agreement(run.results); !st) return report_error(st);
  return kExitOk;
}

// Parses the command line with `app` and runs what it chose; the exit status.
int parse_and_run(CLI::App& app, int argc, char** argv, const int& exit_code) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "mikros-bench: internal error: " << e.what() << '\n';
    return kExitError;
  }
  return exit_code;
}

// mikros-bench [OPTIONS]: a whole run.
int bench_main(int argc, char** argv) {
  CLI::App app{
      "Benchmark mikros against SQLite FTS5, Lucene and the raw-Xapian ceiling on a generated "
      "corpus: "
      "indexing rate, size, peak memory and query latency, with the setup "
      "(docs/benchmarks.md)",
      "mikros-bench"};
  BenchArgs args;
  std::string parts_help = "Run only these parts, comma-separated:";
  for (const auto& p : bench_parts()) parts_help += fmt::format("\n  {}: {}", p.name, p.help);
  add_config_options(&app, args.config);
  app.add_option("--dir", args.config.dir,
                 "Working directory, kept afterwards (default: a temporary one, removed)");
  app.add_option("--only", args.only, parts_help);
  app.add_flag("--json", args.json, "Print the results as JSON (keys: docs/benchmarks.md)");
  app.add_option("--json-file", args.json_file, "Also write the results as JSON to this file");
  app.add_flag("--keep", args.keep, "Keep the temporary working directory");
  int exit_code = kExitOk;
  app.callback([&] { exit_code = run_bench(args); });
  return parse_and_run(app, argc, argv, exit_code);
}

// mikros-bench bench-phase NAME ...: one phase of a run, in a child process of the run (not for
// direct use, so not in --help). argv[0] is "bench-phase".
int phase_main(int argc, char** argv) {
  CLI::App app{"One phase of mikros-bench (internal)", "mikros-bench bench-phase"};
  Config config;
  std::string phase, out;
  int part = 0, parts = 1;
  app.add_option("phase", phase)->required();
  add_config_options(&app, config);
  app.add_option("--dir", config.dir)->required();
  app.add_option("--out", out)->required();
  app.add_option("--part", part);
  app.add_option("--parts", parts)->check(CLI::Range(1, 64));
  int exit_code = kExitOk;
  app.callback([&] { exit_code = run_phase(phase, config, part, parts, out); });
  return parse_and_run(app, argc, argv, exit_code);
}

}  // namespace
}  // namespace mikros::bench

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "bench-phase") {
    return mikros::bench::phase_main(argc - 1, argv + 1);
  }
  return mikros::bench::bench_main(argc, argv);
}
