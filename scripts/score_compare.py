"""Comparative questions of a question set: share of gold reports cited (recall) and share of cited
reports the gold names (precision), per question and on average.

    PYTHONPATH=. python scripts/score_compare.py eval/heldout.jsonl [--bm25]
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from qa.pipeline import Pipeline


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("questions", nargs="+", type=Path)
    ap.add_argument("--bm25", action="store_true", help="BM25 only (no embedding model)")
    ap.add_argument("--index", type=Path, default=Path("index"))
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    pipe = Pipeline.open(Path("corpus"), args.index, mode="bm25" if args.bm25 else "hybrid", show_progress=False)
    for path in args.questions:
        rec, prec = [], []
        for line in path.read_text(encoding="utf-8").splitlines():
            q = json.loads(line)
            if q.get("type") != "comparative":
                continue
            a = pipe.ask(q["question"])
            cited = {c.chunk.doc_id for c in a.citations}
            gold = set(q["doc_ids"])
            rec.append(len(cited & gold) / len(gold))
            if cited:
                prec.append(len(cited & gold) / len(cited))
            if args.v:
                print(f"{q['id']} R={rec[-1]:.2f} P={prec[-1] if cited else float('nan'):.2f} {q['question']}")
        print(
            f"{path}: n={len(rec)} recall={statistics.mean(rec):.4f} precision={statistics.mean(prec):.4f}"
            f" (answered {len(prec)})"
        )


if __name__ == "__main__":
    main()
