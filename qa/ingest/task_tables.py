"""A PDF work plan's task table (任务分工表), read row by row with pdfplumber.

Many 工作要点 set their tasks out as a table: 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限, a category row spanning
the columns, each task's text wrapping inside its cell, the header repeated on each page. pypdf reads such a page
cell by cell in drawing order, so a task's offices and deadline stand apart from it, at the start of the next task's
text ("…完善工作规程。区司法局 区政府各部门 2025年6月底前 9 在各街道…"). Here a page whose text names the columns is
read again with pdfplumber, which finds the table's ruled cells; each task becomes one line written as text plans write
it, its duties inside its last sentence ("8. 深入贯彻…修订印发《…规程》（牵头单位：区司法局，配合单位：区政府各部门，
完成时限：2025年6月底前）。"), a category row a line of its own, and the page's text above and below the table stays.
"""

from __future__ import annotations

import io
import logging
import re

log = logging.getLogger(__name__)

# The columns of a task table, by their header: the role each plays in a task's line.
_ROLES = (
    ("number", re.compile(r"^(?:序号|编号|序)$")),
    ("lead", re.compile(r"牵头|责任单位|责任部门|主责")),
    ("partner", re.compile(r"配合|协办|参与单位")),
    ("deadline", re.compile(r"时限|时间|进度|节点")),
    ("task", re.compile(r"任务|内容|措施|举措|事项|要点|工作|目标")),
)
# A page is read again when its text names a lead column and a partner or deadline column.
_LEAD = re.compile(r"牵头单位|牵头部门|责任单位|责任部门")
_OTHER = re.compile(r"配合单位|协办单位|完成时限|完成时间|时间节点")
_HANGING = re.compile(r"^[、，。；：,.;:]+|[、，。；,.;]+$")
_SENTENCE_END = re.compile(r"[。；;！!？?]$")
_CATEGORY = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_ASCII_END = re.compile(r"[A-Za-z0-9]$")
_ASCII_START = re.compile(r"^[A-Za-z0-9]")


def has_task_table(page_text: str) -> bool:
    """Whether a page's text names the columns of a task table."""
    return bool(_LEAD.search(page_text)) and bool(_OTHER.search(page_text))


def cell_text(text: str | None) -> str:
    """A cell's text with the breaks of its wrapped lines taken out (a space kept between two Latin words)."""
    out = ""
    for line in (text or "").split("\n"):
        line = line.strip()
        if out and line and _ASCII_END.search(out) and _ASCII_START.search(line):
            out += " "
        out += line
    return out


def roles_of(header: list[str]) -> dict[str, int | tuple[int, ...]] | None:
    """Column index of each role a header row names, and the task's columns ("task": 重点任务, 具体措施…, in order);
    None when it is no task table's header."""
    found: dict = {}
    tasks: list[int] = []
    other: list[int] = []
    for i, name in enumerate(header):
        for role, pattern in _ROLES:
            if not pattern.search(name):
                continue
            if role == "lead" and "lead" in found:
                role = "partner"  # 牵头单位 | 责任单位: the second names the others who answer for it
            if role == "task":
                tasks.append(i)
            elif role not in found:
                found[role] = i
            break
        else:
            if name.strip():
                other.append(i)
    if not tasks or "lead" not in found:
        return None
    # a column of the task that no word above names (推进举措, 备注) is read with it, not dropped
    found["task"] = tuple(sorted(tasks + other))
    return found


def task_line(cells: list[str], roles: dict, header: list[str]) -> str:
    """One task row as a line of text: its number, its task (a title cell and its measures: "名称：措施"), its duties
    inside the task's last sentence as text plans write them. A mark that hangs past the task cell's right edge (the
    "、" or "。" ending a wrapped line) is read into the next column's cell; it is taken off there."""
    number = cells[roles["number"]] if "number" in roles else ""
    duties = [
        f"{header[roles[role]]}：{duty}"
        for role in ("lead", "partner", "deadline")
        if role in roles and (duty := _HANGING.sub("", cells[roles[role]]))
    ]
    task = ""
    for part in (cells[i] for i in roles["task"] if cells[i]):
        # a title and its measures: "名称：措施"; after a cell's full sentences the next goes on as a sentence
        task += ("" if not task or _SENTENCE_END.search(task) else "：") + part
    if duties:  # inside the task's last sentence, so that a question on its deadline reads the task with it
        end = _SENTENCE_END.search(task)
        mark = end.group(0) if end else ""
        task = task[: len(task) - len(mark)] + f"（{'，'.join(duties)}）" + (mark or "。")
    return f"{number}. {task}" if number else task


def is_category(cells: list[str]) -> bool:
    """A row with one filled cell, in its first column or numbered as a part ("二、全面推进行政复议体制改革")."""
    filled = [c for c in cells if c]
    return len(filled) == 1 and bool(cells[0] or _CATEGORY.match(filled[0]))


def grid_lines(grid: list[list[str]], header_at: int = 0) -> list[str] | None:
    """A task table's rows as lines, its header row ``header_at``: a category row as its title, each task as a line
    with its duties; rows above the header (a title merged across the columns, a note) as they are. None when that
    row names no task table's columns."""
    if len(grid) <= header_at or (roles := roles_of(grid[header_at])) is None:
        return None
    header, width = grid[header_at], len(grid[header_at])
    out = ["\t".join(c for c in row if c) for row in grid[:header_at] if any(row)]
    for cells in grid[header_at + 1 :]:
        cells = (cells + [""] * width)[:width]
        if cells == header or not any(cells):
            continue  # the header repeated on each page
        if is_category(cells):
            out.append(next(c for c in cells if c))
        else:
            out.append(task_line(cells, roles, header))
    return out


def read_pages(data: bytes, numbers: list[int]) -> dict[int, str]:
    """The text of the given pages (0-based) with their task tables read row by row. A page where pdfplumber finds
    no task table, or fails, is left out (its pypdf text stands). A task cut by a page break (its number on one page,
    the rest of its cells in a numberless row on the next) is one line."""
    try:
        import pdfplumber
    except ImportError:  # an install without it reads the page as pypdf does
        return {}
    pages: dict[int, list] = {}  # page → its parts: text, or [cells] of a task row
    header: list[str] | None = None
    roles: dict[str, int] | None = None
    last: tuple | None = None  # the last task row read: its cells, with the roles and header of its table
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for n in sorted(numbers):
                page = pdf.pages[n]
                parts: list = []
                top, found = 0.0, False
                for table in sorted(page.find_tables(), key=lambda t: t.bbox[1]):
                    rows = [[cell_text(c) for c in row] for row in table.extract()]
                    own = roles_of(rows[0]) if rows else None
                    if own is not None:
                        header, roles, rows = rows[0], own, rows[1:]
                    elif not rows or roles is None or header is None or len(rows[0]) != len(header):
                        continue  # another table, or one whose header was not seen
                    found = True
                    parts.append(region_text(page.crop((0, top, page.width, table.bbox[1]))))
                    for row in rows:
                        filled = [c for c in row if c]
                        if not filled:
                            continue
                        if is_category(row):
                            parts.append(filled[0])  # a category row: "二、全面推进行政复议体制改革"
                            last = None
                        elif last is not None and "number" in roles and not row[roles["number"]]:
                            for i, c in enumerate(row):  # the rest of the last task, on a new page
                                last[0][i] += c
                        else:
                            last = (list(row), roles, header)
                            parts.append(last)
                    top = table.bbox[3]
                if found:
                    parts.append(region_text(page.crop((0, top, page.width, page.height))))
                    pages[n] = parts
    except Exception as e:  # pdfminer raises assorted errors on odd files: keep pypdf's reading
        log.warning("task table not read (%s): %s", type(e).__name__, e)
        return {}
    return {n: "\n".join(p if isinstance(p, str) else task_line(*p) for p in parts if p) for n, parts in pages.items()}


def region_text(region) -> str:
    if region.height <= 0:
        return ""
    return (region.extract_text() or "").strip("\n")
