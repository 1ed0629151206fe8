#!/usr/bin/env bash
# ThreadSanitizer run of the concurrency tests: 8 threads searching through one Searcher while a
# writer commits, deletes and rebuilds and a thread takes backups in the same process, then while
# `mikros index`, `delete` and `reindex` run in other processes. Builds with clang in its own
# directory (TSan is not part of CI: a second full build does not fit the CI time budget).
#
#   bash tools/tsan.sh [--seconds N]     # N seconds per test, default 20
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TEST=20
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_TEST=$2; shift 2 ;;
    *) echo "usage: bash tools/tsan.sh [--seconds N]" >&2; exit 2 ;;
  esac
done

bash tools/setup.sh
BUILD=${MIKROS_TSAN_BUILD:-build-tsan}
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMIKROS_SANITIZE=thread -DMIKROS_BUILD_TESTS=ON
cmake --build "$BUILD" -j "${MIKROS_JOBS:-$(nproc)}" --target concurrency_tests mikros_cli
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tools/tsan.supp}
MIKROS_CONCURRENCY_SECONDS=$SECONDS_PER_TEST exec "$BUILD/tests/concurrency_tests"
