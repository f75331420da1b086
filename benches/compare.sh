#!/usr/bin/env bash
# Measures seedgen against other data generators on this machine, in one run, and
# writes the results table into README.md (between the compare markers) and
# target/compare/results.md.
#
#   benches/compare.sh
#
# It installs what the sections it runs compare with, from their registries: tpchgen-cli
# with `cargo install` (tpch, load), Faker and Mimesis with pip in a virtualenv
# (target/compare/venv; users), pyspark and the seedgen wheel (spark).
# Not part of .ci/run: it builds other tools and takes several minutes.
#
# Settings (environment):
#   RUNS=3              runs per measurement; the median is reported
#   THREADS=$(nproc)    threads for seedgen and tpchgen-cli
#   FAKER_ROWS=50000    rows Faker writes per run (its rows/s is flat in the row count;
#                       FAKER_ROWS=1000000 measures the full million, ~10 min per run)
#   MIMESIS_ROWS=1000000
#   BIG=1               include the 100M-row memory measurement (~10 GB of disk)
#   PG_URL=postgres://postgres@127.0.0.1:5432/test   a server for the load comparisons
#                       (a database seedgen_compare is created there); empty to skip
#   MY_URL=mysql://root@127.0.0.1:3306/test          the same for MariaDB/MySQL
#   SECTIONS="tpch users memory load spark"   what to measure; README.md is rewritten
#                       only when all of them ran (else target/compare/results.md only)
#   spark: the Python wheel (maturin) and pyspark in target/compare/spark-venv; Java 17.
#                       Its figure is also written into README.md's "Beyond one machine"
#                       (between the compare-spark markers) whenever it runs.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
RUNS=${RUNS:-3}
THREADS=${THREADS:-$(nproc)}
FAKER_ROWS=${FAKER_ROWS:-50000}
MIMESIS_ROWS=${MIMESIS_ROWS:-1000000}
BIG=${BIG:-1}
PG_URL=${PG_URL-postgres://postgres@127.0.0.1:5432/test}
MY_URL=${MY_URL-mysql://root@127.0.0.1:3306/test}
SECTIONS=${SECTIONS:-tpch users memory load spark}
ALL_SECTIONS="tpch users memory load spark"
section() { [[ " $SECTIONS " == *" $1 "* ]]; }
WORK=$ROOT/target/compare
TPCH_DDL=${TPCH_DDL:-$ROOT/../shared/schemas/real/postgres/tpch_pg.sql}
mkdir -p "$WORK"

say() { printf '%s\n' "$*" >&2; }

# Puts the contents of FILE between README.md's `<!-- NAME:start -->` and `<!-- NAME:end -->`.
readme_block() { # NAME FILE
python3 - "$ROOT/README.md" "$1" "$2" <<'EOF'
import sys
readme, name, body = sys.argv[1], sys.argv[2], open(sys.argv[3]).read()
text = open(readme).read()
start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
a, b = text.index(start) + len(start), text.index(end)
open(readme, "w").write(text[:a] + "\n" + body + text[b:])
EOF
}

# --- tools ---------------------------------------------------------------------------
say "building seedgen (release)"
cargo build --release -q -p seedgen-cli
SEEDGEN=${CARGO_TARGET_DIR:-$ROOT/target}/release/seedgen
# Each peer is installed only for the sections that run it.
if (section tpch || section load) && ! command -v tpchgen-cli >/dev/null; then
    say "installing tpchgen-cli"
    cargo install -q --locked tpchgen-cli
fi
PY=$WORK/venv/bin/python
if section users && [ ! -x "$PY" ]; then
    say "installing faker and mimesis"
    python3 -m venv "$WORK/venv"
    "$WORK/venv/bin/pip" install -q 'faker==40.*' 'mimesis==22.*'
fi
[ -f "$TPCH_DDL" ] || { say "missing $TPCH_DDL (the shared corpus beside the repository)"; exit 2; }

# --- measuring -----------------------------------------------------------------------
# run_time CMD...: runs once, prints "wall_seconds max_rss_kb".
run_time() {
    /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$@" >"$WORK/out.txt" 2>"$WORK/err.txt" || {
        say "failed: $*"; cat "$WORK/err.txt" >&2; exit 1; }
    cat "$WORK/time.txt"
}
# median of the first field of the lines on stdin.
median() { awk '{print $1}' | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# median_time SETUP CMD...: median wall time of RUNS runs, SETUP (a shell string) before each.
median_time() {
    local setup=$1; shift
    for _ in $(seq "$RUNS"); do
        eval "$setup"
        run_time "$@"
    done | median
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

ROWS=()   # result rows of the table
add() { ROWS+=("$1"); say "$1"; }

# --- 1. TPC-H SF1 from the DDL -------------------------------------------------------
if section tpch; then
say "TPC-H SF1, $THREADS threads, $RUNS runs each"
SG_TPCH=("$SEEDGEN" generate "$TPCH_DDL" "$ROOT/benches/compare/tpch_sf1.json" --threads "$THREADS" --quiet --force)
s=$(median_time "rm -rf $WORK/sg-csv" "${SG_TPCH[@]}" --out "$WORK/sg-csv")
t=$(median_time "rm -rf $WORK/tg-csv" tpchgen-cli csv -s 1 --num-threads "$THREADS" --output-dir "$WORK/tg-csv")
add "| TPC-H SF1 to CSV (8 tables, 8.66M rows) | \`seedgen generate tpch_pg.sql tpch_sf1.json --out DIR\` | ${s} s | tpchgen-cli ${t} s | $(ratio "$t" "$s")× |"
s=$(median_time "rm -rf $WORK/sg-pq" "${SG_TPCH[@]}" --out "$WORK/sg-pq" --format parquet --compression snappy)
t=$(median_time "rm -rf $WORK/tg-pq" tpchgen-cli parquet -s 1 --num-threads "$THREADS" --output-dir "$WORK/tg-pq")
add "| TPC-H SF1 to Parquet (snappy, both) | \`… --format parquet --compression snappy\` | ${s} s | tpchgen-cli ${t} s | $(ratio "$t" "$s")× |"
rm -rf "$WORK"/sg-csv "$WORK"/tg-csv "$WORK"/sg-pq "$WORK"/tg-pq
fi

# --- 2. the users table --------------------------------------------------------------
USERS=("$SEEDGEN" generate "$ROOT/benches/compare/users.sql" --threads "$THREADS" --quiet --force)
if section users; then
say "users table to CSV"
s=$(median_time "rm -rf $WORK/users" "${USERS[@]}" --rows 1000000 --out "$WORK/users")
s_rate=$(awk -v s="$s" 'BEGIN {printf "%.0f", 1000000 / s}')
py_rate() {   # LIB ROWS: median rows/s
    for _ in $(seq "$RUNS"); do
        "$PY" "$ROOT/benches/compare/python_users.py" "$1" "$2" "$WORK/$1.csv" | awk '{print $(NF-1)}'
    done | median
}
m_rate=$(py_rate mimesis "$MIMESIS_ROWS")
f_rate=$(py_rate faker "$FAKER_ROWS")
add "| users, 10 columns, to CSV | \`seedgen generate users.sql --rows 1000000 --out DIR\` | ${s} s (${s_rate} rows/s) | Mimesis ${m_rate} rows/s ($MIMESIS_ROWS rows) | $(ratio "$s_rate" "$m_rate")× |"
add "| users, 10 columns, to CSV | (same run) | ${s_rate} rows/s | Faker ${f_rate} rows/s ($FAKER_ROWS rows) | $(ratio "$s_rate" "$f_rate")× |"
fi

# --- 3. peak memory ------------------------------------------------------------------
if section memory; then
say "peak memory, users table"
sizes=(1000000 10000000)
[ "$BIG" = 1 ] && sizes+=(100000000)
for n in "${sizes[@]}"; do
    rm -rf "$WORK/users"
    read -r wall rss < <(run_time "${USERS[@]}" --rows "$n" --out "$WORK/users")
    add "| users, $n rows to CSV: peak memory | \`… --rows $n\` | $((rss / 1024)) MB max RSS (${wall} s) | | |"
done
rm -rf "$WORK/users"
fi

# --- 4. loading ----------------------------------------------------------------------
if section load; then
SG_LOAD=("$SEEDGEN" load --threads "$THREADS" --quiet)
if [ -n "$PG_URL" ] && command -v psql >/dev/null; then
    say "TPC-H SF1 into PostgreSQL with the DDL's keys, foreign keys and indexes"
    DB_URL="${PG_URL%/*}/seedgen_compare"
    fresh="psql '$PG_URL' -qc 'DROP DATABASE IF EXISTS seedgen_compare' -c 'CREATE DATABASE seedgen_compare' >/dev/null"
    with_ddl="$fresh; psql '$DB_URL' -q -f '$TPCH_DDL' >/dev/null"
    # The hand recipe's DDL split as pg_restore splits it: pg_dump of the corpus DDL.
    eval "$with_ddl"
    pg_dump --schema-only --section=pre-data "$DB_URL" >"$WORK/tpch-pre.sql"
    pg_dump --schema-only --section=post-data "$DB_URL" >"$WORK/tpch-post.sql"
    recipe=(bash "$ROOT/benches/compare/tpch_recipe.sh" "$DB_URL" "$WORK" "$THREADS")
    s=$(median_time "$fresh" "${SG_LOAD[@]}" "$TPCH_DDL" "$ROOT/benches/compare/tpch_sf1.json" --create --url "$DB_URL")
    p=$(median_time "$fresh" "${recipe[@]}")
    add "| TPC-H SF1 into PostgreSQL, keys and indexes (8.66M rows) | \`seedgen load tpch_pg.sql tpch_sf1.json --create --url postgres://…\` | ${s} s | tpchgen-cli csv, \\\\copy into bare tables, then the keys and indexes (pg_dump's post-data) ${p} s | $(ratio "$p" "$s")× |"
    d=$(median_time "$with_ddl" "${SG_LOAD[@]}" "$TPCH_DDL" "$ROOT/benches/compare/tpch_sf1.json" --defer-indexes --url "$DB_URL")
    add "| the same into the DDL's tables, already created | \`… --defer-indexes --url postgres://…\` | ${d} s | (the same recipe) ${p} s | $(ratio "$p" "$d")× |"
    psql "$PG_URL" -qc "DROP DATABASE seedgen_compare" >/dev/null
    rm -rf "$WORK/tpch-csv"

    say "1M users into PostgreSQL"
    with_users="$fresh; psql '$DB_URL' -q -f '$ROOT/benches/compare/users.sql' >/dev/null"
    rm -rf "$WORK/users-load"
    "${USERS[@]}" --rows 1000000 --out "$WORK/users-load"
    s=$(median_time "$with_users" "${SG_LOAD[@]}" "$ROOT/benches/compare/users.sql" --rows 1000000 --url "$DB_URL")
    p=$(median_time "$with_users" psql "$DB_URL" -qc "\\copy users FROM '$WORK/users-load/users.csv' CSV HEADER")
    add "| 1M users into PostgreSQL | \`seedgen load users.sql --rows 1000000 --url postgres://…\` | ${s} s | psql \\\\copy of the CSV ${p} s | $(ratio "$p" "$s")× |"
    psql "$PG_URL" -qc "DROP DATABASE seedgen_compare" >/dev/null
fi
rm -rf "$WORK/users-load"
"${USERS[@]}" --rows 1000000 --null '\N' --out "$WORK/users-load"
if [ -n "$MY_URL" ] && command -v mariadb >/dev/null; then
    say "1M users into MariaDB"
    hostport=${MY_URL#*@}; hostport=${hostport%%/*}
    user=${MY_URL#mysql://}; user=${user%%@*}
    MY=(mariadb -u "$user" -h "${hostport%%:*}" -P "${hostport##*:}" --local-infile=1)
    MY_DB="${MY_URL%/*}/seedgen_compare"
    fresh_my="${MY[*]} -e 'DROP DATABASE IF EXISTS seedgen_compare; CREATE DATABASE seedgen_compare'; ${MY[*]} seedgen_compare < '$ROOT/benches/compare/users.sql'"
    s=$(median_time "$fresh_my" "${SG_LOAD[@]}" "$ROOT/benches/compare/users.sql" --rows 1000000 --url "$MY_DB")
    p=$(median_time "$fresh_my" "${MY[@]}" seedgen_compare -e "LOAD DATA LOCAL INFILE '$WORK/users-load/users.csv' INTO TABLE users FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' IGNORE 1 LINES")
    add "| 1M users into MariaDB | \`seedgen load users.sql --rows 1000000 --url mysql://…\` | ${s} s | mariadb LOAD DATA LOCAL INFILE of the CSV ${p} s | $(ratio "$p" "$s")× |"
    "${MY[@]}" -e "DROP DATABASE seedgen_compare"
fi
if command -v sqlite3 >/dev/null; then
    say "1M users into SQLite"
    LITE=$WORK/users.sqlite
    fresh_lite="rm -f '$LITE'; sqlite3 '$LITE' < '$ROOT/benches/compare/users.sql'"
    s=$(median_time "$fresh_lite" "${SG_LOAD[@]}" "$ROOT/benches/compare/users.sql" --rows 1000000 --url "sqlite://$LITE")
    p=$(median_time "$fresh_lite" sqlite3 "$LITE" ".import --csv --skip 1 $WORK/users-load/users.csv users")
    add "| 1M users into SQLite | \`seedgen load users.sql --rows 1000000 --url sqlite://…\` | ${s} s | sqlite3 .import of the CSV ${p} s | $(ratio "$p" "$s")× |"
    rm -f "$LITE"
fi
rm -rf "$WORK/users-load"
fi

# --- 5. beyond one machine: Spark -----------------------------------------------------
if section spark; then
say "TPC-H SF1 to Parquet through Spark local[$THREADS] and the seedgen data source"
SPY=$WORK/spark-venv/bin/python
if [ ! -x "$SPY" ]; then
    python3 -m venv "$WORK/spark-venv"
    "$WORK/spark-venv/bin/pip" install -q 'maturin==1.16.0' 'pyspark==4.0.1' 'pyarrow==21.0.0' 'pandas==3.1.1'
fi
rm -rf "$WORK/wheels"
(cd "$ROOT/crates/seedgen-py" && CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}" "$WORK/spark-venv/bin/maturin" build --release --locked -q -o "$WORK/wheels")
"$WORK/spark-venv/bin/pip" install -q --force-reinstall --no-deps "$WORK"/wheels/seedgen-*.whl
PYSPARK_VERSION=$("$SPY" -c 'import pyspark; print(pyspark.__version__)')
spark_run() {
    rm -rf "$WORK/spark-pq"
    "$SPY" "$ROOT/benches/compare/spark_tpch.py" "$TPCH_DDL" "$ROOT/benches/compare/tpch_sf1.json" "$WORK/spark-pq" "$THREADS"
}
runs=$(for _ in $(seq "$RUNS"); do spark_run; done)
w=$(printf '%s\n' "$runs" | median)
up=$(printf '%s\n' "$runs" | awk '{print $2}' | median)
s=$(median_time "rm -rf $WORK/sg-pq" "$SEEDGEN" generate "$TPCH_DDL" "$ROOT/benches/compare/tpch_sf1.json" --threads "$THREADS" --quiet --force --format parquet --compression snappy --out "$WORK/sg-pq")
add "| TPC-H SF1 to Parquet through Spark local[$THREADS] (the seedgen data source) | \`spark.read.format(\"seedgen\")…write.parquet\` | ${w} s (+ ${up} s session start) | \`seedgen generate --format parquet\` on the same cores ${s} s | Spark takes $(ratio "$w" "$s")× the command line's time |"
# The section "Beyond one machine" quotes this measurement: rewritten whenever it runs.
printf '%s\n' "Measured by \`SECTIONS=spark benches/compare.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, PySpark $PYSPARK_VERSION, medians of $RUNS runs: TPC-H SF1 (8.66M rows) to snappy Parquet took ${w} s through Spark \`local[$THREADS]\` and the data source (after ${up} s of session start), and ${s} s with \`seedgen generate --format parquet --threads $THREADS\`: Spark takes $(ratio "$w" "$s")× the command line's time on the same cores. Its worth is the cluster, where each executor computes its own row ranges." >"$WORK/spark.md"
readme_block compare-spark "$WORK/spark.md"
rm -rf "$WORK/spark-pq" "$WORK/sg-pq"
fi

# --- the table -----------------------------------------------------------------------
{
    peers=""
    if section tpch || section load; then peers+=", $(tpchgen-cli --version)"; fi
    if section users; then
        peers+=", Faker $("$PY" -c 'import faker; print(faker.VERSION)'), Mimesis $("$PY" -c 'import mimesis; print(mimesis.__version__)')"
    fi
    if section spark; then peers+=", PySpark $PYSPARK_VERSION"; fi
    echo "Measured by \`benches/compare.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), seedgen $("$SEEDGEN" --version | cut -d' ' -f2)${peers}; $THREADS threads; medians of $RUNS runs (memory: one run). Ratio: how many times faster seedgen is."
    echo
    echo "| Job | seedgen command | seedgen | Compared with | Ratio |"
    echo "|---|---|---|---|---|"
    printf '%s\n' "${ROWS[@]}"
} >"$WORK/results.md"
if [ "$SECTIONS" != "$ALL_SECTIONS" ]; then
    say "results in $WORK/results.md (README.md is rewritten by a run of every section)"
    cat "$WORK/results.md"
    exit 0
fi
readme_block compare "$WORK/results.md"
say "results in $WORK/results.md and README.md"
cat "$WORK/results.md"
