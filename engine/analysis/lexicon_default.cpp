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
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("MIKROS_LEXICON")) {
    s.from_environment = true;
    if (std::string_view(env).empty() || std::string_view(env) == "none") {
      s.note = fmt::format("MIKROS_LEXICON is set to none: no hashtag dictionary; {}", kWithout);
      return s;
    }
    candidates.emplace_back(env);
  } else {
    const char* env_dir = std::getenv("MIKROS_DATA_DIR");
    s.data_dir = !data_dir.empty() ? data_dir : env_dir ? env_dir : "";
    candidates = data_file_candidates("words.lex", s.data_dir);
  }
  std::string missing;
  for (const auto& path : candidates) {
    auto lex = Lexicon::open(path);
    if (lex) {
      s.lexicon = std::move(*lex);
      s.path = path;
      break;
    }
    // A file that is there but unusable is reported as it is: looking further could pick up a
    // stale copy and answer differently without anyone knowing.
    if (lex.status().code() != ErrorCode::kNotFound) {
      s.error = Status(lex.status().code(),
                       fmt::format("hashtag dictionary: {}", lex.status().message()));
      break;
    }
    missing += fmt::format("{}{}", missing.empty() ? "" : ", ", path);
  }
  s.load_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (s.lexicon) return s;
  if (s.error.is_ok()) {
    s.error = Status::not_found(fmt::format(
        "no hashtag dictionary: {} {}. Set MIKROS_DATA_DIR to the folder that holds words.lex "
        "(<prefix>/share/mikros), MIKROS_LEXICON to the file, or MIKROS_LEXICON=none to go "
        "without",
        s.from_environment ? "MIKROS_LEXICON names a file that does not exist:" : "no words.lex at",
        missing.empty() ? "any known place" : missing));
  }
  s.note = fmt::format("{}; without it, {}", s.error.message(), kWithout);
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
