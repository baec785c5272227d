"""Who holds an office (qa/reading/persons.py): the name after the title, or not found."""

from __future__ import annotations

import pytest

from qa.reading.persons import name_after, surnames
from qa.retrieval.question import asked_title, question_type


@pytest.mark.parametrize(
    "title, sentence, name",
    [
        ("市长", "市委副书记、市长黎春秋将法治政府建设纳入年度工作计划", "黎春秋"),
        ("市委书记", "市委书记许忠建多次主持召开会议", "许忠建"),
        ("县长", "县委书记王建国、县长李明出席会议", "李明"),
        ("县委书记", "县委书记王建国、县长李明出席会议", "王建国"),
        ("县长", "县长欧阳红军到场指导", "欧阳红军"),  # a compound family name
        ("县长", "县长李明在会上讲话", "李明"),
        ("县长", "县长李明到场", "李明"),
        ("市长", "“市长信箱”办理公众来信", None),  # a word that starts with a family name
        ("市委书记", "由市委书记和市长担任领导小组组长", None),  # 和 is a conjunction here
        ("县长", "县长担任安委会主任", None),  # the office, no name
        ("市长", "副市长张三主持会议", None),  # 副市长 is not 市长
    ],
)
def test_the_name_after_the_title(title, sentence, name):
    found = name_after(title, sentence)
    assert (sentence[found[0] : found[1]] if found else None) == name


def test_family_names_load_single_and_compound():
    single, compound = surnames()
    assert {"王", "黎", "许"} <= single and {"欧阳", "诸葛"} <= compound


@pytest.mark.parametrize(
    "question, title",
    [
        ("怀化市市长是谁?", "市长"),
        ("谁是怀化市的市委书记?", "市委书记"),
        ("梅河口市常务副市长叫什么名字?", "常务副市长"),
        ("元氏县安全生产委员会的主任由谁担任?", None),  # a role answers it (县长), not a name
    ],
)
def test_questions_for_an_office_holder(question, title):
    assert asked_title(question) == title
    assert (question_type(question) == "which_person") is (title is not None)


def test_the_reader_names_the_holder_or_says_not_found(pipeline):
    from tests.test_reader import pieces_are_verbatim

    a = pipeline.ask("怀化市的市长叫什么名字?")
    assert a.answer_type == "span" and a.pieces[0].text == "黎春秋" and pieces_are_verbatim(a)
    assert a.citations[0].chunk.region == "怀化市"
    # 元氏县's report names its 县长 only as an office ("县长担任安委会主任").
    b = pipeline.ask("元氏县的县长是谁?")
    assert b.answer is None
