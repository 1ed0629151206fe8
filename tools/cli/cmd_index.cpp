// mikros index: validate and index profiles from JSONL or HypeAuditor CSV files.
#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>

#include "commands.h"
#include "json_writer.h"
#include "output.h"

namespace mikros::cli {
namespace {

struct IndexArgs {
  std::string db;
  std::vector<std::string> files;
  std::string rejects;
  std::string format = "jsonl";
  std::size_t batch_size = IndexOptions{}.batch_size;
  bool quiet = false;
};

// Rejections shown on stderr when they also go to a --rejects file; all are shown otherwise.
constexpr std::uint64_t kShownWithRejectsFile = 10;

int run_index(const IndexArgs& args) {
  InputFormat format =
      args.format == "hypeauditor-csv" ? InputFormat::kHypeAuditorCsv : InputFormat::kJsonl;
  std::unique_ptr<std::ofstream> rejects;
  if (!args.rejects.empty()) {
    rejects = std::make_unique<std::ofstream>(args.rejects, std::ios::trunc);
    if (!*rejects) {
      return report_error(Status::io_error(fmt::format("{}: cannot write", args.rejects)));
    }
  }
  auto db = Database::open(args.db);
  if (!db) return report_error(db.status());
  IndexOptions options;
  options.batch_size = args.batch_size;
  Indexer indexer(*db, options);
  if (AnalysisInfo info = analysis_info(); !info.dictionary) {
    std::cerr << "mikros: note: " << info.note << '\n';
  }

  IndexReport report;
  std::uint64_t shown = 0;
  auto on_reject = [&](const Rejection& r) {
    if (!rejects || shown < kShownWithRejectsFile) {
      std::cerr << r.source << ':' << r.line << ": " << r.reason << '\n';
      ++shown;
    }
    if (rejects) {
      std::string line;
      json::Writer w(line);
      w.begin_object()
          .key("source")
          .value(r.source)
          .key("line")
          .value(r.line)
          .key("error")
          .value(r.reason)
          .key("input")
          .value(r.input)
          .end_object();
      *rejects << line << '\n';
    }
  };
  auto start = std::chrono::steady_clock::now();
  auto summary = [&] {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::string text = fmt::format(
        "{} records: {} indexed, {} rejected; {} committed in {} {} (generation {}), {:.2f} s",
        report.records, report.accepted, report.rejected, report.committed, report.commits,
        report.commits == 1 ? "batch" : "batches", db->generation(), secs);
    if (secs > 0 && report.accepted > 0) {
      text += fmt::format(", {:.0f} profiles/s", static_cast<double>(report.accepted) / secs);
    }
    if (!args.quiet) std::cerr << text << '\n';
  };
  for (const auto& file : args.files) {
    std::ifstream in_file;
    std::istream* in = &std::cin;
    if (file != "-") {
      in_file.open(file, std::ios::binary);
      if (!in_file) {
        summary();
        return report_error(Status::io_error(fmt::format("{}: cannot open", file)));
      }
      in = &in_file;
    }
    Status st = indexer.read(*in, file, format, on_reject, &report);
    if (!st) {
      summary();
      return report_error(st);
    }
  }
  if (rejects && report.rejected > shown) {
    std::cerr << fmt::format("... {} more rejected records in {}\n", report.rejected - shown,
                             args.rejects);
  }
  summary();
  return report.rejected ? kExitRejected : kExitOk;
}

}  // namespace

void add_index_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<IndexArgs>();
  CLI::App* cmd = app.add_subcommand(
      "index",
      "Validate profiles and add them to a database (created if missing), replacing profiles "
      "with the same platform and handle. Exit status: 0 all indexed, 3 some rejected, 1 error.");
  cmd->add_option("--db", args->db, "Database directory")->required();
  cmd->add_option("files", args->files, "Input files ('-' reads standard input)")->required();
  cmd->add_option("--rejects", args->rejects,
                  "Write rejected records to this file (JSONL: source, line, error, input)");
  cmd->add_option("--format", args->format, "Input format")
      ->check(CLI::IsMember({"jsonl", "hypeauditor-csv"}))
      ->capture_default_str();
  cmd->add_option("--batch-size", args->batch_size, "Records per commit")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", args->quiet, "No summary line");
  cmd->callback([args, &exit_code] { exit_code = run_index(*args); });
}

}  // namespace mikros::cli
