// Searcher: runs compiled queries on a leased Xapian reader and assembles the hits.
#include <fmt/format.h>

#include <cmath>
#include <list>

#include "alignment.h"
#include "compile.h"
#include "database_impl.h"
#include "facets.h"
#include "layout.h"
#include "mikros/search.hpp"
#include "store.h"

namespace mikros {

namespace {

constexpr std::size_t kMaxResults = 10'000;
// A reader that loses its revision to a writer's later commits is reopened and the search
// retried this many times.
constexpr int kMaxAttempts = 4;
// Brands whose text matches are kept per Searcher (matching a brand's words costs one pass over
// their postings per index revision).
constexpr std::size_t kBrandCacheSize = 8;

}  // namespace

struct Searcher::Impl {
  std::shared_ptr<Database::Impl> db;

  // (brand JSON, index path, revision) -> matches, most recently used first.
  struct CachedMatches {
    std::string key;
    std::shared_ptr<const query::BrandMatches> matches;
  };
  std::mutex cache_mu;
  std::list<CachedMatches> cache;  // guarded by cache_mu

  Result<std::shared_ptr<const query::BrandMatches>> brand_matches(Xapian::Database& xdb,
                                                                   const store::Store& store,
                                                                   const Brand& brand) {
    std::string key =
        fmt::format("{}\n{}\n{}", to_json(brand), store.dir(), xdb.get_revision());
    {
      std::lock_guard lock(cache_mu);
      for (auto it = cache.begin(); it != cache.end(); ++it) {
        if (it->key == key) {
          cache.splice(cache.begin(), cache, it);
          return cache.front().matches;
        }
      }
    }
    auto built = query::BrandMatches::build(xdb, brand);
    if (!built) return built.status();
    std::lock_guard lock(cache_mu);
    cache.push_front({key, *built});
    if (cache.size() > kBrandCacheSize) cache.pop_back();
    return *built;
  }
};

Searcher::Searcher(const Database& db) : impl_(std::make_unique<Impl>()) { impl_->db = db.impl(); }
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
  if (options.facets) {
    return Status::invalid_argument("facet counts are not available in this version");
  }
  std::size_t limit = query.result_limit().value_or(options.limit);
  if (limit > kMaxResults || options.offset > kMaxResults) {
    return Status::limit_exceeded(
        fmt::format("at most {} results per search (limit + offset)", kMaxResults));
  }
  auto compiled = query::compile(query);
  if (!compiled) return compiled.status();
  if (Status st = impl_->db->refresh(); !st) return st;
  auto store = impl_->db->store();

  std::optional<Brand> brand = options.brand;
  if (!brand && !query.brand_name().empty()) {
    auto stored = load_brand(*impl_->db, query.brand_name());
    if (!stored) return stored.status();
    brand = std::move(*stored);
  }
  SortOrder sort = query.sort_order();
  if (sort == SortOrder::kAlignment && !brand) {
    return Status::invalid_argument("sort:alignment needs a brand (brand:NAME)");
  }
  if (brand && sort == SortOrder::kRelevance) sort = SortOrder::kAlignment;
  if (sort == SortOrder::kRelevance && !compiled->scoring) sort = SortOrder::kFollowers;

  std::shared_ptr<const Columns> columns;
  if (brand || options.insights) {
    auto loaded = store->columns();
    if (!loaded) return loaded.status();
    columns = std::move(*loaded);
  }

  SearchResult result;
  result.query = query.describe();
  if (brand) result.brand = brand->name;
  std::vector<Xapian::docid> pids;
  std::vector<double> weights;
  std::vector<std::string> keys;
  std::shared_ptr<const query::AlignmentScorer> scorer;
  double shift = 0;
  for (int attempt = 1;; ++attempt) {
    auto reader = store->reader();
    if (!reader) return reader.status();
    try {
      Xapian::Database& db = reader->db();
      Xapian::Query xq = compiled->query;
      std::unique_ptr<query::AlignmentPostingSource> source;
      if (brand) {
        auto matches = impl_->brand_matches(db, *store, *brand);
        if (!matches) return matches.status();
        scorer = std::make_shared<query::AlignmentScorer>(*brand, *matches, columns);
        source = std::make_unique<query::AlignmentPostingSource>(scorer);
        shift = source->shift();
        // Text relevance plus alignment: AND_MAYBE keeps the match set of the query.
        xq = Xapian::Query(Xapian::Query::OP_AND_MAYBE, xq, Xapian::Query(source.get()));
      }
      Xapian::Enquire enquire(db);
      enquire.set_query(xq);
      if (!compiled->scoring && !brand) enquire.set_weighting_scheme(Xapian::BoolWeight());
      switch (sort) {
        case SortOrder::kRelevance:
        case SortOrder::kAlignment: break;
        case SortOrder::kFollowers:
          enquire.set_sort_by_value_then_relevance(layout::kSlotFollowers, true);
          break;
        case SortOrder::kEngagement:
          enquire.set_sort_by_value_then_relevance(layout::kSlotEngagement, true);
          break;
        case SortOrder::kGrowth:
          enquire.set_sort_by_value_then_relevance(layout::kSlotGrowth, true);
          break;
      }
      Xapian::doccount check = options.exact_total ? db.get_doccount() : 0;
      Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                                           static_cast<Xapian::doccount>(limit), check);
      result.total = mset.get_matches_estimated();
      result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
      pids.clear();
      weights.clear();
      keys.clear();
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        pids.push_back(*it);
        weights.push_back(it.get_weight());
        keys.push_back(it.get_document().get_data());
      }
      if (options.explain) {
        std::string ranking = brand ? fmt::format("brand {}: BM25 + alignment points (source "
                                                  "weight minus {:.2f})",
                                                  brand->name, shift)
                              : compiled->scoring ? "BM25"
                                                  : "filter only, by sort order";
        result.explanation = fmt::format("query: {}\nxapian: {}\nranking: {}", query.describe(),
                                         xq.get_description(), ranking);
      }
      break;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt >= kMaxAttempts) return store::xapian_status(e, "search");
      reader->reopen();
    } catch (const Xapian::Error& e) {
      return store::xapian_status(e, "search");
    }
  }

  auto jsons = store->profiles_json(std::vector<std::uint32_t>(pids.begin(), pids.end()));
  const TierBoundaries& tiers = store->tiers();
  for (std::size_t i = 0; i < pids.size(); ++i) {
    Hit hit;
    hit.key = keys[i];
    if (auto colon = hit.key.find(':'); colon != std::string::npos) {
      hit.platform = hit.key.substr(0, colon);
      hit.handle = hit.key.substr(colon + 1);
    }
    // The stored profile can be missing only if a writer removed it after this search's
    // snapshot; the hit is still reported, with what the index itself knows.
    if (jsons[i]) {
      if (auto profile = parse_profile(*jsons[i])) {
        hit.profile = std::move(*profile);
        hit.platform = hit.profile.platform;
        hit.handle = hit.profile.handle;
        hit.name = hit.profile.name;
        hit.followers = hit.profile.followers;
        hit.tier = tier_for(hit.followers, tiers);
        hit.country = hit.profile.country;
        hit.engagement_rate = metrics::engagement_rate(hit.profile);
      }
    }
    const FacetRow* row = columns ? columns->row(pids[i]) : nullptr;
    if (row) {
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
      hit.score = row ? weights[i] - shift : weights[i];
      hit.why = parts.named();
      // Text relevance is what the match weighed beyond the alignment points.
      hit.why.emplace_back("relevance", hit.score - parts.total());
    } else {
      hit.score = compiled->scoring ? weights[i] : 0.0;
    }
    result.hits.push_back(std::move(hit));
  }
  return result;
}

}  // namespace mikros
