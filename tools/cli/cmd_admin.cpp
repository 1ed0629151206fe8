// mikros verify, backup and compact: check that a database's two stores agree; copy it;
// rewrite it compactly.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "commands.h"
#include "output.h"
#include "term.h"
#include "usage.h"

namespace mikros::cli {
namespace {

struct VerifyArgs {
  std::string db;
  bool deep = false;
  bool live = false;
  bool json = false;
};

int run_verify(const VerifyArgs& args) {
  Options options;
  options.create_if_missing = false;
  options.read_only = args.live;
  auto db = Database::open(args.db, options);
  if (!db) {
    if (db.status().code() == ErrorCode::kBusy) {
      std::cerr << "mikros: a writer is running; `mikros verify --live` checks beside it\n";
    }
    return report_error(db.status());
  }
  VerifyOptions verify_options;
  verify_options.deep = args.deep;
  auto report = db->verify(verify_options);
  if (!report) return report_error(report.status());
  if (args.json) {
    Json out;
    out["ok"] = report->ok();
    out["index"] = report->index;
    out["generation"] = report->generation;
    out["profiles"] = report->profiles;
    out["replayed"] = report->replayed;
    out["problem_count"] = report->problem_count;
    out["problems"] = report->problems;
    std::cout << dump(out) << '\n';
    return report->ok() ? kExitOk : kExitError;
  }
  if (report->replayed) {
    std::cout << fmt::format("replayed {} interrupted {} from the outbox on open\n",
                             report->replayed, report->replayed == 1 ? "batch" : "batches");
  }
  std::string what = fmt::format("{}: {} profiles at generation {}", report->index,
                                 group_thousands(report->profiles), report->generation);
  if (report->ok()) {
    std::cout << what << ": OK, the text index and the profile store agree"
              << (args.deep ? " (deep: every document matches its stored profile)" : "") << '\n';
    return kExitOk;
  }
  std::cout << what << ": " << report->problem_count
            << (report->problem_count == 1 ? " problem" : " problems") << '\n';
  for (const auto& p : report->problems) std::cout << "  " << p << '\n';
  if (report->problem_count > report->problems.size()) {
    std::cout << fmt::format("  ... and {} more\n",
                             report->problem_count - report->problems.size());
  }
  std::cerr << "mikros: the database is damaged; restore it from a backup or rebuild it with "
               "`mikros reindex`\n";
  return kExitError;
}

struct BackupArgs {
  std::string db;
  std::string dest;
  bool verify = false;
};

int run_backup(const BackupArgs& args) {
  // The writer role gives a checkpoint between batches; while another process writes, a
  // read-only handle copies a snapshot taken between its batches instead.
  Options options;
  options.create_if_missing = false;
  auto db = Database::open(args.db, options);
  if (!db && db.status().code() == ErrorCode::kBusy) {
    options.read_only = true;
    db = Database::open(args.db, options);
  }
  if (!db) return report_error(db.status());
  auto generation = db->backup(args.dest);
  if (!generation) return report_error(generation.status());
  std::cerr << fmt::format("backed up generation {} ({} profiles) to {}\n", *generation,
                           group_thousands(db->size()), args.dest);
  if (args.verify) {
    Options copy_options;
    copy_options.create_if_missing = false;
    auto copy = Database::open(args.dest, copy_options);
    if (!copy) return report_error(copy.status());
    auto report = copy->verify();
    if (!report) return report_error(report.status());
    if (!report->ok()) {
      for (const auto& p : report->problems) std::cerr << "  " << p << '\n';
      return report_error(
          Status::corruption(fmt::format("{}: the copy does not verify", args.dest)));
    }
    std::cerr << fmt::format("the copy verifies: {} profiles at generation {}\n",
                             group_thousands(report->profiles), report->generation);
  }
  return kExitOk;
}

struct CompactArgs {
  std::string db;
};

int run_compact(const CompactArgs& args) {
  Options options;
  options.create_if_missing = false;
  auto db = Database::open(args.db, options);
  if (!db) return report_error(db.status());
  auto report = db->compact();
  if (!report) return report_error(report.status());
  print_compaction(*report);
  return kExitOk;
}

}  // namespace

void add_compact_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<CompactArgs>();
  CLI::App* cmd = app.add_subcommand(
      "compact",
      "Rewrite the index compactly (Xapian's full compaction, RocksDB's files into zstd) as a "
      "new index directory and switch to it; searches go on meanwhile. `index` and `reindex` "
      "do it after large loads (--compact).");
  add_db_option(cmd, args->db);
  cmd->callback([args, &exit_code] { exit_code = run_compact(*args); });
}

void add_verify_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<VerifyArgs>();
  CLI::App* cmd = app.add_subcommand(
      "verify",
      "Check that the text index and the profile store agree (generations, profile ids, "
      "handles, key terms, facets, stored profiles, table structure). Takes the writer role, "
      "so an interrupted batch is completed first. Exit status: 0 consistent, 1 damaged or "
      "error.");
  add_db_option(cmd, args->db);
  cmd->add_flag("--deep", args->deep,
                "Also rebuild every document from its stored profile and compare (slow)");
  cmd->add_flag("--live", args->live,
                "Check beside a running writer, between two of its batches (read-only)");
  cmd->add_flag("--json", args->json, "Print one JSON object");
  cmd->callback([args, &exit_code] { exit_code = run_verify(*args); });
}

void add_backup_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<BackupArgs>();
  CLI::App* cmd = app.add_subcommand(
      "backup",
      "Write a consistent copy of the database (both stores at one generation, fsynced) to a "
      "new directory; works while an index job runs.");
  add_db_option(cmd, args->db);
  cmd->add_option("dest", args->dest, "Destination directory (must not exist or be empty)")
      ->required();
  cmd->add_flag("--verify", args->verify, "Verify the copy afterwards");
  cmd->callback([args, &exit_code] { exit_code = run_backup(*args); });
}

}  // namespace mikros::cli
