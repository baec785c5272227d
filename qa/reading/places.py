"""The place a "哪个县/哪个镇/哪里" question asks for, cut from the answering sentence.

Counties, cities and provinces come from the gazetteer's mentions; townships and villages (镇, 乡,
村, 街道), which it does not hold, are a name jieba tags as one (南因镇) or a name and the suffix
(芷江 + 镇). Among several, the one sharing a clause with the question's words, nearest them:
"辰溪县被命名为“全省第二批…示范县”" for the county named 示范县.
"""

from __future__ import annotations

import re

from qa.ingest.gazetteer import gazetteer
from qa.reading.spans import clause_ids
from qa.text.tokenization import pos_tags

# The kind of place asked: 哪个县, 哪些乡镇, 哪一个村; None for 哪里 / 哪个地方 (any place).
_ASKED = re.compile(r"哪(?:一)?(?:个|些|家|座)?(省|市|县|区|乡镇|镇|乡|村|街道|社区)")
_TOWNSHIP = ("乡镇", "镇", "乡", "村", "街道", "社区")
_LEVEL_SUFFIX = {"省": ("省",), "市": ("市", "州", "盟"), "县": ("县", "旗"), "区": ("区",)}
_NAME_TAGS = ("ns", "nr", "nz", "n", "nt")
_GENERIC_STEM = re.compile(r"^(?:全|本|各|我|该|此|每|其他|所有|示范|重点|试点|先进|贫困|基层|周边|相关|部分|多个)")
_CLAUSE = re.compile(r"[，,；;。：:]")


def asked_kind(question_norm: str) -> str | None:
    m = _ASKED.search(question_norm)
    return m.group(1) if m else None


def of_kind(place: str, asked: str | None) -> bool:
    """Whether a place name is of the asked kind (元氏县 is no answer to "哪个乡")."""
    if asked is None:
        return True
    return place.endswith(_LEVEL_SUFFIX.get(asked) or (("镇", "乡") if asked == "乡镇" else (asked,)))


def place_spans(sentence_norm: str, asked: str | None) -> list[tuple[int, int]]:
    """(start, end) of the places of the asked kind named in the sentence."""
    out: list[tuple[int, int]] = []
    if asked is None or asked in _LEVEL_SUFFIX:
        suffixes = _LEVEL_SUFFIX.get(asked or "", ())
        for m in gazetteer().mentions(sentence_norm):
            if not m.written.endswith(("省", "市", "州", "盟", "县", "旗", "区")):
                continue  # 芷江 alone, 河北: a name without its suffix is weak evidence
            if not suffixes or m.written.endswith(suffixes):
                out.append((m.start, m.end))
    if asked is None or asked in _TOWNSHIP:
        suffixes = ("镇", "乡") if asked == "乡镇" else ((asked,) if asked else _TOWNSHIP)
        pos, tags = 0, pos_tags(sentence_norm)
        for i, (word, flag) in enumerate(tags):
            start, end = pos, pos + len(word)
            pos = end
            if len(word) >= 3 and word.endswith(suffixes) and flag.startswith(_NAME_TAGS):
                stem = word[: -len(next(s for s in suffixes if word.endswith(s)))]
            elif len(word) >= 2 and flag.startswith(_NAME_TAGS) and i + 1 < len(tags) and tags[i + 1][0] in suffixes:
                stem, end = word, end + len(tags[i + 1][0])
            else:
                continue
            if len(stem) >= 2 and not _GENERIC_STEM.match(stem):
                out.append((start, end))
    return sorted(set(out))


def best_place(
    sentence_norm: str, asked: str | None, anchors: list[tuple[int, int, float, str]], exclude: tuple[str, ...] = ()
) -> tuple[int, int] | None:
    """The place sharing a clause with the most question weight, nearest it; None when none is named."""
    spans = [(s, e) for s, e in place_spans(sentence_norm, asked) if sentence_norm[s:e] not in exclude]
    if not spans:
        return None
    # 、 does not end a clause here (芷江县芷江镇、会同县…), nor does a parenthesis listing places.
    clause = clause_ids(sentence_norm, _CLAUSE, listing_parens=False)
    anchors = [a for a in anchors if a[1] - a[0] > 1]

    def score(span: tuple[int, int]) -> float:
        s, e = span
        per_term: dict[str, float] = {}
        for a_s, a_e, w, term in anchors:
            if a_s < e and a_e > s:
                continue  # the place's own name
            dist = a_s - e if a_s >= e else s - a_e
            same = clause[a_s] == clause[s]
            per_term[term] = max(per_term.get(term, 0.0), w * (1.0 if same else 0.3) / (1.0 + dist / 20))
        return sum(per_term.values())

    return max(spans, key=lambda sp: (score(sp), -sp[0]))
