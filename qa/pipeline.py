"""Pipeline: the one API the CLI and the app share — question (+ history) → cited Answer."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from qa.document import Answer, Chunk, Document, Hit
from qa.ingest.gazetteer import holds_any
from qa.ingest.metadata import regions_in
from qa.reading import comparison as comparing
from qa.reading.reader import Reader
from qa.retrieval.question import clean, find_mentions, is_follow_up, question_type, short_names
from qa.retrieval.retriever import Filters, Retriever, SearchResult
from qa.settings import Settings
from qa.text.normalization import normalize
from qa.text.synonyms import expansions

log = logging.getLogger(__name__)


class Pipeline:
    def __init__(self, retriever: Retriever, reader=None, settings: Settings = Settings(), mode: str = "hybrid"):
        self.retriever = retriever
        self.settings = settings
        self.mode = mode
        # The default reader also analyses questions (follow-ups) when another reader answers.
        self.default_reader = Reader(
            retriever.tokenizer,
            self._idf,
            retriever.embedder if mode != "bm25" else None,
            settings,
            known=self._known,
        )
        self.reader = reader or self.default_reader

    # The index may be swapped by an update: look it up at call time.
    def _idf(self, term: str) -> float:
        bm25 = self.retriever.index.bm25
        toks = self.retriever.tokenizer.tokenize(term) or [term]
        return max(bm25.idf(t) for t in toks)

    def _known(self, term: str) -> bool:
        return self.retriever.index.bm25.knows(self.retriever.tokenizer.tokenize(term))

    @classmethod
    def open(
        cls,
        corpus_dir: Path | None = None,
        index_dir: Path | None = None,
        settings: Settings = Settings(),
        reader_model: Path | None = None,
        show_progress: bool = True,
        mode: str = "hybrid",
        reader: str | None = None,
    ) -> "Pipeline":
        retriever = Retriever.open(corpus_dir, index_dir, settings, dense=mode != "bm25", show_progress=show_progress)
        chosen = None
        if reader_model is not None:
            from qa.reading.hf_reader import TransformersReader

            chosen = TransformersReader(reader_model, settings)
        pipe = cls(retriever, chosen, settings, mode)
        reader = reader or settings.reader
        if reader_model is None and reader in ("learned", "combined"):
            from qa.reading.learned import LearnedReader
            from qa.retrieval.retriever import _lazy_embedder

            # The reader runs on the embedder's own encoder: one copy of the base weights.
            embedder = retriever.embedder or _lazy_embedder(settings)
            pipe.reader = LearnedReader(embedder, pipe.default_reader, settings, mode=reader)
        elif reader not in ("rule", "learned", "combined"):
            raise ValueError(f"未知的阅读器 {reader!r}（可选 rule、learned、combined）")
        return pipe

    # ------------------------------------------------------------ the corpus, for browsing (app)

    def documents(self) -> list[Document]:
        return list(self.retriever.index.documents.values())

    def document(self, doc_id: str) -> Document | None:
        return self.retriever.index.documents.get(doc_id)

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        """The passages of one report, in document order."""
        return sorted((c for c in self.retriever.index.chunks if c.doc_id == doc_id), key=lambda c: c.start)

    def regions(self) -> list[str]:
        return self.retriever.regions()

    def refresh(self, on_progress=None):
        """Re-read the corpus folder after an upload or a deletion; queries keep the old index until done.
        ``on_progress`` gets the embedding progress of the new passages (see Retriever.refresh)."""
        return self.retriever.refresh(on_progress=on_progress)

    # ------------------------------------------------------------ follow-up questions

    def resolve(self, question: str, history: list[dict]) -> str:
        """Rewrite a follow-up ("那怀化呢?") into a standalone question using the last turn."""
        if not history:
            return question
        previous = next((t["question"] for t in reversed(history) if t.get("question")), None)
        if not previous:
            return question
        known = set(self.retriever.regions())
        now, before = find_mentions(question, known), find_mentions(previous, known)
        own_terms = self.default_reader.terms(question, ignore=tuple(n for r in now.regions for n in short_names(r)))
        if now.regions and len(own_terms.terms) <= 1:
            # Same question, another place: swap the region of the previous question.
            rewritten = previous
            for r in before.regions:
                for name in short_names(r):
                    rewritten = rewritten.replace(name, "")
            return f"{now.regions[0]}{rewritten}"
        if not now.regions and before.regions and (is_follow_up(question) or len(own_terms.terms) <= 2):
            return f"{before.regions[0]}{question}"
        return question

    # ------------------------------------------------------------ asking

    def search(
        self, question: str, k: int = 10, filters: Filters = Filters(), query_vec=None, mode: str | None = None
    ) -> SearchResult:
        question = clean(question, self.settings.max_question_chars)
        return self.retriever.search(question, k=k, filters=filters, mode=mode or self.mode, query_vec=query_vec)

    def ask(self, question: str, k: int = 5, filters: Filters = Filters(), history: list[dict] | None = None) -> Answer:
        t0 = time.perf_counter()
        asked = question
        question = self.resolve(clean(question, self.settings.max_question_chars), history or [])
        kind = question_type(question)
        index = self.retriever.index
        known = {d.meta.region for d in index.documents.values() if d.meta.region}
        mentions = find_mentions(question, known)
        note = self._coverage_note(question, mentions, known, index)
        # Encode the question once: the searches and the reader share the vector.
        dense = self.mode != "bm25" and self.retriever.embedder is not None and index.dense is not None
        compared = None
        if note is None and (kind == "list" or comparing.is_comparative(question) or kind in ("ratio", "count")):
            compared = self.compare(question, kind, filters, history or [], mentions)
        if compared is not None:
            answer = comparing.to_answer(compared, asked)
            if question != asked:
                answer.rewritten_question = question
            answer.latency_ms = (time.perf_counter() - t0) * 1000
            return answer
        query_vec = self.retriever.embedder.encode_queries([question])[0] if dense else None
        if kind == "list" and not filters.regions:
            hits = self._per_report_hits(question, k, filters, query_vec)
        else:
            hits = self.search(question, k=k, filters=filters, query_vec=query_vec).hits
        if getattr(self.reader, "embedder", None) is None:
            query_vec = None
        ignore = tuple(n for r in mentions.regions for n in short_names(r))
        if isinstance(self.reader, Reader) or getattr(self.reader, "takes_kind", False):
            answer = self.reader.read(question, hits, kind, ignore=ignore, query_vec=query_vec)
        else:
            answer = self.reader.read(question, hits)
        answer.question = asked
        if question != asked:
            answer.rewritten_question = question
        if note is not None:
            # The corpus does not cover what the question names: say so instead of answering.
            answer.answer, answer.answer_type, answer.pieces, answer.citations = None, "none", [], []
            answer.confidence = min(answer.confidence, 0.1)
            answer.note = note
        elif answer.answer is None:
            answer.note = "报告中未找到答案，以下为最相关的段落。" if hits else "报告中未找到相关内容。"
            hidden = self._hidden_by_filters(question, filters)
            if hidden:
                answer.note += hidden  # a filter never hides the answering report silently
        answer.latency_ms = (time.perf_counter() - t0) * 1000
        return answer

    def reports(self) -> list[comparing.ReportText]:
        index = self.retriever.index  # an update swaps the index: the cache follows it
        cached = getattr(self, "_report_cache", None)
        if cached is None or cached[0] is not index:
            cached = (index, comparing.report_texts(index.documents, index.chunks))
            self._report_cache = cached
        return cached[1]

    def compare(
        self, question: str, kind: str, filters: Filters = Filters(), history: list[dict] | None = None, mentions=None
    ) -> comparing.Comparison | None:
        """Comparison questions ("其他县是怎么…") and figure questions that name no place: what each
        report says. None when the question is neither (a figure question one report answers alone)."""
        known = set(self.retriever.regions())
        mentions = mentions or find_mentions(question, known)
        figure = kind in ("ratio", "count")
        if figure and (mentions.regions or filters.regions):
            return None
        ignore = tuple(n for r in mentions.regions for n in short_names(r))
        norm = normalize(question)
        query = comparing.split_topic(
            question,
            self.retriever.tokenizer.domain_terms,
            self.retriever.tokenizer.tokenize_query(norm),
            ignore,
            expansions(norm),
            idf=lambda t: self._idf(t) if self._known(t) else 0.0,
            parts=lambda t: self.retriever.tokenizer._parts.get(t, ()),
        )
        if not query.topic:
            return None
        reports = self.reports()
        history_regions = tuple(
            r for t in history or [] if t.get("question") for r in find_mentions(t["question"], known).regions
        )
        excluded = comparing.excluded_regions(question, mentions.regions, history_regions)
        scope_names = tuple(n for n in comparing.scope_names(question) if not any(n in r for r in known))
        scope = comparing.text_scope(scope_names, reports)
        if not figure and len(mentions.regions) >= 2 and not excluded:
            named = set(mentions.regions)  # "元氏县和怀化市比较": just those places
            scope = lambda meta, inner=scope: meta.region in named and (inner is None or inner(meta))  # noqa: E731
        result = comparing.Comparison(query, excluded=excluded, scope=scope_names)
        if figure:
            terms = self.default_reader.terms(question, ignore)
            found = comparing.figures_by_report(
                query, reports, kind, norm, excluded, terms=terms, min_coverage=self.settings.compare_figure_coverage
            )
            # One figure per report only when reports differ; a single report's figure is the reader's job.
            if len({f.text for f in found}) < 2:
                return None
            result.figures = [f for f in found if _passes(filters, f)]
            result.filtered_out = [f for f in found if not _passes(filters, f)]
            result.note = comparing.filters_note(filters, result.filtered_out)
            return result
        need_figure = comparing.asks_figure(question)
        items = comparing.compare(query, reports, excluded, scope, need_figure=need_figure)
        while not items and (relaxed := comparing.relax(query)) is not None:
            query = relaxed
            items = comparing.compare(query, reports, excluded, scope, need_figure=need_figure)
        result.query = query
        inside = [it for it in items if _passes(filters, it)]
        result.filtered_out = [it for it in items if it not in inside]
        result.items = inside
        notes = []
        if excluded:
            notes.append(f"已排除提问者所在地：{'、'.join(excluded)}。")
        if scope_names:
            notes.append(f"范围：{'、'.join(scope_names)}（按报告所写的省名和地区判断）。")
        filtered = comparing.filters_note(filters, result.filtered_out)
        if filtered:
            notes.append(filtered)
        result.note = "".join(notes) or None
        return result

    def _hidden_by_filters(self, question: str, filters: Filters) -> str | None:
        """ "已按地区=元氏县筛选；怀化市…的报告也提到这一主题，未检索。" when the filters left out reports
        that hold the question's topic."""
        if not (filters.regions or filters.years or filters.doc_types):
            return None
        norm = normalize(question)
        query = comparing.split_topic(
            question, self.retriever.tokenizer.domain_terms, [], synonyms=expansions(norm)
        )  # terms of art only: everyday words would name half the corpus
        if not query.topic:
            return None
        items = comparing.compare(query, self.reports())
        return comparing.filters_note(filters, [it for it in items if not _passes(filters, it)])

    def _per_report_hits(self, question: str, k: int, filters: Filters, query_vec=None) -> list[Hit]:
        """For "which places / how did each place" questions: the best passages of every report."""
        hits: list[Hit] = []
        regions = sorted({d.meta.region for d in self.retriever.index.documents.values() if d.meta.region})
        for region in regions:
            f = Filters(regions=(region,), years=filters.years, doc_types=filters.doc_types)
            hits.extend(self.search(question, k=self.settings.list_per_report, filters=f, query_vec=query_vec).hits)
        hits.sort(key=lambda h: -h.score)
        for rank, h in enumerate(hits, start=1):
            h.rank = rank
        return hits

    def _coverage_note(self, question: str, mentions, known: set[str], index) -> str | None:
        """A note when the question names a place or a year that no report covers."""
        docs = [d for d in index.documents.values() if d.meta.region]

        def held(region=None):
            rows = sorted(
                {
                    (d.meta.region, d.meta.year or 0, d.meta.doc_type)
                    for d in docs
                    if region is None or d.meta.region == region
                }
            )
            return "、".join(f"{r}{y or '(年份不详)'}年{t}" for r, y, t in rows)

        # A place no report is about, and that no report even mentions (海东市 is named in the
        # 互助县 plan: questions about it are searched as usual).
        unknown = [
            r
            for r in regions_in(normalize(question), tagged=True)
            if not any(n in r or r in n for k in known for n in short_names(k))
            and not self._known(r)
            and not holds_any(r, [d.meta.division_code for d in index.documents.values()])
        ]
        if unknown and not mentions.regions:
            return f"语料中没有{unknown[0]}的报告；现有：{held()}。"
        if len(mentions.years) != 1 or len(mentions.regions) > 1:
            return None
        year = mentions.years[0]
        region = mentions.regions[0] if mentions.regions else None
        # A report covers its own year and any year its headings are about ("四、2020年…主要安排").
        by_region = index.covered_years
        covered = by_region.get(region, set()) if region else set().union(*by_region.values())
        if year in covered:
            return None
        return f"{region or '语料'}没有关于{year}年的报告；现有：{held(region)}。"


def _passes(filters: Filters, item) -> bool:
    """Whether the filters let a report through (the same tests as Filters.mask)."""
    if filters.regions and not any(item.region and f in item.region for f in filters.regions):
        return False
    if filters.years and item.year not in filters.years:
        return False
    return not (filters.doc_types and item.doc_type not in filters.doc_types)
