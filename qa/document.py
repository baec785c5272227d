"""The dataclasses that pass between stages: files → documents → chunks → hits → answers.

Every stage takes and returns these, so each stage can be tested alone. Offsets are character
offsets into ``Document.text``, the document as decoded from its file (for .docx/.pdf/.html: the
plain text extracted from it, which the index stores so that citations can be shown).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

DOC_TYPES = ("年度报告", "工作要点", "其他")
AnswerType = Literal["span", "sentence", "list", "none"]


@dataclass(frozen=True)
class DocumentMeta:
    title: str | None = None
    region: str | None = None
    year: int | None = None
    doc_type: str = "其他"
    published: str | None = None  # ISO date (YYYY-MM-DD) when the page or file states one
    # The place chain from the gazetteer (qa.ingest.gazetteer); region above stays the name as written.
    province: str | None = None
    city: str | None = None
    county: str | None = None
    township: str | None = None  # X镇 / X乡 / X街道, or a development zone (长沙经济技术开发区), when the issuer is one
    division_code: str | None = None  # 6-digit code of the most specific division the gazetteer knows
    issuer: str | None = None  # who wrote it: "沛县人民政府", "司法部", "郑州市司法局"
    region_candidates: tuple[str, ...] = ()  # every reading of an ambiguous name (白云区), when context does not decide
    title_derived: bool = False  # the report has no title line: title built from issuer + year + type
    # field → where its value was found: title | header | body | published | file_name | override;
    # field → confidence in [0, 1]. Fields left unknown have no entry.
    sources: dict[str, str] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)


def report_key(doc_id: str, region: str | None, year: int | None, title: str | None) -> tuple:
    """Which report something is of: its file, and the place, year and title of its part of a compilation."""
    return (doc_id, region, year, title)


@dataclass(frozen=True)
class Part:
    """One report of a file that holds several (a 汇编 of each county's report): where it is and what it is."""

    start: int
    end: int
    meta: DocumentMeta


@dataclass
class Document:
    doc_id: str  # file name relative to the corpus folder
    text: str  # decoded original text; all offsets point into it
    norm: str  # same length as text: simplified, half-width; what is tokenised and matched
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    body: list[tuple[int, int]] = field(default_factory=list)  # spans left after boilerplate
    format: str = "txt"
    encoding: str | None = None
    sha256: str = ""
    warnings: list[str] = field(default_factory=list)
    # What loading took out of the file's text (hard wraps joined): (position in text, removed text), in order.
    # Empty for nearly every file; qa.text.source maps offsets back to the file's text with it.
    source_edits: tuple[tuple[int, str], ...] = ()
    # Lines the file itself marks as headings (a Word file's heading styles): (offset of the line's text, level).
    headings: tuple[tuple[int, int], ...] = ()
    # The reports of a compilation of several, each with its own place and year; empty for a file of one report.
    parts: tuple[Part, ...] = ()

    def __post_init__(self) -> None:
        if len(self.norm) != len(self.text):
            raise ValueError(f"{self.doc_id}: normalised text must keep the original length")

    def meta_at(self, offset: int) -> DocumentMeta:
        """The metadata of the report the text at ``offset`` belongs to (the file's, outside any part)."""
        return next((p.meta for p in self.parts if p.start <= offset < p.end), self.meta)

    @property
    def reports(self) -> tuple[Part, ...]:
        """Each report the file holds: its parts, or the whole file as one."""
        return self.parts or (Part(0, len(self.text), self.meta),)

    @property
    def metas(self) -> tuple[DocumentMeta, ...]:
        """The metadata of each report the file holds."""
        return tuple(p.meta for p in self.reports)


@dataclass(frozen=True)
class Chunk:
    chunk_id: str
    doc_id: str
    start: int
    end: int
    text: str  # == document.text[start:end]
    section: tuple[str, ...] = ()  # heading path, outermost first; searchable, not part of text
    title: str | None = None
    region: str | None = None
    year: int | None = None
    doc_type: str = "其他"

    @property
    def report_key(self) -> tuple:
        """Which report the passage is of (``report_key``)."""
        return report_key(self.doc_id, self.region, self.year, self.title)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["section"] = list(self.section)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Chunk":
        d = dict(d)
        d["section"] = tuple(d.get("section") or ())
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


@dataclass(frozen=True)
class Skipped:
    """A file that could not be ingested, with the reason shown to the user."""

    doc_id: str
    reason: str


@dataclass
class Hit:
    chunk: Chunk
    rank: int
    score: float
    bm25_rank: int | None = None
    dense_rank: int | None = None
    bm25_score: float | None = None
    dense_score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "rank": self.rank,
            "chunk_id": c.chunk_id,
            "doc_id": c.doc_id,
            "title": c.title,
            "region": c.region,
            "year": c.year,
            "doc_type": c.doc_type,
            "section": list(c.section),
            "start": c.start,
            "end": c.end,
            "text": c.text,
            "score": round(float(self.score), 6),
            "bm25_rank": self.bm25_rank,
            "dense_rank": self.dense_rank,
            "bm25_score": None if self.bm25_score is None else round(float(self.bm25_score), 6),
            "dense_score": None if self.dense_score is None else round(float(self.dense_score), 6),
        }


@dataclass
class Citation:
    n: int
    chunk: Chunk

    def to_dict(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "n": self.n,
            "doc_id": c.doc_id,
            "title": c.title,
            "region": c.region,
            "year": c.year,
            "doc_type": c.doc_type,
            "section": list(c.section),
            "start": c.start,
            "end": c.end,
            "text": c.text,
            "chunk_id": c.chunk_id,
        }


@dataclass
class AnswerPiece:
    """One extracted piece of an answer: text == citation.chunk.text[start-chunk.start:...]."""

    text: str
    citation: int  # Citation.n
    start: int  # offsets into the document, like Chunk.start/end
    end: int
    label: str | None = None  # for list answers: "元氏县 2021 年度报告"


@dataclass
class Answer:
    question: str
    answer: str | None
    answer_type: AnswerType
    confidence: float
    citations: list[Citation] = field(default_factory=list)
    pieces: list[AnswerPiece] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    note: str | None = None  # why there is no answer, or what the corpus holds instead
    rewritten_question: str | None = None  # a follow-up made standalone from the history
    latency_ms: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "answer_type": self.answer_type,
            "confidence": round(float(self.confidence), 4),
            "citations": [c.to_dict() for c in self.citations],
            "pieces": [asdict(p) for p in self.pieces],
            "hits": [h.to_dict() for h in self.hits],
            "note": self.note,
            "rewritten_question": self.rewritten_question,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Answer":
        """The inverse of to_dict (plus ``latency_ms`` when present): a saved conversation comes back whole."""
        return cls(
            question=d["question"],
            answer=d.get("answer"),
            answer_type=d.get("answer_type", "none"),
            confidence=float(d.get("confidence", 0.0)),
            citations=[Citation(c["n"], Chunk.from_dict(c)) for c in d.get("citations", [])],
            pieces=[AnswerPiece(**p) for p in d.get("pieces", [])],
            hits=[
                Hit(
                    Chunk.from_dict(h),
                    h["rank"],
                    h["score"],
                    h.get("bm25_rank"),
                    h.get("dense_rank"),
                    h.get("bm25_score"),
                    h.get("dense_score"),
                )
                for h in d.get("hits", [])
            ],
            note=d.get("note"),
            rewritten_question=d.get("rewritten_question"),
            latency_ms=d.get("latency_ms"),
        )
