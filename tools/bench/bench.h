// mikros-bench (`mikros bench`): mikros against two peers, SQLite FTS5 and Lucene, and against the
// ceiling of Xapian's own writer, on one generated corpus, in one run (docs/benchmarks.md).
//
// The run is a parent process (the orchestrator, `mikros-bench`) that starts one child process
// per phase (`mikros-bench bench-phase NAME`: posix_spawn of the same program), so that each
// phase's peak memory is its own and no process forks after RocksDB is open. Phases talk to the
// parent through files in the working directory: each writes a JSON result to the path given by
// --out.
//
// Files in the working directory:
//   corpus.jsonl          the generated profiles (as mikros-generate --count N --seed S)
//   corpus.stamp          "count seed" of corpus.jsonl, so a later run can reuse it
//   prep/terms.bin        every profile's Xapian document as mikros builds it (ceiling input)
//   prep/fts5_rows.bin    every profile's FTS5 row: the words mikros indexes, and the facets
//   prep/queries.tsv      the query mixes, drawn from the corpus
//   mikros.db/            the mikros index
//   fts5.sqlite           the SQLite FTS5 baseline
//   lucene/               the Lucene peer's program (compiled here) and scratch files
//   lucene.index/         the Lucene peer's index
//   ceiling1.db/          the Xapian ceiling, one writer
//   ceiling2.shardN/      the two-process ceiling's shards, compacted into ceiling2.db/
//   *.json                each phase's result
#ifndef MIKROS_TOOLS_BENCH_BENCH_H
#define MIKROS_TOOLS_BENCH_BENCH_H

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mikros/status.hpp"

namespace mikros::bench {

// What one run measures and how. Every field is a command-line option of `mikros-bench`.
struct Config {
  std::uint64_t count = 200'000;       // profiles in the corpus
  std::uint64_t seed = 42;             // corpus (and query) seed
  std::size_t queries = 1000;          // timed queries per mix
  std::size_t warmup = 20;             // untimed queries run before each mix
  std::string dir;                     // working directory (see above)
  std::size_t ceiling_batch = 10'000;  // documents per Xapian commit in the ceiling runs
  std::size_t fts5_batch = 10'000;     // rows per SQLite transaction
  // FTS5 tokenizer. FTS5 is given the words mikros's analyzer produced, separated by spaces;
  // "categories" makes every character but spaces and controls part of a word, so that each
  // mikros word is exactly one FTS5 token and both engines match the same words.
  std::string fts5_tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M* P* S*'";
  std::string brand_file;  // brand for the brand mix; empty: corpus/brands/verde-boho.json
  // Profiles for the analysis part; empty: synthesised multilingual ones
  // (tools/bench/analysis.cpp).
  std::string analysis_input;
  // The Lucene peer (lucene.cpp): the folder holding lucene-core and lucene-analyzers-common
  // jars (Debian's liblucene8-java), and the JVM's heap, fixed (-Xms = -Xmx).
  std::string lucene_jars = "/usr/share/java";
  std::string lucene_heap = "1g";
};

// ---- paths in the working directory ----
std::string path_in(const Config& c, std::string_view name);

// ---- measuring ----

// Seconds on a monotonic clock.
double now_seconds();
// Peak resident set of this process in bytes: VmHWM from /proc/self/status, which belongs to
// the process's own address space (getrusage's ru_maxrss would also count the pages of the
// parent at exec).
std::uint64_t peak_rss_bytes();
// Sum of the sizes of the regular files under `path` (or of `path` itself), in bytes.
std::uint64_t disk_bytes(const std::string& path);
// Reads every file under `path` once (so that it is in the page cache); the bytes read.
std::uint64_t read_through(const std::string& path);
// The 1-minute load average, or -1 when unknown.
double load_average();

// Latency distribution of one query mix, in milliseconds. A percentile interpolates linearly
// between the two order statistics around it (docs/benchmarks.md, "Peak memory, CPU time and
// load").
struct Latency {
  double p50 = 0, p90 = 0, p99 = 0, mean = 0, max = 0;
};
Latency summarize(std::vector<double> ms);
nlohmann::json to_json(const Latency& l);

// A deterministic 64-bit generator (splitmix64), the same on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  // Uniform in [0, n), n > 0.
  std::uint64_t below(std::uint64_t n);

 private:
  std::uint64_t state_;
};

// ---- the query mixes (prep.cpp writes them, the search phases read them) ----

// One query of a mix. `lo_pct`/`hi_pct` bound the engagement rate in percent, written as in the
// query language ("2" -> er:2%..), so both engines filter on the same doubles.
struct QuerySpec {
  std::string mix;  // docpair, text, rare, filters, brand, audience
  std::string word1, word2;
  std::string country;
  // The engagement range in percent; in the audience mix, the least share of the audience in
  // `country` and the least female share.
  std::string lo_pct, hi_pct;
};
// The mixes in report order, with what each one is.
struct MixInfo {
  const char* name;
  const char* label;
  bool peers;  // also run on the peers (FTS5, Lucene)
};
const std::vector<MixInfo>& mixes();
Result<std::vector<QuerySpec>> read_queries(const std::string& path);
// "2" -> 0.02, exactly as the query language's parser reads "2%".
double percent_value(const std::string& pct);

// The child side of the query phases. The parent sends "MIX FIRST COUNT" lines; for each, the
// child runs timed queries FIRST..FIRST+COUNT-1 of the mix (after its warm-up queries, the first
// time the mix comes up) and answers "done". The two engines' processes take turns this way, so
// both are measured under the same load. At the end of input, out["mixes"] gets each mix's
// latency (wall clock and the thread's CPU time) and its per-query hit counts.
struct QueryOutcome {
  double wall_ms = 0;          // the timed part of the query
  double cpu_ms = 0;           // CPU time of the thread over the same part
  std::uint64_t returned = 0;  // hits returned (at most 20)
  std::uint64_t total = 0;     // matching profiles
  // The hits' keys in order, from engines that return keys (mikros, Lucene): compared between
  // them after the run (report.cpp).
  std::vector<std::string> keys;
};
using QueryFn = std::function<Status(const QuerySpec&, QueryOutcome&)>;
Status serve_query_turns(const Config& c, const QueryFn& run, nlohmann::json& out);

// ---- the phases (each runs in its own child process) ----

// Reads the corpus once, untimed: writes the ceiling's documents, the FTS5 rows and the queries.
Status run_prep(const Config& c, nlohmann::json& out);
// Builds the mikros index with Indexer::read_file, as `mikros index` does. Timed.
Status run_index(const Config& c, nlohmann::json& out);
// Builds the FTS5 baseline. Timed.
Status run_fts5_build(const Config& c, nlohmann::json& out);
// Xapian ceiling, one writer. Timed (writing only).
Status run_ceiling_one(const Config& c, nlohmann::json& out);
// One shard of the two-process ceiling: loads its share, says "ready" on stdout, waits for a
// byte on stdin, writes.
Status run_ceiling_shard(const Config& c, int part, int parts, nlohmann::json& out);
// The query mixes on mikros / on FTS5.
Status run_search_mikros(const Config& c, nlohmann::json& out);
Status run_search_fts5(const Config& c, nlohmann::json& out);
// The Lucene peer (lucene.cpp): builds its index with the Java program, timed by the program;
// runs the query mixes through it.
Status run_lucene_build(const Config& c, nlohmann::json& out);
Status run_search_lucene(const Config& c, nlohmann::json& out);
// Why the Lucene peer cannot run here (no java or javac, no jars), or empty when it can.
std::string lucene_unavailable(const Config& c);
// Compiles the Lucene peer into the working directory unless this source is compiled there
// already (the query part calls it too: a kept --dir may hold an older program).
Status compile_lucene_peer(const Config& c, nlohmann::json& out);

// Dispatches a phase by name and writes its result (with its peak memory) to `out_path`.
// Returns the process exit status.
int run_phase(const std::string& phase, const Config& c, int part, int parts,
              const std::string& out_path);

// ---- the orchestrator (runs in `mikros-bench`) ----

// Runs `mikros-bench bench-phase PHASE` in a child process and returns its JSON result (which it
// also leaves in PHASE.json).
Result<nlohmann::json> spawn_phase(const Config& c, const std::string& phase);
// A JSON file, such as a phase's result.
Result<nlohmann::json> read_result(const std::string& path);

// A phase child that takes turns with the parent over a line protocol on its standard input and
// output (the ceiling's shards start together; the two search processes alternate). The child
// side uses wait_for_turn() and say().
class PhaseChild {
 public:
  static Result<std::unique_ptr<PhaseChild>> start(const Config& c, const std::string& phase,
                                                   const std::string& result_name,
                                                   const std::vector<std::string>& extra = {});
  ~PhaseChild();  // a child not finished is waited for after its input is closed
  PhaseChild(const PhaseChild&) = delete;
  PhaseChild& operator=(const PhaseChild&) = delete;

  // Sends one line (without its newline).
  Status send(const std::string& line);
  // Reads one line the child said; an error when it exited instead.
  Result<std::string> receive();
  // Closes the child's input (its signal to finish), waits for it and returns its result.
  Result<nlohmann::json> finish();

  // Any program (argv[0] a path) with the same pipes on its standard input and output; `what`
  // names it in errors. Its end: wait().
  static Result<std::unique_ptr<PhaseChild>> start_program(const std::vector<std::string>& argv,
                                                           const std::string& what);
  // Closes the child's input, waits for it; an error unless it exited with status 0.
  Status wait();

 private:
  PhaseChild() = default;
  void close_pipes();
  std::string what_;
  std::string result_path_;
  int pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
};

// Child side: the next line from the parent (false at the end of input), and a line to it.
bool wait_for_turn(std::string& line);
Status say(const std::string& line);

// CPU seconds (user + system) of this process so far, all threads; of the calling thread.
double process_cpu_seconds();
double thread_cpu_seconds();

// Writes the corpus unless corpus.stamp says it is already there with this count and seed.
Status ensure_corpus(const Config& c, nlohmann::json& out);
// The two-process ceiling: two shard children in parallel, then compaction into one database.
Status run_ceiling_two(const Config& c, nlohmann::json& out);

// ---- the parts of a run (tools/bench/main.cpp lists them; --only picks some) ----

// One run of `mikros-bench`: its configuration and everything measured so far. `results` holds
// the keys documented in docs/benchmarks.md ("JSON keys").
struct Run {
  Config config;
  nlohmann::json results = nlohmann::json::object();
  // Text a part prints after the tables, as (title, body), for parts whose figures the common
  // tables do not show; their JSON goes to results[part name].
  std::vector<std::pair<std::string, std::string>> sections;
  bool prepared = false;  // corpus written and prep phase done in this run
};
// The corpus and the prep phase, once per run (parts call it; cheap the second time).
Status ensure_prepared(Run& run);
// results["analysis"]: text analysis on one thread (profiles/s, tokens/s, segmentation cost).
Status part_analysis(Run& run);
// results["index"]["mikros"]: the mikros index (profiles/s, size, peak memory).
Status part_index(Run& run);
// results["index"]["fts5"]: the FTS5 baseline.
Status part_fts5(Run& run);
// results["index"]["ceiling"]: the raw-Xapian ceiling, one writer and two processes.
Status part_ceiling(Run& run);
// results["index"]["lucene"]: the Lucene peer (compiled and run with Java), or why it was
// skipped ("skipped": the reason).
Status part_lucene(Run& run);
// results["query"]: the query mixes on mikros, on FTS5 and, when its index is in --dir, on
// Lucene (needs mikros's and FTS5's databases in --dir, built by the index and fts5 parts in
// this or an earlier run with the same corpus).
Status part_query(Run& run);

// Samples the 1-minute load average every few seconds while the run lasts (a background
// thread); results["load_average"] gets start, end, max and mean.
class LoadSampler {
 public:
  LoadSampler();
  ~LoadSampler();
  LoadSampler(const LoadSampler&) = delete;
  LoadSampler& operator=(const LoadSampler&) = delete;
  // Stops sampling and returns the summary.
  nlohmann::json finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The setup of the run: date, machine, versions, corpus.
nlohmann::json describe_setup(const Config& c);

// The report: derived ratios and target verdicts added to `results`, then printed.
void add_comparisons(nlohmann::json& results);
void print_report(std::ostream& out, const nlohmann::json& results);

}  // namespace mikros::bench

#endif  // MIKROS_TOOLS_BENCH_BENCH_H
