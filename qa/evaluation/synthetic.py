"""Synthetic corpora for scale benchmarks: sentences of real reports resampled into new reports.

Each synthetic report gets a made-up region and a year, a title line, numbered headings and
paragraphs of sentences drawn from the bundled reports, so tokenisation, chunking and index
sizes behave like real data at any size.
"""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path

import numpy as np

_SENT = re.compile(r"[^。！？；\n]{8,}[。！？；]")
_CN = "一二三四五六七八九十"


def sentences_of(corpus_dir: Path) -> list[str]:
    out = []
    for p in sorted(corpus_dir.glob("*.txt")):
        out.extend(m.group(0) for m in _SENT.finditer(p.read_text(encoding="utf-8")))
    return out


def write_corpus(src: Path, dst: Path, n_chunks: int, seed: int = 0, chunks_per_report: int = 60) -> int:
    """Write about ``n_chunks`` chunks' worth of reports into ``dst``; returns the report count."""
    rng = random.Random(seed)
    sents = sentences_of(src)
    dst.mkdir(parents=True, exist_ok=True)
    n_reports = max(1, n_chunks // chunks_per_report)
    for r in range(n_reports):
        region = f"合成{r:05d}" + rng.choice(["县", "市", "区"])
        year = rng.randint(2015, 2024)
        lines = [f"关于{region}{year}年度法治政府建设情况的报告"]
        for h in range(6):
            lines.append(f"{_CN[h]}、第{h + 1}部分工作情况")
            for _ in range(chunks_per_report // 6):
                # ~300 characters per paragraph: one chunk each.
                para, size = [], 0
                while size < 280:
                    s = rng.choice(sents)
                    para.append(s)
                    size += len(s)
                lines.append("".join(para)[:390].rsplit("。", 1)[0] + "。")
        (dst / f"r{r:05d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n_reports


class HashEmbedder:
    """Deterministic unit vectors from a text hash, for benchmarks and tests of the index.

    Same shape and cost downstream as the real model (FAISS cost depends on the number and size
    of vectors, not their values); counts what it encoded so tests can check the cache.
    """

    model_id = "hash-384"
    dim = 384

    def __init__(self) -> None:
        self.count = 0

    def _vec(self, text: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")
        v = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
        return v / np.linalg.norm(v)

    def encode_passages(
        self, texts, batch_size: int | None = None, progress: bool = False, on_batch=None
    ) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), np.float32)
        step = batch_size or 32
        for start in range(0, len(texts), step):  # batch by batch, like the real model (the build saves as it goes)
            rows = np.arange(start, min(start + step, len(texts)))
            out[rows] = [self._vec(texts[i]) for i in rows]
            self.count += len(rows)
            if on_batch is not None:
                on_batch(rows, out[rows])
        return out

    def encode_queries(self, texts) -> np.ndarray:
        return np.stack([self._vec("query: " + t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)
