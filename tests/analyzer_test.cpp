// The analyzer shared by indexing and querying.
#include "analyzer.h"

#include <catch2/catch.hpp>

using mikros::analysis::Analyzer;
using mikros::analysis::TokenKind;

namespace {

std::vector<std::string> terms(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& t : Analyzer::instance().tokenize(text)) out.push_back(t.text);
  return out;
}

}  // namespace

TEST_CASE("word breaks drop punctuation and fold case and width", "[analyzer]") {
  CHECK(terms("Slow-fashion lover | thrift & more!") ==
        std::vector<std::string>{"slow", "fashion", "lover", "thrift", "more"});
  CHECK(terms("ＦＵＬＬ-WIDTH ﬁne Straße") ==
        std::vector<std::string>{"full", "width", "fine", "strasse"});
  CHECK(terms("10.5k followers, don't stop") ==
        std::vector<std::string>{"10.5k", "followers", "don't", "stop"});
}

TEST_CASE("diacritics are removed from Latin words only", "[analyzer]") {
  CHECK(terms("Café crème İstanbul") == std::vector<std::string>{"cafe", "creme", "istanbul"});
  // Kana keep their voicing marks: サステナブル must not become サステナフル.
  CHECK(terms("サステナブル") == std::vector<std::string>{"サステナブル"});
  CHECK(Analyzer::instance().fold("Café") == "cafe");
  CHECK(Analyzer::instance().fold("cafe") == "cafe");
}

TEST_CASE("dictionary segmentation for Chinese, Japanese and Thai", "[analyzer]") {
  CHECK(terms("サステナブルなファッションが好きです") ==
        std::vector<std::string>{"サステナブル", "な", "ファッション", "が", "好き", "です"});
  auto thai = terms("แฟชั่นยั่งยืน");
  REQUIRE(thai.size() == 2);
  CHECK(thai[0] == "แฟชั่น");
  auto zh = terms("慢时尚爱好者");
  CHECK(zh.size() >= 2);
}

TEST_CASE("emoji are terms; hashtags and mentions are marked", "[analyzer]") {
  auto tokens = Analyzer::instance().tokenize("love 🌿✨ #SlowFashion @Brand.Co 👍🏽");
  REQUIRE(tokens.size() == 6);
  CHECK(tokens[1].kind == TokenKind::kEmoji);
  CHECK(tokens[1].text == "🌿");
  CHECK(tokens[2].text == "✨");
  CHECK(tokens[3].kind == TokenKind::kHashtag);
  CHECK(tokens[3].text == "SlowFashion");
  CHECK(tokens[4].kind == TokenKind::kMention);
  CHECK(tokens[5].text == "👍");  // skin tone removed
  // A '#' glued to a word is not a hashtag.
  auto glued = Analyzer::instance().tokenize("c#sharp");
  for (const auto& t : glued) CHECK(t.kind != TokenKind::kHashtag);
}

TEST_CASE("compound words of hashtags and handles", "[analyzer]") {
  const auto& a = Analyzer::instance();
  CHECK(a.compound_words("SlowFashion") == std::vector<std::string>{"slow", "fashion"});
  CHECK(a.compound_words("slow_fashion") == std::vector<std::string>{"slow", "fashion"});
  CHECK(a.compound_words("NYCFashionWeek") == std::vector<std::string>{"nyc", "fashion", "week"});
  CHECK(a.compound_words("ootd2026") == std::vector<std::string>{"ootd", "2026"});
  CHECK(a.compound_words("Café_Crème") == std::vector<std::string>{"cafe", "creme"});
  CHECK(a.compound_words("古着") == std::vector<std::string>{"古着"});
}
