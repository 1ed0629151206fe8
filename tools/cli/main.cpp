// mikros: the command line. `mikros --help` lists the commands; `mikros help CMD` (or
// `mikros CMD --help`) shows one.
#include <exception>
#include <iostream>

#include "commands.h"
#include "mikros/version.hpp"
#include "output.h"
#include "usage.h"

int main(int argc, char** argv) {
  // `mikros generate ...` and `mikros bench ...`: everything after the command is the program's.
  if (auto forwarded = mikros::cli::run_forwarded_command(argc, argv)) return *forwarded;
  CLI::App app{
      "mikros: search influencer profiles. Each command has --help; 'mikros help "
      "COMMAND' shows the same.",
      "mikros"};
  app.formatter(std::make_shared<mikros::cli::WrappingFormatter>());
  app.require_subcommand(1, 1);
  app.set_version_flag("--version", std::string("mikros ") + mikros::version());
  // Taken out of the arguments before parsing (usage.cpp); declared here for --help.
  app.add_option("--color")->type_name("WHEN")->description(
      "Colour and pictures: auto (on a terminal, unless NO_COLOR is set), always or never. "
      "Before or after the command");
  app.footer(
      "Environment: MIKROS_DB (the database when --db is not given), MIKROS_DATA_DIR (the "
      "folder of the hashtag dictionary words.lex), MIKROS_LEXICON (the dictionary file; none "
      "for none), NO_COLOR, MIKROS_HISTORY (the shell's history file).\n"
      "Exit status: 0 success, 1 an error, 2 a usage error or a query that does not parse, 3 "
      "records rejected by index.");
  int exit_code = mikros::cli::kExitOk;
  mikros::cli::add_index_command(app, exit_code);
  mikros::cli::add_reindex_command(app, exit_code);
  mikros::cli::add_delete_command(app, exit_code);
  mikros::cli::add_search_command(app, exit_code);
  mikros::cli::add_related_command(app, exit_code);
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
  mikros::cli::add_completion_command(app, exit_code);
  mikros::cli::add_manpage_command(app, exit_code);
  try {
    return mikros::cli::run_command_line(app, std::vector<std::string>(argv + 1, argv + argc),
                                         exit_code);
  } catch (const std::exception& e) {
    std::cerr << "mikros: internal error: " << e.what() << '\n';
    return mikros::cli::kExitError;
  }
}
