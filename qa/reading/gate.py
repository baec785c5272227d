"""The no-answer gate: when the best sentence is not an answer, the reader says so.

An answer needs enough of the question's terms in its sentence, a confident enough score, and
the question's most specific term of art in its passage or headings.
"""

from __future__ import annotations

import math

from qa.reading.sentences import Sentence, bigrams, unquoted
from qa.retrieval.query import Query, frame_words
from qa.settings import ReaderSettings
from qa.text.normalization import normalize
from qa.text.synonyms import expansions


def confidence(s: Sentence, settings: ReaderSettings) -> float:
    """A squashed score: 0.5 at the not-found boundary, near 1 for a sentence holding every term."""
    z = (s.score - settings.score_mid) * settings.confidence_slope
    return 1.0 / (1.0 + math.exp(-z))


def holds(term: str, text: str) -> bool:
    """The term, or for a long term most of it (常务会议 in 常务会会前学法: two of its three bigrams)."""
    if term in text:
        return True
    if len(term) < 4:
        return False
    grams = bigrams(term)
    return sum(g in text for g in grams) / len(grams) >= 2 / 3


# how specific (by weight) another everyday word must be, against the one standing for the rarest term of art, to
# name the question's topic in its stead
_EVERYDAY_KEY_SHARE = 0.8


def holds_key_term(query: Query, best: Sentence, domain_terms: frozenset[str]) -> bool:
    """The question's most specific term of art (highest IDF of the field's terms it names)
    must be in the answering passage or its headings: "纠错率是多少" is not answered by a
    passage that only counts 行政复议案件.

    Only terms of art: the rarest word of an everyday question (各自, 队员, 提醒) is usually
    wording the report does not share, and requiring it refused answers the passage gave."""
    # the report's title holds what names the report itself ("工作要点提出…": its body never says 工作要点)
    return key_term_in(query, passage_text(best.hit) + "\n" + normalize(best.hit.chunk.title or ""), domain_terms)


def key_term_in(query: Query, where: str, domain_terms: frozenset[str]) -> bool:
    """Whether the normalised text ``where`` holds the question's most specific term of art (holds_key_term)."""
    frame, terms = frame_words(), query.terms
    known = [
        (w, alts)
        for alts, w in zip(terms.terms, terms.weights)
        if w > 0 and len(alts[0]) > 1 and alts[0] not in frame and any(a in domain_terms for a in alts)
    ]
    if not known:
        return True
    weight, key = max(known, key=lambda x: x[0])
    keys = [key]
    if key[0] not in domain_terms:
        # an everyday word stands for terms of art loosely ("不用跑腿开证明、签个承诺就能办": 跑腿 for 一网通办,
        # 签个承诺 for 告知承诺): another everyday word of the question about as specific may name the topic instead
        keys += [
            alts
            for w, alts in known
            if alts is not key and alts[0] not in domain_terms and w >= _EVERYDAY_KEY_SHARE * weight
        ]
    return any(holds(k, where) for alts in keys for k in alts)


def passage_text(hit) -> str:
    """A passage's normalised text and headings, quotation marks left out."""
    chunk = hit.chunk
    return unquoted(normalize(chunk.text) + "\n" + normalize(" ".join(chunk.section)))[0]


def quoted_passages(query: Query, sents: list[Sentence]) -> list[Sentence]:
    """The sentences of the passages that hold every name the question quotes (“市长热线”): "“市长热线”群众
    满意率" is not answered by the 满意率 of 人大代表建议 elsewhere in the report. When no passage holds
    them the quotes are the asker's own wording (“打包办” for 套餐服务), and every sentence stays."""
    if not query.quoted:
        return sents
    hits = {id(s.hit): s.hit for s in sents}  # each passage read once, not once per sentence
    # a quoted everyday word (“不罚”) is held by the official terms it stands for (不予处罚)
    names = [(n, *(t for _, terms in expansions(n) for t in terms)) for n in query.quoted]
    holding = {
        key for key, hit in hits.items() if all(any(holds(a, passage_text(hit)) for a in alts) for alts in names)
    }
    return [s for s in sents if id(s.hit) in holding] if holding else sents


def passes(
    query: Query,
    best: Sentence,
    conf: float,
    domain_terms: frozenset[str],
    settings: ReaderSettings,
    heading_vouches: bool = False,
) -> bool:
    """Whether the best sentence may answer. ``heading_vouches``: the sentence's heading holding the
    question stands for it (a work-plan item's lead office sits under the item's heading)."""
    # For "how / which measures" questions a heading that holds the question ("存在的不足")
    # vouches for the sentences under it.
    vouched = query.kind == "descriptive" or heading_vouches
    coverage = max(best.coverage, best.context) if vouched else best.coverage
    return (
        coverage >= settings.min_coverage
        and (conf >= settings.min_confidence or coverage >= settings.sure_coverage)
        and holds_key_term(query, best, domain_terms)
    )
