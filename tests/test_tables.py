"""Figures in a table row read by their column: the flattened tables of real report shapes (a page's table as
spaces, a .txt with bars, a Word table with tabs), and the reader's answer from such a row."""

from __future__ import annotations

import pytest

from qa.reading.tables import (
    Column,
    asked_column,
    column,
    column_header,
    fits,
    label_row_cell,
    task_cell,
    year_column_cell,
)
from qa.text.normalization import normalize

BARS = (
    "表1 2020年与2021年主要指标对比\n指标 | 2020年 | 2021年\n行政复议案件受理数（件） | 132 | 168\n"
    "行政复议调解和解率（%） | 18.6 | 25.8\n"
)
SPACES_REVERSED = "指标 2021年 2020年 变化情况\n收到行政复议申请（件） 3126 2208 同比增长41.6%\n"
TABS_NO_LABEL = "2021年度\t2022年度\t2023年度\n行政复议收案数（件）\t312\t355\t381\n"


# A page's or Word file's table, cells apart by tabs, each year's cell spanning two columns over a row of units.
MERGED = "项目\t2023年\t\t2024年\n\t数量\t同比\t数量\t同比\n行政复议收案数（件）\t312\t12.1%\t355\t13.8%\n"


def _at(text: str, figure: str, nth: int = 0) -> int:
    at = -1
    for _ in range(nth + 1):
        at = text.index(figure, at + 1)
    return at


@pytest.mark.parametrize(
    "text, figure, year, years",
    [
        (BARS, "168", 2021, (2020, 2021)),
        (BARS, "18.6", 2020, (2020, 2021)),
        (SPACES_REVERSED, "2208", 2020, (2021, 2020)),
        (SPACES_REVERSED, "41.6%", None, (2021, 2020)),
        (TABS_NO_LABEL, "355", 2022, (2021, 2022, 2023)),
    ],
)
def test_a_figure_in_a_row_has_its_columns_year(text, figure, year, years):
    assert column(normalize(text), _at(text, figure)) == Column(year, years)


def test_running_text_and_tables_without_years_have_no_column():
    prose = "全年办理行政复议案件132件，审结168件。\n"
    assert column(prose, _at(prose, "168")) is None
    plain = "单位 数量 占比\n律师事务所 12 30%\n"
    assert column(plain, _at(plain, "12")) is None
    # a header further up than running text does not reach the row
    cut = "指标 | 2020年 | 2021年\n全年共办理132件。\n受理数 | 132 | 168\n"
    assert column(cut, _at(cut, "168")) is None


def test_which_figure_of_a_row_answers():
    n = normalize(SPACES_REVERSED)
    # the year asked; the report's own year or the latest when none is asked; the change only when asked
    assert fits(n, _at(n, "2208"), 2020, 2021, False) and not fits(n, _at(n, "3126"), 2020, 2021, False)
    assert fits(n, _at(n, "3126"), None, 2021, False) and not fits(n, _at(n, "2208"), None, 2021, False)
    assert fits(n, _at(n, "3126"), None, None, False)  # the latest year
    assert not fits(n, _at(n, "41.6%"), None, 2021, False) and fits(n, _at(n, "41.6%"), None, 2021, True)
    assert not fits(n, _at(n, "3126"), 2019, 2021, False)  # a year the table does not have


def test_a_rows_bare_figures_count_in_the_unit_its_label_says():
    from qa.reading.spans import candidates, in_unit, row_unit

    row = normalize("收到行政复议申请（件） 3126 2208 同比增长41.6%")
    assert row_unit(row) == "件"
    spans = [row[a:b] for a, b in candidates("count", row)]
    assert "3126" in spans and "2208" in spans
    at = row.index("2208")
    assert in_unit(row, (at, at + 4), "件") and not in_unit(row, (at, at + 4), "天")
    # running text keeps its rule: a number without a unit is no count
    prose = normalize("全年收到行政复议申请3126（件），同比增长41.6%。")
    assert row_unit(prose) is None and "3126" not in [prose[a:b] for a, b in candidates("count", prose)]


# ------------------------------------------------------------------ a work plan's task table

TASKS = (
    "序号\t工作任务\t牵头单位\t配合单位\t完成时限\n"
    "一、加强党的领导\n"
    "1\t压实法治政府建设主体责任。制定对照检查清单。\t县政府办公室\t县直各部门、各乡镇\t2024年12月底前\n"
    "2\t加强法律法规学习培训。年内至少举办2次法治专题讲座。\t县司法局\t\t长期坚持\n"  # 配合单位 spans rows 1-2
    "二、优化营商环境\n"
    "3\t持续优化法治化营商环境。开展“法治体检”。\t县市场监管局\t\t2024年6月底前\n"  # nothing above in its part
)


@pytest.mark.parametrize(
    "task, column_name, cell",
    [
        ("压实法治政府建设主体责任", "lead", "县政府办公室"),
        ("压实法治政府建设主体责任", "deadline", "2024年12月底前"),
        ("加强法律法规学习培训", "lead", "县司法局"),
        ("加强法律法规学习培训", "partner", "县直各部门、各乡镇"),  # the cell above, spanning both rows
        ("加强法律法规学习培训", "deadline", "长期坚持"),
        ("持续优化法治化营商环境", "partner", None),  # a part's heading row: no cell spans over it
        ("持续优化法治化营商环境", "lead", "县市场监管局"),
    ],
)
def test_a_task_rows_cell_by_its_column(task, column_name, cell):
    found = task_cell(TASKS, TASKS.index(task), column_name)
    assert (TASKS[found[0] : found[1]] if found else None) == cell


def test_no_cell_outside_a_task_table():
    prose = "县司法局牵头，各乡镇配合，2024年底前完成。\n全年办理案件36件。"
    assert task_cell(prose, prose.index("36件"), "lead") is None
    # a table of figures is no task table: its header names no task and no office
    assert task_cell(TABS_NO_LABEL, TABS_NO_LABEL.index("312"), "lead") is None


@pytest.mark.parametrize(
    "question, kind, column_name",
    [
        ("加强法律法规学习培训由哪个单位牵头？", "which_unit", "lead"),
        ("示范创建活动的配合单位有哪些？", "descriptive", "partner"),
        ("权责清单要在什么时候前完成？", "date", "deadline"),
        ("行政机关负责人出庭应诉率是多少？", "ratio", None),  # 负责人 is no 负责单位
        ("加强学习培训是怎么做的？", "descriptive", None),
    ],
)
def test_the_column_a_question_asks(question, kind, column_name):
    assert asked_column(question, kind) == column_name


def _plan_page(source: str) -> str:
    """Bundled plan 004 as a 政府信息公开 page whose tasks stand in a table (序号|工作任务|牵头单位|配合单位|完成时限),
    its 配合单位 spanning two rows every fourth task, the item's own "(牵头单位:…)" note taken out."""
    import html
    import re

    lines = [line.strip() for line in source.splitlines() if line.strip()]
    start = lines.index("互助县2024年法治政府建设工作要点")
    rows = []
    for line in lines[start + 2 :]:
        m = re.match(r"^(\d+)\.(.*)", line)
        if not m:
            rows.append(f'<tr><td colspan="5"><strong>{html.escape(line)}</strong></td></tr>')
            continue
        n, task = int(m.group(1)), html.escape(re.sub(r"[(（]牵头单位.*$", "", m.group(2)))
        lead = "县司法局" if n % 3 else "县政府办公室"
        if n % 4 == 1:
            rows.append(
                f'<tr><td>{n}</td><td>{task}</td><td>{lead}</td><td rowspan="2">县直各部门、各乡镇</td>'
                "<td>2024年12月底前</td></tr>"
            )
        else:
            partner = "" if n % 4 == 2 else "<td>各乡镇</td>"
            rows.append(f"<tr><td>{n}</td><td>{task}</td><td>{lead}</td>{partner}<td>长期坚持</td></tr>")
    return (
        '<html><head><meta charset="utf-8"></head><body><div class="crumb">首页 &gt; 政府信息公开</div>'
        "<p>互政办〔2024〕18号</p><p>互助县2024年法治政府建设工作要点</p>"
        f"<p>{html.escape(lines[start + 1])}</p>"
        "<table><tbody><tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>"
        + "\n".join(rows)
        + "</tbody></table></body></html>"
    )


@pytest.fixture(scope="module")
def plan_table(tmp_path_factory, corpus_dir):
    from qa.pipeline import Pipeline

    folder = tmp_path_factory.mktemp("plan-table")
    page = _plan_page((corpus_dir / "004_6785f9f2da4cfcb2.txt").read_text(encoding="utf-8"))
    (folder / "plan.html").write_text(page, encoding="utf-8")
    return Pipeline.open(folder, tmp_path_factory.mktemp("plan-table-index"), show_progress=False)


def test_a_page_tables_cells_stand_in_their_columns(plan_table):
    text = plan_table.document("plan.html").text
    assert "序号\t工作任务\t牵头单位\t配合单位\t完成时限" in text
    # task 2's 配合单位 is task 1's, spanning both rows: an empty cell keeps 完成时限 in its column
    row = next(line for line in text.splitlines() if line.startswith("2\t"))
    assert row.split("\t")[2:] == ["县司法局", "", "长期坚持"]


@pytest.mark.parametrize(
    "question, answer",
    [
        ("互助县加强法律法规学习培训由哪个单位牵头？", "县司法局"),
        ("互助县压实法治政府建设主体责任的牵头单位是谁？", "县政府办公室"),
        ("互助县深入开展法治政府建设示范创建活动的配合单位有哪些？", "县直各部门、各乡镇"),
        ("互助县及时调整完善权责清单的完成时限是什么时候？", "2024年12月底前"),
    ],
)
def test_who_leads_a_task_and_by_when_from_its_row(plan_table, question, answer):
    a = plan_table.ask(question)
    assert a.answer == f"{answer}[1]"
    piece = a.pieces[0]
    assert plan_table.document("plan.html").text[piece.start : piece.end] == answer


@pytest.mark.parametrize("figure, year", [("312", 2023), ("12.1%", 2023), ("355", 2024), ("13.8%", 2024)])
def test_a_year_spanning_two_columns_heads_both(figure, year):
    assert column(MERGED, MERGED.index(figure)) == Column(year, (2023, 2024))


def test_a_task_said_in_the_plans_text_is_led_by_the_office_its_table_row_names(tmp_path_factory):
    # A plan says its tasks twice: in its text (no office) and in its table (序号|工作任务|牵头单位|配合单位|完成时限).
    # Retrieval finds the text first; the row names who leads.
    from qa.pipeline import Pipeline

    folder = tmp_path_factory.mktemp("plan-twice")
    text = "".join(
        f"<p>{line}</p>"
        for line in (
            "某某市2024年法治政府建设工作要点",
            "一、压紧压实法治建设责任",
            "1．落实第一责任人职责。三是深入开展党政主要负责人年终述法工作，2024年实现市直部门述法全覆盖，"
            "述法情况作为考核评价的重要依据。",
            "2．推进示范创建。力争创建1个省级法治政府建设示范项目。",
            "二、重点任务分工",
        )
    )
    table = (
        "<table><tr><td>序号</td><td>工作任务</td><td>牵头单位</td><td>配合单位</td><td>完成时限</td></tr>\n"
        "<tr><td>1</td><td>开展党政主要负责人年终述法，实现市直部门述法全覆盖</td><td>市委依法治市办</td>"
        "<td>市委组织部</td><td>2024年12月底前</td></tr>\n"
        "<tr><td>2</td><td>力争创建1个省级法治政府建设示范项目</td><td>市司法局</td><td>市人民法院</td>"
        "<td>2024年11月底前</td></tr></table>"
    )
    (folder / "plan.html").write_text(f'<html><head><meta charset="utf-8"></head><body>{text}{table}</body></html>')
    pipe = Pipeline.open(folder, tmp_path_factory.mktemp("plan-twice-index"), show_progress=False)
    assert pipe.ask("某某市开展党政主要负责人年终述法由哪个单位牵头？").answer == "市委依法治市办[1]"
    assert pipe.ask("某某市创建省级法治政府建设示范项目的配合单位是哪个？").answer == "市人民法院[1]"
    # a task the table does not hold is not given another row's office
    assert pipe.ask("某某市法治督察由哪个单位牵头？").answer != "市委依法治市办[1]"


def test_a_saved_pages_table_with_years_spanning_columns_is_read_by_column(tmp_path):
    from qa.ingest.loading import load

    page = (
        '<html><head><meta charset="utf-8"></head><body><table>\n<tr>\n <td>项目</td>\n <td colspan="2">2023年</td>\n'
        ' <td colspan="2">2024年</td>\n</tr>\n<tr>\n <td></td>\n <td>数量</td>\n <td>同比</td>\n <td>数量</td>\n'
        " <td>同比</td>\n</tr>\n<tr>\n <td>收到行政复议申请（件）</td>\n <td>312</td>\n <td>12.1%</td>\n <td>355</td>\n"
        " <td>13.8%</td>\n</tr>\n</table></body></html>"
    )
    (tmp_path / "t.html").write_text(page, encoding="utf-8")
    text = normalize(load(tmp_path / "t.html").text)
    assert text.splitlines()[0] == "项目\t2023年\t\t2024年"
    assert [column(text, text.index(f)).year for f in ("312", "12.1%", "355", "13.8%")] == [2023, 2023, 2024, 2024]


def test_a_rate_row_without_percent_signs_answers_by_its_column(tmp_path_factory):
    # A Word table of a report: the units in a row under the header, the rates' figures written without %.
    import docx

    from qa.pipeline import Pipeline

    folder = tmp_path_factory.mktemp("rate-row")
    d = docx.Document()
    d.add_paragraph("某某区2024年法治政府建设年度报告")
    d.add_paragraph("2024年，某某区深入推进法治政府建设，行政复议和行政应诉工作质效稳步提升，主要数据见下表。")
    d.add_paragraph("表1  某某区2023年、2024年行政复议和行政应诉主要数据")
    rows = [
        ("项目", "2023年", "2024年", "同比增减"),
        ("", "件/%", "件/%", "件/个百分点"),
        ("收到行政复议申请", "186", "214", "+28"),
        ("纠错率", "10.8", "12.2", "+1.4"),
        ("负责人出庭应诉率", "92.5", "97.9", "+5.4"),
    ]
    table = d.add_table(rows=len(rows), cols=4)
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            table.cell(i, j).text = cell
    d.add_paragraph("下一步，某某区将持续加强行政复议规范化建设。")
    d.save(folder / "report.docx")
    pipe = Pipeline.open(folder, tmp_path_factory.mktemp("rate-row-index"), show_progress=False)
    assert pipe.ask("某某区2024年行政复议纠错率是多少？").answer == "12.2[1]"
    assert pipe.ask("某某区2023年行政机关负责人出庭应诉率是多少？").answer == "92.5[1]"


def test_a_rate_rows_figure_is_quoted_with_its_percent_where_the_report_writes_it(unseen_deqing):
    # 德清's table "行政复议直接纠错率（%） | 11.2 | 14.5" and its text "直接纠错率为14.5%": the text's, with its %
    assert unseen_deqing.ask("德清县2021年行政复议直接纠错率是多少？").answer == "14.5%[1]"


@pytest.fixture(scope="module")
def unseen_deqing(tmp_path_factory):
    from pathlib import Path

    from qa.pipeline import Pipeline

    corpus = Path(__file__).resolve().parent.parent / "eval" / "unseen" / "corpus1"
    return Pipeline.open(corpus, tmp_path_factory.mktemp("unseen1-index"), show_progress=False)


def test_a_row_that_leaves_its_last_cells_empty_keeps_its_columns_years():
    # a PDF table read row by row: the 备注 cell of a row is empty, and its line ends before it
    text = normalize(
        "序号\t指标名称\t2022年\t2023年\t同比变化\t备注\n"
        "2\t行政复议审结数\t151件\t168件\t增长11.3%\t含上年结转\n"
        "11\t证明事项告知承诺制办件量\t3105件\t4312件\t增长38.9%\n"
    )
    assert column(text, text.index("3105件")).year == 2022
    assert column(text, text.index("4312件")).year == 2023
    assert column(text, text.index("151件")).year == 2022


_COUNTIES = normalize(
    "各县（市、区）办理情况见表1。\n表1 2023年各县（市、区）行政复议案件办理情况\n"
    "地区\t新收行政复议案件(件)\t审结(件)\t纠错率(%)\n丰县\t186\t179\t12.3\n沛县\t213\t205\t10.7\n"
    "合计\t399\t384\t11.5\n注：纠错率＝纠错件数÷审结件数。\n"
)


@pytest.mark.parametrize(
    "question, header, cell",
    [
        ("沛县2023年行政复议纠错率是多少", "纠错率", "10.7"),
        ("丰县新收行政复议案件多少件", "新收行政复议案件", "186"),
        ("丰县审结多少件", "审结", "179"),
        ("其他县的纠错率是多少", "纠错率", None),  # no row the question names
        ("丰县的调解和解率是多少", "调解和解率", None),  # no column it names
    ],
)
def test_a_figure_at_the_row_and_column_a_question_names(question, header, cell):
    names = lambda h: int(header in h)  # noqa: E731 (spans.header_names says which header cells the question names)
    found = label_row_cell(_COUNTIES, names, normalize(question))
    assert (None if found is None else _COUNTIES[slice(*found)]) == cell


def test_two_columns_named_alike_name_no_cell():
    names = lambda h: int("(件)" in h)  # noqa: E731 (a unit said: both count columns)
    assert label_row_cell(_COUNTIES, names, "丰县有多少件") is None


def test_the_header_over_a_rows_cell():
    text = normalize("序号\t指标\t目标值\t完成值\n10\t平均审理天数\t≤45天\t38.6天\n全年审结案件230件。\n")
    assert column_header(text, text.index("≤45天")) == "目标值"
    assert column_header(text, text.index("38.6天")) == "完成值"
    assert column_header(text, text.index("230件")) is None  # running text


_KINDS_BY_YEAR = normalize(
    "2024年行政复议案件办理情况\n单位：件\n项目\t2024年\t2023年\t增减\n新收案件\t612\t538\t增长13.8%\n"
    "审结案件\t587\t521\t增长12.7%\n其中：维持\t246\t234\t增长5.1%\n撤销\t21\t26\t下降19.2%\n调解和解\t171\t128\t增长33.6%\n"
    "纠错率\t7.5%\t8.6%\t下降1.1个百分点\n注：纠错率＝（撤销＋确认违法＋责令履行）÷审结案件数。\n"
)


@pytest.mark.parametrize(
    "question, year, share, change, cell",
    [
        ("柯桥区2024年行政复议决定撤销的案件有多少件", 2024, False, False, "21"),
        ("2023年有多少件是以调解和解了结的", 2023, False, False, "128"),
        ("2023年新收行政复议案件是多少件", 2023, False, False, "538"),  # 新收案件 said with words between
        ("2024年维持了多少件", 2024, False, False, "246"),  # the row's 其中 left out
        ("2023年行政复议纠错率是多少", 2023, True, False, "8.6%"),
        ("2024年审结的行政复议案件比上年增长了多少", 2024, False, True, "增长12.7%"),  # the column of changes
        ("2024年认定违法但没有撤销的有几件", 2024, False, False, None),  # 撤销 said negated
        ("2022年撤销了多少件", 2022, False, False, None),  # no column of that year
        ("2024年撤销率是多少", 2024, True, False, None),  # a share asked, the row counts
    ],
)
def test_a_kinds_figure_in_the_column_of_its_year(question, year, share, change, cell):
    found = year_column_cell(_KINDS_BY_YEAR, normalize(question), year, share, lambda caption: True, change)
    assert (None if found is None else _KINDS_BY_YEAR[slice(*found)]) == cell


def test_a_table_whose_caption_speaks_of_something_else_answers_nothing():
    # the caller says a caption of 行政复议 does not answer a 行政诉讼 question (qualifiers.contradicts)
    fits = lambda caption: "行政复议" not in caption  # noqa: E731
    assert year_column_cell(_KINDS_BY_YEAR, "2024年撤销了多少件", 2024, False, fits) is None


def test_a_bare_cell_is_quoted_as_the_text_writes_it_with_its_unit():
    from qa.reading.spans import row_unit
    from qa.reading.tables import said_with_unit

    rows = "新收行政复议申请（件）\t5136\t3742\n收到5136件申请。\n"
    text = normalize("全年新收行政复议案件612件。\n" + _KINDS_BY_YEAR + rows)
    cell = text.index("612\t538")
    assert text[slice(*said_with_unit(text, cell, cell + 3, row_unit))] == "612件"  # "单位：件" over the table
    row = text.index("5136\t")
    assert text[slice(*said_with_unit(text, row, row + 4, row_unit))] == "5136件"  # the row's label says 件
    later = text.index("538")
    assert said_with_unit(text, later, later + 3, row_unit) is None  # the text never writes 538件


def test_a_rate_rows_bare_share_is_quoted_with_its_percent():
    from qa.reading.spans import row_unit
    from qa.reading.tables import said_with_unit

    rate = normalize("全年出庭应诉率97.9%。\n项目\t2024年\t2023年\n出庭应诉率\t97.9\t95.2\n")
    cell = rate.index("97.9\t")
    assert rate[slice(*said_with_unit(rate, cell, cell + 4, row_unit, share=True))] == "97.9%"
    later = rate.index("95.2")
    assert said_with_unit(rate, later, later + 4, row_unit, share=True) is None  # the text never writes 95.2%


def test_a_bare_cell_without_a_unit_said_is_quoted_in_the_unit_asked():
    from qa.reading.spans import row_unit
    from qa.reading.tables import said_with_unit

    # the units in a row of their own under the header ("件/%"): the question's 件 finds the text's "214件"
    text = normalize("共收到行政复议申请214件。\n项目\t2023年\t2024年\n\t件/%\t件/%\n收到行政复议申请\t186\t214\n")
    cell = text.index("214\n")
    assert said_with_unit(text, cell, cell + 3, row_unit) is None
    assert text[slice(*said_with_unit(text, cell, cell + 3, row_unit, asked_unit="件"))] == "214件"


@pytest.mark.parametrize(
    "question, header, cell",
    [
        # the rows as a whole, named by the first header cell ("地区" here), are the total row
        ("各地区新收行政复议案件合计多少件", "新收行政复议案件", "399"),
        ("全市各地区总体纠错率是多少", "纠错率", "11.5"),
        # a row the question names still comes first; the rows not named as a whole, nor the total said: no total
        ("丰县等地区审结多少件", "审结", "179"),
        ("新收行政复议案件多少件", "新收行政复议案件", None),
        # the total row's own word said ("决定维持的合计多少件"): that row
        ("新收行政复议案件合计多少件", "新收行政复议案件", "399"),
    ],
)
def test_the_total_row_answers_the_rows_asked_as_a_whole(question, header, cell):
    names = lambda h: int(header in h)  # noqa: E731
    found = label_row_cell(_COUNTIES, names, normalize(question))
    assert (None if found is None else _COUNTIES[slice(*found)]) == cell
