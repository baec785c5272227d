"""BM25 speed: qa.store.bm25 (bm25s, sparse) against rank-bm25 on synthetic chunks of the bundled reports.

.venv/bin/python scripts/bench_bm25.py --chunks 20000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rank_bm25 import BM25Okapi  # noqa: E402

from qa.evaluation.synthetic import write_corpus  # noqa: E402
from qa.ingest.corpus import ingest  # noqa: E402
from qa.store.bm25 import BM25Index  # noqa: E402
from qa.store.index import searchable_text  # noqa: E402
from qa.text.normalization import normalize  # noqa: E402
from qa.text.tokenization import Tokenizer  # noqa: E402

QUERIES = [
    "元氏县办理了多少件行政复议案件",
    "府院联动",
    "行政执法三项制度",
    "告知承诺制",
    "法律顾问",
    "行政机关负责人出庭应诉",
    "重大行政决策合法性审查",
    "规范性文件备案审查",
    "双随机一公开",
    "营商环境",
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chunks", type=int, default=20000)
    ap.add_argument("--ref-queries", type=int, default=10, help="queries timed on rank-bm25 (slow)")
    args = ap.parse_args()
    tok = Tokenizer()
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(ROOT / "corpus", Path(tmp), args.chunks)
        chunks = ingest(Path(tmp), show_progress=False).all_chunks()
    texts = [normalize(searchable_text(c)) for c in chunks]
    t = time.perf_counter()
    docs = [tok.tokenize(x) for x in texts]
    tok_s = time.perf_counter() - t
    t = time.perf_counter()
    ours = BM25Index.build(docs)
    build_s = time.perf_counter() - t
    t = time.perf_counter()
    ref = BM25Okapi(docs)
    ref_build_s = time.perf_counter() - t
    queries = [tok.tokenize_query(q) for q in QUERIES]
    ours_ms = []
    for _ in range(20):
        for q in queries:
            t = time.perf_counter()
            ours.search(q, 10)
            ours_ms.append((time.perf_counter() - t) * 1000)
    ref_ms = []
    for q in queries[: args.ref_queries]:
        t = time.perf_counter()
        np.argsort(-ref.get_scores(q))[:10]
        ref_ms.append((time.perf_counter() - t) * 1000)
    with tempfile.TemporaryDirectory() as tmp:
        ours.save(Path(tmp))
        t = time.perf_counter()
        BM25Index.load(Path(tmp))
        load_s = time.perf_counter() - t
    p50, ref_p50 = float(np.median(ours_ms)), float(np.median(ref_ms))
    print(
        "| chunks | tokenise chunks/s | build s | load s | qa.store.bm25 p50 / p95 ms | rank-bm25 p50 ms | speed-up |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {len(docs)} | {len(docs) / tok_s:.0f} | {build_s:.2f} (rank-bm25 {ref_build_s:.1f}) | {load_s:.2f} | "
        f"{p50:.2f} / {np.percentile(ours_ms, 95):.2f} | {ref_p50:.1f} | {ref_p50 / p50:.0f}× |"
    )


if __name__ == "__main__":
    main()
