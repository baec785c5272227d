"""scripts/topic_judging.py: the export a judge reads (answers, or each report's candidate pool with offsets)
and the counts of the verdicts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import topic_judging  # noqa: E402

from qa.reading.relevance import shipped  # noqa: E402

QUESTIONS = [
    {"id": "t-1", "question": "其他县是怎么推进行政复议体制改革的?", "type": "comparative"},
    {"id": "t-2", "question": "各地法律顾问制度是怎么做的?", "type": "comparative"},
    {"id": "t-3", "question": "元氏县2021年办了多少件行政复议案件?", "type": "factoid"},
]


def _questions(tmp_path: Path) -> Path:
    path = tmp_path / "q.jsonl"
    rows = [{**q, "doc_ids": [], "answers": [], "evidence": [], "reworded": False} for q in QUESTIONS]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _items(folder: Path) -> list[dict]:
    return [json.loads(x) for x in (folder / "items.jsonl").read_text(encoding="utf-8").splitlines() if x]


def test_pool_export_gives_offsets_into_the_reports(pipeline, index_dir, tmp_path, capsys):
    out = tmp_path / "pool"
    pool = shipped().pool  # the candidates the shipped model chooses among
    assert topic_judging.export(_questions(tmp_path), out, ROOT / "corpus", index_dir, pool=pool) == 0
    rows = _items(out)
    assert [r["id"] for r in rows] == ["t-1", "t-2"]  # only comparative questions
    assert (out / "JUDGE.md").exists() and len(list((out / "reports").iterdir())) == 5
    for row in rows:
        per_report: dict[str, int] = {}
        for k, it in enumerate(row["items"]):
            assert it["k"] == k
            doc = pipeline.document(it["doc_id"])
            assert doc.text[it["start"] : it["end"]] == it["text"]
            per_report[it["doc_id"]] = per_report.get(it["doc_id"], 0) + 1
        assert max(per_report.values()) <= pool
    # the pool holds each answer's quoted sentences
    answer = pipeline.ask(QUESTIONS[0]["question"])
    pool_texts = {it["text"] for it in rows[0]["items"]}
    assert {p.text for p in answer.pieces} <= pool_texts


def test_score_counts_verdicts(tmp_path, capsys):
    folder = tmp_path / "j"
    folder.mkdir()
    items = [
        {
            "id": "a",
            "question": "q",
            "items": [
                {"k": 0, "place": "甲", "year": 1, "doc_type": "t"},
                {"k": 1, "place": "乙", "year": 1, "doc_type": "t"},
            ],
        },
        {"id": "b", "question": "q", "items": [{"k": 0, "place": "甲", "year": 1, "doc_type": "t"}]},
    ]
    (folder / "items.jsonl").write_text("".join(json.dumps(x) + "\n" for x in items), encoding="utf-8")
    verdicts = [("a", 0, True), ("a", 1, False), ("b", 0, True)]
    lines = [json.dumps({"id": i, "k": k, "on_topic": v}) for i, k, v in verdicts]
    (folder / "verdicts.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert topic_judging.score(folder) == 0
    got = json.loads(capsys.readouterr().out)
    assert (got["sentences"], got["sentences_on_topic"], got["report_blocks"]) == (3, 2, 3)
    assert (got["blocks_with_a_sentence_on_topic"], got["questions_with_an_off_topic_sentence"]) == (2, 1)
    (folder / "verdicts.jsonl").write_text(lines[0] + "\n", encoding="utf-8")
    assert topic_judging.score(folder) == 2  # verdicts missing: refused, not scored
