"""Qualifiers that set an answer apart from its siblings (qa/text/qualifiers.py)."""

from __future__ import annotations

import pytest

from qa.text.qualifiers import contradicts, qualifiers

SENTENCE = "推进法治政府建设示范创建,辰溪县被命名为“全省第二批法治政府建设示范县”"


@pytest.mark.parametrize(
    "question, contradicted",
    [
        ("哪个县被命名为全国法治政府建设示范县?", True),  # 全国, the sentence says 全省
        ("哪个县入选全省第三批示范县?", True),  # 第三批, the sentence says 第二批
        ("哪个县入选全省第二批示范县?", False),
        ("哪个县入选第2批示范县?", False),  # the same batch written in digits
        ("哪个县被命名为法治政府建设示范县?", False),  # no qualifier asked: any answers
        ("全国第二批示范县有哪些?", True),
    ],
)
def test_a_sentence_naming_another_level_or_batch_speaks_of_something_else(question, contradicted):
    assert contradicts(qualifiers(question), SENTENCE) is contradicted


def test_ordinals_in_chinese_and_digits_are_one_value():
    assert qualifiers("第十二届") == qualifiers("第12届") == frozenset({("届", "12")})
    assert qualifiers("第二十次会议") == frozenset({("次", "20")})
    assert qualifiers("市级示范点") == frozenset({("level", "市")})


def test_a_sentence_without_the_qualifier_does_not_contradict():
    # "全省" asked, a sentence that names no level: it may still answer.
    assert not contradicts(qualifiers("全省有多少件?"), "办理行政复议案件244件")


def test_the_reader_does_not_answer_another_level(pipeline):
    a = pipeline.ask("怀化市哪个县被评为全国法治政府建设示范县?")
    assert a.answer is None
    b = pipeline.ask("怀化市哪个县被评为全省第二批法治政府建设示范县?")
    assert b.answer is not None and "辰溪县" in b.answer
