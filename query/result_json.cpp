// The JSON form of a search result, shared by `mikros search --json` and the C API.
#include "analytics/peers.h"
#include "mikros/search.hpp"
#include "util/json_writer.h"

namespace mikros {
namespace {

void write_authenticity(json::Writer& w, const AuthenticityEstimate& e) {
  w.key("authenticity_explained").begin_object();
  w.key("value").value(e.value).key("estimated").value(e.estimated);
  w.key("estimate").value(e.estimate).key("pattern").value(e.pattern);
  w.key("baseline_logit").value(e.baseline_logit).key("logit").value(e.logit);
  w.key("contributions").begin_array();
  for (const auto& c : e.contributions) {
    w.begin_object().key("name").value(c.name).key("label").value(c.label);
    w.key("value").value(c.value).key("logit").value(c.logit).key("learned").value(c.learned);
    w.end_object();
  }
  w.end_array();
  w.key("automated").value(e.automated).key("automation_score").value(e.automation_score);
  w.end_object();
}

}  // namespace

std::string to_json(const SearchResult& result) {
  std::string out;
  json::Writer w(out);
  w.begin_object();
  w.key("query").value(result.query);
  w.key("total").value(result.total);
  w.key("total_exact").value(result.total_exact);
  w.key("hits").begin_array();
  for (const auto& hit : result.hits) {
    const Profile& p = hit.profile;
    w.begin_object();
    w.key("platform").value(hit.platform);
    w.key("handle").value(hit.handle);
    w.key("name").value(hit.name);
    w.key("score").value(hit.score);
    w.key("tier").value(tier_name(hit.tier));
    w.key("followers").value(hit.followers);
    w.key("country").value(hit.country);
    if (hit.engagement_rate) {
      w.key("engagement_rate").value(*hit.engagement_rate);
    } else {
      w.key("engagement_rate").null();
    }
    w.key("languages").begin_array();
    for (const auto& l : p.languages) w.value(l);
    w.end_array();
    w.key("categories").begin_array();
    for (const auto& c : p.categories) w.value(c);
    w.end_array();
    w.key("bio").value(p.bio);
    if (hit.engagement_label != EngagementLabel::kUnknown || hit.authenticity) {
      w.key("engagement_label").value(engagement_label_name(hit.engagement_label));
      if (hit.engagement_percentile) {
        w.key("engagement_percentile").value(*hit.engagement_percentile);
      }
      if (hit.growth_monthly) w.key("growth_monthly").value(*hit.growth_monthly);
      w.key("spike").value(hit.spike);
      if (hit.authenticity) w.key("authenticity").value(*hit.authenticity);
      w.key("automated").value(hit.automated);
    }
    if (!hit.score_parts.empty()) {
      w.key("score_parts").begin_array();
      for (const auto& part : hit.score_parts) {
        w.begin_object().key("clause").value(part.clause).key("weight").value(part.weight);
        w.end_object();
      }
      w.end_array();
    }
    // Explained hits of a scoring query say what they matched through, none included.
    if (!hit.score_parts.empty() || !hit.expansions.empty()) {
      w.key("expansions").begin_array();
      for (const auto& e : hit.expansions) {
        w.begin_object().key("term").value(e.term).key("from").value(e.from);
        w.key("source").value(e.source).key("niche").value(e.niche);
        w.key("weight").value(e.weight).end_object();
      }
      w.end_array();
    }
    if (hit.authenticity_explained) write_authenticity(w, *hit.authenticity_explained);
    if (hit.alignment) {
      w.key("alignment").value(*hit.alignment);
      w.key("why").begin_object();
      for (const auto& [part, points] : hit.why) w.key(part).value(points);
      w.end_object();
    }
    w.end_object();
  }
  w.end_array();
  if (!result.brand.empty()) w.key("brand").value(result.brand);
  if (!result.facets.empty()) {
    w.key("facets").begin_object();
    for (const auto& [facet, counts] : result.facets) {
      w.key(facet).begin_object();
      for (const auto& [value, n] : counts) w.key(value).value(n);
      w.end_object();
    }
    w.end_object();
  }
  if (!result.explanation.empty()) w.key("explanation").value(result.explanation);
  if (result.timed_out) w.key("timed_out").value(true);
  w.end_object();
  return out;
}

}  // namespace mikros
