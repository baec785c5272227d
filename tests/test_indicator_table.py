"""A report's table of indicators, a target and a result side by side ("行政机关负责人出庭应诉率 ≥95% 100%"), made
here as a Word file from bundled report 003 with the table in an annex after its next-year plans: a result asked is
the result's column, a target asked the target's (qa/reading/spans.py), and the annex is no plan of the report."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

SEED = Path(__file__).resolve().parent.parent / "corpus" / "003_b42d8d81e0a81924.txt"
ROWS = [
    ("序号", "类别", "指标名称", "年度目标值", "实际完成值", "完成情况"),
    ("1", "行政复议", "行政复议综合纠错率", "≥20%", "28.42%", "完成"),
    ("2", "", "行政复议案件按期办结率", "100%", "100%", "完成"),
    ("3", "行政应诉", "行政机关负责人出庭应诉率", "≥95%", "100%", "完成"),
    ("4", "", "行政诉讼败诉率", "≤8%", "4.55%", "完成"),
    ("5", "执法监督", "行政执法案卷评查合格率", "≥90%", "87.5%", "未完成"),
]


@pytest.fixture(scope="module")
def indicators(tmp_path_factory):
    from qa.pipeline import Pipeline

    folder = tmp_path_factory.mktemp("indicators")
    report = docx.Document()
    for par in (p.strip() for p in SEED.read_text(encoding="utf-8").split("\n") if p.strip()):
        report.add_paragraph(par).runs[0].bold = bool(re.match(r"^[一二三四五六七八九十]+、", par) and len(par) < 40)
    report.add_paragraph("附件")
    report.add_paragraph("2023年法治政府建设主要指标完成情况表")
    table = report.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for i, row in enumerate(ROWS):
        for j, cell in enumerate(row):
            table.cell(i, j).text = cell
    report.save(folder / "怀化市2023年法治政府建设年度报告.docx")
    return Pipeline.open(folder, tmp_path_factory.mktemp("indicators-index"), show_progress=False)


@pytest.mark.parametrize(
    "question, answer",
    [
        ("怀化市2023年行政执法案卷评查合格率实际是多少？", "87.5%[1]"),
        ("2023年怀化市行政执法案卷评查合格率是多少？", "87.5%[1]"),  # a result, not the target beside it
        ("怀化市2023年行政执法案卷评查合格率的年度目标是多少？", "≥90%[1]"),  # the target, with its sign
        ("怀化市2023年行政诉讼败诉率实际完成值是多少？", "4.55%[1]"),
    ],
)
def test_a_result_or_a_target_from_its_column(indicators, question, answer):
    assert indicators.ask(question).answer == answer
