"""Default extractive reader, built from what exists offline: no QA model weights are needed.

The retrieved passages are split into sentences; each sentence is scored by how much of the
question's content (IDF-weighted, substring matching so 行政复议 finds 行政复议案件) it holds, by
its heading path, by its passage's retrieval rank and, for the best few, by the embedding model.
The question type then decides what is cut from the best sentence: a count with its unit, a
percentage, a date, one to three sentences, or one item per report. Every piece is a slice of
the document text, so it is verbatim by construction.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np

from qa.document import Answer, AnswerPiece, Citation, Hit
from qa.ingest.chunking import sentence_spans
from qa.reading import spans as span_patterns
from qa.retrieval.question import question_type
from qa.settings import DATA_DIR, Settings
from qa.text.normalization import normalize
from qa.text.synonyms import expansions
from qa.text.tokenization import Tokenizer, read_list

# The lead offices of a work-plan item, several joined by 、: "(牵头单位:县政府办公室、县人民法院)".
_LEAD_UNIT = re.compile(r"(?:牵头|责任|主责)(?:单位|部门)\s*[:：]\s*([^,，;；)）]+)")
_NOTE = re.compile(r"^\s*[(（].{1,150}[)）]\s*$")
_CONTINUATION = re.compile(r"^(?:同时|并|还|此外|另外|其中|通过|全年|截至|目前|共|累计)")


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

    @property
    def doc_id(self) -> str:
        return self.hit.chunk.doc_id


@dataclass
class Terms:
    """The question's content terms with weights (IDF); each term may have alternatives
    (an everyday phrase and the official terms that say the same)."""

    terms: list[tuple[str, ...]]
    weights: list[float]  # 0 for a term no passage of the corpus holds: it can neither match nor miss

    @property
    def total(self) -> float:
        return float(sum(self.weights))


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)} if len(s) > 1 else {s}


# Reports quote the names of reforms: 行政执法“三项制度”, “放管服”改革. A question's term matches
# across these marks.
_QUOTES = frozenset("“”‘’\"'「」『』")


def unquoted(text: str) -> tuple[str, list[int]]:
    """The text without quotation marks, and for each of its characters the offset in ``text``."""
    keep = [i for i, ch in enumerate(text) if ch not in _QUOTES]
    if len(keep) == len(text):
        return text, keep
    return "".join(text[i] for i in keep), keep


def match_terms(terms: Terms, norm_text: str) -> tuple[float, list[tuple[int, int, float, str]]]:
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
        # Partial credit for a term whose pieces appear (复议 for 行政复议): half, by bigrams.
        t = alts[0]
        if len(t) >= 3:
            grams = _bigrams(t)
            got += 0.5 * w * sum(1 for g in grams if g in norm_text) / len(grams)
    return min(1.0, got / terms.total), anchors


FRAME_WORDS = DATA_DIR / "frame_words.txt"
_FRAME_WEIGHT = 0.25


@lru_cache(maxsize=4)
def frame_words(path: Path = FRAME_WORDS) -> frozenset[str]:
    return frozenset(read_list(path))


def _holds(term: str, text: str) -> bool:
    """The term, or for a long term most of it (常务会议 in 常务会会前学法: two of its three bigrams)."""
    if term in text:
        return True
    if len(term) < 4:
        return False
    grams = _bigrams(term)
    return sum(g in text for g in grams) / len(grams) >= 2 / 3


class Reader:
    """The default reader. ``read`` takes a question and hits and returns an Answer."""

    name = "default"

    def __init__(
        self,
        tokenizer: Tokenizer,
        idf: Callable[[str], float] | None = None,
        embedder=None,
        settings: Settings = Settings(),
        known: Callable[[str], bool] | None = None,
    ):
        self.tokenizer = tokenizer
        self.idf = idf or (lambda t: 1.0)
        self.known = known or (lambda t: True)
        self.embedder = embedder
        self.settings = settings

    # ------------------------------------------------------------ analysis

    def terms(self, question: str, ignore: tuple[str, ...] = ()) -> Terms:
        """Content terms of the question; region names and years are routing, not content."""
        norm = normalize(question)
        groups: list[tuple[str, ...]] = []
        covered: list[str] = []
        for phrase, official in expansions(norm):
            groups.append((phrase, *official))
            covered.append(phrase)
        for t in self.tokenizer.tokenize_query(norm):
            if any(t in phrase for phrase in covered):
                continue  # part of an everyday phrase already looked for with its official terms
            groups.append((t,))
        seen, terms, weights = set(), [], []
        for alts in groups:
            t = alts[0]
            if (
                t in seen
                or any(t in name or name in t for name in ignore if name)
                or re.fullmatch(r"(?:19|20)\d{2}年?度?", t)
            ):
                continue
            seen.add(t)
            terms.append(alts)
            # Words the corpus never uses (everyday wording: 开会, 砍掉) say nothing about which
            # sentence answers; only terms the reports use count towards coverage.
            known = [a for a in alts if self.known(a)]
            weight = max(0.1, max(float(self.idf(a)) for a in known)) if known else 0.0
            weights.append(weight * _FRAME_WEIGHT if t in frame_words() else weight)
        return Terms(terms, weights)

    def sentences(self, hits: list[Hit]) -> list[Sentence]:
        out = []
        for hit in hits:
            c = hit.chunk
            for s, e in sentence_spans(c.text, 0, len(c.text)):
                text = c.text[s:e]
                out.append(Sentence(hit, c.start + s, c.start + e, text, normalize(text)))
        return out

    def score(
        self, question: str, sentences: list[Sentence], terms: Terms, kind: str, query_vec: np.ndarray | None = None
    ) -> None:
        for s in sentences:
            s.coverage, s.anchors = match_terms(terms, s.norm)
            section_text = normalize(" ".join(s.hit.chunk.section))
            s.context, _ = match_terms(terms, section_text)
            prior = 1.0 / (1.0 + 0.25 * (s.hit.rank - 1))
            s.score = 0.6 * s.coverage + 0.2 * max(s.coverage, s.context) + 0.2 * prior
            if kind in span_patterns.PATTERNS and not span_patterns.candidates(kind, s.norm):
                s.score *= 0.6
            if s.text.strip().rstrip("。；;:：") in {x.strip() for x in s.hit.chunk.section} or len(s.text) < 8:
                s.score *= 0.5  # a bare heading repeated as a sentence says little
        if query_vec is not None and self.embedder is not None and sentences:
            top = sorted(sentences, key=lambda s: -s.score)[: self.settings.reader_dense_top]
            vecs = self.embedder.encode_passages([s.text for s in top])
            sims = vecs @ query_vec
            for s, sim in zip(top, sims.tolist()):
                s.score = (1 - self.settings.reader_dense_weight) * s.score + self.settings.reader_dense_weight * max(
                    0.0, (sim - 0.7) / 0.3
                )

    # ------------------------------------------------------------ answering

    def read(
        self,
        question: str,
        hits: list[Hit],
        kind: str | None = None,
        ignore: tuple[str, ...] = (),
        query_vec: np.ndarray | None = None,
    ) -> Answer:
        kind = kind or question_type(question)
        terms = self.terms(question, ignore)
        answer = Answer(question=question, answer=None, answer_type="none", confidence=0.0, hits=hits)
        if not hits or terms.total <= 0:
            return answer
        sents = self.sentences(hits)
        self.score(question, sents, terms, kind, query_vec)
        if not sents:
            return answer
        if kind == "list":
            return self._list(answer, sents)
        best = max(sents, key=lambda s: s.score)
        answer.confidence = self._confidence(best)
        # For "how / which measures" questions a heading that holds the question ("存在的不足")
        # vouches for the sentences under it.
        coverage = max(best.coverage, best.context) if kind == "descriptive" else best.coverage
        if (
            coverage < self.settings.reader_min_coverage
            or answer.confidence < self.settings.reader_min_confidence
            or not self._holds_key_term(terms, best)
        ):
            answer.confidence = min(answer.confidence, self.settings.reader_min_confidence - 0.01)
            return answer
        if kind in span_patterns.PATTERNS:
            found = self._typed_span(question, kind, best, sents)
            if found is not None:
                sent, s, e = found
                answer.confidence = self._confidence(sent)
                return self._finish(answer, [(sent, sent.start + s, sent.start + e)], "span")
        if kind == "which_place" and best.hit.chunk.region and best.hit.chunk.region in best.text:
            pos = best.text.index(best.hit.chunk.region)
            return self._finish(
                answer, [(best, best.start + pos, best.start + pos + len(best.hit.chunk.region))], "span"
            )
        group = self._extend(best, sents, max_sentences=3 if kind == "descriptive" else 1)
        if kind == "which_unit":
            # The item's note may follow a few sentences on; a chunk never runs past its item.
            for sent in (x for x in sents if x.hit is best.hit and x.start >= best.start):
                m = _LEAD_UNIT.search(sent.norm)
                if m:
                    return self._finish(answer, [(sent, sent.start + m.start(1), sent.start + m.end(1))], "span")
        return self._finish(answer, [(group[0], group[0].start, group[-1].end)], "sentence")

    def _holds_key_term(self, terms: Terms, best: Sentence) -> bool:
        """The question's most specific term of art (highest IDF of the field's terms it names)
        must be in the answering passage or its headings: "纠错率是多少" is not answered by a
        passage that only counts 行政复议案件.

        Only terms of art: the rarest word of an everyday question (各自, 队员, 提醒) is usually
        wording the report does not share, and requiring it refused answers the passage gave."""
        frame, art = frame_words(), self.tokenizer.domain_terms
        known = [
            (w, alts)
            for alts, w in zip(terms.terms, terms.weights)
            if w > 0 and len(alts[0]) > 1 and alts[0] not in frame and any(a in art for a in alts)
        ]
        if not known:
            return True
        _, key = max(known, key=lambda x: x[0])
        chunk = best.hit.chunk
        where, _ = unquoted(normalize(chunk.text) + "\n" + normalize(" ".join(chunk.section)))
        return any(_holds(k, where) for k in key)

    def _typed_span(
        self, question: str, kind: str, best: Sentence, sents: list[Sentence]
    ) -> tuple[Sentence, int, int] | None:
        """The best typed span among the sentences about as good as the best one.

        The sentence with the most question words is not always the one with the asked-for
        number ("配备了1名法律顾问" vs "共计54名法律顾问"), so the span's own fit decides among
        close sentences.
        """
        qn = normalize(question)
        hint, total = span_patterns.unit_hint(qn), span_patterns.asks_total(qn)
        close = [
            s
            for s in sents
            if s.score >= best.score - self.settings.reader_span_margin
            and s.coverage >= self.settings.reader_min_coverage
        ]
        choice, choice_score = None, float("-inf")
        for s in close:
            found = span_patterns.best_span(kind, s.norm, s.anchors, hint, total)
            if found is None:
                continue
            (a, b), span_score = found
            if kind == "date":
                a, b = span_patterns.join_neighbours(kind, s.norm, (a, b))
            elif kind == "count":
                a, b = span_patterns.with_counted_noun(s.norm, (a, b))
            score = s.score + 0.2 * span_score
            if score > choice_score:
                choice, choice_score = (s, a, b), score
        return choice

    def _confidence(self, s: Sentence) -> float:
        # A squashed score: 0.5 at the not-found boundary, near 1 for a sentence holding every term.
        z = (s.score - self.settings.reader_score_mid) * 8.0
        return 1.0 / (1.0 + math.exp(-z))

    def _extend(self, best: Sentence, sents: list[Sentence], max_sentences: int) -> list[Sentence]:
        """The best sentence and up to ``max_sentences``-1 that follow it and carry the same topic."""
        same = [s for s in sents if s.hit is best.hit]
        i = same.index(best)
        group = [best]
        counted = 1
        for s in same[i + 1 :]:
            gap = best.hit.chunk.text[group[-1].end - best.hit.chunk.start : s.start - best.hit.chunk.start]
            if gap.strip():
                break
            if _NOTE.match(s.norm):
                # "(牵头单位:县司法局…)" after a work-plan item belongs to it: kept, not counted.
                group.append(s)
                continue
            if counted >= max_sentences:
                break
            counted += 1
            # A section whose heading is about the question is about it throughout (the measures
            # under "(一)深化拓展行政执法“三项制度”" need not repeat the term).
            if s.coverage >= 0.25 or _CONTINUATION.match(s.norm) or best.context >= 0.5:
                group.append(s)
            else:
                break
        return group

    def _list(self, answer: Answer, sents: list[Sentence]) -> Answer:
        by_doc: dict[str, Sentence] = {}
        for s in sents:
            if s.coverage < self.settings.reader_list_min_coverage:
                continue
            if s.doc_id not in by_doc or s.score > by_doc[s.doc_id].score:
                by_doc[s.doc_id] = s
        if not by_doc:
            best = max(sents, key=lambda s: s.score)
            answer.confidence = min(self._confidence(best), self.settings.reader_min_confidence)
            return answer
        items = sorted(by_doc.values(), key=lambda s: (-(s.hit.chunk.year or 0), s.hit.chunk.region or ""))
        answer.confidence = float(np.mean([self._confidence(s) for s in items]))
        return self._finish(answer, [(s, s.start, s.end) for s in items], "list")

    def _finish(self, answer: Answer, pieces: list[tuple[Sentence, int, int]], answer_type: str) -> Answer:
        citations: dict[str, Citation] = {}
        parts = []
        for sent, start, end in pieces:
            chunk = sent.hit.chunk
            if chunk.chunk_id not in citations:
                citations[chunk.chunk_id] = Citation(len(citations) + 1, chunk)
            n = citations[chunk.chunk_id].n
            text = chunk.text[start - chunk.start : end - chunk.start]
            label = None
            if answer_type == "list":
                kind = {"工作要点": "工作要点（计划）", "年度报告": "年度报告（成效）"}.get(
                    chunk.doc_type, chunk.doc_type
                )
                label = " · ".join(str(x) for x in (chunk.region or "未知地区", chunk.year or "年份不详", kind))
            answer.pieces.append(AnswerPiece(text=text, citation=n, start=start, end=end, label=label))
            parts.append(f"{text}[{n}]")
        answer.citations = list(citations.values())
        answer.answer = "\n".join(parts)
        answer.answer_type = answer_type
        return answer
