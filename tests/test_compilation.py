"""A gazette issue posted as one page: only the rule-of-law report among its documents is read
(qa/ingest/compilation.py)."""

from __future__ import annotations

from html import escape

import pytest

from qa.ingest.compilation import report_part
from qa.text.normalization import normalize

YUANSHI = "000_526b283554a85fd0.txt"
# Two other documents of the issue, each headed by issuer, title and number, with figures of their own.
_WATER = [
    "元氏县人民政府办公室",
    "关于印发元氏县城乡供水保障实施方案的通知",
    "元政办发〔2022〕9号",
    "各乡镇人民政府，县政府有关部门：",
    "全县安排供水管网改造专项资金3200万元，农村自来水普及率达到98%以上。",
    "元氏县人民政府办公室",
    "2022年2月10日",
]
_FIRE = [
    "元氏县人民政府",
    "关于做好2022年春季森林防火工作的通知",
    "元政函〔2022〕4号",
    "各乡镇人民政府：",
    "县财政安排森林防火专项经费860万元，组建专业扑火队伍12支。",
]


def _gazette(report_lines: list[str]) -> str:
    """An issue of 元氏县's gazette as its site posts it: contents, then the documents, "返回目录" after each."""
    contents = [
        "元氏县人民政府公报",
        "2022年第2期",
        "目  录",
        _WATER[1],
        "元氏县人民政府关于2021年度法治政府建设情况报告",
        _FIRE[1],
    ]
    head = ["元氏县人民政府", "关于2021年度法治政府建设情况的报告", "元政报〔2022〕3号"]
    documents = [_WATER, head + report_lines[2:] + ["(此件公开发布)"], _FIRE]
    lines = contents + [line for doc in documents for line in doc + ["返回目录"]]
    return (
        "<html><body>"
        + "".join(f"<p>{escape(line)}</p>" for line in lines)
        + "<p>版权所有：元氏县人民政府</p></body></html>"
    )


@pytest.fixture(scope="module")
def gazette(tmp_path_factory, corpus_dir):
    from qa.pipeline import Pipeline

    folder = tmp_path_factory.mktemp("gazette")
    report = [line for line in (corpus_dir / YUANSHI).read_text(encoding="utf-8").splitlines() if line.strip()]
    (folder / "ysgb202202.html").write_text(_gazette(report), encoding="utf-8")
    return Pipeline.open(folder, tmp_path_factory.mktemp("gazette-index"), mode="bm25", show_progress=False), report


def test_only_the_reports_lines_are_chunked(gazette):
    pipeline, report = gazette
    doc = pipeline.document("ysgb202202.html")
    assert doc.meta.title == "元氏县人民政府关于2021年度法治政府建设情况的报告" and doc.meta.year == 2021
    assert any("a compilation of 3 numbered documents" in w for w in doc.warnings)
    chunked = "".join(c.text for c in pipeline.chunks())
    assert "3200万元" not in chunked and "860万元" not in chunked and "返回目录" not in chunked
    assert all(normalize(line)[:20] in chunked for line in report[2:] if len(line) > 40)


def test_a_figure_of_another_document_of_the_issue_answers_nothing(gazette):
    pipeline, _ = gazette
    assert pipeline.ask("元氏县2021年安排了多少万元专项经费？").answer is None
    assert pipeline.ask("元氏县农村自来水普及率要达到多少？").answer is None
    assert pipeline.ask("元氏县组建了多少支专业扑火队伍？").answer is None
    assert "36件" in (pipeline.ask("元氏县2021年办理行政复议案件多少件？").answer or "")


def test_a_report_with_its_own_number_and_a_single_page_are_unchanged():
    one = normalize(
        "元氏县人民政府\n关于2021年度法治政府建设情况的报告\n元政报〔2022〕3号\n全年办理行政复议案件36件。\n"
    )
    body = [(0, len(one.split("\n")[0]))]
    assert report_part(one, body) == (body, 0)
    # two numbered documents, neither a report: nothing to choose
    two = normalize("\n".join(_WATER + _FIRE))
    spans = [(0, len(two))]
    assert report_part(two, spans) == (spans, 0)
