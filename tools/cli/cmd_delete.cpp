// mikros delete: remove profiles by key (platform:handle), from the command line or a file.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "commands.h"
#include "job.h"
#include "output.h"
#include "usage.h"

namespace mikros::cli {
namespace {

struct DeleteArgs {
  std::string db;
  std::vector<std::string> keys;
  std::string from;
  std::size_t batch_size = IndexOptions{}.batch_size;
  bool quiet = false;
};

int run_delete(const DeleteArgs& args) {
  if (args.keys.empty() && args.from.empty()) {
    return report_error(Status::invalid_argument("give keys (platform:handle) or --from FILE"));
  }
  for (const auto& key : args.keys) {
    if (auto parsed = parse_profile_key(key); !parsed) return report_error(parsed.status());
  }
  std::unique_ptr<InputFile> from;
  if (!args.from.empty()) {
    auto in = InputFile::open(args.from);
    if (!in) return report_error(in.status());
    from = std::move(*in);
  }
  Options options;
  options.create_if_missing = false;
  auto db = Database::open(args.db, options);
  if (!db) return report_error(db.status());
  Progress progress("delete:", stderr_is_terminal() && !args.quiet);
  progress.set_total_bytes(from ? from->size() : std::nullopt);
  Indexer indexer(*db);
  std::uint64_t keys = 0, rejected = 0, acknowledged_line = 0, line_no = 0;
  auto commit = [&]() -> Status {
    Status st = indexer.commit();
    if (st) acknowledged_line = line_no;
    return st;
  };
  auto fail = [&](const Status& st) {
    progress.clear();
    if (from) {
      std::cerr << fmt::format("mikros: {}: {}\n", args.from,
                               acknowledged_line
                                   ? fmt::format("acknowledged through line {}", acknowledged_line)
                                   : std::string("nothing acknowledged"));
    }
    return report_error(st);
  };
  for (const auto& key : args.keys) {
    if (Status st = indexer.remove(key); !st) return fail(st);
    ++keys;
  }
  if (from) {
    std::istream in(from.get());
    std::string line;
    while (std::getline(in, line)) {
      ++line_no;
      std::string_view key = trim(line);
      if (key.empty() || key.front() == '#') continue;
      if (auto parsed = parse_profile_key(key.substr(0, 300)); !parsed) {
        progress.clear();
        std::cerr << fmt::format("{}:{}: {}\n", args.from, line_no,
                                 single_line(parsed.status().message()));
        ++rejected;
        continue;
      }
      if (Status st = indexer.remove(key); !st) return fail(st);
      ++keys;
      if (indexer.pending() >= args.batch_size) {
        if (Status st = commit(); !st) return fail(st);
      }
      progress.update(keys, from->bytes_read());
    }
    if (in.bad()) return fail(Status::io_error(fmt::format("{}: read error", args.from)));
  }
  if (Status st = commit(); !st) return fail(st);
  progress.clear();
  const IndexReport& t = indexer.totals();
  if (!args.quiet) {
    std::cerr << fmt::format("{} {}: {} deleted, {} not found{} (database at generation {})\n",
                             keys, keys == 1 ? "key" : "keys", t.deleted, t.missing,
                             rejected ? fmt::format(", {} rejected", rejected) : std::string(),
                             db->generation());
  }
  return rejected ? kExitRejected : kExitOk;
}

}  // namespace

void add_delete_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<DeleteArgs>();
  CLI::App* cmd = app.add_subcommand(
      "delete",
      "Remove profiles by key. Keys that do not exist are counted, not errors. Exit status: 0, "
      "3 some lines of --from were not keys, 1 error, 2 a bad key on the command line.");
  add_db_option(cmd, args->db);
  cmd->add_option("keys", args->keys, "Profile keys: platform:handle");
  cmd->add_option("--from", args->from, "Read keys from this file, one per line ('-': stdin)");
  cmd->add_option("--batch-size", args->batch_size, "Keys per commit")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", args->quiet, "No progress and no summary line");
  cmd->callback([args, &exit_code] { exit_code = run_delete(*args); });
}

}  // namespace mikros::cli
