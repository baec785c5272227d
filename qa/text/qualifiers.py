"""Qualifiers that set one answer apart from its siblings: the level (全国 / 全省 / 全市 / 全县)
and the ordinal of a batch or session (第二批, 第三届).

"哪个县被命名为全国法治政府建设示范县" is not answered by "被命名为全省第二批…示范县", nor
"第三批" by "第二批": a sentence naming another value of a qualifier the question names, and not
the question's own, speaks of something else.
"""

from __future__ import annotations

import re

# Level words by level; 全区 is left out (a district's "全区" and an autonomous region's differ).
_LEVELS = {
    "国": ("全国", "国家级"),
    "省": ("全省", "省级"),
    "市": ("全市", "市级"),
    "县": ("全县", "县级"),
}
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十")}
_ORDINAL = re.compile(r"第([一二三四五六七八九十\d]{1,3})([批届次轮期])")


def _ordinal_value(numeral: str) -> int | None:
    if numeral.isdigit():
        return int(numeral)
    if numeral == "十":
        return 10
    if len(numeral) == 1:
        return _DIGITS.get(numeral)
    if len(numeral) == 2 and numeral[0] == "十":
        return 10 + _DIGITS.get(numeral[1], 0)
    if len(numeral) == 2 and numeral[1] == "十":
        return 10 * _DIGITS.get(numeral[0], 0)
    if len(numeral) == 3 and numeral[1] == "十":
        return 10 * _DIGITS.get(numeral[0], 0) + _DIGITS.get(numeral[2], 0)
    return None


def qualifiers(text: str) -> frozenset[tuple[str, str]]:
    """(group, value) pairs the normalised text names: ("level", "省"), ("批", "2")."""
    found = {("level", level) for level, words in _LEVELS.items() if any(w in text for w in words)}
    for m in _ORDINAL.finditer(text):
        value = _ordinal_value(m.group(1))
        if value is not None:
            found.add((m.group(2), str(value)))
    return frozenset(found)


def contradicts(asked: frozenset[tuple[str, str]], text: str) -> bool:
    """Whether the text names another value of a qualifier the question names, and not the asked one."""
    if not asked:
        return False
    held = qualifiers(text)
    return any((group, value) not in held and any(g == group for g, _ in held) for group, value in asked)
