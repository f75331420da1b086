#!/usr/bin/env bash
# The Python package: the abi3 wheel built by maturin from crates/seedgen-py, installed
# into a virtualenv under target/ with pyarrow, DuckDB, Polars, pandas, pytest and
# pyspark from PyPI, and its tests run (Spark on local[2]; Java 17 on the machine),
# against the command line at $SEEDGEN (default target/debug/seedgen).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
venv=$target/py-venv
wanted="maturin==1.16.0 pyarrow==21.0.0 duckdb==1.4.2 polars==2.1.0 pandas==3.1.1 pytest==9.2.0 pyspark==4.0.1"
if [ "$(cat "$venv/.wanted" 2>/dev/null)" != "$wanted" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  # shellcheck disable=SC2086
  "$venv/bin/pip" install -q $wanted
  echo "$wanted" > "$venv/.wanted"
fi
command -v java >/dev/null || { echo "java is missing: Spark needs Java 17 (apt-get install openjdk-17-jre-headless)"; exit 1; }
rm -rf "$target/wheels"
(cd crates/seedgen-py && CARGO_TARGET_DIR="$target" "$venv/bin/maturin" build --release --locked -q -o "$target/wheels")
"$venv/bin/pip" install -q --force-reinstall --no-deps "$target"/wheels/seedgen-*.whl
SEEDGEN="${SEEDGEN:-$target/debug/seedgen}" "$venv/bin/python" -m pytest -q -p no:cacheprovider crates/seedgen-py/tests
