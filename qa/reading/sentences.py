"""Sentence scoring: the hits cut into sentences, each scored by how much of the question it holds.

A sentence scores by the question's content it holds (IDF-weighted, substring matching so
行政复议 finds 行政复议案件), by its heading path, by its passage's retrieval rank and, for the best
few, by the embedding model's similarity to the question.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qa.document import Hit
from qa.ingest.chunking import sentence_spans
from qa.ingest.sections import starts_item
from qa.reading import spans as span_patterns
from qa.retrieval.query import Query, Terms
from qa.settings import ReaderSettings
from qa.text.normalization import normalize


@dataclass
class Sentence:
    hit: Hit
    start: int  # offsets into the document
    end: int
    text: str
    norm: str
    coverage: float = 0.0  # weighted share of the question's terms in the sentence
    context: float = 0.0  # ... in its heading path
    score: float = 0.0
    anchors: list[tuple[int, int, float, str]] = field(default_factory=list)  # matched terms, sentence-relative
    lead: str = ""  # the normalised clauses before it in its sentence, when it follows a "；"

    @property
    def doc_id(self) -> str:
        return self.hit.chunk.doc_id


def char_pairs(text: str) -> set[str]:
    """The text's pairs of adjacent characters (none for a text of one character)."""
    return {text[i : i + 2] for i in range(len(text) - 1)}


def bigrams(s: str) -> set[str]:
    """Like char_pairs, but a one-character term is its own "pair" (a term always has one)."""
    return char_pairs(s) if len(s) > 1 else {s}


# Reports quote the names of reforms: 行政执法“三项制度”, “放管服”改革. A question's term matches
# across these marks.
_QUOTES = frozenset("“”‘’\"'「」『』")


def unquoted(text: str) -> tuple[str, list[int]]:
    """The text without quotation marks, and for each of its characters the offset in ``text``."""
    keep = [i for i, ch in enumerate(text) if ch not in _QUOTES]
    if len(keep) == len(text):
        return text, keep
    return "".join(text[i] for i in keep), keep


def match_terms(
    terms: Terms, norm_text: str, partial_credit: float = ReaderSettings.partial_credit
) -> tuple[float, list[tuple[int, int, float, str]]]:
    """(weighted coverage in [0, 1], anchors) of the terms in a normalised text."""
    if not terms.terms or terms.total <= 0:
        return 0.0, []
    got = 0.0
    anchors = []
    plain, where = unquoted(norm_text)
    for alts, w in zip(terms.terms, terms.weights):
        if w <= 0:
            continue
        found = False
        for t in alts:
            pos = plain.find(t)
            while pos >= 0:
                found = True
                anchors.append((where[pos], where[pos + len(t) - 1] + 1, w, alts[0]))
                pos = plain.find(t, pos + 1)
        if found:
            got += w
            continue
        # Partial credit for a term whose pieces appear (复议 for 行政复议), by bigrams.
        t = alts[0]
        if len(t) >= 3:
            grams = bigrams(t)
            got += partial_credit * w * sum(1 for g in grams if g in norm_text) / len(grams)
    return min(1.0, got / terms.total), anchors


_CLAUSE_ENDS = ("；", ";")


def split(hits: list[Hit]) -> list[Sentence]:
    """Every sentence of every hit, in order, with document offsets. A clause after a "；" on the same line carries
    the clauses before it as its ``lead`` ("全年共收到行政复议申请207件；受理189件，办结率93.1%": the second says
    the rate of what the first names), unless it opens an item of its own (二是…, (2)…)."""
    out = []
    for hit in hits:
        c = hit.chunk
        lead = ""
        prev_end = None
        for s, e in sentence_spans(c.text, 0, len(c.text)):
            text = c.text[s:e]
            norm = normalize(text)
            follows = prev_end is not None and c.text[prev_end - 1] in _CLAUSE_ENDS and "\n" not in c.text[prev_end:s]
            lead = lead if follows and not starts_item(norm) else ""
            out.append(Sentence(hit, c.start + s, c.start + e, text, norm, lead=lead))
            lead += norm
            prev_end = e
    return out


def score(query: Query, sentences: list[Sentence], settings: ReaderSettings, embedder=None) -> None:
    """Set each sentence's coverage, context, anchors and score (in place)."""
    rs = settings
    terms, kind = query.terms, query.kind
    for s in sentences:
        s.coverage, s.anchors = match_terms(terms, s.norm, rs.partial_credit)
        section_text = normalize(" ".join(s.hit.chunk.section))
        s.context, _ = match_terms(terms, section_text, rs.partial_credit)
        prior = 1.0 / (1.0 + rs.rank_decay * (s.hit.rank - 1))
        s.score = (
            rs.coverage_weight * s.coverage + rs.context_weight * max(s.coverage, s.context) + rs.rank_weight * prior
        )
        if kind in span_patterns.PATTERNS and not span_patterns.candidates(kind, s.norm):
            s.score *= rs.untyped_penalty
        if (
            s.text.strip().rstrip("。；;:：") in {x.strip() for x in s.hit.chunk.section}
            or len(s.text) < rs.min_sentence_chars
        ):
            s.score *= rs.heading_penalty  # a bare heading repeated as a sentence says little
    query_vec = query.vector if embedder is not None else None
    if query_vec is not None and sentences:
        top = sorted(sentences, key=lambda s: -s.score)[: rs.dense_top]
        vecs = embedder.encode_passages([s.text for s in top])
        sims = vecs @ query_vec
        for s, sim in zip(top, sims.tolist()):
            similarity = max(0.0, (sim - rs.dense_floor) / rs.dense_range)
            s.score = (1 - rs.dense_weight) * s.score + rs.dense_weight * similarity
