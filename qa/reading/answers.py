"""Answer building shared by every reader: verbatim pieces, numbered citations, list labels.

A piece is a slice of a chunk's text by document offsets, so it is verbatim by construction.
"""

from __future__ import annotations

from qa.document import Answer, AnswerPiece, AnswerType, Chunk, Citation

# How a list item names its report's kind: plans say what will be done, reports what was.
DOC_TYPE_LABELS = {"工作要点": "工作要点（计划）", "年度报告": "年度报告（成效）"}


def report_label(chunk: Chunk) -> str:
    """The label of a list item: "元氏县 · 2021 · 年度报告（成效）"."""
    kind = DOC_TYPE_LABELS.get(chunk.doc_type, chunk.doc_type)
    return " · ".join(str(x) for x in (chunk.region or "未知地区", chunk.year or "年份不详", kind))


def empty_answer(question: str, hits) -> Answer:
    return Answer(question=question, answer=None, answer_type="none", confidence=0.0, hits=hits)


def finish(answer: Answer, pieces: list[tuple[Chunk, int, int]], answer_type: AnswerType) -> Answer:
    """Fill ``answer`` with the pieces (chunk, document start, document end), citing each chunk once."""
    citations: dict[str, Citation] = {}
    parts = []
    for chunk, start, end in pieces:
        if chunk.chunk_id not in citations:
            citations[chunk.chunk_id] = Citation(len(citations) + 1, chunk)
        n = citations[chunk.chunk_id].n
        text = chunk.text[start - chunk.start : end - chunk.start]
        label = report_label(chunk) if answer_type == "list" else None
        answer.pieces.append(AnswerPiece(text=text, citation=n, start=start, end=end, label=label))
        parts.append(f"{text}[{n}]")
    answer.citations = list(citations.values())
    answer.answer = "\n".join(parts)
    answer.answer_type = answer_type
    return answer


def combine(question: str, parts: tuple[str, ...], answers: list[Answer], hits) -> Answer:
    """One answer to a compound question from the answers to its parts, in order: their pieces (each once) under
    one numbering of citations; "not found" when no part is answered, and a note naming the parts that are not."""
    got = [a for a in answers if a.answer is not None]
    if not got:
        out = empty_answer(question, hits)
        out.confidence = min(a.confidence for a in answers)
        return out
    pieces: list[tuple[Chunk, int, int]] = []
    for a in got:
        chunk_of = {c.n: c.chunk for c in a.citations}
        pieces += [p for p in ((chunk_of[x.citation], x.start, x.end) for x in a.pieces) if p not in pieces]
    out = empty_answer(question, hits)
    finish(out, pieces, "span" if all(a.answer_type == "span" for a in got) else "sentence")
    out.confidence = min(a.confidence for a in got)
    missing = [p for p, a in zip(parts, answers) if a.answer is None]
    if missing:
        out.note = f"问题的这一部分报告中未找到答案：{'；'.join(missing)}。"
    return out
