"""Typed answer spans inside a sentence: counts with their unit, percentages, dates.

Patterns run on the normalised sentence (same length as the original), so every match is a
(start, end) into the original text and the answer is cut from it verbatim.
"""

from __future__ import annotations

import re

from qa.question import UNITS

_NUM = r"(?:\d+(?:\.\d+)?|[一二三四五六七八九十两百千万亿零〇]+)"
# 36件, 20余件, 4.2万余条, 3万余人, 1.5亿元, 800余个, 100余件
COUNT = re.compile(
    rf"{_NUM}\s*(?:余|多)?\s*(?:万|亿|千|百)?\s*(?:余|多)?\s*(?:人次|场次|万元|亿元|学时|工作日|个工作日|[{UNITS}])"
)
RATIO = re.compile(r"\d+(?:\.\d+)?\s*[%％]|百分之[一二三四五六七八九十百零点\d.]+")
DATE = re.compile(
    r"(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
    r"|(?:19|20)\d{2}\s*年(?:度)?"
    r"|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}"
)
PATTERNS = {"count": COUNT, "ratio": RATIO, "date": DATE}
_CLAUSE = re.compile(r"[，,；;。：:、]")


def candidates(kind: str, norm_sentence: str) -> list[tuple[int, int]]:
    """(start, end) of every span of ``kind`` in the sentence, relative to it."""
    return [(m.start(), m.end()) for m in PATTERNS[kind].finditer(norm_sentence)]


def best_span(kind: str, norm_sentence: str, anchors: list[tuple[int, int, float]], unit_hint: str | None = None) -> tuple[int, int] | None:
    """The span of ``kind`` closest after the question's words in the sentence.

    anchors: (start, end, weight) of question terms found in the sentence. A span scores by the
    weight of anchors in its own clause and by closeness, preferring anchors before it
    ("办理行政复议案件36件"), and by a unit matching the question ("多少件" → 件).
    """
    spans = candidates(kind, norm_sentence)
    if not spans:
        return None
    clause_id = _clause_ids(norm_sentence)
    best, best_score = None, float("-inf")
    for s, e in spans:
        score = 0.0
        for a_s, a_e, w in anchors:
            if a_e <= s:
                dist = s - a_e
                before = 1.0
            elif a_s >= e:
                dist = a_s - e
                before = 0.6
            else:
                continue
            same_clause = clause_id[min(a_s, len(clause_id) - 1)] == clause_id[min(s, len(clause_id) - 1)]
            score += w * before * (1.5 if same_clause else 0.5) / (1.0 + dist / 8.0)
        text = norm_sentence[s:e]
        if unit_hint and text.rstrip().endswith(unit_hint):
            score += 0.5
        if kind == "count" and not re.search(r"\d", text):
            score -= 0.3  # 一个/两项: Chinese numerals are more often wording than the asked-for count
        if score > best_score:
            best, best_score = (s, e), score
    return best


def _clause_ids(text: str) -> list[int]:
    ids, cur = [], 0
    for ch in text:
        ids.append(cur)
        if _CLAUSE.match(ch):
            cur += 1
    return ids or [0]


def unit_hint(question_norm: str) -> str | None:
    m = re.search(rf"(?:多少|几)\s*(人次|场次|万元|亿元|[{UNITS}])", question_norm)
    return m.group(1) if m else None
