// mikros brand add|list|show|remove: brand profiles stored with a database.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.h"
#include "output.h"
#include "usage.h"

namespace mikros::cli {
namespace {

struct BrandArgs {
  std::string db;
  std::vector<std::string> files;
  std::string name;
  bool json = false;
};

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error(fmt::format("{}: cannot open", path));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int run_add(const BrandArgs& args) {
  // Validate every file before storing any, so a bad file stores nothing.
  std::vector<Brand> brands;
  for (const auto& file : args.files) {
    auto text = read_text(file);
    if (!text) return report_error(text.status());
    auto brand = parse_brand(*text);
    if (!brand) {
      std::cerr << "mikros: " << file << ": " << brand.status().message() << '\n';
      return kExitUsage;
    }
    brands.push_back(std::move(*brand));
  }
  auto db = Database::open(args.db);
  if (!db) return report_error(db.status());
  for (auto& b : brands) {
    std::string name = b.name;
    if (Status st = db->put_brand(std::move(b)); !st) return report_error(st);
    std::cerr << "stored brand " << name << '\n';
  }
  return kExitOk;
}

Result<Database> open_read_only(const std::string& path) {
  Options options;
  options.read_only = true;
  return Database::open(path, options);
}

int run_list(const BrandArgs& args) {
  auto db = open_read_only(args.db);
  if (!db) return report_error(db.status());
  auto brands = db->brands();
  if (!brands) return report_error(brands.status());
  if (args.json) {
    std::cout << '[';
    for (std::size_t i = 0; i < brands->size(); ++i) {
      std::cout << (i ? "," : "") << to_json((*brands)[i]);
    }
    std::cout << "]\n";
    return kExitOk;
  }
  if (brands->empty()) {
    std::cout << "no brands (add one with: mikros brand add --db DIR FILE)\n";
    return kExitOk;
  }
  Table table;
  table.columns = {{"brand", false, true},
                   {"keywords", false, true},
                   {"target countries", false, true},
                   {"budget", true, false}};
  for (const auto& b : *brands) {
    std::vector<std::string> countries;
    for (const auto& [code, w] : b.audience.countries) countries.push_back(code);
    table.rows.push_back({b.name, fmt::format("{}", fmt::join(b.keywords, ", ")),
                          fmt::format("{}", fmt::join(countries, ", ")),
                          b.budget_usd ? fmt::format("${:.0f}", *b.budget_usd) : "-"});
  }
  table.print(std::cout, output_width(), Style{use_colour()});
  return kExitOk;
}

int run_show(const BrandArgs& args) {
  auto db = open_read_only(args.db);
  if (!db) return report_error(db.status());
  auto brand = db->brand(args.name);
  if (!brand) return report_error(brand.status());
  std::cout << to_json(*brand) << '\n';
  return kExitOk;
}

int run_remove(const BrandArgs& args) {
  auto db = Database::open(args.db);
  if (!db) return report_error(db.status());
  if (Status st = db->remove_brand(args.name); !st) return report_error(st);
  std::cerr << "removed brand " << args.name << '\n';
  return kExitOk;
}

}  // namespace

void add_brand_command(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "brand",
      "Store, list, show and remove brand profiles (corpus/BRANDS.md); search with "
      "brand:NAME to rank creators by their fit");
  cmd->require_subcommand(1, 1);

  auto add = std::make_shared<BrandArgs>();
  CLI::App* a = cmd->add_subcommand("add", "Store brands from JSON files (replacing same names)");
  add_db_option(a, add->db);
  a->add_option("files", add->files, "Brand JSON files")->required();
  a->callback([add, &exit_code] { exit_code = run_add(*add); });

  auto list = std::make_shared<BrandArgs>();
  CLI::App* l = cmd->add_subcommand("list", "List the stored brands");
  add_db_option(l, list->db);
  l->add_flag("--json", list->json, "Print a JSON array");
  l->callback([list, &exit_code] { exit_code = run_list(*list); });

  auto show = std::make_shared<BrandArgs>();
  CLI::App* s = cmd->add_subcommand("show", "Print a stored brand as JSON");
  add_db_option(s, show->db);
  s->add_option("name", show->name, "Brand name")->required();
  s->callback([show, &exit_code] { exit_code = run_show(*show); });

  auto remove = std::make_shared<BrandArgs>();
  CLI::App* r = cmd->add_subcommand("remove", "Remove a stored brand");
  add_db_option(r, remove->db);
  r->add_option("name", remove->name, "Brand name")->required();
  r->callback([remove, &exit_code] { exit_code = run_remove(*remove); });
}

}  // namespace mikros::cli
