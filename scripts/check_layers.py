#!/usr/bin/env python3
"""The dependency graph of each crate's top-level modules (seedgen-core, seedgen-cli),
from the `crate::` paths each file names (in `use` items and in code). Fails when a
graph has a cycle, and prints the graphs either way, so ARCHITECTURE.md's picture can
be compared with them."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CRATES = ["seedgen-core", "seedgen-cli"]


def module_of(path: pathlib.Path, src: pathlib.Path) -> str:
    rel = path.relative_to(src)
    return rel.parts[0].removesuffix(".rs") if len(rel.parts) > 0 else ""


def strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(l.split("//")[0] for l in text.splitlines())


def check(src: pathlib.Path) -> int:
    SRC = src
    edges: dict[str, set[str]] = {}
    where: dict[tuple[str, str], str] = {}
    for f in sorted(SRC.rglob("*.rs")):
        m = module_of(f, SRC)
        if m in ("lib", "main"):
            continue
        text = strip_comments(f.read_text())
        # Test modules may reach anywhere.
        text = re.split(r"#\[cfg\(test\)\]", text)[0]
        names = set(re.findall(r"crate::([a-z_]+)", text))
        # `use crate::{a, b::c}` groups.
        for group in re.findall(r"crate::\{([^}]*)\}", text):
            names |= set(re.findall(r"(?:^|,)\s*([a-z_]+)", group))
        for n in names:
            is_module = (SRC / f"{n}.rs").exists() or (SRC / n).is_dir()
            if n != m and is_module:
                edges.setdefault(m, set()).add(n)
                where.setdefault((m, n), str(f.relative_to(SRC)))
    for m in sorted(edges):
        print(f"{m:10} -> {', '.join(sorted(edges[m]))}")
    # Cycles: strongly connected components with more than one module.
    index, low, stack, on, comps = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    for v in sorted(set(edges) | {w for ws in edges.values() for w in ws}):
        if v not in index:
            visit(v)
    if comps:
        for c in comps:
            print("cycle: " + " <-> ".join(c), file=sys.stderr)
            for a in c:
                for b in c:
                    if (a, b) in where:
                        print(f"  {a} -> {b} (e.g. {where[(a, b)]})", file=sys.stderr)
        return 1
    print(f"no cycles between {src.parent.name}'s modules")
    return 0


def main() -> int:
    failed = 0
    for c in CRATES:
        print(f"== {c}")
        failed |= check(ROOT / "crates" / c / "src")
    return failed


if __name__ == "__main__":
    sys.exit(main())
