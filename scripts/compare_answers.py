"""Compare a `qa ask --batch --json` run with a stored one, field by field, latency aside.

Usage: python scripts/compare_answers.py STORED.jsonl NEW.jsonl
Prints the ids whose answers differ and exits 1 if any do.
"""

from __future__ import annotations

import json
import sys


def rows(path: str) -> list[dict]:
    out = []
    for line in open(path, encoding="utf-8"):
        if line.strip():
            obj = json.loads(line)
            obj.pop("latency_ms", None)
            out.append(obj)
    return out


def main(stored: str, new: str) -> int:
    a, b = rows(stored), rows(new)
    if len(a) != len(b):
        print(f"{len(a)} stored answers, {len(b)} new ones")
        return 1
    bad = [x.get("id") for x, y in zip(a, b) if x != y]
    for i in bad:
        print(f"differs: {i}")
    print(f"{len(a) - len(bad)}/{len(a)} identical")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
