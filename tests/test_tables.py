"""Figures in a table row read by their column: the flattened tables of real report shapes (a page's table as
spaces, a .txt with bars, a Word table with tabs), and the reader's answer from such a row."""

from __future__ import annotations

import pytest

from qa.reading.tables import Column, column, fits
from qa.text.normalization import normalize

BARS = (
    "表1 2020年与2021年主要指标对比\n指标 | 2020年 | 2021年\n行政复议案件受理数（件） | 132 | 168\n"
    "行政复议调解和解率（%） | 18.6 | 25.8\n"
)
SPACES_REVERSED = "指标 2021年 2020年 变化情况\n收到行政复议申请（件） 3126 2208 同比增长41.6%\n"
TABS_NO_LABEL = "2021年度\t2022年度\t2023年度\n行政复议收案数（件）\t312\t355\t381\n"


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
