"""Saved conversations and example sets: what the app keeps across reloads and conversations."""

from __future__ import annotations

import json

import pytest

from qa.document import Answer, AnswerPiece, Chunk, Citation, Hit
from qa.interface import export, session_store

CHUNK = Chunk(
    "c1", "a.txt", 10, 22, "已办理行政复议案件36件。", ("六、矛盾纠纷",), "元氏县报告", "元氏县", 2021, "年度报告"
)


def _answer(question="元氏县办理了多少件行政复议案件?", rewritten=None) -> Answer:
    return Answer(
        question=question,
        answer="36件[1]",
        answer_type="span",
        confidence=0.9,
        citations=[Citation(1, CHUNK)],
        pieces=[AnswerPiece("36件", 1, 19, 22, label="元氏县 2021 年度报告")],
        hits=[Hit(CHUNK, 1, 0.5, 1, 2, 4.1, 0.88)],
        rewritten_question=rewritten,
        latency_ms=12.5,
    )


def _messages(answer: Answer) -> list[dict]:
    return [
        {"role": "user", "content": answer.question},
        {"role": "assistant", "answer": answer, "feedback": {"vote": "up"}, "time": "t", "filters": {"regions": []}},
    ]


def test_a_conversation_round_trips_whole(tmp_path):
    cid = session_store.new_id()
    a = _answer("那元氏县呢?", rewritten="元氏县办理了多少件行政复议案件?")
    session_store.save_conversation(tmp_path, cid, _messages(a))
    back = session_store.load_conversation(tmp_path, cid)
    assert back[0] == {"role": "user", "content": "那元氏县呢?"}
    b = back[1]["answer"]
    assert b.to_dict() == a.to_dict() and b.latency_ms == 12.5 and back[1]["feedback"] == {"vote": "up"}
    assert session_store.history_of(back) == [{"question": "元氏县办理了多少件行政复议案件?", "answer": "36件[1]"}]
    assert not list((tmp_path / "conversations").glob(".tmp-*"))  # written atomically


def test_ids_from_the_address_are_checked(tmp_path):
    for bad in ("../../etc/passwd", "", None, "ABCDEF0123456789", "0" * 17):
        assert not session_store.valid_id(bad)
        assert session_store.load_conversation(tmp_path, bad) == []
    with pytest.raises(session_store.StateError):
        session_store.save_conversation(tmp_path, "../x", [])
    # a damaged file is a fresh conversation, not an error
    cid = session_store.new_id()
    (tmp_path / "conversations").mkdir()
    (tmp_path / "conversations" / f"{cid}.json").write_text("{not json", encoding="utf-8")
    assert session_store.load_conversation(tmp_path, cid) == []


def test_example_sets_keep_each_answer_once_and_export(tmp_path):
    m1 = _messages(_answer())[1]
    m2 = _messages(_answer("怀化市办理了多少件?"))[1]
    assert session_store.add_example(tmp_path, " 培训 集 ", m1) == 1
    assert session_store.add_example(tmp_path, "培训 集", m1) == 1  # the same answer again: kept once
    assert session_store.add_example(tmp_path, "培训 集", m2) == 2
    assert session_store.example_sets(tmp_path) == {"培训 集": 2}
    turns = session_store.load_examples(tmp_path, "培训 集")
    assert [a.question for a, _ in turns] == ["元氏县办理了多少件行政复议案件?", "怀化市办理了多少件?"]
    md = export.to_markdown(turns, title="示例集：培训 集")
    assert "# 示例集：培训 集" in md and "已办理行政复议案件36件" in md and "时间：t" in md
    with pytest.raises(session_store.StateError, match="名字"):
        session_store.add_example(tmp_path, "  ", m1)
    with pytest.raises(session_store.StateError, match="太长"):
        session_store.add_example(tmp_path, "长" * 41, m1)
    data = json.loads((tmp_path / "example_sets.json").read_text(encoding="utf-8"))
    assert list(data) == ["培训 集"]
