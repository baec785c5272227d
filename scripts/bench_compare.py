"""Comparison benchmark: a comparison question over a synthetic corpus of N reports.

    .venv/bin/python scripts/bench_compare.py --reports 1000

Reports are written by qa.evaluation.synthetic (sentences of the bundled reports resampled into
new ones), ingested and chunked as usual; then each question is compared across every report —
all chunks of each, not a global top-k — and timed (median of --repeat runs, after one warm-up
that builds the per-index report cache, as Pipeline does once per index). The comparison path
uses no retrieval, so no index is built; the passages' similarity to the question that the sentence model reads
is taken from random unit vectors of the embedding's size, rounded to fp16 as the index stores them, and the
cross-encoder reads the first reports' candidates again (``--lexical``: neither, as with `--mode bm25`). Wall time
depends on how busy the machine is; CPU time (process_time) is printed beside it, with the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.evaluation.synthetic import write_corpus  # noqa: E402
from qa.ingest.corpus import ingest  # noqa: E402
from qa.reading import comparison as C  # noqa: E402
from qa.reading.relevance import shipped  # noqa: E402
from qa.settings import Settings  # noqa: E402
from qa.store.dense import DenseIndex  # noqa: E402
from qa.text.normalization import normalize  # noqa: E402
from qa.text.tokenization import Tokenizer  # noqa: E402

QUESTIONS = [
    ("其他县是怎么推进行政复议体制改革的?", "list"),
    ("各地如何落实行政执法三项制度?", "list"),
    ("哪些地方推行了告知承诺制?", "list"),
    ("行政机关负责人出庭应诉率是多少?", "ratio"),
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--chunks-per-report", type=int, default=24)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--lexical", action="store_true", help="不用向量相似度（同 --mode bm25）")
    ap.add_argument("--dim", type=int, default=384, help="向量维数（随包的嵌入模型为 384）")
    args = ap.parse_args()
    tok = Tokenizer()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        n = write_corpus(
            ROOT / "corpus", folder, args.reports * args.chunks_per_report, chunks_per_report=args.chunks_per_report
        )
        t = time.perf_counter()
        corpus = ingest(folder, show_progress=False)
        chunks = corpus.all_chunks()
        print(f"{n} reports, {len(chunks)} chunks, ingested in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        t = time.perf_counter()
        reports = C.report_texts(corpus.documents, chunks)
        # the sentences a report's item quotes: chosen as the pipeline chooses them (Settings.compare_relevance)
        relevance = shipped() if Settings().compare_relevance else None
        rows = {c.chunk_id: i for i, c in enumerate(chunks)}
        cache_s = time.perf_counter() - t
        similarity = None
        if not args.lexical:
            rng = np.random.default_rng(0)
            vectors = rng.standard_normal((len(chunks), args.dim)).astype(np.float32)
            dense = DenseIndex((vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float16))
            vector = rng.standard_normal(args.dim).astype(np.float32)
            vector /= np.linalg.norm(vector)
            similarity = C.passage_similarity(dense, vector, rows)  # as Pipeline.passage_similarity
        cross = None  # the cross-encoder reads the first reports again where vectors are read (Pipeline.read_together)
        if not args.lexical and relevance is not None and Settings().compare_cross_encoder:
            from qa.reading.cross_encoder import ARTIFACT_DIR, CrossEncoder, ReadTogether
            from qa.reading.span_model import load_base

            base, tokenizer = load_base()
            cross = (CrossEncoder.load(ARTIFACT_DIR, base), tokenizer)

        print("| question | reports with items | sentences | median wall ms | max wall ms | median CPU ms |")
        print("|---|---|---|---|---|---|")
        for q, kind in QUESTIONS:
            times, cpu = [], []
            for _ in range(args.repeat + 1):
                t, c = time.perf_counter(), time.process_time()
                norm = normalize(q)
                query = C.split_topic(
                    norm, tok.domain_terms, tok.tokenize_query(norm), parts=lambda x: tok._parts.get(x, ())
                )
                if kind == "list":
                    read = ReadTogether(cross[0], cross[1], q) if cross else None
                    items = C.compare(query, reports, relevance=relevance, similarity=similarity, read=read)
                    n_items, n_sents = len(items), sum(len(i.sentences) for i in items)
                else:
                    figs = C.figures_by_report(query, reports, kind, norm)
                    n_items, n_sents = len(figs), len(figs)
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
            times, cpu = times[1:], cpu[1:]
            print(
                f"| {q} | {n_items} | {n_sents} | {statistics.median(times):.0f} | {max(times):.0f} "
                f"| {statistics.median(cpu):.0f} |"
            )
        print(f"\nper-index report cache built once in {cache_s * 1000:.0f} ms", file=sys.stderr)
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", file=sys.stderr)


if __name__ == "__main__":
    main()
