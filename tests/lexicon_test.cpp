// The lexicon image and the segmenter on their own: image round trip and damage, degrading
// without a dictionary, corpus word counts, stemming by language.
#include "analysis/lexicon.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "analysis/analyzer.h"
#include "analysis/data_dir.h"
#include "analysis/document.h"
#include "analysis/segmenter.h"
#include "analysis/stemmer.h"
#include "analysis/vocabulary.h"
#include "mikros/database.hpp"
#include "support.h"

using namespace mikros::analysis;

namespace {

std::shared_ptr<const Lexicon> small_lexicon() {
  Lexicon::Builder b;
  b.add("slow", 6, 0, 1);
  b.add("fashion", 6, 0, 1);
  b.add("slo", 12, 0, 1);
  b.add("moda", 8, 0, 2);
  b.add("iphone", 6, kWordJoins, 0);
  b.set_sources("test");
  auto lex = Lexicon::from_image(b.finish());
  REQUIRE(lex);
  return *lex;
}

std::vector<std::string> seg(const Segmenter& s, std::string_view run) {
  std::vector<std::string> out;
  s.segment(run, &out);
  return out;
}

}  // namespace

TEST_CASE("lexicon images round-trip and refuse damage", "[lexicon]") {
  auto lex = small_lexicon();
  CHECK(lex->size() == 5);
  CHECK(lex->sources() == "test");
  auto e = lex->find("fashion");
  REQUIRE(e);
  CHECK(e->cost == 6);
  CHECK(e->languages == 1);
  CHECK(lex->find("iphone")->flags == kWordJoins);
  CHECK_FALSE(lex->find("fashio"));
  CHECK_FALSE(lex->find(""));

  mikros::test::TempDir dir;
  Lexicon::Builder b;
  b.add("word", 5);
  std::string image = b.finish();
  mikros::test::write_file(dir / "ok.lex", image);
  auto opened = Lexicon::open(dir / "ok.lex");
  REQUIRE(opened);
  CHECK((*opened)->find("word"));
  CHECK((*opened)->path() == dir / "ok.lex");

  CHECK(Lexicon::open(dir / "missing.lex").status().code() == mikros::ErrorCode::kNotFound);
  mikros::test::write_file(dir / "short.lex", image.substr(0, image.size() - 1));
  CHECK(Lexicon::open(dir / "short.lex").status().code() == mikros::ErrorCode::kCorruption);
  std::string bad = image;
  bad[0] = 'X';
  mikros::test::write_file(dir / "magic.lex", bad);
  CHECK(Lexicon::open(dir / "magic.lex").status().code() == mikros::ErrorCode::kCorruption);
  mikros::test::write_file(dir / "empty.lex", "");
  CHECK(Lexicon::open(dir / "empty.lex").status().code() == mikros::ErrorCode::kCorruption);
}

TEST_CASE("segmentation without a dictionary splits digits only", "[segmentation]") {
  Segmenter none(nullptr, nullptr);
  CHECK(seg(none, "slowfashion") == std::vector<std::string>{"slowfashion"});
  CHECK(seg(none, "ootd2026") == std::vector<std::string>{"ootd", "2026"});
  CHECK(seg(none, "30days") == std::vector<std::string>{"30", "days"});
  CHECK(seg(none, "") == std::vector<std::string>{});
  // The analyzer degrades the same way: camelCase, digits, underscores.
  auto lex = small_lexicon();
  Segmenter with(lex.get(), nullptr);
  CHECK(seg(with, "slowfashion") == std::vector<std::string>{"slow", "fashion"});
  CHECK(seg(with, "modaslow") == std::vector<std::string>{"moda", "slow"});
  CHECK(with.joins("iphone"));
  CHECK_FALSE(with.joins("slow"));
}

TEST_CASE("corpus word counts teach the segmenter new words", "[segmentation]") {
  auto lex = small_lexicon();
  Segmenter dictionary_only(lex.get(), nullptr);
  CHECK(seg(dictionary_only, "slowfashionbookstagram") ==
        std::vector<std::string>{"slow", "fashion", "bookstagram"});  // unknown: one word
  CHECK(seg(dictionary_only, "thriftflip") == std::vector<std::string>{"thriftflip"});
  // "thrift" and "flip" are common in this corpus; "bookstagram" too. Words held by fewer than
  // three documents and words with digits are ignored.
  CorpusWords corpus({{"thrift", 400}, {"flip", 300}, {"rare", 2}, {"abc1", 50}}, 10'000);
  CHECK(corpus.size() == 2);
  Segmenter learned(lex.get(), &corpus);
  CHECK(seg(learned, "thriftflip") == std::vector<std::string>{"thrift", "flip"});
  CHECK(learned.word_cost("thrift"));
  CHECK_FALSE(learned.word_cost("rare"));
  CHECK(*learned.word_cost("thrift") < *learned.word_cost("flip"));
  // The analyzer's cache is keyed by the corpus, so a new corpus gives new segmentations.
  const auto& a = Analyzer::instance();
  CorpusWords lunch({{"brunchbox", 900}}, 1000);
  CHECK(a.compound_words("brunchboxideas", &lunch) ==
        std::vector<std::string>{"brunchbox", "ideas"});
  CHECK(a.compound_words("brunchboxideas") == std::vector<std::string>{"brunch", "box", "ideas"});
}

TEST_CASE("the process lexicon is found and reports how", "[lexicon]") {
  const auto& st = Analyzer::instance().lexicon();
  INFO(st.note);
  REQUIRE(st.lexicon);
  CHECK(st.note.empty());
  CHECK_FALSE(st.path.empty());
  CHECK(st.lexicon->size() > 1'000'000);  // SCOWL and the five w* lists
  CHECK(st.lexicon->find("fashion"));
  CHECK(st.lexicon->find("ootd"));                   // domain lexicon
  CHECK(st.lexicon->find("recetas"));                // Spanish plural made from the lemma
  CHECK(st.lexicon->find("kuchen")->languages & 8);  // German
}

TEST_CASE("stemmers by ISO 639-1 code, per script", "[stemmer]") {
  CHECK(stem_languages().size() == 24);
  for (const char* code : {"en", "es", "fr", "de", "it", "pt", "nl", "ru", "ar", "sv", "tr"}) {
    INFO(code);
    CHECK(stem_language(code) >= 0);
  }
  CHECK(stem_language("NB") == stem_language("no"));
  CHECK(stem_language("nn") == stem_language("no"));
  CHECK(stem_language("ja") == -1);
  CHECK(stem_language("") == -1);
  auto s = [](const char* code, const char* w) {
    return std::string(stem(stem_language(code), w));
  };
  CHECK(s("en", "hiking") == s("en", "hike"));
  CHECK(s("es", "camisas") == s("es", "camisa"));
  CHECK(s("fr", "randonnees") == s("fr", "randonnee"));
  CHECK(s("de", "wanderungen") == s("de", "wanderung"));
  CHECK(s("it", "ricette") == s("it", "ricetta"));
  CHECK(s("pt", "caminhadas") == s("pt", "caminhada"));
  CHECK(s("nl", "wandelingen") == s("nl", "wandeling"));
  CHECK(s("ru", "дороги") == s("ru", "дорога"));
  CHECK(mikros::vocab::stem_term(stem_language("en"), "hike") == "Zen:hike");
  CHECK(stem_languages()[static_cast<std::size_t>(stem_language("ru"))].script ==
        Script::kCyrillic);
  // Only plain words are stemmed.
  CHECK(stemmable({"hiking", TokenKind::kWord, Script::kLatin}));
  CHECK_FALSE(stemmable({"10.5k", TokenKind::kNumber, Script::kLatin}));
  CHECK_FALSE(stemmable({"mayastyle.com", TokenKind::kDomain, Script::kLatin}));
  CHECK_FALSE(stemmable({"v2", TokenKind::kWord, Script::kLatin}));
}

TEST_CASE("corpus word counts are read from an index's a-z terms", "[segmentation]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int i = 0; i < 5; ++i) {
    Xapian::Document d;
    d.add_posting("thriftflip", 1);  // in 5 documents: a word of this corpus
    d.add_posting(i < 3 ? "rare" : "seldom", 2);
    d.add_term("Kthriftflip");  // prefixed terms are not words
    d.add_posting("x1", 3);     // not letters only
    db.add_document(d);
  }
  auto words = mikros::doc::corpus_words(db);
  CHECK(words->documents() == 5);
  CHECK(words->size() == 2);  // thriftflip (5 documents) and rare (3); seldom has 2
  CHECK(words->cost("thriftflip", WordHash::of("thriftflip")));
  CHECK(words->cost("rare", WordHash::of("rare")));
  CHECK_FALSE(words->cost("seldom", WordHash::of("seldom")));
  CHECK_FALSE(words->cost("x1", WordHash::of("x1")));
  Segmenter s(nullptr, words.get());
  CHECK(seg(s, "thriftfliprare") == std::vector<std::string>{"thriftflip", "rare"});
}

TEST_CASE("the data folder: candidates, and one dictionary per process", "[lexicon]") {
  // An explicit folder is the only place looked at.
  CHECK(data_file_candidates("words.lex", "/opt/data") ==
        std::vector<std::string>{"/opt/data/words.lex"});
  // Otherwise beside the program first: ../share/mikros from the directory of this test.
  const std::string self = loaded_object_path();
  REQUIRE_FALSE(self.empty());
  auto found = data_file_candidates("words.lex", "");
  REQUIRE_FALSE(found.empty());
  CHECK(found.front() ==
        (std::filesystem::path(self).parent_path().parent_path() / "share" / "mikros" / "words.lex")
            .string());

  const LexiconStatus& loaded = default_lexicon();
  if (!loaded.lexicon) {
    SUCCEED("MIKROS_LEXICON=none: " + loaded.note);
    return;
  }
  mikros::test::TempDir dir;
  // The folder the dictionary came from is accepted however it is written...
  mikros::Options same;
  same.data_dir = std::filesystem::path(loaded.path).parent_path().string() + "/.";
  CHECK(require_lexicon(same.data_dir).is_ok());
  auto db = mikros::Database::open(dir / "a", same);
  CHECK(db.is_ok());
  // ...another one cannot change a dictionary the process already uses.
  mikros::Options other;
  other.data_dir = dir / "elsewhere";
  auto refused = mikros::Database::open(dir / "b", other);
  REQUIRE_FALSE(refused);
  CHECK(refused.status().code() == mikros::ErrorCode::kInvalidArgument);
  CHECK_THAT(refused.status().message(), Catch::Contains("already uses the hashtag dictionary"));
}
