"""Answer metrics of several readers on one question set, retrieval shared: rule vs learned vs combined.

    python scripts/eval_readers.py --questions eval/heldout2.jsonl --readers rule learned combined
    python scripts/eval_readers.py --questions eval/heldout4.jsonl --artifact DIR   # another trained artifact

Prints one JSON line per reader: factoid contains-gold rate, "not found" recall and precision,
answered rate of answerable questions, median characters of factoid answers, verbatim violations,
ask p50 (same numbers as `qa eval --reader NAME`, without the retrieval sweep).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qa.evaluation.evaluate import answers, load_questions, locate, strip_marks  # noqa: E402
from qa.pipeline import Pipeline  # noqa: E402
from qa.reading.learned import LearnedReader  # noqa: E402
from qa.settings import Settings  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--questions", type=Path, required=True)
    ap.add_argument("--readers", nargs="+", default=["rule", "learned", "combined"])
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    ap.add_argument("--index", type=Path, default=Path("index"))
    ap.add_argument("--rows", type=Path, default=None, help="write per-question rows (JSON Lines) here")
    ap.add_argument("--artifact", type=Path, default=None, help="learned reader folder (default qa/models/reader)")
    args = ap.parse_args()
    settings = Settings()
    pipe = Pipeline.open(args.corpus, args.index, settings, show_progress=False)
    questions = load_questions(args.questions)
    locate(questions, pipe.retriever.index.documents)
    for name in args.readers:
        if name == "rule":
            pipe.reader = pipe.default_reader
        else:
            pipe.reader = LearnedReader(
                pipe.retriever.embedder, pipe.default_reader, settings, folder=args.artifact, mode=name
            )
        summary, rows, _ = answers(pipe, questions)
        lengths = [len(strip_marks(r["answer"])) for r in rows if r["type"] == "factoid" and r["answer"]]
        out = {
            "reader": name,
            "questions": str(args.questions),
            "factoid_contains_gold": summary["factoid_answer_rate"],
            "factoid_median_chars": statistics.median(lengths) if lengths else None,
            "no_answer_recall": summary["no_answer_recall"],
            "no_answer_precision": summary["no_answer_precision"],
            "answered_rate": summary["answered_rate"],
            "verbatim_violations": summary["verbatim_violations"],
            "ask_p50_ms": summary["ask_latency_ms"]["p50"],
        }
        print(json.dumps(out, ensure_ascii=False), flush=True)
        if args.rows:
            with args.rows.open("a", encoding="utf-8") as f:
                for r in rows:
                    f.write(json.dumps({"reader": name, **r}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
