"""Resident memory and wall time of a real `qa ask` process, on the bundled corpus and at scale.

    .venv/bin/python scripts/bench_memory.py                 # bundled corpus
    .venv/bin/python scripts/bench_memory.py --chunks 100000 # plus a synthetic 100k-chunk index

Each measurement is a fresh `qa ask --json` subprocess (model load, index load, one question);
its peak RSS comes from the kernel (getrusage of the child). The synthetic index is built with
hash vectors recorded under the real model's id, so `qa ask` loads it as current and runs the
real model on the question: the memory and timings are real, the answers are not meaningful.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def measure(corpus: Path, index: Path, question: str) -> dict:
    """Peak RSS (GNU time's %M) and wall time of one fresh `qa ask` process."""
    with tempfile.NamedTemporaryFile(suffix=".rss") as rss:
        t = time.perf_counter()
        out = subprocess.run(
            [
                "/usr/bin/time",
                "-f",
                "%M",
                "-o",
                rss.name,
                str(ROOT / ".venv" / "bin" / "qa"),
                "ask",
                question,
                "--corpus",
                str(corpus),
                "--index",
                str(index),
                "--json",
                "--quiet",
            ],
            capture_output=True,
            text=True,
            timeout=1800,
        )
        wall = time.perf_counter() - t
        peak_kb = int(Path(rss.name).read_text().split()[-1])
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    obj = json.loads(out.stdout)
    return {
        "peak_rss_mb": round(peak_kb / 1024),
        "wall_s": round(wall, 2),
        "answer": obj["answer"],
        "latency_ms": obj["latency_ms"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chunks", type=int, nargs="*", default=[])
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "bundled-index"
        measure(ROOT / "corpus", index, "元氏县办理了多少件行政复议案件?")  # builds the index
        row = measure(ROOT / "corpus", index, "元氏县办理了多少件行政复议案件?")
        rows.append({"corpus": "bundled (215 chunks)", **row})
        for n in args.chunks:
            from qa.evaluation.synthetic import HashEmbedder, write_corpus
            from qa.store import builder, embedding
            from qa.store import index as index_store

            corpus = Path(tmp) / f"syn{n}"
            write_corpus(ROOT / "corpus", corpus, n)
            emb = HashEmbedder()
            emb.model_id = embedding.MODEL_ID  # see the module docstring
            built = builder.build(corpus, Path(tmp) / f"idx{n}", embedder=emb, show_progress=True)
            n_chunks = len(index_store.load(built).chunks)
            row = measure(corpus, Path(tmp) / f"idx{n}", "元氏县办理了多少件行政复议案件?")
            rows.append({"corpus": f"synthetic ({n_chunks} chunks)", **row})
    for r in rows:
        print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    main()
