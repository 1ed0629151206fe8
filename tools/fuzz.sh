#!/usr/bin/env bash
# Runs a libFuzzer target for longer than the test suite's bounded run.
#
#   bash tools/fuzz.sh query 600        # fuzz the query language for 10 minutes
#
# Builds (once) a clang build with -DMIKROS_FUZZ=ON in build-fuzz/ (MIKROS_FUZZ_BUILD to change
# it), starts from the seeds tests/fuzz/seeds/TARGET and the corpus earlier long runs grew,
# tests/fuzz/corpus/TARGET (merge a run's finds into it with TARGET_fuzz -merge=1
# tests/fuzz/corpus/TARGET BUILD/tests/fuzz/corpus/TARGET_fuzz), and keeps what it finds in
# BUILD/tests/fuzz/corpus/TARGET_fuzz, so the next run goes on from there. A crash leaves its
# input as crash-* in the current directory and exits non-zero; rerun it with
# BUILD/tests/fuzz/TARGET_fuzz crash-FILE.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=${1:-query}
SECONDS_TO_RUN=${2:-600}
BUILD=${MIKROS_FUZZ_BUILD:-build-fuzz}
JOBS=${MIKROS_JOBS:-$(nproc)}

bash tools/setup.sh
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  CC=clang-14 CXX=clang++-14 cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DMIKROS_FUZZ=ON -DMIKROS_BUILD_TESTS=OFF -DMIKROS_BUILD_TOOLS=OFF
fi
cmake --build "$BUILD" -j "$JOBS" --target "${TARGET}_fuzz"

WORK="$BUILD/tests/fuzz/corpus/${TARGET}_fuzz"
mkdir -p "$WORK"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
FLAGS=()
# The C API target runs without leak checks between inputs (tests/fuzz/c_api_fuzz.cpp says why).
if [ "$TARGET" = c_api ]; then FLAGS=(-detect_leaks=0); fi
GROWN=()
if [ -d "tests/fuzz/corpus/$TARGET" ]; then GROWN=("tests/fuzz/corpus/$TARGET"); fi
exec "$BUILD/tests/fuzz/${TARGET}_fuzz" -max_total_time="$SECONDS_TO_RUN" -timeout=10 \
  -rss_limit_mb=4096 -max_len=4096 -print_final_stats=1 "${FLAGS[@]}" "$WORK" \
  "tests/fuzz/seeds/$TARGET" \
  "${GROWN[@]}"
