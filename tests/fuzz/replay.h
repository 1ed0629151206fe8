// The main() of a fuzz target's replay build (MIKROS_FUZZ_REPLAY): the same checks as the
// libFuzzer build, over the files given and the files in the folders given (a seed corpus), in
// every build's test suite.
#ifndef MIKROS_TESTS_FUZZ_REPLAY_H
#define MIKROS_TESTS_FUZZ_REPLAY_H

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace mikros::fuzz {

// Runs LLVMFuzzerTestOneInput on every input; 0 when there was at least one (a failed check
// aborts), 1 when there was none.
inline int replay(const char* name, int argc, char** argv) {
  namespace fs = std::filesystem;
  std::size_t inputs = 0;
  auto run_file = [&](const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    const std::string bytes = s.str();
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    ++inputs;
  };
  for (int i = 1; i < argc; ++i) {
    if (fs::is_directory(argv[i])) {
      for (const auto& e : fs::recursive_directory_iterator(argv[i])) {
        if (e.is_regular_file()) run_file(e.path());
      }
    } else {
      run_file(argv[i]);
    }
  }
  std::printf("%s: %zu inputs, no failure\n", name, inputs);
  return inputs ? 0 : 1;
}

}  // namespace mikros::fuzz

#endif  // MIKROS_TESTS_FUZZ_REPLAY_H
