"""Dense index: FAISS inner product over L2-normalised passage vectors.

Exact (IndexFlatIP) while small; HNSW past ``hnsw_threshold`` vectors, where exact search would
miss the latency budget. Filters are applied inside FAISS with an ID selector, before ranking.
"""

from __future__ import annotations

import os
from pathlib import Path

import faiss
import numpy as np


class DenseIndex:
    def __init__(self, vectors: np.ndarray, hnsw_threshold: int = 200_000, index: faiss.Index | None = None):
        if index is not None:
            # A saved graph holds its own float32 copy: keep the given (memory-mapped fp16) vectors
            # as they are rather than a second copy in memory (1.5 GB at a million passages).
            self.vectors = vectors
            n, self.dim = int(index.ntotal), int(index.d)
            self.exact = n < hnsw_threshold
            self.index = index
            return
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n, dim = self.vectors.shape if self.vectors.ndim == 2 else (0, 0)
        self.dim = dim
        self.exact = n < hnsw_threshold
        if self.exact:
            self.index = faiss.IndexFlatIP(max(dim, 1))
            if n:
                self.index.add(self.vectors)
        else:
            self.index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
            self.index.hnsw.efConstruction = 80
            # Building the graph is one long batch job: use every core, then back to what it was.
            before = faiss.omp_get_max_threads()
            faiss.omp_set_num_threads(os.cpu_count() or 1)
            try:
                self.index.add(self.vectors)
            finally:
                faiss.omp_set_num_threads(before)

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(indices, scores) of the k nearest passages, best first, within ``allowed`` if given."""
        n = len(self)
        if n == 0 or k <= 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        q = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        params = None
        if allowed is not None:
            if not allowed.any():
                return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
            ids = np.flatnonzero(allowed).astype(np.int64)
            selector = faiss.IDSelectorBatch(ids)
            if self.exact:
                params = faiss.SearchParameters(sel=selector)
            else:
                params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(64, 2 * k))
            k = min(k, len(ids))
        elif not self.exact:
            params = faiss.SearchParametersHNSW(efSearch=max(64, 2 * k))
        scores, idx = self.index.search(q, min(k, n), params=params)
        keep = idx[0] >= 0
        return idx[0][keep], scores[0][keep]

    def similarity(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Inner product of the query with the given passages (any of them, not only the nearest)."""
        if len(ids) == 0:
            return np.empty(0, dtype=np.float32)
        return np.asarray(self.vectors[ids], dtype=np.float32) @ np.asarray(query, dtype=np.float32).reshape(-1)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        # fp16 on disk halves the index size; cosine changes by < 1e-3.
        np.save(folder / "vectors.npy", self.vectors.astype(np.float16))
        if not self.exact:
            faiss.write_index(self.index, str(folder / "hnsw.faiss"))

    @classmethod
    def load(cls, folder: Path, hnsw_threshold: int = 200_000) -> "DenseIndex":
        hnsw = folder / "hnsw.faiss"
        if hnsw.exists():
            # A saved HNSW graph: reuse it rather than rebuild (threshold 0 marks it approximate).
            vectors = np.load(folder / "vectors.npy", mmap_mode="r")
            return cls(vectors, hnsw_threshold=0, index=faiss.read_index(str(hnsw)))
        return cls(np.load(folder / "vectors.npy").astype(np.float32), hnsw_threshold)
