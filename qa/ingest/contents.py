"""A report's table of contents (目录), blanked out before its sections are read.

Long reports prepared in an office come with a contents page: each part's title, a dot leader or a tab, and a page
number ("一、深入推进行政复议体制改革……………3"). Read as text these lines look like the report's own headings, in
order, before the real ones: the sections would take the last contents line (often "六、…工作打算", a plan) as the
heading of the whole body. The lines are replaced by spaces of the same length, so that every offset into the text
(a Word file's heading offsets, the source edits) stays as it was.
"""

from __future__ import annotations

import re

# "目录" / "目  录" alone on its line
_HEADER = re.compile(r"^[ \t\u3000]*目[ \t\u3000]*录[ \t\u3000]*$")
# a title with Chinese in it, a leader (dots, an ellipsis run, a tab, a wide gap) and a page number closing the line
_LEADER = r"[.．·…。_\-－—]{3,}"
_ENTRY = re.compile(
    rf"^[ \t\u3000]*(?P<title>\S[^\t]{{0,80}}?[\u4e00-\u9fff][^\t]{{0,80}}?)[ \u3000]*"
    rf"(?P<leader>{_LEADER}|\t+|[ \u3000]{{2,}})[ \t\u3000]*(?:[-－—]\s*)?\d{{1,3}}(?:\s*[-－—])?[ \t\u3000]*$"
)
_DOTTED = re.compile(_LEADER)


def blank_contents(text: str) -> tuple[str, int]:
    """The text with its contents lines (and their "目录" line) blanked; how many lines were blanked.

    A block under a "目录" line runs while its lines are contents entries or empty, and needs two entries; without
    the header, three entries in a row with dot leaders make a block (tabs alone could be a table's rows)."""
    lines = text.split("\n")
    blank: list[int] = []
    i = 0
    while i < len(lines):
        if _HEADER.match(lines[i]):
            j, entries = i + 1, []
            while j < len(lines) and (not lines[j].strip() or _ENTRY.match(lines[j])):
                if lines[j].strip():
                    entries.append(j)
                j += 1
            if len(entries) >= 2:
                blank += [i, *entries]
                i = j
                continue
        elif _dotted_entry(lines[i]):
            j = i
            while j < len(lines) and _dotted_entry(lines[j]):
                j += 1
            if j - i >= 3:
                blank += list(range(i, j))
                i = j
                continue
        i += 1
    for k in blank:
        lines[k] = " " * len(lines[k])
    return "\n".join(lines), len(blank)


def _dotted_entry(line: str) -> bool:
    m = _ENTRY.match(line)
    return m is not None and bool(_DOTTED.fullmatch(m.group("leader")))
