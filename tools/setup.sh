#!/usr/bin/env bash
# Installs the Debian 12 packages mikros needs to build, test and run. Safe to run again: it only
# calls apt-get when something is missing. Uses sudo when not run as root.
set -euo pipefail

PACKAGES=(
  # build
  cmake g++ make pkg-config
  # the stack
  libxapian-dev xapian-tools librocksdb-dev libicu-dev libfmt-dev
  # parsing and the command line
  libsimdjson-dev nlohmann-json3-dev libcli11-dev libedit-dev libcsv-dev
  # tests, benchmark baseline, fuzzing
  catch2 libsqlite3-dev clang libclang-rt-14-dev
  # embedding tests: the ctypes test and the drivers of the consumer builds; nm, objdump
  python3 binutils
  # word lists for hashtag segmentation
  scowl wamerican wspanish wfrench wngerman witalian wportuguese
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
