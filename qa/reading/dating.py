"""The year a figure is of, when its own sentence does not say it.

A report states a year once and the figures after it follow it: "2023年，全市各级各部门…取得积极成效。全年全市各级
行政复议机关共收到行政复议申请1186件" (a 2024 plan looking back). The year of such a figure is the last one written
before it in its paragraph, when that one opens a sentence; a paragraph a stray line break cut in two (a line that
stops without ending its sentence) is still one paragraph. Years inside a document's title
(《…纲要（2021—2025年）》) and spans of years date nothing.
"""

from __future__ import annotations

import re

from qa.reading import tables

# A year that opens a sentence sets the time of what follows ("2023年，全市…"); one inside a sentence
# ("加上2022年结转3件", "（2023年…为21.4%）") is that clause's, and after it the time is no longer clear.
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_OPENS = re.compile(r"(?:^|[。！？!?；;\n])\s*(?:截至|截止|在|于)?\s*$")  # a sentence or a line
# A document's title, and a span of years ("（2021—2025年）"): they date nothing.
_NOT_DATING = re.compile(r"《[^《》]*》|(?:19|20)\d{2}\s*[—–\-－~～至到]\s*(?:19|20)\d{2}\s*年")
_ENDED = re.compile(r"[。！？!?；;：:]\s*$")
MAX_LINES = 4  # a paragraph is followed back over at most this many stray line breaks
MAX_PARAGRAPHS = 4  # a section's opening year is followed over at most this many paragraphs
# A paragraph that opens with its year ("2022年，全市各级各部门…"): the paragraphs after it in its section follow it
# (a plan's "工作基础": "行政复议方面，全市…收到行政复议申请1126件" is of 2022 too).
MAX_HEADING = 25  # a line this short that ends no sentence is a heading, not a sentence cut by a line break
_NUMBERED = re.compile(r"(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分)")
_OPENING_YEAR = re.compile(r"^\s*(?:截至|截止|在|于)?\s*((?:19|20)\d{2})\s*年")


def _undated(text: str) -> str:
    """The text with its titles and spans of years blanked out, offsets kept."""
    return _NOT_DATING.sub(lambda m: " " * len(m.group(0)), text)


def paragraph_start(doc_norm: str, at: int) -> int:
    """Where the paragraph holding offset ``at`` begins, over stray line breaks inside sentences."""
    start = doc_norm.rfind("\n", 0, at) + 1
    for _ in range(MAX_LINES):
        if start == 0:
            break
        prev_start = doc_norm.rfind("\n", 0, start - 1) + 1
        prev = doc_norm[prev_start : start - 1]
        if not prev.strip() or _ENDED.search(prev):
            break
        start = prev_start
    return start


def year_before(doc_norm: str, at: int) -> int | None:
    """The year the figure at offset ``at`` is of by its paragraph: the last year written before it there, when that
    one opens a sentence; when the paragraph writes none before it, the year its section's paragraphs follow
    (``section_year``); None otherwise."""
    start = paragraph_start(doc_norm, at)
    headed = _headed(doc_norm, start)
    if headed and (line_end := doc_norm.find("\n", start, at)) >= 0:
        start = line_end + 1  # the heading above the paragraph ("（二）工作基础") opens no sentence of it
    text = _undated(doc_norm[start:at])
    last = None
    for last in YEAR.finditer(text):
        pass
    if last is None:
        return None if headed else section_year(doc_norm, start)
    if not _OPENS.search(text[: last.start()]):
        return None
    return int(last.group(1))


def section_year(doc_norm: str, start: int) -> int | None:
    """The year set by an earlier paragraph of the section holding the paragraph that begins at ``start``: the
    nearest paragraph above that writes a year, when it opens with one and its last year opens a sentence; None when
    that paragraph's year is inside a sentence, or the section's heading comes first."""
    if _headed(doc_norm, start):
        return None  # the paragraph opens its section
    for _ in range(MAX_PARAGRAPHS):
        if start <= 0:
            return None
        start = paragraph_start(doc_norm, start - 1)
        end = _paragraph_end(doc_norm, start)
        headed = _headed(doc_norm, start)
        body = _undated(doc_norm[doc_norm.find("\n", start, end) + 1 if headed else start : end])
        years = list(YEAR.finditer(body))
        if not years:
            if headed:
                return None
            continue
        if not _OPENING_YEAR.match(body) or not _OPENS.search(body[: years[-1].start()]):
            return None
        return int(years[-1].group(1))
    return None


def _headed(doc_norm: str, start: int) -> bool:
    """Whether the paragraph beginning at ``start`` begins with a heading line ("（二）工作基础"), which
    ``paragraph_start`` takes in with the lines below it as it does a sentence cut by a stray line break."""
    end = doc_norm.find("\n", start)
    line = doc_norm[start : len(doc_norm) if end < 0 else end].strip()
    return bool(line) and not _ENDED.search(line) and (len(line) <= MAX_HEADING or bool(_NUMBERED.match(line)))


def _paragraph_end(doc_norm: str, start: int) -> int:
    """Where the paragraph beginning at ``start`` ends: the line break that closes a sentence, over stray breaks."""
    at = start
    for _ in range(MAX_LINES + 1):
        end = doc_norm.find("\n", at)
        if end < 0:
            return len(doc_norm)
        if _ENDED.search(doc_norm[at:end]) or not doc_norm[at:end].strip():
            return end
        at = end + 1
    return end


def year_of(doc_norm: str, at: int) -> int | None:
    """The year the figure at offset ``at`` is of by what stands around its sentence: the header of its table column
    when it stands in a table row, the year heading its row in a table whose rows are years, else its paragraph's
    year (``year_before``)."""
    col = tables.column(doc_norm, at)
    if col is not None:
        return col.year
    row = tables.row_year(doc_norm, at)
    return row if row is not None else year_before(doc_norm, at)


# A clause ends at these; a year "较2023年" / "比2023年" is what a figure is compared with, not its own.
_CLAUSE_END = re.compile(r"[，,。！？!?；;：:]")
_COMPARED = re.compile(r"(?:较|比|与|同|相比|对比)\s*$")


# A figure the report gives for the year before its own: "较上年的12件下降25.0%", "去年同期为36件".
_LAST_YEAR_WORDS = r"(?:上年|去年|上一年度?)(?:同期)?(?:的|为|是)?\s*"
_LAST_YEAR = re.compile(_LAST_YEAR_WORDS + "$")  # right before a figure
# … or opening the figure's clause as its time: "上年全市新收行政复议案件为2727件" (not a case carried over, 上年结转)
_LAST_YEAR_OPENING = r"(?:上年|去年|上一年度?)(?!结转|遗留|未结|未办结)"
_LAST_YEAR_OPENS = re.compile(r"^\s*" + _LAST_YEAR_OPENING)
# (a figure in Chinese numerals, "上年受理一百九十六件", is one with its measure word)
CN_NUMERAL = "[一二三四五六七八九十两百千万零〇]"
_FIGURE_AHEAD = rf"(?:\d|{CN_NUMERAL}+[件个名次项人家起份条场])"
LAST_YEAR_SAID = re.compile(
    rf"{_LAST_YEAR_WORDS}{_FIGURE_AHEAD}"
    rf"|(?:^|(?<=[，,。；;：:\n(（]))\s*{_LAST_YEAR_OPENING}[^，,。；;：:\n]{{0,40}}{_FIGURE_AHEAD}"
)


def of_last_year(text: str, at: int) -> bool:
    """Whether the figure at offset ``at`` of a text is the previous year's, by the words right before it."""
    return bool(_LAST_YEAR.search(text[clause_start(text, at) : at]))


def opens_last_year(text: str, at: int) -> bool:
    """Whether the figure at offset ``at`` is in a clause that the previous year opens ("上年全市新收…为2727件"): of
    that year, and of whatever the clause names between (not, as "较上年的12件", of what the clause before counts)."""
    clause = text[clause_start(text, at) : at]
    # a bracket opens a clause of its own: "受理二百三十一件,同比增长百分之十七点九(上年受理一百九十六件)"
    clause = clause[max(clause.rfind("("), clause.rfind("（")) + 1 :]
    return bool(_LAST_YEAR_OPENS.match(clause))


def clause_start(text: str, at: int, start: int = 0) -> int:
    """Where the clause holding offset ``at`` begins: after the last clause mark between ``start`` and it."""
    return max((m.end() for m in _CLAUSE_END.finditer(text, start, at)), default=start)


def year_in_clause(doc_norm: str, sentence_start: int, at: int) -> int | None:
    """The year written before the figure at ``at`` in its own clause ("在2023年底全区公职律师96名的基础上"), or else
    the one ``year_of`` finds around its sentence; a year it is compared with ("比2023年提高") dates nothing."""
    clause = clause_start(doc_norm, at, sentence_start)
    text = _undated(doc_norm[clause:at])
    last = None
    for m in YEAR.finditer(text):
        if not _COMPARED.search(text[: m.start()]):
            last = m
    if last is not None:
        return int(last.group(1))
    return year_of(doc_norm, at)
