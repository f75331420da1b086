#!/usr/bin/env bash
# Throughput of the newest data version against version 1 (the first release's
# generators, still in the binary), in one run on this machine: the users table
# (10 columns) and TPC-H, written as CSV. Each pair runs interleaved RUNS times and
# the medians are compared, so machine noise hits both alike.
#
#   benches/versions.sh            RUNS=3 USERS_ROWS=1000000 TPCH_SCALE=0.2
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
RUNS=${RUNS:-3}
USERS_ROWS=${USERS_ROWS:-1000000}
TPCH_SCALE=${TPCH_SCALE:-0.2}
TPCH_DDL=${TPCH_DDL:-$ROOT/../shared/schemas/real/postgres/tpch_pg.sql}
WORK=$ROOT/target/versions
mkdir -p "$WORK"
cargo build --release -q -p seedgen-cli
SEEDGEN=${CARGO_TARGET_DIR:-$ROOT/target}/release/seedgen

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
seconds() { # runs the command once, prints its wall seconds
    /usr/bin/time -f '%e' -o "$WORK/t" "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
    cat "$WORK/t"
}
measure() { # name, rows, args...
    local name=$1 rows=$2; shift 2
    : >"$WORK/v1"; : >"$WORK/v2"
    for _ in $(seq "$RUNS"); do
        for v in 1 2; do
            rm -rf "$WORK/out"
            seconds "$SEEDGEN" generate "$@" --data-version "$v" --quiet --out "$WORK/out" >>"$WORK/v$v"
        done
    done
    local a b
    a=$(median <"$WORK/v1"); b=$(median <"$WORK/v2")
    awk -v n="$name" -v r="$rows" -v a="$a" -v b="$b" 'BEGIN {
        printf "%-28s version 1 %6.2f s   version 2 %6.2f s   version 2 / version 1 = %.2f\n", n " (" r ")", a, b, b / a }'
}
measure "users, CSV" "$USERS_ROWS rows" "$ROOT/benches/compare/users.sql" --rows "$USERS_ROWS"
measure "TPC-H, CSV" "SF $TPCH_SCALE" "$TPCH_DDL" "$ROOT/benches/compare/tpch_sf1.json" --scale "$TPCH_SCALE"
