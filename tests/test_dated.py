"""The date a report is signed (qa/reading/dated.py)."""

from __future__ import annotations

import pytest

from qa.document import Chunk
from qa.reading.dated import signature_dates
from qa.retrieval.question import asks_signature_date


@pytest.mark.parametrize(
    "question, asks",
    [
        ("互助县的工作要点是哪一天印发的?", True),
        ("这份报告的落款日期是哪天?", True),
        ("元氏县什么时候印发了《元氏县行政机关负责人出庭应诉规定》?", False),  # another document's date
        ("元氏县什么时候开展了抗洪抢险演习?", False),
    ],
)
def test_questions_for_the_reports_own_date(question, asks):
    assert asks_signature_date(question) is asks


def test_a_date_standing_alone_on_its_line_is_the_signature():
    text = "进一步完善行政执法责任制。\n\n某某区人民政府\n2019年1月21日\n"
    chunk = Chunk(chunk_id="d#0-1", doc_id="d", text=text, start=0, end=len(text))
    assert [text[s:e] for s, e in signature_dates(chunk)] == ["2019年1月21日"]
    inline = "2019年1月21日召开了常务会议。"
    assert signature_dates(Chunk(chunk_id="d#0-2", doc_id="d", text=inline, start=0, end=len(inline))) == []


@pytest.mark.parametrize(
    "question, date",
    [
        ("瀍河回族区2018年度法治政府建设报告的落款日期是哪天?", "2019年1月21日"),
        ("互助县2024年法治政府建设工作要点是哪天印发的?", "2024年4月22日"),
        ("元氏县2021年度报告的落款是哪一天?", None),  # its text ends without a date line
    ],
)
def test_the_reader_answers_with_the_date_line(pipeline, question, date):
    from tests.test_reader import pieces_are_verbatim

    a = pipeline.ask(question)
    if date is None:
        assert a.answer is None
    else:
        assert a.answer_type == "span" and a.pieces[0].text == date and pieces_are_verbatim(a)


@pytest.mark.parametrize(
    "question, date",
    [
        # the signature closes the article, under the issuer, before the account's furniture: no passage retrieval
        # returns for the question holds it
        ("苏州工业园区2022年度法治政府建设情况报告的落款日期是哪天？", "2023年1月31日[1]"),
        ("铜仁市2023年工作要点的通知是哪天印发的？", "2023年3月17日[1]"),
    ],
)
def test_the_signature_of_the_report_wherever_it_stands(unseen6, question, date):
    assert unseen6.ask(question).answer == date
