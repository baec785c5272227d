"""Document numbers the reports cite: "印发《…工作要点》(常政办发〔2023〕21号)".

"那份文件的文号是多少" asks for the number written right after the document's 《title》; the question's
words say which title. A number with no title before it names nothing the question could pick it by.
"""

from __future__ import annotations

import re

from qa.reading.sentences import Sentence
from qa.retrieval.query import Query

# A document number: the issuer's code (none, or up to 10 characters after a mark or the start) and 〔year〕number号.
_NUMBER = re.compile(
    r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{0,10}\s*[〔［\[【]\s*(?:19|20)\d{2}\s*[〕］\]】]\s*\d{1,4}\s*号"
)
TITLE = re.compile(r"《([^《》]{2,80})》")
_LINE_END = re.compile(r"\s*(?:[:：]|$)")  # a head line's number stands alone or before a colon
# What may stand between a title and its number: "《…》(常政办发〔2023〕21号)", "《…》〔2016〕25号".
_BETWEEN = re.compile(r"\s*[(（]?\s*")
# Asking for a document number, and the kind of document named right before it ("工作要点的文号").
ASKS = re.compile(r"文号|字号|发文编号|文件编号")
_KINDS = r"要点|方案|办法|规定|意见|通知|制度|细则|规划|条例|措施|计划|清单|目录|白皮书|报告|决定|规则|指引|标准"
_KIND_ASKED = re.compile(rf"({_KINDS})[^，,。？?]{{0,8}}?(?:{ASKS.pattern})")


def asks(question_norm: str) -> bool:
    return bool(ASKS.search(question_norm))


def cited(norm_sentence: str) -> list[tuple[str, int, int]]:
    """(title, start, end) of each document number of the sentence, with the 《title》 right before it, or else
    the first one after it ("…〔2024〕18号:…关于印发《…工作要点》的通知"), or for a number opening the sentence
    (a 通知's head line) the rest of it; numbers with none of these are left out."""
    titles = list(TITLE.finditer(norm_sentence))
    out = []
    for m in _NUMBER.finditer(norm_sentence):
        before = [t for t in titles if t.end() <= m.start() and _BETWEEN.fullmatch(norm_sentence[t.end() : m.start()])]
        after = [t for t in titles if t.start() >= m.end()]
        title = before[-1].group(1) if before else after[0].group(1) if after else None
        if title is None and not norm_sentence[: m.start()].strip() and _LINE_END.match(norm_sentence, m.end()):
            title = norm_sentence[m.end() :]  # a 通知's head line: "互政办〔2024〕18号:…关于印发…工作要点的通知"
        if title:
            out.append((title, m.start(), m.end()))
    return out


def _title_share(query: Query, title: str) -> float:
    """The weighted share of the question's terms the title holds."""
    pairs = [(alts, w) for alts, w in zip(query.terms.terms, query.terms.weights) if not ASKS.search(alts[0])]
    total = sum(w for _, w in pairs)  # 文号 itself is never in a title
    held = sum(w for alts, w in pairs if any(a in title for a in alts))
    return held / total if total > 0 else 0.0


def find(
    query: Query, sents: list[Sentence], passed: bool, min_share: float, top: int
) -> tuple[Sentence, int, int] | None:
    """The cited number the question asks for among the best ``top`` sentences: after a title of the kind the
    question names (its 要点, not another 方案), whose title holds most of the question's words; when the best
    sentence did not pass the gate on its own (``passed``), the title must hold ``min_share`` of them."""
    kind = _KIND_ASKED.search(query.norm)
    best: tuple[float, Sentence, int, int] | None = None
    for sent in sorted(sents, key=lambda s: -s.score)[:top]:
        found = [(sent, *c) for c in cited(sent.norm)] or _number_below(sent, sents)
        for numbered, title, start, end in found:
            if kind is not None and kind.group(1) not in title:
                continue
            share = _title_share(query, title)
            if not passed and share < min_share:
                continue
            key = share + sent.score
            if best is None or key > best[0]:
                best = (key, numbered, start, end)
    return None if best is None else best[1:]


def _number_below(sent: Sentence, sents: list[Sentence]) -> list[tuple[Sentence, str, int, int]]:
    """A 通知's 《title》 line with its number on the line below ("…关于印发《…工作要点》的通知" ⏎
    "津滨政办发〔2025〕8号"): the sentence right after it in its passage, when that sentence is the number alone."""
    titles = list(TITLE.finditer(sent.norm))
    after = [s for s in sents if s.hit.chunk is sent.hit.chunk and s.start >= sent.end]
    if not titles or not after:
        return []
    below = min(after, key=lambda s: s.start)
    m = _NUMBER.search(below.norm)
    if m is None or below.norm[: m.start()].strip() or below.norm[m.end() :].strip():
        return []
    return [(below, titles[-1].group(1), m.start(), m.end())]
