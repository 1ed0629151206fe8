// Analytics: spikes, peer benchmarks and labels at their thresholds, insights (authenticity:
// authenticity_test.cpp).
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "analytics/columns.h"
#include "analytics/peers.h"
#include "analytics/spikes.h"
#include "mikros/mikros.hpp"
#include "support.h"

using namespace mikros;
using namespace mikros::analytics;

namespace {

Profile with_history(std::vector<std::pair<std::string, std::uint64_t>> points) {
  Profile p;
  p.platform = "instagram";
  p.handle = "h";
  for (auto& [d, f] : points) p.follower_history.push_back({d, f});
  p.followers = p.follower_history.back().followers;
  return p;
}

// Instagram rows of one tier with the given engagement rates, pids from 1.
std::shared_ptr<const Columns> columns_with(const std::vector<float>& ers, Tier tier,
                                            const char* platform = "instagram") {
  Columns::Builder b;
  std::uint32_t pid = 1;
  for (float er : ers) {
    FacetRecord r;
    r.tier = tier;
    r.followers = 20'000;
    r.engagement_rate = er;
    r.platform = platform;
    b.add(pid++, r);
  }
  return b.finish(1);
}

FacetRow row_with(const Columns& cols, float er, Tier tier) {
  FacetRow row = *cols.row(1);
  row.engagement_rate = er;
  row.tier = tier;
  return row;
}

}  // namespace

TEST_CASE("steady growth is not a spike; an unexplained jump is", "[analytics][spike]") {
  auto steady = with_history({{"2026-01-01", 10000},
                              {"2026-02-01", 10200},
                              {"2026-03-01", 10400},
                              {"2026-04-01", 10600},
                              {"2026-05-01", 10800}});
  CHECK_FALSE(has_spike(steady, Tier::kMicro));
  // +45% in one week, after months of +2%.
  auto jump = with_history({{"2026-01-01", 10000},
                            {"2026-02-01", 10200},
                            {"2026-03-01", 10400},
                            {"2026-03-08", 15100},
                            {"2026-04-01", 15300}});
  CHECK(has_spike(jump, Tier::kMicro));
  // A nano account that always grows fast: its own history explains the growth.
  auto fast = with_history({{"2026-01-01", 1000},
                            {"2026-02-01", 1400},
                            {"2026-03-01", 1950},
                            {"2026-04-01", 2700},
                            {"2026-05-01", 3800}});
  CHECK_FALSE(has_spike(fast, Tier::kNano));
  // A jump below the tier's organic ceiling (micro: 25%/month) is not flagged.
  auto bump = with_history({{"2026-01-01", 10000},
                            {"2026-02-01", 10100},
                            {"2026-03-01", 10200},
                            {"2026-04-01", 12000},
                            {"2026-05-01", 12100}});
  CHECK_FALSE(has_spike(bump, Tier::kMicro));
  // The same +18% is a spike for a mega account (ceiling 8%).
  auto mega = with_history({{"2026-01-01", 2000000},
                            {"2026-02-01", 2010000},
                            {"2026-03-01", 2020000},
                            {"2026-04-01", 2400000},
                            {"2026-05-01", 2410000}});
  CHECK(has_spike(mega, Tier::kMega));
  CHECK_FALSE(has_spike(with_history({{"2026-01-01", 100}, {"2026-01-08", 900}}), Tier::kNano));
}

TEST_CASE("published benchmarks back bands with few profiles", "[analytics][peers]") {
  Band ig = published_band("instagram", Tier::kMicro);
  CHECK_FALSE(ig.from_corpus);
  CHECK(ig.p50 == 0.025);
  CHECK(ig.suspicious_above > 3 * ig.p50);
  Band tiktok = published_band("tiktok", Tier::kMicro);
  CHECK(tiktok.p50 > ig.p50);  // per view
  auto cols = columns_with(std::vector<float>(kMinCorpusBand - 1, 0.03f), Tier::kMicro);
  CHECK_FALSE(cols->benchmarks().band(cols->row(1)->platform, Tier::kMicro).from_corpus);
}

TEST_CASE("corpus benchmarks: quantiles, percentiles and labels at their thresholds",
          "[analytics][peers]") {
  // 40 micro Instagram profiles with ER 1%, 2%, ..., 40% / 10 (0.1% steps from 1%).
  std::vector<float> ers;
  for (int i = 1; i <= 40; ++i) ers.push_back(0.01f + 0.001f * static_cast<float>(i - 1));
  auto cols = columns_with(ers, Tier::kMicro);
  const PeerBenchmarks& bench = cols->benchmarks();
  const Band& band = bench.band(cols->row(1)->platform, Tier::kMicro);
  REQUIRE(band.from_corpus);
  CHECK(band.profiles == 40);
  // Nearest rank: p25 is the 10th value, p50 the 20th, p75 the 30th.
  CHECK(band.p25 == Approx(ers[9]));
  CHECK(band.p50 == Approx(ers[19]));
  CHECK(band.p75 == Approx(ers[29]));
  CHECK(label_in(band, band.p75) == EngagementLabel::kHigh);
  CHECK(label_in(band, std::nextafter(band.p75, 0.0)) == EngagementLabel::kAverage);
  CHECK(label_in(band, band.p25) == EngagementLabel::kAverage);
  CHECK(label_in(band, std::nextafter(band.p25, 0.0)) == EngagementLabel::kLow);
  CHECK(label_in(band, band.suspicious_above) == EngagementLabel::kHigh);
  CHECK(label_in(band, std::nextafter(band.suspicious_above, 1.0)) == EngagementLabel::kSuspicious);
  CHECK(label_in(band, std::nan("")) == EngagementLabel::kUnknown);
  // Mid-rank percentiles.
  CHECK(bench.percentile(row_with(*cols, ers[0], Tier::kMicro)) == Approx(100 * 0.5 / 40));
  CHECK(bench.percentile(row_with(*cols, ers[39], Tier::kMicro)) == Approx(100 * 39.5 / 40));
  CHECK(bench.percentile(row_with(*cols, 1.0f, Tier::kMicro)) == 100);
  // Another tier of the same platform has no corpus band: published figures.
  CHECK_FALSE(bench.band(cols->row(1)->platform, Tier::kMid).from_corpus);
  CHECK(engagement_label_name(EngagementLabel::kSuspicious) == "suspicious");
  CHECK(parse_engagement_label("high") == EngagementLabel::kHigh);
}

TEST_CASE("percentiles through the fence equal a search of every value", "[analytics][peers]") {
  // Bands of many sizes around the fence step, with runs of equal rates (several fence values
  // equal), and rates below, between, on and above the band's values.
  std::mt19937 rng(11);
  for (std::size_t n : {30u, 63u, 64u, 65u, 128u, 129u, 1000u, 5000u}) {
    std::vector<float> ers;
    for (std::size_t i = 0; i < n; ++i) {
      // A few distinct values only for some bands, so equal runs cross fence values.
      const int levels = n % 2 ? 7 : 1000;
      ers.push_back(0.001f * static_cast<float>(1 + static_cast<int>(rng() % levels)));
    }
    auto cols = columns_with(ers, Tier::kMicro);
    const Band& band = cols->benchmarks().band(cols->row(1)->platform, Tier::kMicro);
    REQUIRE(band.from_corpus);
    REQUIRE(band.sorted.size() == n);
    std::vector<float> probes = {0.0f, 0.0005f, 1.0f};
    for (float v : band.sorted) probes.push_back(v);
    for (int i = 0; i < 200; ++i)
      probes.push_back(0.001f * static_cast<float>(rng() % 1100) / 1.7f);
    for (float x : probes) {
      const auto& v = band.sorted;
      const double below = static_cast<double>(std::lower_bound(v.begin(), v.end(), x) - v.begin());
      const double equal = static_cast<double>(std::upper_bound(v.begin(), v.end(), x) -
                                               std::lower_bound(v.begin(), v.end(), x));
      INFO("n " << n << " x " << x);
      CHECK(percentile_in(band, x) == 100 * (below + equal / 2) / static_cast<double>(n));
    }
  }
}

TEST_CASE("insights through the library", "[analytics][insights]") {
  mikros::test::TempDir dir;
  auto db = Database::open(dir / "db");
  REQUIRE(db);
  {
    Indexer indexer(*db);
    for (int i = 0; i < 40; ++i) {
      REQUIRE(indexer.upsert_json(mikros::test::profile_line(
          "instagram", "p" + std::to_string(i),
          fmt::format(R"("followers":20000,"engagement_rate":{})", 0.01 + 0.001 * i))));
    }
    REQUIRE(indexer.upsert_json(mikros::test::profile_line(
        "instagram", "fake", R"("followers":20000,"engagement_rate":0.4,"following":19000)")));
    REQUIRE(indexer.commit());
  }
  auto top = db->insights("instagram:p39");
  REQUIRE(top);
  CHECK(top->engagement_label == EngagementLabel::kHigh);
  CHECK(top->peers_from_corpus);
  CHECK(top->peer_count == 41);
  auto fake = db->insights("instagram:fake");
  REQUIRE(fake);
  CHECK(fake->engagement_label == EngagementLabel::kSuspicious);
  CHECK(fake->authenticity_estimated);
  CHECK(*fake->authenticity < *top->authenticity);
  // The stored figure explained: the same value, the parts that make it.
  CHECK(fake->authenticity_explained.estimated);
  CHECK(fake->authenticity_explained.value == Approx(*fake->authenticity).margin(1e-6));
  CHECK(fake->authenticity_explained.pattern == "following");
  CHECK_FALSE(fake->authenticity_explained.contributions.empty());
  CHECK_FALSE(fake->automated);
  CHECK(db->insights("instagram:nobody").status().code() == ErrorCode::kNotFound);
  // Hits carry the same insights.
  auto r = Searcher(*db).search("limit:100");
  REQUIRE(r);
  for (const auto& hit : r->hits) {
    if (hit.handle == "fake") CHECK(hit.engagement_label == EngagementLabel::kSuspicious);
  }
}
