// Searcher: runs a query on one snapshot of the index, in stages: the plan (brand, whether the
// facet columns can answer it alone), then on a leased reader the columns and the like: seeds,
// compilation (query/compile.h), the match (match.h) or the column scan (column_scan.h), and
// the hits (hits.h). A writer's commits can take the reader's revision away mid-search; the
// search then starts again on the newest.
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <thread>

#include "analysis/niches.h"
#include "mikros/search.hpp"
#include "query/alignment.h"
#include "query/ast.h"
#include "query/brand_cache.h"
#include "query/column_match.h"
#include "query/column_scan.h"
#include "query/compile.h"
#include "query/expand.h"
#include "query/explain.h"
#include "query/hits.h"
#include "query/match.h"
#include "query/seeds.h"
#include "storage/database_impl.h"
#include "storage/layout.h"
#include "storage/meta.h"
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

std::uint64_t snapshot_generation(const Xapian::Database& db) {
  return store::text_generation(db).value_or(0);
}

// The facet columns of the generation the reader sees. A commit reaches the text index before
// the columns (store.h, steps 2 and 3): a search that starts in between takes the batch's
// facets from the outbox (Store::columns_at); a reader behind the columns is reopened. Should
// the two stores still disagree after about 50 ms (damage that opening for writing reports),
// the search goes on with the columns it has, and the parts of the query that need them to be
// those of the snapshot (numeric ranges and sorts, the column scan) refuse it.
Result<std::shared_ptr<const Columns>> columns_for(const store::Store& store,
                                                   store::Store::Reader& reader) {
  for (int attempt = 0;; ++attempt) {
    const std::uint64_t gen = snapshot_generation(reader.db());
    if (Status st = store.catch_up(gen); !st) return st;
    auto exact = store.columns_at(gen);
    if (!exact) return exact.status();
    if (*exact) return exact;
    auto columns = store.columns();
    if (!columns) return columns.status();
    if (attempt >= 50) return columns;
    if ((*columns)->generation() > gen) {
      reader.reopen();
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
}

// What a search decides before it reads the index.
struct Plan {
  std::size_t limit = 0;
  std::optional<Brand> brand;
  // A query of filters only, listed by followers, is answered from the facet columns when they
  // match the text index's snapshot (column_scan.h).
  bool scan_eligible = false;
  bool want_columns = false;
  bool needs_format_4 = false;  // the query filters or sorts on what format 4 added
  // QueryLimits::max_time_ms from the search's start: one time for every stage and every
  // attempt (a retry after a writer's commit does not restart it).
  std::optional<std::chrono::steady_clock::time_point> deadline;

  bool out_of_time() const { return deadline && std::chrono::steady_clock::now() >= *deadline; }
};

// aud.*:, has:, city: and sponsored:* clauses (storage/layout.h: format 4 indexes them).
bool uses_format_4(const NodePtr& n) {
  if (n->kind == Query::Node::Kind::kAudience || n->kind == Query::Node::Kind::kHas) return true;
  if (n->kind == Query::Node::Kind::kFacet &&
      (n->facet == Facet::kCity ||
       (n->facet == Facet::kSponsored && n->values == std::vector<std::string>{"*"}))) {
    return true;
  }
  for (const auto& c : n->children) {
    if (uses_format_4(c)) return true;
  }
  return false;
}

Result<Plan> plan_search(const Query& query, const SearchOptions& options,
                         const Database::Impl& db) {
  Plan plan;
  plan.limit = query.result_limit().value_or(options.limit);
  if (plan.limit > kMaxResults || options.offset > kMaxResults) {
    return Status::limit_exceeded(
        fmt::format("at most {} results per search (limit + offset)", kMaxResults));
  }
  plan.brand = options.brand;
  if (!plan.brand && !query.brand_name().empty()) {
    auto stored = load_brand(db, query.brand_name());
    if (!stored) return stored.status();
    plan.brand = std::move(*stored);
  }
  if (query.sort_order() == SortOrder::kAlignment && !plan.brand) {
    return Status::invalid_argument("sort:alignment needs a brand (brand:NAME)");
  }
  if (query.sort_order() == SortOrder::kAudience && !query.audience_sort()) {
    return Status::invalid_argument(
        "SortOrder::kAudience needs the share to sort by: Query::sort_by_audience");
  }
  if (const auto& share = query.audience_sort(); share) {
    if (auto value = normalize_audience_value(share->field, share->value); !value) {
      return Status::invalid_argument(
          fmt::format("sort:{}: {}", audience_field_name(share->field), value.status().message()));
    }
  }
  plan.scan_eligible = !plan.brand && query.sort_order() != SortOrder::kAlignment &&
                       query::ColumnScan::eligible(query);
  // needs_columns covers the column scan (filters alone) and every sort by a number; text that
  // analyses to no term is found out only when compiled (Searcher::Impl::match).
  plan.want_columns =
      options.facets || options.insights || plan.brand || query::needs_columns(query);
  plan.needs_format_4 = uses_format_4(query.root()) || query.sort_order() == SortOrder::kAudience;
  return plan;
}

// The query with the brand's hard audience conditions ("require") ANDed on, each an audience
// clause with the minimum share as its lower bound.
Query with_requirements(const Query& query, const Brand& brand) {
  Query out = query;
  for (const auto& r : brand.require) {
    out.audience(r.field, {r.value}, NumericRange::at_least(r.min_share));
  }
  return out;
}

// Whether the index of a reader is older than format 4, which the filters on audience shares,
// cities and presence need (storage/layout.h): a read-only handle on an index no writer has
// migrated yet.
Status check_format_4(Xapian::Database& db) {
  const std::string format = db.get_metadata(layout::kMetaFormat);
  if (format.empty() || std::atoi(format.c_str()) >= 4) return Status::ok();
  return Status::incompatible_version(fmt::format(
      "this index is of format {}, which holds no audience shares, cities or has: data; open it "
      "for writing once to migrate it (or rebuild it with `mikros reindex`)",
      format));
}

// What one run of a search on a snapshot found, before its hits are filled.
struct Found {
  std::uint64_t generation = 0;  // of the snapshot
  std::shared_ptr<const Columns> columns;
  std::vector<Xapian::docid> pids;
  std::vector<double> weights;
  query::LoadedHits loaded;
  query::HitScoring scoring;
  std::shared_ptr<const query::AlignmentScorer> scorer;  // keeps scoring.brand alive
  std::vector<std::vector<ScorePart>> score_parts;       // per hit, when explained
  std::vector<std::vector<Expansion>> expansions;        // per hit, when explained
};

}  // namespace

struct Searcher::Impl {
  std::shared_ptr<Database::Impl> db;
  query::BrandCache brands;

  // One run of the search on the snapshot `reader` shows. Xapian's exceptions propagate: a
  // DatabaseModifiedError makes the caller run it again on the newest revision.
  Status run(const Query& query, const SearchOptions& options, const Plan& plan,
             const store::Store& store, store::Store::Reader& reader, SearchResult* result,
             Found* found);
  // The run of a filter-only query over the facet columns (column_scan.h).
  static void scan(const Query& query, const SearchOptions& options, const Plan& plan,
                   Xapian::Database& db, SearchResult* result, Found* found);
  // The run through Xapian's matcher: seeds, compilation, the brand's ranking, the match, the
  // hits' stored profiles and the explanation.
  // `current`: the columns are those of the snapshot.
  Status match(const Query& query, const SearchOptions& options, const Plan& plan, bool current,
               const store::Store& store, Xapian::Database& db, SearchResult* result, Found* found);
};

Status Searcher::Impl::run(const Query& query, const SearchOptions& options, const Plan& plan,
                           const store::Store& store, store::Store::Reader& reader,
                           SearchResult* result, Found* found) {
  Xapian::Database& db = reader.db();
  *found = Found();
  result->total = 0;
  result->total_exact = true;
  result->timed_out = false;
  result->facets.clear();
  result->explanation.clear();
  if (plan.want_columns) {
    auto columns = columns_for(store, reader);
    if (!columns) return columns.status();
    found->columns = std::move(*columns);
  }
  if (plan.needs_format_4) {
    if (Status st = check_format_4(db); !st) return st;
  }
  found->generation = snapshot_generation(db);
  const bool current = found->columns && found->columns->generation() == found->generation;
  if (plan.scan_eligible && current) {
    scan(query, options, plan, db, result, found);
    return query::load_hits(store, db, found->pids, &found->loaded);
  }
  return match(query, options, plan, current, store, db, result, found);
}

void Searcher::Impl::scan(const Query& query, const SearchOptions& options, const Plan& plan,
                          Xapian::Database& db, SearchResult* result, Found* found) {
  const query::ColumnScan scan = query::ColumnScan::build(query, *found->columns);
  std::unique_ptr<query::FacetCounter> counter;
  if (options.facets) counter = std::make_unique<query::FacetCounter>(found->columns);
  auto outcome = scan.run(*found->columns, db, options.offset, plan.limit, counter.get());
  result->total = outcome.total;
  result->total_exact = true;
  if (counter) result->facets = counter->counts();
  found->pids.assign(outcome.pids.begin(), outcome.pids.end());
  found->weights.assign(found->pids.size(), 0.0);
  if (options.explain) result->explanation = query::scan_explanation(query);
}

Status Searcher::Impl::match(const Query& query, const SearchOptions& options, const Plan& plan,
                             bool current, const store::Store& store, Xapian::Database& db,
                             SearchResult* result, Found* found) {
  auto behind = [&] {
    return Status::busy(fmt::format(
        "{}: the profile store has not caught up with the text index's generation {}, which "
        "this query's numbers need; try again",
        store.dir(), found->generation));
  };
  if (!current && query::needs_columns(query)) return behind();
  auto seeds = query::resolve_seeds(query, store, db);
  if (!seeds) return seeds.status();
  // Expansion by meaning, resolved on this snapshot as the seeds are (expand.h).
  std::optional<query::Expansions> expansions;
  if (options.expand) {
    if (const auto& niches = analysis::default_niches(); niches.vocabulary) {
      expansions = query::resolve_expansions(query, *niches.vocabulary, &db);
    }
  }
  auto compiled = query::compile(
      query, {&*seeds, found->columns, current, expansions ? &*expansions : nullptr});
  if (!compiled) return compiled.status();
  found->scoring.text = compiled->scoring;

  SortOrder sort = query.sort_order();
  if (plan.brand && sort == SortOrder::kRelevance) sort = SortOrder::kAlignment;
  if (sort == SortOrder::kRelevance && !compiled->scoring) {
    // Nothing to score (filters alone, or text that analyses to no term, like "!!"): the hits
    // are listed by followers, from the columns, which the plan could not know it needs.
    sort = SortOrder::kFollowers;
    if (!found->columns) {
      // Those of this snapshot or none (no reopening: the query is compiled on it).
      if (Status st = store.catch_up(found->generation); !st) return st;
      auto columns = store.columns_at(found->generation);
      if (!columns) return columns.status();
      found->columns = std::move(*columns);
      current = found->columns != nullptr;
    }
    if (!current) return behind();
  }

  query::MatchRequest request;
  request.query = compiled->query;
  std::unique_ptr<query::AlignmentPostingSource> source;
  if (plan.brand) {
    auto scoring = brands.scoring(db, store.dir(), *plan.brand, found->columns);
    if (!scoring) return scoring.status();
    found->scorer = scoring->scorer;
    found->scoring.brand = found->scorer.get();
    source = std::make_unique<query::AlignmentPostingSource>(scoring->scorer, scoring->points);
    found->scoring.shift = source->shift();
    // Text relevance plus alignment: AND_MAYBE keeps the match set of the query.
    request.query =
        Xapian::Query(Xapian::Query::OP_AND_MAYBE, request.query, Xapian::Query(source.get()));
  }
  // A partial answer still runs the match, which then stops at once with what it has.
  if (plan.out_of_time() && !options.partial_on_timeout) {
    return query::out_of_time(options.limits.max_time_ms, "while preparing its match");
  }
  request.weighted = compiled->scoring || plan.brand;
  request.sort = sort;
  if (sort == SortOrder::kAudience && query.audience_sort()) {
    Query::Node share;
    share.kind = Query::Node::Kind::kAudience;
    share.audience = query.audience_sort()->field;
    share.values = {query.audience_sort()->value};
    request.audience_sort = query::AudienceTest::make(share);
  }
  request.sort_columns = found->columns;
  request.offset = options.offset;
  request.limit = plan.limit;
  request.count_all = options.exact_total || options.facets;
  if (options.facets) request.facet_columns = found->columns;
  request.deadline = plan.deadline;
  request.max_ms = options.limits.max_time_ms;
  request.partial_on_timeout = options.partial_on_timeout;
  auto outcome = query::run_match(db, request);
  if (!outcome) return outcome.status();
  result->total = outcome->total;
  result->total_exact = outcome->total_exact;
  result->timed_out = outcome->timed_out;
  result->facets = std::move(outcome->facets);
  found->pids = std::move(outcome->pids);
  found->weights = std::move(outcome->weights);
  if (Status st = query::load_hits(store, db, found->pids, &found->loaded); !st) return st;
  if (options.explain) {
    result->explanation =
        query::explanation(query, *compiled, request.query, sort,
                           plan.brand ? &*plan.brand : nullptr, found->scoring.shift);
    if (compiled->scoring) {
      for (const auto& key : found->loaded.keys) {
        found->score_parts.push_back(query::score_parts(db, *compiled, key));
        found->expansions.push_back(query::hit_expansions(db, *compiled, key));
      }
    }
  }
  return Status::ok();
}

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
  const auto started = std::chrono::steady_clock::now();
  if (Status st = impl_->db->refresh(); !st) return st;
  auto plan = plan_search(query, options, *impl_->db);
  if (!plan) return plan.status();
  if (options.limits.max_time_ms > 0) {
    plan->deadline =
        started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                      std::chrono::duration<double, std::milli>(options.limits.max_time_ms));
  }
  auto store = impl_->db->store();

  SearchResult result;
  result.query = query.describe();
  if (plan->brand) result.brand = plan->brand->name;
  // A brand's hard conditions filter the match; the query as given is what the result shows.
  const Query run_query =
      plan->brand && !plan->brand->require.empty() ? with_requirements(query, *plan->brand) : query;
  if (run_query.root() != query.root()) plan->needs_format_4 = true;
  Found found;
  for (int attempt = 1;; ++attempt) {
    auto reader = store->reader();
    if (!reader) return reader.status();
    try {
      if (Status st = impl_->run(run_query, options, *plan, *store, *reader, &result, &found);
          !st) {
        return st;
      }
      break;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt >= kMaxAttempts) {
        return store::xapian_status(
            e, fmt::format("search: the index changed under it {} times in a row (writers "
                           "commit faster than it runs)",
                           attempt));
      }
      if (plan->out_of_time() && !options.partial_on_timeout) {
        return query::out_of_time(
            options.limits.max_time_ms,
            fmt::format("while writers committed under it ({} attempts)", attempt));
      }
      reader->reopen();
    } catch (const Xapian::Error& e) {
      return store::xapian_status(e, "search");
    }
  }

  if (Status st = query::check_stored(*store, found.pids, found.loaded, found.generation); !st) {
    return st;
  }
  result.hits.assign(found.pids.size(), Hit());
  for (std::size_t i = 0; i < found.score_parts.size(); ++i) {
    result.hits[i].score_parts = std::move(found.score_parts[i]);
  }
  for (std::size_t i = 0; i < found.expansions.size(); ++i) {
    result.hits[i].expansions = std::move(found.expansions[i]);
  }
  query::fill_hits(found.pids, found.weights, found.loaded, store->tiers(), found.columns.get(),
                   options.insights, found.scoring, &result.hits);
  if (options.explain) query::explain_authenticity(store->tiers(), &result.hits);
  return result;
}

Result<std::vector<Expansion>> Searcher::related(std::string_view words) const {
  if (Status st = impl_->db->refresh(); !st) return st;
  const auto& niches = analysis::default_niches();
  if (!niches.vocabulary) return std::vector<Expansion>();
  auto store = impl_->db->store();
  auto reader = store->reader();
  if (!reader) return reader.status();
  try {
    std::vector<Expansion> out;
    for (auto& r : query::related_terms(words, *niches.vocabulary, &reader->db())) {
      out.push_back({std::move(r.term), std::move(r.from), std::move(r.source), std::move(r.niche),
                     r.weight});
    }
    return out;
  } catch (const Xapian::Error& e) {
    return store::xapian_status(e, "related");
  }
}

}  // namespace mikros
