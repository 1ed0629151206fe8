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
#include "usage.h"

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

// One `mikros index` or `mikros reindex` run: its inputs, the database, the Indexer and what
// has been acknowledged of each file, for the summary and for a failure's report.
class IndexJob {
 public:
  IndexJob(const IndexArgs& args, bool reindex)
      : args_(args),
        reindex_(reindex),
        format_(args.format == "hypeauditor-csv" ? InputFormat::kHypeAuditorCsv
                                                 : InputFormat::kJsonl),
        progress_(reindex ? "reindex:" : "index:",
                  stderr_is_terminal() && !args.quiet && !args.no_progress) {}

  int run() {
    if (Status st = open_inputs(); !st) return report_error(st);
    if (Status st = start(); !st) return report_error(st);
    for (current_ = 0; current_ < inputs_.size(); ++current_) {
      if (Status st = read_one(*inputs_[current_]); !st) return fail(st);
      files_done_ = current_ + 1;
    }
    current_ = inputs_.empty() ? 0 : inputs_.size() - 1;
    if (rebuild_) {
      if (Status st = publish(); !st) return fail(st);
    }
    rejects_.finish(report_.rejected, progress_);
    summary();
    if (reindex_ && !args_.quiet) {
      std::cerr << fmt::format(
          "published a new index at generation {}; the previous one is removed once no search "
          "uses it\n",
          db_->generation());
    }
    if (should_compact(args_.compact, report_, db_->size())) {
      if (int code = compact(); code != kExitOk) return code;
    }
    return report_.rejected ? kExitRejected : kExitOk;
  }

 private:
  // Every input is opened before the database is touched: a missing file changes nothing.
  Status open_inputs() {
    std::optional<std::uint64_t> total_bytes = 0;
    int stdin_uses = 0;
    for (const auto& file : args_.files) {
      if (file == "-" && ++stdin_uses > 1) {
        return Status::invalid_argument("standard input ('-') given twice");
      }
      auto in = InputFile::open(file);
      if (!in) return in.status();
      if (total_bytes && (*in)->size()) {
        *total_bytes += *(*in)->size();
      } else {
        total_bytes.reset();
      }
      inputs_.push_back(std::move(*in));
    }
    progress_.set_total_bytes(total_bytes);
    acknowledged_.assign(inputs_.size(), 0);
    if (Status st = rejects_.open(args_.rejects); !st) return st;
    return ack_log_.open(args_.ack_log);
  }

  // Whether Indexer::read_file may split `in` between two writers in a rebuild (the library
  // also needs a newline after the middle; without one it reads the file whole).
  bool splittable(const InputFile& in) const {
    return args_.writers >= 2 && format_ == InputFormat::kJsonl && in.name() != "-" && in.size() &&
           *in.size() >= args_.split_min_bytes;
  }

  // Opens the database and makes the Indexer: a rebuild for reindex, and for a first load into
  // an empty database that has a file to split (so that the file can be split: it becomes
  // visible, and acknowledged, as a whole when it is published).
  Status start() {
    RebuildOptions rebuild_options;
    if (!args_.tiers.empty()) {
      auto tiers = parse_tier_boundaries(args_.tiers);
      if (!tiers) return Status::invalid_argument("--tiers: " + tiers.status().message());
      rebuild_options.tiers = *tiers;
    }
    auto db = Database::open(args_.db);
    if (!db) return db.status();
    db_.emplace(std::move(*db));
    first_load_ = !reindex_ && db_->generation() == 0 && db_->size() == 0 &&
                  std::any_of(inputs_.begin(), inputs_.end(),
                              [&](const auto& in) { return splittable(*in); });
    rebuild_ = reindex_ || first_load_;
    IndexOptions options;
    options.batch_size = args_.batch_size;
    options.writers = args_.writers;
    options.split_min_bytes = args_.split_min_bytes;
    options.on_progress = [this](IndexEvent event, const IndexReport& r) { on_progress(event, r); };
    if (rebuild_) {
      auto built = Indexer::rebuild(*db_, options, rebuild_options);
      if (!built) return built.status();
      indexer_.emplace(std::move(*built));
    } else {
      indexer_.emplace(*db_, options);
    }
    if (AnalysisInfo info = analysis_info(); !info.dictionary && !args_.quiet) {
      std::cerr << "mikros: note: " << info.note << '\n';
    }
    return Status::ok();
  }

  void on_progress(IndexEvent event, const IndexReport& r) {
    if (event == IndexEvent::kCommitted) {
      acknowledged_[current_] = r.acknowledged_line;
      if (!rebuild_ && ack_error_) {
        ack_error_ = ack_log_.append(inputs_[current_]->name(), r.acknowledged_line, r.committed,
                                     r.generation);
      }
    }
    progress_.update(r.records, bytes_before_ + inputs_[current_]->bytes_read());
  }

  Status read_one(InputFile& input) {
    auto on_reject = [&](const Rejection& r) { rejects_.add(r, progress_); };
    Status st;
    if (rebuild_ && splittable(input)) {
      // Split between two writers, the file is read by the library, not through `input`: the
      // progress line shows records and their rate without a share of the input.
      progress_.set_total_bytes(std::nullopt);
      st = indexer_->read_file(input.name(), format_, on_reject, &report_);
    } else {
      std::istream in(&input);
      st = indexer_->read(in, input.name(), format_, on_reject, &report_);
    }
    if (!st) return st;
    if (!ack_error_) return ack_error_;
    acknowledged_[current_] = report_.acknowledged_line;  // a split read reports its end here
    bytes_before_ += input.bytes_read();
    return Status::ok();
  }

  // A rebuild's switch acknowledges everything at once.
  Status publish() {
    if (Status st = indexer_->publish(); !st) return st;
    for (std::size_t i = 0; i < inputs_.size(); ++i) {
      if (Status st = ack_log_.append(inputs_[i]->name(), acknowledged_[i], report_.committed,
                                      db_->generation());
          !st) {
        return st;
      }
    }
    return Status::ok();
  }

  int compact() {
    indexer_.reset();  // compaction needs the writer slot
    auto compacted = db_->compact();
    if (!compacted) {
      // Everything indexed stays acknowledged: the database serves the uncompacted index.
      std::cerr << "mikros: the records are indexed, but compacting the index failed\n";
      return report_error(compacted.status());
    }
    if (!args_.quiet) print_compaction(*compacted);
    return kExitOk;
  }

  void summary() {
    progress_.clear();
    if (args_.quiet) return;
    double secs = progress_.elapsed_seconds();
    std::uint64_t written = report_.commits;
    std::string text = fmt::format(
        "{} records: {} indexed, {} rejected; {} committed: {} new, {} changed, {} unchanged "
        "({} {} written, database at generation {}); {:.2f} s",
        report_.records, report_.accepted, report_.rejected, report_.committed, report_.inserted,
        report_.replaced, report_.unchanged, written, written == 1 ? "generation" : "generations",
        db_->generation(), secs);
    if (secs > 0 && report_.accepted > 0) {
      text += fmt::format(", {:.0f} profiles/s", static_cast<double>(report_.accepted) / secs);
    }
    std::cerr << text << '\n';
  }

  // After a failure: what is durable, so the job can be resumed or retried.
  int fail(const Status& st) {
    rejects_.finish(report_.rejected, progress_);
    summary();
    if (first_load_) {
      std::cerr << "mikros: nothing acknowledged: a first load is published as a whole, and "
                   "this one was dropped; the database is still empty\n";
    } else if (rebuild_) {
      std::cerr << fmt::format(
          "mikros: nothing acknowledged: the rebuild was dropped and the database still serves "
          "its previous index (generation {})\n",
          db_->generation());
    } else {
      for (std::size_t i = 0; i < inputs_.size(); ++i) {
        std::string what = i > files_done_ ? "not read"
                           : acknowledged_[i]
                               ? fmt::format("acknowledged through line {}", acknowledged_[i])
                               : "nothing acknowledged";
        std::cerr << fmt::format("mikros: {}: {}\n", inputs_[i]->name(), what);
      }
    }
    return report_error(st);
  }

  const IndexArgs& args_;
  const bool reindex_;
  const InputFormat format_;
  std::vector<std::unique_ptr<InputFile>> inputs_;
  Rejects rejects_;
  AckLog ack_log_;
  std::optional<Database> db_;
  bool first_load_ = false;
  bool rebuild_ = false;
  std::optional<Indexer> indexer_;
  Progress progress_;
  IndexReport report_;
  std::vector<std::uint64_t> acknowledged_;  // line per file
  std::size_t current_ = 0;
  std::size_t files_done_ = 0;
  std::uint64_t bytes_before_ = 0;
  Status ack_error_;
};

int run_job(const IndexArgs& args, bool reindex) {
  return IndexJob(args, reindex).run();
}

void add_job_options(CLI::App* cmd, IndexArgs& args) {
  add_db_option(cmd, args.db);
  cmd->add_option("files", args.files, "Input files ('-' reads standard input)")->required();
  cmd->add_option("--rejects", args.rejects,
                  "Write rejected records to this file (JSONL: source, line, error, input)");
  cmd->add_option("--format", args.format,
                  "Input format: jsonl (one profile per line, corpus/SCHEMA.md) or "
                  "hypeauditor-csv (HypeAuditor's top-list exports)")
      ->check(CLI::IsMember({"jsonl", "hypeauditor-csv"}))
      ->capture_default_str();
  cmd->add_option("--batch-size", args.batch_size, "Records per commit")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  cmd->add_option("--ack-log", args.ack_log,
                  "Append one JSON line per acknowledged batch to this file, synced after the "
                  "commit: {\"source\", \"line\", \"committed\", \"generation\"}");
  cmd->add_option("--compact", args.compact,
                  "Compact the index afterwards (as mikros compact does): always; never; or auto, "
                  "after a load that inserted at least 10,000 profiles making up at least half "
                  "of the profiles the database then holds")
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
