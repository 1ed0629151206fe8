// The niche vocabulary on its own (analysis/niches.h): the file format and its errors, finding a
// niche from a query's words in any language and inflection, and the bundled corpus/niches.tsv.
#include "analysis/niches.h"

#include <catch2/catch.hpp>
#include <set>

#include "support.h"

using namespace mikros;
using namespace mikros::analysis;

namespace {

std::set<std::string> niches_of(const NicheVocabulary& v, std::string_view text) {
  std::set<std::string> out;
  for (const auto& r : v.find(folded_words_of(text))) out.insert(v.niches()[r.niche].name);
  return out;
}

NicheVocabulary bundled() {
  auto v = NicheVocabulary::open(test::source_dir() + "/corpus/niches.tsv");
  REQUIRE(v);
  return std::move(*v);
}

}  // namespace

TEST_CASE("niche file: terms fold as the analyzer folds them", "[niches]") {
  auto v = NicheVocabulary::parse(
      "# comment\n\nslow fashion\ten\tThrifted\nslow fashion\tpt\tModa Sustentável\r\n"
      "outdoors\t*\t#VanLife\n",
      "t.tsv");
  REQUIRE(v);
  REQUIRE(v->niches().size() == 2);
  CHECK(v->niches()[0].terms[1].words == std::vector<std::string>{"moda", "sustentavel"});
  CHECK(v->niches()[1].terms[0].words == std::vector<std::string>{"van", "life"});
  CHECK(niches_of(*v, "moda sustentavel") == std::set<std::string>{"slow fashion"});
  CHECK(niches_of(*v, "THRIFTED") == std::set<std::string>{"slow fashion"});
  CHECK(niches_of(*v, "van life") == std::set<std::string>{"outdoors"});
  CHECK(v->longest_term() == 2);
  CHECK(niches_of(*v, "moda").empty());  // a part of a term is not the term
}

TEST_CASE("niche file: a malformed line is an error naming it", "[niches]") {
  auto fields = NicheVocabulary::parse("a\ten\n", "t.tsv");
  REQUIRE_FALSE(fields);
  CHECK_THAT(fields.status().message(), Catch::Contains("t.tsv:1: expected 3 fields"));
  auto language = NicheVocabulary::parse("# x\na\tEnglish\tb\n", "t.tsv");
  REQUIRE_FALSE(language);
  CHECK_THAT(language.status().message(), Catch::Contains("t.tsv:2: language 'English'"));
  auto twice = NicheVocabulary::parse("a\ten\teco-friendly\na\ten\teco friendly\n", "t.tsv");
  REQUIRE_FALSE(twice);
  CHECK_THAT(twice.status().message(), Catch::Contains("already in niche 'a'"));
  auto empty = NicheVocabulary::parse("a\ten\t!!!\n", "t.tsv");
  REQUIRE_FALSE(empty);
  CHECK_THAT(empty.status().message(), Catch::Contains("has no words"));
  auto missing = NicheVocabulary::open("/nonexistent/niches.tsv");
  REQUIRE_FALSE(missing);
  CHECK(missing.status().code() == ErrorCode::kNotFound);
}

TEST_CASE("niche file: a query word matches a term in another inflection", "[niches]") {
  auto v = NicheVocabulary::parse("food\ten\tvegan recipes\nfood\tes\trecetas veganas\n", "t");
  REQUIRE(v);
  CHECK(niches_of(*v, "vegan recipe") == std::set<std::string>{"food"});
  CHECK(niches_of(*v, "receta vegana") == std::set<std::string>{"food"});
  CHECK(niches_of(*v, "vegan").empty());
}

TEST_CASE("the bundled niche vocabulary: one niche across languages", "[niches]") {
  const NicheVocabulary v = bundled();
  const std::set<std::string> fashion{"sustainable fashion"};
  for (const char* words :
       {"sustainable fashion", "moda sostenible", "nachhaltige Mode", "mode durable",
        "moda sustentável", "moda sostenibile", "eco-friendly"}) {
    CAPTURE(words);
    CHECK(niches_of(v, words) == fashion);
  }
  CHECK(niches_of(v, "outdoor adventure") == std::set<std::string>{"outdoors"});
  CHECK(niches_of(v, "cruelty-free") == std::set<std::string>{"natural beauty"});
  CHECK(niches_of(v, "money") == std::set<std::string>{"personal finance"});
  CHECK(niches_of(v, "Achtsamkeit") == std::set<std::string>{"mindfulness"});
  // Every niche the issue names, each with words in the languages mikros's users write most.
  const std::set<std::string> required{
      "sustainable fashion", "outdoors", "vegan food", "personal finance", "mindfulness",
      "strength training",   "pets",     "gaming",     "parenting",        "home decor",
      "natural beauty",      "travel",   "food"};
  std::set<std::string> have;
  for (const auto& n : v.niches()) {
    have.insert(n.name);
    std::set<std::string> languages;
    for (const auto& t : n.terms) languages.insert(t.language);
    for (const char* l : {"en", "es", "pt", "de", "fr", "it"}) {
      CAPTURE(n.name, l);
      CHECK(languages.count(l) == 1);
    }
  }
  for (const auto& n : required) {
    CAPTURE(n);
    CHECK(have.count(n) == 1);
  }
}

TEST_CASE("the process's niche vocabulary is found beside the dictionary", "[niches]") {
  const NicheStatus& s = default_niches();
  REQUIRE(s.error.is_ok());
  REQUIRE(s.vocabulary);
  CHECK(s.path.find("niches.tsv") != std::string::npos);
}
