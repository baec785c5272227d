"""Warm `qa ask` latency on the bundled corpus: one loaded pipeline, questions from a question file.

    .venv/bin/python scripts/bench_ask.py                              # 80 heldout8 questions
    .venv/bin/python scripts/bench_ask.py --questions eval/heldout13.jsonl --rounds 2
    .venv/bin/python scripts/bench_ask.py --reader combined          # the learned reader's cost

The pipeline is opened once (as the app and a warm `qa ask` keep it) and asked five questions to
warm up; then every question is asked ``--rounds`` times and each ask is timed. Prints JSON
(the reader, p50/p95/mean in ms, peak resident memory, the machine's load average before and after) on
stdout; the budgets are p50 ≤ 150 ms and ≤ 1.6 GB resident on the bundled corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.settings import READERS  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description="qa ask 热启动延迟（内置语料）")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--index", type=Path, default=ROOT / "index")
    ap.add_argument("--questions", type=Path, default=ROOT / "eval" / "heldout8.jsonl")
    ap.add_argument("--n", type=int, default=80, help="问题数（取文件前 n 题）")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--reader", choices=READERS, default=None, help="阅读器（默认：设置中的 rule）")
    args = ap.parse_args()

    from qa.evaluation.evaluate import pct
    from qa.pipeline import Pipeline
    from qa.runtime import configure

    configure()
    pipe = Pipeline.open(args.corpus, args.index, show_progress=False, reader=args.reader)
    lines = args.questions.read_text(encoding="utf-8").splitlines()
    questions = [json.loads(x)["question"] for x in lines if x.strip()][: args.n]
    for q in questions[:5]:
        pipe.ask(q)
    load_before = os.getloadavg()[0]
    ms = []
    for _ in range(args.rounds):
        for q in questions:
            t = time.perf_counter()
            pipe.ask(q)
            ms.append((time.perf_counter() - t) * 1000)
    print(
        json.dumps(
            {
                "reader": pipe.reader.name,
                "questions": len(questions),
                "asks": len(ms),
                "p50_ms": round(pct(ms, 50), 1),  # as `qa eval` reports them
                "p95_ms": round(pct(ms, 95), 1),
                "mean_ms": round(statistics.mean(ms), 1),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),  # Linux: KiB
                "load_before": round(load_before, 2),
                "load_after": round(os.getloadavg()[0], 2),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
