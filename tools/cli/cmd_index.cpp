// mikros index and mikros reindex: validate profiles from JSONL or HypeAuditor CSV files and
// upsert them (index), or rebuild the whole index from them and switch to it (reindex).
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "commands.h"
#include "job.h"
#include "output.h"
#include "term.h"

namespace mikros::cli {
namespace {

struct IndexArgs {
  std::string db;
  std::vector<std::string> files;
  std::string rejects;
  std::string ack_log;
  std::string format = "jsonl";
  std::string tiers;  // reindex only
  std::size_t batch_size = IndexOptions{}.batch_size;
  std::string compact = "auto";
  unsigned writers = IndexOptions{}.writers;
  std::uint64_t split_min_bytes = IndexOptions{}.split_min_bytes;
  bool quiet = false;
  bool no_progress = false;
};

// A bulk load leaves Xapian's blocks about half full; compacting afterwards halves the text
// index (Database::compact). "auto" compacts after a load that inserted at least 10,000
// profiles and at least half of the database's profiles; smaller updates go on in place.
bool should_compact(const std::string& mode, const IndexReport& report, std::uint64_t profiles) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  return report.inserted >= 10'000 && report.inserted * 2 >= profiles;
}

int run_job(const IndexArgs& args, bool reindex) {
  InputFormat format =
      args.format == "hypeauditor-csv" ? InputFormat::kHypeAuditorCsv : InputFormat::kJsonl;
  RebuildOptions rebuild_options;
  if (!args.tiers.empty()) {
    auto tiers = parse_tier_boundaries(args.tiers);
    if (!tiers) {
      return report_error(Status::invalid_argument("--tiers: " + tiers.status().message()));
    }
    rebuild_options.tiers = *tiers;
  }
  // Every input is opened before the database is touched: a missing file changes nothing.
  std::vector<std::unique_ptr<InputFile>> inputs;
  std::optional<std::uint64_t> total_bytes = 0;
  int stdin_uses = 0;
  for (const auto& file : args.files) {
    if (file == "-" && ++stdin_uses > 1) {
      return report_error(Status::invalid_argument("standard input ('-') given twice"));
    }
    auto in = InputFile::open(file);
    if (!in) return report_error(in.status());
    if (total_bytes && (*in)->size()) {
      *total_bytes += *(*in)->size();
    } else {
      total_bytes.reset();
    }
    inputs.push_back(std::move(*in));
  }
  Rejects rejects;
  if (Status st = rejects.open(args.rejects); !st) return report_error(st);
  AckLog ack_log;
  if (Status st = ack_log.open(args.ack_log); !st) return report_error(st);

  auto db = Database::open(args.db);
  if (!db) return report_error(db.status());
  IndexOptions options;
  options.batch_size = args.batch_size;
  options.writers = args.writers;
  options.split_min_bytes = args.split_min_bytes;
  // Whether Indexer::read_file may split `in` between two writers in a rebuild (the library
  // also needs a newline after the middle; without one it reads the file whole).
  auto splittable = [&](const InputFile& in) {
    return args.writers >= 2 && format == InputFormat::kJsonl && in.name() != "-" && in.size() &&
           *in.size() >= options.split_min_bytes;
  };
  // A first load into an empty database that has a file to split is built as a rebuild, so
  // that the file can be split: it becomes visible, and acknowledged, as a whole when it is
  // published.
  const bool first_load =
      !reindex && db->generation() == 0 && db->size() == 0 &&
      std::any_of(inputs.begin(), inputs.end(), [&](const auto& in) { return splittable(*in); });
  const bool rebuild = reindex || first_load;

  Progress progress(reindex ? "reindex:" : "index:",
                    stderr_is_terminal() && !args.quiet && !args.no_progress);
  progress.set_total_bytes(total_bytes);
  IndexReport report;
  std::vector<std::uint64_t> acknowledged(inputs.size(), 0);  // line per file
  std::size_t current = 0;
  std::size_t files_done = 0;
  std::uint64_t bytes_before = 0;
  Status ack_error;
  options.on_progress = [&](IndexEvent event, const IndexReport& r) {
    if (event == IndexEvent::kCommitted) {
      acknowledged[current] = r.acknowledged_line;
      if (!rebuild && ack_error) {
        ack_error =
            ack_log.append(inputs[current]->name(), r.acknowledged_line, r.committed, r.generation);
      }
    }
    progress.update(r.records, bytes_before + inputs[current]->bytes_read());
  };

  std::optional<Indexer> indexer;
  if (rebuild) {
    auto built = Indexer::rebuild(*db, options, rebuild_options);
    if (!built) return report_error(built.status());
    indexer.emplace(std::move(*built));
  } else {
    indexer.emplace(*db, options);
  }
  if (AnalysisInfo info = analysis_info(); !info.dictionary && !args.quiet) {
    std::cerr << "mikros: note: " << info.note << '\n';
  }
  auto on_reject = [&](const Rejection& r) { rejects.add(r, progress); };

  auto summary = [&] {
    progress.clear();
    if (args.quiet) return;
    double secs = progress.elapsed_seconds();
    std::uint64_t written = report.commits;
    std::string text = fmt::format(
        "{} records: {} indexed, {} rejected; {} committed: {} new, {} changed, {} unchanged "
        "({} {} written, database at generation {}); {:.2f} s",
        report.records, report.accepted, report.rejected, report.committed, report.inserted,
        report.replaced, report.unchanged, written, written == 1 ? "generation" : "generations",
        db->generation(), secs);
    if (secs > 0 && report.accepted > 0) {
      text += fmt::format(", {:.0f} profiles/s", static_cast<double>(report.accepted) / secs);
    }
    std::cerr << text << '\n';
  };
  // After a failure: what is durable, so the job can be resumed or retried.
  auto fail = [&](const Status& st) {
    rejects.finish(report.rejected, progress);
    summary();
    if (first_load) {
      std::cerr << "mikros: nothing acknowledged: a first load is published as a whole, and "
                   "this one was dropped; the database is still empty\n";
    } else if (rebuild) {
      std::cerr << fmt::format(
          "mikros: nothing acknowledged: the rebuild was dropped and the database still serves "
          "its previous index (generation {})\n",
          db->generation());
    } else {
      for (std::size_t i = 0; i < inputs.size(); ++i) {
        std::string what = i > files_done ? "not read"
                           : acknowledged[i]
                               ? fmt::format("acknowledged through line {}", acknowledged[i])
                               : "nothing acknowledged";
        std::cerr << fmt::format("mikros: {}: {}\n", inputs[i]->name(), what);
      }
    }
    return report_error(st);
  };

  for (current = 0; current < inputs.size(); ++current) {
    Status st;
    if (rebuild && splittable(*inputs[current])) {
      // Split between two writers, the file is read by the library, not through `inputs`: the
      // progress line shows records and their rate without a share of the input.
      progress.set_total_bytes(std::nullopt);
      st = indexer->read_file(inputs[current]->name(), format, on_reject, &report);
    } else {
      std::istream in(inputs[current].get());
      st = indexer->read(in, inputs[current]->name(), format, on_reject, &report);
    }
    if (!st) return fail(st);
    if (!ack_error) return fail(ack_error);
    acknowledged[current] = report.acknowledged_line;  // a split read reports its end here
    bytes_before += inputs[current]->bytes_read();
    files_done = current + 1;
  }
  current = inputs.empty() ? 0 : inputs.size() - 1;
  if (rebuild) {
    if (Status st = indexer->publish(); !st) return fail(st);
    // Everything is acknowledged at once, by the switch.
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (Status st = ack_log.append(inputs[i]->name(), acknowledged[i], report.committed,
                                     db->generation());
          !st) {
        return fail(st);
      }
    }
  }
  rejects.finish(report.rejected, progress);
  summary();
  if (reindex && !args.quiet) {
    std::cerr << fmt::format(
        "published a new index at generation {}; the previous one is removed once no search "
        "uses it\n",
        db->generation());
  }
  if (should_compact(args.compact, report, db->size())) {
    indexer.reset();  // compaction needs the writer slot
    auto compacted = db->compact();
    if (!compacted) {
      // Everything indexed stays acknowledged: the database serves the uncompacted index.
      std::cerr << "mikros: the records are indexed, but compacting the index failed\n";
      return report_error(compacted.status());
    }
    if (!args.quiet) print_compaction(*compacted);
  }
  return report.rejected ? kExitRejected : kExitOk;
}

void add_job_options(CLI::App* cmd, IndexArgs& args) {
  cmd->add_option("--db", args.db, "Database directory")->required();
  cmd->add_option("files", args.files, "Input files ('-' reads standard input)")->required();
  cmd->add_option("--rejects", args.rejects,
                  "Write rejected records to this file (JSONL: source, line, error, input)");
  cmd->add_option("--format", args.format, "Input format")
      ->check(CLI::IsMember({"jsonl", "hypeauditor-csv"}))
      ->capture_default_str();
  cmd->add_option("--batch-size", args.batch_size, "Records per commit")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  cmd->add_option("--ack-log", args.ack_log,
                  "Append one JSON line per acknowledged batch to this file, synced after the "
                  "commit: {\"source\", \"line\", \"committed\", \"generation\"}");
  cmd->add_option("--compact", args.compact,
                  "Compact the index afterwards (mikros compact): auto = after a load that "
                  "inserted at least 10,000 profiles and half of the database's")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_option("--writers", args.writers,
                  "Writers of a rebuild or of a first load into an empty database: 2 splits "
                  "each JSONL file of --split-min-bytes or more in two halves indexed at once")
      ->check(CLI::Range(1, 2))
      ->capture_default_str();
  cmd->add_option("--split-min-bytes", args.split_min_bytes, "The smallest file two writers split")
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", args.quiet, "No progress and no summary line");
  cmd->add_flag("--no-progress", args.no_progress, "No progress line, even on a terminal");
}

}  // namespace

void add_index_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<IndexArgs>();
  CLI::App* cmd = app.add_subcommand(
      "index",
      "Validate profiles and add them to a database (created if missing), replacing profiles "
      "with the same platform and handle; profiles identical to the stored ones are skipped. "
      "Exit status: 0 all indexed, 3 some rejected, 1 error (the acknowledged lines are "
      "printed).");
  add_job_options(cmd, *args);
  cmd->callback([args, &exit_code] { exit_code = run_job(*args, false); });
}

void add_reindex_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<IndexArgs>();
  CLI::App* cmd = app.add_subcommand(
      "reindex",
      "Rebuild the whole index from these files in a new index directory while searches go "
      "on, then switch to it atomically. Exit status: 0, 3 some rejected, 1 error (the "
      "database still serves its previous index).");
  add_job_options(cmd, *args);
  cmd->add_option("--tiers", args->tiers,
                  "Tier boundaries of the new index: lower bounds of micro,mid,macro,mega "
                  "(default: the current ones), e.g. 5k,50k,500k,1M");
  cmd->callback([args, &exit_code] { exit_code = run_job(*args, true); });
}

}  // namespace mikros::cli
