"""Word's automatic list numbers, as Word shows them before a paragraph.

A Word file may number its headings and items by a list definition (numbering.xml) instead of typing "一、" or
"（一）": the paragraph's text is then "深化行政复议体制改革" alone, and the sections would not see a heading. This
renders each numbered paragraph's label ("一、", "（二）", "3.") the way Word counts it, in document order, so the
text reads as the reader of the document sees it. Bullets and unnumbered levels give no label.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cn2an

from qa.ingest.ooxml import attr, child, tag

_PUNCTUATION = "、，,．.:：)）]】」>》"


def _int(text: str | None, default: int) -> int:
    return int(text) if text is not None and text.lstrip("-").isdigit() else default


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    # Word's letters: a…z, then aa…zz, then aaa…
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _enclosed(n: int, first: int, last: int) -> str:
    return chr(first + n - 1) if 1 <= n <= last - first + 1 else str(n)


_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def format_number(n: int, fmt: str) -> str:
    """``n`` in Word's number format ``fmt`` (w:numFmt): decimal, chineseCounting, upperRoman, …; a format this
    does not know is written in decimal, as Word falls back to."""
    if n < 0:
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "koreanCounting", "ideographEnclosedCircle"):  # fmt: skip
        return "〇" if n == 0 else cn2an.an2cn(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional", "japaneseLegal"):
        return cn2an.an2cn(n, "up")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _STEMS[n - 1] if 1 <= n <= len(_STEMS) else str(n)
    if fmt == "ideographZodiac":
        return _BRANCHES[n - 1] if 1 <= n <= len(_BRANCHES) else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _enclosed(n, 0x2460, 0x2473)  # ①…⑳
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, 0x2474, 0x2487)  # ⑴…⒇
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, 0x2488, 0x249B)  # ⒈…⒛
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    return str(n)


@dataclass(frozen=True)
class _Level:
    fmt: str = "decimal"
    text: str | None = None  # w:lvlText, "%1、"; None: no label
    start: int = 1


@dataclass
class ListNumbers:
    """The labels of a document's numbered paragraphs, counted in the order ``label`` is asked (document order)."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId -> ilvl -> level
    instances: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # numId -> (abstract, overrides)
    style_numbering: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId -> (numId, ilvl)
    _counts: dict[str, dict[int, int]] = field(default_factory=dict)
    _started: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, document) -> ListNumbers:
        """The list definitions of a python-docx ``Document`` (none when the file has no numbering part)."""
        numbers = cls()
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        for node in numbering.iterchildren() if numbering is not None else ():
            if tag(node) == "abstractNum":
                numbers.levels[attr(node, "abstractNumId", "")] = {
                    _int(attr(lvl, "ilvl", "0"), 0): _Level(
                        fmt=attr(child(lvl, "numFmt"), "val") or "decimal",
                        text=attr(child(lvl, "lvlText"), "val"),
                        start=_int(attr(child(lvl, "start"), "val"), 1),
                    )
                    for lvl in node.iterchildren()
                    if tag(lvl) == "lvl"
                }
            elif tag(node) == "num":
                overrides = {
                    _int(attr(override, "ilvl", "0"), 0): _int(attr(start, "val"), 1)
                    for override in node.iterchildren()
                    if tag(override) == "lvlOverride" and (start := child(override, "startOverride")) is not None
                }
                numbers.instances[attr(node, "numId", "")] = (attr(child(node, "abstractNumId"), "val", ""), overrides)
        for style in document.styles.element.iterchildren():
            num_pr = child(child(style, "pPr"), "numPr")
            if num_pr is not None:
                level = _int(attr(child(num_pr, "ilvl"), "val"), 0)
                numbers.style_numbering[attr(style, "styleId", "")] = (
                    attr(child(num_pr, "numId"), "val") or "0",
                    level,
                )
        return numbers

    def label(self, paragraph) -> str:
        """The list label Word shows before ``paragraph`` (a w:p element), counting it; "" when it has none."""
        if not self.instances:
            return ""
        ppr = child(paragraph, "pPr")
        num_pr = child(ppr, "numPr")
        num_id, ilvl = attr(child(num_pr, "numId"), "val"), attr(child(num_pr, "ilvl"), "val")
        level = _int(ilvl, 0)
        if num_id is None:  # numbered through its style, if at all
            own = self.style_numbering.get(attr(child(ppr, "pStyle"), "val", ""))
            if own is None:
                return ""
            num_id, level = own[0], own[1] if ilvl is None else level
        if num_id not in self.instances:  # numId 0: numbering switched off
            return ""
        abstract, overrides = self.instances[num_id]
        levels = self.levels.get(abstract, {})
        counts = self._counts.setdefault(abstract, {})
        if num_id not in self._started:  # a list restarted by its own instance ("restart numbering" in Word)
            self._started.add(num_id)
            for at, start in overrides.items():
                counts[at] = start - 1
                for deeper in [k for k in counts if k > at]:
                    del counts[deeper]
        here = levels.get(level, _Level())
        counts[level] = counts.get(level, here.start - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        if here.text is None or here.fmt in ("bullet", "none"):
            return ""
        out = here.text
        for k in range(9, 0, -1):  # %10 is not a placeholder: count down so %1 does not eat %1x
            if f"%{k}" in out:
                at = levels.get(k - 1, _Level())
                out = out.replace(f"%{k}", format_number(counts.get(k - 1, at.start), at.fmt))
        out = out.strip()
        if not out:
            return ""
        return out if out[-1] in _PUNCTUATION else out + " "
