#include "query/lexer.h"

#include <fmt/format.h>

#include "util/text_util.h"

namespace mikros::query {
namespace {

constexpr const char* kFieldNames =
    "tier, country, platform, lang, category, city, followers, er, growth, auth, price, "
    "aud.country, aud.age, aud.gender, has, sponsored, like, sort, limit, brand";

bool is_known_field(std::string_view f) {
  static const char* const kFields[] = {
      "tier", "country",   "platform", "lang",  "category",    "city",    "followers",
      "er",   "growth",    "auth",     "price", "aud.country", "aud.age", "aud.gender",
      "has",  "sponsored", "like",     "sort",  "limit",       "brand"};
  for (const char* k : kFields) {
    if (f == k) return true;
  }
  return false;
}

}  // namespace

void fail(std::size_t pos, std::string message) {
  throw SyntaxError{pos, std::move(message)};
}

Token Lexer::next() {
  while (i_ < s_.size() && is_ascii_space(s_[i_])) ++i_;
  Token t;
  t.pos = i_;
  if (i_ >= s_.size()) return t;
  char c = s_[i_];
  if (c == '(') {
    ++i_;
    t.type = Tok::kLParen;
    return t;
  }
  if (c == ')') {
    ++i_;
    t.type = Tok::kRParen;
    return t;
  }
  if (c == '"') {
    t.type = Tok::kPhrase;
    t.text = quoted();
    return t;
  }
  if (c == '-') {
    ++i_;
    // "-word" excludes; a lone '-' is punctuation and ignored.
    if (i_ < s_.size() && !is_ascii_space(s_[i_]) && s_[i_] != ')') {
      t.type = Tok::kMinus;
      return t;
    }
    return next();
  }
  if (c == '#' || c == '@') {
    ++i_;
    t.type = c == '#' ? Tok::kHashtag : Tok::kMention;
    t.text = std::string(bare());
    if (t.text.empty())
      fail(t.pos, fmt::format("expected a {} after '{}'", c == '#' ? "hashtag" : "handle", c));
    return t;
  }
  std::string_view word = bare_until_colon();
  if (i_ < s_.size() && s_[i_] == ':' && !word.empty() && is_field_name(word) &&
      !(i_ + 1 < s_.size() && s_[i_ + 1] == '/')) {  // "https://..." is a word
    std::string name = ascii_lower(word);
    if (!is_known_field(name)) {
      fail(t.pos, fmt::format("unknown field '{}' (expected one of {})", word, kFieldNames));
    }
    ++i_;  // ':'
    t.type = Tok::kField;
    t.text = name;
    t.value_pos = i_;
    t.value = field_value();
    if (trim(t.value).empty()) fail(t.value_pos, fmt::format("expected a value after '{}:'", name));
    return t;
  }
  std::string rest(bare());
  t.text = std::string(word) + rest;
  if (t.text == "AND")
    t.type = Tok::kAnd;
  else if (t.text == "OR")
    t.type = Tok::kOr;
  else if (t.text == "NOT")
    t.type = Tok::kNot;
  else
    t.type = Tok::kWord;
  return t;
}

// Letters, or "aud." and letters (aud.country): a dot anywhere else makes a word of it
// ("e.g.:", "www.example.com:8080").
bool Lexer::is_field_name(std::string_view w) {
  if (w.size() > 4 && ascii_lower(w.substr(0, 4)) == "aud.") w.remove_prefix(4);
  for (char c : w) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}
bool Lexer::ends_bare(char c) {
  return is_ascii_space(c) || c == '(' || c == ')' || c == '"';
}

std::string_view Lexer::bare() {
  std::size_t start = i_;
  while (i_ < s_.size() && !ends_bare(s_[i_])) ++i_;
  return s_.substr(start, i_ - start);
}
std::string_view Lexer::bare_until_colon() {
  std::size_t start = i_;
  while (i_ < s_.size() && !ends_bare(s_[i_]) && s_[i_] != ':') ++i_;
  return s_.substr(start, i_ - start);
}
std::string Lexer::quoted() {
  std::size_t open = i_++;
  std::size_t close = s_.find('"', i_);
  if (close == std::string_view::npos) fail(open, "unterminated phrase: expected a closing '\"'");
  std::string text(s_.substr(i_, close - i_));
  i_ = close + 1;
  return text;
}
std::string Lexer::field_value() {
  std::size_t start = i_;
  bool in_quote = false;
  std::size_t quote_pos = 0;
  while (i_ < s_.size()) {
    char c = s_[i_];
    if (c == '"') {
      in_quote = !in_quote;
      quote_pos = i_;
    } else if (!in_quote && (is_ascii_space(c) || c == ')' || c == '(')) {
      break;
    }
    ++i_;
  }
  if (in_quote) fail(quote_pos, "unterminated value: expected a closing '\"'");
  return std::string(s_.substr(start, i_ - start));
}

}  // namespace mikros::query
