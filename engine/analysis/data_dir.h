// Where the library's data files (words.lex) are looked for. An installed mikros may be moved or
// installed into any prefix, so the place is found at run time from the file the code was loaded
// from (libmikros.so, or the program linked with libmikros.a), not compiled in.
#ifndef MIKROS_ANALYSIS_DATA_DIR_H
#define MIKROS_ANALYSIS_DATA_DIR_H

#include <functional>
#include <string>
#include <vector>

#include "mikros/status.hpp"

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

// A data file to find: its name, the variable that names the file itself (set to "none" or
// empty: go without), and what it is, for messages ("hashtag dictionary").
struct DataFile {
  const char* name;
  const char* variable;
  const char* what;
};

// What find_data_file found.
struct DataFileLookup {
  bool from_environment = false;  // the file's variable was set
  bool disabled = false;          // ... to "none" or empty: no file wanted
  std::string data_dir;           // the folder looked in, when one was chosen
  std::string path;               // the file opened
  Status error;                   // when none was
};

// Looks for `file`: where its variable says, else in data_file_candidates(file.name, the
// folder `data_dir` or $MIKROS_DATA_DIR names), and calls `open` on each candidate in turn until
// one opens. `open` returns kNotFound for a file that is not there (look further); any other
// error of a file that is there ends the search, reported as it is: looking further could pick
// up a stale copy and answer differently without anyone knowing. When none is found the error
// names every place looked and how to point at the file.
DataFileLookup find_data_file(const DataFile& file, const std::string& data_dir,
                              const std::function<Status(const std::string& path)>& open);

}  // namespace mikros::analysis

#endif  // MIKROS_ANALYSIS_DATA_DIR_H
