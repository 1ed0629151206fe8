// The audience and account filters of the query language (aud.country:, aud.age:,
// aud.gender:, city:, has:, sponsored:, sort:aud.*): their canonical form, the levels a share
// bound lets pass, the builder, and errors with positions.
#include <catch2/catch.hpp>

#include "mikros/query.hpp"
#include "query/ast.h"

using namespace mikros;
using Kind = Query::Node::Kind;

namespace {

std::string describe(const std::string& text) {
  auto q = Query::parse(text);
  INFO(text);
  REQUIRE(q);
  return q->describe();
}

std::pair<std::size_t, std::string> error_of(const std::string& text) {
  auto q = Query::parse(text);
  INFO(text);
  REQUIRE_FALSE(q);
  CHECK(q.status().code() == ErrorCode::kQuerySyntax);
  return {q.status().position(), q.status().message()};
}

// The levels (1/250) an audience clause lets pass.
std::pair<int, int> levels_of(const std::string& text) {
  auto q = Query::parse(text);
  INFO(text);
  REQUIRE(q);
  REQUIRE(q->root()->kind == Kind::kAudience);
  return {q->root()->share_lo, q->root()->share_hi};
}

}  // namespace

TEST_CASE("audience shares: canonical form", "[query][parser][audience]") {
  CHECK(describe("aud.country:de>=40%") == "aud.country:DE>=40%");
  CHECK(describe("aud.country:DE>=0.4") == "aud.country:DE>=40%");
  CHECK(describe("AUD.COUNTRY:DE,at,CH,de>=30%") == "aud.country:DE,AT,CH>=30%");
  CHECK(describe("aud.country:\"United States\">=20%") == "aud.country:US>=20%");
  CHECK(describe("aud.country:DE=40%..60%") == "aud.country:DE=40%..60%");
  CHECK(describe("aud.country:DE=40%") == "aud.country:DE=40%");
  CHECK(describe("aud.country:DE<=10%") == "aud.country:DE<=10%");
  CHECK(describe("aud.gender:female>=60%") == "aud.gender:female>=60%");
  CHECK(describe("aud.gender:Women>=0.6") == "aud.gender:female>=60%");
  CHECK(describe("aud.gender:m<50%") == "aud.gender:male<=49.6%");
  CHECK(describe("aud.age:18-24>=30%") == "aud.age:18-24>=30%");
  CHECK(describe("aud.age:18-34>=50%") == "aud.age:18-34>=50%");
  CHECK(describe("aud.age:35+>=10%") == "aud.age:35+>=10%");
  CHECK(describe("aud.age:55+>=10%") == "aud.age:55+>=10%");
  // Bounds strictly above or below a level are the next level: 0.4% steps.
  CHECK(describe("aud.country:DE>40%") == "aud.country:DE>=40.4%");
  CHECK(describe("aud.country:DE<40%") == "aud.country:DE<=39.6%");
  // Nothing passes: written as a bound nothing meets, which reads back as itself.
  CHECK(describe("aud.country:DE>100%") == "aud.country:DE>100%");
  CHECK(describe("aud.country:DE<0%") == "aud.country:DE>100%");
  CHECK(describe("-aud.country:DE>=40% tier:micro") == "-aud.country:DE>=40% tier:micro");
}

TEST_CASE("audience shares: the levels a bound lets pass", "[query][parser][audience]") {
  CHECK(levels_of("aud.country:DE>=40%") == std::pair{100, 250});
  CHECK(levels_of("aud.country:DE>40%") == std::pair{101, 250});
  CHECK(levels_of("aud.country:DE<=40%") == std::pair{0, 100});
  CHECK(levels_of("aud.country:DE<40%") == std::pair{0, 99});
  CHECK(levels_of("aud.country:DE=40%..60%") == std::pair{100, 150});
  CHECK(levels_of("aud.country:DE=0.4") == std::pair{100, 100});
  // A bound between two levels rounds as a stored share does: 40.1% is stored as 40%.
  CHECK(levels_of("aud.country:DE>=40.1%") == std::pair{100, 250});
  CHECK(levels_of("aud.country:DE>=40.3%") == std::pair{101, 250});
  CHECK(levels_of("aud.gender:female>=0%") == std::pair{0, 250});
}

TEST_CASE("account filters: canonical form", "[query][parser][account]") {
  CHECK(describe("city:Seoul") == "city:Seoul");
  CHECK(describe("city:\"Los Angeles\",Seoul") == "city:\"Los Angeles\",Seoul");
  // Equal once folded: the first spelling stays.
  CHECK(describe("city:\"São Paulo\",\"SAO PAULO\"") == "city:\"São Paulo\"");
  CHECK(describe("city:서울") == "city:서울");
  CHECK(describe("has:contact") == "has:contact");
  CHECK(describe("has:Price,contact,price") == "has:price,contact");
  CHECK(describe("has:audience -has:aud.age") == "has:audience -has:aud.age");
  CHECK(describe("sponsored:Patagonia") == "sponsored:Patagonia");
  CHECK(describe("sponsored:\"Café Verde\",\"cafe verde\"") == "sponsored:\"Café Verde\"");
  CHECK(describe("sponsored:*") == "sponsored:*");
  CHECK(describe("-sponsored:*") == "-sponsored:*");
}

TEST_CASE("sort by an audience share", "[query][parser][audience]") {
  auto q = Query::parse("tier:micro sort:aud.country:us");
  REQUIRE(q);
  CHECK(q->sort_order() == SortOrder::kAudience);
  REQUIRE(q->audience_sort());
  CHECK(q->audience_sort()->field == AudienceField::kCountry);
  CHECK(q->audience_sort()->value == "US");
  CHECK(q->describe() == "tier:micro sort:aud.country:US");
  CHECK(describe("sort:aud.gender:women") == "* sort:aud.gender:female");
  CHECK(describe("sort:aud.age:18-34 limit:5") == "* sort:aud.age:18-34 limit:5");
  CHECK(describe("sort:aud.country:\"Germany\"") == "* sort:aud.country:DE");
  // A later sort: replaces the share.
  auto later = Query::parse("sort:aud.country:US sort:followers");
  REQUIRE(later);
  CHECK(later->sort_order() == SortOrder::kFollowers);
  CHECK(later->describe() == "* sort:followers");
}

TEST_CASE("audience and account filters: errors name the position", "[query][parser][errors]") {
  using E = std::pair<std::size_t, std::string>;
  auto at = [](const std::string& q) { return error_of(q).first; };
  auto says = [](const std::string& q, const std::string& part) {
    INFO(q);
    CHECK_THAT(error_of(q).second, Catch::Contains(part));
  };
  CHECK(error_of("aud.country:XX>=40%") ==
        E{12, "unknown country 'XX' (expected an ISO code such as US)"});
  CHECK(at("aud.country:DE,XX>=40%") == 15);
  CHECK(at("aud.country:DE>=140%") == 16);
  says("aud.country:DE>=140%", "a share is between 0% and 100%");
  CHECK(at("aud.country:DE>=-5%") == 16);
  CHECK(at("aud.country:DE=40%..1.5") == 20);
  says("aud.country:DE=60%..40%", "empty range");
  CHECK(at("aud.country:DE>=lots") == 16);
  says("aud.country:DE>=lots", "expected a share (40% or 0.4)");
  CHECK(at("aud.country:DE") == 14);
  says("aud.country:DE", "expected a share after 'DE'");
  CHECK(at("aud.country:>=40%") == 12);
  CHECK(at("aud.country:") == 12);
  says("aud.country:", "expected a value after 'aud.country:'");
  CHECK(at("aud.age:20-34>=30%") == 8);
  says("aud.age:20-34>=30%", "20 falls inside the band 18-24");
  says("aud.age:18-30>=30%", "30 falls inside the band 25-34");
  says("aud.age:young>=30%", "unknown age range 'young'");
  CHECK(at("aud.age:18-24,25-34>=30%") == 14);
  CHECK(at("aud.gender:other>=50%") == 11);
  says("aud.gender:other>=50%", "unknown gender 'other'");
  CHECK(at("tier:micro has:money") == 15);
  says("has:money", "unknown has: value 'money'");
  CHECK(at("has:") == 4);
  CHECK(at("city:") == 5);
  CHECK(at("city:Seoul,,Busan") == 11);
  CHECK(at("sponsored:nike,*") == 15);
  says("sponsored:nike,*", "sponsored:* stands alone");
  CHECK(at("sort:aud.country:XX") == 17);
  CHECK(at("sort:aud.age:20-30") == 13);
  CHECK(at("sort:aud.country:") == 17);
  // An unknown field lists the new ones.
  says("colour:red", "aud.country");
}

TEST_CASE("the builder makes the same audience and account clauses", "[query][builder]") {
  Query q;
  q.audience(AudienceField::kCountry, {"de", "Austria"}, NumericRange::at_least(0.3))
      .audience(AudienceField::kGender, {"female"}, NumericRange::between(0.4, 0.6))
      .cities({"Los Angeles"})
      .has({Presence::kContact})
      .sponsored({"*"})
      .sort_by_audience({AudienceField::kAge, "18-34"});
  CHECK(q.describe() ==
        "aud.country:DE,AT>=30% aud.gender:female=40%..60% city:\"Los Angeles\" has:contact "
        "sponsored:* sort:aud.age:18-34");
  auto back = Query::parse(q.describe());
  REQUIRE(back);
  CHECK(back->describe() == q.describe());
  // A value the language refuses makes a clause the compiler refuses (not a silent no-op).
  Query bad;
  bad.audience(AudienceField::kAge, {"20-30"}, NumericRange::at_least(0.3));
  CHECK_FALSE(bad.root()->invalid.empty());
  Query out_of_range;
  out_of_range.audience(AudienceField::kCountry, {"US"}, NumericRange::at_least(1.5));
  CHECK_FALSE(out_of_range.root()->invalid.empty());
}

TEST_CASE("every audience and account construct reads back as itself", "[query][parser]") {
  for (const char* text :
       {"aud.country:DE,AT,CH>=30%", "aud.country:US=20.4%..39.6%", "aud.age:13-17<=2%",
        "aud.age:25-54>=80%", "aud.gender:male=0%", "aud.country:JP>100%",
        "city:\"New York\",Tokyo,Москва",
        "has:contact,price,audience,aud.country,aud.age,aud.gender",
        "sponsored:\"Café Verde\",Patagonia", "(city:Seoul OR -has:price) sponsored:*",
        "fashion aud.gender:female>=60% sort:aud.gender:female limit:3"}) {
    const std::string once = describe(text);
    INFO(text);
    CHECK(once == text);
    CHECK(describe(once) == once);
  }
}
