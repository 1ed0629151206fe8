// A realistic corpus for query tests: corpus/profiles.jsonl when the checkout has it, and a
// deterministic generated one of several hundred profiles otherwise. The generated profiles each
// belong to one niche (fashion, fitness, ...) that their bio, hashtags and categories share, so
// lookalike tests know which profiles are alike.
#ifndef MIKROS_TESTS_NICHE_CORPUS_H
#define MIKROS_TESTS_NICHE_CORPUS_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "mikros/mikros.hpp"

namespace mikros::test {

struct CorpusProfile {
  std::string line;   // the JSONL line
  Profile profile;    // parsed and validated, as the indexer sees it
  std::string niche;  // generated corpus only: the niche it was written for
};

// `count` generated profiles (deterministic; the same count always gives the same corpus).
std::vector<CorpusProfile> generated_corpus(std::size_t count = 480);

// corpus/profiles.jsonl (valid lines only) when present, else generated_corpus(). `source` says
// which: the file's path or "generated".
std::vector<CorpusProfile> realistic_corpus(std::string* source = nullptr);

// Indexes `profiles` into a new database at `path`.
Database index_corpus(const std::string& path, const std::vector<CorpusProfile>& profiles);

}  // namespace mikros::test

#endif  // MIKROS_TESTS_NICHE_CORPUS_H
