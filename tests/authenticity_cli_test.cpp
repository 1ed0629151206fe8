// The authenticity model from the command line: `mikros evaluate authenticity` prints the
// cross-set table.
#include <catch2/catch.hpp>

#include "support.h"

using mikros::test::run_mikros;
using mikros::test::TempDir;

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
