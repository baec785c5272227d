"""The text of an Excel workbook (.xlsx): a work plan's task list posted as a spreadsheet (任务分工表).

Each visible sheet is read row by row with openpyxl. A cell merged down its column (the same 牵头单位 for several
tasks) stands in each row it covers, as a Word table's merged cells do; a cell merged across the columns (a part's
title, the sheet's title) is one cell. A sheet whose header row names a task table's columns is read as Word and PDF
task tables are (qa/ingest/task_tables.py): each task one line with its duties inside its last sentence; any other
sheet, a row a line of its cells joined by tabs. Line breaks inside a cell (Alt+Enter) are spaces.
"""

from __future__ import annotations

import datetime as dt
import io

from qa.ingest import task_tables

_HEADER_ROWS = 6  # a task table's header is among a sheet's first rows, under its title and a note


class SheetError(ValueError):
    """The file is no workbook this reader can read (the reason, in English, for the message)."""


def _value(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        if "%" in (cell.number_format or ""):
            return f"{value * 100:g}%"
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{value.year}年{value.month}月{value.day}日"
    return " ".join(part.strip() for part in str(value).splitlines() if part.strip())


def _grid(sheet) -> list[list[str]]:
    rows = [[_value(cell) for cell in row] for row in sheet.iter_rows()]
    for merged in sheet.merged_cells.ranges:
        if merged.min_col != merged.max_col:
            continue  # merged across: the first cell holds it, the others stay empty (a category row)
        col = merged.min_col - 1
        top = rows[merged.min_row - 1][col] if merged.min_row - 1 < len(rows) else ""
        for r in range(merged.min_row, min(merged.max_row, len(rows))):
            if col < len(rows[r]) and not rows[r][col]:
                rows[r][col] = top
    return rows


def _sheet_lines(rows: list[list[str]]) -> list[str]:
    for at in range(min(_HEADER_ROWS, len(rows))):
        lines = task_tables.grid_lines(rows, at)
        if lines is not None:
            return lines
    return [line for row in rows if (line := "\t".join(row).rstrip("\t").strip())]


def text_of(data: bytes) -> str:
    """The workbook's visible sheets as text, one after the other."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as e:  # openpyxl and zipfile raise assorted errors on damaged files
        raise SheetError(type(e).__name__)
    lines: list[str] = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        lines.extend(_sheet_lines(_grid(sheet)))
    return "\n".join(lines)
