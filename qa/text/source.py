"""Offsets into a file's own text, for documents whose text was edited when loaded.

A document's text is what every stage reads. For text broken at the page width (``qa.ingest.unwrap``) that is the
text with the breaks and page numbers taken out, so offsets into it are not offsets into the file. The command
line's JSON promises offsets into the file as decoded, and ``text`` exactly the file's text between them: the pieces
taken out are put back (a document keeps them, with their places, as ``Document.source_edits``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from itertools import accumulate

from qa.document import Answer, AnswerPiece, Chunk, Citation, Document, Hit


@dataclass(frozen=True)
class SourceEdits:
    """What was removed from a file's text: (position in the document's text, removed text), positions ascending."""

    removed: tuple[tuple[int, str], ...] = ()
    _at: list[int] = field(init=False, repr=False, compare=False)
    _before: list[int] = field(init=False, repr=False, compare=False)  # characters removed before edit i

    def __post_init__(self) -> None:
        object.__setattr__(self, "_at", [a for a, _ in self.removed])
        object.__setattr__(self, "_before", [0, *accumulate(len(r) for _, r in self.removed)])

    def offsets(self, start: int, end: int) -> tuple[int, int]:
        """The file's offsets of the document's ``[start, end)``: what was removed at a boundary stays outside."""
        s = start + self._before[bisect_right(self._at, start)]
        e = end + self._before[bisect_left(self._at, end)]
        return s, max(s, e)

    def text(self, text: str, start: int, end: int) -> str:
        """The file's text of the document's ``[start, end)``, given ``text`` == the document's text there."""
        lo, hi = bisect_right(self._at, start), bisect_left(self._at, end)
        out, pos = [], start
        for at, removed in self.removed[lo:hi]:
            out += [text[pos - start : at - start], removed]
            pos = at
        out.append(text[pos - start :])
        return "".join(out)


def _chunk(chunk: Chunk, edits: SourceEdits) -> Chunk:
    start, end = edits.offsets(chunk.start, chunk.end)
    return replace(chunk, start=start, end=end, text=edits.text(chunk.text, chunk.start, chunk.end))


def _edits(documents: Mapping[str, Document], doc_ids) -> dict[str, SourceEdits]:
    """The edits of each of the documents named that was edited when loaded."""
    out = {}
    for doc_id in set(doc_ids):
        doc = documents.get(doc_id)
        if doc is not None and doc.source_edits:
            out[doc_id] = SourceEdits(doc.source_edits)
    return out


def _hits(hits: list[Hit], edits: dict[str, SourceEdits]) -> list[Hit]:
    return [replace(h, chunk=_chunk(h.chunk, edits[h.chunk.doc_id])) if h.chunk.doc_id in edits else h for h in hits]


def hits_in_source(hits: list[Hit], documents: Mapping[str, Document]) -> list[Hit]:
    """The hits with offsets and text of the files (unchanged for documents loaded as they were)."""
    return _hits(hits, _edits(documents, (h.chunk.doc_id for h in hits)))


def answer_in_source(answer: Answer, documents: Mapping[str, Document]) -> Answer:
    """The answer with every offset and text taken from the files: citations, hits and pieces, and the answer's
    text rebuilt from the pieces, so that each piece is still a verbatim slice of its citation's text."""
    by_doc = _edits(documents, [c.chunk.doc_id for c in answer.citations] + [h.chunk.doc_id for h in answer.hits])
    if not by_doc:
        return answer
    edits = {c.n: by_doc.get(c.chunk.doc_id) for c in answer.citations}
    pieces = []
    for p in answer.pieces:
        e = edits.get(p.citation)
        if e is None:
            pieces.append(p)
            continue
        start, end = e.offsets(p.start, p.end)
        pieces.append(AnswerPiece(e.text(p.text, p.start, p.end), p.citation, start, end, p.label))
    text = answer.answer
    if text is not None:
        # The answer is its pieces, each followed by its citation mark; put each piece's file text in its place.
        cursor = 0
        for old, new in zip(answer.pieces, pieces):
            at = text.find(old.text, cursor)
            if at < 0:
                continue
            text = text[:at] + new.text + text[at + len(old.text) :]
            cursor = at + len(new.text)
    citations = [c if edits[c.n] is None else Citation(c.n, _chunk(c.chunk, edits[c.n])) for c in answer.citations]
    return replace(answer, answer=text, citations=citations, pieces=pieces, hits=_hits(answer.hits, by_doc))
