// The analyzer shared by indexing and querying.
#include "analysis/analyzer.h"

#include <catch2/catch.hpp>

#include "analysis/lexicon.h"

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

TEST_CASE("URLs and e-mail addresses become their domain", "[analyzer]") {
  // Nothing of the scheme, "www", the path or the local part becomes a term.
  CHECK(terms("shop: https://www.MayaStyle.com/shop?ref=ig&x=1 now") ==
        std::vector<std::string>{"shop", "mayastyle.com", "now"});
  CHECK(terms("collabs: hello.maya+ig@MayaStyle.co.uk") ==
        std::vector<std::string>{"collabs", "mayastyle.co.uk"});
  CHECK(terms("links in linktr.ee/maya_styles (and www.example.org).") ==
        std::vector<std::string>{"links", "in", "linktr.ee", "and", "example.org"});
  CHECK(terms("http://localhost:8080/x") == std::vector<std::string>{"localhost"});
  // A bare domain is one word already; it is the same term as the URL's domain.
  CHECK(terms("mayastyle.com") == std::vector<std::string>{"mayastyle.com"});
  auto tokens = Analyzer::instance().tokenize("mail me: maya@gmail.com");
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[2].kind == TokenKind::kDomain);
  CHECK(tokens[2].text == "gmail.com");
  // Not addresses: an @ without a domain is a mention; "e.g." and "10.5" are words.
  CHECK(Analyzer::instance().tokenize("@brand")[0].kind == TokenKind::kMention);
  CHECK(terms("e.g. 10.5k") == std::vector<std::string>{"e.g", "10.5k"});
}

TEST_CASE("hashtags in text run to the end of the tag, in any script", "[analyzer]") {
  auto tokens = Analyzer::instance().tokenize("好き #慢时尚 and ＃古着コーデ, #slow_fashion's #🌿");
  std::vector<std::string> tags;
  for (const auto& t : tokens) {
    if (t.kind == TokenKind::kHashtag) tags.push_back(t.text);
  }
  CHECK(tags == std::vector<std::string>{"慢时尚", "古着コーデ", "slow_fashion"});
  // Handles keep their dots, not a final one.
  auto m = Analyzer::instance().tokenize("thanks @maya.styles.");
  REQUIRE(m.size() == 2);
  CHECK(m[1].kind == TokenKind::kMention);
  CHECK(m[1].text == "maya.styles");
}

TEST_CASE("katakana words that ICU splits into fragments are joined back", "[analyzer]") {
  // ICU's dictionary cuts unknown katakana next to known words into pieces (サ ステ ナ ブル);
  // alone, the same word stays whole, so both must give the same term.
  CHECK(terms("サステナブルファッションが好き") ==
        std::vector<std::string>{"サステナブル", "ファッション", "が", "好き"});
  CHECK(terms("ヴィンテージファッション") ==
        std::vector<std::string>{"ヴィンテージ", "ファッション"});
  CHECK(terms("ヴィンテージ") == std::vector<std::string>{"ヴィンテージ"});
  CHECK(Analyzer::instance().compound_words("サステナブルファッション") ==
        std::vector<std::string>{"サステナブル", "ファッション"});
}

TEST_CASE("Korean is split at spaces, with syllable bigrams for longer words", "[analyzer]") {
  CHECK(terms("지속 가능한 패션을 사랑해요") ==
        std::vector<std::string>{"지속", "가능한", "패션을", "사랑해요"});
  CHECK(mikros::analysis::hangul_bigrams("사랑해요") ==
        std::vector<std::string>{"사랑", "랑해", "해요"});
  CHECK(mikros::analysis::hangul_bigrams("패션") == std::vector<std::string>{"패션"});
  CHECK(mikros::analysis::hangul_bigrams("패").empty());
}

TEST_CASE("tokens carry their script", "[analyzer]") {
  using mikros::analysis::Script;
  auto tokens = Analyzer::instance().tokenize("Café дорога 東京 แฟชั่น 패션 42 🌿");
  REQUIRE(tokens.size() == 7);
  CHECK(tokens[0].script == Script::kLatin);
  CHECK(tokens[1].script == Script::kCyrillic);
  CHECK(tokens[1].text == "дорога");  // Cyrillic keeps its marks (й stays й)
  CHECK(tokens[2].script == Script::kHan);
  CHECK(tokens[3].script == Script::kThai);
  CHECK(tokens[4].script == Script::kHangul);
  CHECK(tokens[5].kind == TokenKind::kNumber);
  CHECK(tokens[6].kind == TokenKind::kEmoji);
  CHECK(terms("йогурт") == std::vector<std::string>{"йогурт"});
}

TEST_CASE("hashtag segmentation: dictionary, brands, acronyms, digits, languages",
          "[analyzer][segmentation]") {
  const auto& a = Analyzer::instance();
  REQUIRE(a.lexicon().lexicon);
  CHECK(a.compound_words("slowfashion") == std::vector<std::string>{"slow", "fashion"});
  CHECK(a.compound_words("#SlowFashionMovement") ==
        std::vector<std::string>{"slow", "fashion", "movement"});
  CHECK(a.compound_words("iPhone15ProMax") ==
        std::vector<std::string>{"iphone", "15", "pro", "max"});
  CHECK(a.compound_words("YouTubeGaming") == std::vector<std::string>{"youtube", "gaming"});
  CHECK(a.compound_words("UKblogger") == std::vector<std::string>{"uk", "blogger"});
  CHECK(a.compound_words("30daysofyoga") == std::vector<std::string>{"30", "days", "of", "yoga"});
  CHECK(a.compound_words("y2kfashion") == std::vector<std::string>{"y2k", "fashion"});
  CHECK(a.compound_words("ootd") == std::vector<std::string>{"ootd"});
  CHECK(a.compound_words("viajarporelmundo") ==
        std::vector<std::string>{"viajar", "por", "el", "mundo"});
  CHECK(a.compound_words("CocinaFácil") == std::vector<std::string>{"cocina", "facil"});
  CHECK(a.compound_words("kaffeeundkuchen") == std::vector<std::string>{"kaffee", "und", "kuchen"});
  // The words always spell the folded tag: the K term never depends on the dictionary.
  for (const char* tag : {"sustainablefashionmovement", "xqzvbnm", "Mañana_2024"}) {
    std::string joined;
    for (const auto& w : a.compound_words(tag)) joined += w;
    std::string folded;
    for (const auto& t : a.tokenize(tag)) folded += t.text;
    std::erase(folded, '_');
    CHECK(joined == folded);
  }
}
