"""Scale benchmark: build time, index size, load time, memory and query latency per mode.

    .venv/bin/python scripts/bench_scale.py --chunks 0            # the bundled corpus, real embeddings
    .venv/bin/python scripts/bench_scale.py --chunks 20000 100000 # synthetic corpora

On this 2-core CPU the embedding model encodes about 20 passages/s, so synthetic corpora use
deterministic random unit vectors instead (``--real-embeddings`` to embed for real): FAISS cost
depends on the number and size of vectors, not their values. Query latency excludes query
encoding, which is reported separately for the real model. Results go to stdout as a Markdown
table and to --out as JSON.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.evaluation.synthetic import HashEmbedder, write_corpus  # noqa: E402
from qa.retrieval.retriever import Retriever  # noqa: E402
from qa.settings import Settings  # noqa: E402
from qa.store import builder  # noqa: E402
from qa.store import index as index_store  # noqa: E402
from qa.text.tokenization import Tokenizer  # noqa: E402

QUERIES = [
    "元氏县办理了多少件行政复议案件",
    "府院联动机制",
    "行政执法三项制度落实情况",
    "告知承诺制",
    "法律顾问全覆盖",
    "行政机关负责人出庭应诉率",
    "重大行政决策合法性审查",
    "规范性文件备案审查",
    "双随机一公开监管",
    "营商环境优化",
    "公共法律服务中心建设",
    "普法责任制",
    "政务公开",
    "行政调解委员会",
    "综合行政执法改革",
    "疫情防控依法实施",
    "安全生产监管网格",
    "权责清单动态调整",
    "行政复议体制改革",
    "法治督察",
]


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def pct(values, q):
    return float(np.percentile(values, q)) if values else float("nan")


def bench(corpus: Path, work: Path, embedder, label: str, n_queries: int = 200) -> dict:
    settings = Settings()
    tokenizer = Tokenizer()
    index_dir = work / "index"
    t = time.perf_counter()
    build = builder.build(corpus, index_dir, settings, tokenizer, embedder, show_progress=True)
    build_s = time.perf_counter() - t
    size = dir_mb(build)
    gc.collect()
    index_store.load(build, settings)  # first load warms the page cache
    gc.collect()
    before = rss_mb()
    t = time.perf_counter()
    loaded = index_store.load(build, settings)
    load_s = time.perf_counter() - t
    index_rss = rss_mb() - before
    r = Retriever(loaded, tokenizer, embedder, settings)
    qvecs = embedder.encode_queries(QUERIES)
    r.embedder = _FixedQueries(embedder, dict(zip(QUERIES, qvecs)))
    row = {
        "corpus": label,
        "documents": len(loaded.documents),
        "chunks": len(loaded.chunks),
        "build_s": round(build_s, 1),
        "index_mb": round(size, 1),
        "load_s": round(load_s, 2),
        "index_rss_mb": round(index_rss, 0),
    }
    for mode in ("bm25", "dense", "hybrid"):
        times = []
        for i in range(n_queries):
            res = r.search(QUERIES[i % len(QUERIES)], k=10, mode=mode)
            times.append(res.timings_ms["search"])
        row[f"{mode}_p50_ms"] = round(pct(times, 50), 2)
        row[f"{mode}_p95_ms"] = round(pct(times, 95), 2)
    row["peak_rss_mb"] = round(peak_rss_mb(), 0)
    return row


class _FixedQueries:
    """Query vectors computed up front, so search timings exclude query encoding."""

    def __init__(self, inner, table):
        self.inner, self.table = inner, table
        self.model_id, self.dim = inner.model_id, inner.dim

    def encode_queries(self, texts):
        return np.stack([self.table[t] for t in texts])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chunks", type=int, nargs="+", default=[0], help="0 = the bundled corpus")
    ap.add_argument("--real-embeddings", action="store_true", help="embed synthetic corpora with the real model")
    ap.add_argument("--out", type=Path, default=ROOT / "eval" / "out" / "bench_scale.json")
    args = ap.parse_args()
    rows = []
    for n in args.chunks:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            if n == 0:
                from qa.store.embedding import Embedder

                emb = Embedder()
                t = time.perf_counter()
                for q in QUERIES:
                    emb.encode_queries([q])
                encode_ms = (time.perf_counter() - t) * 1000 / len(QUERIES)
                row = bench(ROOT / "corpus", work, emb, "bundled")
                row["query_encode_ms"] = round(encode_ms, 1)
            else:
                corpus = work / "corpus"
                write_corpus(ROOT / "corpus", corpus, n)
                emb = None
                if args.real_embeddings:
                    from qa.store.embedding import Embedder

                    emb = Embedder()
                row = bench(corpus, work, emb or HashEmbedder(), f"synthetic {n // 1000}k")
        print(json.dumps(row, ensure_ascii=False), file=sys.stderr)
        rows.append(row)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    cols = list(rows[0])
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for row in rows:
        print("| " + " | ".join(str(row.get(c, "")) for c in cols) + " |")


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    main()
