// The lexicon of this process (lexicon.h, default_lexicon): where it is found, and what the
// library tells its host when it is not.
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <system_error>

#include "analysis/data_dir.h"
#include "analysis/lexicon.h"
#include "mikros/analysis.hpp"

namespace mikros::analysis {
namespace {

constexpr const char* kWithout = "hashtags are split at case changes, digits and underscores only";

LexiconStatus load(const std::string& data_dir) {
  LexiconStatus s;
  const auto t0 = std::chrono::steady_clock::now();
  DataFileLookup found = find_data_file({"words.lex", "MIKROS_LEXICON", "hashtag dictionary"},
                                        data_dir, [&](const std::string& path) {
                                          auto lex = Lexicon::open(path);
                                          if (!lex) return lex.status();
                                          s.lexicon = std::move(*lex);
                                          return Status::ok();
                                        });
  s.from_environment = found.from_environment;
  s.data_dir = found.data_dir;
  s.path = found.path;
  s.error = found.error;
  s.load_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (found.disabled) {
    s.note = fmt::format("MIKROS_LEXICON is set to none: no hashtag dictionary; {}", kWithout);
  } else if (!s.lexicon) {
    s.note = fmt::format("{}; without it, {}", s.error.message(), kWithout);
  }
  return s;
}

}  // namespace

const LexiconStatus& default_lexicon(const std::string& data_dir) {
  // Loaded once: documents indexed and queries analysed in one process must agree. The first
  // caller's data_dir decides; the status lives until the process ends, since analysers on
  // other threads may read it until then.
  static std::once_flag once;
  static LexiconStatus* status = nullptr;
  std::call_once(once, [&] { status = new LexiconStatus(load(data_dir)); });
  return *status;
}

Status require_lexicon(const std::string& data_dir) {
  const LexiconStatus& s = default_lexicon(data_dir);
  if (!s.error.is_ok()) return s.error;
  if (data_dir.empty() || s.from_environment || data_dir == s.data_dir) return Status::ok();
  std::error_code ec;
  if (s.lexicon &&
      std::filesystem::equivalent(std::filesystem::path(data_dir) / "words.lex", s.path, ec)) {
    return Status::ok();
  }
  return Status::invalid_argument(fmt::format(
      "data folder {}: this process already uses the hashtag dictionary {} (one per process: "
      "give every database the same data folder)",
      data_dir, s.lexicon ? s.path : "none"));
}

}  // namespace mikros::analysis

namespace mikros {

AnalysisInfo analysis_info() {
  const analysis::LexiconStatus& s = analysis::default_lexicon();
  AnalysisInfo info;
  info.dictionary = s.lexicon != nullptr;
  info.dictionary_path = s.path;
  info.dictionary_words = s.lexicon ? s.lexicon->size() : 0;
  info.dictionary_load_ms = s.load_ms;
  info.note = s.note;
  return info;
}

}  // namespace mikros
