// The data files of corpus/models/, built into the library: the build turns them into a
// generated source of this layer (engine/cmake/embed_files.cmake), so the models need no data
// path at run time and editing a file rebuilds the layer.
#ifndef MIKROS_ANALYTICS_MODEL_FILES_H
#define MIKROS_ANALYTICS_MODEL_FILES_H

#include <span>
#include <string_view>

namespace mikros::analytics {

struct DataFile {
  std::string_view name;  // "authenticity.json"
  std::string_view text;  // the whole file
};

// Every file built in (defined in the generated source).
std::span<const DataFile> model_files();

}  // namespace mikros::analytics

#endif  // MIKROS_ANALYTICS_MODEL_FILES_H
