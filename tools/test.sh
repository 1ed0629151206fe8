#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds mikros with -Werror under AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs every test; then builds the fuzz targets with clang and
# runs each for MIKROS_FUZZ_SECONDS (default 60). Usage: bash tools/test.sh
# (MIKROS_TEST_FUZZ=0 skips the fuzz runs; tools/fuzz.sh runs one for longer.)
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup.sh

BUILD=${MIKROS_TEST_BUILD:-build-test}
JOBS=${MIKROS_JOBS:-$(nproc)}
# -O1 -g1: what the sanitizers need (line tables for their stack traces, enough optimisation for
# the tests to run fast), and about a third less compile time than -O2 -g on two cores.
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMIKROS_WERROR=ON \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
      -DMIKROS_SANITIZE=address,undefined -DMIKROS_BUILD_TESTS=ON
cmake --build "$BUILD" -j "$JOBS"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$BUILD" -j "$JOBS" --output-on-failure

# The bounded fuzz runs: a second build, with clang and -fsanitize=fuzzer, of the library and the
# fuzz targets only (tests/fuzz/CMakeLists.txt).
if [ "${MIKROS_TEST_FUZZ:-1}" != 0 ]; then
  FUZZ_BUILD=${MIKROS_FUZZ_BUILD:-$BUILD-fuzz}
  CC=clang-14 CXX=clang++-14 cmake -S . -B "$FUZZ_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
    -DMIKROS_WERROR=ON -DMIKROS_FUZZ=ON -DMIKROS_FUZZ_SECONDS="${MIKROS_FUZZ_SECONDS:-60}" \
    -DMIKROS_BUILD_TESTS=OFF -DMIKROS_BUILD_TOOLS=OFF
  cmake --build "$FUZZ_BUILD" -j "$JOBS"
  ctest --test-dir "$FUZZ_BUILD" -L fuzz -j "$JOBS" --output-on-failure  # one core each
fi
