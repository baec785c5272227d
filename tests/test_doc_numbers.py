"""Document numbers the reports cite: the number after the 《title》 the question names (qa/reading/doc_numbers.py)."""

import pytest

from qa.reading.doc_numbers import asks, cited
from qa.text.normalization import normalize

# Sentences of the bundled 瀍河 and 互助 reports, as they stand.
TWO_CITED = (
    "2016年9月,区委区政府下发《全区党政机关重大决策终身责任追究和责任倒查制度(试行)》瀍办〔2016〕35号,确立了重大决策"
    "责任进行终身追究的制度,2017年印发《政府系统法治建设第一责任人职责清单》瀍政办〔2017〕28号,进一步明确了法治政府建设"
    "政府系统的责任分工"
)
IN_PARENTHESES = (
    "继续推进和落实《关于全面落实行政执法责任制的通知》(瀍依法行政领办〔2016〕3号),"
    "《洛阳市服务型执法示范点培育办法》(瀍法组〔2018〕12号)"
)
HEAD_LINE = "互政办〔2024〕18号:互助土族自治县人民政府办公室关于印发互助县2024年法治政府建设工作要点的通知"


def _numbers(sentence: str) -> list[tuple[str, str]]:
    norm = normalize(sentence)
    return [(title, norm[s:e]) for title, s, e in cited(norm)]


def test_each_number_goes_with_the_title_before_it():
    assert _numbers(TWO_CITED) == [
        ("全区党政机关重大决策终身责任追究和责任倒查制度(试行)", "瀍办〔2016〕35号"),
        ("政府系统法治建设第一责任人职责清单", "瀍政办〔2017〕28号"),
    ]
    assert [n for _, n in _numbers(IN_PARENTHESES)] == ["瀍依法行政领办〔2016〕3号", "瀍法组〔2018〕12号"]


def test_a_head_line_number_goes_with_the_rest_of_the_line():
    ((title, number),) = _numbers(HEAD_LINE)
    assert number == "互政办〔2024〕18号" and "工作要点" in title


def test_a_number_without_a_title_names_nothing():
    assert _numbers("印发了秭政发〔2022〕5号文件,将执法权下放") == []


def test_what_asks_for_a_number():
    assert asks("那份文件的文号是多少") and asks("发文字号是什么")
    assert not asks("印发了多少份文件")


@pytest.mark.parametrize(
    "question, number",
    [
        ("瀍河回族区《政府系统法治建设第一责任人职责清单》的文号是多少?", "瀍政办〔2017〕28号"),
        ("瀍河区那份责任倒查的制度文件，文号是多少？", "瀍办〔2016〕35号"),
        ("瀍河回族区的服务型执法示范点培育办法文号是什么?", "瀍法组〔2018〕12号"),
        ("印发《互助县2024年法治政府建设工作要点》的通知文号是什么?", "互政办〔2024〕18号"),
    ],
)
def test_the_cited_number_is_the_answer(pipeline, question, number):
    a = pipeline.ask(question)
    assert a.answer == f"{number}[1]" and a.answer_type == "span"
    chunk, piece = a.citations[0].chunk, a.pieces[0]
    assert pipeline.document(chunk.doc_id).text[piece.start : piece.end] == number


def test_a_number_of_another_kind_of_document_is_no_answer(pipeline):
    # 瀍河's report cites numbers of 通知, 办法 and 制度, none of a 报告; 元氏's cites no number for its 暂行办法
    assert pipeline.ask("瀍河回族区2018年度法治政府建设报告的发文字号是什么?").answer is None
    assert pipeline.ask("元氏县重大行政决策程序暂行办法的文号是多少？").answer is None


def test_a_number_on_the_line_under_its_title(tmp_path):
    # a 通知's head: the 《title》 line, then the number alone on the next line
    from qa.pipeline import Pipeline

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tz.txt").write_text(
        "天津市滨海新区人民政府办公室关于印发《滨海新区2025年法治政府建设工作要点》的通知\n津滨政办发〔2025〕8号\n"
        "各街道办事处、各管委会：\n《滨海新区2025年法治政府建设工作要点》已经区人民政府同意，现印发给你们。\n"
        "一、全面推进行政复议体制改革\n1.全年组织听证不少于15次。\n",
        encoding="utf-8",
    )
    p = Pipeline.open(corpus, tmp_path / "index", mode="bm25", show_progress=False)
    answer = p.ask("滨海新区印发《滨海新区2025年法治政府建设工作要点》的通知，发文字号是什么？")
    assert answer.answer == "津滨政办发〔2025〕8号[1]"
