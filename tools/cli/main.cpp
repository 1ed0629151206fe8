// mikros: the command line. `mikros --help` lists the commands; each has its own --help.
#include <exception>
#include <iostream>

#include "commands.h"
#include "mikros/version.hpp"
#include "output.h"

int main(int argc, char** argv) {
  // `mikros generate ...` and `mikros bench ...`: everything after the command is the program's.
  if (auto forwarded = mikros::cli::run_forwarded_command(argc, argv)) return *forwarded;
  CLI::App app{
      "mikros: search influencer profiles (index, reindex, delete, search, shell, stats, show, "
      "verify, backup, compact, brand, generate, bench)",
      "mikros"};
  app.require_subcommand(1, 1);
  app.set_version_flag("--version", std::string("mikros ") + mikros::version());
  int exit_code = mikros::cli::kExitOk;
  mikros::cli::add_index_command(app, exit_code);
  mikros::cli::add_reindex_command(app, exit_code);
  mikros::cli::add_delete_command(app, exit_code);
  mikros::cli::add_search_command(app, exit_code);
  mikros::cli::add_stats_command(app, exit_code);
  mikros::cli::add_show_command(app, exit_code);
  mikros::cli::add_shell_command(app, exit_code);
  mikros::cli::add_verify_command(app, exit_code);
  mikros::cli::add_backup_command(app, exit_code);
  mikros::cli::add_compact_command(app, exit_code);
  mikros::cli::add_generate_command(app, exit_code);
  mikros::cli::add_brand_command(app, exit_code);
  mikros::cli::add_evaluate_command(app, exit_code);
  mikros::cli::add_bench_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return mikros::cli::kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "mikros: internal error: " << e.what() << '\n';
    return mikros::cli::kExitError;
  }
  return exit_code;
}
