// Where the library's data files (words.lex) are looked for. An installed mikros may be moved or
// installed into any prefix, so the place is found at run time from the file the code was loaded
// from (libmikros.so, or the program linked with libmikros.a), not compiled in.
#ifndef MIKROS_ANALYSIS_DATA_DIR_H
#define MIKROS_ANALYSIS_DATA_DIR_H

#include <string>
#include <vector>

namespace mikros::analysis {

// The real path of the file holding this code: libmikros.so when loaded as a shared library,
// the executable when linked statically. Empty when the system cannot tell.
std::string loaded_object_path();

// The folders to look in for `name`, in order, each a full path to a candidate file:
//   1. `data_dir`/name when `data_dir` is given (Options::data_dir, else $MIKROS_DATA_DIR):
//      then nowhere else, since an explicit choice must not be overridden by a stray copy;
//   2. <folder of loaded_object_path()>/../share/mikros/name (an installed copy, wherever it is);
//   3. the build tree's copy, only for code that runs from the build tree (tests, the programs
//      built beside it), so an installed copy never depends on a build tree;
//   4. <configured prefix>/share/mikros/name (a program linked with libmikros.a elsewhere).
std::vector<std::string> data_file_candidates(const std::string& name, const std::string& data_dir);

}  // namespace mikros::analysis

#endif  // MIKROS_ANALYSIS_DATA_DIR_H
