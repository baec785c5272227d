"""The text of an Excel workbook (.xlsx, or the old .xls): a work plan's task list posted as a spreadsheet (任务分工表).

Each visible sheet is read row by row, with openpyxl (.xlsx) or xlrd (Excel 97–2003's binary .xls, which many sites
still post). A cell merged down its column (the same 牵头单位 for several
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


def _number(value: float, number_format: str) -> str:
    """A number as the sheet shows it: a percentage format as a percentage, a whole number (1.0, as .xls stores every
    number) without its decimal point, 1234567 in full."""
    if "%" in number_format:
        value = value * 100
    text = str(int(value)) if float(value).is_integer() else f"{value:.10g}"
    return text + ("%" if "%" in number_format else "")


def _date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _text(value: str) -> str:
    return " ".join(part.strip() for part in value.splitlines() if part.strip())


def _value(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return _number(value, cell.number_format or "")
    if isinstance(value, (dt.datetime, dt.date)):
        return _date(value)
    return _text(str(value))


def _merged_down(rows: list[list[str]], merged: list[tuple[int, int, int, int]]) -> list[list[str]]:
    """A cell merged down its column stands in each row it covers; ``merged`` as (first row, last row, first column,
    last column), counted from 0 and inclusive. A cell merged across (a category row) is left in its first column."""
    for top, bottom, left, right in merged:
        if left != right or top >= len(rows):
            continue
        for r in range(top + 1, min(bottom + 1, len(rows))):
            if left < len(rows[r]) and not rows[r][left]:
                rows[r][left] = rows[top][left] if left < len(rows[top]) else ""
    return rows


def _grid(sheet) -> list[list[str]]:
    rows = [[_value(cell) for cell in row] for row in sheet.iter_rows()]
    ranges = [(m.min_row - 1, m.max_row - 1, m.min_col - 1, m.max_col - 1) for m in sheet.merged_cells.ranges]
    return _merged_down(rows, ranges)


def _sheet_lines(rows: list[list[str]]) -> list[str]:
    for at in range(min(_HEADER_ROWS, len(rows))):
        lines = task_tables.grid_lines(rows, at)
        if lines is not None:
            return lines
    return [line for row in rows if (line := "\t".join(row).rstrip("\t").strip())]


def _xls_value(book, sheet, r: int, c: int) -> str:
    import xlrd

    cell = sheet.cell(r, c)
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return _text(cell.value)
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        number_format = ""
        if book.formatting_info:
            xf = book.xf_list[cell.xf_index]
            number_format = getattr(book.format_map.get(xf.format_key), "format_str", "")
        return _number(cell.value, number_format)
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return _date(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return _number(cell.value, "")
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return str(bool(cell.value))
    return ""  # empty, blank or an error value (#N/A)


def xls_text_of(data: bytes) -> str:
    """An Excel 97–2003 workbook's visible sheets as text (xlrd); merged cells as in an .xlsx."""
    import xlrd

    try:
        try:  # formatting_info gives merged cells and number formats; some writers' files only read without it
            book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
        except (NotImplementedError, xlrd.XLRDError, AssertionError, KeyError, IndexError):
            book = xlrd.open_workbook(file_contents=data, on_demand=True)
        lines: list[str] = []
        for i in range(book.nsheets):
            sheet = book.sheet_by_index(i)
            if sheet.visibility != 0:
                continue
            rows = [[_xls_value(book, sheet, r, c) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
            merged = [(r0, r1 - 1, c0, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
            lines.extend(_sheet_lines(_merged_down(rows, merged)))
    except Exception as e:  # xlrd raises assorted errors on damaged or encrypted files
        raise SheetError(type(e).__name__)
    return "\n".join(lines)


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
