// The niche vocabulary of this process (niches.h, default_niches): where it is found, and what
// the library tells its host when it is not. Found as the hashtag dictionary is
// (find_data_file), in the same data folder.
#include <mutex>

#include "analysis/data_dir.h"
#include "analysis/niches.h"

namespace mikros::analysis {
namespace {

NicheStatus load(const std::string& data_dir) {
  NicheStatus s;
  DataFileLookup found = find_data_file(
      {"niches.tsv", "MIKROS_NICHES", "niche vocabulary"}, data_dir, [&](const std::string& path) {
        auto v = NicheVocabulary::open(path);
        if (!v) return v.status();
        s.vocabulary = std::make_shared<const NicheVocabulary>(std::move(*v));
        return Status::ok();
      });
  s.from_environment = found.from_environment;
  s.path = found.path;
  s.error = found.error;
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
