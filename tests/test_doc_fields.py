"""What an official document says of itself (qa/reading/doc_fields.py): addressee, copies, a page's source."""

from __future__ import annotations

import pytest

from qa.reading import doc_fields
from qa.text.normalization import normalize

RED_HEADER = normalize(
    "正定县人民政府文件\n正政报〔2024〕7号\n正定县人民政府关于2023年度\n法治政府建设情况的报告\n石家庄市人民政府：\n"
    "2023年，正定县人民政府坚持……，现将有关情况报告如下：\n一、坚持高位推动\n……\n正定县人民政府\n2024年2月26日\n"
    "抄送：县委办公室，县人大常委会办公室，县政协办公室。正定县人民政府办公室\n2024年2月26日印发\n"
)


@pytest.mark.parametrize(
    "question, field",
    [
        ("正定县政府关于2023年度法治政府建设情况的报告主送哪个机关？", "addressee"),
        ("这份报告是报送给哪个机关的？", "addressee"),
        ("报告抄送了哪些单位？", "copied"),
        ("网站上的这篇报告来源是哪个单位？", "source"),
        # a plan's duty to report ("报送市司法局") is not the document's addressee
        ("各单位什么时候前要把落实情况报送市司法局？", None),
        ("正定县2023年行政复议案件收案多少件？", None),
    ],
)
def test_the_field_asked(question, field):
    assert doc_fields.asked(normalize(question)) == field


def test_the_fields_are_the_documents_own_lines():
    addressee = doc_fields.find(RED_HEADER, "addressee")
    assert RED_HEADER[slice(*addressee)] == "石家庄市人民政府"
    copied = doc_fields.find(RED_HEADER, "copied")
    assert RED_HEADER[slice(*copied)] == normalize("县委办公室，县人大常委会办公室，县政协办公室")
    assert doc_fields.find(RED_HEADER, "source") is None  # a PDF says no 来源
    page = normalize(
        "延吉市人民政府关于2024年度法治政府建设情况的报告\n发布日期：2025-03-28 来源：延吉市司法局 字号：大 中 小\n"
    )
    assert page[slice(*doc_fields.find(page, "source"))] == "延吉市司法局"
    # a line ending in a colon deep in the text is no addressee ("主要做法如下：")
    assert doc_fields.find(normalize("报告\n" + "正文。" * 300 + "\n县司法局：\n"), "addressee") is None
