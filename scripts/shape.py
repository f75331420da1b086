#!/usr/bin/env python3
"""The shape of a folder of CSV files seedgen wrote (with headers): per column, the
share of empty (NULL) cells; for numbers the median, 90th percentile, maximum and
skewness; for text with few distinct values the most common ones and their shares.

    seedgen generate schemas/shop.sql --rows 2000 --format csv --out out/
    python3 scripts/shape.py out/ [TABLE ...]
"""
import csv
import pathlib
import statistics
import sys
from collections import Counter


def number(v: str):
    try:
        return float(v)
    except ValueError:
        return None


def describe(name: str, values: list[str]) -> str:
    filled = [v for v in values if v != ""]
    nulls = 1 - len(filled) / max(len(values), 1)
    nums = [number(v) for v in filled]
    head = f"  {name:<14} null {nulls:4.0%}"
    if filled and all(x is not None for x in nums):
        xs = sorted(nums)
        n = len(xs)
        mean = statistics.fmean(xs)
        sd = statistics.pstdev(xs)
        skew = sum((x - mean) ** 3 for x in xs) / n / sd**3 if sd else 0.0
        return (f"{head}  median {xs[n // 2]:g}  p90 {xs[int(n * 0.9)]:g}  "
                f"max {xs[-1]:g}  skewness {skew:.1f}")
    counts = Counter(filled)
    if counts and len(counts) <= 12:
        shares = ", ".join(f"{k} {c / len(filled):.0%}" for k, c in counts.most_common(6))
        return f"{head}  {len(counts)} values: {shares}"
    sample = filled[0][:48] if filled else ""
    return f"{head}  {len(counts)} distinct, e.g. {sample!r}"


def main() -> None:
    folder = pathlib.Path(sys.argv[1])
    wanted = set(sys.argv[2:])
    for f in sorted(folder.glob("*.csv")):
        if wanted and f.stem not in wanted:
            continue
        with f.open(newline="") as fh:
            rows = list(csv.reader(fh))
        header, body = rows[0], rows[1:]
        print(f"{f.stem} ({len(body)} rows)")
        for i, name in enumerate(header):
            print(describe(name, [r[i] for r in body]))


if __name__ == "__main__":
    main()
