#include "eval/labelled_sets.h"

#include <csv.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace mikros::tools {
namespace {

// A CSV file as rows of named fields (first row: the header; a UTF-8 BOM is dropped).
struct CsvTable {
  std::string path;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  // The field `name` of `row`; a column the header lacks is an error.
  Result<std::string> get(const std::vector<std::string>& row, std::string_view name) const {
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) return Status::corruption(fmt::format("{}: no column {}", path, name));
    std::size_t i = static_cast<std::size_t>(it - header.begin());
    return i < row.size() ? row[i] : std::string();
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
  t.path = path;
  t.header = std::move(state.rows.front());
  t.rows.assign(std::make_move_iterator(state.rows.begin() + 1),
                std::make_move_iterator(state.rows.end()));
  return t;
}

// A count written as a number ("1234", "1234.0"); empty is 0 where `empty_is_zero`.
Result<double> count(const CsvTable& t, const std::vector<std::string>& row, std::string_view name,
                     std::size_t line, bool empty_is_zero = false) {
  auto text = t.get(row, name);
  if (!text) return text.status();
  if (empty_is_zero && text->find_first_not_of(" \t") == std::string::npos) return 0.0;
  try {
    std::size_t used = 0;
    double v = std::stod(*text, &used);
    if (used == text->size() && v >= 0) return v;
  } catch (const std::exception&) {
  }
  return Status::corruption(
      fmt::format("{}: row {}: {} is not a count: \"{}\"", t.path, line, name, *text));
}

std::string without_at(std::string handle) {
  std::size_t at = handle.find_first_not_of('@');
  return at == std::string::npos ? std::string() : handle.substr(at);
}

// One row of the Twitter set.
Result<LabelledAccount> twitter_account(const CsvTable& t, const std::vector<std::string>& row,
                                        std::size_t line) {
  LabelledAccount a;
  auto followers = count(t, row, "followers_count", line, true);
  auto following = count(t, row, "friends_count", line, true);
  auto posts = count(t, row, "statuses_count", line, true);
  auto handle = t.get(row, "screen_name");
  auto name = t.get(row, "name");
  auto bio = t.get(row, "description");
  for (const Status& st : {followers.status(), following.status(), posts.status(), handle.status(),
                           name.status(), bio.status()}) {
    if (!st) return st;
  }
  a.followers = *followers;
  a.following = *following;
  a.posts = *posts;
  a.handle = without_at(*handle);
  a.name = *name;
  a.bio = *bio;
  return a;
}

}  // namespace

std::vector<std::string> srf_files() {
  return {"labelled_1000_inclprivate.csv"};
}
std::vector<std::string> instafake_files() {
  return {"instafake/fakeAccountData.json", "instafake/realAccountData.json"};
}
std::vector<std::string> twitter_files() {
  return {"bots_data.csv", "nonbots_data.csv"};
}

std::vector<std::string> missing_files(const std::string& dir,
                                       const std::vector<std::string>& files) {
  std::vector<std::string> missing;
  std::error_code ec;
  for (const auto& f : files) {
    if (!std::filesystem::is_regular_file(std::filesystem::path(dir) / f, ec)) {
      missing.push_back(f);
    }
  }
  return missing;
}

Result<LabelledSet> read_srf(const std::string& dir) {
  auto t = read_csv(dir + "/" + srf_files()[0]);
  if (!t) return t.status();
  LabelledSet set{"SRF", {}, {}};
  for (std::size_t i = 0; i < t->rows.size(); ++i) {
    const auto& row = t->rows[i];
    LabelledAccount a;
    auto followers = count(*t, row, "Number.of.followers", i + 1);
    auto following = count(*t, row, "Number.of.people.they.follow", i + 1);
    auto posts = count(*t, row, "Number.of.posts", i + 1);
    auto handle = t->get(row, "Username");
    auto rating = t->get(row, "rating");  // TRUE: a fake follower
    for (const Status& st : {followers.status(), following.status(), posts.status(),
                             handle.status(), rating.status()}) {
      if (!st) return st;
    }
    a.followers = *followers;
    a.following = *following;
    a.posts = *posts;
    a.handle = without_at(*handle);
    set.accounts.push_back(std::move(a));
    set.positive.push_back(*rating != "TRUE");
  }
  return set;
}

Result<LabelledSet> read_instafake(const std::string& dir) {
  LabelledSet set{"InstaFake", {}, {}};
  simdjson::dom::parser parser;
  for (const auto& file : instafake_files()) {
    const std::string path = dir + "/" + file;
    simdjson::dom::element doc;
    if (auto error = parser.load(path).get(doc); error) {
      return error == simdjson::IO_ERROR
                 ? Status::not_found(fmt::format("{}: cannot open", path))
                 : Status::corruption(fmt::format("{}: {}", path, simdjson::error_message(error)));
    }
    simdjson::dom::array accounts;
    if (doc.get_array().get(accounts)) {
      return Status::corruption(fmt::format("{}: expected an array of accounts", path));
    }
    for (simdjson::dom::element r : accounts) {
      std::uint64_t followers = 0, following = 0, posts = 0, digits = 0, fake = 0;
      if (r["userFollowerCount"].get(followers) || r["userFollowingCount"].get(following) ||
          r["userMediaCount"].get(posts) || r["usernameDigitCount"].get(digits) ||
          r["isFake"].get(fake)) {
        return Status::corruption(
            fmt::format("{}: account {} lacks a count (userFollowerCount, userFollowingCount, "
                        "userMediaCount, usernameDigitCount, isFake)",
                        path, set.accounts.size() + 1));
      }
      LabelledAccount a;
      a.followers = static_cast<double>(followers);
      a.following = static_cast<double>(following);
      a.posts = static_cast<double>(posts);
      a.handle_digits = static_cast<unsigned>(digits);  // the set gives no handle
      set.accounts.push_back(std::move(a));
      set.positive.push_back(fake == 0);
    }
  }
  return set;
}

Result<LabelledSet> read_twitter(const std::string& dir) {
  LabelledSet set{"Twitter", {}, {}};
  const auto files = twitter_files();
  for (std::size_t f = 0; f < files.size(); ++f) {
    auto t = read_csv(dir + "/" + files[f]);
    if (!t) return t.status();
    for (std::size_t i = 0; i < t->rows.size(); ++i) {
      auto a = twitter_account(*t, t->rows[i], i + 1);
      if (!a) return a.status();
      set.accounts.push_back(std::move(*a));
      set.positive.push_back(f == 0);  // bots_data.csv: automated
    }
  }
  return set;
}

}  // namespace mikros::tools
