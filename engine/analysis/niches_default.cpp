// The niche vocabulary of this process (niches.h, default_niches): where it is found, and what
// the library tells its host when it is not. Found the way the hashtag dictionary is
// (lexicon_default.cpp), in the same data folder.
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <system_error>

#include "analysis/data_dir.h"
#include "analysis/niches.h"

namespace mikros::analysis {
namespace {

constexpr const char* kFile = "niches.tsv";

NicheStatus load(const std::string& data_dir) {
  NicheStatus s;
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("MIKROS_NICHES")) {
    s.from_environment = true;
    if (std::string_view(env).empty() || std::string_view(env) == "none") return s;
    candidates.emplace_back(env);
  } else {
    const char* env_dir = std::getenv("MIKROS_DATA_DIR");
    candidates = data_file_candidates(kFile, !data_dir.empty() ? data_dir : env_dir ? env_dir : "");
  }
  std::string missing;
  for (const auto& path : candidates) {
    auto v = NicheVocabulary::open(path);
    if (v) {
      s.vocabulary = std::make_shared<const NicheVocabulary>(std::move(*v));
      s.path = path;
      return s;
    }
    // A file that is there but unusable is reported as it is, not skipped for another copy.
    if (v.status().code() != ErrorCode::kNotFound) {
      s.error =
          Status(v.status().code(), fmt::format("niche vocabulary: {}", v.status().message()));
      return s;
    }
    missing += fmt::format("{}{}", missing.empty() ? "" : ", ", path);
  }
  s.error = Status::not_found(fmt::format(
      "no niche vocabulary: {} {}. Set MIKROS_DATA_DIR to the folder that holds {} "
      "(<prefix>/share/mikros), MIKROS_NICHES to the file, or MIKROS_NICHES=none to go without",
      s.from_environment ? "MIKROS_NICHES names a file that does not exist:" : "no niches.tsv at",
      missing.empty() ? "any known place" : missing, kFile));
  return s;
}

}  // namespace

const NicheStatus& default_niches(const std::string& data_dir) {
  // Loaded once: every query of a process expands the same way. The status lives until the
  // process ends, since searches on other threads may read it until then.
  static std::once_flag once;
  static NicheStatus* status = nullptr;
  std::call_once(once, [&] { status = new NicheStatus(load(data_dir)); });
  return *status;
}

Status require_niches(const std::string& data_dir) {
  return default_niches(data_dir).error;
}

}  // namespace mikros::analysis
