"""Running headers and footers of PDF pages.

A PDF's text layer gives each page's header (the issuing body, the report's short title) and footer
(— 3 —, 第3页 共12页) with that page's text, so once pages are joined they land inside sentences:
"…实施方案（2021-2025年）》。元氏县人民政府". A line is page furniture when it stands among the first or last
lines of most pages, the same there but for its digits. Only short lines qualify, and on each page only
the first such line from the top and the last from the bottom go, so a title that repeats the header
(元氏县人民政府 above 关于2021年度…的报告) stays on the first page.
"""

from __future__ import annotations

import math
import re

# How far from a page's top and bottom furniture is looked for, in non-blank lines.
_EDGE = 3
# Longer lines are prose, whatever repeats.
_MAX_LEN = 40
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def _key(line: str) -> str:
    return _DIGITS.sub("#", _SPACE.sub("", line))


def _edges(lines: list[str]) -> tuple[list[int], list[int]]:
    """Indexes of the first and last few non-blank lines of a page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return filled[:_EDGE], filled[-_EDGE:]


def drop_running_lines(pages: list[str]) -> tuple[list[str], int]:
    """The pages without the lines repeated at their top or bottom; and how many lines went."""
    if len(pages) < 3:
        return pages, 0
    split = [page.split("\n") for page in pages]
    seen: dict[str, int] = {}
    for lines in split:
        top, bottom = _edges(lines)
        keys = {_key(lines[i]) for i in top + bottom if len(lines[i].strip()) <= _MAX_LEN}
        for key in keys:
            seen[key] = seen.get(key, 0) + 1
    need = max(3, math.ceil(0.6 * len(pages)))
    running = {key for key, n in seen.items() if n >= need and key}
    if not running:
        return pages, 0
    out, dropped = [], 0
    for lines in split:
        top, bottom = _edges(lines)
        gone: set[int] = set()
        for window in (top, list(reversed(bottom))):
            taken: set[str] = set()
            for i in window:
                key = _key(lines[i])
                if key in running and key not in taken and len(lines[i].strip()) <= _MAX_LEN:
                    gone.add(i)
                    taken.add(key)
        dropped += len(gone)
        out.append("\n".join(line for i, line in enumerate(lines) if i not in gone))
    return out, dropped


# A footnote at a page's foot, opened by its superscript mark ("¹ 纠错率=…"): printed between the page's last line and
# the next page's first, it would stand inside a sentence that runs on over the page break.
# Or by a circled number ("① “一站式”服务点共设10个…"), when the page's text refers to it after a word
# ("“一站式”服务①，"): a list numbered ①②… at a page's foot is no note.
_FOOTNOTE = re.compile(r"^\s*(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|([①-⑳]))\s*\S")


def _a_note(lines: list[str], k: int) -> bool:
    """Whether line ``k`` of a page opens a footnote: a superscript mark, or a circled one the lines above refer to."""
    m = _FOOTNOTE.match(lines[k])
    if m is None:
        return False
    mark = m.group(1)
    return mark is None or any(mark in line.strip()[1:] for line in lines[:k])


MAX_FOOTNOTE_LINES = 8  # a page's notes stand within its last this many lines


def _joined_notes(lines: list[str]) -> str:
    """A page's notes, one line each: a note's wrapped lines run on ("…全年召开案" / " 审会议3次" is one)."""
    out: list[str] = []
    for line in lines:
        if out and line.strip() and not _FOOTNOTE.match(line):
            out[-1] += line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def move_footnotes(pages: list[str]) -> list[str]:
    """The pages with each page's footnotes moved after the end of the sentence that runs on into the next page
    ("占审结案" / "¹ 纠错率=…" / "件的29.4%。…" reads "占审结案件的29.4%。" then the note); a last page's stay."""
    bodies, notes = [], []
    for page in pages[:-1]:  # each page's own notes, found before any is moved
        lines = page.split("\n")
        tail = [k for k in range(max(0, len(lines) - MAX_FOOTNOTE_LINES), len(lines)) if _a_note(lines, k)]
        cut = tail[0] if tail else len(lines)
        bodies.append("\n".join(lines[:cut]))
        notes.append(_joined_notes(lines[cut:]))
    out = bodies + pages[-1:]
    for i, note in enumerate(notes):
        if note:
            nxt = out[i + 1]
            end = nxt.find("。")
            out[i + 1] = f"{nxt}\n{note}" if end < 0 else f"{nxt[: end + 1]}\n{note}\n{nxt[end + 1 :].lstrip(' ')}"
    return out
