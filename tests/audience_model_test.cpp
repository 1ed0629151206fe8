// Audience shares as stored: levels of 1/250, age ranges of whole bands, gender names, the
// facets record's audience (every country, both genders, city and flags) and its older version,
// and the facet columns' audience cells.
#include <catch2/catch.hpp>
#include <cstring>
#include <set>

#include "analysis/document.h"
#include "analysis/vocabulary.h"
#include "analytics/columns.h"
#include "analytics/derive_facets.h"
#include "mikros/profile.hpp"
#include "model/audience.h"
#include "model/facets.h"

using namespace mikros;

TEST_CASE("a share's level rounds to the nearest 1/250", "[audience]") {
  CHECK(share_level(0.4) == 100);
  CHECK(share_level(0.401) == 100);  // 100.25
  CHECK(share_level(0.402) == 101);  // 100.5 rounds up
  CHECK(share_level(0.0) == 0);
  CHECK(share_level(0.0019) == 0);
  CHECK(share_level(0.002) == 1);
  CHECK(share_level(1.0) == 250);
  CHECK(share_level(1.5) == 250);  // clamped
  CHECK(share_level(-0.1) == 0);
}

TEST_CASE("age ranges name whole standard bands", "[audience]") {
  auto range = [](std::string_view s) { return parse_age_range(s); };
  CHECK(range("18-24") == AgeRange{1, 1});
  CHECK(range("18-34") == AgeRange{1, 2});
  CHECK(range(" 25 - 44 ") == AgeRange{2, 3});
  CHECK(range("18\u201334") == AgeRange{1, 2});  // en dash
  CHECK(range("55+") == AgeRange{5, 5});
  CHECK(range("35+") == AgeRange{3, 5});
  CHECK(range("13-17") == AgeRange{0, 0});
  CHECK(range("13+") == AgeRange{0, 5});
  std::string why;
  CHECK_FALSE(parse_age_range("20-34", &why));
  CHECK(why == "20 falls inside the band 18-24");
  CHECK_FALSE(parse_age_range("18-30", &why));
  CHECK(why == "30 falls inside the band 25-34");
  CHECK_FALSE(parse_age_range("65+", &why));
  CHECK(why == "65 falls inside the band 55+");
  CHECK_FALSE(parse_age_range("18-64", &why));
  CHECK(why == "64 falls inside the band 55+ (write 18+)");
  CHECK_FALSE(parse_age_range("10-17", &why));
  CHECK(why == "10 is below the youngest band, 13-17");
  CHECK_FALSE(parse_age_range("25-17", &why));
  CHECK(why == "17 is below 25");
  CHECK_FALSE(parse_age_range("young", &why));
  CHECK(why == "expected an age range such as 18-24, 18-34 or 55+");
  CHECK(age_range_name({1, 2}) == "18-34");
  CHECK(age_range_name({3, 5}) == "35+");
  CHECK(age_range_name({0, 0}) == "13-17");
  // Every contiguous range has its own index below kAgeRangeCount.
  std::vector<int> seen;
  for (int f = 0; f < kAgeBandCount; ++f) {
    for (int l = f; l < kAgeBandCount; ++l) {
      const int i = age_range_index({f, l});
      CHECK(i >= 0);
      CHECK(i < kAgeRangeCount);
      CHECK(std::find(seen.begin(), seen.end(), i) == seen.end());
      seen.push_back(i);
      CHECK(parse_age_range(age_range_name({f, l})) == AgeRange{f, l});
    }
  }
  CHECK(seen.size() == static_cast<std::size_t>(kAgeRangeCount));
}

TEST_CASE("gender names", "[audience]") {
  CHECK(parse_gender("Female") == Gender::kFemale);
  CHECK(parse_gender("women") == Gender::kFemale);
  CHECK(parse_gender("MEN") == Gender::kMale);
  CHECK_FALSE(parse_gender("other"));
  CHECK(std::string(gender_name(Gender::kMale)) == "male");
}

namespace {

Profile audience_profile() {
  Profile p;
  p.platform = "instagram";
  p.handle = "a";
  p.followers = 23'400;
  // Eight countries, more than the columns keep in a profile's cell.
  p.audience.countries = {{"DE", 0.3},  {"AT", 0.2},  {"CH", 0.15},  {"FR", 0.1},
                          {"IT", 0.05}, {"NL", 0.04}, {"BE", 0.031}, {"PL", 0.02}};
  p.audience.age = {{"18-24", 0.4}, {"25-34", 0.35}, {"65+", 0.05}};
  p.audience.male = 0.45;
  p.city = " Köln ";
  p.contact = "a@example.com";
  p.sponsored = {"Café Verde"};
  return p;
}

}  // namespace

TEST_CASE("the facets record keeps every audience country, both genders, city and flags",
          "[audience][facets]") {
  FacetRecord r = derive_facets(audience_profile(), TierBoundaries{}, 3);
  REQUIRE(r.audience.countries.size() == 8);
  CHECK(std::string(r.audience.countries[0].code, 2) == "DE");
  CHECK(r.audience.countries[0].share == 75);
  CHECK(std::string(r.audience.countries[7].code, 2) == "PL");
  CHECK(r.audience.countries[7].share == 5);
  CHECK(std::string(r.audience.top_country, 2) == "DE");
  CHECK(r.audience.age[1] == 100);
  CHECK(r.audience.age[5] == 13);  // 65+ folds into 55+: 12.5 rounds to 13
  CHECK(r.audience.age[0] == 0);   // given data: bands not listed are 0
  CHECK(r.audience.female == kUnknownShare);
  CHECK(r.audience.male == 113);  // 112.5
  CHECK(r.city == "Köln");
  CHECK(r.city_key.empty());  // the store folds it
  CHECK(r.has_contact);
  CHECK(r.has_sponsored);
  r.city_key = "koln";
  auto back = decode_facets(encode_facets(r));
  REQUIRE(back);
  REQUIRE(back->audience.countries.size() == 8);
  CHECK(back->audience.countries[6].share == r.audience.countries[6].share);
  CHECK(back->audience.male == 113);
  CHECK(back->city == "Köln");
  CHECK(back->city_key == "koln");
  CHECK(back->has_contact);
  CHECK(back->has_sponsored);

  // Only the largest country known (imported top lists): no shares, but a top country.
  Profile top;
  top.platform = "instagram";
  top.handle = "b";
  top.audience.top_country = "AR";
  FacetRecord t = derive_facets(top, TierBoundaries{}, 1);
  CHECK(t.audience.countries.empty());
  CHECK(std::string(t.audience.top_country, 2) == "AR");
  CHECK_FALSE(t.audience.has_gender());
}

TEST_CASE("a version 1 facets record (formats 2 and 3) still decodes", "[audience][facets]") {
  // Version, tier, flags, country, languages, followers, following, posts, five floats,
  // generation, three audience countries and their shares, age bands, female, platform.
  std::string v1;
  auto u8 = [&](unsigned v) { v1 += static_cast<char>(v); };
  auto bytes = [&](const char* s, std::size_t n) { v1.append(s, n); };
  auto le = [&](std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) u8(static_cast<unsigned>((v >> (8 * i)) & 0xff));
  };
  u8(1);
  u8(1);
  u8(2);
  bytes("US", 2);
  bytes("en\0\0\0\0\0\0", 8);
  le(23'400, 8);
  le(100, 4);
  le(50, 4);
  for (int i = 0; i < 5; ++i) {
    float f = 0.5f;
    std::uint32_t bits;
    std::memcpy(&bits, &f, 4);
    le(bits, 4);
  }
  le(9, 8);
  bytes("USCAGB", 6);
  u8(150);
  u8(50);
  u8(25);
  for (int i = 0; i < kAgeBandCount; ++i) u8(40);
  u8(200);
  u8(9);
  bytes("instagram", 9);
  auto r = decode_facets(v1);
  REQUIRE(r);
  CHECK(r->followers == 23'400);
  CHECK(r->generation == 9);
  CHECK(r->authenticity_estimated);
  REQUIRE(r->audience.countries.size() == 3);
  CHECK(std::string(r->audience.countries[1].code, 2) == "CA");
  CHECK(r->audience.countries[1].share == 50);
  CHECK(r->audience.female == 200);
  CHECK(r->audience.male == kUnknownShare);
  CHECK(r->platform == "instagram");
  CHECK(r->city.empty());
}

TEST_CASE("the columns hold each profile's audience, city and presence", "[audience][columns]") {
  FacetRecord full = derive_facets(audience_profile(), TierBoundaries{}, 1);
  full.city_key = "koln";
  FacetRecord other = full;
  other.city = "KÖLN";  // the same key, another spelling
  Profile none;
  none.platform = "tiktok";
  none.handle = "n";
  none.price_usd = 100;
  FacetRecord bare = derive_facets(none, TierBoundaries{}, 1);
  Columns::Builder b;
  b.add(5, full);
  b.add(6, bare);
  auto c = b.finish(1);
  auto key = c->key(5);
  REQUIRE(key);
  CHECK(key->presence() ==
        (presence::kContact | presence::kSponsored | presence::kAudienceCountries |
         presence::kAudienceAge | presence::kAudienceGender | presence::kMoreCountries));
  CHECK(key->country_share(upper_code(pack_code("DE"))) == 75);
  CHECK(key->country_share(upper_code(pack_code("PL"))) == 5);  // beyond the cell's six
  CHECK(key->country_share(upper_code(pack_code("US"))) == 0);
  CHECK(key->age_share({1, 2}) == 188);  // 100 + 88 (0.35 x 250 = 87.5)
  CHECK(key->gender_share(Gender::kMale) == 113);
  CHECK_FALSE(key->gender_share(Gender::kFemale));
  CHECK(c->city_name(key->city()) == "Köln");
  CHECK(c->city_id("koln") == key->city());
  auto none_key = c->key(6);
  REQUIRE(none_key);
  CHECK(none_key->presence() == presence::kPrice);
  CHECK_FALSE(none_key->country_share(upper_code(pack_code("DE"))));
  CHECK_FALSE(none_key->age_share({0, 5}));
  CHECK(none_key->city() == 0);

  // A later snapshot adds a city without changing the first one's table; a removed profile
  // leaves no countries behind.
  FacetRecord berlin = bare;
  berlin.city = "Berlin";
  berlin.city_key = "berlin";
  auto next = c->with_changes({{6, &berlin}, {5, nullptr}}, 2);
  CHECK_FALSE(c->city_id("berlin"));
  CHECK(next->city_id("berlin"));
  CHECK(next->city_name(*next->city_id("berlin")) == "Berlin");
  CHECK_FALSE(next->key(5));
  auto again = next->with_changes({{5, &other}}, 3);
  auto k = again->key(5);
  REQUIRE(k);
  CHECK(again->city_name(k->city()) == "Köln");  // the first spelling names the key
  CHECK(k->country_share(upper_code(pack_code("PL"))) == 5);
}

TEST_CASE("a profile's document holds its share, city and presence terms", "[audience][terms]") {
  Profile p = audience_profile();
  p.price_usd = 90;
  FacetRecord r = derive_facets(p, TierBoundaries{}, 1);
  Xapian::Document d = doc::build_document(p, r);
  std::set<std::string> terms;
  for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
    if ((*t).rfind("XA", 0) == 0 || (*t).rfind("XG", 0) == 0 || (*t).rfind("XH", 0) == 0) {
      terms.insert(*t);
    }
  }
  for (const char* t : {"XACde:075", "XACpl:005", "XAA18-24:100", "XAA18-34:188", "XAA13+:251",
                        "XAGmale:113", "XGkoln", "XHcontact", "XHprice", "XHsponsored",
                        "XHaud.country", "XHaud.age", "XHaud.gender"}) {
    INFO(t);
    CHECK(terms.count(t) == (std::string(t) == "XAA13+:251" ? 0u : 1u));
  }
  CHECK(terms.count("XAA13+:201") == 1);    // 0 + 100 + 88 + 0 + 0 + 13
  CHECK(terms.count("XAA13-17:000") == 0);  // levels of 0 have no term (but for gender)
  CHECK(terms.count("XAA35-54:000") == 0);
  CHECK(terms.count("XAGfemale:000") == 0);  // not given: no term
  // Eight countries, 21 - 4 age ranges with a level (13-17, 35-44, 45-54 and 35-54 are 0),
  // one gender, the city and six presence terms.
  CHECK(terms.size() == 8 + 17 + 1 + 1 + 6);
  CHECK(vocab::city_key("São Paulo") == "sao-paulo");
  CHECK(vocab::city_key("  SAO  PAULO ") == "sao-paulo");
  CHECK(vocab::city_key("Москва") == "москва");
  CHECK(vocab::city_key("İstanbul") == "istanbul");
  CHECK(vocab::city_key("").empty());
}
