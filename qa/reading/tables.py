"""Figures of a table row, read by their column.

A table taken out of a page, a Word file or a PDF stands in the text one row per line, its cells apart by
bars, tabs or spaces: "行政复议案件受理数（件） | 132 | 168" under "指标 | 2020年 | 2021年". A row says its figures
side by side and only the header row above says which year each is for (in either order: "指标 2021年 2020年
变化情况"). Read as a sentence, the row's first figure would answer whatever year is asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CELL = re.compile(r"[^\s|｜]+")
_YEAR_CELL = re.compile(r"^((?:19|20)\d{2})\s*年?度?(?:底|末|年底|年末)?(?:数据|数值|情况)?$")
_FIGURE = re.compile(r"\d")
MAX_ROWS_UP = 30  # a header stands within this many lines above a row
MIN_YEARS = 2  # a header names at least this many years


@dataclass(frozen=True)
class Column:
    """Where a figure stands in a table: the year its column is headed by (None: a column of no year, such as
    同比变化), and the years of the table's columns."""

    year: int | None
    years: tuple[int, ...]


def _cells(line: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CELL.finditer(line)]


def _header_years(line: str) -> list[int | None] | None:
    """Each cell's year, when the line is a header row naming years; else None."""
    if "。" in line:
        return None
    years = [(int(m.group(1)) if (m := _YEAR_CELL.match(line[a:b])) else None) for a, b in _cells(line)]
    return years if sum(y is not None for y in years) >= MIN_YEARS else None


def column(doc_norm: str, at: int) -> Column | None:
    """The column of the figure at document offset ``at``, when its line is a table row under a header of years;
    None for a figure in running text, or in a table whose header names no years or does not line up."""
    start = doc_norm.rfind("\n", 0, at) + 1
    end = doc_norm.find("\n", at)
    end = len(doc_norm) if end < 0 else end
    row = doc_norm[start:end]
    cells = _cells(row)
    if "。" in row or len(cells) < 3 or sum(bool(_FIGURE.search(row[a:b])) for a, b in cells) < 2:
        return None
    here = next((i for i, (a, b) in enumerate(cells) if a <= at - start < b), None)
    if here is None:
        return None
    above = start - 1
    for _ in range(MAX_ROWS_UP):
        if above <= 0:
            return None
        line_start = doc_norm.rfind("\n", 0, above) + 1
        line = doc_norm[line_start:above]
        above = line_start - 1
        if "。" in line:
            return None  # running text: the table (if any) has no header of years
        years = _header_years(line)
        if years is None:
            continue
        if len(years) == len(cells) - 1:
            years = [None, *years]  # the header leaves the label column unnamed
        if len(years) != len(cells):
            return None
        return Column(years[here], tuple(y for y in years if y is not None))
    return None


def fits(doc_norm: str, at: int, asked: int | None, own_year: int | None, change_asked: bool) -> bool:
    """Whether the figure at ``at`` can answer: anything in running text; in a table, a figure of the asked year's
    column (of the report's own year, or the latest, when the question names none), or of a column of no year (a
    change: "同比增长41.6%") when a change is asked."""
    col = column(doc_norm, at)
    if col is None:
        return True
    if col.year is None:
        return change_asked
    if asked is not None:
        return col.year == asked
    return col.year == (own_year if own_year in col.years else max(col.years))
