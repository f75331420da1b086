"""Lists the longest functions of a crate's sources (lines from `fn` to its closing
brace), longest first, and fails when one is longer than the limit.

Usage: long_functions.py [--limit N] [--top K] DIR...
"""
import argparse
import os
import re
import sys

FN = re.compile(r"^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)")


def strip(line: str) -> str:
    """The line without string literals, char literals and `//` comments (enough for
    counting braces in this code base)."""
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])'", "''", line)
    return line.split("//", 1)[0]


def functions(path: str):
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    i = 0
    in_tests = False
    while i < len(lines):
        if re.match(r"^\s*mod tests\b", lines[i]):
            in_tests = True
        m = FN.match(lines[i])
        if not m or in_tests:
            i += 1
            continue
        depth = 0
        opened = False
        j = i
        while j < len(lines):
            s = strip(lines[j])
            if not opened and ";" in s and "{" not in s:
                break  # a declaration without a body
            depth += s.count("{") - s.count("}")
            opened = opened or "{" in s
            if opened and depth <= 0:
                break
            j += 1
        if opened:
            yield m.group(6), i + 1, j - i + 1
        i += 1


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    found = []
    for d in a.dirs:
        for root, _, files in os.walk(d):
            for name in files:
                if name.endswith(".rs"):
                    p = os.path.join(root, name)
                    found.extend((n, length, p, line) for n, line, length in functions(p))
    found.sort(key=lambda x: -x[1])
    for name, length, path, line in found[: a.top]:
        print(f"{length:5} lines  {name}  {path}:{line}")
    over = [f for f in found if a.limit and f[1] > a.limit]
    if over:
        print(f"{len(over)} functions over {a.limit} lines", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
