"""Fusion of ranked lists from BM25 and dense retrieval.

Reciprocal-rank fusion (k≈60, as in Haystack and LangChain) is the default; a weighted sum of
min-max-normalised scores is the alternative that some measurements favour. Both keep each
retriever's rank and score so a user can see why a passage came back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


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
    method: str = "rrf",
    rrf_k: int = 60,
    dense_weight: float = 0.5,
) -> list[Fused]:
    """Merge two (indices, scores) lists, each best first, into one list best first."""
    out: dict[int, Fused] = {}
    b_idx, b_scores = bm25
    d_idx, d_scores = dense
    b_norm, d_norm = _minmax(np.asarray(b_scores, dtype=np.float64)), _minmax(np.asarray(d_scores, dtype=np.float64))
    for rank, (i, s) in enumerate(zip(b_idx.tolist(), b_scores.tolist()), start=1):
        f = out.setdefault(i, Fused(i, 0.0))
        f.bm25_rank, f.bm25_score = rank, s
        f.score += 1.0 / (rrf_k + rank) if method == "rrf" else (1 - dense_weight) * b_norm[rank - 1]
    for rank, (i, s) in enumerate(zip(d_idx.tolist(), d_scores.tolist()), start=1):
        f = out.setdefault(i, Fused(i, 0.0))
        f.dense_rank, f.dense_score = rank, s
        f.score += 1.0 / (rrf_k + rank) if method == "rrf" else dense_weight * d_norm[rank - 1]
    # Ties (same fused score) go to the passage BM25 ranked higher, then the earlier one.
    return sorted(out.values(), key=lambda f: (-f.score, f.bm25_rank or 10**9, f.index))
