"""BM25 over token lists: a sparse index scored by bm25s, filters applied before ranking.

IDF is Lucene's, log(1 + (N − n + 0.5) / (n + 0.5)), always positive: in these reports terms
like 法治政府 and 建设 occur in most passages, and Robertson's IDF (rank-bm25's BM25Okapi) would
make them negative and then floor them to epsilon × mean IDF. The term-frequency part is
Lucene's too, tf / (tf + k1·(1 − b + b·dl/avgdl)): the classic formula times 1/(k1 + 1), which
changes scores by a constant factor and rankings not at all.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import bm25s
import numpy as np


class BM25Index:
    def __init__(self, model: bm25s.BM25, n_docs: int):
        self.model = model
        self.n_docs = n_docs
        indptr = np.asarray(model.scores["indptr"])
        self._df = np.diff(indptr)  # documents per vocabulary term (CSC columns)

    @classmethod
    def build(cls, corpus_tokens: list[list[str]], k1: float = 1.2, b: float = 0.75) -> "BM25Index":
        model = bm25s.BM25(k1=k1, b=b, method="lucene", idf_method="lucene")
        # bm25s needs at least one token overall; an empty corpus still gets a valid index.
        docs = corpus_tokens if any(corpus_tokens) else [["\u0000"]] * max(1, len(corpus_tokens))
        model.index(docs, show_progress=False)
        return cls(model, len(corpus_tokens))

    def __len__(self) -> int:
        return self.n_docs

    def knows(self, phrase_tokens: list[str]) -> bool:
        """Whether every token of a phrase occurs somewhere in the indexed passages."""
        return bool(phrase_tokens) and all(t in self.model.vocab_dict for t in phrase_tokens)

    def idf(self, token: str) -> float:
        col = self.model.vocab_dict.get(token)
        n = 0 if col is None else int(self._df[col])
        return math.log(1 + (self.n_docs - n + 0.5) / (n + 0.5))

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        known = [t for t in query_tokens if t in self.model.vocab_dict]
        if not known or self.n_docs == 0:
            return np.zeros(self.n_docs, dtype=np.float32)
        return np.asarray(self.model.get_scores(known), dtype=np.float32)[: self.n_docs]

    def search(
        self, query_tokens: list[str], k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(indices, scores) of the best ``k`` passages with a score above zero, best first."""
        return top_k(self.scores(query_tokens), k, allowed)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.model.save(str(folder), show_progress=False)
        (folder / "qa_bm25.json").write_text(json.dumps({"n_docs": self.n_docs}), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "BM25Index":
        meta = json.loads((folder / "qa_bm25.json").read_text(encoding="utf-8"))
        model = bm25s.BM25.load(str(folder), show_progress=False)
        return cls(model, meta["n_docs"])


def top_k(scores: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(indices, scores) of the ``k`` highest scores above zero within ``allowed``, best first."""
    if allowed is not None:
        scores = np.where(allowed, scores, 0.0)
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) == 0 or k <= 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    if len(candidates) > k:
        top = np.argpartition(-scores[candidates], k - 1)[:k]
        candidates = candidates[top]
    # Highest score first; equal scores in document order, so results are deterministic.
    order = np.lexsort((candidates, -scores[candidates]))
    idx = candidates[order]
    return idx.astype(np.int64), scores[idx]
