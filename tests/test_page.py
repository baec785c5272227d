"""The page's own date and source of a report (qa/reading/page.py), on the bundled reports' real page lines."""

from __future__ import annotations

import pytest

from qa.retrieval.question import asks_page_fact


@pytest.mark.parametrize(
    "question, kind, fact",
    [
        ("瀍河回族区2018年度法治政府建设报告是哪天发布的?", "date", "published"),
        ("这份报告在网上公布是几号?", "date", "published"),
        ("互助县2024年法治政府建设工作要点的发布日期是哪天?", "date", "published"),
        ("瀍河回族区2018年度报告在网站上是哪天发布的?", "date", "published"),  # the words in another order
        ("梅河口市的报告是哪天挂到网上的?", "date", "published"),
        ("报告里提到的规定是哪天发布的?", "date", None),
        ("怀化市2023年度法治政府建设报告的信息来源是哪个单位?", "which_unit", "source"),
        ("互助县工作要点是哪个单位发布的?", "which_unit", "source"),
        ("互助县2024年法治政府建设工作要点是哪天印发的?", "date", None),  # the signature's date
        ("报告中提到的意见是哪天公布的?", "date", None),  # another document's date
        ("《优化营商环境条例》是哪天公布的?", "date", None),
        ("元氏县报告里应急演练的经费来源是什么?", "fact", None),  # what the report says, not the page
        ("互助县2024年法治政府建设工作要点的文号是多少?", "count", "number"),
        ("这份通知的发文字号是什么?", "fact", "number"),
        ("《关于建立全区法律顾问制度的意见》的文号是多少?", "count", None),  # a document the report cites
    ],
)
def test_which_questions_ask_for_the_page(question, kind, fact):
    assert asks_page_fact(question, kind) == fact


def _cited_slice(a):
    c = a.citations[0].chunk
    p = a.pieces[0]
    return c.text[p.start - c.start : p.end - c.start]


@pytest.mark.parametrize(
    "question, value, line",
    [
        ("瀍河回族区2018年度法治政府建设报告是哪天发布的?", "2019-01-21", "日期:2019-01-21浏览次数:5911"),
        ("梅河口市2019年法治政府建设情况报告是什么时候发布的?", "2020-03-13", "2020-03-13 14:57:00来源:"),
        ("梅河口市2019年度法治政府建设报告是哪天放到网上的?", "2020-03-13", "2020-03-13 14:57:00来源:"),
        ("怀化市2023年度法治政府建设报告的信息来源是哪个单位?", "怀化市司法局", "信息来源:怀化市司法局"),
        ("互助县2024年法治政府建设工作要点是哪个单位发布的?", "互助县人民政府办公室", "发布机构:互助县人民政府办公室"),
        # the report's own document number, first on the line of the 通知 that issues it
        (
            "互助县2024年法治政府建设工作要点是用什么文号发下去的?",
            "互政办〔2024〕18号",
            "互政办〔2024〕18号:互助土族自治县",
        ),
    ],
)
def test_the_page_line_answers_and_is_cited(pipeline, question, value, line):
    a = pipeline.ask(question)
    assert a.answer == f"{value}[1]" and _cited_slice(a) == value
    chunk = a.citations[0].chunk
    assert line in chunk.text and chunk.section == ("页面信息",)
    doc = pipeline.document(chunk.doc_id)
    assert doc.text[chunk.start : chunk.end] == chunk.text  # a line of the document as it is


def test_a_page_without_the_field_is_not_answered_from_it(pipeline):
    # 瀍河's page gives a date and a view count, no source; 元氏's text has no page line at all
    a = pipeline.ask("瀍河回族区2018年度法治政府建设报告的信息来源是哪个单位?")
    assert all(c.chunk.section != ("页面信息",) for c in a.citations)
    a = pipeline.ask("元氏县2021年度法治政府建设情况报告是哪天发布的?")
    assert all(c.chunk.section != ("页面信息",) for c in a.citations)


def test_a_report_without_a_number_in_its_head_has_none(pipeline):
    # 元氏's report states no number of its own; 瀍河's names other documents' numbers inside its sentences
    assert pipeline.ask("元氏县2021年度法治政府建设情况报告的文号是多少?").answer is None
    assert pipeline.ask("瀍河回族区2018年度法治政府建设报告的发文字号是什么?").answer is None


def test_the_signature_date_is_still_the_date_line_under_the_issuer(pipeline):
    a = pipeline.ask("互助县2024年法治政府建设工作要点是哪天印发的?")
    assert a.answer == "2024年4月22日[1]"
