#!/usr/bin/env bash
# Production shape at production size, on PostgreSQL: the corpus chinook schema filled to
# about 2.1 million rows with skewed settings (benches/compare/chinook_skewed.json), its
# profile taken with exact counts, a new database created from the source's catalogs and
# filled from the profile, and its profile compared with the source's. Prints the time
# of each step and, per table, the rows and the worst distinct-count and NULL-share
# differences. The README's "Production shape" figures come from this script.
#
#   bash benches/profile_roundtrip.sh        # uses SEEDGEN_TEST_POSTGRES_URL or the local server
set -euo pipefail
cd "$(dirname "$0")/.."

url=${SEEDGEN_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
base=${url%/*}
corpus=../shared/schemas/real/postgres/chinook.sql
[ -f "$corpus" ] || { echo "missing $corpus" >&2; exit 1; }

cargo build --release -q -p seedgen-cli
sg=target/release/seedgen
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for db in sg_shape_src sg_shape_copy; do
  psql "$url" -qX -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" 2>/dev/null
done
# The corpus file creates its own database; here it goes into ours.
grep -v -e '^CREATE DATABASE' -e '^\\c' "$corpus" > "$tmp/chinook.sql"
psql "$base/sg_shape_src" -qX -f "$tmp/chinook.sql" >/dev/null

TIMEFORMAT='  %R s'
echo "fill the source (skewed settings):"
time "$sg" load "$tmp/chinook.sql" benches/compare/chinook_skewed.json --url "$base/sg_shape_src" --quiet
echo "seedgen profile --analyze (statistics):"
time "$sg" profile --url "$base/sg_shape_src" --analyze --out "$tmp/estimated.json" 2>/dev/null
echo "seedgen profile --exact-counts:"
time "$sg" profile --url "$base/sg_shape_src" --exact-counts --out "$tmp/source.json" 2>/dev/null
echo "seedgen load SOURCE --create --profile … --url COPY:"
time "$sg" load "$base/sg_shape_src" --create --profile "$tmp/source.json" --url "$base/sg_shape_copy" --quiet
"$sg" profile --url "$base/sg_shape_copy" --exact-counts --analyze --out "$tmp/copy.json" 2>/dev/null

python3 - "$tmp/source.json" "$tmp/copy.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
print(f"{'table':24} {'source rows':>12} {'copy rows':>10}  worst distinct      worst NULL share")
for t, ta in sorted(a["tables"].items()):
    tb = b["tables"][t]
    wd, wn = ("-", 0.0), ("-", 0.0)
    for c, ca in ta["columns"].items():
        cb = tb["columns"].get(c, {})
        da, db = ca.get("distinct") or 0, cb.get("distinct") or 0
        d = abs(da - db) / max(da, 1)
        if d > wd[1]:
            wd = (f"{c} {da}->{db}", d)
        n = abs(ca["null_fraction"] - cb.get("null_fraction", 0))
        if n > wn[1]:
            wn = (c, n)
    print(f"{t:24} {ta['rows']:>12} {tb['rows']:>10}  {wd[1]:6.2%} {wd[0]:<30} {wn[1]*100:4.1f} pts {wn[0]}")
PY
