// mikros evaluate: measure the authenticity estimate on labelled public data.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.h"
#include "eval/authenticity_eval.h"
#include "output.h"

namespace mikros::cli {
namespace {

struct EvaluateArgs {
  std::string data;
};

int run_evaluate(const EvaluateArgs& args) {
  auto report = tools::evaluate_authenticity(args.data);
  if (!report) return report_error(report.status());
  Table table;
  table.columns = {{"labelled set", false, true},
                   {"real", true, false},
                   {"fake", true, false},
                   {"ROC AUC", true, false}};
  for (const auto& e : *report) {
    table.rows.push_back(
        {e.name, std::to_string(e.real), std::to_string(e.fake), fmt::format("{:.4f}", e.roc_auc)});
  }
  table.print(std::cout, terminal_width(), Style{stdout_is_terminal()});
  return kExitOk;
}

}  // namespace

void add_evaluate_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<EvaluateArgs>();
  CLI::App* cmd =
      app.add_subcommand("evaluate",
                         "Measure the authenticity estimate (ROC AUC) on the labelled sets of fake "
                         "Instagram followers and Twitter bots");
  cmd->add_option("--data", args->data, "The corpus-sources folder")
      ->default_val("../shared/corpus-sources")
      ->capture_default_str();
  cmd->callback([args, &exit_code] { exit_code = run_evaluate(*args); });
}

}  // namespace mikros::cli
