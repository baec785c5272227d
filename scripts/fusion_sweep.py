"""Fusion settings swept on question sets, with held-out checks so noise is visible.

    .venv/bin/python scripts/fusion_sweep.py            # eval/questions.jsonl, then eval/heldout.jsonl
    .venv/bin/python scripts/fusion_sweep.py --questions my.jsonl other.jsonl --folds 2 --repeats 5

For each question file and each fusion setting (weighted min-max with several dense weights, with
and without scoring every candidate by both sides, RRF with several k) it prints Recall@1/5 and
MRR@10 of the rank of the first passage overlapping the gold evidence, next to BM25-only and
dense-only, and a paired bootstrap interval of the default's MRR against each part. Then it picks
the best setting on the first file and scores it on the others, and repeats a k-fold choice
within the first file. When the chosen setting changes from split to split and its held-out score
falls on both sides of the default, the differences are noise: do not change `Settings.fusion` /
`Settings.dense_weight` on their strength.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.evaluation.evaluate import load_questions, locate, relevant  # noqa: E402
from qa.pipeline import Pipeline  # noqa: E402
from qa.settings import Settings  # noqa: E402

WEIGHTS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
RRF_KS = (10, 30, 60)


def _with(base: Settings, **fusion) -> Settings:
    """``base`` with some fusion settings changed."""
    return dataclasses.replace(base, fusion=dataclasses.replace(base.fusion, **fusion))


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


def bootstrap_ci(a, b, n: int = 5000, seed: int = 0) -> tuple[float, float, float]:
    """Mean paired difference of reciprocal ranks (a − b) and its 95% bootstrap interval."""
    d = np.array([1 / x if x else 0.0 for x in a]) - np.array([1 / x if x else 0.0 for x in b])
    rng = np.random.default_rng(seed)
    means = [d[rng.integers(0, len(d), len(d))].mean() for _ in range(n)]
    return float(d.mean()), float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--questions",
        type=Path,
        nargs="+",
        default=[ROOT / "eval" / "questions.jsonl", ROOT / "eval" / "heldout.jsonl"],
        help="question files; settings are chosen on the first and scored on the others",
    )
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--index", type=Path, default=ROOT / "index")
    ap.add_argument("--folds", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()

    base = Settings()
    pipe = Pipeline.open(args.corpus, args.index, base, show_progress=False)
    retriever = pipe.retriever
    settings = {f"weighted w={w}": _with(base, method="weighted", dense_weight=w) for w in WEIGHTS}
    settings["weighted w=0.5, lists only"] = _with(base, method="weighted", dense_weight=0.5, rescore_candidates=False)
    settings |= {f"rrf k={k}": _with(base, method="rrf", rrf_k=k) for k in RRF_KS}
    default = next(name for name, s in settings.items() if s == base)

    per_file = {}
    for path in args.questions:
        questions = load_questions(path)
        locate(questions, retriever.index.documents)
        questions = [q for q in questions if q.type != "unanswerable" and q.spans]
        runs = {
            "bm25": first_relevant(retriever, questions, "bm25"),
            "dense": first_relevant(retriever, questions, "dense"),
        }
        for name, s in settings.items():
            retriever.settings = s
            runs[name] = first_relevant(retriever, questions, "hybrid")
        retriever.settings = base
        per_file[path] = runs

        print(f"\n{path.name}: {len(questions)} answerable questions; default: {default}")
        print("| run | Recall@1 | Recall@5 | MRR@10 |\n|---|---|---|---|")
        for name, ranks in runs.items():
            r1, r5, mrr = scores(ranks)
            print(f"| {name} | {r1:.3f} | {r5:.3f} | {mrr:.4f} |")
        for other in ("bm25", "dense"):
            d, lo, hi = bootstrap_ci(runs[default], runs[other])
            print(f"default − {other}: MRR {d:+.4f}, 95% bootstrap interval [{lo:+.4f}, {hi:+.4f}]")

    first, *others = args.questions
    runs = per_file[first]
    chosen = max(settings, key=lambda name: scores(runs[name])[2])
    print(f"\nchosen on {first.name} by MRR: {chosen}")
    for path in others:
        held = per_file[path]
        print(
            f"  on {path.name}: {chosen} MRR {scores(held[chosen])[2]:.4f}; default {scores(held[default])[2]:.4f}; "
            f"bm25 {scores(held['bm25'])[2]:.4f}"
        )

    print(f"\n{args.folds}-fold choice by MRR on {first.name}, {args.repeats} random splits (held-out MRR):")
    n = len(runs["bm25"])
    for seed in range(args.repeats):
        folds = np.array_split(np.random.default_rng(seed).permutation(n), args.folds)
        for i, test in enumerate(folds):
            train = np.concatenate([f for j, f in enumerate(folds) if j != i])
            pick = lambda idx, name: scores([runs[name][t] for t in idx])[2]  # noqa: E731
            best = max(settings, key=lambda name: pick(train, name))
            print(
                f"  split {seed} fold {i}: chose {best:16s} held-out {pick(test, best):.4f}  "
                f"bm25 {pick(test, 'bm25'):.4f}  dense {pick(test, 'dense'):.4f}"
            )


if __name__ == "__main__":
    main()
