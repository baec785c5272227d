"""Fusion settings swept on a question set, with cross-validation so noise is visible.

    .venv/bin/python scripts/fusion_sweep.py                       # eval/questions.jsonl, bundled corpus
    .venv/bin/python scripts/fusion_sweep.py --questions my.jsonl --folds 2 --repeats 5

For each fusion setting (weighted min-max with several dense weights, RRF with several k) it prints
Recall@1/5 and MRR@10 of the rank of the first passage overlapping the gold evidence, next to
BM25-only and dense-only. Then it repeats a k-fold choice: pick the best setting on the training
folds by MRR, score it on the held-out fold. When the chosen setting changes from split to split
and its held-out score falls on both sides of BM25, the differences are noise on this set: do not
change `Settings.fusion` / `Settings.dense_weight` on their strength.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.evaluation import load_questions, locate, relevant  # noqa: E402
from qa.pipeline import Pipeline  # noqa: E402
from qa.settings import Settings  # noqa: E402

WEIGHTS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
RRF_KS = (10, 30, 60)


def first_relevant(retriever, questions, mode: str) -> list[int | None]:
    ranks = []
    for q in questions:
        hits = retriever.search(q.question, k=10, mode=mode).hits
        ranks.append(next((h.rank for h in hits if relevant(h.chunk, q.spans)), None))
    return ranks


def scores(ranks) -> tuple[float, float, float]:
    r1 = float(np.mean([r == 1 for r in ranks]))
    r5 = float(np.mean([r is not None and r <= 5 for r in ranks]))
    mrr = float(np.mean([1 / r if r else 0.0 for r in ranks]))
    return r1, r5, mrr


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=Path, default=ROOT / "eval" / "questions.jsonl")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--index", type=Path, default=ROOT / "index")
    ap.add_argument("--folds", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()

    base = Settings()
    pipe = Pipeline.open(args.corpus, args.index, base, show_progress=False)
    retriever = pipe.retriever
    questions = load_questions(args.questions)
    locate(questions, retriever.index.documents)
    questions = [q for q in questions if q.type != "unanswerable" and q.spans]

    runs = {"bm25": first_relevant(retriever, questions, "bm25"), "dense": first_relevant(retriever, questions, "dense")}
    settings = {f"weighted w={w}": dataclasses.replace(base, fusion="weighted", dense_weight=w) for w in WEIGHTS}
    settings |= {f"rrf k={k}": dataclasses.replace(base, fusion="rrf", rrf_k=k) for k in RRF_KS}
    for name, s in settings.items():
        retriever.settings = s
        runs[name] = first_relevant(retriever, questions, "hybrid")
    retriever.settings = base

    print(f"{len(questions)} answerable questions; default: {base.fusion}, dense_weight {base.dense_weight}, rrf_k {base.rrf_k}")
    print("| run | Recall@1 | Recall@5 | MRR@10 |\n|---|---|---|---|")
    for name, ranks in runs.items():
        r1, r5, mrr = scores(ranks)
        print(f"| {name} | {r1:.3f} | {r5:.3f} | {mrr:.4f} |")

    print(f"\n{args.folds}-fold choice by MRR, {args.repeats} random splits (held-out MRR):")
    n = len(questions)
    for seed in range(args.repeats):
        folds = np.array_split(np.random.default_rng(seed).permutation(n), args.folds)
        for i, test in enumerate(folds):
            train = np.concatenate([f for j, f in enumerate(folds) if j != i])
            pick = lambda idx, name: scores([runs[name][t] for t in idx])[2]  # noqa: E731
            best = max(settings, key=lambda name: pick(train, name))
            print(f"  split {seed} fold {i}: chose {best:16s} held-out {pick(test, best):.4f}  bm25 {pick(test, 'bm25'):.4f}  dense {pick(test, 'dense'):.4f}")


if __name__ == "__main__":
    main()
