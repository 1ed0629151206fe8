// mikros: opening a database.
#ifndef MIKROS_DATABASE_HPP
#define MIKROS_DATABASE_HPP

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mikros/analytics.hpp"
#include "mikros/brand.hpp"
#include "mikros/export.hpp"
#include "mikros/profile.hpp"
#include "mikros/status.hpp"

namespace mikros {

// How to open a database. Plain struct; every field has a documented default.
// Thread-safety: a plain value type.
struct Options {
  // Create an empty database when `path` holds none. Default: true (ignored when read_only).
  bool create_if_missing = true;
  // Open for searching only: takes no lock, so any number of read-only handles (in this and
  // other processes) work beside one writer. Default: false.
  bool read_only = false;
  // Tier boundaries for a database created by this call. An existing database keeps the
  // boundaries it was created with (Database::tiers() tells which). They must not decrease
  // (micro <= mid <= macro <= mega), or open() returns kInvalidArgument.
  TierBoundaries tiers;
  // RocksDB block cache shared by all column families, in MiB. Default: 32.
  std::size_t block_cache_mb = 32;
  // The folder of mikros's data files (the hashtag dictionary words.lex and the niche
  // vocabulary niches.tsv, installed to <prefix>/share/mikros). Default: empty, meaning
  // $MIKROS_DATA_DIR when set, else found beside the library (../share/mikros from
  // libmikros.so, or from a program linked with libmikros.a), else the prefix mikros was
  // configured with. $MIKROS_LEXICON and $MIKROS_NICHES name the files themselves and override
  // this ("none": go without). Both are loaded once per process, by the first open: every
  // database of a process must use the same folder. A missing file fails the open.
  std::string data_dir;
};

// Counts over the whole database.
// Thread-safety: a plain value type.
struct Stats {
  std::uint64_t profiles = 0;
  std::uint64_t generation = 0;  // commits applied so far
  std::map<std::string, std::uint64_t> by_platform;
  std::map<std::string, std::uint64_t> by_tier;  // in tier order when printed by tier_name
  std::map<std::string, std::uint64_t> by_country;
};

// A profile judged against its peers (docs/analytics.md).
// Thread-safety: a plain value type.
struct ProfileInsights {
  std::string key;
  Tier tier = Tier::kNano;
  std::optional<double> engagement_rate;
  EngagementLabel engagement_label = EngagementLabel::kUnknown;
  std::optional<double> engagement_percentile;  // 0..100 among the peers
  double peer_median = 0;          // median engagement rate of the peers (platform, tier)
  bool peers_from_corpus = false;  // false: published figures (too few peers indexed)
  std::uint32_t peer_count = 0;    // peers with an engagement rate, when from the corpus
  std::optional<double> growth_monthly;
  bool spike = false;
  // The authenticity stored when the profile was indexed (what `auth:` filters on), and
  // whether it is mikros's estimate (true) or the profile's stated figure.
  std::optional<double> authenticity;
  bool authenticity_estimated = false;
  bool automated = false;  // flagged as automated when indexed
  // The authenticity of the stored profile explained, computed now (estimate_authenticity with
  // the tier and spike stored for it). Its `value` differs from `authenticity` only when the
  // profile was indexed by a mikros with another model: `mikros reindex` updates it.
  AuthenticityEstimate authenticity_explained;
};

// The key a brand is stored under (Database::put_brand): its name's folded words run together
// ("Café Verde" -> "cafeverde"). Thread-safe.
MIKROS_EXPORT std::string brand_key(std::string_view name);

// What Database::verify() checks and how.
// Thread-safety: a plain value type.
struct VerifyOptions {
  // Also rebuild every profile's text document from its stored profile and facets and compare
  // it term by term, position by position and value by value with the indexed one. Costs
  // about as much as indexing the profiles again. Default: false.
  bool deep = false;
  // Problems listed in VerifyReport::problems (all are counted). Default: 100.
  std::size_t max_problems = 100;
};

// The outcome of Database::verify().
// Thread-safety: a plain value type.
struct VerifyReport {
  std::string index;             // the active index directory, e.g. "index.000003"
  std::uint64_t generation = 0;  // of the text index
  std::uint64_t profiles = 0;    // documents in the text index
  // Interrupted batches this handle completed from the outbox when it was opened.
  std::uint64_t replayed = 0;
  // What is wrong, one sentence each, naming the profile id and key where there is one.
  std::vector<std::string> problems;
  std::uint64_t problem_count = 0;  // every problem found (problems lists the first ones)

  bool ok() const { return problem_count == 0; }
};

// The outcome of Database::compact().
// Thread-safety: a plain value type.
struct CompactReport {
  std::string index;               // the new active index directory, e.g. "index.000002"
  std::uint64_t generation = 0;    // the generation compacted (unchanged by compaction)
  std::uint64_t bytes_before = 0;  // the index directory on disk, before and after
  std::uint64_t bytes_after = 0;
  double seconds = 0;
};

// An open mikros database: a Xapian text index and a RocksDB store kept consistent.
//
// Directory layout (ROOT is the path given to open):
//   ROOT/CURRENT        names the active index directory; replaced atomically
//   ROOT/LOCK           flock'ed by the one writable handle (in any process)
//   ROOT/index.NNNNNN/  an index: xapian/, rocks/ and INUSE (shared-locked by every handle)
// A full rebuild (Indexer::rebuild) writes the next index.NNNNNN beside the active one and
// switches CURRENT; an index directory CURRENT no longer names is removed by the writer once no
// handle in any process holds it (at the switch, after later commits, at the next writable
// open).
//
// Thread-safety: all methods may be called concurrently from any number of threads, except
// moving or destroying the handle. Writes go through an Indexer (one at a time per database,
// see index.hpp). A Database is a cheap-to-move handle; Indexers and Searchers made from it
// share its state and keep it alive.
class MIKROS_EXPORT Database {
 public:
  // Opens (or creates, see Options) the database in directory `path`. A writable handle takes
  // the writer role (ROOT/LOCK) for its lifetime and completes any batch a crash interrupted.
  // Errors: kNotFound (no database and !create_if_missing, or read_only; or no hashtag
  // dictionary, see Options::data_dir), kBusy (another handle, in this or another process,
  // holds the writer role), kIncompatibleVersion (format written by another mikros version),
  // kCorruption (damaged CURRENT or index, or dictionary), kIOError, kInvalidArgument (a
  // data_dir other than the one this process loaded its dictionary from).
  static Result<Database> open(const std::string& path, const Options& options = {});

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

  // The stored profile with key "platform:handle" (handle case-insensitive).
  // Errors: kNotFound.
  Result<Profile> get(std::string_view key) const;

  // The profile's engagement against peers, growth, spikes and authenticity. Loads the facet
  // columns on first use (about half a second per million profiles). Errors: kNotFound.
  Result<ProfileInsights> insights(std::string_view key) const;

  // Number of profiles. Errors: the read's (kIOError, kCorruption) when the text index
  // cannot be read, so that a damaged database is not taken for an empty one.
  Result<std::uint64_t> count() const;
  // The same, with 0 for a read error: use count() where that matters.
  std::uint64_t size() const;
  // Generation of the last commit this handle sees.
  std::uint64_t generation() const;
  Result<Stats> stats() const;
  // Tier boundaries of the active index (a rebuild may change them).
  TierBoundaries tiers() const;
  const std::string& path() const;
  bool read_only() const;

  // Brands stored with the database, beside the index (a brand change is durable at once and
  // does not start a generation). put_brand and remove_brand need a writable handle.
  // put_brand validates the brand and replaces any brand of the same name (brand_key).
  Status put_brand(Brand brand);
  // Errors: kNotFound.
  Result<Brand> brand(std::string_view name) const;
  // Every stored brand, by key.
  Result<std::vector<Brand>> brands() const;
  // Errors: kNotFound.
  Status remove_brand(std::string_view name);

  // Picks up commits made since open by writers in other processes (read-only handles),
  // and moves to a new index when a rebuild in another process switched CURRENT. Searches
  // call it themselves; it returns quickly (one stat) when nothing changed.
  Status refresh();

  // Checks that the text index and the profile store agree: the same generation and
  // format version, no unfinished batch, the same profile ids, a stored profile and a
  // decodable facets row for every document, one handle per profile pointing at it, the
  // document's key term matching its handle, the table structure of both stores (Xapian's
  // check, RocksDB's block checksums). Runs between two commits: on a writable handle it holds
  // back commits meanwhile; on a read-only one it waits for the writer elsewhere to be between
  // batches. Problems go to the report; errors: kBusy (no quiet moment came), kIOError.
  Result<VerifyReport> verify(const VerifyOptions& options = {}) const;

  // Writes a consistent copy of the database to directory `dest` (which must not exist or be
  // empty): both stores at one generation between batches, fsynced, with CURRENT written
  // last. The copy opens as a database and passes verify(). Works on writable handles and on
  // read-only ones while a writer elsewhere runs. The copy shares no file with the database.
  // On error nothing of it is left (nor `dest`, if this call created it). Returns the
  // generation copied.
  // Errors: kInvalidArgument (dest not empty), kBusy, kIOError.
  Result<std::uint64_t> backup(const std::string& dest) const;

  // Rewrites the active index compactly as the next index directory and switches to it, as a
  // rebuild does: Xapian's compaction of every table with full blocks, and RocksDB's files
  // rewritten into its lower levels (zstd with dictionaries). Worth it after bulk loads, which
  // leave Xapian's blocks half full (`mikros index` and `mikros reindex` call it after a large
  // load): at 200,000 generated profiles the index shrank from 570 to 281 MiB in 18 s (after
  // 87 s of indexing; 1M: 2,456 to 1,389 MiB in 89 s). Searches go on meanwhile and move to
  // the new index on their next refresh; brand changes wait. Needs a writable handle and no
  // Indexer at work, and room for the new index beside the old one.
  // Errors: kInvalidArgument (read-only handle), kBusy (an Indexer is writing), kIOError.
  Result<CompactReport> compact();

  // Internal state, shared with Indexer and Searcher. Not part of the API.
  struct Impl;
  const std::shared_ptr<Impl>& impl() const { return impl_; }

 private:
  explicit Database(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace mikros

#endif  // MIKROS_DATABASE_HPP
