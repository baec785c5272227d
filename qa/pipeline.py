"""Pipeline: the one API the CLI and the app share — question (+ history) → cited Answer.

question → ``analyse`` (a Query, once) → retriever (hits) → reader (Answer) → coverage note.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from qa.document import Answer, Chunk, Document, Hit
from qa.reading.base import Reader
from qa.reading.reader import RuleReader
from qa.retrieval.query import Query, analyse
from qa.retrieval.retriever import Filters, Retriever, SearchResult
from qa.settings import Mode, Settings
from qa.store.index import LoadedIndex

log = logging.getLogger(__name__)


class Pipeline:
    def __init__(
        self, retriever: Retriever, reader: Reader | None = None, settings: Settings = Settings(), mode: Mode = "hybrid"
    ):
        self.retriever = retriever
        self.settings = settings
        self.mode = mode
        self.reader: Reader = reader or RuleReader(
            retriever.tokenizer, retriever.embedder if mode != "bm25" else None, settings
        )

    @classmethod
    def open(
        cls,
        corpus_dir: Path | None = None,
        index_dir: Path | None = None,
        settings: Settings = Settings(),
        reader_model: Path | None = None,
        show_progress: bool = True,
        mode: Mode = "hybrid",
    ) -> "Pipeline":
        retriever = Retriever.open(corpus_dir, index_dir, settings, dense=mode != "bm25", show_progress=show_progress)
        reader = None
        if reader_model is not None:
            from qa.reading.hf_reader import TransformersReader

            reader = TransformersReader(reader_model, settings)
        return cls(retriever, reader, settings, mode)

    # ------------------------------------------------------------ the corpus, for the app and evaluation

    @property
    def index(self) -> LoadedIndex:
        """The index state now in use (a refresh swaps it whole)."""
        return self.retriever.index

    def documents(self) -> dict[str, Document]:
        return self.retriever.index.documents

    def chunks(self) -> list[Chunk]:
        return self.retriever.index.chunks

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        return [c for c in self.retriever.index.chunks if c.doc_id == doc_id]

    def regions(self) -> list[str]:
        """The places the reports are about, sorted."""
        return self.retriever.regions()

    def refresh(self, show_progress: bool = False) -> LoadedIndex:
        """Bring the index up to date with the corpus folder; running questions keep the old one."""
        return self.retriever.refresh(show_progress)

    # ------------------------------------------------------------ asking

    def analyse(self, question: object, history: list[dict] | None = None) -> Query:
        """The question analysed once (cleaned, a follow-up made standalone); QuestionError if it cannot be asked."""
        view = self.retriever.view
        dense = self.mode != "bm25" and self.retriever.embedder is not None and view.index.dense is not None
        return analyse(question, view, history, self.settings, self.retriever.embedder if dense else None)

    def search(
        self, question: Query | str, k: int = 10, filters: Filters = Filters(), mode: Mode | None = None
    ) -> SearchResult:
        """The hits for a question (cleaned and analysed unless given as a Query); ``mode``: the
        pipeline's unless given (evaluation compares modes)."""
        query = question if isinstance(question, Query) else self.analyse(question)
        return self.retriever.search(query, k=k, filters=filters, mode=mode or self.mode)

    def ask(self, question: str, k: int = 5, filters: Filters = Filters(), history: list[dict] | None = None) -> Answer:
        t0 = time.perf_counter()
        query = self.analyse(question, history)
        if query.kind == "list" and not filters.regions:
            hits = self._per_report_hits(query, k, filters)
        else:
            hits = self.search(query, k=k, filters=filters).hits
        answer = self.reader.read(query, hits)
        answer.question = query.asked
        if query.rewritten:
            answer.rewritten_question = query.text
        note = query.coverage_note
        if note is not None:
            # The corpus does not cover what the question names: say so instead of answering.
            answer.answer, answer.answer_type, answer.pieces, answer.citations = None, "none", [], []
            answer.confidence = min(answer.confidence, 0.1)
            answer.note = note
        elif answer.answer is None:
            answer.note = "报告中未找到答案，以下为最相关的段落。" if hits else "报告中未找到相关内容。"
        answer.latency_ms = (time.perf_counter() - t0) * 1000
        return answer

    def _per_report_hits(self, query: Query, k: int, filters: Filters) -> list[Hit]:
        """For "which places / how did each place" questions: the best passages of every report."""
        hits: list[Hit] = []
        for region in query.view.regions:
            f = Filters(regions=(region,), years=filters.years, doc_types=filters.doc_types)
            hits.extend(self.search(query, k=self.settings.list_per_report, filters=f).hits)
        hits.sort(key=lambda h: -h.score)
        for rank, h in enumerate(hits, start=1):
            h.rank = rank
        return hits
