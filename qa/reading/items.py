"""A work plan's numbered task asked by its number ("工作要点第17项任务是什么", "第9项讲的是什么工作", "第24项任务的
配合单位有哪些"): the item that opens a line with that number ("17.推行包容审慎监管。…"), its title — the words up to
its first 。 — and its extent, where the note of its offices stands ("牵头单位：…；配合单位：…")."""

from __future__ import annotations

import re

import cn2an

_ASKED = re.compile(r"第\s*(\d{1,3}|[一二三四五六七八九十]{1,4})\s*项(?!目)")  # not 条: a law's article
_TITLE_END = re.compile(r"[。；;\n]")
MAX_TITLE = 60  # a title runs to its first 。; longer, the item has none of its own and is no answer
MAX_CELL = 300  # a table's task cell is the item's title, whole, up to this long


def asked(question_norm: str) -> int | None:
    """The number of the item the question asks about ("第17项任务" → 17), or None."""
    m = _ASKED.search(question_norm)
    if m is None:
        return None
    text = m.group(1)
    try:
        return int(text) if text.isdigit() else int(cn2an.cn2an(text, "smart"))
    except ValueError:
        return None


def _opening(n: int) -> re.Pattern:
    """A line opened by item ``n``: "17." / "17、" / "(17)" / "(十七)", not "17.5%"; or a table's row whose first cell
    is the number ("16<tab>发挥行政复议委员会咨询作用…<tab>区政府办公室<tab>…": a plan's 序号 column)."""
    cn = cn2an.an2cn(n)
    return re.compile(
        rf"(?m)^[ \t\u3000]*(?:{n}\s*[.．、](?!\d)|[(（]\s*(?:{n}|{cn})\s*[)）])[ \t\u3000]*|^{n}\t(?=[^\t\n])"
    )


def item(doc_norm: str, n: int) -> tuple[int, int] | None:
    """The document span of item ``n``: from its first word to the next item's line (or a part's heading, or the
    text's end); None when no line opens with it or several do (a numbering that restarts in each part is no
    address)."""
    found = list(_opening(n).finditer(doc_norm))
    if len(found) != 1:
        return None
    start = found[0].end()
    after = [m.start() for m in (_opening(n + 1).search(doc_norm, start), _PART.search(doc_norm, start)) if m]
    return start, min(after, default=len(doc_norm))


_PART = re.compile(r"(?m)^[ \t\u3000]*[一二三四五六七八九十]+[、.．]")


def title(doc_norm: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """The item's title: its words up to the first 。 (or ；, or the line's end) — None when that runs long."""
    start, end = span
    if doc_norm[start - 1 : start] == "\t":  # a table's row: its task is the cell after the number, whole
        stop = min(i for i in (doc_norm.find("\t", start, end), doc_norm.find("\n", start, end), end) if i >= 0)
        return (start, stop) if 0 < stop - start <= MAX_CELL else None
    m = _TITLE_END.search(doc_norm, start, end)
    stop = m.start() if m else end
    return (start, stop) if 0 < stop - start <= MAX_TITLE else None
