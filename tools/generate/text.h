// Small text helpers of the generator: UTF-8, ASCII folding for handles and e-mail addresses,
// traditional Chinese.
#ifndef MIKROS_TOOLS_GENERATE_TEXT_H
#define MIKROS_TOOLS_GENERATE_TEXT_H

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "generate/model.h"

namespace mikros::tools::gen {

// Decodes one UTF-8 sequence at s[i]; advances i.
char32_t decode_utf8(std::string_view s, std::size_t& i);
void append_utf8(std::string& out, char32_t cp);

// Lowercase ASCII letters and digits of `s`, diacritics removed, everything else dropped:
// "Lindström" -> "lindstrom", "D'Angelo" -> "dangelo".
std::string ascii_fold(std::string_view s);
// `s` with its first letter uppercased if it is a lowercase ASCII letter.
std::string title_ascii(std::string_view s);

// Rewrites s[from..] with the traditional form of each character in `han` (sorted by the
// simplified character).
void to_traditional(std::string& s, std::size_t from, const std::vector<HanPair>& han);

}  // namespace mikros::tools::gen

#endif  // MIKROS_TOOLS_GENERATE_TEXT_H
