"""The text of an OpenDocument text file (``.odt``), as offices on domestic systems (信创: WPS or LibreOffice on
麒麟/统信) save and post it.

An .odt is a ZIP whose ``content.xml`` holds the body: headings (``text:h`` with their outline level), paragraphs
(``text:p``), lists, sections, tables (``table:table``; a merged cell's place is a ``table:covered-table-cell``) and
frames with text boxes. Spaces are elements (``text:s c="n"``), as are tabs and line breaks. A footnote
(``text:note``) sits inside its paragraph: its mark is left out and its body read as a line after the paragraph, so
the sentence it marks stays whole; a text box is read the same way. Tracked deletions (``text:tracked-changes``),
comments (``office:annotation``) and a generated table of contents are not the document's text. The standard
library's XML parser reads it (odfpy would bring its own tree of the same XML and nothing the text needs).
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from qa.ingest import task_tables

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
}
_MAX_REPEAT = 64  # table:number-columns-repeated on a trailing empty cell can say 1024: no report has more columns


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_NS[prefix]}}}{local}"


_H, _P, _S, _TAB, _BR = _q("text:h"), _q("text:p"), _q("text:s"), _q("text:tab"), _q("text:line-break")
_NOTE, _FRAME = _q("text:note"), _q("draw:frame")
_TABLE, _ROW, _CELL, _COVERED = (
    _q("table:table"),
    _q("table:table-row"),
    _q("table:table-cell"),
    _q("table:covered-table-cell"),
)
_SKIP = {
    _q("office:annotation"),
    _q("office:annotation-end"),
    _q("text:tracked-changes"),
    _q("text:note-citation"),
    _q("text:table-of-content"),
    _q("text:sequence-decls"),
    _q("text:soft-page-break"),
}
_NESTED = {_q("text:list"), _q("text:list-item"), _q("text:list-header"), _q("text:section"), _q("text:index-body")}
_ROW_GROUPS = {_q("table:table-header-rows"), _q("table:table-rows"), _q("table:table-row-group")}


class OdtError(ValueError):
    """The file is no OpenDocument text this reader can read (the reason, in English, for the message)."""


def text_of(data: bytes, max_unpacked: int) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The document's text, a line per paragraph or table row, and its headings as (offset of the line, level)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo("content.xml")
            if info.file_size > max_unpacked:
                raise OdtError(f"content.xml unpacks to {info.file_size / 1048576:.0f} MB")
            with z.open(info) as f:
                content = f.read(max_unpacked + 1)
    except KeyError:
        raise OdtError("no content.xml in the package") from None
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as e:
        raise OdtError(str(e) or type(e).__name__) from None
    if len(content) > max_unpacked:
        raise OdtError("content.xml unpacks past the limit")
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as e:
        raise OdtError(f"content.xml is not well-formed XML ({e})") from None
    body = root.find("office:body/office:text", _NS)
    if body is None:
        raise OdtError("no text body (a spreadsheet or a presentation?)")
    lines: list[str] = []
    levels: list[int | None] = []
    _blocks(body, lines, levels)
    text, at, headings = "\n".join(lines), 0, []
    for line, level in zip(lines, levels):
        if level is not None and line.strip():
            headings.append((at + len(line) - len(line.lstrip()), level))
        at += len(line) + 1
    return text, tuple(headings)


def _blocks(parent, lines: list[str], levels: list[int | None]) -> None:
    for node in parent:
        if node.tag in (_H, _P):
            after: list = []
            line = _inline(node, after)
            lines.append(line)
            level = None
            if node.tag == _H and "\n" not in line:
                value = node.get(_q("text:outline-level"), "1")
                level = max(1, min(int(value), 10)) if value.isdigit() else 1
            levels.append(level)
            for extra in after:  # footnotes and text boxes, each a block of its own after the paragraph
                _blocks(extra, lines, levels)
        elif node.tag == _TABLE:
            grid = _grid(node)
            rows = task_tables.grid_lines(grid)  # None for a table that is no task list
            rows = rows if rows is not None else ["\t".join(cells).rstrip("\t") for cells in grid]
            lines.extend(rows)
            levels.extend([None] * len(rows))
        elif node.tag in _NESTED:
            _blocks(node, lines, levels)


def _inline(node, after: list) -> str:
    """A paragraph's text; the footnote bodies and text boxes inside it are put in ``after``."""
    parts = [node.text or ""]
    for child in node:
        if child.tag == _S:
            count = child.get(_q("text:c"), "1")
            parts.append(" " * (min(int(count), 100) if count.isdigit() else 1))
        elif child.tag == _TAB:
            parts.append("\t")
        elif child.tag == _BR:
            parts.append("\n")
        elif child.tag == _NOTE:
            after.extend(child.findall("text:note-body", _NS))
        elif child.tag == _FRAME:
            after.extend(child.findall("draw:text-box", _NS))
        elif child.tag not in _SKIP:
            parts.append(_inline(child, after))
        parts.append(child.tail or "")
    return "".join(parts)


def _grid(table) -> list[list[str]]:
    """The table's rows as cell texts; a covered (merged) cell is empty, as in a Word or page table."""
    grid = []
    for row in _rows(table):
        cells: list[str] = []
        for cell in row:
            if cell.tag not in (_CELL, _COVERED):
                continue
            text = "" if cell.tag == _COVERED else _cell_text(cell)
            repeat = cell.get(_q("table:number-columns-repeated"), "1")
            cells.extend([text] * (min(int(repeat), _MAX_REPEAT) if repeat.isdigit() else 1))
        while cells and not cells[-1]:
            cells.pop()
        grid.append(cells)
    return grid


def _rows(table):
    for node in table:
        if node.tag == _ROW:
            yield node
        elif node.tag in _ROW_GROUPS:
            yield from _rows(node)


def _cell_text(cell) -> str:
    """A cell's paragraphs (and lists, nested tables) as one line."""
    lines: list[str] = []
    _blocks(cell, lines, [])
    return " ".join(line.strip() for line in lines if line.strip())
