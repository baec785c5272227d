"""The place a "哪个县/哪个镇" question asks for (qa/reading/places.py)."""

from __future__ import annotations

import pytest

from qa.reading.places import asked_kind, best_place, place_spans
from qa.retrieval.question import question_type

NAMED = "推进示范创建,辰溪县被命名为“全省第二批法治政府建设示范县”,芷江县芷江镇、会同县堡子镇被命名为“示范乡镇”。"


@pytest.mark.parametrize(
    "asked, sentence, names",
    [
        ("县", NAMED, ["辰溪县", "芷江县", "会同县"]),  # 芷江县 is 芷江侗族自治县 as written in reports
        ("镇", NAMED, ["芷江镇", "堡子镇"]),  # townships: not in the gazetteer, cut by jieba
        ("县", "我县和正定县承担了分会场直播任务", ["正定县"]),  # 我县 is no name
        ("村", "十里铺村村民因征地补偿款问题上访", ["十里铺村"]),
        ("乡镇", "各乡镇、重点镇和示范村都建了工作站", []),  # generic words with a township suffix
    ],
)
def test_places_of_the_asked_kind(asked, sentence, names):
    assert [sentence[s:e] for s, e in place_spans(sentence, asked)] == names


def test_the_place_that_shares_the_clause_with_the_question():
    anchors = [(NAMED.index("示范县"), NAMED.index("示范县") + 3, 3.0, "示范县")]
    s, e = best_place(NAMED, "县", anchors)
    assert NAMED[s:e] == "辰溪县"


@pytest.mark.parametrize(
    "question, kind",
    [("元氏县推荐了哪个镇参加示范创建?", "镇"), ("哪一个村的村民多次上访?", "村"), ("这事在哪里办?", None)],
)
def test_the_kind_of_place_asked(question, kind):
    assert question_type(question) == "which_place"
    assert asked_kind(question) == kind


@pytest.mark.parametrize(
    "question, place",
    [
        ("元氏县选了哪个镇去参加河北省的法治政府示范创建?", "南因镇"),
        ("怀化市哪个县入选了全省第二批法治政府建设示范县?", "辰溪县"),
    ],
)
def test_the_reader_answers_with_the_place(pipeline, question, place):
    from tests.test_reader import pieces_are_verbatim

    a = pipeline.ask(question)
    assert a.answer_type == "span" and a.pieces[0].text == place and pieces_are_verbatim(a)


@pytest.mark.parametrize(
    "text, names",
    [
        ("5名律师担任县政府法律顾问", []),  # 担任 is a word: no 任县 (河北) in it
        ("任县人民政府关于2021年法治政府建设情况的报告", ["任县"]),
        ("在沛县人民政府领导下", ["沛县"]),
        ("中共浚县县委", ["浚县"]),
    ],
)
def test_a_two_character_county_is_not_read_out_of_a_word(text, names):
    from qa.ingest.gazetteer import gazetteer

    assert [text[m.start : m.end] for m in gazetteer().mentions(text)] == names
