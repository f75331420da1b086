"""Reads seedgen's Parquet files with DuckDB, or its Arrow IPC files with pyarrow, and checks
every value against seedgen's CSV of the same seed: another reader agrees with what the
parquet and arrow crates wrote.

Usage: check_columnar.py DIR CSV_DIR   (DIR holds .parquet or .arrow files; CSV
written with --null '\\N')
"""
import csv
import os
import sys

import duckdb
import pyarrow
import pyarrow.ipc


def main(pq_dir: str, csv_dir: str) -> int:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    problems = []
    files = sorted(f for f in os.listdir(pq_dir) if f.endswith((".parquet", ".arrow")))
    if not files:
        print(f"no parquet or arrow files in {pq_dir}", file=sys.stderr)
        return 1
    tables = []
    for file in files:
        table, ext = os.path.splitext(file)
        tables.append(table)
        path = os.path.join(pq_dir, file)
        if ext == ".arrow":
            with pyarrow.ipc.open_file(path) as reader:
                con.register("arrow_file", reader.read_all())
            source = "arrow_file"
        else:
            source = f"read_parquet('{path}')"
        desc = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
        names = [d[0] for d in desc]
        types = [d[1] for d in desc]
        casts = []
        for n, t in zip(names, types):
            if t.endswith("[]") or t == "BLOB":
                casts.append("NULL")  # spelled differently by each reader; the Rust test compares them
            else:
                casts.append(f'CAST("{n}" AS VARCHAR)')
        rows = con.execute(f"SELECT {', '.join(casts)} FROM {source}").fetchall()
        with open(os.path.join(csv_dir, table + ".csv"), newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            expected = list(reader)
        if header != names:
            problems.append(f"{table}: columns {names} vs {header}")
            continue
        if len(rows) != len(expected):
            problems.append(f"{table}: {len(rows)} rows in {file}, {len(expected)} in CSV")
            continue
        for i, (got, want) in enumerate(zip(rows, expected)):
            for k, (g, w) in enumerate(zip(got, want)):
                if casts[k] == "NULL":
                    continue
                w = None if w == "\\N" else w
                if g != w:
                    problems.append(f"{table} row {i} {names[k]}: duckdb {g!r} vs csv {w!r}")
                    break
            if len(problems) > 20:
                break
    for p in problems:
        print(p, file=sys.stderr)
    readers = f"duckdb {duckdb.__version__}, pyarrow {pyarrow.__version__}"
    print(f"{readers}: {len(tables)} tables of {pq_dir} checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
