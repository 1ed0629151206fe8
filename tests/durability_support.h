// Helpers of the durability, crash and concurrency tests: versioned profiles whose version is
// both stored and searchable, and listing what a database answers.
#ifndef MIKROS_TESTS_DURABILITY_SUPPORT_H
#define MIKROS_TESTS_DURABILITY_SUPPORT_H

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "mikros/mikros.hpp"

namespace mikros::test {

// A word of letters only that stands for `n` ("qa", "qb", ...), so the analyzer keeps it whole.
inline std::string letters(std::uint64_t n) {
  std::string s;
  do {
    s.insert(s.begin(), static_cast<char>('a' + n % 26));
    n /= 26;
  } while (n);
  return s;
}
// The word that marks version `v` of a profile in its bio.
inline std::string version_word(std::uint64_t v) {
  return "zver" + letters(v);
}
// A query for exactly that word: quoted, so that stems do not join versions ("zverba", version
// 26, stems to "zverb", version 1, in the Romance languages).
inline std::string version_query(std::uint64_t v) {
  return "\"" + version_word(v) + "\"";
}
inline std::string profile_key_of(std::size_t i) {
  static const char* kPlatforms[] = {"instagram", "tiktok", "youtube"};
  return std::string(kPlatforms[i % 3]) + ":p" + std::to_string(i);
}
// Profile `i` at version `v`: its bio carries version_word(v) and `posts` is v, so both
// stores show which version they hold.
inline std::string versioned_profile(std::size_t i, std::uint64_t v) {
  static const char* kPlatforms[] = {"instagram", "tiktok", "youtube"};
  return std::string("{\"platform\":\"") + kPlatforms[i % 3] + "\",\"handle\":\"p" +
         std::to_string(i) + "\",\"bio\":\"slow fashion " + version_word(v) + " uniq" + letters(i) +
         "\",\"country\":\"US\",\"followers\":" + std::to_string(1000 + i * 7) +
         ",\"posts\":" + std::to_string(v) + "}";
}

// Profiles first .. first + count - 1 at version `v`, one JSON line each.
inline std::string versions_jsonl(std::size_t count, std::uint64_t v, std::size_t first = 0) {
  std::string text;
  for (std::size_t i = first; i < first + count; ++i) text += versioned_profile(i, v) + "\n";
  return text;
}

// Every key the text index answers for a search matching everything.
inline std::set<std::string> all_keys(const Searcher& searcher, Status* error = nullptr) {
  SearchOptions options;
  options.limit = 10'000;
  auto r = searcher.search(Query(), options);
  std::set<std::string> out;
  if (!r) {
    if (error) *error = r.status();
    return out;
  }
  for (const auto& h : r->hits) out.insert(h.key);
  return out;
}
// Keys whose indexed text carries version `v`.
inline std::set<std::string> keys_at_version(const Searcher& searcher, std::uint64_t v) {
  SearchOptions options;
  options.limit = 10'000;
  auto r = searcher.search(version_query(v), options);
  std::set<std::string> out;
  if (r) {
    for (const auto& h : r->hits) out.insert(h.key);
  }
  return out;
}

// The index.NNNNNN directories under a database root.
inline std::vector<std::string> index_dirs(const std::string& root) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(root, ec)) {
    std::string n = e.path().filename().string();
    if (n.rfind("index.", 0) == 0) out.push_back(n);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace mikros::test

#endif  // MIKROS_TESTS_DURABILITY_SUPPORT_H
