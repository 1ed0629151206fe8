#include "analysis/links.h"

#include <algorithm>

#include "analysis/icu_text.h"

namespace mikros::analysis {
namespace {

bool is_host_char(char c) {
  return is_ascii_alnum(c) || c == '-' || c == '.';
}

bool starts_with_ci(std::string_view s, std::size_t i, std::string_view prefix) {
  if (s.size() - i < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    if (lower_ascii(s[i + k]) != prefix[k]) return false;
  }
  return true;
}

// Whether a URL or address may start at byte i: not glued to a preceding ASCII word.
bool starts_token(std::string_view s, std::size_t i) {
  if (i == 0) return true;
  char p = s[i - 1];
  return !(is_ascii_alnum(p) || p == '_' || p == '.' || p == '-' || p == '@' || p == '/');
}

// A domain name "label.label.tld" starting at i (ASCII labels, an alphabetic TLD of 2-24
// letters): returns its end, or npos.
std::size_t match_domain(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size() && is_host_char(s[j])) ++j;
  while (j > i && (s[j - 1] == '.' || s[j - 1] == '-')) --j;
  std::string_view host = s.substr(i, j - i);
  std::size_t dot = host.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::string_view::npos;
  std::string_view tld = host.substr(dot + 1);
  if (tld.size() < 2 || tld.size() > 24) return std::string_view::npos;
  for (char c : tld) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return std::string_view::npos;
  }
  if (host.find("..") != std::string_view::npos || host.front() == '-' || host.front() == '.') {
    return std::string_view::npos;
  }
  return j;
}

std::string normalise_domain(std::string_view host) {
  std::string d;
  for (char c : host) d += lower_ascii(c);
  while (!d.empty() && d.back() == '.') d.pop_back();
  if (d.rfind("www.", 0) == 0) d.erase(0, 4);
  return d;
}

// The end of a URL's path: the first space, quote, angle bracket or non-ASCII byte, less any
// trailing punctuation ("see x.com/a." or "(x.com/a)").
std::size_t url_end(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[j]);
    if (c <= ' ' || c >= 0x80 || c == '"' || c == '<' || c == '>' || c == '`') break;
    ++j;
  }
  while (j > i && std::string_view(".,;:!?)]}'*").find(s[j - 1]) != std::string_view::npos) --j;
  return j;
}

}  // namespace

std::vector<LinkSpan> find_links(std::string_view text) {
  std::vector<LinkSpan> spans;
  if (text.find_first_of("/@.") == std::string_view::npos) return spans;
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    if (!is_ascii_alnum(c) || !starts_token(text, i)) {
      ++i;
      continue;
    }
    std::size_t host = std::string_view::npos;
    if (starts_with_ci(text, i, "https://")) {
      host = i + 8;
    } else if (starts_with_ci(text, i, "http://")) {
      host = i + 7;
    }
    if (host != std::string_view::npos) {
      std::size_t h = host;
      while (h < text.size() && is_host_char(text[h])) ++h;
      std::size_t end = std::max(url_end(text, i), h);
      while (h > host && text[h - 1] == '.') --h;
      spans.push_back({i, end, normalise_domain(text.substr(host, h - host))});
      i = end;
      continue;
    }
    // "name@example.com": the local part runs up to an '@' followed by a domain.
    std::size_t j = i;
    while (j < text.size() && (is_ascii_alnum(text[j]) || text[j] == '.' || text[j] == '_' ||
                               text[j] == '%' || text[j] == '+' || text[j] == '-')) {
      ++j;
    }
    if (j < text.size() && text[j] == '@') {
      std::size_t e = match_domain(text, j + 1);
      if (e != std::string_view::npos) {
        spans.push_back({i, e, normalise_domain(text.substr(j + 1, e - j - 1))});
        i = e;
        continue;
      }
    }
    // "www.example.com...", "example.com/path", or a bare "maya-studio.co" (ICU would keep
    // "example.com" whole but split "maya-studio.co" at its hyphen).
    std::size_t d = match_domain(text, i);
    if (d != std::string_view::npos) {
      bool path = starts_with_ci(text, i, "www.") || (d < text.size() && text[d] == '/');
      std::size_t end = path ? std::max(url_end(text, i), d) : d;
      spans.push_back({i, end, normalise_domain(text.substr(i, d - i))});
      i = end;
      continue;
    }
    i = std::max(j, i + 1);
  }
  return spans;
}

}  // namespace mikros::analysis
