#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds mikros, indexes the bundled sample corpus and answers
# a sample query. Usage: bash tools/demo.sh ['QUERY']   (MIKROS_DEMO_SHELL=1 opens the shell)
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup.sh

BUILD=${MIKROS_BUILD:-build}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DMIKROS_BUILD_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j "$(nproc)" --target mikros_cli
MIKROS="$BUILD/tools/mikros"
DB="$BUILD/demo-db"

rm -rf "$DB"
"$MIKROS" index --db "$DB" corpus/profiles.jsonl
QUERY=${1:-'"slow fashion" tier:micro country:US'}
echo
echo "\$ mikros search --db $DB '$QUERY'"
"$MIKROS" search --db "$DB" "$QUERY"

# The same creators ranked for a brand (corpus/brands/, docs/brands.md).
"$MIKROS" brand add --db "$DB" corpus/brands/verde-boho.json >/dev/null
echo
echo "\$ mikros search --db $DB 'fashion brand:verde-boho' --limit 5"
"$MIKROS" search --db "$DB" --limit 5 'fashion brand:verde-boho'

if [ "${MIKROS_DEMO_SHELL:-0}" = 1 ]; then
  exec "$MIKROS" shell --db "$DB"
fi
echo
echo "Try: $MIKROS shell --db $DB, $MIKROS search --db $DB 'hiking tier:micro,mid' --facets (or"
echo "--json), $MIKROS show --db $DB instagram:linen.and.lavender, $MIKROS stats --db $DB"
