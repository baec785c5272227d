"""Chunker: section blocks → chunks of at most ``max_chars`` characters, split at sentence ends.

A chunk never crosses a section boundary. Within a section, sentences are packed into chunks of
roughly equal size (a 450-character section becomes two of ~225, not 400 + 50), and a sentence
is only cut when it alone is longer than the limit — then at a comma, else hard.
"""

from __future__ import annotations

import math
import re
from itertools import groupby

from qa.document import Chunk, Document
from qa.ingest.sections import Block

_SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』)）]*|\n+")
_CLAUSE_END = re.compile(r"[，,、：:]")


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in text[start:end], whitespace trimmed, terminators kept."""
    spans = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        spans.append((pos, m.end()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    return [t for t in (_trim(text, s, e) for s, e in spans) if t[0] < t[1]]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _cut_long(text: str, s: int, e: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut one over-long sentence at clause ends, else hard, into pieces ≤ max_chars."""
    pieces = []
    while e - s > max_chars:
        window_end = s + max_chars
        cut = None
        for m in _CLAUSE_END.finditer(text, s + max_chars // 2, window_end):
            cut = m.end()
        cut = cut or window_end
        pieces.append((s, cut))
        s = cut
    pieces.append((s, e))
    return [p for p in pieces if p[0] < p[1]]


def pack(text: str, spans: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    """Chunk spans over the sentences of ``spans`` (one section), each ≤ max_chars.

    Sentences of different spans may share a chunk only when nothing but whitespace lies
    between them, so no skipped line (boilerplate) ever ends up inside a chunk.
    """
    units: list[tuple[int, int]] = []
    for start, end in spans:
        for s, e in sentence_spans(text, start, end):
            units.extend(_cut_long(text, s, e, max_chars) if e - s > max_chars else [(s, e)])
    if not units:
        return []
    total = sum(e - s for s, e in units)
    target = total / math.ceil(total / max_chars)
    out: list[tuple[int, int]] = []
    cur_s, cur_e = units[0]
    for s, e in units[1:]:
        gap_is_space = not text[cur_e:s].strip()
        if not gap_is_space or e - cur_s > max_chars or cur_e - cur_s >= target:
            out.append((cur_s, cur_e))
            cur_s = s
        cur_e = e
    out.append((cur_s, cur_e))
    return out


def make_chunk(doc: Document, start: int, end: int, section: tuple[str, ...]) -> Chunk:
    """The passage doc.text[start:end] under ``section``, carrying its report's metadata."""
    m = doc.meta_at(start)
    return Chunk(
        chunk_id=f"{doc.doc_id}#{start}-{end}",
        doc_id=doc.doc_id,
        start=start,
        end=end,
        text=doc.text[start:end],
        section=section,
        title=m.title,
        region=m.region,
        year=m.year,
        doc_type=m.doc_type,
    )


def chunk_document(doc: Document, blocks: list[Block], max_chars: int = 400) -> list[Chunk]:
    chunks = []
    # Consecutive blocks under the same heading path are one section.
    for path, group in groupby(blocks, key=lambda b: b.path):
        spans = [(b.start, b.end) for b in group]
        chunks.extend(make_chunk(doc, s, e, path) for s, e in pack(doc.text, spans, max_chars))
    return chunks
