"""Figures of a table row, read by their column.

A table taken out of a page, a Word file or a PDF stands in the text one row per line, its cells apart by
bars, tabs or spaces: "行政复议案件受理数（件） | 132 | 168" under "指标 | 2020年 | 2021年". A row says its figures
side by side and only the header row above says which year each is for (in either order: "指标 2021年 2020年
变化情况"). Read as a sentence, the row's first figure would answer whatever year is asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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


def _header_years(line: str, tabbed: bool = False) -> list[int | None] | None:
    """Each cell's year, when the line is a header row naming years; else None. ``tabbed``: cells apart by tabs (a
    page's or Word file's table), where an empty cell after a year is that year's still (a cell spanning columns:
    "项目<tab>2023年<tab><tab>2024年" over "数量<tab>同比<tab>数量<tab>同比")."""
    if "。" in line:
        return None
    cells = _tab_cells(line) if tabbed else _cells(line)
    years = [(int(m.group(1)) if (m := _YEAR_CELL.match(line[a:b])) else None) for a, b in cells]
    if tabbed:
        for i in range(1, len(years)):
            if years[i] is None and cells[i][0] == cells[i][1]:
                years[i] = years[i - 1]
    return years if len({y for y in years if y is not None}) >= MIN_YEARS else None


def _line_at(doc_norm: str, at: int) -> tuple[int, int]:
    """(start, end) of the line holding offset ``at``."""
    end = doc_norm.find("\n", at)
    return doc_norm.rfind("\n", 0, at) + 1, len(doc_norm) if end < 0 else end


def column(doc_norm: str, at: int) -> Column | None:
    """The column of the figure at document offset ``at``, when its line is a table row under a header of years;
    None for a figure in running text, or in a table whose header names no years or does not line up."""
    start, end = _line_at(doc_norm, at)
    row = doc_norm[start:end]
    tabbed = "\t" in row
    cells = _tab_cells(row) if tabbed else _cells(row)
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
        years = _header_years(line, tabbed and "\t" in line)
        if years is None:
            continue
        if len(years) == len(cells) - 1 and years[0] is not None:
            years = [None, *years]  # the header leaves the label column unnamed
        if tabbed and "\t" in line and len(years) < len(cells) and years[-1] is not None:
            years += [years[-1]] * (len(cells) - len(years))  # the last year's cell spans the columns after it
        if len(years) > len(cells) and all(y is None for y in years[len(cells) :]):
            years = years[: len(cells)]  # the row leaves its last cells (备注) empty: its line ends before them
        if len(years) != len(cells):
            return None
        return Column(years[here], tuple(dict.fromkeys(y for y in years if y is not None)))
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


# ------------------------------------------------------------------ a work plan's task table

# A table may run its years down its rows and its measures across ("年度 | 新收行政复议申请（件） | 纠错率 |
# 负责人出庭应诉率" over "2023 | 301 | 9.8% | 98.7%"): a row then names no measure, only its year, and reads as no
# sentence about the asked rate; the header says which cell is which.
MAX_YEAR_ROWS = 12  # a year's row stands within this many lines under its header


def row_year(doc_norm: str, at: int) -> int | None:
    """The year heading the table row that holds the figure at ``at`` ("2023<tab>301<tab>9.8%"), else None."""
    start, end = _line_at(doc_norm, at)
    row = doc_norm[start:end]
    cells = _tab_cells(row) if "\t" in row else _cells(row)
    if "。" in row or len(cells) < 3 or not cells[0][1] <= at - start:
        return None
    first = _YEAR_CELL.match(row[slice(*cells[0])])
    return int(first.group(1)) if first else None


def _lines(doc_norm: str) -> list[tuple[int, str]]:
    """(offset, line) of each line of a document."""
    at, lines = 0, []
    for line in doc_norm.split("\n"):
        lines.append((at, line))
        at += len(line) + 1
    return lines


def year_row_cell(doc_norm: str, names: Callable[[str], bool], year: int) -> tuple[int, int] | None:
    """The document span of the figure in the row of ``year`` under the first header cell ``names`` holds, in a
    table whose rows are years; None when the document has no such table, row or figure."""
    lines = _lines(doc_norm)
    for i, (start, line) in enumerate(lines):
        if "。" in line or not any(names(line[a:b]) for a, b in _cells(line)):
            continue
        tabbed = "\t" in line
        header = _tab_cells(line) if tabbed else _cells(line)
        col = next((k for k, (a, b) in enumerate(header) if names(line[a:b])), None)
        if col is None or len(header) < 3 or _FIGURE.search(line[slice(*header[col])]):
            continue
        for row_start, row in lines[i + 1 : i + 1 + MAX_YEAR_ROWS]:
            if "。" in row:
                break
            cells = _tab_cells(row) if tabbed else _cells(row)
            first = _YEAR_CELL.match(row[slice(*cells[0])]) if cells else None
            if first is None or len(cells) != len(header):
                continue
            a, b = cells[col]
            if int(first.group(1)) == year and _FIGURE.search(row[a:b]):
                return row_start + a, row_start + b
    return None


# A work plan sets out its tasks as a table, one task per row, its cells apart by tabs: "序号 工作任务 牵头单位
# 配合单位 完成时限". Which office leads a task, which ones help and by when it is due stand only in the row's cells,
# and only the header says which cell is which.
TASK_COLUMNS = {
    "lead": re.compile(r"牵头|主责|责任(?:单位|部门)|负责(?:单位|部门)|承办"),
    "partner": re.compile(r"配合|协办|参与(?:单位|部门)|协同"),
    "deadline": re.compile(r"时限|时间|节点|期限|进度"),
    # the column headed 责任单位 itself, asked by that name: beside a 牵头单位 column it lists the others who answer
    "responsible": re.compile(r"责任(?:单位|部门)"),
}
_TASK = re.compile(r"任务|内容|事项|措施|工作")
MAX_TASK_ROWS = 200  # a task table's header stands within this many lines above a row


def _tab_cells(line: str) -> list[tuple[int, int]]:
    """Each tab-separated cell's (start, end) in the line, white space around its text left out."""
    out, at = [], 0
    for part in line.split("\t"):
        lead = len(part) - len(part.lstrip())
        out.append((at + lead, at + len(part.rstrip()) if part.strip() else at + lead))
        at += len(part) + 1
    return out


def _task_header(line: str, column: str) -> int | None:
    """The index of the cell of that kind when the line is a task table's header row, else None."""
    cells = [line[a:b] for a, b in _tab_cells(line)]
    if len(cells) < 3 or "。" in line or any(len(c) > 12 for c in cells):
        return None
    if not any(_TASK.search(c) for c in cells):
        return None
    found = [i for i, c in enumerate(cells) if TASK_COLUMNS[column].search(c)]
    if column == "responsible" and not found:
        return _task_header(line, "lead")  # no 责任单位 column: the offices that answer for it lead it
    if column == "lead":  # 牵头单位 before 责任单位 where a table has both
        found.sort(key=lambda i: "牵头" not in cells[i])
    return found[0] if found else None


def task_cell(doc_norm: str, at: int, column: str) -> tuple[int, int] | None:
    """The document span of the cell of ``column`` ("lead", "partner" or "deadline") in the task table row holding
    offset ``at``; a cell the row leaves empty (one spanning rows above) is the nearest above that is not. None when
    the line is no such row or the cell is empty all the way up."""
    start, end = _line_at(doc_norm, at)
    if "\t" not in doc_norm[start:end]:
        return None
    rows = [(start, end)]
    above = start - 1
    for _ in range(MAX_TASK_ROWS):
        if above <= 0:
            return None
        line_start = doc_norm.rfind("\n", 0, above) + 1
        line = doc_norm[line_start:above]
        index = _task_header(line, column) if "\t" in line else None
        if index is not None:
            break
        rows.append((line_start, above))
        above = line_start - 1
    else:
        return None
    for row_start, row_end in rows:  # the row itself, then up the rows a cell above may span
        cells = _tab_cells(doc_norm[row_start:row_end])
        if len(cells) == 1:
            return None  # a line across the table (a part's heading): no cell spans over it
        if len(cells) > index and cells[index][1] > cells[index][0]:
            return row_start + cells[index][0], row_start + cells[index][1]
    return None


_ASKS_PARTNER = re.compile(r"配合|协办|协同|参与(?:单位|部门)")
_ASKS_DEADLINE = re.compile(
    r"时限|完成时间|时间节点|期限|截止|(?:什么时候|何时|哪天|几月)(?:前|之前|以前)?(?:要|能|得|须|必须)?(?:完成|办结|到位|落实)"
)
_ASKS_LEAD = re.compile(r"牵头|(?:责任|主责|负责)(?:单位|部门)|谁(?:来)?负责|哪个(?:单位|部门)负责")


def asked_column(question_norm: str, kind: str) -> str | None:
    """The task table column a question asks for: "partner" (配合单位), "deadline" (完成时限) or "lead" (牵头单位);
    None for a figure or a list across reports."""
    if kind in ("ratio", "count", "list"):
        return None
    if _ASKS_PARTNER.search(question_norm):
        return "partner"
    if kind == "date" or _ASKS_DEADLINE.search(question_norm):
        return "deadline"
    if TASK_COLUMNS["responsible"].search(question_norm) and "牵头" not in question_norm:
        return "responsible"
    if kind == "which_unit" or _ASKS_LEAD.search(question_norm):
        return "lead"
    return None


def task_rows(doc_norm: str, column: str) -> list[tuple[int, int]]:
    """The (start, end) of every row of the document's task tables that have a column of that kind: the tab-separated
    lines under such a header, over a part's heading row, up to the first line of prose after the table."""
    rows: list[tuple[int, int]] = []
    at, in_table = 0, False
    for line in doc_norm.split("\n"):
        start, at = at, at + len(line) + 1
        if "\t" in line and _task_header(line, column) is not None:
            in_table = True
        elif in_table and "\t" in line:
            rows.append((start, start + len(line)))
        elif in_table and len(line.strip()) > 40:
            in_table = False  # prose again: the table has ended (a short line is a part's heading row)
    return rows


# A table whose rows are places or kinds ("地区 | 新收(件) | 纠错率(%)" over "丰县 | 186 | 12.3", "案件类别 |
# 件数（件） | 占比" over "公安 | 702 | 22.1%"): the figure asked of one is only at its row, under the asked column.
_NO_ROW_LABEL = frozenset({"其他", "其中", "小计", "合计", "总计", "序号", "项目", "指标"})
_TOTAL_ROW = frozenset({"合计", "总计"})
UNIT_NOTE = re.compile(r"[（(][^（）()]{0,6}[）)]")  # "（件）", "(%)": the unit a header or label says
MAX_LABEL_ROWS = 60  # a label table's rows stand within this many lines under its header


def label_row_cell(
    doc_norm: str, names: Callable[[str], int], question_norm: str, parts: tuple[str, ...] = ()
) -> tuple[int, int] | None:
    """The document span of the figure in the row whose first cell (its unit note aside) the question says, under
    the header cell ``names`` holds, in a tabbed table whose rows are labelled by places or kinds; None when the
    document has no such table, row or figure. ``parts``: the words that single out the part of a set the question
    counts ("纠错的案件里，撤销的有几件": 撤销), one of which the row's label must be (not 纠错, the set)."""
    lines = _lines(doc_norm)
    for i, (_, line) in enumerate(lines):
        if "\t" not in line or "。" in line:
            continue
        header = _tab_cells(line)
        said = [int(names(line[a:b])) if k > 0 else 0 for k, (a, b) in enumerate(header)]
        cols = [k for k, v in enumerate(said) if v and v == max(said)]  # the column the question names best
        if len(cols) != 1 or len(header) < 3 or any(_YEAR_CELL.match(line[a:b]) for a, b in header[1:]):
            continue  # (a header of years, "指标 2023年 2022年", is read by its rows' labels as sentences)
        col = cols[0]
        # "各乡镇(街道)…合计多少件", "全市乡镇(街道)…总体化解率": the rows as a whole, named by the first header cell,
        # are the table's total row
        rows_named = UNIT_NOTE.sub("", line[slice(*header[0])]).strip()
        total = None
        for row_start, row in lines[i + 1 : i + 1 + MAX_LABEL_ROWS]:
            if "\t" not in row or "。" in row:
                break
            cells = _tab_cells(row)
            if len(cells) != len(header):
                continue
            label = UNIT_NOTE.sub("", row[slice(*cells[0])]).strip()
            a, b = cells[col]
            # (or the question says the total row's own word: "决定维持的合计多少件")
            named = label in question_norm or len(rows_named) >= 2 and rows_named in question_norm and not parts
            if label in _TOTAL_ROW and named:
                total = (row_start + a, row_start + b) if _FIGURE.search(row[a:b]) else None
            if len(label) < 2 or label in _NO_ROW_LABEL or _FIGURE.search(label) or label not in question_norm:
                continue
            if parts and not any(label in p or p in label for p in parts):
                continue
            if _FIGURE.search(row[a:b]):
                return row_start + a, row_start + b
        if total is not None:
            return total
    return None


def column_header(doc_norm: str, at: int) -> str | None:
    """The header cell over the figure at ``at`` in a tabbed table (the nearest line above with as many cells and no
    figure after its first: "序号 指标 目标值 完成值 责任单位"); None in running text or without such a header."""
    start, end = _line_at(doc_norm, at)
    row = doc_norm[start:end]
    if "\t" not in row:
        return None
    cells = _tab_cells(row)
    col = next((k for k, (a, b) in enumerate(cells) if start + a <= at < start + b), None)
    if col is None:
        return None
    top = start
    for _ in range(MAX_ROWS_UP):
        if top == 0:
            return None
        top = doc_norm.rfind("\n", 0, top - 1) + 1
        line = doc_norm[top : doc_norm.find("\n", top)]
        if "\t" not in line:
            return None
        header = _tab_cells(line)
        if len(header) == len(cells) and not any(_FIGURE.search(line[a:b]) for a, b in header[1:]):
            return line[slice(*header[col])]
    return None


# A table of kinds down its rows and years across ("项目 2024年 2023年" over "撤销 21 26", "单位：件" above it): the
# figure asked of a kind in a year is its row's cell under that year, its unit said once for the table.
_ROW_PREFIX = re.compile(r"^(?:其中|包括|含)\s*[:：]?\s*|^\d{1,2}\s*[.、．]\s*")
_NEGATED = ("没有", "未", "不", "非")
# a label said with words between its characters ("新收案件" in "新收行政复议案件"): at most this many
MAX_LABEL_SPREAD = 6


def _label_said(label: str, question_norm: str) -> bool:
    """Whether the question says the row's label, as it is or (three characters or more) with a few words between
    its characters, and not negated ("没有撤销的案件" says no 撤销)."""
    at = question_norm.find(label)
    if at < 0 and len(label) >= 3:
        pattern = ".{0,%d}?".join(map(re.escape, label)) % ((MAX_LABEL_SPREAD,) * (len(label) - 1))
        m = re.search(pattern, question_norm)
        at = m.start() if m and len(m.group(0)) <= len(label) + MAX_LABEL_SPREAD else -1
    return at >= 0 and not question_norm[:at].endswith(_NEGATED)


def year_column_cell(
    doc_norm: str,
    question_norm: str,
    year: int,
    share: bool,
    caption_fits: Callable[[str], bool],
    change: bool = False,
    parts: tuple[str, ...] = (),
) -> tuple[int, int] | None:
    """The document span of the figure in the ``year`` column of the row whose label the question says, in a tabbed
    table whose header names years and whose rows are kinds; None when no such table, row or cell. The longest label
    said wins ("新收案件" over "案件"); ``share``: a share asked, so the cell is one ("7.5%", or a row of a 率); else a
    count, a bare figure. ``caption_fits``: whether the lines over the header (the table's caption) and the row's
    label may hold the answer (not a table of 行政复议 for a 行政诉讼 question, nor a row of all cases for 简易程序's).
    ``change``: how much it changed is asked, the cell under the column of no year ("变化", "同比"), a share or not.
    ``parts``: the words that single out the part of a set the question counts, one of which the label must be (as
    label_row_cell's)."""
    lines = _lines(doc_norm)
    best: tuple[int, tuple[int, int]] | None = None
    for i, (_, line) in enumerate(lines):
        if "\t" not in line or "。" in line or year not in (_header_years(line, tabbed=True) or ()):
            continue
        caption = " ".join(text for _, text in lines[max(0, i - 3) : i + 1])
        for row_start, row in lines[i + 1 : i + 1 + MAX_LABEL_ROWS]:
            if "\t" not in row or "。" in row:
                break
            cells = _tab_cells(row)
            label = _ROW_PREFIX.sub("", UNIT_NOTE.sub("", row[slice(*cells[0])])).strip()
            if (
                len(label) < 2
                or label in _NO_ROW_LABEL
                or _FIGURE.search(label)
                or not _label_said(label, question_norm)
            ):
                continue
            if (parts and not any(label in p or p in label for p in parts)) or not caption_fits(f"{caption} {label}"):
                continue
            for a, b in cells[1:]:
                cell = row[a:b]
                col = column(doc_norm, row_start + a)
                if col is None or col.year != (None if change else year) or not _FIGURE.search(cell):
                    continue
                is_share = "%" in cell or "％" in cell or label.endswith("率")
                if (change or is_share == share) and (best is None or len(label) > best[0]):
                    best = (len(label), (row_start + a, row_start + b))
        if best is not None:
            return best[1]
    return None


_UNIT_LINE = re.compile(r"单位\s*[:：]\s*([^\s,，;；)）]{1,3})")


def said_with_unit(
    doc_norm: str,
    at: int,
    end: int,
    row_unit: Callable[[str], str | None],
    share: bool = False,
    asked_unit: str | None = None,
    labelled: bool = False,
) -> tuple[int, int] | None:
    """Where the report's text (not a table) writes the bare table cell at ``at``–``end`` with the unit its row's
    label says (``row_unit`` of the row: "新收行政复议申请（件）<tab>5136<tab>3742") or, else, its table says once
    ("单位：件" over "新收案件<tab>612<tab>538": "新收行政复议案件612件"), or with % for a ``share`` (a rate row's
    "97.9" as "出庭应诉率97.9%"), or else in the unit the question asks (``asked_unit``: "收到多少件" and a table whose
    units stand in a row of their own, "件/%"): that figure and unit, the first such; None when no unit is known or the
    text never writes it so. ``labelled``: only in a sentence that names the row's label too (a row of places: "省人民
    政府本级…受理281件", not another "11件")."""
    figure = doc_norm[at:end]
    if not re.fullmatch(r"\d+(?:\.\d+)?", figure):
        return None
    row = doc_norm[slice(*_line_at(doc_norm, at))]
    unit = "%" if share else row_unit(row) or _table_unit(doc_norm, at) or asked_unit
    if unit is None:
        return None
    label = row.split("\t", 1)[0].strip() if labelled else ""
    for m in re.finditer(rf"(?<![\d.]){re.escape(figure)}\s*{re.escape(unit)}", doc_norm):
        line = doc_norm[doc_norm.rfind("\n", 0, m.start()) + 1 : m.start()]
        if "\t" not in line and (not label or label in re.split(r"[。;；]", line)[-1]):
            return m.start(), m.end()
    return None


def _table_unit(doc_norm: str, at: int) -> str | None:
    """The unit a table says once: the nearest "单位：件" line above the figure at ``at``, within MAX_ROWS_UP lines."""
    top = at
    for _ in range(MAX_ROWS_UP):
        top = doc_norm.rfind("\n", 0, max(top - 1, 0)) + 1
        m = _UNIT_LINE.search(doc_norm[top : doc_norm.find("\n", top)])
        if m is not None or top == 0:
            return m.group(1) if m else None
    return None
