// Record readers: JSONL line numbering and the HypeAuditor CSV importer.
#include "indexer/readers.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "support.h"

using namespace mikros;
using namespace mikros::indexer;

namespace {

std::vector<SourceRecord> read_all(RecordReader& reader) {
  std::vector<SourceRecord> out;
  SourceRecord r;
  while (reader.next(r)) out.push_back(r);
  return out;
}

}  // namespace

TEST_CASE("JSONL reader numbers lines and skips blanks", "[readers]") {
  std::istringstream in("\xEF\xBB\xBF{\"a\":1}\r\n\n   \n{\"b\":2}\n{\"c\":3}");
  auto reader = make_jsonl_reader(in);
  auto records = read_all(*reader);
  REQUIRE(records.size() == 3);
  CHECK(records[0].line == 1);
  CHECK(records[0].text == "{\"a\":1}");  // BOM and CR removed
  CHECK(records[1].line == 4);
  CHECK(records[2].line == 5);
  CHECK(reader->status());
}

TEST_CASE("abbreviated counts", "[readers][csv]") {
  CHECK(parse_abbreviated_count("409.8M") == 409'800'000);
  CHECK(parse_abbreviated_count("320.7K") == 320'700);
  CHECK(parse_abbreviated_count("1.2B") == 1'200'000'000);
  CHECK(parse_abbreviated_count("158") == 158);
  CHECK(parse_abbreviated_count("1,234") == 1'234);
  CHECK(parse_abbreviated_count(" 12k ") == 12'000);
  CHECK_FALSE(parse_abbreviated_count(""));
  CHECK_FALSE(parse_abbreviated_count("n/a"));
  CHECK_FALSE(parse_abbreviated_count("1.2.3M"));
}

TEST_CASE("HypeAuditor Instagram variant", "[readers][csv]") {
  std::istringstream in(
      "Rank,name,instagram name,Category_1,Category_2,followers,followers,country,Eng. (Auth.),"
      "Eng. (Auth.),Eng. (Avg.),Eng. (Avg.)\n"
      "1,leomessi,Leo Messi,Sports with a ball,Family,409.8M,409800000,Argentina,17.8M,17800000,"
      "23.4M,23400000\n"
      "501,virgilvandijk,Virgil van Dijk,Sports with a ball,,13.1M,13100000,United Kingdom,"
      "320.7K,320700,454.4K,454400\n"
      "502,nobody,No One,,,lots,,Narnia,,,,\n");
  auto reader = make_hypeauditor_reader(in);
  auto records = read_all(*reader);
  REQUIRE(reader->status());
  REQUIRE(records.size() == 3);
  REQUIRE(records[0].profile);
  const Profile& messi = *records[0].profile;
  CHECK(records[0].line == 2);
  CHECK(messi.platform == "instagram");
  CHECK(messi.handle == "leomessi");
  CHECK(messi.name == "Leo Messi");
  CHECK(messi.followers == 409'800'000);
  CHECK(messi.categories == std::vector<std::string>{"Sports with a ball", "Family"});
  CHECK(messi.audience.top_country == "AR");  // the list's country is the audience's
  CHECK(messi.country.empty());
  CHECK(*messi.engagement_rate == Approx(23.4e6 / 409.8e6));
  REQUIRE(records[1].profile);
  CHECK(records[1].profile->audience.top_country == "GB");
  CHECK(records[1].profile->categories == std::vector<std::string>{"Sports with a ball"});
  CHECK(records[2].line == 4);
  CHECK_FALSE(records[2].profile);
  CHECK(records[2].error == R"(followers: "lots" is not a count)");
}

TEST_CASE("HypeAuditor YouTube variant with a line break inside a header", "[readers][csv]") {
  std::istringstream in(
      "s.no,Youtube channel,youtuber name,Category,Followers,Followers,Country,\"\nViews (Avg.)\","
      "\"\nViews (Avg.)\",Likes (Avg.),Likes (Avg.),Comments (Avg.),Comments (Avg.),Category-2\n"
      "4,MrBeast,MrBeast,Video games,117M,117000000,United States,68.5M,68500000,2.9M,2900000,"
      "99.9K,99900,Humor\n"
      "2,setindia,SET India,,147.2M,147200000,India,0,0,0,0,0,0,\n");
  auto reader = make_hypeauditor_reader(in);
  auto records = read_all(*reader);
  REQUIRE(reader->status());
  REQUIRE(records.size() == 2);
  CHECK(records[0].line == 4);  // the header spans lines 1-3
  REQUIRE(records[0].profile);
  const Profile& p = *records[0].profile;
  CHECK(p.platform == "youtube");
  CHECK(p.handle == "MrBeast");
  CHECK(p.country == "US");
  CHECK(p.avg_views == 68'500'000);
  CHECK(p.avg_likes == 2'900'000);
  CHECK(p.avg_comments == 99'900);
  CHECK(p.categories == std::vector<std::string>{"Video games", "Humor"});
  REQUIRE(records[1].profile);
  CHECK_FALSE(records[1].profile->avg_views);  // 0 means "no figure"
}

TEST_CASE("HypeAuditor TikTok variant", "[readers][csv]") {
  std::istringstream in(
      "Rank,Tiktoker name,Tiktok name,followers,views(avg),views(avg),likes(avg.),likes(avg.),"
      "comments(avg.),comments(avg.),shares(avg.),shares(avg.)\n"
      "3,yzn47,يزن الأسمر,8.9M,48.9M,48900000,998.4K,998400,16.3K,16300,60.9K,60900\n");
  auto reader = make_hypeauditor_reader(in);
  auto records = read_all(*reader);
  REQUIRE(records.size() == 1);
  REQUIRE(records[0].profile);
  CHECK(records[0].profile->platform == "tiktok");
  CHECK(records[0].profile->name == "يزن الأسمر");
  CHECK(records[0].profile->followers == 8'900'000);
  CHECK(records[0].profile->avg_views == 48'900'000);
}

TEST_CASE("a CSV that is not a HypeAuditor list is refused as a whole", "[readers][csv]") {
  std::istringstream in("id,title\n1,hello\n");
  auto reader = make_hypeauditor_reader(in);
  SourceRecord r;
  CHECK_FALSE(reader->next(r));
  CHECK_THAT(reader->status().message(), Catch::Contains("not a HypeAuditor top-list CSV"));
}

TEST_CASE("HypeAuditor lists from ../shared import completely", "[readers][csv][shared]") {
  std::string shared = mikros::test::shared_dir();
  if (shared.empty()) MIKROS_SKIP("../shared/corpus-sources is absent");
  struct Case {
    const char* file;
    const char* platform;
    std::size_t rows;
  };
  const Case cases[] = {
      {"social media influencers-INSTAGRAM - -DEC 2022.csv", "instagram", 1000},
      {"social media influencers-YOUTUBE - --DEC 2022.csv", "youtube", 1003},
      {"social media influencers-TIKTOK - ---DEC 2022.csv", "tiktok", 1000},
  };
  for (const auto& c : cases) {
    INFO(c.file);
    std::ifstream in(shared + "/corpus-sources/" + c.file, std::ios::binary);
    REQUIRE(in);
    auto reader = make_hypeauditor_reader(in);
    auto records = read_all(*reader);
    REQUIRE(reader->status());
    CHECK(records.size() == c.rows);
    std::size_t ok = 0;
    std::set<std::string> errors;
    for (const auto& r : records) {
      if (r.profile) {
        ++ok;
        CHECK(r.profile->platform == c.platform);
        CHECK(r.profile->followers > 0);
        Profile p = *r.profile;
        CHECK(validate_profile(p));
      } else {
        errors.insert(r.error);
      }
    }
    CAPTURE(errors);
    CHECK(ok == c.rows);
  }
}
