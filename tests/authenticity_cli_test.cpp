// The authenticity model from the command line: `mikros show` and `--explain` list what makes
// a profile's authenticity, and `mikros evaluate authenticity` prints the cross-set table.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support.h"

using mikros::test::run_mikros;
using mikros::test::TempDir;

namespace {

// The sample corpus, indexed once per test.
std::string indexed_corpus(const TempDir& dir) {
  auto r = run_mikros(
      {"index", "-q", "--db", dir / "db", mikros::test::source_dir() + "/corpus/profiles.jsonl"});
  REQUIRE(r.exit_code == 0);
  return dir / "db";
}

}  // namespace

TEST_CASE("show lists each feature's part in the authenticity", "[cli][auth]") {
  TempDir dir;
  const std::string db = indexed_corpus(dir);
  // A stated figure wins; the estimate and its parts are shown beside it.
  auto stated = run_mikros({"show", "--db", db, "instagram:ecochic.daily"});
  REQUIRE(stated.exit_code == 0);
  INFO(stated.out);
  CHECK_THAT(stated.out, Catch::Contains("authenticity: 0.43, the profile's stated figure "
                                         "(audience data); mikros's estimate 0."));
  CHECK_THAT(stated.out, Catch::Contains("log-odds (following+posts model): baseline +3.62 · "
                                         "followers per account followed 1.04× +"));
  CHECK_THAT(stated.out, Catch::Contains(" · posts 41 +0.35 · digits in the handle 0 +0.22"));
  CHECK_THAT(stated.out, Catch::Contains("follower spike -1.50"));
  CHECK_THAT(stated.out, Catch::Contains("engagement at least 4× the published median -1.50"));
  CHECK_THAT(stated.out, Catch::Contains("automation: not flagged"));
  // No stated figure: the estimate, from the model for the counts the profile gives.
  auto both = run_mikros({"show", "--db", db, "pinterest:smallspacegardening"});
  REQUIRE(both.exit_code == 0);
  CHECK_THAT(both.out, Catch::Contains("mikros's estimate (the profile states none)"));
  CHECK_THAT(both.out, Catch::Contains("(following+posts model)"));
  CHECK_THAT(both.out, Catch::Contains("posts 5,307 +"));
  auto no_posts = run_mikros({"show", "--db", db, "twitter:restaurant_critic_ldn"});
  CHECK_THAT(no_posts.out, Catch::Contains("(following model): baseline +3.01 · followers per "
                                           "account followed 41×"));
  auto no_following = run_mikros({"show", "--db", db, "youtube:RelaxWithRain"});
  CHECK_THAT(no_following.out, Catch::Contains("(posts model): baseline +3.37 · posts 285"));
}

TEST_CASE("search --explain lists each hit's authenticity parts", "[cli][auth]") {
  TempDir dir;
  const std::string db = indexed_corpus(dir);
  auto text = run_mikros({"search", "--db", db, "--explain", "restaurant critic"});
  REQUIRE(text.exit_code == 0);
  INFO(text.out);
  CHECK_THAT(text.out, Catch::Contains("twitter:restaurant_critic_ldn"));
  CHECK_THAT(text.out, Catch::Contains("authenticity 1.00, mikros's estimate"));
  CHECK_THAT(text.out, Catch::Contains("log-odds: baseline +3.01 · followers per account "
                                       "followed +"));
  // Filters alone: no score parts, the authenticity all the same.
  auto filters = run_mikros({"search", "--db", db, "--explain", "-n", "3", "platform:youtube"});
  REQUIRE(filters.exit_code == 0);
  CHECK_THAT(filters.out, Catch::Contains("log-odds: baseline"));

  auto json = run_mikros({"search", "--db", db, "--json", "--explain", "-n", "50", "fashion"});
  REQUIRE(json.exit_code == 0);
  auto j = nlohmann::json::parse(json.out);
  REQUIRE_FALSE(j["hits"].empty());
  for (const auto& hit : j["hits"]) {
    INFO(hit["handle"]);
    REQUIRE(hit.contains("authenticity_explained"));
    const auto& e = hit["authenticity_explained"];
    double sum = e["baseline_logit"].get<double>();
    for (const auto& c : e["contributions"]) sum += c["logit"].get<double>();
    CHECK(sum == Approx(e["logit"].get<double>()).margin(1e-9));
    // The figure used is the one the hit reports (stored as a float when indexed).
    CHECK(e["value"].get<double>() == Approx(hit["authenticity"].get<double>()).margin(1e-6));
    if (e["estimated"].get<bool>()) CHECK(e["value"] == e["estimate"]);
    CHECK(hit.contains("automated"));
  }
  auto plain = run_mikros({"search", "--db", db, "--json", "fashion"});
  CHECK_FALSE(nlohmann::json::parse(plain.out)["hits"][0].contains("authenticity_explained"));
}

TEST_CASE("mikros evaluate authenticity needs --data and names what a folder lacks",
          "[cli][auth][eval]") {
  auto none = run_mikros({"evaluate", "authenticity"});
  CHECK(none.exit_code == 2);
  CHECK_THAT(none.err, Catch::Contains("--data is required"));
  auto bare = run_mikros({"evaluate"});
  CHECK(bare.exit_code == 2);
  CHECK_THAT(bare.err, Catch::Contains("mikros evaluate authenticity --data DIR"));
  TempDir dir;
  auto empty = run_mikros({"evaluate", "authenticity", "--data", dir.path()});
  CHECK(empty.exit_code == 1);
  CHECK_THAT(empty.err, Catch::Contains("lacks labelled_1000_inclprivate.csv, "
                                        "instafake/fakeAccountData.json, "
                                        "instafake/realAccountData.json"));
}

TEST_CASE("mikros evaluate authenticity on ../shared prints the cross-set table",
          "[cli][auth][eval][shared]") {
  std::string shared = mikros::test::shared_dir();
  if (shared.empty()) MIKROS_SKIP("../shared/corpus-sources is absent");
  auto r = run_mikros(
      {"evaluate", "authenticity", "--data", shared + "/corpus-sources", "--bootstrap", "100"});
  REQUIRE(r.exit_code == 0);
  INFO(r.out);
  CHECK_THAT(r.out, Catch::Contains("InstaFake (994 real, 200 fake), scored by the model trained "
                                    "on SRF"));
  CHECK_THAT(r.out, Catch::Contains("SRF (877 real, 98 fake), scored by the model trained on "
                                    "InstaFake"));
  CHECK_THAT(r.out, Catch::Contains("posts (no following)  0.870 ["));
  CHECK_THAT(r.out, Catch::Contains("all 8 targets met"));
  CHECK_THAT(r.out, Catch::Contains("Twitter bot set (1056 bots, 1176 humans)"));
  // The older form is the same command.
  auto alias = run_mikros({"evaluate", "--data", shared + "/corpus-sources"});
  CHECK(alias.exit_code == 0);
  CHECK_THAT(alias.out, Catch::Contains("all 8 targets met"));
}
