#include "generate/text.h"

#include <algorithm>

namespace mikros::tools::gen {
namespace {

// Latin letters with diacritics -> ASCII, for handles and e-mail addresses.
// U+00C0..U+017F, then U+1EA0..U+1EF9 (Vietnamese); '?' = no ASCII form (dropped).
constexpr std::string_view kFoldLatin =
    "AAAAAAACEEEEIIIIDNOOOOO?OUUUUYTsaaaaaaaceeeeiiiidnooooo?"
    "ouuuuytyAaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGg"
    "GgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZ"
    "zs";
constexpr std::string_view kFoldVietnamese =
    "AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy";

}  // namespace

char32_t decode_utf8(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len && i + k < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  i += len;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string ascii_fold(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = decode_utf8(s, i);
    char c = '?';
    if (cp < 0x80) {
      c = static_cast<char>(cp);
    } else if (cp >= 0xC0 && cp < 0xC0 + kFoldLatin.size()) {
      c = kFoldLatin[cp - 0xC0];
    } else if (cp >= 0x1EA0 && cp < 0x1EA0 + kFoldVietnamese.size()) {
      c = kFoldVietnamese[cp - 0x1EA0];
    }
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

std::string title_ascii(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

void to_traditional(std::string& s, std::size_t from, const std::vector<HanPair>& han) {
  std::string out;
  out.reserve(s.size() - from);
  std::size_t i = from;
  while (i < s.size()) {
    char32_t cp = decode_utf8(s, i);
    auto it = std::lower_bound(han.begin(), han.end(), cp,
                               [](const HanPair& p, char32_t c) { return p.simplified < c; });
    if (it != han.end() && it->simplified == cp) cp = it->traditional;
    append_utf8(out, cp);
  }
  s.resize(from);
  s += out;
}

}  // namespace mikros::tools::gen
