"""Lines broken at a fixed width, joined back into paragraphs.

Text taken from a PDF (by pypdf, or copied from a viewer and saved as .txt) breaks every line at
the page width, inside words and numbers ("行政复\\n议", "〔2021〕2\\n3号"), and puts the page number
on a line of its own between pages, often in the middle of a sentence. Read as it is, no term or
figure that crosses a break is found. Such a text is recognised by its many lines of one width;
a full line is continued by the next line unless that one starts a paragraph (indented) or a
heading, and page-number lines are dropped. Text of any other shape is returned unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from unicodedata import east_asian_width

# "— 3 —", "- 3 -", "－3－", "第3页", "第 3 页 共 13 页", "3 / 13": a page number alone on its line.
PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－_]{1,2}\s*\d{1,3}\s*[-—–－_]{1,2}|第\s*\d{1,3}\s*页(?:\s*[/，,]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})\s*$"
)
# A bare "3" is a page number only after a blank line: after a full line it ends a wrapped figure (浏览次数：1\n378),
# and a flattened table's cells stand on lines of their own.
_BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_INDENT = re.compile(r"^[ \t\u3000]")
# A heading or numbered item starts its own line even when nothing indents it.
_STARTS_ITEM = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．](?!\d)|第[一二三四五六七八九十]+[章节条]"
    r"|[①-⑳](?![，,。；;、）)]))"  # a circled number opens an item or a footnote, unless it marks the word before
)
_DATE_LINE = re.compile(r"^\s*\d{4}年\d{1,2}月\d{1,2}日(?:印发)?\s*$")  # under the issuer's name, not its sentence
_MIN_LINE = 15  # shorter lines (titles, signatures, blank-ish lines) say nothing about the width
_MIN_LINES = 20  # a text needs this many lines of the width to count as hard-wrapped
_MIN_SHARE = 0.5  # … and this share of its longer lines
_SLACK = 2  # a wrapped line may fall short of the width by a character or two (a quote mark moved on)
_DIGITS = 2  # … and, counted in characters, run past it by a few more: figures' digits are half as wide


def display_width(line: str) -> int:
    """The line's width in half-width columns: a Chinese character or full-width mark counts two, a digit or Latin
    letter one. A PDF wraps at the page's width, so a line holding figures holds more characters."""
    return len(line) + sum(1 for ch in line if east_asian_width(ch) in "WF")


def _measured(lines: list[str], measure: Callable[[str], int], slack: int) -> tuple[int, int] | None:
    """(width, lines near it) by one measure of a line's length; None when too few lines share a width."""
    lengths = [measure(ln.rstrip()) for ln in lines if len(ln.rstrip()) >= _MIN_LINE]
    if len(lengths) < _MIN_LINES:
        return None
    w, _ = Counter(lengths).most_common(1)[0]
    top = _top(w, measure)
    split = _split_printed(lines, measure, w - slack, top)
    halves = sum(1 for i in split for j in (i, i + 1) if len(lines[j].rstrip()) >= _MIN_LINE)
    near = sum(1 for n in lengths if w - slack <= n <= top) + len(split)
    if near < _MIN_LINES or near < _MIN_SHARE * (len(lengths) - halves + len(split)):
        return None  # one paragraph per line: lengths spread out, no width shared
    return w, near


def _top(w: int, measure: Callable[[str], int]) -> int:
    return w + 1 + (_DIGITS if measure is len else 0)


_INDENTED = 2  # a paragraph's first line starts two characters in
_LEAD_END = re.compile(r"[。：:；]$")


def _split_printed(lines: list[str], measure: Callable[[str], int], low: int, top: int) -> set[int]:
    """The lines whose next line is the rest of the same printed line: a numbered item's bold lead ("1.深入学习贯彻
    习近平法治思想。"), which a PDF draws in a font of its own and pypdf puts on a line of its own, then its text,
    the two together as wide as the page, less a paragraph's indent (in columns: a figure's digits are half as wide,
    quote marks in a Chinese font whole)."""
    if measure is len:
        low, top = 2 * low, 2 * top - 2 * _DIGITS
    split = set()
    for i in range(len(lines) - 1):
        lead, rest = lines[i].strip(), lines[i + 1].rstrip()
        if (
            _STARTS_ITEM.match(lead)
            and _LEAD_END.search(lead)
            and _printed(lead) < low
            and rest.strip()
            and not _INDENT.match(rest)
            and not _STARTS_ITEM.match(rest)
            and low - 2 * _INDENTED <= _printed(lead + rest) <= top
        ):
            split.add(i)
    return split


def _printed(line: str) -> int:
    return len(line) + sum(1 for ch in line if east_asian_width(ch) in "WFA")


def wrapping(lines: list[str], columns: bool = False) -> tuple[int, Callable[[str], int], int] | None:
    """(width, measure, slack) the text is wrapped at, or None when it is not hard-wrapped. Lines are measured in
    characters and, with ``columns``, when characters find no width, in half-width columns (a PDF's printed lines made
    a Word file's paragraphs, wrapped at the page's width: a line holding figures holds more characters). Columns are
    not for text taken from a PDF directly: a browser's printout has lines of no one width, and columns find one."""
    for measure, slack in ((len, _SLACK), (display_width, 2 * _SLACK))[: 2 if columns else 1]:
        got = _measured(lines, measure, slack)
        if got is not None:
            return got[0], measure, slack
    return None


def width(lines: list[str]) -> int | None:
    """The width in characters the text is wrapped at, or None when it is not hard-wrapped that way."""
    got = wrapping(lines)
    return got[0] if got else None


_CELLS_APART = re.compile(r"\t| {3,}")  # not 　　: a paragraph's indent carried inside a wrapped line
_RUNNING_MAX = 40
_PUNCTUATED = re.compile(r"[，。；、：,;:！？!?]")  # a running header or footer is a short line
_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$")  # … or the page's address a browser prints under each page


def _running_lines(lines: list[str], dropped: set[int]) -> set[int]:
    """The running header or footer lines next to the page numbers (the issuer's name over each page, "北京市丰台区
    人民政府"): a short line written the same beside two page numbers or more; those beside a page number go, so a
    sentence running on to the next page is not cut by them."""
    numbers = [i for i in sorted(dropped) if lines[i].strip()]
    beside: dict[str, list[int]] = {}
    for i in numbers:
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and j in dropped:
                j += step
            said = lines[j].strip() if 0 <= j < len(lines) else ""
            if (0 < len(said) <= _RUNNING_MAX and not _PUNCTUATED.search(said)) or _ADDRESS.match(said):
                beside.setdefault(lines[j].strip(), []).append(j)
    return {j for said, at in beside.items() if len(set(at)) >= 2 for j in at}


def unwrap(text: str) -> str:
    """The text with hard-wrapped lines joined and page-number lines dropped, or ``text`` itself."""
    return unwrap_edits(text)[0]


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()  # the empty piece after the final line break, given back at the end
    return lines


def unwrap_edits(text: str, columns: bool = False) -> tuple[str, tuple[tuple[int, str], ...]]:
    """The joined text and what was taken out of ``text`` to make it: (position in the joined text, removed text)
    in order; ``(text, ())`` for a text not hard-wrapped. Joining only removes characters (line breaks, trailing
    blanks, page-number lines), so putting each removed piece back at its position gives ``text`` again; offsets into
    the joined text map back through them. ``columns``: widths may be measured in columns (see ``wrapping``)."""
    lines = _lines(text)
    wrapped = wrapping(lines, columns)
    if wrapped is None:
        return text, ()
    w, measure, slack = wrapped
    split = _split_printed(lines, measure, w - slack, _top(w, measure))
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    # A page break: its number and the blank lines around it go; the sentence around it goes on.
    dropped: set[int] = set()
    for i, line in enumerate(lines):
        body = line.rstrip()
        if PAGE_NUMBER.match(body) or (_BARE_NUMBER.match(body) and i > 0 and not lines[i - 1].strip()):
            dropped.add(i)
            for step in (-1, 1):
                j = i + step
                while 0 <= j < len(lines) and not lines[j].strip():
                    dropped.add(j)
                    j += step
    dropped |= _running_lines(lines, dropped)
    kept: list[tuple[int, int]] = []  # ranges of ``text`` kept, in order; the joined text is their concatenation
    last = -1  # the last line that went into the joined text
    joining = False  # the last kept line is full: the next content line continues it

    def new_line(i: int, end: int) -> None:
        if last >= 0:
            nl = starts[last + 1] - 1  # the line break that ended the previous kept line: one break between them
            kept.append((nl, nl + 1))
        kept.append((starts[i], end))

    for i, line in enumerate(lines):
        if i in dropped:
            continue
        body = line.rstrip()
        if not body.strip():
            if not joining:
                new_line(i, starts[i])  # an empty line between paragraphs stays
                last = i
            continue  # a blank line after a full line is the bottom of a page
        row = bool(_CELLS_APART.search(body.strip()))  # a table's row set out with spaces is a line of its own
        if i - 1 in split and last == i - 1:
            kept.append((starts[i], starts[i] + len(body)))  # the rest of the lead's printed line
            last = i
            joining = measure(lines[i - 1].rstrip()) + measure(body) >= w - slack
            continue
        if (
            joining
            and not _INDENT.match(body)
            and not _STARTS_ITEM.match(body)
            and not row
            and not _DATE_LINE.match(body)
        ):
            kept.append((starts[i], starts[i] + len(body)))
        else:
            new_line(i, starts[i] + len(body))
        last = i
        joining = measure(body) >= w - slack and not row
    if text.endswith("\n") and last >= 0:
        kept.append((len(text) - 1, len(text)))
    joined: list[str] = []
    removed: list[tuple[int, str]] = []
    pos = at = 0  # in ``text``; in the joined text
    for a, b in kept:
        if a > pos:
            removed.append((at, text[pos:a]))
        joined.append(text[a:b])
        at += b - a
        pos = b
    if pos < len(text):
        removed.append((at, text[pos:]))
    return "".join(joined), tuple(removed)


# A line break in mid-sentence in text copied from a page ("…机关负责人出庭应诉\n率达到99.2%"): the line is prose (a
# comma in it, no tab or run of spaces as a table row or page chrome has), long, and stops on a word; the next line
# goes on with one (not indented, not a heading, not a "标签：" field).
_STRAY_MIN = 30
_PROSE = re.compile(r"[，、；,]")
_LAID_OUT = re.compile(r"\t| {2,}|\u3000{2,}|[\u4e00-\u9fff\d] [\u4e00-\u9fff\d]")  # cells apart, as in a table
_STOPS_ON_WORD = re.compile(r"[\u4e00-\u9fff\d%）)》”，、,]$")  # on a word, or on a comma
_GOES_ON = re.compile(r"^[\u4e00-\u9fff\d%（(《“]")
_FIELD = re.compile(r"^[^，。：:]{1,8}[：:]|^\d{1,3}\s")  # "来源：…"; a table row's number


def join_stray_breaks(text: str) -> tuple[str, tuple[tuple[int, str], ...]]:
    """``text`` with line breaks in mid-sentence taken out, and what was taken out (as ``unwrap_edits`` gives)."""
    lines = _lines(text)
    removed: list[tuple[int, str]] = []
    kept: list[str] = []
    at = 0  # position in the joined text
    lead = ""  # the indent of this line, taken out with the break before it
    for i, line in enumerate(lines):
        line = line[len(lead) :]
        kept.append(line)
        at += len(line)
        if i + 1 == len(lines):
            break
        nxt = lines[i + 1]
        lead = ""
        if _stray(line, nxt):
            removed.append((at, "\n"))
        elif _title_goes_on(line, nxt):
            lead = nxt[: len(nxt) - len(nxt.lstrip())]
            removed.append((at, "\n" + lead))
        else:
            kept.append("\n")
            at += 1
    if not removed:
        return text, ()
    return "".join(kept) + ("\n" if text.endswith("\n") else ""), tuple(removed)


def _title_goes_on(line: str, nxt: str) -> bool:
    """A 《title》 broken at the end of a line ("…关于印发《滨海新区" ⏎ "2025年法治政府建设工作要点》的通知"), centred
    or short as a document's heading lines are: the next line closes it before opening another."""
    body, rest = line.strip(), nxt.strip()
    if not body or body.count("《") <= body.count("》") or "》" not in rest:
        return False
    opened = rest.find("《")
    return opened < 0 or rest.find("》") < opened


def _stray(line: str, nxt: str) -> bool:
    body = line.strip()
    return (
        len(body) >= _STRAY_MIN
        and line == line.rstrip()
        and bool(_PROSE.search(body))
        and not _LAID_OUT.search(body)
        and bool(_STOPS_ON_WORD.search(body))
        and bool(_GOES_ON.match(nxt))
        and not _STARTS_ITEM.match(nxt)
        and not _FIELD.match(nxt)
        and not _DATE_LINE.match(nxt)
        and not _LAID_OUT.search(nxt)
    )


# Paragraphs run together on one line, each still opened by its two full-width (or no-break) spaces: a CMS that
# lost the paragraph tags ("…取得明显成效。　　一、强化组织领导　　（一）…"), or text copied out of such a page.
_RUN_ON_START = re.compile(r"(?<=[^\s\u3000\xa0])[\u3000\xa0]{2}(?=[^\s\u3000\xa0])")
_RUN_ON_END = re.compile(r"[。！？；：”」）)][\u3000\xa0]{2}(?=[^\s\u3000\xa0])")
_MIN_RUN_ON = 200  # a line this long with paragraph openings inside it
_MIN_ENDS = 2  # sentences ended and a paragraph opened after them, on the line: a cell's padding never does this


def split_run_on(text: str) -> tuple[str, int]:
    """The text with each paragraph opened inside a long line put on a line of its own: the first of its two
    opening spaces becomes the line break, so every offset stays where it was. Returns the text and how many."""
    lines, n = text.split("\n"), 0
    for i, line in enumerate(lines):
        if len(line) >= _MIN_RUN_ON and len(_RUN_ON_END.findall(line)) >= _MIN_ENDS:
            lines[i], k = _RUN_ON_START.subn(lambda m: "\n" + m.group()[1:], line)
            n += k
    return "\n".join(lines), n
