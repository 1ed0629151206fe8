// The profiles of the small database the query and C API fuzz targets search.
#ifndef MIKROS_TESTS_FUZZ_FIXTURE_PROFILES_H
#define MIKROS_TESTS_FUZZ_FIXTURE_PROFILES_H

namespace mikros::fuzz {

// A small database with every facet, niche words, hashtags, mentions, a handle on two platforms
// (for ambiguous like: seeds), and audience shares, cities, contacts and sponsors on some
// profiles (aud.*:, city:, has:, sponsored:).
inline const char* const kFixtureProfiles[] = {
    R"({"platform":"instagram","handle":"maya","name":"Maya","bio":"Slow fashion lover, thrift finds #SlowFashion @patagonia","hashtags":["thrift","ootd"],"mentions":["patagonia"],"country":"US","languages":["en"],"categories":["Fashion"],"followers":23400,"engagement_rate":0.04,"price_usd":250,"city":"Portland","contact":"maya@example.com","sponsored":["Patagonia"],"audience":{"countries":{"US":0.6,"CA":0.2},"age":{"18-24":0.4,"25-34":0.3},"gender":{"female":0.7,"male":0.3},"authenticity":0.8},"follower_history":[["2023-01-01",20000],["2023-07-01",23400]]})",
    R"({"platform":"tiktok","handle":"maya","bio":"vintage hauls and thrift flips","country":"CA","languages":["en","fr"],"followers":4999})",
    R"({"platform":"youtube","handle":"lente","bio":"La mode lente : slow-fashion à la française","country":"FR","city":"Montréal","sponsored":["Café Verde"],"audience":{"countries":{"FR":0.5,"BE":0.1},"gender":{"female":0.55}},"languages":["fr"],"categories":["Fashion"],"followers":50000,"engagement_rate":0.035})",
    R"({"platform":"instagram","handle":"vegcook","bio":"vegan recipes, meal prep and fermented everything","hashtags":["plantbased"],"country":"ES","languages":["es","en"],"categories":["Food"],"followers":120000,"price_usd":900})",
    R"({"platform":"twitter","handle":"meatlab","bio":"recipes with meat and fire","country":"US","languages":["en"],"categories":["Food"],"followers":999999})",
    R"({"platform":"twitch","handle":"speedy","bio":"speedruns nightly, retro games","country":"DE","languages":["de","en"],"categories":["Gaming"],"followers":1000000,"engagement_rate":0.12})",
    R"({"platform":"instagram","handle":"tokyo_furugi","bio":"古着とスローファッション","country":"JP","city":"東京","audience":{"countries":{"JP":0.9},"age":{"55-64":0.2,"65+":0.1}},"languages":["ja"],"followers":8000})",
    R"({"platform":"instagram","handle":"trail","bio":"trail running and hiking with @patagonia gear","country":"US","languages":["en"],"categories":["Fitness","Travel"],"followers":49999,"follower_history":[["2023-01-01",60000],["2023-07-01",49999]]})",
    R"({"platform":"youtube","handle":"techtalk","bio":"gadgets, code and keyboards","country":"GB","followers":300,"engagement_rate":0.002})",
    R"({"platform":"tiktok","handle":"glow","bio":"skincare routine, glow up, sunscreen every day","hashtags":["skincareroutine"],"country":"BR","languages":["pt"],"categories":["Beauty"],"followers":75000,"engagement_rate":0.09,"audience":{"authenticity":0.55}})",
};

}  // namespace mikros::fuzz

#endif  // MIKROS_TESTS_FUZZ_FIXTURE_PROFILES_H
