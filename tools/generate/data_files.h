// The data files of corpus/generator/, built into the program: the build turns them into a
// generated source file (engine/cmake/embed_files.cmake), so the generator needs no data path
// at run time and editing a file rebuilds it.
#ifndef MIKROS_TOOLS_GENERATE_DATA_FILES_H
#define MIKROS_TOOLS_GENERATE_DATA_FILES_H

#include <span>
#include <string_view>

namespace mikros::tools::gen {

struct DataFile {
  std::string_view name;  // "niches.tsv"
  std::string_view text;  // the whole file
};

// Every file built in (defined in the generated source).
std::span<const DataFile> data_files();

}  // namespace mikros::tools::gen

#endif  // MIKROS_TOOLS_GENERATE_DATA_FILES_H
