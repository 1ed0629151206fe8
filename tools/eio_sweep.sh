#!/usr/bin/env bash
# The exhaustive I/O-error sweep (docs/durability.md, "I/O errors"): for each operation and
# fault mode, runs the mikros command once per k = 1, 2, ... with its k-th write, pwrite, fsync,
# fdatasync, rename or open for writing failing (tests/faults/eio_shim.c), until the command
# completes untouched or the time for that sweep runs out, and checks each run
# (tests/faults/eio_sweep.cpp). CI runs a few sampled k of each (the CTest label `eio`).
#
#   bash tools/eio_sweep.sh [--build DIR] [--seconds S] [--ops "index delete ..."]
#                           [--modes "eio enospc eintr short eio+sticky"] [--from K] [--out DIR]
#                           [--reads] [--exclude SUBSTR,...]
#
# Operations: index (new and changed profiles), delete, reindex, compact, backup, merge (a first
# load read by two writers), and the reads search and show. S (default 300) bounds each
# operation-and-mode sweep. Prints one summary line per sweep and appends to OUT/results.tsv
# (every k) and OUT/summary.txt; --from starts each sweep at k = K (to go on where a time limit
# stopped one). --reads fails the k-th read instead (read, pread, readv, fread in RocksDB's files
# and Xapian's; default operations search show index delete reindex backup, modes eio short);
# --exclude /xapian/ keeps to RocksDB's. Exits 1 if any run failed a check.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=build
SECONDS_EACH=300
OPS=""
MODES=""
OUT=""
FROM=1
READS=0
EXCLUDE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build) BUILD=$2; shift 2 ;;
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --ops) OPS=$2; shift 2 ;;
    --modes) MODES=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --from) FROM=$2; shift 2 ;;
    --reads) READS=1; shift ;;
    --exclude) EXCLUDE=$2; shift 2 ;;
    *) sed -n '2,17p' "$0" >&2; exit 2 ;;
  esac
done
OUT=${OUT:-$BUILD/eio-sweep}
extra=()
if [ "$READS" = 1 ]; then
  extra+=(--ops read)
  OPS=${OPS:-"search show index delete reindex backup"}
  MODES=${MODES:-"eio short"}
else
  OPS=${OPS:-"index delete reindex compact backup merge"}
  MODES=${MODES:-"eio enospc eintr short eio+sticky"}
fi
if [ -n "$EXCLUDE" ]; then extra+=(--exclude "$EXCLUDE"); fi

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMIKROS_BUILD_TESTS=ON
fi
cmake --build "$BUILD" -j "${MIKROS_JOBS:-$(nproc)}" --target eio_sweep mikros_eio_shim mikros_cli

mkdir -p "$OUT"
status=0
for op in $OPS; do
  for mode in $MODES; do
    sticky=()
    if [ "${mode%+sticky}" != "$mode" ]; then sticky=(--sticky); mode=${mode%+sticky}; fi
    if ! "$BUILD/tests/faults/eio_sweep" --mikros "$BUILD/tools/mikros" \
        --shim "$BUILD/tests/faults/eio_shim.so" --corpus corpus/profiles.jsonl \
        --work "$OUT/work" --op "$op" --mode "$mode" "${sticky[@]}" \
        --seconds "$SECONDS_EACH" --from "$FROM" --tsv "$OUT/results.tsv" "${extra[@]}" \
        | tee -a "$OUT/summary.txt"; then
      status=1
    fi
  done
done
rm -rf "$OUT/work"
exit $status
