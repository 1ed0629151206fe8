// mikros evaluate authenticity: the authenticity model measured on labelled public data sets,
// each Instagram set scored by the model trained on the other (tools/eval).
#include <fmt/format.h>

#include <iostream>
#include <limits>
#include <memory>

#include "commands.h"
#include "eval/authenticity_eval.h"
#include "output.h"

namespace mikros::cli {
namespace {

struct EvaluateArgs {
  std::string data;
  int bootstrap = tools::EvalOptions{}.bootstrap;
  std::uint64_t seed = tools::EvalOptions{}.seed;
};

std::string interval(const tools::AucInterval& a) {
  return fmt::format("{:.3f} [{:.3f}, {:.3f}]", a.auc, a.low, a.high);
}

void print_cross_set(const tools::AuthenticityReport& report, const Style& style) {
  for (std::size_t first = 0; first < report.cross_set.size(); first += 4) {
    const auto& head = report.cross_set[first];
    std::cout << '\n'
              << style.bold(fmt::format("{} ({} real, {} fake), scored by the model trained on {}",
                                        head.test_set, head.real, head.fake, head.trained_on))
              << '\n';
    Table table;
    table.columns = {{"counts given"},     {"model AUC [95% CI]"}, {"best single feature"},
                     {"its AUC [95% CI]"}, {"target", true},       {"met"},
                     {"Brier", true}};
    for (std::size_t i = first; i < first + 4 && i < report.cross_set.size(); ++i) {
      const auto& r = report.cross_set[i];
      table.rows.push_back({r.given, interval(r.model), r.best_feature, interval(r.best),
                            fmt::format("{:.3f}", r.best.auc - 0.01), r.met ? "yes" : "NO",
                            fmt::format("{:.4f}", r.brier)});
    }
    table.print(std::cout, std::numeric_limits<std::size_t>::max(), style);
  }
}

void print_automation(const tools::AuthenticityReport& report, const Style& style) {
  if (report.automation.empty()) {
    std::cout << '\n' << report.note << '\n';
    return;
  }
  const auto& head = report.automation.front();
  std::cout << '\n'
            << style.bold(fmt::format("Automation, a separate flag: Twitter bot set ({} bots, "
                                      "{} humans)",
                                      head.bots, head.humans))
            << '\n'
            << style.dim(
                   "In-sample: the shipped model was trained on this whole set; "
                   "tools/train/train_authenticity.py gives 5-fold cross-validated figures.")
            << '\n';
  Table table;
  table.columns = {
      {"counts given"}, {"AUC [95% CI]"}, {"bots flagged", true}, {"humans flagged", true}};
  for (const auto& r : report.automation) {
    table.rows.push_back(
        {r.given, interval(r.auc), percent(r.bots_flagged), percent(r.humans_flagged)});
  }
  table.print(std::cout, std::numeric_limits<std::size_t>::max(), style);
}

int run_evaluate(const EvaluateArgs& args) {
  tools::EvalOptions options;
  options.bootstrap = args.bootstrap;
  options.seed = args.seed;
  auto report = tools::evaluate_authenticity(args.data, options);
  if (!report) return report_error(report.status());
  Style style{use_colour()};
  std::cout << fmt::format(
      "Authenticity: real against bought or fake accounts. The model (version {}, {}) is "
      "tested on each Instagram set by its copy trained on the other set alone; ROC AUC with a "
      "95% interval from {} stratified bootstrap resamples (seed {}), beside the set's best "
      "single feature; target: at least that feature's AUC - 0.01.\n",
      report->model.version, report->model.trained_by, options.bootstrap, options.seed);
  print_cross_set(*report, style);
  print_automation(*report, style);
  std::size_t missed = 0;
  for (const auto& r : report->cross_set) missed += !r.met;
  std::cout << '\n'
            << (missed ? fmt::format("{} of {} targets missed", missed, report->cross_set.size())
                       : fmt::format("all {} targets met", report->cross_set.size()))
            << '\n';
  return kExitOk;
}

void add_data_options(CLI::App* cmd, EvaluateArgs& args) {
  cmd->add_option("--data", args.data,
                  "The folder of the labelled sets (e.g. ../shared/corpus-sources): SRF's "
                  "labelled_1000_inclprivate.csv, InstaFake's instafake/*.json and, for "
                  "automation, the Twitter bot set's bots_data.csv and nonbots_data.csv")
      ->required();
  cmd->add_option("--bootstrap", args.bootstrap, "Bootstrap resamples for the intervals")
      ->check(CLI::Range(0, 100'000))
      ->capture_default_str();
  cmd->add_option("--seed", args.seed, "Seed of the resampling")->capture_default_str();
}

}  // namespace

void add_evaluate_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<EvaluateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "evaluate",
      "Measure mikros on labelled data: `mikros evaluate authenticity --data DIR` (or "
      "`mikros evaluate --data DIR`), `mikros evaluate search --db DIR --judgments FILE`");
  CLI::App* auth = cmd->add_subcommand(
      "authenticity",
      "The authenticity model across the labelled Instagram sets of fake accounts (ROC AUC with "
      "bootstrap intervals, the best single feature, with and without the following count), and "
      "the automation flag on the Twitter bot set");
  add_data_options(auth, *args);
  auth->callback([args, &exit_code] { exit_code = run_evaluate(*args); });
  add_evaluate_search_command(cmd, exit_code);
  // The older form, `mikros evaluate --data DIR`, runs the same.
  auto alias = std::make_shared<EvaluateArgs>();
  cmd->add_option("--data", alias->data, "The same as `evaluate authenticity --data DIR`");
  cmd->callback([cmd, auth, alias, &exit_code] {
    if (auth->parsed() || cmd->get_subcommand("search")->parsed()) return;
    if (alias->data.empty()) {
      throw CLI::RequiredError(
          "a measure (mikros evaluate authenticity --data DIR, or mikros evaluate search --db DIR "
          "--judgments FILE) or --data DIR");
    }
    exit_code = run_evaluate(*alias);
  });
}

}  // namespace mikros::cli
