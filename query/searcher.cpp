// Searcher: runs compiled queries on a leased Xapian reader and assembles the hits.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <list>
#include <optional>
#include <thread>

#include "analysis/document.h"
#include "analysis/vocabulary.h"
#include "analytics/peers.h"
#include "mikros/search.hpp"
#include "model/facets.h"
#include "model/metrics.h"
#include "query/alignment.h"
#include "query/column_match.h"
#include "query/column_scan.h"
#include "query/compile.h"
#include "storage/database_impl.h"
#include "storage/layout.h"
#include "storage/store.h"

namespace mikros {

namespace {

constexpr std::size_t kMaxResults = 10'000;
// A reader that loses its revision to a writer's later commits (Xapian keeps the blocks of one
// older revision) is reopened at the newest and the search retried, this many times: a search
// fails only when writers commit twice within each of that many runs of it in a row. 4 was too
// few for 8 searching threads beside a writer committing about every 200 ms under ASan on 2 cores
// (3 failures in 2,282 searches).
constexpr int kMaxAttempts = 32;
// Brands whose text matches and points are kept per Searcher (matching a brand's words costs one
// pass over their postings per index revision, its points one pass over the columns).
constexpr std::size_t kBrandCacheSize = 8;

std::uint64_t xapian_generation(const Xapian::Database& db) {
  std::string g = db.get_metadata(layout::kMetaGeneration);
  return g.empty() ? 0 : std::strtoull(g.c_str(), nullptr, 10);
}

// The facet columns of the generation the reader sees. A commit reaches the text index before
// the columns (store.h, steps 2 and 3), so a search that starts in between waits a moment for
// them; a reader behind the columns is reopened. After about 50 ms the search goes on with what
// it has: the counts and labels of the profiles that commit changed may then be one commit off.
Result<std::shared_ptr<const Columns>> columns_for(const store::Store& store,
                                                   store::Store::Reader& reader) {
  for (int attempt = 0;; ++attempt) {
    const std::uint64_t gen = xapian_generation(reader.db());
    auto columns = store.columns();
    if (!columns) return columns.status();
    const std::uint64_t have = (*columns)->generation();
    if (have == gen || attempt >= 50) return columns;
    if (have > gen) {
      reader.reopen();
    } else {
      if (Status st = store.catch_up(gen); !st) return st;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
}

// The weight a document gets from one clause alone: the clause filtered to that document.
double clause_weight(Xapian::Database& db, const Xapian::Query& clause, const std::string& key) {
  Xapian::Enquire enquire(db);
  enquire.set_query(
      Xapian::Query(Xapian::Query::OP_FILTER, clause, Xapian::Query(vocab::key_term(key))));
  Xapian::MSet m = enquire.get_mset(0, 1);
  return m.empty() ? 0.0 : m.begin().get_weight();
}

std::vector<ScorePart> score_parts(Xapian::Database& db, const query::Compiled& compiled,
                                   const std::string& key) {
  std::vector<ScorePart> parts;
  for (const auto& [clause, q] : compiled.parts) {
    double w = clause_weight(db, q, key);
    if (w > 0) parts.push_back({clause, w});
  }
  return parts;
}

std::string explanation(const Query& query, const query::Compiled& compiled,
                        const Xapian::Query& run, SortOrder sort, const Brand* brand,
                        double shift) {
  std::string ranking;
  switch (sort) {
    case SortOrder::kAlignment:
      ranking = fmt::format(
          "brand {}: alignment points + {} x BM25 text relevance (Xapian weighs (points + "
          "{:.2f}) / {} + BM25); each hit's `why` gives the parts",
          brand ? brand->name : "", brand ? brand->weights.relevance : 0.0, shift,
          brand ? brand->weights.relevance : 0.0);
      break;
    case SortOrder::kRelevance:
      ranking = "BM25 text relevance; a hit's score is the sum of its clauses' weights";
      break;
    case SortOrder::kFollowers:
      ranking = compiled.scoring ? "followers, most first (then BM25)"
                                 : "followers, most first (a query of filters only)";
      break;
    case SortOrder::kEngagement:
      ranking = "engagement rate, highest first (then BM25)";
      break;
    case SortOrder::kGrowth:
      ranking = "monthly growth, fastest first (then BM25)";
      break;
  }
  std::string out = fmt::format("query: {}\nxapian: {}\nranking: {}", query.describe(),
                                run.get_description(), ranking);
  for (const auto& note : compiled.notes) out += "\n" + note;
  return out;
}

}  // namespace

namespace {

// The time limit of a search that counts its matches (QueryLimits::max_time_ms): a filter that
// passes every document until the time is up, and then ends, which ends the match.
//
// Not Xapian's Enquire::set_time_limit: in Xapian 1.4.22 its POSIX timer notifies on a thread
// of its own, which writes `true` into the matcher's stack frame, and timer_delete does not
// wait for a notification already under way. One that fires as a search ends writes into
// whatever that stack holds next: a later search stopped early, or (under AddressSanitizer, in
// the time-limit test) a crash inside Xapian's next get_mset.
//
// Checked after every match the rest of the query yields (check() and skip_to(); it never
// drives: as many matches as documents), reading the clock every 64 of them. Documents are
// matched in pid order, so the pid it stopped at tells how much of the index was covered.
//
// Thread-safety: one search at a time.
class DeadlineSource : public Xapian::PostingSource {
 public:
  explicit DeadlineSource(std::chrono::steady_clock::time_point deadline)
      : state_(std::make_shared<State>()) {
    state_->deadline = deadline;
  }

  void init(const Xapian::Database& db) override {
    did_ = 0;
    last_ = db.get_lastdocid();
    docs_ = db.get_doccount();
    set_maxweight(0);
  }
  Xapian::doccount get_termfreq_min() const override { return docs_; }
  Xapian::doccount get_termfreq_est() const override { return docs_; }
  Xapian::doccount get_termfreq_max() const override { return docs_; }
  double get_weight() const override { return 0; }
  Xapian::docid get_docid() const override { return did_; }
  void next(double min_wt) override { skip_to(did_ + 1, min_wt); }
  void skip_to(Xapian::docid did, double) override {
    if (did <= did_) return;
    did_ = did;
    if ((++state_->calls & 63) == 0 && std::chrono::steady_clock::now() >= state_->deadline) {
      state_->expired = true;
    }
    if (!state_->expired) state_->reached = did;
  }
  bool check(Xapian::docid did, double min_wt) override {
    skip_to(did, min_wt);
    return true;
  }
  bool at_end() const override { return state_->expired || did_ > last_; }
  DeadlineSource* clone() const override { return new DeadlineSource(state_); }
  std::string get_description() const override { return "mikros::DeadlineSource"; }

  // Whether the time ran out before the match ended.
  bool expired() const { return state_->expired; }
  // The last pid matched in time.
  Xapian::docid reached() const { return state_->reached; }

 private:
  // Shared with clones, so the search sees what the matcher's copy saw.
  struct State {
    std::chrono::steady_clock::time_point deadline;
    std::uint64_t calls = 0;
    bool expired = false;
    Xapian::docid reached = 0;
  };
  explicit DeadlineSource(std::shared_ptr<State> state) : state_(std::move(state)) {}

  std::shared_ptr<State> state_;
  Xapian::docid did_ = 0;
  Xapian::docid last_ = 0;
  Xapian::doccount docs_ = 0;
};

// The hits' stored profiles and keys. A key comes from its stored profile (verify checks that
// it is the document's); the document data in the text index is read only where the profile is
// missing or does not parse: reading it for every hit cost about 20 us a hit at 1M profiles
// (a B-tree lookup in Xapian's record table), a tenth of a text query's time at p50.
struct LoadedHits {
  std::vector<std::string> keys;
  std::vector<std::optional<Profile>> profiles;
  std::vector<bool> stored;  // whether a stored profile was found, parsed or not
};

Status load_hits(const store::Store& store, Xapian::Database& db,
                 const std::vector<Xapian::docid>& pids, LoadedHits* out) {
  std::vector<std::optional<std::string>> jsons;
  if (Status st = store.read_profiles(std::vector<std::uint32_t>(pids.begin(), pids.end()), &jsons);
      !st) {
    return st;
  }
  out->keys.assign(pids.size(), std::string());
  out->profiles.assign(pids.size(), std::nullopt);
  out->stored.assign(pids.size(), false);
  for (std::size_t i = 0; i < pids.size(); ++i) {
    out->stored[i] = jsons[i].has_value();
    if (jsons[i]) {
      if (auto profile = parse_profile(*jsons[i])) out->profiles[i] = std::move(*profile);
    }
    out->keys[i] =
        out->profiles[i] ? profile_key(*out->profiles[i]) : db.get_document(pids[i]).get_data();
  }
  return Status::ok();
}

}  // namespace

struct Searcher::Impl {
  std::shared_ptr<Database::Impl> db;

  // (brand JSON, index path, revision) -> matches, and the points for the last columns
  // snapshot a search used with them; most recently used first. The snapshot is held weakly
  // (the scorer, which holds it, is made per search): a cached brand must not keep old columns
  // alive.
  struct CachedBrand {
    std::string key;
    std::shared_ptr<const query::BrandMatches> matches;
    std::weak_ptr<const Columns> points_columns;
    std::shared_ptr<const query::BrandPoints> points;
  };
  std::mutex cache_mu;
  std::list<CachedBrand> cache;  // guarded by cache_mu

  // The entry of `key`, moved to the front, or cache.end(). Call with cache_mu held.
  std::list<CachedBrand>::iterator find_brand(const std::string& key) {
    auto it = std::find_if(cache.begin(), cache.end(), [&](const auto& e) { return e.key == key; });
    if (it != cache.end()) cache.splice(cache.begin(), cache, it);
    return it;
  }

  // What ranking by `brand` needs: its scorer over `columns`, and the points of every profile.
  struct BrandScoring {
    std::shared_ptr<const query::AlignmentScorer> scorer;
    std::shared_ptr<const query::BrandPoints> points;
  };
  Result<BrandScoring> brand_scoring(Xapian::Database& xdb, const store::Store& store,
                                     const Brand& brand, std::shared_ptr<const Columns> columns) {
    std::string key = fmt::format("{}\n{}\n{}", to_json(brand), store.dir(), xdb.get_revision());
    std::shared_ptr<const query::BrandMatches> matches;
    BrandScoring out;
    {
      std::lock_guard lock(cache_mu);
      if (auto it = find_brand(key); it != cache.end()) {
        matches = it->matches;
        if (it->points_columns.lock() == columns) out.points = it->points;
      }
    }
    if (!matches) {
      auto built = query::BrandMatches::build(xdb, brand);
      if (!built) return built.status();
      matches = std::move(*built);
    }
    out.scorer = std::make_shared<query::AlignmentScorer>(brand, matches, columns);
    if (out.points) return out;
    // Built outside the lock (hundreds of milliseconds at 1M profiles); two searches that
    // miss at once both build, and the last one's points stay.
    out.points = std::make_shared<const query::BrandPoints>(*out.scorer);
    std::lock_guard lock(cache_mu);
    auto it = find_brand(key);
    if (it == cache.end()) {
      cache.push_front({key, matches, {}, {}});
      it = cache.begin();
      if (cache.size() > kBrandCacheSize) cache.pop_back();
    }
    it->points_columns = columns;
    it->points = out.points;
    return out;
  }
};

Searcher::Searcher(const Database& db) : impl_(std::make_unique<Impl>()) {
  impl_->db = db.impl();
}
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;
Searcher::~Searcher() = default;

Result<SearchResult> Searcher::search(std::string_view text, const SearchOptions& options) const {
  auto parsed = Query::parse(text, options.limits);
  if (!parsed) return parsed.status();
  auto result = search(*parsed, options);
  if (result) result->query = std::string(text);
  return result;
}

Result<SearchResult> Searcher::search(const Query& query, const SearchOptions& options) const {
  std::size_t limit = query.result_limit().value_or(options.limit);
  if (limit > kMaxResults || options.offset > kMaxResults) {
    return Status::limit_exceeded(
        fmt::format("at most {} results per search (limit + offset)", kMaxResults));
  }
  if (Status st = impl_->db->refresh(); !st) return st;
  auto store = impl_->db->store();
  const double max_ms = options.limits.max_time_ms;

  std::optional<Brand> brand = options.brand;
  if (!brand && !query.brand_name().empty()) {
    auto stored = load_brand(*impl_->db, query.brand_name());
    if (!stored) return stored.status();
    brand = std::move(*stored);
  }
  if (query.sort_order() == SortOrder::kAlignment && !brand) {
    return Status::invalid_argument("sort:alignment needs a brand (brand:NAME)");
  }
  // A query of filters only, listed by followers, is answered from the facet columns when
  // they match the text index's snapshot (column_scan.h).
  const bool scan_eligible = !brand &&
                             (query.sort_order() == SortOrder::kRelevance ||
                              query.sort_order() == SortOrder::kFollowers) &&
                             query::ColumnScan::eligible(query);
  const bool want_columns =
      options.facets || options.insights || brand || query::needs_columns(query) || scan_eligible;

  SearchResult result;
  result.query = query.describe();
  if (brand) result.brand = brand->name;
  std::vector<Xapian::docid> pids;
  std::vector<double> weights;
  LoadedHits loaded;
  std::shared_ptr<const Columns> columns;
  std::shared_ptr<const query::AlignmentScorer> scorer;
  double shift = 0;
  bool scoring = false;
  std::uint64_t snapshot_generation = 0;
  for (int attempt = 1;; ++attempt) {
    auto reader = store->reader();
    if (!reader) return reader.status();
    try {
      Xapian::Database& db = reader->db();
      columns.reset();
      if (want_columns) {
        auto c = columns_for(*store, *reader);
        if (!c) return c.status();
        columns = std::move(*c);
      }
      snapshot_generation = xapian_generation(db);
      const bool current = columns && columns->generation() == snapshot_generation;
      if (scan_eligible && current) {
        const query::ColumnScan scan = query::ColumnScan::build(query, *columns);
        std::unique_ptr<query::FacetCounter> counter;
        if (options.facets) counter = std::make_unique<query::FacetCounter>(columns);
        auto outcome = scan.run(*columns, db, options.offset, limit, counter.get());
        result.total = outcome.total;
        result.total_exact = true;
        if (counter) result.facets = counter->counts();
        pids.assign(outcome.pids.begin(), outcome.pids.end());
        weights.assign(pids.size(), 0.0);
        if (Status st = load_hits(*store, db, pids, &loaded); !st) return st;
        scoring = false;
        result.hits.clear();
        if (options.explain) {
          result.explanation = fmt::format(
              "query: {}\nxapian: none: a query of filters only, answered from the facet "
              "columns (one pass over the rows)\nranking: followers, most first",
              query.describe());
          result.hits.resize(pids.size());
        }
        break;
      }
      auto compiled = query::compile(query, {&db, store.get(), columns, current});
      if (!compiled) return compiled.status();
      scoring = compiled->scoring;

      SortOrder sort = query.sort_order();
      if (brand && sort == SortOrder::kRelevance) sort = SortOrder::kAlignment;
      if (sort == SortOrder::kRelevance && !scoring) sort = SortOrder::kFollowers;

      Xapian::Query xq = compiled->query;
      std::unique_ptr<query::AlignmentPostingSource> source;
      scorer.reset();
      shift = 0;
      if (brand) {
        auto scoring = impl_->brand_scoring(db, *store, *brand, columns);
        if (!scoring) return scoring.status();
        scorer = scoring->scorer;
        source = std::make_unique<query::AlignmentPostingSource>(scorer, scoring->points);
        shift = source->shift();
        // Text relevance plus alignment: AND_MAYBE keeps the match set of the query.
        xq = Xapian::Query(Xapian::Query::OP_AND_MAYBE, xq, Xapian::Query(source.get()));
      }
      // Counting every match is what can take long; the time limit ends it (DeadlineSource).
      const auto first = static_cast<Xapian::doccount>(options.offset);
      const auto wanted = static_cast<Xapian::doccount>(limit);
      const Xapian::doccount check = options.exact_total || options.facets ? db.get_doccount() : 0;
      const bool counting = check > first + wanted;
      std::unique_ptr<DeadlineSource> deadline;
      if (counting && max_ms > 0) {
        deadline = std::make_unique<DeadlineSource>(
            std::chrono::steady_clock::now() +
            std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                std::chrono::duration<double, std::milli>(max_ms)));
      }
      Xapian::Enquire enquire(db);
      enquire.set_query(
          deadline ? Xapian::Query(Xapian::Query::OP_FILTER, xq, Xapian::Query(deadline.get()))
                   : xq);
      if (!scoring && !brand) enquire.set_weighting_scheme(Xapian::BoolWeight());
      switch (sort) {
        case SortOrder::kRelevance:
        case SortOrder::kAlignment:
          break;
        case SortOrder::kFollowers:
          enquire.set_sort_by_value_then_relevance(vocab::kSlotFollowers, true);
          break;
        case SortOrder::kEngagement:
          enquire.set_sort_by_value_then_relevance(vocab::kSlotEngagement, true);
          break;
        case SortOrder::kGrowth:
          enquire.set_sort_by_value_then_relevance(vocab::kSlotGrowth, true);
          break;
      }
      std::unique_ptr<query::FacetCounter> counter;
      if (options.facets) {
        counter = std::make_unique<query::FacetCounter>(columns);
        enquire.add_matchspy(counter.get());
      }
      if (counter) counter->reset();
      Xapian::MSet mset = enquire.get_mset(first, wanted, check);
      const bool stopped = deadline && deadline->expired();
      result.timed_out = stopped;
      // Stopped at a pid: the matches counted so far cover the pids up to it.
      const std::uint64_t seen = counter ? counter->seen() : mset.get_matches_lower_bound();
      const double covered =
          stopped ? static_cast<double>(deadline->reached()) /
                        static_cast<double>(std::max<Xapian::docid>(db.get_lastdocid(), 1))
                  : 1.0;
      const auto estimate = static_cast<std::uint64_t>(
          covered > 0 ? static_cast<double>(seen) / std::min(covered, 1.0) : seen);
      if (stopped && !options.partial_on_timeout) {
        return Status::limit_exceeded(fmt::format(
            "the search ran out of time (QueryLimits::max_time_ms = {}) while counting its "
            "matches ({} so far, about {} in all); narrow the query or raise the limit",
            max_ms, seen, estimate));
      }
      result.total = stopped ? estimate : mset.get_matches_estimated();
      result.total_exact =
          !stopped && mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
      if (counter) result.facets = counter->counts();
      pids.clear();
      weights.clear();
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        pids.push_back(*it);
        weights.push_back(it.get_weight());
      }
      if (Status st = load_hits(*store, db, pids, &loaded); !st) return st;
      result.hits.clear();
      if (options.explain) {
        result.explanation =
            explanation(query, *compiled, xq, sort, brand ? &*brand : nullptr, shift);
        result.hits.resize(pids.size());
        if (scoring) {
          for (std::size_t i = 0; i < pids.size(); ++i) {
            result.hits[i].score_parts = score_parts(db, *compiled, loaded.keys[i]);
          }
        }
      }
      break;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt >= kMaxAttempts) {
        return store::xapian_status(
            e, fmt::format("search: the index changed under it {} times in a row (writers "
                           "commit faster than it runs)",
                           attempt));
      }
      reader->reopen();
    } catch (const Xapian::Error& e) {
      return store::xapian_status(e, "search");
    }
  }

  for (std::size_t i = 0; i < pids.size(); ++i) {
    if (loaded.stored[i]) continue;
    // A hit without its stored profile is a writer's batch in flight or a search on an older
    // snapshot, unless the stores have settled at this very generation: then it is damage.
    auto settled = store->settled_generation();
    if (!settled) return settled.status();
    if (*settled == snapshot_generation) {
      return Status::corruption(fmt::format(
          "{}: profile {} ({}) is in the text index but not in the profile store; run `mikros "
          "verify`",
          store->dir(), pids[i], loaded.keys[i]));
    }
    break;
  }
  const TierBoundaries& tiers = store->tiers();
  result.hits.resize(pids.size());
  for (std::size_t i = 0; i < pids.size(); ++i) {
    Hit& hit = result.hits[i];
    hit.key = loaded.keys[i];
    if (auto colon = hit.key.find(':'); colon != std::string::npos) {
      hit.platform = hit.key.substr(0, colon);
      hit.handle = hit.key.substr(colon + 1);
    }
    // The stored profile can be missing only if a writer removed it after this search's
    // snapshot; the hit is still reported, with what the index itself knows.
    if (loaded.profiles[i]) {
      hit.profile = std::move(*loaded.profiles[i]);
      hit.platform = hit.profile.platform;
      hit.handle = hit.profile.handle;
      hit.name = hit.profile.name;
      hit.followers = hit.profile.followers;
      hit.tier = tier_for(hit.followers, tiers);
      hit.country = hit.profile.country;
      hit.engagement_rate = metrics::engagement_rate(hit.profile);
    }
    const FacetRow* row = options.insights || scorer ? columns->row(pids[i]) : nullptr;
    if (row && options.insights) {
      const auto& bench = columns->benchmarks();
      hit.engagement_label = bench.label(*row);
      double pct = bench.percentile(*row);
      if (std::isfinite(pct)) hit.engagement_percentile = pct;
      if (std::isfinite(row->growth_monthly)) hit.growth_monthly = row->growth_monthly;
      hit.spike = row->spike;
      if (std::isfinite(row->authenticity)) hit.authenticity = row->authenticity;
    }
    if (scorer) {
      query::AlignmentParts parts = scorer->parts(pids[i]);
      hit.alignment = parts.total();
      // A profile committed after the columns were loaded got no alignment weight (nor shift).
      const double r = brand->weights.relevance;
      hit.score = row ? r * weights[i] - shift : r * weights[i];
      hit.why = parts.named();
      // Text relevance is what the match weighed beyond the alignment points.
      hit.why.emplace_back("relevance", hit.score - parts.total());
    } else {
      hit.score = scoring ? weights[i] : 0.0;
    }
  }
  return result;
}

}  // namespace mikros
