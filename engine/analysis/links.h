// URLs and e-mail addresses in running text: the analyzer takes them out before word breaking
// and indexes each as one term, its domain ("https://www.MayaStyle.com/shop?x=1" and
// "hello@mayastyle.com" -> mayastyle.com).
#ifndef MIKROS_ANALYSIS_LINKS_H
#define MIKROS_ANALYSIS_LINKS_H

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mikros::analysis {

// A link found in text: bytes [begin, end) and its domain (lowercase, without "www.").
struct LinkSpan {
  std::size_t begin = 0, end = 0;
  std::string domain;  // empty: nothing to index
};

// Finds the URLs (with a scheme, starting with "www.", or a domain followed by a path), bare
// domain names and e-mail addresses of `text`, in order and not overlapping.
std::vector<LinkSpan> find_links(std::string_view text);

}  // namespace mikros::analysis

#endif  // MIKROS_ANALYSIS_LINKS_H
