// The subcommands of the mikros command. Each add_* registers its options on `app` and, when
// chosen, stores its exit status in `exit_code`.
#ifndef MIKROS_TOOLS_COMMANDS_H
#define MIKROS_TOOLS_COMMANDS_H

#include <CLI/CLI.hpp>
#include <optional>

namespace mikros::cli {

void add_index_command(CLI::App& app, int& exit_code);
void add_reindex_command(CLI::App& app, int& exit_code);
void add_delete_command(CLI::App& app, int& exit_code);
void add_verify_command(CLI::App& app, int& exit_code);
void add_backup_command(CLI::App& app, int& exit_code);
void add_compact_command(CLI::App& app, int& exit_code);
void add_search_command(CLI::App& app, int& exit_code);
void add_stats_command(CLI::App& app, int& exit_code);
// `related WORD`: the terms a query word is expanded with (cmd_related.cpp).
void add_related_command(CLI::App& app, int& exit_code);
void add_show_command(CLI::App& app, int& exit_code);
// `generate` and `bench` are the programs mikros-generate and mikros-bench (cmd_forward.cpp):
// these two list them in --help.
void add_generate_command(CLI::App& app, int& exit_code);
void add_brand_command(CLI::App& app, int& exit_code);
void add_evaluate_command(CLI::App& app, int& exit_code);
// `evaluate search` (cmd_evaluate_search.cpp), added to the `evaluate` command.
void add_evaluate_search_command(CLI::App* evaluate, int& exit_code);
void add_bench_command(CLI::App& app, int& exit_code);
void add_shell_command(CLI::App& app, int& exit_code);
// `completion bash|zsh` and `manpage`: shell completion and mikros.1, written from the
// commands and options registered on `app` (cmd_completion.cpp), so they never drift from it.
void add_completion_command(CLI::App& app, int& exit_code);
void add_manpage_command(CLI::App& app, int& exit_code);

// When argv[1] is `generate` or `bench`: runs mikros-generate or mikros-bench (from the directory
// of this executable, else from PATH) with argv[2...], unchanged, in place of this process.
// Returns the exit status only if the program could not be started; nullopt for other commands.
std::optional<int> run_forwarded_command(int argc, char** argv);

}  // namespace mikros::cli

#endif  // MIKROS_TOOLS_COMMANDS_H
