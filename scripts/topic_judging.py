"""Are the sentences of comparison answers about what was asked? Export them for an outside judge, then score.

    PYTHONPATH=. .venv/bin/python scripts/topic_judging.py export eval/heldout23.jsonl DIR
    # a judge who has not seen the code reads DIR/items.jsonl (and the reports) and writes DIR/verdicts.jsonl:
    # one line per item {"id", "k", "on_topic": true|false, "why"}; the instructions are in DIR/JUDGE.md
    PYTHONPATH=. .venv/bin/python scripts/topic_judging.py score DIR

`qa eval` scores a comparison by its reports (gold-report recall and precision); this asks about each quoted
sentence: a report can be the right one while its sentences are about a neighbouring practice (the section's
other sub-topics, a word shared with another reform, the topic named only inside a list). `score` prints JSON:
sentences judged and on topic, report blocks with at least one sentence on topic, and questions with an
off-topic sentence. Only counts are printed, so a blind set stays blind to whoever runs it.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

JUDGE = """\
# 判定说明 / Instructions for the judge

For every item of `items.jsonl` decide whether it is ON TOPIC: the sentence (`text`), read together with the
heading path of its section (`section`), is about the topic or practice the question asks about.

- A sentence on another practice that shares words with the asked one (行政执法体制改革 for 行政复议体制改革)
  is OFF topic.
- A sentence that names the topic only in passing, inside a list of other things ("通过诉讼、仲裁、行政复议等
  途径解决"), is OFF topic.
- A heading or overview sentence that only names the wider field is OFF topic.
- Whether it is a plan or something done, and whether it is the best possible answer, does not matter.
- For a figure question ("出庭应诉率是多少"), a sentence giving that figure or about that practice is ON topic.

Write `verdicts.jsonl`: one line per item, {"id": ..., "k": ..., "on_topic": true|false, "why": "..."}.
The reports are in `reports/` beside this file. Do not read the system's code, word lists or question sets.
"""


def export(questions: Path, out: Path, corpus: Path, index: Path, pool: int = 0) -> int:
    """The answers' sentences; with ``pool`` > 0 instead each answering report's ``pool`` best candidate
    sentences by rule score, kept or not (labels for training ``qa/reading/relevance.py``), with their offsets."""
    import shutil

    from qa.evaluation.evaluate import load_questions
    from qa.pipeline import Pipeline
    from qa.reading import comparison as comparing
    from qa.settings import Settings

    # A pool is exported as the rule gathers the reports, whatever model is shipped: the reports and candidates
    # train_relevance.py finds again for the verdicts.
    settings = replace(Settings(), compare_relevance=False) if pool else Settings()
    pipe = Pipeline.open(corpus, index, settings=settings, show_progress=False)
    out.mkdir(parents=True, exist_ok=True)
    (out / "reports").mkdir(exist_ok=True)
    for f in sorted(corpus.iterdir()):
        if f.is_file():
            shutil.copy2(f, out / "reports" / f.name)
    (out / "JUDGE.md").write_text(JUDGE, encoding="utf-8")
    n_q = n_items = 0
    with (out / "items.jsonl").open("w", encoding="utf-8") as fh:
        for q in load_questions(questions):
            if q.type != "comparative":
                continue
            items = _pool(pipe, comparing, q.question, pool) if pool else _answered(pipe, q.question)
            if pool and not items:
                continue
            fh.write(json.dumps({"id": q.id, "question": q.question, "items": items}, ensure_ascii=False) + "\n")
            n_q += 1
            n_items += len(items)
    print(json.dumps({"questions": n_q, "items": n_items, "folder": str(out)}, ensure_ascii=False))
    return 0


def _answered(pipe, question: str) -> list[dict]:
    answer = pipe.ask(question)
    chunks = {c.n: c.chunk for c in answer.citations}
    items: list[dict] = []
    for piece in answer.pieces:
        c = chunks[piece.citation]
        items.append(
            {
                "k": len(items),
                "place": c.region,
                "year": c.year,
                "doc_type": c.doc_type,
                "section": " › ".join(c.section),
                "text": piece.text,
            }
        )
    return items


def _pool(pipe, comparing, question: str, n: int) -> list[dict]:
    result = pipe.compare(question)
    if result is None or not result.items:
        return []
    reports = {r.doc_id: r for r in pipe.reports()}
    items: list[dict] = []
    for item in result.items:
        r = reports[item.doc_id]
        found = comparing.candidates(result.query, r.chunks, r.doc_norm, r.meta, r.plain or None)
        sentences = sorted(found.pool[:n] if found else item.sentences, key=lambda s: s.start)
        for s in sentences:
            items.append(
                {
                    "k": len(items),
                    "place": item.region,
                    "year": item.year,
                    "doc_type": item.doc_type,
                    "section": " › ".join(s.chunk.section),
                    "text": s.text,
                    "doc_id": item.doc_id,
                    "start": s.start,
                    "end": s.end,
                }
            )
    return items


def load_judged(folder: Path) -> tuple[list[dict], dict[tuple[str, int], bool]]:
    """A judged folder: its exported questions with their items, and the verdicts by (question id, item k)."""
    questions = [json.loads(x) for x in (folder / "items.jsonl").read_text(encoding="utf-8").splitlines() if x]
    verdicts: dict[tuple[str, int], bool] = {}
    for line in (folder / "verdicts.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            v = json.loads(line)
            verdicts[(v["id"], int(v["k"]))] = bool(v["on_topic"])
    return questions, verdicts


def score(folder: Path) -> int:
    questions, verdicts = load_judged(folder)
    by_id = {q["id"]: q for q in questions}
    wanted = {(q["id"], it["k"]) for q in questions for it in q["items"]}
    if set(verdicts) != wanted:
        missing, extra = len(wanted - set(verdicts)), len(set(verdicts) - wanted)
        print(f"verdicts.jsonl 与 items.jsonl 不对应：缺 {missing} 条，多 {extra} 条", file=sys.stderr)
        return 2
    blocks: dict[tuple, list[bool]] = {}
    for (qid, k), on in verdicts.items():
        it = by_id[qid]["items"][k]
        blocks.setdefault((qid, it["place"], it["year"], it["doc_type"]), []).append(on)
    on = sum(verdicts.values())
    off_questions = {qid for (qid, _), v in verdicts.items() if not v}
    print(
        json.dumps(
            {
                "questions": len(questions),
                "sentences": len(verdicts),
                "sentences_on_topic": on,
                "share_on_topic": round(on / len(verdicts), 3) if verdicts else None,
                "report_blocks": len(blocks),
                "blocks_with_a_sentence_on_topic": sum(any(b) for b in blocks.values()),
                "blocks_all_on_topic": sum(all(b) for b in blocks.values()),
                "questions_with_an_off_topic_sentence": len(off_questions),
            },
            ensure_ascii=False,
        )
    )
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description="对比回答的句子是否切题：导出给外部评判，再汇总评判结果")
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("export", help="导出一个问题集的对比回答（逐句）")
    e.add_argument("questions", type=Path)
    e.add_argument("out", type=Path)
    e.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    e.add_argument("--index", type=Path, default=ROOT / "index")
    e.add_argument("--pool", type=int, default=0, help="每份报告导出按规则得分最高的 N 个候选句（训练标注用）")
    s = sub.add_parser("score", help="汇总 verdicts.jsonl（只输出计数）")
    s.add_argument("folder", type=Path)
    args = ap.parse_args()
    if args.cmd == "export":
        return export(args.questions, args.out, args.corpus, args.index, args.pool)
    return score(args.folder)


if __name__ == "__main__":
    sys.exit(main())
