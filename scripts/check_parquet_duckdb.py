"""Reads seedgen's Parquet files with DuckDB and checks every value against seedgen's CSV
of the same seed: another reader agrees with what the parquet crate wrote.

Usage: check_parquet_duckdb.py PARQUET_DIR CSV_DIR   (CSV written with --null '\\N')
"""
import csv
import os
import sys

import duckdb


def main(pq_dir: str, csv_dir: str) -> int:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    problems = []
    tables = sorted(f[: -len(".parquet")] for f in os.listdir(pq_dir) if f.endswith(".parquet"))
    if not tables:
        print("no parquet files", file=sys.stderr)
        return 1
    for table in tables:
        path = os.path.join(pq_dir, table + ".parquet")
        desc = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
        names = [d[0] for d in desc]
        types = [d[1] for d in desc]
        casts = []
        for n, t in zip(names, types):
            if t.endswith("[]") or t == "BLOB":
                casts.append("NULL")  # spelled differently by each reader; the Rust test compares them
            else:
                casts.append(f'CAST("{n}" AS VARCHAR)')
        rows = con.execute(f"SELECT {', '.join(casts)} FROM read_parquet('{path}')").fetchall()
        with open(os.path.join(csv_dir, table + ".csv"), newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            expected = list(reader)
        if header != names:
            problems.append(f"{table}: columns {names} vs {header}")
            continue
        if len(rows) != len(expected):
            problems.append(f"{table}: {len(rows)} rows in Parquet, {len(expected)} in CSV")
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
    print(f"duckdb {duckdb.__version__}: {len(tables)} tables checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
