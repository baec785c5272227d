"""A figure's year from what stands around it when its sentence says none (qa/reading/dating.py, tables.py): the
paragraph that opens its section with a year, and a table whose rows are years; on the read unseen6 reports, a work
plan's look back ("（二）工作基础" opening with "2022年，…") and an annual report's table of two years by row."""

from __future__ import annotations

import pytest

from qa.reading import tables
from qa.reading.dating import section_year, year_of

_PLAN = (
    "（二）工作基础\n"
    "2022年，全市各级各部门深入贯彻落实《法治政府建设实施纲要（2021—2025年）》，取得明显成效。\n"
    "行政复议方面，全市共收到行政复议申请1126件，纠错率为20.3%。\n"
    "行政应诉方面，行政机关负责人出庭应诉率为96.8%。\n"
    "二、重点任务\n"
    "推动行政机关负责人出庭应诉率达到100%。\n"
)


@pytest.mark.parametrize(
    "text, figure, year",
    [
        # the paragraphs after a section's opening year follow it, the heading line not in the way
        (_PLAN, "20.3%", 2022),
        (_PLAN, "96.8%", 2022),
        # a heading ends the section: the plan's tasks are of no recalled year
        (_PLAN, "100%", None),
        # a year inside the earlier paragraph's sentence leaves the time unclear
        ("全市在2021年基础上持续深化改革。\n行政复议方面，纠错率为20.3%。\n", "20.3%", None),
        # a paragraph under its own heading opens its section: nothing above it dates it
        ("2022年，全市取得明显成效。\n（三）行政复议\n全年纠错率为20.3%。\n", "20.3%", None),
    ],
)
def test_a_section_opening_year_dates_the_paragraphs_after_it(text, figure, year):
    assert year_of(text, text.index(figure)) == year


def test_the_first_paragraph_of_a_section_has_no_section_year():
    assert section_year(_PLAN, 0) is None  # the heading and its paragraph begin the document


_BY_ROW = (
    "表1　2023—2024年主要数据\n"
    "年度\t新收行政复议申请（件）\t纠错率\t负责人出庭应诉率\t败诉率\n"
    "2023\t301\t9.8%\t98.7%\t8.3%\n"
    "2024\t486\t12.5%\t100%\t5.1%\n"
    "全年行政机关负责人出庭应诉率达到100%。\n"
)


@pytest.mark.parametrize(
    "label, year, cell",
    [
        ("出庭应诉率", 2023, "98.7%"),
        ("出庭应诉率", 2024, "100%"),
        ("纠错率", 2023, "9.8%"),
        ("新收行政复议申请", 2024, "486"),
        ("出庭应诉率", 2022, None),  # no row of that year
        ("调解和解率", 2023, None),  # no column of that rate
    ],
)
def test_a_cell_of_a_table_whose_rows_are_years(label, year, cell):
    found = tables.year_row_cell(_BY_ROW, lambda c: label in c, year)
    assert (_BY_ROW[slice(*found)] if found else None) == cell


def test_a_row_headed_by_its_year_dates_its_figures():
    assert year_of(_BY_ROW, _BY_ROW.index("98.7%")) == 2023
    assert year_of(_BY_ROW, _BY_ROW.index("5.1%")) == 2024
    assert tables.row_year(_BY_ROW, _BY_ROW.index("达到100%") + 2) is None  # running text


@pytest.mark.parametrize(
    "question, answer",
    [
        # the 2023 plan's "（二）工作基础" opens with "2022年，…" and its next paragraphs give that year's figures
        ("2022年铜仁市行政复议纠错率是多少？", "20.3%[1]"),
        ("2022年铜仁市行政机关负责人出庭应诉率是多少？", "96.8%[1]"),
        ("铜仁市2022年靠调解、和解了结的行政复议纠纷有多少件？", "264件[1]"),
        # the 2024 report gives 2023's figure only in its table of two years, one row a year
        ("莱西市2023年负责人出庭应诉率是多少？", "98.7%[1]"),
        ("莱西市2023年纠错率是多少？", "9.8%[1]"),
        ("莱西市2024年负责人出庭应诉率是多少？", "100%[1]"),
        ("莱西市2022年负责人出庭应诉率是多少？", None),  # neither its text nor its table has 2022
        # "评出优秀案卷412卷" says the review's outcome
        ("莱西市2024年抽查的执法卷宗里评为优秀的占比多少？", "89.6%[1]"),
    ],
)
def test_figures_of_a_year_the_report_looks_back_on(unseen6, question, answer):
    assert unseen6.ask(question).answer == answer


@pytest.fixture(scope="module")
def summary_and_plan(tmp_path_factory):
    """Bundled report 003 (怀化市 2023) published, as many places do, as "2023年…工作总结和2024年工作打算": its
    "三、下一步打算" headed "三、2024年工作打算", its first paragraph the next year's targets."""
    from pathlib import Path

    from qa.pipeline import Pipeline

    seed = Path(__file__).resolve().parent.parent / "corpus" / "003_b42d8d81e0a81924.txt"
    text = seed.read_text(encoding="utf-8")
    title = "怀化市2023年法治政府建设工作总结和2024年工作打算"
    text = text.replace("关于怀化市2023年度法治政府建设情况的报告", title, 1)
    plan = "三、2024年工作打算\n\n2024年，力争行政诉讼败诉率控制在5%以内，行政复议纠错率达到15%以上。"
    assert "三、下一步打算" in text
    folder = tmp_path_factory.mktemp("summary-plan")
    (folder / "怀化市2023年法治政府建设工作总结和2024年工作打算.txt").write_text(
        text.replace("三、下一步打算", plan, 1), encoding="utf-8"
    )
    return Pipeline.open(folder, tmp_path_factory.mktemp("summary-plan-index"), show_progress=False)


def test_a_summary_with_next_years_plan_answers_for_both_years(summary_and_plan):
    pipe = summary_and_plan
    assert pipe.ask("怀化市2024年行政诉讼败诉率的目标是多少？").answer == "5%以内[1]"
    # how the next year is planned: a sentence under the heading that names it, not the year's own work
    planned = pipe.ask("怀化市2024年准备怎么推进行政执法？")
    assert planned.answer is not None and all("2024年" in c.chunk.section[0] for c in planned.citations)
    done = pipe.ask("怀化市2023年是怎么推进行政执法的？")
    assert done.answer is not None and all("2024年" not in " ".join(c.chunk.section) for c in done.citations)
