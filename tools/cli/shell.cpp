#include "shell.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "output.h"

namespace mikros::cli {
namespace {

// The first word of `line` and the rest, trimmed.
std::pair<std::string_view, std::string_view> split_command(std::string_view line) {
  line = trim(line);
  std::size_t end = 0;
  while (end < line.size() && !is_blank(line[end])) ++end;
  return {line.substr(0, end), trim(line.substr(end))};
}

std::optional<std::size_t> parse_count(std::string_view s) {
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

// Edits (insertions, deletions, substitutions, swaps of neighbours) between two short words.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1] ? 1 : 0)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

constexpr const char* kHelp = R"(Type a query to search, or a command.

Commands
  next, n            the next page of results          prev, p   the previous page
  show KEY | show N  one profile's card: platform:handle, or the hit ranked N
  json [on|off]      print results as JSON              limit N   hits per page
  facets [on|off]    count the matches by tier, country, platform, language, engagement,
                     city, largest audience country; matches without audience data
  explain [on|off]   show the Xapian query and what each hit's score is made of
  expand [on|off]    match words by meaning too (niche vocabulary; on by default)
  stats              what the database holds            search Q  run Q even if it looks
  help               this text                                    like a command
  quit, exit         leave (or Ctrl-D)

Queries (docs/query-language.md has the whole language)
  slow fashion          both words              "slow fashion"    the phrase
  vegan OR vegetarian   either                  -meat, NOT meat   without
  eco-friendly          also its niche's words  =vegan            this word only
  #thrift  @patagonia   hashtag, mention        like:@maya        profiles like this one
  tier:micro,mid  country:US,CA  platform:tiktok  lang:es  category:fashion
  followers:10k..50k  er:>3%  er:high  growth:>2%  auth:>=0.8  price:<300
  aud.country:DE,AT>=40%  aud.gender:female>=60%  aud.age:18-34=40%..60%
  city:"Los Angeles"  has:contact|price|audience  sponsored:Patagonia  sponsored:*
  sort:followers|er|growth|relevance|aud.country:US|aud.gender:female   limit:N
)";

}  // namespace

const std::vector<std::string>& Shell::command_names() {
  static const std::vector<std::string> kNames = {"help",   "next",    "prev",   "show",  "json",
                                                  "facets", "explain", "expand", "limit", "stats",
                                                  "search", "quit",    "exit"};
  return kNames;
}

const std::vector<std::string>& Shell::field_names() {
  static const std::vector<std::string> kNames = {
      "tier:", "country:",   "platform:", "lang:",  "category:",    "city:",    "followers:",
      "er:",   "growth:",    "auth:",     "price:", "aud.country:", "aud.age:", "aud.gender:",
      "has:",  "sponsored:", "like:",     "sort:",  "limit:"};
  return kNames;
}

Shell::Shell(Database db, std::ostream& out, std::ostream& err, const Settings& settings)
    : db_(std::move(db)),
      searcher_(db_),
      out_(out),
      err_(err),
      settings_(settings),
      style_{settings.colour, settings.colour} {}

bool Shell::execute(std::string_view line, std::size_t line_number) {
  line_number_ = line_number;
  // Named variables, not a structured binding: clang (the TSan build) does not let a lambda
  // capture a structured binding before C++20's P1091 is implemented.
  const auto split = split_command(line);
  const std::string_view word = split.first, rest = split.second;
  if (word.empty()) return true;
  bool prefixed = word.front() == ':';  // ":help" is always a command
  std::string command = ascii_lower(prefixed ? word.substr(1) : word);
  // Commands that take no argument are queries when words follow ("next level gaming").
  auto bare = [&](std::string_view name) { return command == name && (rest.empty() || prefixed); };

  if (bare("help") || bare("?") || bare("h")) {
    help();
  } else if (bare("quit") || bare("exit") || bare("q")) {
    return false;
  } else if (bare("next") || bare("n")) {
    page(+1);
  } else if (bare("prev") || bare("p") || bare("previous")) {
    page(-1);
  } else if (bare("stats")) {
    stats();
  } else if (command == "show") {
    show(rest);
  } else if (command == "json") {
    toggle("json", json_, rest);
  } else if (command == "facets") {
    toggle("facets", facets_, rest);
  } else if (command == "explain") {
    toggle("explain", explain_, rest);
  } else if (command == "expand" &&
             (prefixed || rest.empty() || trim(rest) == "on" || trim(rest) == "off")) {
    // Only with on/off: "expand your mind" is a query.
    toggle("expand", expand_, rest);
  } else if (command == "limit") {
    set_page_size(rest);
  } else if (command == "search" || command == "s") {
    search(rest,
           display_width(line.substr(0, static_cast<std::size_t>(rest.data() - line.data()))));
  } else if (prefixed) {
    error_out() << fmt::format("unknown command '{}' (type help for the list)\n", word);
  } else {
    search(trim(line),
           display_width(line.substr(0, static_cast<std::size_t>(word.data() - line.data()))));
  }
  return true;
}

void Shell::help() {
  out_ << kHelp;
}

void Shell::search(std::string_view text, std::size_t column) {
  if (text.empty()) {
    error_out() << "usage: search QUERY\n";
    return;
  }
  auto parsed = Query::parse(text);
  if (!parsed) {
    print_query_error(text, parsed.status(), column);
    return;
  }
  show_page(*parsed, std::string(text), 0, column);
}

bool Shell::show_page(const Query& query, const std::string& text, std::size_t offset,
                      std::optional<std::size_t> typed_column) {
  SearchOptions options;
  options.limit = query.result_limit().value_or(settings_.page_size);
  options.offset = offset;
  options.facets = facets_;
  options.explain = explain_;
  options.expand = expand_;
  auto result = searcher_.search(query, options);
  if (!result) {
    if (result.status().position() != Status::kNoPosition) {
      print_query_error(text, result.status(), typed_column);
    } else {
      print_status(result.status());
    }
    return false;  // the current query and page stay as they were
  }
  result->query = text;
  query_ = query;
  query_text_ = text;
  offset_ = offset;
  total_ = result->total;
  page_keys_.clear();
  for (const auto& hit : result->hits) page_keys_.push_back(hit.key);
  if (json_) {
    out_ << to_json(*result) << '\n';
    return true;
  }
  // The query as understood, so that a script's output says what each table answers.
  out_ << style_.dim("query: " + single_line(query.describe())) << '\n';
  print_result_table(out_, *result, offset_, width(), style_);
  if (result->total == 0) suggest_command(text);
  if (facets_ && result->total > 0) {
    out_ << '\n';
    print_facet_summary(out_, result->facets, width(), style_);
  }
  if (explain_) {
    out_ << '\n';
    print_explanation(out_, *result, offset_, style_);
  }
  if (offset_ + result->hits.size() < total_) out_ << style_.dim("(next: more results)") << '\n';
  return true;
}

void Shell::refresh() {
  if (query_) show_page(*query_, query_text_, offset_);
}

void Shell::page(int direction) {
  if (!query_) {
    error_out() << "no query yet: type one (help shows how)\n";
    return;
  }
  std::size_t size = query_->result_limit().value_or(settings_.page_size);
  std::size_t offset = offset_;
  if (direction > 0) {
    if (offset + size >= total_) {
      error_out() << fmt::format("no more results ({} in all)\n", group_thousands(total_));
      return;
    }
    offset += size;
  } else {
    if (offset == 0) {
      error_out() << "already at the first page\n";
      return;
    }
    offset = offset > size ? offset - size : 0;
  }
  show_page(*query_, query_text_, offset);
}

void Shell::show(std::string_view arg) {
  if (arg.empty()) {
    error_out() << "usage: show platform:handle, or show N for the hit ranked N\n";
    return;
  }
  std::string key(arg);
  if (auto rank = parse_count(arg)) {
    if (*rank <= offset_ || *rank > offset_ + page_keys_.size()) {
      if (page_keys_.empty()) {
        error_out() << "no results on screen: show platform:handle, or search first\n";
      } else {
        error_out() << fmt::format("no hit ranked {} on this page ({}–{})\n", *rank, offset_ + 1,
                                   offset_ + page_keys_.size());
      }
      return;
    }
    key = page_keys_[*rank - offset_ - 1];
  }
  auto profile = db_.get(key);
  if (!profile) {
    print_status(profile.status());
    return;
  }
  if (json_) {
    out_ << to_json(*profile) << '\n';
  } else {
    print_profile_card(out_, *profile, db_.tiers(), style_);
  }
}

void Shell::toggle(std::string_view name, bool& flag, std::string_view arg) {
  std::string a = ascii_lower(arg);
  if (a.empty()) {
    flag = !flag;
  } else if (a == "on") {
    flag = true;
  } else if (a == "off") {
    flag = false;
  } else {
    error_out() << fmt::format("usage: {} [on|off]\n", name);
    return;
  }
  out_ << style_.dim(fmt::format("{} {}", name, flag ? "on" : "off")) << '\n';
  refresh();  // the current page again, the new way
}

void Shell::set_page_size(std::string_view arg) {
  auto n = parse_count(arg);
  if (!n || *n == 0 || *n > 1000) {
    error_out() << "usage: limit N, with N from 1 to 1000 hits per page\n";
    return;
  }
  settings_.page_size = *n;
  out_ << style_.dim(fmt::format("{} {} per page", *n, *n == 1 ? "hit" : "hits")) << '\n';
  if (query_) show_page(*query_, query_text_, offset_ - offset_ % *n);
}

void Shell::stats() {
  auto stats = db_.stats();
  if (!stats) {
    print_status(stats.status());
    return;
  }
  out_ << style_.bold(fmt::format("{} profiles", group_thousands(stats->profiles)))
       << style_.dim(fmt::format(" (generation {})", stats->generation)) << '\n';
  print_facet_summary(
      out_,
      {{"tier", stats->by_tier}, {"platform", stats->by_platform}, {"country", stats->by_country}},
      width(), style_);
}

void Shell::print_status(const Status& st) {
  error_out() << style_.accent("error: ") << st.to_string() << '\n';
}

void Shell::print_query_error(std::string_view text, const Status& st,
                              std::optional<std::size_t> typed_column) {
  const bool caret = st.position() != Status::kNoPosition && text.size() <= 1000;
  std::string line = single_line(text);
  // The position is a byte offset into the query; `text` is trimmed, as the caret's line.
  const std::size_t col =
      caret ? display_width(std::string_view(line).substr(0, std::min(st.position(), line.size())))
            : 0;
  if (caret && settings_.terminal && typed_column) {
    // Under the line the user just typed, which the terminal shows right above.
    err_ << std::string(settings_.prompt_width + *typed_column + col, ' ') << style_.accent("^")
         << '\n';
    error_out() << style_.accent("error: ") << st.to_string() << '\n';
  } else if (line_number_ > 0) {
    // A script: "line N: error" first, as sqlite3 does, then the query with the caret.
    error_out() << style_.accent("error: ") << st.to_string() << '\n';
    if (caret) err_ << "  " << line << '\n' << "  " << std::string(col, ' ') << "^\n";
  } else {
    if (caret) err_ << "  " << line << '\n' << "  " << std::string(col, ' ') << "^\n";
    error_out() << style_.accent("error: ") << st.to_string() << '\n';
  }
  if (st.code() == ErrorCode::kQuerySyntax) suggest_command(text);
}

std::ostream& Shell::error_out() {
  ++errors_;
  if (line_number_ > 0) err_ << fmt::format("line {}: ", line_number_);
  return err_;
}

void Shell::suggest_command(std::string_view text) {
  // "shwo instagram:maya", "nxet", "card 1" or "frobnicate": a word that is no command reads as
  // a query, one that does not parse or finds nothing. Say so, with the command meant when it
  // is a likely typo.
  auto [word, rest] = split_command(text);
  if (word.size() < 3 || word.find_first_of(":\"#@()-") != std::string_view::npos) return;
  std::string lower = ascii_lower(word);
  const auto& names = command_names();
  if (std::find(names.begin(), names.end(), lower) != names.end()) return;  // "search next"
  for (const auto& name : names) {
    if (edit_distance(lower, name) <= 1) {
      err_ << fmt::format("(did you mean the command '{}'?)\n", name);
      return;
    }
  }
  // A lone word, or a word and one argument as commands take ("card 1", "card instagram:x").
  const auto [arg, more] = split_command(rest);
  if (more.empty() &&
      (arg.empty() || parse_count(arg) || arg.find(':') != std::string_view::npos)) {
    err_ << fmt::format("('{}' ran as a query; if you meant a command, type help for the list)\n",
                        word);
  }
}

}  // namespace mikros::cli
