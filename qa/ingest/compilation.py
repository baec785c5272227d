"""A file that holds several documents: a 政府公报 issue posted as one page, a 文件汇编, a city's 汇编 of its
counties' reports.

A gazette issue sets its documents one after another, each headed by its issuer, its title and its document number
on a line of its own ("遵府报〔2023〕7号"); the rule-of-law report is one of them and the others (a 政府令 on water
supply, a notice on forest fires, appointments) hold figures and offices of their own that would answer questions
about the report. Where a file holds at least two such numbered documents and one of them is titled as a rule-of-law
report or work plan, only that document's lines are the body (the others are left out of the chunks, as page
furniture is; the text is untouched). A report with its own number under its title, alone in its file, is unchanged.

A city's compilation of its counties' reports (宜宾市…区县法治政府建设情况报告汇编) sets each report under its own title
line; ``report_spans`` cuts the file at those lines, and the corpus reads each span's place and year on its own.
"""

from __future__ import annotations

import re

# A document number standing alone on its line, as a document's head sets it.
_NUMBER_LINE = re.compile(r"^\s*[\u4e00-\u9fff]{1,10}\s*[〔［\[【]\s*(?:19|20)\d{2}\s*[〕］\]】]\s*\d{1,4}\s*号\s*$")
# A report's or work plan's title (its head lines joined).
_REPORT_TITLE = re.compile(r"(?:法治政府|依法行政|法治建设)[^。]{0,20}(?:报告|要点|总结|情况)")
_HEAD_LINES = 3  # issuer and title lines above the number
# Lines that end one document of a page and lead to the next: the gazette's way back to its contents.
_SEPARATOR = re.compile(r"^\s*(?:返回目录|返回顶部|回到顶部)\s*$")
# The line a document of a gazette ends with, after its signature and date.
_LAST_LINE = re.compile(r"^\s*[(（]\s*此件(?:公开发布|主动公开|依申请公开|不公开)\s*[)）]\s*$")


def _head_start(lines: list[str], at: int) -> int:
    """The first line of the head above the number on line ``at``: up to three short lines that are no sentence."""
    start = at
    while start > 0 and at - start < _HEAD_LINES:
        above = lines[start - 1].strip()
        if not above or len(above) > 60 or above.endswith(("。", ";", "；", ":", "：")) or _SEPARATOR.match(above):
            break
        start -= 1
    return start


def _line_starts(lines: list[str]) -> list[int]:
    """The offset of each line in the text they were split from, and the text's length plus one after the last."""
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    return starts


def report_part(norm: str, body: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], int]:
    """The body spans of the report's own document in a compilation, and how many documents the file holds (0 when it
    is no compilation or no document of it is titled as a report: ``body`` unchanged)."""
    lines = norm.split("\n")
    numbered = [i for i, line in enumerate(lines) if _NUMBER_LINE.match(line)]
    if len(numbered) < 2:
        return body, 0
    heads = [_head_start(lines, i) for i in numbered]
    titled = [j for j, (h, i) in enumerate(zip(heads, numbered)) if _REPORT_TITLE.search("".join(lines[h:i]))]
    if len(titled) != 1:
        return body, 0
    j = titled[0]
    end = heads[j + 1] if j + 1 < len(heads) else len(lines)
    end = next((k for k in range(numbered[j] + 1, end) if _SEPARATOR.match(lines[k])), end)
    end = next((k + 1 for k in range(numbered[j] + 1, end) if _LAST_LINE.match(lines[k])), end)
    starts = _line_starts(lines)
    first, last = starts[heads[j]], starts[end]
    return [(a, b) for a, b in body if first <= a and b < last], len(numbered)


# A report's own title on its line: no heading number before it, no sentence, no quoted title, not the 汇编's name.
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（]|\d)")
_MIN_REPORT = 300  # characters of body a report of the compilation has at least (a 目录 entry has none)


def _own_title(line: str) -> bool:
    s = line.strip()
    return (
        8 <= len(s) <= 50
        and _REPORT_TITLE.search(s) is not None
        and not _NUMBERED.match(s)
        and not s.endswith(("。", "；", ";", "：", ":", "，", ","))
        and not any(mark in s for mark in ("《", "汇编", "通知", "目录"))
    )


def report_spans(norm: str, body: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each report of a compilation, from its title line to the next report's; [] for a file with
    fewer than two titled reports. Whether the reports are of different places is the caller's to decide."""
    lines = norm.split("\n")
    starts = _line_starts(lines)
    titles = [i for i, line in enumerate(lines) if _own_title(line)]
    spans = []
    for j, i in enumerate(titles):
        a, b = starts[i], min(starts[titles[j + 1]] if j + 1 < len(titles) else len(norm), len(norm))
        if sum(max(0, min(e, b) - max(s, a)) for s, e in body) >= _MIN_REPORT:
            spans.append((a, b))
    return spans if len(spans) >= 2 else []
