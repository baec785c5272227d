"""Everyday wording → the reports' official terms (民告官 → 行政诉讼, 少跑腿 → 一网通办).

Officials and trainers ask in plain words; reports use official terms. A question holding an
everyday phrase also looks for its official terms: added to the BM25 query, and counted as
matches when the reader checks which of the question's terms a sentence holds.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from qa.settings import DATA_DIR

DATA = DATA_DIR / "synonyms.txt"


@lru_cache(maxsize=4)
def table(path: Path = DATA) -> tuple[tuple[str, tuple[str, ...]], ...]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        left, right = line.split("=", 1)
        rows.append((left.strip(), tuple(t.strip() for t in right.split("|") if t.strip())))
    # Longest phrases first, so 免费打官司 wins over 打官司.
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def expansions(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """(everyday phrase, official terms) for each phrase found in the (normalised) text."""
    found, taken = [], []
    for phrase, terms in table():
        pos = text.find(phrase)
        if pos < 0 or any(s <= pos < e for s, e in taken):
            continue
        taken.append((pos, pos + len(phrase)))
        found.append((phrase, terms))
    return found
