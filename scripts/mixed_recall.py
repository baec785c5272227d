"""Recall@1 (report level) on a corpus that adds the layout-zoo reports (eval/mixed) to the bundled five.

Usage: python scripts/mixed_recall.py [--mode hybrid|bm25] [--work DIR]

Prints one JSON object: Recall@1 of the bundled questions (eval/questions.jsonl) on the bundled corpus
alone and on the mixed corpus, and of the questions about the new reports (eval/mixed/questions.jsonl)
on the mixed corpus. A question counts when its first hit comes from one of its reports (doc_ids).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _questions(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def recall_at_1(pipe, questions: list[dict]) -> tuple[float, list[str]]:
    misses = []
    for q in questions:
        hits = pipe.search(q["question"], k=5).hits
        if not hits or hits[0].chunk.doc_id not in q["doc_ids"]:
            misses.append(q["id"])
    return round(1 - len(misses) / len(questions), 3), misses


def main(argv: list[str] | None = None) -> int:
    from qa.pipeline import Pipeline
    from qa.retrieval.retriever import Retriever

    p = argparse.ArgumentParser()
    p.add_argument("--mode", choices=("hybrid", "bm25"), default="hybrid")
    p.add_argument("--work", type=Path, default=None, help="folder for the corpora and indexes (default: a temp dir)")
    args = p.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="mixed-recall-"))
    bundled_q = [q for q in _questions(ROOT / "eval" / "questions.jsonl") if q.get("doc_ids")]
    new_q = _questions(ROOT / "eval" / "mixed" / "questions.jsonl")
    mixed = work / "corpus-mixed"
    mixed.mkdir(parents=True, exist_ok=True)
    for src in list((ROOT / "corpus").glob("*.txt")) + list((ROOT / "eval" / "mixed" / "reports").glob("*.txt")):
        shutil.copy(src, mixed / src.name)
    out = {"mode": args.mode, "n_bundled_questions": len(bundled_q), "n_new_questions": len(new_q)}
    dense = args.mode != "bm25"
    bundled = Pipeline(Retriever.open(ROOT / "corpus", work / "index-bundled", dense=dense), mode=args.mode)
    out["bundled_only"], _ = recall_at_1(bundled, bundled_q)
    del bundled
    if not (work / "index-mixed").exists():
        # Start from the bundled index: its chunks' vectors are reused, only the new reports are embedded.
        shutil.copytree(work / "index-bundled", work / "index-mixed", symlinks=True)
    pipe = Pipeline(Retriever.open(mixed, work / "index-mixed", dense=dense), mode=args.mode)
    out["bundled_on_mixed"], _ = recall_at_1(pipe, bundled_q)
    out["new_on_mixed"], out["new_misses"] = recall_at_1(pipe, new_q)
    docs = pipe.retriever.index.documents
    out["new_reports_place_known"] = sum(1 for d in docs if d.startswith("new_") and docs[d].meta.region)
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
