// The Lucene peer (docs/benchmarks.md, "Lucene"): tools/bench/lucene/MikrosLucenePeer.java,
// built into this program, compiled with javac into the working directory at run time and run
// as a child process with a fixed heap. Java is needed for this part of the benchmark only:
// without java, javac or the jars of Debian's liblucene8-java, the part is skipped with the
// reason in the report.
//
// The Java program gets the rows FTS5 gets (rows.h: the words mikros indexed, the facets) and
// each profile's JSON line as a stored field, as mikros stores the profile; it times its own
// indexing and each query (so the pipes between the processes are not in its figures).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "bench/bench.h"
#include "bench/lucene_source.h"
#include "bench/rows.h"
#include "mikros/profile.hpp"
#include "model/audience.h"

namespace mikros::bench {
namespace {

namespace fs = std::filesystem;

constexpr const char* kMainClass = "MikrosLucenePeer";
// Lucene's indexing buffer: what an engineer loading a corpus would give it (the default is
// 16 MB); well inside the default heap.
constexpr double kRamBufferMb = 256;
// Untimed JIT warm-up of the search process: the warm-up queries, repeated (3,000 query runs in
// all) for at most this long.
constexpr double kWarmSeconds = 20;

struct LuceneSetup {
  std::string java, javac;
  std::string jars;  // classpath of the Lucene jars
};

// `name` in $JAVA_HOME/bin, else on PATH; empty when not found.
std::string find_program(const std::string& name) {
  std::vector<std::string> dirs;
  if (const char* home = std::getenv("JAVA_HOME"); home && *home) {
    dirs.push_back(std::string(home) + "/bin");
  }
  if (const char* path = std::getenv("PATH")) {
    std::stringstream in(path);
    std::string dir;
    while (std::getline(in, dir, ':')) {
      if (!dir.empty()) dirs.push_back(dir);
    }
  }
  for (const auto& dir : dirs) {
    std::string p = dir + "/" + name;
    if (::access(p.c_str(), X_OK) == 0) return p;
  }
  return {};
}

// DIR/STEM.jar, else the last DIR/STEM-VERSION.jar by name (Debian installs versioned names);
// empty when there is none.
std::string find_jar(const std::string& dir, const std::string& stem) {
  std::error_code ec;
  if (fs::is_regular_file(dir + "/" + stem + ".jar", ec)) return dir + "/" + stem + ".jar";
  std::vector<std::string> found;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::end(it); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    // STEM-<digit>...: lucene-core-8.7.0.jar, not lucene-core-tests.jar
    if (name.size() > stem.size() + 5 && name.rfind(stem + "-", 0) == 0 &&
        std::isdigit(static_cast<unsigned char>(name[stem.size() + 1])) &&
        name.substr(name.size() - 4) == ".jar") {
      found.push_back(it->path().string());
    }
  }
  std::sort(found.begin(), found.end());
  return found.empty() ? std::string() : found.back();
}

// The programs and jars, or the reason the peer cannot run (a not-found status).
Result<LuceneSetup> find_lucene(const Config& c) {
  LuceneSetup s;
  s.java = find_program("java");
  s.javac = find_program("javac");
  if (s.java.empty() || s.javac.empty()) {
    return Status::not_found(
        "no java and javac on PATH or in $JAVA_HOME/bin (Debian: apt-get install "
        "default-jdk-headless)");
  }
  for (const char* stem : {"lucene-core", "lucene-analyzers-common"}) {
    std::string jar = find_jar(c.lucene_jars, stem);
    if (jar.empty()) {
      return Status::not_found(fmt::format(
          "no {}.jar in {} (Debian: apt-get install liblucene8-java; or --lucene-jars DIR)", stem,
          c.lucene_jars));
    }
    s.jars += (s.jars.empty() ? "" : ":") + jar;
  }
  return s;
}

std::string classes_dir(const Config& c) {
  return path_in(c, "lucene/classes");
}

// java -Xms -Xmx (fixed heap) -cp classes:jars MikrosLucenePeer ARGS...
std::vector<std::string> java_argv(const Config& c, const LuceneSetup& s,
                                   std::vector<std::string> args) {
  std::vector<std::string> argv = {s.java, "-Xms" + c.lucene_heap,        "-Xmx" + c.lucene_heap,
                                   "-cp",  classes_dir(c) + ":" + s.jars, kMainClass};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Compiles the built-in source into lucene/classes, unless the same source was compiled there
// against the same jars already (a kept --dir).
Status compile_peer(const Config& c, const LuceneSetup& s, nlohmann::json& out) {
  const std::string dir = path_in(c, "lucene");
  const std::string source = dir + "/" + kMainClass + ".java";
  const std::string stamp_path = dir + "/classes.stamp";
  const std::string stamp = s.javac + "\n" + s.jars + "\n";
  std::error_code ec;
  fs::create_directories(classes_dir(c), ec);
  if (ec) return Status::io_error(fmt::format("{}: {}", classes_dir(c), ec.message()));
  if (read_file(source) == kLucenePeerJava && read_file(stamp_path) == stamp &&
      fs::exists(classes_dir(c) + "/" + kMainClass + ".class")) {
    out["compile_seconds"] = 0;
    return Status::ok();
  }
  fs::remove(stamp_path, ec);
  {
    std::ofstream f(source, std::ios::trunc);
    f << kLucenePeerJava;
    if (!f) return Status::io_error(fmt::format("{}: write failed", source));
  }
  const double t0 = now_seconds();
  auto javac = PhaseChild::start_program(
      {s.javac, "-nowarn", "-cp", s.jars, "-d", classes_dir(c), source}, "javac");
  if (!javac) return javac.status();
  if (Status st = (*javac)->wait(); !st) return st;
  out["compile_seconds"] = now_seconds() - t0;
  // The program's codec (MikrosLucenePeer.PeerCodec), which Lucene looks up by name through the
  // service loader when it opens the index.
  const std::string services = classes_dir(c) + "/META-INF/services";
  fs::create_directories(services, ec);
  std::ofstream(services + "/org.apache.lucene.codecs.Codec", std::ios::trunc)
      << kMainClass << "$PeerCodec\n";
  std::ofstream f(stamp_path, std::ios::trunc);
  f << stamp;
  return Status::ok();
}

// Tabs and newlines separate the input's fields and rows; none occurs in mikros's words or in a
// JSON line, and a stray one becomes a space.
std::string field(std::string s) {
  std::replace_if(
      s.begin(), s.end(), [](char ch) { return ch == '\t' || ch == '\n'; }, ' ');
  return s;
}

// lucene/input.tsv: one row a profile, the fields MikrosLucenePeer.document() reads, the last
// one the profile's JSON line from the corpus (rows are in corpus order, one per line).
Status write_input(const Config& c, const std::vector<Row>& rows, const std::string& path) {
  std::ifstream corpus(path_in(c, "corpus.jsonl"), std::ios::binary);
  if (!corpus) return Status::io_error("corpus.jsonl: cannot open");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  std::string line;
  for (const Row& r : rows) {
    do {
      if (!std::getline(corpus, line)) {
        return Status::internal("corpus.jsonl has fewer profiles than prep/fts5_rows.bin");
      }
    } while (line.empty());
    std::string audience;
    for (const auto& [code, level] : r.audience_countries) {
      audience += fmt::format("{}{}:{}", audience.empty() ? "" : " ", code, int{level});
    }
    out << field(r.key) << '\t' << field(r.country) << '\t' << tier_name(r.tier) << '\t'
        << r.followers << '\t'
        << (std::isnan(r.engagement) ? std::string() : fmt::format("{:.17g}", r.engagement)) << '\t'
        << int{r.female} << '\t' << audience << '\t' << field(r.name) << '\t' << field(r.bio)
        << '\t' << field(r.hashtags) << '\t' << field(r.categories) << '\t' << field(line) << '\n';
  }
  out.close();
  if (!out) return Status::io_error(fmt::format("{}: write failed", path));
  return Status::ok();
}

// A query as the Java program reads it (MikrosLucenePeer.Search.build): the mix, the words, the
// country, then the engagement bounds as the doubles mikros's parser reads, or for the audience
// mix the levels of the country share and of the female share.
std::string query_line(const QuerySpec& q) {
  std::string a = "-", b = "-";
  if (q.mix == "audience") {
    a = std::to_string(share_level(percent_value(q.lo_pct)));
    b = std::to_string(share_level(percent_value(q.hi_pct)));
  } else if (q.mix != "text") {
    a = fmt::format("{:.17g}", percent_value(q.lo_pct));
    b = fmt::format("{:.17g}", percent_value(q.hi_pct));
  }
  return fmt::format("{}\t{}\t{}\t{}\t{}\t{}", q.mix, q.word1, q.word2, q.country, a, b);
}

// lucene/warm.tsv: the warm-up queries of every mix the peers run.
Status write_warmup(const Config& c, const std::string& path) {
  auto queries = read_queries(path_in(c, "prep/queries.tsv"));
  if (!queries) return queries.status();
  std::map<std::string, std::size_t> taken;
  std::ofstream out(path, std::ios::trunc);
  for (const auto& q : *queries) {
    auto mix = std::find_if(mixes().begin(), mixes().end(),
                            [&](const MixInfo& m) { return q.mix == m.name; });
    if (mix == mixes().end() || !mix->peers || taken[q.mix]++ >= c.warmup) continue;
    out << query_line(q) << '\n';
  }
  out.close();
  if (!out) return Status::io_error(fmt::format("{}: write failed", path));
  return Status::ok();
}

// One JSON line from the Java program.
Result<nlohmann::json> receive_json(PhaseChild& java) {
  auto line = java.receive();
  if (!line) return line.status();
  try {
    return nlohmann::json::parse(*line);
  } catch (const nlohmann::json::exception& e) {
    return Status::internal(fmt::format("Lucene peer: \"{}\": {}", *line, e.what()));
  }
}

// "total returned wall_ns cpu_ns" and the hits' keys, tab-separated.
Status parse_answer(const std::string& line, QueryOutcome& o) {
  std::istringstream in(line.substr(0, line.find('\t')));
  double wall_ns = 0, cpu_ns = 0;
  if (!(in >> o.total >> o.returned >> wall_ns >> cpu_ns)) {
    return Status::internal(fmt::format("Lucene peer: bad answer \"{}\"", line));
  }
  o.wall_ms = wall_ns / 1e6;
  o.cpu_ms = cpu_ns / 1e6;
  for (std::size_t tab = line.find('\t'); tab != std::string::npos;) {
    const std::size_t next = line.find('\t', tab + 1);
    o.keys.push_back(line.substr(tab + 1, next == std::string::npos ? next : next - tab - 1));
    tab = next;
  }
  return Status::ok();
}

}  // namespace

Status compile_lucene_peer(const Config& c, nlohmann::json& out) {
  auto setup = find_lucene(c);
  if (!setup) return setup.status();
  return compile_peer(c, *setup, out);
}

std::string lucene_unavailable(const Config& c) {
  auto s = find_lucene(c);
  return s ? std::string() : s.status().message();
}

Status part_lucene(Run& run) {
  const Config& c = run.config;
  auto setup = find_lucene(c);
  if (!setup) {
    std::cerr << "bench: lucene: skipped: " << setup.status().message() << std::endl;
    run.results["index"]["lucene"] = {{"skipped", setup.status().message()}};
    return Status::ok();
  }
  if (Status st = ensure_prepared(run); !st) return st;
  std::cerr << "bench: lucene: compiling the Lucene peer and building its index" << std::endl;
  nlohmann::json compile;
  if (Status st = compile_lucene_peer(c, compile); !st) return st;
  auto r = spawn_phase(c, "lucene-build");
  if (!r) return r.status();
  (*r)["compile_seconds"] = compile["compile_seconds"];
  run.results["index"]["lucene"] = *r;
  return Status::ok();
}

Status run_lucene_build(const Config& c, nlohmann::json& out) {
  auto setup = find_lucene(c);
  if (!setup) return setup.status();
  auto rows = load_rows(path_in(c, "prep/fts5_rows.bin"));
  if (!rows) return rows.status();
  if (Status st = words_from_mikros(c, *rows, out); !st) return st;
  const std::string input = path_in(c, "lucene/input.tsv");
  if (Status st = write_input(c, *rows, input); !st) return st;
  const std::string index = path_in(c, "lucene.index");
  std::error_code ec;
  fs::remove_all(index, ec);
  auto java = PhaseChild::start_program(
      java_argv(c, *setup, {"index", input, index, fmt::format("{}", kRamBufferMb)}),
      "Lucene peer (index)");
  if (!java) return java.status();
  auto result = receive_json(**java);
  if (!result) return result.status();
  if (Status st = (*java)->wait(); !st) return st;
  fs::remove(input, ec);  // as large as the corpus
  const double seconds = result->value("seconds", 0.0);
  out.update(*result);
  out["profiles_per_s"] = static_cast<double>(rows->size()) / seconds;
  out["size_bytes"] = disk_bytes(index);
  out["heap"] = c.lucene_heap;
  out["stores"] = "the key and the profile's JSON line";
  return Status::ok();
}

Status run_search_lucene(const Config& c, nlohmann::json& out) {
  auto setup = find_lucene(c);
  if (!setup) return setup.status();
  const std::string warm = path_in(c, "lucene/warm.tsv");
  if (Status st = write_warmup(c, warm); !st) return st;
  auto java = PhaseChild::start_program(
      java_argv(c, *setup,
                {"search", path_in(c, "lucene.index"), warm, fmt::format("{}", kWarmSeconds)}),
      "Lucene peer (search)");
  if (!java) return java.status();
  auto ready = (*java)->receive();
  if (!ready) return ready.status();
  if (*ready != "ready") return Status::internal("Lucene peer: unexpected \"" + *ready + "\"");
  auto run = [&](const QuerySpec& q, QueryOutcome& o) -> Status {
    if (Status st = (*java)->send(query_line(q)); !st) return st;
    auto answer = (*java)->receive();
    if (!answer) return answer.status();
    return parse_answer(*answer, o);
  };
  if (Status st = serve_query_turns(c, run, out); !st) return st;
  if (Status st = (*java)->send("stats"); !st) return st;
  auto stats = receive_json(**java);
  if (!stats) return stats.status();
  if (Status st = (*java)->wait(); !st) return st;
  out.update(*stats);
  out["heap"] = c.lucene_heap;
  out["returns_per_hit"] =
      "the key and the stored profile (its JSON line, read, not parsed); no insights";
  out["warmup_seconds_at_most"] = kWarmSeconds;
  return Status::ok();
}

}  // namespace mikros::bench
