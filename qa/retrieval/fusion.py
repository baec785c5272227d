"""Fusion of ranked lists from BM25 and dense retrieval.

A weighted sum of min-max-normalised scores is the default (``Settings.fusion.method``); reciprocal-rank
fusion (k≈60, as in Haystack and LangChain) stays available. In weighted fusion each candidate
is scored by both sides when scorers are given: a passage that one list missed gets its real
score from that side, not 0 — a missing score is not a zero score, and treating it as one lets a
passage that only one side found lose to a mediocre passage both sides listed. Every fused
passage keeps each retriever's rank and score so a user can see why it came back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from qa.settings import FusionMethod

# Scores of one side for the given passage indices.
Scorer = Callable[[np.ndarray], np.ndarray]


@dataclass
class Fused:
    index: int
    score: float
    bm25_rank: int | None = None
    dense_rank: int | None = None
    bm25_score: float | None = None
    dense_score: float | None = None


def _minmax(scores: np.ndarray) -> np.ndarray:
    if len(scores) == 0:
        return scores
    lo, hi = float(scores.min()), float(scores.max())
    if hi - lo < 1e-12:
        return np.ones_like(scores, dtype=np.float64)
    return (scores - lo) / (hi - lo)


def fuse(
    bm25: tuple[np.ndarray, np.ndarray],
    dense: tuple[np.ndarray, np.ndarray],
    method: FusionMethod = "weighted",
    rrf_k: int = 60,
    dense_weight: float = 0.5,
    bm25_scorer: Scorer | None = None,
    dense_scorer: Scorer | None = None,
) -> list[Fused]:
    """Merge two (indices, scores) lists, each best first, into one list best first.

    With ``method="weighted"`` and both scorers, every passage of either list is scored by both
    sides before normalisation; without them a side that did not list a passage adds nothing.
    """
    out: dict[int, Fused] = {}
    for rank, (i, s) in enumerate(zip(bm25[0].tolist(), bm25[1].tolist()), start=1):
        f = out.setdefault(i, Fused(i, 0.0))
        f.bm25_rank, f.bm25_score = rank, s
    for rank, (i, s) in enumerate(zip(dense[0].tolist(), dense[1].tolist()), start=1):
        f = out.setdefault(i, Fused(i, 0.0))
        f.dense_rank, f.dense_score = rank, s
    fused = list(out.values())
    if method == "rrf":
        for f in fused:
            f.score = sum(1.0 / (rrf_k + r) for r in (f.bm25_rank, f.dense_rank) if r is not None)
    elif method == "weighted":
        if bm25_scorer is not None and dense_scorer is not None and len(bm25[0]) and len(dense[0]):
            ids = np.array([f.index for f in fused], dtype=np.int64)
            for f, b, d in zip(fused, bm25_scorer(ids).tolist(), dense_scorer(ids).tolist()):
                f.bm25_score, f.dense_score = float(b), float(d)
        b = np.array([f.bm25_score if f.bm25_score is not None else np.nan for f in fused], dtype=np.float64)
        d = np.array([f.dense_score if f.dense_score is not None else np.nan for f in fused], dtype=np.float64)
        b_norm, d_norm = _nan_minmax(b), _nan_minmax(d)
        for f, nb, nd in zip(fused, b_norm.tolist(), d_norm.tolist()):
            f.score = (1 - dense_weight) * nb + dense_weight * nd
    else:
        raise ValueError(f"fusion must be 'weighted' or 'rrf', not {method!r}")
    # Ties (same fused score) go to the passage BM25 ranked higher, then the earlier one.
    return sorted(fused, key=lambda f: (-f.score, f.bm25_rank or 10**9, f.index))


def _nan_minmax(scores: np.ndarray) -> np.ndarray:
    """Min-max over the known scores; an unknown score (NaN: not listed, not rescored) counts 0."""
    known = ~np.isnan(scores)
    out = np.zeros_like(scores)
    out[known] = _minmax(scores[known])
    return out
