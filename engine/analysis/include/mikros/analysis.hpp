// mikros: what the text analyzer of this process uses.
#ifndef MIKROS_ANALYSIS_HPP
#define MIKROS_ANALYSIS_HPP

#include <cstdint>
#include <string>

#include "mikros/export.hpp"

namespace mikros {

// The hashtag dictionary behind segmentation ("slowfashion" -> slow fashion). It is a file,
// words.lex, built with the library from Debian's word lists and installed to
// <prefix>/share/mikros/, where the library finds it wherever the prefix was moved
// (Options::data_dir says how; MIKROS_DATA_DIR names the folder, MIKROS_LEXICON the file,
// "none" for none). Without it, hashtags are split at case changes, digits and underscores
// only, so Database::open fails when it is missing or unreadable.
// Thread-safety: a plain value type.
struct AnalysisInfo {
  bool dictionary = false;             // a dictionary is loaded
  std::string dictionary_path;         // the file in use
  std::uint64_t dictionary_words = 0;  // words it holds
  double dictionary_load_ms = 0;       // time taken to find and map it
  std::string note;                    // when there is no dictionary: why, and what to do
};

// Loads the dictionary on first use (one per process; Database::open loads it with its
// Options::data_dir) and says what was found.
// Thread-safety: safe to call from any thread.
MIKROS_EXPORT AnalysisInfo analysis_info();

}  // namespace mikros

#endif  // MIKROS_ANALYSIS_HPP
