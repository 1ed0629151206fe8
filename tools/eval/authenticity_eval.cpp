#include "authenticity_eval.h"

#include <csv.h>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "analytics/authenticity.h"

namespace mikros::tools {
namespace {

// A CSV file as rows of named fields (first row: the header; a UTF-8 BOM is dropped).
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  const std::string& get(const std::vector<std::string>& row, const std::string& name) const {
    static const std::string kEmpty;
    auto it = std::find(header.begin(), header.end(), name);
    std::size_t i = static_cast<std::size_t>(it - header.begin());
    return it == header.end() || i >= row.size() ? kEmpty : row[i];
  }
};

Result<CsvTable> read_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found(fmt::format("{}: cannot open", path));
  std::ostringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  struct State {
    std::vector<std::string> row;
    std::vector<std::vector<std::string>> rows;
  } state;
  csv_parser parser;
  csv_init(&parser, CSV_APPEND_NULL);
  auto on_field = [](void* f, std::size_t n, void* data) {
    static_cast<State*>(data)->row.emplace_back(static_cast<char*>(f), n);
  };
  auto on_row = [](int, void* data) {
    auto* st = static_cast<State*>(data);
    st->rows.push_back(std::move(st->row));
    st->row.clear();
  };
  std::size_t parsed = csv_parse(&parser, text.data(), text.size(), on_field, on_row, &state);
  csv_fini(&parser, on_field, on_row, &state);
  int err = csv_error(&parser);
  csv_free(&parser);
  if (parsed != text.size() || err != CSV_SUCCESS) {
    return Status::corruption(fmt::format("{}: {}", path, csv_strerror(err)));
  }
  if (state.rows.empty()) return Status::corruption(fmt::format("{}: empty", path));
  CsvTable t;
  t.header = std::move(state.rows.front());
  t.rows.assign(std::make_move_iterator(state.rows.begin() + 1),
                std::make_move_iterator(state.rows.end()));
  return t;
}

double number(const std::string& s) {
  try {
    return std::stod(s);
  } catch (...) {
    return 0;
  }
}

}  // namespace

double roc_auc(const std::vector<double>& scores, const std::vector<bool>& real) {
  std::vector<double> fakes;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (!real[i]) fakes.push_back(scores[i]);
  }
  std::sort(fakes.begin(), fakes.end());
  double wins = 0;
  std::size_t reals = 0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (!real[i]) continue;
    ++reals;
    auto lo = std::lower_bound(fakes.begin(), fakes.end(), scores[i]);
    auto hi = std::upper_bound(fakes.begin(), fakes.end(), scores[i]);
    wins += static_cast<double>(lo - fakes.begin()) + static_cast<double>(hi - lo) / 2;
  }
  if (reals == 0 || fakes.empty()) return 0;
  return wins / (static_cast<double>(reals) * static_cast<double>(fakes.size()));
}

Result<std::vector<EvalSet>> evaluate_authenticity(const std::string& dir) {
  std::vector<EvalSet> out;
  {
    // SRF: username, posts, following, followers; rating TRUE = fake follower. No bio is
    // given, so the bio signal is left out (the same for every account).
    auto t = read_csv(dir + "/labelled_1000_inclprivate.csv");
    if (!t) return t.status();
    std::vector<double> scores;
    std::vector<bool> real;
    for (const auto& row : t->rows) {
      analytics::AuthenticitySignals s;
      s.handle = t->get(row, "Username");
      s.bio = "-";
      s.followers = number(t->get(row, "Number.of.followers"));
      s.following = number(t->get(row, "Number.of.people.they.follow"));
      s.posts = number(t->get(row, "Number.of.posts"));
      scores.push_back(analytics::estimate_authenticity(s));
      real.push_back(t->get(row, "rating") != "TRUE");
    }
    EvalSet e{"SRF hand-labelled Instagram followers (fake vs real)", 0, 0, roc_auc(scores, real)};
    for (bool r : real) (r ? e.real : e.fake)++;
    out.push_back(e);
  }
  {
    std::vector<double> scores;
    std::vector<bool> real;
    for (const auto& [file, is_real] : {std::pair<const char*, bool>{"bots_data.csv", false},
                                        std::pair<const char*, bool>{"nonbots_data.csv", true}}) {
      auto t = read_csv(dir + "/" + file);
      if (!t) return t.status();
      for (const auto& row : t->rows) {
        analytics::AuthenticitySignals s;
        s.handle = t->get(row, "screen_name");
        s.name = t->get(row, "name");
        s.bio = t->get(row, "description");
        s.followers = number(t->get(row, "followers_count"));
        s.following = number(t->get(row, "friends_count"));
        s.posts = number(t->get(row, "statuses_count"));
        scores.push_back(analytics::estimate_authenticity(s));
        real.push_back(is_real);
      }
    }
    EvalSet e{"Twitter bots vs humans", 0, 0, roc_auc(scores, real)};
    for (bool r : real) (r ? e.real : e.fake)++;
    out.push_back(e);
  }
  return out;
}

}  // namespace mikros::tools
