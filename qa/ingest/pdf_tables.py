"""A PDF page's ruled table of figures, read row by row with pdfplumber.

A report's statistics table ("2023年行政复议、行政应诉情况统计表": 项目 | 2023年 | 2022年 | 同比增减) is a grid;
pypdf reads it cell by cell, one short line each, so a row's label stands lines away from its figures and a figure
from its year's column ("受理行政复议案件（件）\\n4408\\n3195\\n增长38.0%"). Here a page whose text has a run of such
cell lines is read again with pdfplumber, which finds the ruled cells: each row becomes one line of tab-separated cells,
as a Word or HTML table is written (the reader reads a row's label with its figures and a column by its header), and
the page's text above and below the table stays. A work plan's task table is read by ``task_tables`` instead.
"""

from __future__ import annotations

import io
import logging
import re

from qa.ingest.task_tables import cell_text, region_text

log = logging.getLogger(__name__)

_CELL_LINE = 14  # a line this short may be one cell of a grid read cell by cell
_FIGURE = re.compile(r"^[\s\d.,，%％‰+\-—–()（）件个人次项家万亿元%]*\d[\s\d.,，%％‰+\-—–()（）件个人次项家万亿元%]*$")
_MIN_RUN = 12  # cell lines in a row (blank lines aside) before a page is read again
_MIN_FIGURES = 5  # … of which this many are figures alone


def has_data_table(page_text: str) -> bool:
    """Whether a page's text holds a grid of figures read cell by cell: a run of short lines, several of them a
    figure alone."""
    run = figures = 0
    for line in page_text.split("\n"):
        body = line.strip()
        if not body:
            continue
        if len(body) <= _CELL_LINE:
            run += 1
            figures += bool(_FIGURE.match(body))
            if run >= _MIN_RUN and figures >= _MIN_FIGURES:
                return True
        else:
            run = figures = 0
    return False


_WORSE_SLACK = 3  # pdfplumber sets a word or two apart on a line pypdf runs together ("办公室 2024年3月29日印发")
_SPACED = re.compile(r"[\u4e00-\u9fff\d] (?=[\u4e00-\u9fff\d])")


def _worse(text: str) -> int:
    """How badly a page's text is read: its lines of one character and its characters set apart by spaces."""
    return sum(1 for line in text.split("\n") if len(line.strip()) == 1) + len(_SPACED.findall(text))


def read_pages(data: bytes, pages: dict[int, str]) -> dict[int, str]:
    """The text of the given pages (0-based, with pypdf's text) with their ruled tables read row by row, cells apart
    by tabs. A page where pdfplumber finds no table of two columns or more, or fails, is left out (its pypdf text
    stands), and so is one whose prose pdfplumber reads worse than pypdf (letter-spaced lines, a heading drawn glyph
    by glyph: more lines of one character). A header row repeated on the next page (under a 续表 label) is read
    once."""
    if not pages:
        return {}
    numbers = list(pages)
    try:
        import pdfplumber
    except ImportError:  # an install without it reads the page as pypdf does
        return {}
    out: dict[int, str] = {}
    header: list[str] | None = None
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for n in sorted(numbers):
                page = pdf.pages[n]
                parts: list[str] = []
                top = 0.0
                for table in sorted(page.find_tables(), key=lambda t: t.bbox[1]):
                    rows = [[cell_text(c) for c in row] for row in table.extract()]
                    rows = [row for row in rows if any(row)]
                    if not rows or max(len(row) for row in rows) < 2:
                        continue  # a box around text, no grid
                    parts.append(region_text(page.crop((0, top, page.width, table.bbox[1]))))
                    if header is not None and rows[0] == header:
                        rows = rows[1:]  # the header again, over the table's next page
                    else:
                        header = rows[0]
                    parts += ["\t".join(row) for row in rows]  # an empty cell keeps its column
                    top = table.bbox[3]
                if top:
                    parts.append(region_text(page.crop((0, top, page.width, page.height))))
                    text = "\n".join(p for p in parts if p)
                    if _worse(text) <= _worse(pages[n]) + _WORSE_SLACK:
                        out[n] = text
    except Exception as e:  # pdfminer raises assorted errors on odd files: keep pypdf's reading
        log.warning("table not read (%s): %s", type(e).__name__, e)
        return {}
    return out
