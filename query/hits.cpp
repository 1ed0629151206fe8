#include "query/hits.h"

#include <fmt/format.h>

#include <cmath>

#include "analytics/peers.h"
#include "storage/store.h"

namespace mikros::query {

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

Status check_stored(const store::Store& store, const std::vector<Xapian::docid>& pids,
                    const LoadedHits& loaded, std::uint64_t snapshot_generation) {
  for (std::size_t i = 0; i < pids.size(); ++i) {
    if (loaded.stored[i]) continue;
    auto settled = store.settled_generation();
    if (!settled) return settled.status();
    if (*settled == snapshot_generation) {
      return Status::corruption(fmt::format(
          "{}: profile {} ({}) is in the text index but not in the profile store; run `mikros "
          "verify`",
          store.dir(), pids[i], loaded.keys[i]));
    }
    break;
  }
  return Status::ok();
}

void fill_hits(const std::vector<Xapian::docid>& pids, const std::vector<double>& weights,
               LoadedHits& loaded, const TierBoundaries& tiers, const Columns* columns,
               bool insights, const HitScoring& scoring, std::vector<Hit>* hits) {
  for (std::size_t i = 0; i < pids.size(); ++i) {
    Hit& hit = (*hits)[i];
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
      hit.engagement_rate = mikros::engagement_rate(hit.profile);
    }
    const FacetRow* row = columns ? columns->row(pids[i]) : nullptr;
    if (row && insights) {
      const auto& bench = columns->benchmarks();
      hit.engagement_label = bench.label(*row);
      double pct = bench.percentile(*row);
      if (std::isfinite(pct)) hit.engagement_percentile = pct;
      if (std::isfinite(row->growth_monthly)) hit.growth_monthly = row->growth_monthly;
      hit.spike = row->spike;
      if (std::isfinite(row->authenticity)) hit.authenticity = row->authenticity;
      hit.automated = row->automated;
    }
    if (scoring.brand) {
      AlignmentParts parts = scoring.brand->parts(pids[i]);
      hit.alignment = parts.total();
      // A profile committed after the columns were loaded got no alignment weight (nor shift).
      const double r = scoring.brand->brand().weights.relevance;
      hit.score = row ? r * weights[i] - scoring.shift : r * weights[i];
      hit.why = parts.named();
      // Text relevance is what the match weighed beyond the alignment points.
      hit.why.emplace_back("relevance", hit.score - parts.total());
    } else {
      hit.score = scoring.text ? weights[i] : 0.0;
    }
  }
}

}  // namespace mikros::query
