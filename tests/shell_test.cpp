// mikros search --facets and mikros shell, end to end: the shell driven through a pipe (as a
// script would) and through a pseudo-terminal (as a person would, with libedit in the loop).
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "support.h"

using mikros::test::profile_line;
using mikros::test::read_file;
using mikros::test::run_mikros;
using mikros::test::TempDir;
using mikros::test::write_file;

namespace {

std::string shell_corpus() {
  std::string out;
  const char* rows[][3] = {
      {"instagram", "maya",
       R"("name":"Maya","bio":"slow fashion and thrift finds","country":"US","languages":["en"],"followers":23400,"engagement_rate":0.04)"},
      {"tiktok", "haul",
       R"("bio":"fast fashion hauls","country":"US","languages":["en","es"],"followers":45000)"},
      {"youtube", "lente",
       R"("bio":"la mode lente, slow fashion","country":"FR","languages":["fr"],"followers":5000)"},
      {"instagram", "trail",
       R"("bio":"trail running","country":"CA","languages":["en","fr"],"followers":49999)"},
      {"instagram", "chef",
       R"("bio":"thrift store finds and recipes","country":"US","followers":700000)"},
  };
  for (const auto& r : rows) out += profile_line(r[0], r[1], r[2]) + "\n";
  return out;
}

struct Db {
  TempDir dir;
  std::string path = dir / "db";
  Db() {
    write_file(dir / "p.jsonl", shell_corpus());
    REQUIRE(run_mikros({"index", "--db", path, dir / "p.jsonl"}).exit_code == 0);
  }
};

}  // namespace

TEST_CASE("search --facets: counts in the JSON and a summary under the table", "[cli][facets]") {
  Db db;
  auto json = run_mikros({"search", "--db", db.path, "--json", "--facets", "fashion"});
  REQUIRE(json.exit_code == 0);
  auto j = nlohmann::json::parse(json.out);
  CHECK(j["total"] == 3);
  CHECK(j["facets"]["tier"] == nlohmann::json({{"micro", 3}}));
  CHECK(j["facets"]["country"] == nlohmann::json({{"US", 2}, {"FR", 1}}));
  CHECK(j["facets"]["platform"] ==
        nlohmann::json({{"instagram", 1}, {"tiktok", 1}, {"youtube", 1}}));
  CHECK(j["facets"]["lang"] == nlohmann::json({{"en", 2}, {"es", 1}, {"fr", 1}}));
  // Only Maya has an engagement rate: 4% against the published median of micro Instagram
  // creators (too few indexed peers for a corpus band) is average.
  CHECK(j["facets"]["er"] == nlohmann::json({{"average", 1}}));

  auto table = run_mikros(
      {"search", "--db", db.path, "--facets", "--expand", "off", "-n", "1", "thrift OR trail"});
  REQUIRE(table.exit_code == 0);
  CHECK_THAT(table.out, Catch::Contains("1–1 of 3 matches\n\ntier      micro 2 · macro 1\n"));
  CHECK_THAT(table.out, Catch::Contains("country   US 2 · CA 1\n"));
  CHECK_THAT(table.out, Catch::Contains("platform  instagram 3\n"));
  CHECK_THAT(table.out, Catch::Contains("lang      en 2 · fr 1\n"));
  CHECK_THAT(table.out, Catch::Contains("er        average 1\n"));
}

TEST_CASE("search --explain shows the score parts", "[cli][explain]") {
  Db db;
  auto r = run_mikros({"search", "--db", db.path, "--explain", "\"slow fashion\" thrift"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("xapian: Query("));
  CHECK_THAT(r.out, Catch::Contains("instagram:maya  "));
  CHECK_THAT(r.out, Catch::Contains(" = \"slow fashion\" "));
  CHECK_THAT(r.out, Catch::Contains(" + thrift "));
  auto j = nlohmann::json::parse(
      run_mikros({"search", "--db", db.path, "--json", "--explain", "thrift"}).out);
  CHECK(j["hits"][0]["score_parts"][0]["clause"] == "thrift");
}

TEST_CASE("search: an unknown like: seed exits 2 with a caret", "[cli][like]") {
  Db db;
  auto r = run_mikros({"search", "--db", db.path, "tier:micro like:@nobody"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("not found: at 11: like: no profile @nobody\n"
                                    "  tier:micro like:@nobody\n"
                                    "             ^\n"));
  auto ok = run_mikros({"search", "--db", db.path, "like:@maya"});
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.out, Catch::Contains("youtube:lente"));
  CHECK_THAT(ok.out, !Catch::Contains("instagram:maya "));
}

TEST_CASE("the shell, scripted through a pipe", "[cli][shell]") {
  Db db;
  std::string script =
      "help\n"
      "\n"
      "   \n"
      "fashion\n"  // 3 matches, pages of 2
      "next\n"
      "next\n"  // no more
      "prev\n"
      "prev\n"  // already first
      "show 2\n"
      "show 9\n"
      "show instagram:TRAIL\n"
      "show instagram:nobody\n"
      "show\n"
      "er:>3x\n"
      "shwo instagram:maya\n"
      ":frobnicate\n"
      "like:@nobody\n"
      "facets on\n"
      "explain\n"
      "json\n"
      "json off\n"
      "facets off\n"
      "explain off\n"
      "limit 0\n"
      "limit 1\n"
      "nxet\n"
      "search next\n"
      "stats\n"
      "quit\n"
      "fashion\n";  // after quit: never run
  auto r = run_mikros({"shell", "--db", db.path, "--page-size", "2"}, script);
  CHECK(r.exit_code == 1);  // errors happened (and the script went on)
  const std::string& out = r.out;
  const std::string& err = r.err;
  CHECK_THAT(out, Catch::StartsWith("Type a query to search, or a command."));
  // Paging.
  CHECK_THAT(out, Catch::Contains("1–2 of 3 matches\n(next: more results)\n"));
  CHECK_THAT(out, Catch::Contains("3–3 of 3 matches\n"));
  CHECK_THAT(err, Catch::Contains("line 6: no more results (3 in all)\n"));
  CHECK_THAT(err, Catch::Contains("line 8: already at the first page\n"));
  // Cards.
  CHECK_THAT(out, Catch::Contains("instagram:trail\n  micro · 49,999 followers · Canada"));
  CHECK_THAT(err, Catch::Contains("no hit ranked 9 on this page (1–2)\n"));
  CHECK_THAT(err, Catch::Contains("line 12: error: not found: no profile instagram:nobody\n"));
  CHECK_THAT(err, Catch::Contains("usage: show platform:handle, or show N"));
  // Bad input, and the shell goes on.
  CHECK_THAT(err, Catch::Contains("line 14: error: query syntax: at 4: expected a number"));
  CHECK_THAT(err, Catch::Contains("(3% or 0.03)\n  er:>3x\n      ^\n"));
  CHECK_THAT(err, Catch::Contains("(did you mean the command 'show'?)\n"));
  CHECK_THAT(err, Catch::Contains("(did you mean the command 'next'?)\n"));  // no matches
  CHECK_THAT(err,
             Catch::Contains("line 16: unknown command ':frobnicate' (type help for the list)\n"));
  CHECK_THAT(err, Catch::Contains("line 17: error: not found: at 0: like: no profile @nobody\n"
                                  "  like:@nobody\n  ^\n"));
  // Toggles show the current page again, the new way.
  CHECK_THAT(out, Catch::Contains("facets on\n"));
  CHECK_THAT(out, Catch::Contains("\ntier      micro 3\n"));
  CHECK_THAT(out, Catch::Contains("explain on\n"));
  CHECK_THAT(out, Catch::Contains("ranking: BM25"));
  CHECK_THAT(out, Catch::Contains("json on\n{\"query\":\"fashion\",\"total\":3,"));
  CHECK_THAT(err, Catch::Contains("usage: limit N, with N from 1 to 1000 hits per page\n"));
  CHECK_THAT(out, Catch::Contains("1 hit per page\n"));
  // "search next" runs the words as a query (none match).
  CHECK_THAT(out, Catch::Contains("no matching profiles\n"));
  CHECK_THAT(out, Catch::Contains("5 profiles (generation 1)\ntier      micro 4 · macro 1\n"));
  // Nothing after quit; no colour in a pipe.
  CHECK(out.find("\033[") == std::string::npos);
  auto after_quit = out.rfind("1–");
  CHECK(after_quit < out.find("5 profiles"));
}

TEST_CASE("search --expand and the shell's expand toggle", "[cli][shell][expand]") {
  Db db;
  // "thrift" is a term of the niche sustainable fashion: expanded, it also finds "slow fashion".
  auto on = run_mikros({"search", "--db", db.path, "--json", "thrift"});
  REQUIRE(on.exit_code == 0);
  CHECK(nlohmann::json::parse(on.out)["total"] == 3);
  auto off = run_mikros({"search", "--db", db.path, "--json", "--expand", "off", "thrift"});
  CHECK(nlohmann::json::parse(off.out)["total"] == 2);
  auto literal = run_mikros({"search", "--db", db.path, "--json", "=thrift"});
  CHECK(nlohmann::json::parse(literal.out)["total"] == 2);
  auto bad = run_mikros({"search", "--db", db.path, "--expand", "maybe", "thrift"});
  CHECK(bad.exit_code == 2);
  auto explained = run_mikros({"search", "--db", db.path, "--explain", "thrift"});
  CHECK_THAT(explained.out,
             Catch::Contains("thrift \u2192 slow fashion 0.50 \u00b7 niche: sustainable fashion"));
  auto related = run_mikros({"related", "--db", db.path, "--json", "thrift"});
  REQUIRE(related.exit_code == 0);
  auto terms = nlohmann::json::parse(related.out)["related"];
  REQUIRE(terms.size() >= 1);
  CHECK(terms[0]["source"] == "niche");
  auto shell = run_mikros({"shell", "--db", db.path}, "thrift\nexpand off\nexpand on\n");
  CHECK(shell.exit_code == 0);
  CHECK_THAT(shell.out, Catch::Contains("1–3 of 3 matches\nexpand off\n"));
  CHECK_THAT(shell.out, Catch::Contains("1–2 of 2 matches\nexpand on\n"));
}

TEST_CASE("the shell, scripted: line numbers, exit status, --bail, hints, the query echoed",
          "[cli][shell]") {
  Db db;
  // A clean script exits 0, and each table says which query it answers.
  auto clean = run_mikros({"shell", "--db", db.path}, "slow fashion\ntier:macro\n");
  CHECK(clean.exit_code == 0);
  CHECK(clean.err.empty());
  CHECK_THAT(clean.out, Catch::Contains("query: "));
  CHECK_THAT(clean.out, Catch::Contains("slow"));
  auto first_query = clean.out.find("query: ");
  CHECK(first_query < clean.out.find("instagram:maya"));
  // An error on line 2: the script goes on to line 3, and exits 1.
  const std::string script = "tier:macro\ner:>3x\ntier:micro\n";
  auto goes_on = run_mikros({"shell", "--db", db.path}, script);
  CHECK(goes_on.exit_code == 1);
  CHECK_THAT(goes_on.err, Catch::StartsWith("line 2: error: query syntax: at 4:"));
  CHECK_THAT(goes_on.out, Catch::Contains("instagram:maya"));  // line 3 ran
  // --bail stops there.
  auto bails = run_mikros({"shell", "--db", db.path, "--bail"}, script);
  CHECK(bails.exit_code == 1);
  CHECK_THAT(bails.out, Catch::Contains("instagram:chef"));
  CHECK_THAT(bails.out, !Catch::Contains("instagram:maya"));
  // Words that read like commands but are none ran as queries: say so.
  auto words =
      run_mikros({"shell", "--db", db.path}, "card 1\nfrobnicate\nshwo 1\nvintage denim\n");
  CHECK_THAT(words.err,
             Catch::Contains("('card' ran as a query; if you meant a command, type help"));
  CHECK_THAT(words.err, Catch::Contains("('frobnicate' ran as a query;"));
  CHECK_THAT(words.err, Catch::Contains("(did you mean the command 'show'?)"));
  CHECK_THAT(words.err, !Catch::Contains("'vintage'"));  // two words of text are a query
}

TEST_CASE("the shell ends at the end of its input, and rejects a missing database",
          "[cli][shell]") {
  Db db;
  auto r = run_mikros({"shell", "--db", db.path}, "tier:macro\n");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("instagram:chef"));
  auto empty = run_mikros({"shell", "--db", db.path});
  CHECK(empty.exit_code == 0);
  auto missing = run_mikros({"shell", "--db", db.dir / "nowhere"});
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Catch::Contains("no mikros database here"));
}

// ---- through a pseudo-terminal ----

namespace {

// A child process on a pseudo-terminal: what it writes, and keys to type at it.
class Pty {
 public:
  Pty(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
    struct winsize ws {};
    ws.ws_col = 100;
    ws.ws_row = 30;
    pid_ = forkpty(&fd_, nullptr, nullptr, &ws);
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
  }
  ~Pty() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) close(fd_);
  }

  // Types `keys` once the terminal has been quiet for a moment: a loaded machine may show the
  // prompt before libedit has read the terminal's settings, and a control key typed then is
  // taken by the terminal rather than by the editor.
  void type_when_settled(const std::string& keys) {
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 200) <= 0) break;
      char buf[4096];
      ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) break;
      output_.append(buf, static_cast<std::size_t>(n));
    }
    type(keys);
  }

  void type(const std::string& keys) {
    REQUIRE(write(fd_, keys.data(), keys.size()) == static_cast<ssize_t>(keys.size()));
  }

  // Reads until `text` appears after what the previous wait_for found (or 20 s pass), as
  // pexpect's expect(): a script of what to type and what to wait for in turn.
  bool wait_for(const std::string& text) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (;;) {
      if (auto at = output_.find(text, from_); at != std::string::npos) {
        from_ = at + text.size();
        return true;
      }
      if (std::chrono::steady_clock::now() > deadline) return false;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buf[4096];
      ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) return false;  // the child closed the terminal
      output_.append(buf, static_cast<std::size_t>(n));
    }
  }

  // Waits (at most 60 s) for the child to exit, reading what it still writes.
  int wait_exit() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 50) > 0) {
        char buf[4096];
        ssize_t n = read(fd_, buf, sizeof buf);
        if (n > 0) output_.append(buf, static_cast<std::size_t>(n));
      }
      if (auto status = mikros::test::try_wait_exit(pid_)) {
        exited_ = true;
        return *status;
      }
    }
    return -1;
  }

  const std::string& output() const { return output_; }

 private:
  int fd_ = -1;
  pid_t pid_ = -1;
  bool exited_ = false;
  std::string output_;
  std::size_t from_ = 0;
};

}  // namespace

TEST_CASE("the shell on a terminal: editing, Ctrl-C, completion, history", "[cli][shell][pty]") {
  Db db;
  std::string history = db.dir / "history";
  const std::string prompt = "mikros> ";
  {
    Pty shell({mikros::test::mikros_binary(), "shell", "--db", db.path},
              {"MIKROS_HISTORY=" + history, "TERM=xterm", "COLUMNS=100"});
    REQUIRE(shell.wait_for("mikros shell on " + db.path + " (5 profiles)"));
    REQUIRE(shell.wait_for(prompt));
    // A query, typed with a correction (Backspace); colour on a terminal.
    shell.type("fashionx\x7f\r");
    REQUIRE(shell.wait_for("\033[1m#  profile"));
    REQUIRE(shell.wait_for("1–3 of 3 matches"));
    REQUIRE(shell.wait_for(prompt));
    // Ctrl-C abandons the line and the shell stays up.
    shell.type_when_settled("tier:mi\x03");
    REQUIRE(shell.wait_for("tier:mi^C\r\n"));
    REQUIRE(shell.wait_for(prompt));
    // Tab completes a field name, with no space after its colon.
    shell.type("coun\tUS\r");
    REQUIRE(shell.wait_for("try:US\r\n"));  // "coun", then the rest drawn by the completion
    REQUIRE(shell.wait_for("1–3 of 3 matches"));
    REQUIRE(shell.wait_for(prompt));
    // A syntax error: the caret sits under the typed character.
    shell.type("er:>3x\r");
    REQUIRE(shell.wait_for("\n            \033[36m^\033[0m"));
    REQUIRE(shell.wait_for("expected a number"));
    REQUIRE(shell.wait_for(prompt));
    // Up arrow, twice: the line before the last one.
    shell.type("\x1b[A\x1b[A\r");
    REQUIRE(shell.wait_for("1–3 of 3 matches"));
    REQUIRE(shell.wait_for(prompt));
    // A command completed, then run.
    shell.type("qu\t\r");
    int status = shell.wait_exit();
    INFO(shell.output());
    CHECK(status == 0);
  }
  // History persists, without the abandoned line.
  std::string saved = read_file(history);
  CHECK_THAT(saved, Catch::Contains("fashion\n"));
  CHECK_THAT(saved, Catch::Contains("country:US\n"));
  CHECK_THAT(saved, !Catch::Contains("tier:mi\n"));
  {
    Pty shell({mikros::test::mikros_binary(), "shell", "--db", db.path},
              {"MIKROS_HISTORY=" + history, "TERM=xterm"});
    REQUIRE(shell.wait_for(prompt));
    shell.type("\x1b[A");  // the last line of the previous session
    REQUIRE(shell.wait_for("quit"));
    shell.type("\x1b[A\r");  // the one before
    REQUIRE(shell.wait_for("1–3 of 3 matches"));
    REQUIRE(shell.wait_for(prompt));
    shell.type_when_settled("\x04");  // Ctrl-D on an empty line
    int status = shell.wait_exit();
    INFO(shell.output());
    CHECK(status == 0);
  }
}

TEST_CASE("on a terminal: colour, pictures and the width, unless NO_COLOR", "[cli][pty]") {
  Db db;
  const std::vector<std::string> facets = {
      mikros::test::mikros_binary(), "search", "--db", db.path, "--facets", "fashion"};
  {
    // A terminal: colour, facet bars, and the table cut to the terminal's width.
    Pty search(facets, {"TERM=xterm", "COLUMNS=40"});
    CHECK(search.wait_exit() == 0);
    INFO(search.output());
    CHECK_THAT(search.output(), Catch::Contains("\033[1m#"));
    CHECK_THAT(search.output(), Catch::Contains("█"));
    CHECK_THAT(search.output(), Catch::Contains("…"));
  }
  {
    // NO_COLOR: plain text on the same terminal.
    Pty plain(facets, {"TERM=xterm", "COLUMNS=40", "NO_COLOR=1"});
    CHECK(plain.wait_exit() == 0);
    INFO(plain.output());
    CHECK_THAT(plain.output(), !Catch::Contains("\033["));
    CHECK_THAT(plain.output(), !Catch::Contains("█"));
    CHECK_THAT(plain.output(), Catch::Contains("tier      micro 3"));
  }
  {
    // --color=never does the same; NO_COLOR="" does not count.
    Pty never(
        {mikros::test::mikros_binary(), "search", "--db", db.path, "--color=never", "fashion"},
        {"TERM=xterm"});
    CHECK(never.wait_exit() == 0);
    CHECK_THAT(never.output(), !Catch::Contains("\033["));
    Pty empty(facets, {"TERM=xterm", "NO_COLOR="});
    CHECK(empty.wait_exit() == 0);
    CHECK_THAT(empty.output(), Catch::Contains("\033["));
  }
}
