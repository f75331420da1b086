#!/usr/bin/env bash
# Parquet written by seedgen, read by DuckDB, and Arrow IPC, read by pyarrow (both from PyPI,
# in a virtualenv under target/), compared value by value with seedgen's CSV of the same seed,
# for the example schemas.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/duckdb-venv
if ! "$venv/bin/python" -c 'import duckdb, pyarrow' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q duckdb==1.4.2 pyarrow==21.0.0
fi
seedgen=${SEEDGEN:-target/debug/seedgen}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for schema in shop saas blog; do
  "$seedgen" generate "schemas/$schema.sql" --rows 2000 --seed 3 --format parquet --out "$work/$schema-pq"
  "$seedgen" generate "schemas/$schema.sql" --rows 2000 --seed 3 --format csv --null '\N' --out "$work/$schema-csv"
  "$seedgen" generate "schemas/$schema.sql" --rows 2000 --seed 3 --format arrow --out "$work/$schema-arrow"
  "$venv/bin/python" scripts/check_columnar.py "$work/$schema-pq" "$work/$schema-csv"
  "$venv/bin/python" scripts/check_columnar.py "$work/$schema-arrow" "$work/$schema-csv"
done
