"""Embedding throughput of the converted multilingual-e5-small: passages/s and query latency.

.venv/bin/python scripts/bench_embedding.py                 # CPU
.venv/bin/python scripts/bench_embedding.py --device cuda   # on a machine with a GPU
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.evaluation.synthetic import sentences_of  # noqa: E402
from qa.store.embedding import Embedder  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--passages", type=int, default=256)
    ap.add_argument("--chars", type=int, default=300)
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()
    sents = sentences_of(ROOT / "corpus")
    rng = np.random.default_rng(0)
    passages = []
    while len(passages) < args.passages:
        p = ""
        while len(p) < args.chars:
            p += sents[rng.integers(len(sents))]
        passages.append(p[: args.chars])
    t = time.perf_counter()
    emb = Embedder(device=args.device)
    load_s = time.perf_counter() - t
    emb.encode_passages(passages[:8])  # warm-up
    t = time.perf_counter()
    emb.encode_passages(passages, batch_size=args.batch_size)
    rate = len(passages) / (time.perf_counter() - t)
    times = []
    for s in sents[:50]:
        t = time.perf_counter()
        emb.encode_queries([s[:30]])
        times.append((time.perf_counter() - t) * 1000)
    print(
        "| device | model load s | passages/s (~%d chars, batch %d) | query p50 / p95 ms |"
        % (args.chars, args.batch_size)
    )
    print("|---|---|---|---|")
    print(f"| {args.device} | {load_s:.1f} | {rate:.1f} | {np.median(times):.1f} / {np.percentile(times, 95):.1f} |")


if __name__ == "__main__":
    main()
