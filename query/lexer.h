// The tokens of the query language (docs/query-language.md): words, "phrases", #tags, @handles,
// FIELD:VALUE, parentheses and the operators AND, OR, NOT and '-'. Query::parse (parser.cpp)
// builds the tree from them.
#ifndef MIKROS_QUERY_LEXER_H
#define MIKROS_QUERY_LEXER_H

#include <cstddef>
#include <string>
#include <string_view>

namespace mikros::query {

enum class Tok {
  kEnd,
  kLParen,
  kRParen,
  kPhrase,
  kWord,
  kHashtag,
  kMention,
  kField,
  kAnd,
  kOr,
  kNot,
  kMinus
};

struct Token {
  Tok type = Tok::kEnd;
  std::size_t pos = 0;  // byte offset of the token
  std::string text;     // word, phrase content, tag, handle or field name
  std::string value;    // FIELD: raw value text after ':'
  std::size_t value_pos = 0;
};

// A query that does not parse (or runs over a limit): thrown by the lexer and the parser, and
// returned as a Status by Query::parse.
struct SyntaxError {
  std::size_t pos;
  std::string message;
  bool limit = false;
};

[[noreturn]] void fail(std::size_t pos, std::string message);

// Thread-safety: one query at a time.
class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  // The next token; a Tok::kEnd token at the end. Throws SyntaxError (an unknown field, a
  // field without a value, an unterminated phrase).
  Token next();

 private:
  static bool is_field_name(std::string_view w);
  static bool ends_bare(char c);
  std::string_view bare();
  std::string_view bare_until_colon();
  std::string quoted();
  // Everything up to unquoted whitespace or ')'; quotes are kept for the field parser.
  std::string field_value();

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace mikros::query

#endif  // MIKROS_QUERY_LEXER_H
