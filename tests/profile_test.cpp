// The profile model: validation rules, normalisation, tiers, canonical JSON.
#include "mikros/profile.hpp"

#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "analytics/derive_facets.h"
#include "model/facets.h"
#include "support.h"

using namespace mikros;
using mikros::test::profile_line;

namespace {

// The rejection reason for `json`, or "" when it is accepted.
std::string reason(const std::string& json) {
  auto r = parse_profile(json);
  return r ? std::string() : r.status().message();
}

}  // namespace

TEST_CASE("a minimal profile is accepted and normalised", "[profile]") {
  auto p = parse_profile(R"({"platform":"Instagram","handle":"@Ana.Style","followers":12000})");
  REQUIRE(p);
  CHECK(p->platform == "instagram");
  CHECK(p->handle == "Ana.Style");
  CHECK(p->followers == 12000);
  CHECK(profile_key(*p) == "instagram:ana.style");
}

TEST_CASE("required fields", "[profile][validation]") {
  CHECK(reason(R"({"handle":"a","followers":1})") == "platform: missing (required)");
  CHECK(reason(R"({"platform":"instagram","followers":1})") == "handle: missing (required)");
  CHECK(reason(R"({"platform":"instagram","handle":"a"})") == "followers: missing (required)");
  CHECK(reason(R"({"platform":"instagram","handle":"a","followers":null})") ==
        "followers: missing (required)");
  CHECK(reason(R"({"platform":"","handle":"a","followers":1})") == "platform: missing (required)");
  CHECK(reason(R"({"platform":"instagram","handle":"@","followers":1})") ==
        "handle: missing (required)");
}

TEST_CASE("broken JSON and non-objects are rejected", "[profile][validation]") {
  CHECK_THAT(reason("not json"), Catch::StartsWith("invalid JSON"));
  CHECK_THAT(reason(R"({"platform":"instagram",)"), Catch::StartsWith("invalid JSON"));
  CHECK_THAT(reason(""), Catch::StartsWith("invalid JSON"));
  CHECK(reason("[1,2]") == "expected a JSON object, got array");
  CHECK(reason("42") == "expected a JSON object, got integer");
}

TEST_CASE("untrusted records are refused with the limit or the place", "[profile][validation]") {
  const std::string head = R"({"platform":"instagram","handle":"a","followers":1,"bio":")";
  // Invalid UTF-8: the byte offset of the first bad byte, wherever it is.
  CHECK(reason(head + "caf\\u00e9\"}") == "");   // a JSON escape: fine
  CHECK(reason(head + "caf\xc3\xa9\"}") == "");  // UTF-8: fine
  CHECK(reason(head + "caf\xe9\"}") ==
        fmt::format("invalid JSON: not valid UTF-8 at byte {}", head.size() + 3));
  CHECK(reason(head + "\xed\xa0\x80\"}") ==  // a UTF-16 surrogate
        fmt::format("invalid JSON: not valid UTF-8 at byte {}", head.size()));
  // Nesting: the limit by number.
  const std::string deep = std::string(2000, '[') + std::string(2000, ']');
  CHECK(reason(R"({"platform":"instagram","handle":"a","followers":1,"x":)" + deep + "}") ==
        "invalid JSON: nested deeper than 1024 arrays and objects (the limit)");
  // Numbers JSON cannot hold, and numbers out of a field's range.
  for (const char* n : {"1e999", "-1e999", "1e400"}) {
    INFO(n);
    CHECK_THAT(
        reason(std::string(R"({"platform":"instagram","handle":"a","followers":)") + n + "}"),
        Catch::StartsWith("invalid JSON: a number is malformed or out of range"));
  }
  CHECK_THAT(reason(R"({"platform":"instagram","handle":"a","followers":NaN})"),
             Catch::StartsWith("invalid JSON"));
  CHECK_THAT(reason(R"({"platform":"instagram","handle":"a","followers":1e30})"),
             Catch::StartsWith("followers: expected a non-negative integer"));
  CHECK_THAT(
      reason(R"({"platform":"instagram","handle":"a","followers":1,"engagement_rate":1e300})"),
      Catch::StartsWith("engagement_rate: expected a fraction"));
  // A key given twice.
  CHECK(reason(R"({"platform":"instagram","handle":"a","handle":"b","followers":1})") ==
        "handle: appears twice");
}

TEST_CASE("wrong types name the field", "[profile][validation]") {
  CHECK(reason(profile_line("instagram", "a", R"("followers":"12k")")) ==
        "followers: expected a non-negative integer, got string");
  CHECK(reason(profile_line("instagram", "a", R"("followers":12.5)")) ==
        "followers: expected a non-negative integer, got 12.5");
  CHECK(reason(R"({"platform":1,"handle":"a","followers":1})") ==
        "platform: expected a string, got integer");
  CHECK(reason(profile_line("instagram", "a", R"("bio":["x"])")) ==
        "bio: expected a string, got array");
  CHECK(reason(profile_line("instagram", "a", R"("hashtags":"#a #b")")) ==
        "hashtags: expected an array of strings, got string");
  CHECK(reason(profile_line("instagram", "a", R"("hashtags":["ok",3])")) ==
        "hashtags: expected a string, got integer");
  CHECK(reason(profile_line("instagram", "a", R"("avg_likes":"many")")) ==
        "avg_likes: expected a number, got string");
  CHECK(reason(profile_line("instagram", "a", R"("audience":[])")) ==
        "audience: expected an object, got array");
  CHECK(reason(profile_line("instagram", "a", R"("follower_history":[["2026-01-01"]])")) ==
        "follower_history: each entry must be [date, followers]");
}

TEST_CASE("negative counts are rejected", "[profile][validation]") {
  CHECK(reason(profile_line("instagram", "a", R"("followers":-5)")) ==
        "followers: must not be negative, got -5");
  CHECK(reason(profile_line("instagram", "a", R"("following":-1)")) ==
        "following: must not be negative, got -1");
  CHECK(reason(profile_line("instagram", "a", R"("posts":-3)")) ==
        "posts: must not be negative, got -3");
  CHECK(reason(profile_line("instagram", "a", R"("avg_likes":-0.5)")) ==
        "avg_likes: must not be negative, got -0.5");
  CHECK(reason(profile_line("instagram", "a", R"("price_usd":-10)")) ==
        "price_usd: must not be negative, got -10");
  CHECK(reason(profile_line("instagram", "a", R"("follower_history":[["2026-01-01",-4]])")) ==
        "follower_history: must not be negative, got -4");
  // Integral doubles are counts; 0 is fine.
  CHECK(reason(profile_line("instagram", "a", R"("followers":12000.0)")).empty());
  CHECK(reason(profile_line("instagram", "a", R"("followers":0)")).empty());
}

TEST_CASE("country codes are ISO 3166-1 alpha-2", "[profile][validation]") {
  auto p = parse_profile(profile_line("instagram", "a", R"("country":"us")"));
  REQUIRE(p);
  CHECK(p->country == "US");
  auto uk = parse_profile(profile_line("instagram", "a", R"("country":"UK")"));
  REQUIRE(uk);
  CHECK(uk->country == "GB");
  CHECK(reason(profile_line("instagram", "a", R"("country":"XX")")) ==
        R"(country: unknown ISO 3166-1 country code "XX")");
  CHECK(reason(profile_line("instagram", "a", R"("country":"USA")")) ==
        R"(country: unknown ISO 3166-1 country code "USA")");
  CHECK(reason(profile_line("instagram", "a", R"("audience":{"countries":{"ZZ":0.5}})")) ==
        R"(audience.countries: unknown country code "ZZ")");
  CHECK(is_country_code("JP"));
  CHECK(is_country_code("jp"));
  CHECK_FALSE(is_country_code("UK"));
  CHECK_FALSE(is_country_code("EU"));
}

TEST_CASE("language codes are ISO 639-1", "[profile][validation]") {
  auto p = parse_profile(profile_line("instagram", "a", R"("languages":["EN","ja"])"));
  REQUIRE(p);
  CHECK(p->languages == std::vector<std::string>{"en", "ja"});
  // Tagalog: ICU knows it only as "fil", but "tl" is its ISO 639-1 code.
  CHECK(parse_profile(profile_line("instagram", "a", R"("languages":["tl"])")));
  CHECK(reason(profile_line("instagram", "a", R"("languages":["english"])")) ==
        R"(languages: unknown ISO 639-1 language code "english")");
  CHECK(reason(profile_line("instagram", "a", R"("languages":["xx"])")) ==
        R"(languages: unknown ISO 639-1 language code "xx")");
}

TEST_CASE("engagement rate is a fraction", "[profile][validation]") {
  CHECK(reason(profile_line("instagram", "a", R"("engagement_rate":0.034)")).empty());
  CHECK(reason(profile_line("instagram", "a", R"("engagement_rate":1)")).empty());
  CHECK(reason(profile_line("instagram", "a", R"("engagement_rate":3.4)")) ==
        "engagement_rate: expected a fraction between 0 and 1 (0.034 = 3.4%), got 3.4");
  CHECK(reason(profile_line("instagram", "a", R"("engagement_rate":-0.1)")) ==
        "engagement_rate: expected a fraction between 0 and 1 (0.034 = 3.4%), got -0.1");
}

TEST_CASE("handles, hashtags and mentions", "[profile][validation]") {
  CHECK(reason(profile_line("instagram", "two words")) ==
        "handle: contains a space or control character");
  CHECK(reason(profile_line("instagram", std::string(101, 'a'))) ==
        "handle: longer than 100 bytes");
  CHECK(reason(profile_line("insta gram", "a")) ==
        R"(platform: "insta gram" is not a platform name (letters, digits, _ . -))");
  auto p = parse_profile(profile_line(
      "instagram", "a", R"("hashtags":["#SlowFashion","ootd"],"mentions":["@brand"])"));
  REQUIRE(p);
  CHECK(p->hashtags == std::vector<std::string>{"SlowFashion", "ootd"});
  CHECK(p->mentions == std::vector<std::string>{"brand"});
  CHECK(reason(profile_line("instagram", "a", R"("hashtags":["slow fashion"])")) ==
        R"(hashtags: "slow fashion" contains a space)");
  CHECK(reason(profile_line("instagram", "a", R"("hashtags":["#"])")) == "hashtags: empty entry");
}

TEST_CASE("follower history dates and audience shares", "[profile][validation]") {
  auto p = parse_profile(profile_line(
      "instagram", "a",
      R"("follower_history":[["2026-03-01",1200],["2026-01",1000],["2026-02-15",1100]])"));
  REQUIRE(p);
  REQUIRE(p->follower_history.size() == 3);
  CHECK(p->follower_history[0].date == "2026-01");  // sorted by date
  CHECK(reason(profile_line("instagram", "a", R"("follower_history":[["2026-02-30",1]])")) ==
        R"(follower_history: "2026-02-30" is not a date (YYYY-MM-DD))");
  CHECK(reason(profile_line("instagram", "a", R"("follower_history":[["yesterday",1]])")) ==
        R"(follower_history: "yesterday" is not a date (YYYY-MM-DD))");
  CHECK(reason(profile_line("instagram", "a", R"("audience":{"countries":{"US":0.7,"CA":0.5}})")) ==
        "audience.countries: shares add up to 1.2, more than 1");
  CHECK(reason(profile_line("instagram", "a", R"("audience":{"authenticity":1.5})")) ==
        "audience.authenticity: expected a share between 0 and 1, got 1.5");
  CHECK(reason(profile_line("instagram", "a", R"("audience":{"age":{"young":0.5}})")) ==
        R"(audience.age: "young" is not an age band like "18-24" or "65+")");
  CHECK(reason(profile_line("instagram", "a", R"("audience":{"gender":{"other":0.1}})")) ==
        R"(audience.gender: unknown key "other" (expected female, male))");
  CHECK(reason(profile_line("instagram", "a", R"("audience":{"contries":{}})")) ==
        R"(audience: unknown key "contries")");
}

TEST_CASE("a field given twice is rejected", "[profile][validation]") {
  CHECK(reason(R"({"platform":"instagram","handle":"a","followers":1,"followers":2})") ==
        "followers: appears twice");
}

TEST_CASE("unknown fields are kept and ignored", "[profile]") {
  auto p =
      parse_profile(profile_line("instagram", "a", R"("agency":{"name":"Bloom","since":2021})"));
  REQUIRE(p);
  REQUIRE(p->extra_fields.size() == 1);
  CHECK(p->extra_fields[0].first == "agency");
  CHECK(p->extra_fields[0].second == R"({"name":"Bloom","since":2021})");
  CHECK(to_json(*p).find(R"("agency":{"name":"Bloom","since":2021})") != std::string::npos);
}

TEST_CASE("canonical JSON round-trips every field", "[profile]") {
  std::string line =
      R"({"platform":"instagram","handle":"ana","name":"Ana \"A\" Ruiz","bio":"Café ☕\nline two","hashtags":["slowfashion"],"mentions":["brand"],"country":"ES","city":"Madrid","languages":["es","en"],"categories":["fashion"],"followers":23400,"following":512,"posts":870,"avg_likes":900.5,"avg_comments":40,"avg_views":0,"engagement_rate":0.0402,"follower_history":[["2026-01-01",20000],["2026-10-01",23400]],"posts_per_week":3.5,"audience":{"countries":{"ES":0.6,"MX":0.2},"age":{"18-24":0.4,"25-34":0.35},"gender":{"female":0.8,"male":0.2},"authenticity":0.91},"sponsored":["Ecoalf"],"price_usd":350,"contact":"ana@example.com","updated_at":"2026-10-15","x_note":[1,2]})";
  auto p = parse_profile(line);
  REQUIRE(p);
  std::string out = to_json(*p);
  auto again = parse_profile(out);
  REQUIRE(again);
  CHECK(to_json(*again) == out);
  CHECK(again->bio == "Café ☕\nline two");
  CHECK(again->name == "Ana \"A\" Ruiz");
  CHECK(again->audience.countries.at("MX") == 0.2);
  CHECK(*again->engagement_rate == 0.0402);
  CHECK(again->follower_history.back().followers == 23400);
}

TEST_CASE("validate_profile applies the same rules to profiles built in code", "[profile]") {
  Profile p;
  p.platform = "TikTok";
  p.handle = "@dancer";
  p.followers = 10;
  p.country = "fr";
  REQUIRE(validate_profile(p));
  CHECK(p.platform == "tiktok");
  CHECK(p.handle == "dancer");
  CHECK(p.country == "FR");
  p.country = "QQ";
  CHECK(validate_profile(p).message() == R"(country: unknown ISO 3166-1 country code "QQ")");
}

TEST_CASE("tier boundaries", "[profile][tier]") {
  CHECK(tier_for(0) == Tier::kNano);
  CHECK(tier_for(4'999) == Tier::kNano);
  CHECK(tier_for(5'000) == Tier::kMicro);
  CHECK(tier_for(49'999) == Tier::kMicro);
  CHECK(tier_for(50'000) == Tier::kMid);
  CHECK(tier_for(499'999) == Tier::kMid);
  CHECK(tier_for(500'000) == Tier::kMacro);
  CHECK(tier_for(999'999) == Tier::kMacro);
  CHECK(tier_for(1'000'000) == Tier::kMega);
  TierBoundaries custom{10'000, 100'000, 1'000'000, 5'000'000};
  CHECK(tier_for(9'999, custom) == Tier::kNano);
  CHECK(tier_for(10'000, custom) == Tier::kMicro);
  CHECK(tier_name(Tier::kMacro) == "macro");
  CHECK(parse_tier("mid") == Tier::kMid);
  CHECK_FALSE(parse_tier("huge"));
}

TEST_CASE("derived engagement rate and growth", "[profile][metrics]") {
  Profile p;
  p.platform = "instagram";
  p.followers = 10'000;
  p.avg_likes = 300;
  p.avg_comments = 20;
  CHECK(mikros::engagement_rate(p).value() == Approx(0.032));
  p.platform = "youtube";
  p.avg_views = 8'000;
  CHECK(mikros::engagement_rate(p).value() == Approx(0.04));  // per view on video platforms
  p.engagement_rate = 0.05;
  CHECK(mikros::engagement_rate(p).value() == 0.05);  // given wins
  p.follower_history = {{"2026-01-01", 10'000}, {"2026-07-02", 11'000}};
  // 182 days: (1.1)^(30.4375/182) - 1
  CHECK(mikros::monthly_growth(p).value() == Approx(std::pow(1.1, 30.4375 / 182) - 1));
  p.follower_history = {{"2026-01-01", 10'000}, {"2026-01-03", 11'000}};
  CHECK_FALSE(mikros::monthly_growth(p));  // too short a span to call it a monthly rate
}

TEST_CASE("facet records round-trip and reject damage", "[facets]") {
  Profile p;
  p.platform = "instagram";
  p.handle = "a";
  p.followers = 23'400;
  p.country = "US";
  p.languages = {"en", "es"};
  p.engagement_rate = 0.04;
  p.price_usd = 250;
  FacetRecord r = derive_facets(p, TierBoundaries{}, 7);
  std::string bytes = encode_facets(r);
  auto back = decode_facets(bytes);
  REQUIRE(back);
  CHECK(back->tier == Tier::kMicro);
  CHECK(back->followers == 23'400);
  CHECK(back->generation == 7);
  CHECK(back->platform == "instagram");
  CHECK(std::string(back->country, 2) == "US");
  CHECK(std::string(back->languages[1], 2) == "es");
  CHECK(back->engagement_rate == 0.04);  // exact: the numbers ranges compare are doubles
  CHECK(back->price_usd == 250.0);
  CHECK(std::isnan(back->growth_monthly));
  CHECK_FALSE(decode_facets(bytes.substr(0, 20)));
  std::string bad = bytes;
  bad[0] = 99;  // unknown version
  CHECK_FALSE(decode_facets(bad));
  // The flags byte: spike 1, estimated authenticity 2, automated 4, contact 8, sponsors 16;
  // other bits are damage.
  CHECK(back->authenticity_estimated);
  CHECK_FALSE(back->automated);
  r.automated = true;
  r.spike = true;
  auto flagged = decode_facets(encode_facets(r));
  REQUIRE(flagged);
  CHECK(flagged->automated);
  CHECK(flagged->spike);
  CHECK(flagged->authenticity_estimated);
  std::string old = encode_facets(r);
  old[2] = 3;  // written before the automation flag existed
  CHECK_FALSE(decode_facets(old)->automated);
  old[2] = 8 | 16;  // contact and sponsors (version 2)
  CHECK(decode_facets(old)->has_contact);
  CHECK(decode_facets(old)->has_sponsored);
  old[2] = 32;  // a flag no version has
  CHECK_FALSE(decode_facets(old));
}
