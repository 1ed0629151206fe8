// mikros related: the related terms a word (or words) of a query is expanded with, where each
// comes from and its weight, so a user can see what a search by meaning will match.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "output.h"
#include "usage.h"

namespace mikros::cli {
namespace {

struct RelatedArgs {
  std::string db;
  std::vector<std::string> words;
  bool json = false;
};

int run_related(const RelatedArgs& args) {
  std::string text;
  for (const auto& w : args.words) text += (text.empty() ? "" : " ") + w;
  Options open;
  open.read_only = true;
  auto db = Database::open(args.db, open);
  if (!db) return report_error(db.status());
  auto related = Searcher(*db).related(text);
  if (!related) return report_error(related.status());
  if (args.json) {
    nlohmann::ordered_json out;
    out["words"] = text;
    out["related"] = nlohmann::ordered_json::array();
    for (const auto& e : *related) {
      out["related"].push_back(
          {{"term", e.term}, {"source", e.source}, {"niche", e.niche}, {"weight", e.weight}});
    }
    std::cout << out.dump() << '\n';
    return kExitOk;
  }
  if (related->empty()) {
    std::cout << fmt::format("{}: no related terms (it names no niche of the vocabulary)\n", text);
    return kExitOk;
  }
  std::cout << fmt::format("{} also matches, each weighted {:.2f} of the words themselves:\n", text,
                           related->front().weight);
  std::string niche;
  for (const auto& e : *related) {
    if (e.niche != niche) {
      niche = e.niche;
      std::cout << fmt::format("  {}: {}\n", e.source, niche);
    }
    std::cout << fmt::format("    {:<28} {:.2f}\n", e.term, e.weight);
  }
  return kExitOk;
}

}  // namespace

void add_related_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<RelatedArgs>();
  CLI::App* cmd = app.add_subcommand(
      "related",
      "List the related terms a query word is expanded with, with their source and weight. "
      "Example: mikros related --db DIR eco-friendly");
  add_db_option(cmd, args->db);
  cmd->add_option("words", args->words, "The word or words, as in a query")->required();
  cmd->add_flag("--json", args->json, "One JSON object: {\"words\", \"related\": [...]}");
  cmd->callback([args, &exit_code] { exit_code = run_related(*args); });
}

}  // namespace mikros::cli
