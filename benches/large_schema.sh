#!/usr/bin/env bash
# `seedgen plan` and `seedgen plan --json` of a 5,000-table DDL (the shape of
# benches/benches/large_schema.rs), and the start-up to the first byte of
# `seedgen generate` for its first 1,000 tables, timed with a release build. Prints the
# seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p seedgen-cli
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
make() {
python3 - "$1" "$2" <<'PY'
import sys
tables = int(sys.argv[2])
types = ['integer','bigint','varchar(100)','text','numeric(12,2)','timestamp with time zone','date','boolean','uuid','jsonb']
names = ['name','email','status','amount','created_at','code','city','note']
with open(sys.argv[1], 'w') as out:
    for i in range(tables):
        cols = ["  id bigserial PRIMARY KEY"]
        for j in range(40):
            nn = " NOT NULL" if j % 3 == 0 else ""
            cols.append(f"  col_{j}_{names[j % 8]} {types[(i + j) % 10]}{nn}")
        for k in range(2):
            if i > 0:
                cols.append(f"  parent{k}_id bigint REFERENCES t{(i * 7 + k * 13) % i}(id)")
        cols.append(f"  code_{i} varchar(40) UNIQUE")
        cols.append(f"  CONSTRAINT t{i}_chk CHECK (col_3_amount >= 0)")
        out.write(f"CREATE TABLE t{i} (\n" + ",\n".join(cols) + "\n);\n")
        for j in range(40):
            out.write(f"COMMENT ON COLUMN t{i}.col_{j}_{names[j % 8]} IS 'Column {j} of table {i}: " + "x" * 120 + "';\n")
        out.write(f"CREATE INDEX t{i}_idx ON t{i} (col_1_email);\n")
PY
}
make "$dir/5000.sql" 5000
make "$dir/1000.sql" 1000
size=$(du -m "$dir/5000.sql" | cut -f1)
t() { local s; s=$(date +%s.%N); "$@" > /dev/null; echo "$(date +%s.%N) - $s" | bc; }
echo "DDL: 5000 tables, ${size} MB"
echo "seedgen plan --json: $(t target/release/seedgen plan --json "$dir/5000.sql") s"
echo "seedgen plan:        $(t target/release/seedgen plan "$dir/5000.sql") s"
# Reading, planning and the first byte of SQL out: the pipe closes after one byte.
first_byte() {
    local s; s=$(date +%s.%N)
    target/release/seedgen generate "$dir/1000.sql" --rows 10 --format sql --out - 2>/dev/null | head -c1 >/dev/null || true
    echo "($(date +%s.%N) - $s) * 1000" | bc | cut -d. -f1
}
echo "seedgen generate, 1,000 tables, first byte: $(first_byte) ms"
