// Searcher: runs compiled queries on a leased Xapian reader and assembles the hits.
#include <fmt/format.h>

#include <cstdlib>

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

}  // namespace

struct Searcher::Impl {
  std::shared_ptr<Database::Impl> db;
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

  SearchResult result;
  result.query = query.describe();
  std::vector<Xapian::docid> pids;
  std::vector<double> scores;
  std::vector<std::string> keys;
  std::uint64_t snapshot_generation = 0;
  for (int attempt = 1;; ++attempt) {
    auto reader = store->reader();
    if (!reader) return reader.status();
    try {
      Xapian::Database& db = reader->db();
      Xapian::Enquire enquire(db);
      enquire.set_query(compiled->query);
      if (!compiled->scoring) enquire.set_weighting_scheme(Xapian::BoolWeight());
      SortOrder sort = query.sort_order();
      if (sort == SortOrder::kRelevance && !compiled->scoring) sort = SortOrder::kFollowers;
      switch (sort) {
        case SortOrder::kRelevance:
          break;
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
      snapshot_generation =
          std::strtoull(db.get_metadata(layout::kMetaGeneration).c_str(), nullptr, 10);
      Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                                           static_cast<Xapian::doccount>(limit), check);
      result.total = mset.get_matches_estimated();
      result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
      pids.clear();
      scores.clear();
      keys.clear();
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        pids.push_back(*it);
        scores.push_back(compiled->scoring ? it.get_weight() : 0.0);
        keys.push_back(it.get_document().get_data());
      }
      if (options.explain) {
        result.explanation = fmt::format("query: {}\nxapian: {}\nranking: {}", query.describe(),
                                         compiled->query.get_description(),
                                         compiled->scoring ? "BM25" : "filter only, by sort order");
      }
      break;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt >= kMaxAttempts) return store::xapian_status(e, "search");
      reader->reopen();
    } catch (const Xapian::Error& e) {
      return store::xapian_status(e, "search");
    }
  }

  std::vector<std::optional<std::string>> jsons;
  if (Status st =
          store->read_profiles(std::vector<std::uint32_t>(pids.begin(), pids.end()), &jsons);
      !st) {
    return st;
  }
  for (std::size_t i = 0; i < pids.size(); ++i) {
    if (jsons[i]) continue;
    // A hit without its stored profile is a writer's batch in flight or a search on an older
    // snapshot, unless the stores have settled at this very generation: then it is damage.
    auto settled = store->settled_generation();
    if (!settled) return settled.status();
    if (*settled == snapshot_generation) {
      return Status::corruption(fmt::format(
          "{}: profile {} ({}) is in the text index but not in the profile store; run `mikros "
          "verify`",
          store->dir(), pids[i], keys[i]));
    }
    break;
  }
  const TierBoundaries& tiers = store->tiers();
  for (std::size_t i = 0; i < pids.size(); ++i) {
    Hit hit;
    hit.key = keys[i];
    hit.score = scores[i];
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
    result.hits.push_back(std::move(hit));
  }
  return result;
}

}  // namespace mikros
