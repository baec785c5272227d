"""Section parser: heading styles of Chinese government reports → a heading path for every span.

Families of headings (一、 / (一) / 1. / (1) / ① / 第一章, and the inline 一是…二是…) are
nested in the order a document first uses them, the way RAGFlow votes bullet families instead
of assuming a fixed hierarchy. Works on the normalised text (full-width already folded, so
（一） and (一), １． and 1. look alike) while every offset is into the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_NUM = "一二三四五六七八九十百零〇两"
# family name → pattern matched at the start of a stripped line
HEADING_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(rf"^第[{_CN_NUM}\d]+[章节篇部](?:分)?")),
    ("cn", re.compile(rf"^[{_CN_NUM}]+\s*(?:、|[.．](?!\d))")),
    ("paren_cn", re.compile(rf"^[(（]\s*[{_CN_NUM}]+\s*[)）]")),
    ("num", re.compile(r"^\d{1,2}\s*(?:、|[.．](?!\d)|\s(?=[\u4e00-\u9fff]))")),
    ("paren_num", re.compile(r"^[(（]\s*\d{1,2}\s*[)）]")),
    ("circled", re.compile(r"^[①-⑳]")),
    # "附件", "附件2：", "附表": an annex after the report's last part (its tables of indicators), under no part of it
    # "附表：长丰县2023年法治政府建设主要数据": with its title on the line
    (ANNEX := "annex", re.compile(r"^附[件表]\s*\d{0,2}\s*(?:$|[:：]\s*(?:$|[^。；;！!？?]{2,40}$))")),
)
# Inline enumerations "一是…二是…" at a sentence start.
_INLINE = re.compile(rf"(?:^|(?<=[。；;！!？?：:\s]))([{_CN_NUM}]{{1,3}})是")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_TERMINATOR = re.compile(r"[。；;！!？?：:]")
_MAX_HEADING = 50  # a heading longer than this is cut at a comma, then hard-cut with "…"
_HEADING_ONLY_MAX = 60  # a line this short without a sentence end is a heading, not body
MIN_ROW_CELLS = 3  # a line of this many tab-separated cells with text is a table's row
# A part's number on a line of its own before its heading, as article editors (WeChat) set them in a coloured box:
# "01" ⏎ "2023年主要工作", "PART 02" ⏎ "存在的问题".
_BOXED_NUMBER = re.compile(r"^(?:part\s*[.．]?\s*)?(\d{1,2})$", re.IGNORECASE)


def heading_family(line: str) -> str | None:
    """The heading family a stripped, normalised line starts with, or None. A table's row is no heading, though its
    first cell is a number ("1<tab>行政复议<tab>行政复议综合纠错率<tab>≥20%<tab>28.42%")."""
    if sum(bool(cell.strip()) for cell in line.split("\t")) >= MIN_ROW_CELLS:
        return None
    for name, pattern in HEADING_FAMILIES:
        if pattern.match(line):
            return name
    return None


def _cn_value(s: str) -> int | None:
    """一→1 … 十→10, 十二→12, 二十→20; None when not a small Chinese numeral."""
    if s == "十":
        return 10
    if len(s) == 1:
        return _CN_DIGITS.get(s)
    if len(s) == 2 and s[0] == "十":
        v = _CN_DIGITS.get(s[1])
        return None if v is None else 10 + v
    if len(s) == 2 and s[1] == "十":
        v = _CN_DIGITS.get(s[0])
        return None if v is None else 10 * v
    if len(s) == 3 and s[1] == "十":
        a, b = _CN_DIGITS.get(s[0]), _CN_DIGITS.get(s[2])
        return None if a is None or b is None else 10 * a + b
    return None


def heading_label(text: str) -> str:
    """A short label for a heading line or the first sentence of an item."""
    m = _TERMINATOR.search(text)
    label = text[: m.start()] if m else text
    label = label.strip()
    if len(label) > _MAX_HEADING:
        comma = re.search(r"[，,]", label)
        if comma and comma.start() >= 4:
            label = label[: comma.start()]
    if len(label) > _MAX_HEADING:
        label = label[:_MAX_HEADING] + "…"
    return label


@dataclass(frozen=True)
class Block:
    """A run of body text that shares one heading path. Offsets into the document."""

    start: int
    end: int
    path: tuple[str, ...]


def inline_items(norm: str, start: int, end: int) -> list[int]:
    """Offsets where the items of an inline 一是/二是/三是 enumeration start, in order.

    Only a sequence that starts at 一是 and counts up one by one is taken: a lone 二是 or
    an unrelated 是 after a numeral is not an enumeration.
    """
    starts: list[int] = []
    expected = 1
    for m in _INLINE.finditer(norm, start, end):
        value = _cn_value(m.group(1))
        if value == expected:
            starts.append(m.start(1))
            expected += 1
        elif value == 1 and starts:
            # A second enumeration in the same paragraph restarts the count.
            starts.append(m.start(1))
            expected = 2
    return starts if len(starts) >= 2 else []


def parse(text: str, norm: str, body: list[tuple[int, int]], styled: tuple[tuple[int, int], ...] = ()) -> list[Block]:
    """Split the body spans into blocks, each with its heading path.

    Heading-only lines become part of the path and of no block; a heading that opens a
    paragraph ("(一)加强组织领导。政府各级…") stays in the block's text and also names it.
    ``styled``: lines the file marks as headings of a level (a Word file's heading styles, numbered by Word or not
    at all: "依法全面履行政府职能" with no 一、 before it), (offset of the line's text, level). They are headings of
    their level whatever they start with; those before the first line of body text are the title: text, no section.
    A part's number on a line of its own ("01" ⏎ "2023年主要工作", as article editors set it) numbers the heading
    after it, a heading of its own family; the number is no text.
    """
    levels = dict(styled)
    stack: list[tuple[str, str]] = []  # (family, label)
    before_annex: list[tuple[str, str]] | None = None  # the report's path when an annex began
    blocks: list[Block] = []
    begun = False  # a line of body text has been read: the styled lines before it are the title
    lines = [(s, e) for s, e in (_stripped(norm, s, e) for s, e in body) if s < e]
    numbers, boxed = _boxed_headings(norm, lines)
    for k, (s, e) in enumerate(lines):
        if s in numbers:
            continue  # the box's number: its heading follows
        line = norm[s:e]
        following = norm[slice(*lines[k + 1])] if k + 1 < len(lines) else None
        level = levels.get(s) if len(line) <= _HEADING_ONLY_MAX else None  # a styled paragraph of prose is prose
        begun = begun or level is None
        if not begun:
            level = None  # the title (its lines styled as headings too), read as the text it opens
        family = f"style{level}" if level is not None else "boxed" if s in boxed else heading_family(line)
        if family is not None:
            if before_annex is not None and _continues(before_annex, family, line):
                # the report's next heading after an annex set in its middle ("附表：…" under 五(一), then
                # "(二)规范行政应诉工作"): the report goes on where it was; an annex's own "一、" stays in it
                stack[:] = before_annex
                before_annex = None
            names = [f for f, _ in stack]
            if family in names:
                del stack[names.index(family) :]
            elif family == ANNEX:
                before_annex = list(stack)
                stack.clear()  # the annex is no part of the last section ("三、下一步打算")
            stack.append((family, heading_label(line)))
            if level is not None or _heading_only(line):
                continue  # heading-only line: it names what follows, it is not body
        path = tuple(label for _, label in stack)
        items = inline_items(norm, s, e)
        if not items:
            blocks.append(Block(s, e, path))
            if following is not None and _introduces(line, following) and _tells(line, path):
                # "2021年，我市将重点抓好以下工作：" ⏎ "一是…": the items are under what the line says they are
                stack.append((INTRO, intro_label(line)))
            continue
        if items[0] > s:
            blocks.append(Block(s, items[0], path))
            intro = norm[s : items[0]]
            if _INTRO_END.search(intro) and _tells(intro, path):  # "下一步，我们将重点做好以下工作：一是…；二是…"
                path += (intro_label(intro),)
        for i, item_start in enumerate(items):
            item_end = items[i + 1] if i + 1 < len(items) else e
            label = heading_label(norm[item_start:item_end])
            blocks.append(Block(item_start, item_end, path + (label,)))
    return [_trim(text, b) for b in blocks if text[b.start : b.end].strip()]


# A line of body text that ends with a colon and is followed by enumerated items introduces them: "存在以下问题：",
# "2021年，我市将重点抓好以下工作：". It stands in the items' heading path (so that a plan or a list of shortcomings
# is known as one) until a heading of the report's own families comes.
INTRO = "intro"
_INTRO_END = re.compile(r"[：:]\s*$")
_ITEM_START = re.compile(rf"^(?:[{_CN_NUM}]{{1,3}}是|\d{{1,2}}\s*[、.．](?!\d)|[(（]\s*\d{{1,2}}\s*[)）]|[①-⑳])")
_INTRO_MAX = 120  # a longer line ending with a colon is a paragraph, not an introduction
_INTRO_LABEL = 60


def starts_item(text: str) -> bool:
    """Whether the text opens an enumerated item: 一是, 1、, (1), ①."""
    return bool(_ITEM_START.match(text))


def _introduces(line: str, following: str) -> bool:
    return len(line) <= _INTRO_MAX and bool(_INTRO_END.search(line)) and starts_item(following)


def _tells(intro: str, path: tuple[str, ...]) -> bool:
    """Whether an introducing line says what its items are (plans, shortcomings, of a year) where the headings above
    do not: under "三、存在的问题" it adds nothing, under "(四)加强法治文化阵地建设" it does."""
    cues = (_PLAN_HEADING, _PROBLEM_HEADING, _HEADING_YEAR)
    return any(c.search(intro) for c in cues) and not any(c.search(label) for c in cues for label in path)


def intro_label(text: str) -> str:
    """The label of an introducing line: its words without the colon, cut to a heading's length."""
    label = _INTRO_END.sub("", text).strip()
    return label if len(label) <= _INTRO_LABEL else label[:_INTRO_LABEL] + "…"


_LEADING_NUMBER = re.compile(rf"^[(（]?\s*([{_CN_NUM}]+|\d{{1,2}})")


def _number(label: str) -> int | None:
    m = _LEADING_NUMBER.match(label)
    if m is None:
        return None
    return int(m.group(1)) if m.group(1).isdigit() else _cn_value(m.group(1))


def _continues(path: list[tuple[str, str]], family: str, line: str) -> bool:
    """Whether a heading numbers on from the last heading of its family in ``path`` ("(二)" after "(一)")."""
    last = next((label for f, label in reversed(path) if f == family), None)
    if last is None:
        return False
    before, now = _number(last), _number(line)
    return before is not None and now == before + 1


def _stripped(norm: str, s: int, e: int) -> tuple[int, int]:
    line = norm[s:e]
    return s + len(line) - len(line.lstrip()), e - (len(line) - len(line.rstrip()))


def _heading_only(line: str) -> bool:
    return len(line) <= _HEADING_ONLY_MAX and not _TERMINATOR.search(line[:-1])


def _boxed_headings(norm: str, lines: list[tuple[int, int]]) -> tuple[set[int], set[int]]:
    """The lines that are only a part's number (01, 02, … counting up from 1) and the heading lines they number.
    A number before a line that numbers itself ("01" ⏎ "一、主要工作") is decoration: dropped, the line keeps its own
    family. Anything else (a lone figure, a count that skips) is text."""
    numbers, boxed, expected = set(), set(), 1
    for (s, e), (next_s, next_e) in zip(lines, lines[1:]):
        m = _BOXED_NUMBER.match(norm[s:e])
        if not m or int(m.group(1)) != expected:
            continue
        heading = norm[next_s:next_e]
        if not _heading_only(heading) or _BOXED_NUMBER.match(heading):
            continue
        numbers.add(s)
        expected += 1
        if heading_family(heading) is None:
            boxed.add(next_s)
    return numbers, boxed


def _trim(text: str, b: Block) -> Block:
    s, e = b.start, b.end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Block(s, e, b.path)


# ------------------------------------------------------------------ plan sections

# A heading that announces what is still to be done: "五、下一步工作打算", "2022年工作安排",
# "存在的问题和下一步工作". Under it, an annual report states plans, not results.
_PLAN_HEADING = re.compile(
    r"下一步|下步|工作打算|打算|明年|来年|今后|工作计划|工作安排|主要安排|工作思路|努力方向|展望"
)
_PROBLEM_HEADING = re.compile(r"存在(?:的|一些|着|不少|诸多)?(?:问题|不足)|问题和不足|不足之处|短板|薄弱环节")
_HEADING_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def is_plan_section(heading_path: tuple[str, ...] | list[str], doc_type: str, year: int | None = None) -> bool:
    """Whether text under ``heading_path`` states plans or targets rather than what was done.

    A 工作要点 is a plan throughout. In an annual report, a heading about next steps, or one that
    names a year after the report's own ("2022年工作安排" in the 2021 report), opens a plan section.
    """
    if doc_type == "工作要点":
        return True
    for label in heading_path:
        if _PLAN_HEADING.search(label):
            return True
        if year is not None and any(int(y) > year for y in _HEADING_YEAR.findall(label)):
            return True
    return False


def is_problem_section(heading_path: tuple[str, ...] | list[str]) -> bool:
    """Whether the heading path is about shortcomings (存在的问题), which are neither done nor planned."""
    return any(_PROBLEM_HEADING.search(label) for label in heading_path) and not any(
        _PLAN_HEADING.search(label) for label in heading_path
    )
