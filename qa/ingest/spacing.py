"""Letter-spaced text closed up.

OCR of a scanned page, and PDF text of a justified or centred line, space out the characters of a heading ("一 、 高 度
重 视") or a year ("2 0 2 3年"): no term or year in them is found as written. A line whose Chinese characters mostly
stand one space apart has those spaces taken out; four digits one space apart before 年 are one year. Closing up only
removes characters, so, as for joined lines (``qa.ingest.unwrap``), what was removed and where maps offsets back.
"""

from __future__ import annotations

import re

# Chinese characters, full-width punctuation (not the ideographic space U+3000) and the OCR's half-width , : ;
_WIDE = r"[\u4e00-\u9fff\u3001-\u303f\uff01-\uff5e,:;]"
_GAP = re.compile(rf"(?<={_WIDE}) (?={_WIDE})")
_WIDE_CHAR = re.compile(_WIDE)
_SPACED_RUN = re.compile(rf"{_WIDE}(?: {_WIDE}){{3,}}")  # "行 政 复 议": single characters one space apart
_SPACED_YEAR = re.compile(r"(?<![\d.])\d( )\d( )\d( )\d(?= ?年)")
# In a paragraph of sentences (a line ending as a sentence ends), one space between two Chinese characters or inside
# a figure before its unit ("行政 复议", "2 6 8件", "1 2.5%") is the OCR's or the PDF's, not the writer's: a table row
# set out with spaces ends with its last cell ("市直有关部门 2025年10月底前"), and a heading's space follows its
# number's mark ("一、 总体情况").
_PROSE = re.compile(r"[。；！？][”’」）)]?\s*$")
_STRAY = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")
_SPACED_FIGURE = re.compile(r"(?<![\d. ])\d[\d.]*(?: \d[\d.]*)+(?=[件个次人家名项%％份场条宗起户万亿元])")
MIN_GAPS = 3  # a line needs this many one-space gaps between wide characters to count as letter-spaced
MIN_SHARE = 0.3  # … and as many gaps as this share of its wide characters


def _gaps(line: str) -> list[int]:
    """Positions of the spaces to take out of one line: all its gaps when it is letter-spaced, else those of its
    runs of single characters one space apart ("深化行 政 复 议体制改革"); in a sentence, a stray one."""
    gaps = [m.start() for m in _GAP.finditer(line)]
    if len(gaps) < MIN_GAPS or len(gaps) < MIN_SHARE * len(_WIDE_CHAR.findall(line)):
        gaps = [m.start() + i for m in _SPACED_RUN.finditer(line) for i in range(1, m.end() - m.start(), 2)]
    years = [m.start(g) for m in _SPACED_YEAR.finditer(line) for g in (1, 2, 3)]
    stray: list[int] = []
    if _PROSE.search(line):
        stray = [m.start() for m in _STRAY.finditer(line)]
        stray += [m.start() + i for m in _SPACED_FIGURE.finditer(line) for i, ch in enumerate(m.group(0)) if ch == " "]
    return sorted(set(gaps) | set(years) | set(stray))


def close_up(text: str) -> tuple[str, tuple[tuple[int, str], ...]]:
    """The text with letter-spaced runs closed up, and what was taken out: (position in the new text, " "), in order;
    ``(text, ())`` when nothing is letter-spaced."""
    out: list[str] = []
    removed: list[tuple[int, str]] = []
    at = 0  # position in the new text
    for line in text.split("\n"):
        gaps = set(_gaps(line))
        if gaps:
            kept = "".join(ch for i, ch in enumerate(line) if i not in gaps)
            removed += [(at + i - n, " ") for n, i in enumerate(sorted(gaps))]
        else:
            kept = line
        out.append(kept)
        at += len(kept) + 1
    if not removed:
        return text, ()
    return "\n".join(out), tuple(removed)


def after(first: tuple[tuple[int, str], ...], second: tuple[tuple[int, str], ...]) -> tuple[tuple[int, str], ...]:
    """Two removals made one after the other as one: ``first`` made the text that ``second`` was made from. Each
    edit is placed in the final text; pieces at one position keep the order they stood in."""
    if not first or not second:
        return first or second
    spans, removed = [], 0  # where each piece of ``second`` stood in its input text
    for at, piece in second:
        spans.append((at + removed, len(piece)))
        removed += len(piece)
    merged = [(at, start, piece) for (at, piece), (start, _) in zip(second, spans)]
    for at, piece in first:
        gone = sum(max(0, min(n, at - start)) for start, n in spans)
        merged.append((at - gone, at - 0.5, piece))  # it stood before the character at ``at``
    merged.sort(key=lambda e: (e[0], e[1]))
    return tuple((at, piece) for at, _, piece in merged)
