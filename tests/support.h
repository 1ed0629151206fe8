// Helpers shared by the test suites: temporary directories, paths, running the mikros binary.
#ifndef MIKROS_TESTS_SUPPORT_H
#define MIKROS_TESTS_SUPPORT_H

#include <sys/types.h>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace mikros::test {

// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Writes `text` to `path` (truncating).
void write_file(const std::string& path, const std::string& text);
std::string read_file(const std::string& path);

// The source tree, the shared data folder (../shared beside the checkout; empty when absent)
// and the mikros binary under test.
std::string source_dir();
std::string shared_dir();
std::string mikros_binary();

// Result of running a command.
struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs `argv` (no shell), feeding `input` on standard input, and collects its output. `env`
// adds or replaces environment variables ("NAME=value"). The child does nothing between fork
// and exec but redirect descriptors, so this is safe in a process with threads (RocksDB's).
RunResult run(const std::vector<std::string>& argv, const std::string& input = "",
              const std::vector<std::string>& env = {});
// Runs the mikros binary with `args`.
RunResult run_mikros(const std::vector<std::string>& args, const std::string& input = "");
RunResult run_mikros_env(const std::vector<std::string>& env, const std::vector<std::string>& args,
                         const std::string& input = "");

// Starts `argv` in the background (posix_spawn) with standard input from /dev/null and its
// output appended to `out_path` and `err_path`. Throws when it cannot start.
pid_t spawn(const std::vector<std::string>& argv, const std::string& out_path,
            const std::string& err_path, const std::vector<std::string>& env = {});
// Waits for a child: its exit status, or 128 + the signal that ended it.
int wait_exit(pid_t pid);
// The same for a child that has already exited; nullopt while it runs.
std::optional<int> try_wait_exit(pid_t pid);

// One JSON profile line with the given fields merged over a valid base profile.
// `fields` is the inside of a JSON object, e.g. R"("followers": 12, "country": "US")".
std::string profile_line(const std::string& platform, const std::string& handle,
                         const std::string& fields = "");

// Marks the running test as skipped (CTest reports it so) and leaves it. For tests that need
// data outside the project, such as ../shared.
#define MIKROS_SKIP(reason)                            \
  do {                                                 \
    std::cout << "SKIPPED: " << (reason) << std::endl; \
    return;                                            \
  } while (0)

}  // namespace mikros::test

#endif  // MIKROS_TESTS_SUPPORT_H
