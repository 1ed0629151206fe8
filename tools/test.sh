#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds mikros with -Werror under AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs every test. Usage: bash tools/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup.sh

BUILD=${MIKROS_TEST_BUILD:-build-test}
JOBS=${MIKROS_JOBS:-$(nproc)}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMIKROS_WERROR=ON \
      -DMIKROS_SANITIZE=address,undefined -DMIKROS_BUILD_TESTS=ON
cmake --build "$BUILD" -j "$JOBS"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$BUILD" -j "$JOBS" --output-on-failure
