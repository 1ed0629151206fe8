#include "analysis/data_dir.h"

#include <dlfcn.h>
#include <fmt/format.h>
#include <link.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace mikros::analysis {
namespace {

namespace fs = std::filesystem;

// Compiled in by lexicon.cmake: the build tree and the prefix configured for installation.
#ifndef MIKROS_BUILD_DIR
#define MIKROS_BUILD_DIR ""
#endif
#ifndef MIKROS_BUILD_DATA_DIR
#define MIKROS_BUILD_DATA_DIR ""
#endif
#ifndef MIKROS_INSTALL_DATA_DIR
#define MIKROS_INSTALL_DATA_DIR ""
#endif

// Any function of this file: its address lies in the object being looked for.
void anchor() {}

std::string canonical(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::canonical(p, ec);
  return ec ? std::string() : c.string();
}

bool inside(const std::string& path, const std::string& dir) {
  if (path.empty() || dir.empty()) return false;
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
         path[dir.size()] == '/';
}

}  // namespace

std::string loaded_object_path() {
  Dl_info info;
  link_map* map = nullptr;
  if (dladdr1(reinterpret_cast<void*>(&anchor), &info, reinterpret_cast<void**>(&map),
              RTLD_DL_LINKMAP) == 0) {
    return "";
  }
  // The executable's link map has an empty name, and dladdr then reports argv[0], which may be
  // a bare name found on PATH: the kernel knows the real file.
  if (map == nullptr || map->l_name == nullptr || map->l_name[0] == '\0') {
    return canonical("/proc/self/exe");
  }
  return canonical(map->l_name);
}

std::vector<std::string> data_file_candidates(const std::string& name,
                                              const std::string& data_dir) {
  if (!data_dir.empty()) return {(fs::path(data_dir) / name).string()};
  std::vector<std::string> out;
  const std::string object = loaded_object_path();
  if (!object.empty()) {
    out.push_back(
        (fs::path(object).parent_path().parent_path() / "share" / "mikros" / name).string());
  }
  const std::string build_dir = canonical(MIKROS_BUILD_DIR);
  if (inside(object, build_dir) && *MIKROS_BUILD_DATA_DIR) {
    out.push_back((fs::path(MIKROS_BUILD_DATA_DIR) / name).string());
  }
  if (*MIKROS_INSTALL_DATA_DIR) out.push_back((fs::path(MIKROS_INSTALL_DATA_DIR) / name).string());
  // The programs of the build tree find the build tree's copy as an installed one would.
  std::vector<std::string> unique;
  for (auto& path : out) {
    if (std::find(unique.begin(), unique.end(), path) == unique.end()) {
      unique.push_back(std::move(path));
    }
  }
  return unique;
}

DataFileLookup find_data_file(const DataFile& file, const std::string& data_dir,
                              const std::function<Status(const std::string& path)>& open) {
  DataFileLookup found;
  std::vector<std::string> candidates;
  if (const char* env = std::getenv(file.variable)) {
    found.from_environment = true;
    found.disabled = std::string_view(env).empty() || std::string_view(env) == "none";
    if (found.disabled) return found;
    candidates.emplace_back(env);
  } else {
    const char* env_dir = std::getenv("MIKROS_DATA_DIR");
    found.data_dir = !data_dir.empty() ? data_dir : env_dir ? env_dir : "";
    candidates = data_file_candidates(file.name, found.data_dir);
  }
  std::string missing;
  for (const auto& path : candidates) {
    Status st = open(path);
    if (st) {
      found.path = path;
      return found;
    }
    if (st.code() != ErrorCode::kNotFound) {
      found.error = Status(st.code(), fmt::format("{}: {}", file.what, st.message()));
      return found;
    }
    missing += fmt::format("{}{}", missing.empty() ? "" : ", ", path);
  }
  found.error = Status::not_found(fmt::format(
      "no {}: {} {}. Set MIKROS_DATA_DIR to the folder that holds {} (<prefix>/share/mikros), {} "
      "to the file, or {}=none to go without",
      file.what,
      found.from_environment ? fmt::format("{} names a file that does not exist:", file.variable)
                             : fmt::format("no {} at", file.name),
      missing.empty() ? "any known place" : missing, file.name, file.variable, file.variable));
  return found;
}

}  // namespace mikros::analysis
