#!/usr/bin/env bash
# Parquet written by seedgen, read by DuckDB (from PyPI, in a virtualenv under target/),
# compared value by value with seedgen's CSV of the same seed, for the example schemas.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/duckdb-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q duckdb==1.4.2
fi
seedgen=${SEEDGEN:-target/debug/seedgen}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for schema in shop saas blog; do
  "$seedgen" generate "schemas/$schema.sql" --rows 2000 --seed 3 --format parquet --out "$work/$schema-pq"
  "$seedgen" generate "schemas/$schema.sql" --rows 2000 --seed 3 --format csv --null '\N' --out "$work/$schema-csv"
  "$venv/bin/python" scripts/check_parquet_duckdb.py "$work/$schema-pq" "$work/$schema-csv"
done
