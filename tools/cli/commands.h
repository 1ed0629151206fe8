// The subcommands of the mikros command. Each add_* registers its options on `app` and, when
// chosen, stores its exit status in `exit_code`.
#ifndef MIKROS_TOOLS_COMMANDS_H
#define MIKROS_TOOLS_COMMANDS_H

#include <CLI/CLI.hpp>

namespace mikros::cli {

void add_index_command(CLI::App& app, int& exit_code);
void add_reindex_command(CLI::App& app, int& exit_code);
void add_delete_command(CLI::App& app, int& exit_code);
void add_verify_command(CLI::App& app, int& exit_code);
void add_backup_command(CLI::App& app, int& exit_code);
void add_compact_command(CLI::App& app, int& exit_code);
void add_search_command(CLI::App& app, int& exit_code);
void add_stats_command(CLI::App& app, int& exit_code);
void add_show_command(CLI::App& app, int& exit_code);
void add_generate_command(CLI::App& app, int& exit_code);
void add_brand_command(CLI::App& app, int& exit_code);
void add_evaluate_command(CLI::App& app, int& exit_code);
// Also registers the hidden `bench-phase` command that runs one phase of a benchmark.
void add_bench_command(CLI::App& app, int& exit_code);
void add_shell_command(CLI::App& app, int& exit_code);

}  // namespace mikros::cli

#endif  // MIKROS_TOOLS_COMMANDS_H
