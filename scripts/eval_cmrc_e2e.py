"""CMRC 2018 validation split end to end: its paragraphs as a corpus, each question through Pipeline.ask.

Unlike scripts/eval_reader_cmrc.py (gold paragraph given, the learned reader alone), this measures
what a user of `qa ask` gets on text that is not a rule-of-law report: retrieval, the question
analysis and the chosen reader together, scored with CMRC's EM / F1.

    python scripts/eval_cmrc_e2e.py --cmrc ../shared/data/cmrc2018 --work /tmp/cmrc_e2e --reader rule
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qa.evaluation.evaluate import strip_marks  # noqa: E402
from qa.reading.training import cmrc_scores  # noqa: E402
from qa.reading.training_data import cmrc_examples  # noqa: E402


def write_corpus(cmrc: Path, corpus: Path) -> list[tuple[str, tuple[str, ...], str]]:
    """The validation paragraphs (training_data's split) as .txt files; (question, answers, file name)."""
    corpus.mkdir(parents=True, exist_ok=True)
    _, val = cmrc_examples(cmrc)
    names = {context: f"cmrc_{i:03d}.txt" for i, context in enumerate(dict.fromkeys(e.context for e in val))}
    for context, name in names.items():
        (corpus / name).write_text(context, encoding="utf-8")
    return [(e.question, e.answers, names[e.context]) for e in val]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cmrc", type=Path, required=True)
    ap.add_argument("--work", type=Path, required=True, help="folder for the corpus and its index")
    ap.add_argument("--reader", default="rule", choices=("rule", "learned", "combined"))
    args = ap.parse_args()
    from qa.pipeline import Pipeline

    questions = write_corpus(args.cmrc, args.work / "corpus")
    pipe = Pipeline.open(args.work / "corpus", args.work / "index", reader=args.reader)
    em = f1 = 0.0
    refused = first = 0
    t0 = time.time()
    for question, gold, name in questions:
        a = pipe.ask(question)
        if a.answer is None:
            refused += 1
        else:
            e, f = cmrc_scores(strip_marks(a.answer), gold)
            em, f1 = em + e, f1 + f
        first += bool(a.citations) and a.citations[0].chunk.doc_id == name
    n = len(questions)
    result = {"reader": args.reader, "questions": n, "em": round(em / n, 3), "f1": round(f1 / n, 3)}
    result |= {"refused": refused, "first_citation_right": round(first / n, 3), "seconds": round(time.time() - t0)}
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
