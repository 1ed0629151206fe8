#!/usr/bin/env bash
# Crash soak: kills `mikros index`, `reindex`, `delete` and `backup` with SIGKILL at random
# moments (and now and then the recovery that follows), N times, checking after each kill that
# the database verifies deeply, that every acknowledged record is found and that a backup is
# whole or no database at all (tests/crash_test.cpp; CI runs 50 kills). Prints the figures at
# the end.
#
#   bash tools/soak.sh --kills 2000 [--build DIR] [--seed S]
#
# DIR defaults to `build` (an optimised build without sanitizers: about four times the kills
# per minute of the ASan build); it is configured if needed.
set -euo pipefail
cd "$(dirname "$0")/.."

KILLS=2000
BUILD=build
SEED=""
while [ $# -gt 0 ]; do
  case "$1" in
    --kills) KILLS=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    *) echo "usage: bash tools/soak.sh [--kills N] [--build DIR] [--seed S]" >&2; exit 2 ;;
  esac
done

bash tools/setup.sh
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMIKROS_BUILD_TESTS=ON
fi
cmake --build "$BUILD" -j "${MIKROS_JOBS:-$(nproc)}" --target crash_tests mikros_cli
export MIKROS_CRASH_KILLS=$KILLS
if [ -n "$SEED" ]; then export MIKROS_CRASH_SEED=$SEED; fi
exec "$BUILD/tests/crash_tests"
