"""Pipeline: the one API the CLI and the app share — question (+ history) → cited Answer.

question → ``analyse`` (a Query, once) → retriever (hits) → reader (Answer) → coverage note.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import replace
from pathlib import Path

from qa.document import Answer, Chunk, Document, Hit
from qa.ingest.chunking import sentence_spans
from qa.ingest.sections import is_plan_section
from qa.reading import comparison as comparing
from qa.reading import dating, page
from qa.reading import relevance as relevance_model
from qa.reading.answers import combine
from qa.reading.base import Reader
from qa.reading.reader import RuleReader
from qa.retrieval.query import Query, analyse, shares_said, source_kind
from qa.retrieval.question import find_mentions, short_names
from qa.retrieval.retriever import Filters, Retriever, SearchResult
from qa.settings import READERS, Mode, ReaderName, Settings
from qa.store.index import LoadedIndex
from qa.text.normalization import normalize
from qa.text.qualifiers import CLAUSE_LEVEL, marked_unsaid, qualifiers
from qa.text.synonyms import expansions

log = logging.getLogger(__name__)
_CLAUSE_WINDOW = 200  # characters either side of a figure read for the clause holding it
# Qualifiers that name the topic's kind, level or side, not a part of its figure (行政复议, 全市, "作为复议机关的
# 各地政府": the governments' own cases, which is what their reports count)
_BROAD_QUALIFIERS = frozenset({"procedure", "level", "review_role"}) | CLAUSE_LEVEL  # (a case's stage or outcome too)


class Pipeline:
    def __init__(
        self, retriever: Retriever, reader: Reader | None = None, settings: Settings = Settings(), mode: Mode = "hybrid"
    ):
        self.retriever = retriever
        self.settings = settings
        self.mode = mode
        # The rule reader stays at hand: the learned reader's "combined" mode and evaluation use it.
        embedder = retriever.embedder if mode != "bm25" else None
        self.default_reader = RuleReader(retriever.tokenizer, embedder, settings, document=self.document)
        self.reader: Reader = reader or self.default_reader

    @classmethod
    def open(
        cls,
        corpus_dir: Path | None = None,
        index_dir: Path | None = None,
        settings: Settings = Settings(),
        reader_model: Path | None = None,
        show_progress: bool = True,
        mode: Mode = "hybrid",
        reader: ReaderName | None = None,
    ) -> "Pipeline":
        """``reader_model``: a local Hugging Face QA model folder (replaces the rule reader);
        ``reader``: rule, learned or combined (default: settings.reader_name)."""
        reader = reader or settings.reader_name
        if reader not in READERS:
            raise ValueError(f"未知的阅读器 {reader!r}（可选 rule、learned、combined）")
        retriever = Retriever.open(corpus_dir, index_dir, settings, dense=mode != "bm25", show_progress=show_progress)
        chosen = None
        if reader_model is not None:
            from qa.reading.hf_reader import TransformersReader

            chosen = TransformersReader(reader_model, settings)
        pipe = cls(retriever, chosen, settings, mode)
        if reader_model is None and reader != "rule":
            from qa.reading.learned import LearnedReader
            from qa.retrieval.retriever import _lazy_embedder

            # The reader runs on the embedder's own encoder: one copy of the base weights.
            embedder = retriever.embedder or _lazy_embedder(settings)
            pipe.reader = LearnedReader(embedder, pipe.default_reader, settings, mode=reader)
        return pipe

    # ------------------------------------------------------------ the corpus, for the app and evaluation

    @property
    def index(self) -> LoadedIndex:
        """The index state now in use (a refresh swaps it whole)."""
        return self.retriever.index

    def documents(self) -> list[Document]:
        return list(self.retriever.index.documents.values())

    def document(self, doc_id: str) -> Document | None:
        return self.retriever.index.documents.get(doc_id)

    def chunks(self) -> list[Chunk]:
        return self.retriever.index.chunks

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        """The passages of one report, in document order."""
        idx = self.retriever.index
        return sorted((idx.chunks[i] for i in idx.chunks_of.get(doc_id, ())), key=lambda c: c.start)

    def regions(self) -> list[str]:
        """The places the reports are about, sorted."""
        return self.retriever.regions()

    def refresh(self, show_progress: bool = False, on_progress=None) -> LoadedIndex:
        """Bring the index up to date with the corpus folder (after an upload or a deletion); running
        questions keep the old one. ``on_progress`` gets the embedding progress of the new passages."""
        return self.retriever.refresh(show_progress, on_progress=on_progress)

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

    def ask(
        self, question: Query | str, k: int = 5, filters: Filters = Filters(), history: list[dict] | None = None
    ) -> Answer:
        t0 = time.perf_counter()
        query = question if isinstance(question, Query) else self.analyse(question, history)
        note = query.coverage_note
        others: tuple[str, ...] = ()  # "别的地方…": the asker's own place, never the answer
        if note is None and (query.kind in ("list", "ratio", "count") or comparing.is_comparative(query.norm)):
            compared = self.compare(query, filters=filters, history=history)
            if compared is not None and comparing.asks_other_places(query.norm):
                others = compared.excluded
            # "除了元氏县还有哪个县承担…" may be about a place one report names (正定县): when no report
            # compares, the reader answers it, leaving the asker's place out.
            empty = compared is not None and not (compared.items or compared.figures or compared.filtered_out)
            if compared is not None and not (empty and query.kind != "list" and not compared.unsaid):
                answer = comparing.to_answer(compared, query.asked)
                if query.rewritten:
                    answer.rewritten_question = query.text
                answer.latency_ms = (time.perf_counter() - t0) * 1000
                return answer
        wide = k
        if query.kind == "list" and not filters.regions:
            hits = self._per_report_hits(query, k, filters)
        else:
            # a year no report of the place is about, but one recounts (a plan's "2024年，全市…"): the passage that says
            # it may rank below the next year's report on the same matter, so more passages are read
            wide = k * self.settings.recounted_year_reach if query.year_of_no_report else k
            hits = self.search(query, k=wide, filters=self._implied_filters(query, filters)).hits
            if others:
                hits = [h for h in hits if h.chunk.region not in others]
            if query.asks_signature_date and hits:
                hits = hits + self._last_passages(hits[0].chunk.doc_id, hits)
        answer = self._page_fact(query, hits) or self._read(query, hits)
        if wide > k:
            # more passages were read than asked for (a recounted year): the hits shown are the k best, and any
            # cited passage below them
            cited = {c.chunk.chunk_id for c in answer.citations}
            answer.hits = [h for i, h in enumerate(answer.hits) if i < k or h.chunk.chunk_id in cited]
        answer.question = query.asked
        if query.rewritten:
            answer.rewritten_question = query.text
        if note is not None:
            # The corpus does not cover what the question names: say so instead of answering.
            _withhold(answer, note)
        elif answer.answer is not None and query.areas_above and not _speaks_for(answer, query.areas_above, query.norm):
            # "石家庄市办了多少件" answered from the 元氏县 report would pass a county's figure off as the city's;
            # how the county did it may still serve, said as such.
            place = query.areas_above[0]
            if query.kind == "descriptive":
                within = "、".join(dict.fromkeys(c.chunk.region for c in answer.citations if c.chunk.region))
                answer.note = f"{place}本级没有报告；以下答案出自其下辖{within or '地区'}的报告。"
            else:
                _withhold(
                    answer,
                    f"语料中没有{place}本级的报告，只有其下辖地区的报告，它们的数字和做法不代表{place}；"
                    "以下为最相关的段落。",
                )
        elif (
            answer.answer is not None
            and query.places_elsewhere
            and not _speaks_for(answer, query.places_elsewhere, query.norm)
        ):
            # "正定县办了多少件" answered from the 元氏县 report would pass one county's figure off as another's.
            place = query.places_elsewhere[0]
            within = "、".join(dict.fromkeys(c.chunk.region for c in answer.citations if c.chunk.region))
            said = f"{within or '现有报告'}的报告在这里没有说到{place}"
            _withhold(answer, f"语料中没有{place}的报告；{said}，以下为最相关的段落。")
        elif (
            answer.answer is not None
            and (year := query.recounted_year) is not None
            and not any(f"{year}年" in _TITLE.sub("", text) for _, _, text in _sentences(answer))
            and not _dated_around(answer, year, query)
        ):
            # "武侯区2023年收到多少件": only the 2024 plan's "2023年全区共收到…381件" says that year's figure; a
            # sentence of the later report that does not say the year says nothing of it.
            _withhold(answer, query.year_note(year))
        elif answer.answer is not None and (year := _year_unsaid(answer, query)) is not None:
            # "梅河口市2020年行政许可事项有多少项": the 2019 report speaks of 2020 only in its plans for it, and 404项
            # is a 2019 figure; it would pass one year's figure off as another's.
            held = "、".join(dict.fromkeys(f"{c.chunk.region or ''}{c.chunk.year}年" for c in answer.citations))
            _withhold(answer, f"所引报告是{held}的，答案所在段落没有说到{year}年；以下为最相关的段落。")
        elif answer.answer is None and query.recounted_year is not None:
            # read, and no sentence answered: say which years the place's reports are about, as before reading
            answer.note = query.year_note(query.recounted_year)
        elif answer.answer is None and (held := _of_other_year(hits, query)) is not None:
            # "梅河口市2020年…多少项": the 2019 report's figures are 2019's (spans.of_year); say whose report it is
            answer.note = f"最相关的报告是{held}的，没有说到{query.mentions.years[0]}年的这一数字；以下为最相关的段落。"
        elif answer.answer is None:
            answer.note = "报告中未找到答案，以下为最相关的段落。" if hits else "报告中未找到相关内容。"
            hidden = self._hidden_by_filters(query, filters)
            if hidden:
                answer.note += hidden  # a filter never hides the answering report silently
        answer.latency_ms = (time.perf_counter() - t0) * 1000
        return answer

    # ------------------------------------------------------------ comparison (one row per report)

    def reports(self) -> list[comparing.ReportText]:
        return self._reports()[1]

    def _reports(self) -> tuple[LoadedIndex, list[comparing.ReportText], dict[str, int]]:
        """The index, its reports and each chunk's row in it (its vector's), built once per index."""
        index = self.retriever.index  # an update swaps the index: the cache follows it
        cached = getattr(self, "_report_cache", None)
        if cached is None or cached[0] is not index:
            rows = {c.chunk_id: i for i, c in enumerate(index.chunks)}
            cached = (index, comparing.report_texts(index.documents, index.chunks), rows)
            self._report_cache = cached
        return cached

    def passage_similarity(self, query: Query) -> comparing.Similarity | None:
        """How close passages are to the question: the index's vectors against the question's embedding. None
        without them (`--mode bm25`, or an index built without vectors)."""
        index, _, rows = self._reports()
        if self.mode == "bm25" or index.dense is None or query.vector is None:
            return None
        return comparing.passage_similarity(index.dense, query.vector, rows)

    def read_together(self, query: Query):
        """The shipped cross-encoder bound to the question, for the comparison's first reports; None without vectors
        (`--mode bm25`: the encoder is not loaded), without the sentence model, or when switched off."""
        embedder = self.retriever.embedder
        if not (self.settings.compare_cross_encoder and self.settings.compare_relevance) or query.vector is None:
            return None
        if self.mode == "bm25" or embedder is None:
            return None
        from qa.reading import cross_encoder  # torch: loaded with the embedder, not before

        model = cross_encoder.shipped(embedder)
        return cross_encoder.ReadTogether(model, embedder.model.tokenizer, query.text) if model else None

    def compare(
        self,
        question: Query | str,
        kind: str | None = None,
        filters: Filters = Filters(),
        history: list[dict] | None = None,
    ) -> comparing.Comparison | None:
        """Comparison questions ("其他县是怎么…") and figure questions that name no place: what each
        report says. None when the question is neither (a figure question one report answers alone).
        ``kind``: the question's own kind unless given (the 对比 tab asks for a list)."""
        query = question if isinstance(question, Query) else self.analyse(question)
        kind = kind or query.kind
        view, mentions, norm = query.view, query.mentions, query.norm
        figure = kind in ("ratio", "count")
        # One place's figure is the reader's job; "我是互助县的，别的地方…多少" asks the others'. A place no report
        # is of ("正定县办理了多少件") is not "no place": the others' figures are not its own.
        named = mentions.regions or query.places_elsewhere
        asks_others = comparing.asks_others(norm)
        # "徐州各地…分别是多少": the reports of the places within the city, its own among them, when it holds others
        each_within = [] if filters.regions else comparing.each_within(norm, self.reports())
        if each_within:
            named = ()
        if figure and (filters.regions or (named and not asks_others)):
            return None
        # "怀化市各县区是怎么做的": within the one place named, not across the reports
        within_one = len(mentions.regions) == 1 and not asks_others and not each_within
        if within_one and kind != "list":
            return None
        excluded: tuple[str, ...] = ()
        if asks_others:  # only then does the conversation's place matter
            asked_before = [normalize(t["question"]) for t in history or [] if t.get("question")]
            history_regions = tuple(r for q in asked_before for r in find_mentions(q, view.known_regions).regions)
            excluded = comparing.excluded_regions(norm, mentions.regions, history_regions)
        topic = self._topic(query, norm)
        # "我们元氏县2021年推行了一案三推动，其他地方…": the clause about the asker's own place says
        # what the asker did; the topic is asked in the rest, when the rest names one.
        rest = comparing.without_asker(norm, tuple(n for r in excluded for n in short_names(r)))
        if rest != norm and (own := self._topic(query, rest)).topic and not own.weak:
            topic = own
        if not topic.topic:
            return None
        reports = self.reports()
        # Provinces/cities the question limits itself to ("吉林省内", "湖南其他县市"), by the
        # gazetteer; a place that is itself a report's region is the asker's or the answer's.
        # "河北省以外的地方" leaves its reports out; "除了河北的元氏县" only says where the asker's place lies.
        within, outside = query.area_roles["within"] + each_within, query.area_roles["outside"]
        scope_names = tuple(comparing.area_name(a) for a in within)
        scope_names += tuple(f"{comparing.area_name(a)}以外" for a in outside)
        scope = comparing.area_scope(within, reports, outside)
        # Years limit the reports, except a year said of the asker's own place ("我们元氏县2021年办了
        # 36件，其他地方…"): that one describes the asker.
        years = None if excluded else _years_scope(norm, mentions.years)
        if years is not None:
            in_years = years[0]
            # a plan recalls the year before's results in its preamble ("2024年，全市…直接纠错率12.6%" in the 2025
            # plan): it answers a figure of that year, unless the question asks for goals
            recalled = comparing.asks_figure(norm) and not _ASKS_GOAL.search(norm)

            def scope(meta, inner=scope):
                of_year = in_years(meta.year) or (
                    recalled and meta.doc_type == "工作要点" and meta.year is not None and in_years(meta.year - 1)
                )
                return of_year and (inner is None or inner(meta))

        # "各地年度报告里…": the kind of report it looks in; "工作要点中…" the plans.
        kind_asked = source_kind(norm, titled=False)
        if kind_asked is not None:
            scope = lambda meta, inner=scope: meta.doc_type == kind_asked and (inner is None or inner(meta))  # noqa: E731
        if not figure and (len(mentions.regions) >= 2 or within_one) and not excluded:
            named = set(mentions.regions)  # "元氏县和怀化市比较": just those places
            scope = lambda meta, inner=scope: meta.region in named and (inner is None or inner(meta))  # noqa: E731
        result = comparing.Comparison(topic, excluded=excluded, scope=scope_names)
        asker_note = f"已排除提问者所在地：{'、'.join(excluded)}。" if excluded else ""
        if figure or comparing.asks_figure(norm):
            tokenizer = self.retriever.tokenizer
            absent = comparing.absent_measure(
                norm, tokenizer.tokenize_query, view.writes, expansions(norm), self.settings.compare_absent_measure_freq
            )
            if absent is not None:  # "各地…当庭发言的比例": no report writes 当庭, none gives that figure
                result.query = topic
                result.note = asker_note + f"语料中的报告都没有写到“{absent}”，没有这一数字。"
                return result
            # read as one report's figure question: a part of a set in words no report uses ("复议案件中涉税案件占多大
            # 比例"), or a marked instance none names ("被二审改判的有多少件"): no report gives that figure
            as_figure = query if figure else replace(query, kind="ratio" if comparing.asks_share(norm) else "count")
            marked = marked_unsaid(as_figure.qualifiers, (r.norm for r in reports))
            if as_figure.part_unsaid or marked is not None:
                result.query = topic
                said = f"“{marked}”的数字" if marked is not None else "问题所问的这一部分"
                result.note = asker_note + f"语料中的报告都没有写到{said}，没有这一数字。"
                return result
        if figure:
            found = comparing.figures_by_report(
                topic,
                reports,
                kind,
                norm,
                excluded,
                scope,
                terms=query.terms,
                min_coverage=self.settings.compare_figure_coverage,
            )
            # the reports whose figure the question's words miss, read one by one; none found: what each says on it
            if found or self.settings.compare_read_unseeded:
                asked = self.analyse(rest) if rest != norm else query  # not the asker's own place's passages
                found += self._read_each(asked, topic, reports, excluded, scope, {f.chunk.report_key for f in found})
            # One figure per report only when two or more reports give one (the same figure in two is two answers);
            # a single report's figure is the reader's job, except for "别的地方…多少": the reader would read the
            # asker's own report too.
            others = excluded if comparing.asks_other_places(norm) else ()
            if len({f.chunk.report_key for f in found}) < 2 and not others:
                return None
            # none of the others' figures in the question's words, or one report's: what each says on it
            figure = len(found) >= 2
        if figure and comparing.rank_unsaid(norm, [f.chunk.text for f in found]):
            # "哪个地方的纠错率在本省排名第一": each report's rate is no place in a ranking
            result.note, result.unsaid = asker_note + "报告说到了这一主题，但都没有给出名次。", True
            return result
        if figure:
            result.figures = [f for f in found if _passes(filters, f)]
            result.filtered_out = [f for f in found if not _passes(filters, f)]
            result.note = asker_note + (comparing.filters_note(filters, result.filtered_out) or "") or None
            return result
        need_figure = comparing.asks_figure(norm)
        passing: list[comparing.ReportItem] = []  # reports that name the topic only in passing: left out
        if topic.weak:
            items = self._gathered(query, reports, excluded, scope)
            if topic.named:  # "中介超市": the reports that say it, besides those retrieval found
                found = {it.key for it in items}
                said = comparing.compare(comparing.ComparisonQuery((topic.named,)), reports, excluded, scope)
                items += [it for it in said if it.key not in found]
            items = comparing.keep_figures(items, self.settings.compare_figure_own_topic) if need_figure else items
        else:
            if len(mentions.regions) >= 2 and not excluded:
                topic = replace(topic, specific=())  # "元氏县和怀化市…": the places named pick the reports
            picking = dict(
                need_figure=need_figure,
                broad_share=self.settings.compare_broad_share,
                specific_holders=self.settings.compare_specific_holders,
                keep_gap=self.settings.compare_keep_gap,
                relevance=relevance_model.shipped() if self.settings.compare_relevance else None,
                similarity=self.passage_similarity(query),
                read=self.read_together(query),
                passing=passing,
                done_figure=self.settings.compare_done_figure,
                figure_own_topic=self.settings.compare_figure_own_topic,
            )
            items = comparing.compare(topic, reports, excluded, scope, **picking)
            # a topic no report holds is relaxed; one the reports name only in passing is not
            while not items and not passing and (relaxed := comparing.relax(topic)) is not None:
                topic = relaxed
                items = comparing.compare(topic, reports, excluded, scope, **picking)
        if need_figure and comparing.asks_done(norm):
            items = comparing.keep_done(items)
        elif comparing.asks_which_did(norm):
            items = comparing.keep_achieved(items)
        # "各地给法律援助花了多少经费", "各地复议案件平均多少天审结" and no report gives a figure in that unit on the
        # topic (a work plan's targets set aside above): not said, not a list of sentences with other counts
        # A length of time asked does not make a plan's targets figures to set aside ("压缩至1个工作日以内" answers
        # "开个公司要多长时间"), but no sentence giving one says it either.
        unsaid = comparing.unit_unsaid(norm, items) if need_figure or comparing.asks_duration(norm) else None
        # "各地复议申请人的满意率分别是多少": a share in a clause naming it, not the topic's other figures
        rate = None
        if unsaid is None and need_figure:
            answering = {it.key for it in items}
            texts = [r.norm for r in reports if r.key in answering]
            rates = comparing.rates_named(norm, query.terms.terms)
            rates += tuple(r for r in shares_said(norm, view.rate_labels) if r not in rates)  # "出庭应诉的比例"
            topic_terms = tuple(p for p in comparing.topic_parts(topic.topic) if "~" not in p)
            rate = comparing.rate_unsaid(norm, rates, items, texts, topic_terms)
            if not rates:  # "申请人请律师代理的比例": a share of a thing no report gives
                words = comparing.share_words(norm, self.retriever.tokenizer.tokenize_query, topic)
                # each word with the official terms the term table gives for it ("输官司" → 败诉); only words the
                # reports use: the asker's own wording ("调成", "结掉") says nothing of what they hold
                said = {alts[0]: alts for alts in query.terms.terms}
                known = [tuple(a for a in said.get(w, (w,)) if view.knows(a)) for w in words]
                known = [alts for alts in known if alts]
                if len(known) < len(words):
                    known = []  # a word of the share the reports never use: its figure is not looked for here
                # the word nearest the share names what it is of ("请律师代理的比例": 代理; "亲自上法庭应诉的比例":
                # 应诉; "通过网上渠道提交的比例": 提交)
                known = known[-1:]
                share = comparing.share_unsaid(norm, tuple(a for alts in known for a in alts), items, texts)
                rate = f"与“{share}”有关的比例" if share is not None else None
        if unsaid is None and rate is None and need_figure and not comparing.asks_share(norm):
            # "各地行政复议案件里涉及工伤认定的各有多少件": no item counts that part
            as_count = replace(query, kind="count")
            part = comparing.part_unsaid(as_count, items, self.settings.reader.min_subset_share)
            rate = f"“{part}”这一部分的数字" if part is not None else None
        if unsaid is None and rate is None and need_figure and items and not comparing.asks_how(norm):
            # a figure of one kind of the topic's ("以税务部门为被申请人的", "通过网上渠道提交的") that the reader, read
            # report by report, finds in none: the reports' sentences on the topic count all kinds, not that one
            as_figure = replace(query, kind="ratio" if comparing.asks_share(norm) else "count")
            # (not a kind the topic itself names: "公职律师比上年多了几个" is about 公职律师, not a kind of them)
            named = qualifiers(" ".join(a for alts in topic.topic for a in alts))
            kinds = frozenset(q for q in as_figure.qualifiers if q[0] not in _BROAD_QUALIFIERS and q not in named)
            if (
                self.settings.compare_reader_veto
                and kinds
                and not comparing.asks_duration(norm)
                and not self._reads_a_figure(as_figure, items, reports, excluded, scope, kinds)
            ):
                rate = "问题所问的这一部分的数字"
        if unsaid is not None or rate is not None:
            items = []
        result.query = topic
        inside = [it for it in items if _passes(filters, it)]
        result.filtered_out = [it for it in items if it not in inside]
        result.items = inside
        notes = [asker_note]
        if rate is not None:
            notes.append(f"报告说到了这一主题，但都没有给出{rate}。")
        if unsaid is not None:
            unit_words = {"元": "金额", comparing.RANK: "名次", comparing.DURATION: "时长"}
            said = unit_words.get(unsaid, f"以“{unsaid}”计的数字")
            notes.append(f"报告说到了这一主题，但都没有给出{said}。")
        if scope_names:
            notes.append(f"范围：{'、'.join(scope_names)}（按行政区划代码判断）。")
        if years is not None:
            notes.append(f"年份：{years[1]}。")
        if kind_asked is not None:
            notes.append(f"类型：{kind_asked}。")
        filtered = comparing.filters_note(filters, result.filtered_out)
        if filtered:
            notes.append(filtered)
        result.passing = [it for it in passing if _passes(filters, it)]
        if result.passing:
            notes.append(comparing.passing_note(result.passing))
        result.note = "".join(notes) or None
        return result

    def _topic(self, query: Query, text: str) -> comparing.ComparisonQuery:
        """The comparison topic of a normalised question text (see ``comparison.split_topic``)."""
        tokenizer, view = self.retriever.tokenizer, query.view
        held = lambda t: sum(t in r.norm for r in self.reports())  # noqa: E731
        topic = comparing.split_topic(
            text,
            tokenizer.domain_terms,
            tokenizer.tokenize_query(text),
            query.ignore,
            expansions(text),
            idf=lambda t: view.idf(t) if view.knows(t) else 0.0,
            parts=lambda t: tokenizer._parts.get(t, ()),
            held=held,
            rare=self.settings.compare_rare_part_idf,
        )
        topic = comparing.counted_topic(text, topic, held)
        return comparing.written_apart(topic, self.settings.compare_term_gap)

    def _gathered(self, query: Query, reports, excluded, scope) -> list[comparing.ReportItem]:
        """A weak topic's reports, by retrieval (dense and BM25 read paraphrases the topic words
        miss): each report in scope whose best passage is close to the best one, best first."""
        allowed, gathered = self._gather(query, reports, excluded, scope)
        items = []
        for key, doc_hits in gathered.items():
            item = comparing.item_from_hits(doc_hits, allowed[key], query.terms)
            if item is not None:
                items.append(item)
        return items

    def _gather(self, query: Query, reports, excluded, scope) -> tuple[dict, dict[str, list[Hit]]]:
        """The reports in scope by report key, and those retrieval gathers (``comparison.gather``), with their
        passages."""
        s = self.settings
        allowed = {r.key: r for r in reports if r.meta.region not in excluded and (scope is None or scope(r.meta))}
        hits = [h for h in self.search(query, k=s.compare_gather_k).hits if h.chunk.report_key in allowed]
        return allowed, comparing.gather(hits, s.compare_gather_ratio)

    def _read_each(
        self, query: Query, topic: comparing.ComparisonQuery, reports, excluded, scope, have: set[tuple]
    ) -> list[comparing.FigureItem]:
        """Figures the reader finds in each gathered report that the question's words did not (复议案子里被纠正过来的
        比例 → 纠错率12.7%): the reader, given one report's best passages, answers with a figure or refuses."""
        s = self.settings
        if not s.compare_read_each:
            return []
        allowed, gathered = self._gather(query, reports, excluded, scope)
        rates = comparing.rates_named(query.norm, query.terms.terms)
        out = []
        for key, doc_hits in list(gathered.items())[: s.compare_read_each]:
            if key in have:
                continue
            answer = self.reader.read(query, doc_hits[: s.list_per_report])
            if answer.answer_type != "span" or len(answer.pieces) != 1 or not comparing.DIGIT.search(answer.answer):
                continue
            piece = answer.pieces[0]
            # what the figure is of (纠错率, 中介机构: the topic's last term) must be said in its own clause, or in its
            # sentence for a share of the rate asked: not the "案件比例低于30%" beside a sentence on 纠错率
            around = allowed[key].doc_norm[max(piece.start - _CLAUSE_WINDOW, 0) : piece.end + _CLAUSE_WINDOW]
            at = min(piece.start, _CLAUSE_WINDOW)
            if not comparing.figure_of(around, at, at + piece.end - piece.start, topic.topic[-1], rates):
                continue
            chunk = answer.citations[piece.citation - 1].chunk
            meta, doc_id = allowed[key].meta, allowed[key].doc_id
            plan = is_plan_section(chunk.section, chunk.doc_type, chunk.year)
            out.append(
                comparing.FigureItem(
                    doc_id, meta.region, meta.year, meta.doc_type, chunk, piece.start, piece.end, piece.text, plan
                )
            )
        return out

    def _reads_a_figure(
        self, query: Query, items: list[comparing.ReportItem], reports, excluded, scope, kinds: frozenset
    ) -> bool:
        """Whether the reader, given one report's best passages, answers the figure question with a figure for some
        report of the items, in a sentence that names the asked ``kinds`` (qualifiers: 公安, 税务); a report retrieval
        does not reach counts as one that may."""
        _, gathered = self._gather(query, reports, excluded, scope)
        for item in items:
            doc_hits = gathered.get(item.key)
            if doc_hits is None:
                return True
            answer = self.reader.read(query, doc_hits[: self.settings.list_per_report])
            if answer.answer_type != "span" or not comparing.DIGIT.search(answer.answer or ""):
                continue
            # "公安类的案子占了多大比例" is not answered by the 纠错率 of all cases: its sentence must name 公安
            piece = answer.pieces[0]
            chunk = answer.citations[piece.citation - 1].chunk
            at = piece.start - chunk.start
            if kinds <= qualifiers(comparing.sentence_around(normalize(chunk.text), at, piece.end - chunk.start)):
                return True
        return False

    def _hidden_by_filters(self, query: Query, filters: Filters) -> str | None:
        """ "已按地区=元氏县筛选；怀化市…的报告也提到这一主题，未检索。" when the filters left out reports
        that hold the question's topic."""
        if not (filters.regions or filters.years or filters.doc_types):
            return None
        topic = comparing.split_topic(
            query.norm, self.retriever.tokenizer.domain_terms, [], synonyms=expansions(query.norm)
        )  # terms of art only: everyday words would name half the corpus
        if not topic.topic:
            return None
        items = comparing.compare(topic, self.reports())
        return comparing.filters_note(filters, [it for it in items if not _passes(filters, it)])

    def _read(self, query: Query, hits: list[Hit]) -> Answer:
        """The reader's answer; for a compound question of figures and facts ("一共有多少名法律顾问？其中公职律师
        有几名？") each part read from the same passages, the whole question's, and the answers put together."""
        if len(query.parts) < 2:
            return self.reader.read(query, hits)
        subs = [self.analyse(p) for p in query.standalone_parts]
        if any(sub.kind in ("list", "descriptive") for sub in subs):
            return self.reader.read(query, hits)  # "哪些地方…，培训了多少人次": one report per item, not parts
        return combine(query.asked, query.parts, [self.reader.read(sub, hits) for sub in subs], hits)

    def _implied_filters(self, query: Query, filters: Filters) -> Filters:
        """The filters, limited to the places outside the areas the question leaves out ("河北省以外的地方…多少件":
        河北's reports do not answer it), when it leaves some out and the filters name no place; and to the kind of
        report the question looks in ("工作要点里…"), when the corpus holds one."""
        kind = source_kind(query.norm, titled=False)
        if kind is not None and not filters.doc_types and any(r.meta.doc_type == kind for r in self.reports()):
            # "工作要点里给纠错率定了多少的目标": the plans answer, not an annual report's result
            filters = replace(filters, doc_types=(kind,))
        outside = query.area_roles["outside"]
        if not outside or filters.regions:
            return filters
        reports = self.reports()
        kept_in = comparing.area_scope([], reports, outside)
        kept = tuple(dict.fromkeys(r.meta.region for r in reports if r.meta.region and kept_in(r.meta)))
        return replace(filters, regions=kept) if kept else filters

    def _page_fact(self, query: Query, hits: list[Hit]) -> Answer | None:
        """The report's page date or source, when asked and the page of the best hit's report states it."""
        if query.page_fact is None or not hits:
            return None
        doc = self.document(hits[0].chunk.doc_id)
        return page.answer(query.text, doc, query.page_fact, hits) if doc is not None else None

    def _last_passages(self, doc_id: str, hits: list[Hit], n: int = 2) -> list[Hit]:
        """The first and last passages of a report, where its date line stands, as hits after ``hits``."""
        have = {h.chunk.chunk_id for h in hits}
        chunks = self.chunks_of(doc_id)
        ends = [c for c in chunks[:n] + chunks[-n:] if c.chunk_id not in have]
        return [Hit(chunk=c, score=0.0, rank=len(hits) + i + 1) for i, c in enumerate(dict.fromkeys(ends))]

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


_ASKS_GOAL = re.compile(r"目标|计划|打算|安排|力争|要求|要点|部署")
_SINCE = re.compile(r"(?:19|20)\d{2}年?(?:以来|至今|起|以后|之后)")
_UNTIL = re.compile(r"(?:19|20)\d{2}年?(?:以前|之前)")
_TITLE = re.compile(r"《[^》]*》")


def _withhold(answer: Answer, note: str) -> None:
    """No answer, and why: the passages stay for the reader to see."""
    answer.answer, answer.answer_type, answer.pieces, answer.citations = None, "none", [], []
    answer.confidence = min(answer.confidence, 0.1)
    answer.note = note


def _sentences(answer: Answer):
    """(piece, chunk, the sentences it lies in, cut as the chunker cuts them) for each answer piece."""
    chunks = {c.n: c.chunk for c in answer.citations}
    for piece in answer.pieces:
        chunk = chunks[piece.citation]
        s, e = piece.start - chunk.start, piece.end - chunk.start
        yield (
            piece,
            chunk,
            "".join(chunk.text[a:b] for a, b in sentence_spans(chunk.text, 0, len(chunk.text)) if a < e and b > s),
        )


def _said(answer: Answer, question: str):
    """(piece, chunk, what it says of itself) for each answer piece: the sentences it lies in and its passage's
    headings. ``question``: normalised, to tell whether it asks about a document the sentence cites."""
    for piece, chunk, said in _sentences(answer):
        # A place or year in a document's title (《海东市行政机关负责人出庭应诉工作规则》) is the title's, not the
        # subject, unless the question asks about that document (names its kind: 规则) or the title is the answer.
        said = _TITLE.sub(
            lambda m: m.group(0) if m.group(0)[-3:-1] in question else "", said + " " + " ".join(chunk.section)
        )
        yield piece, chunk, said


def _speaks_for(answer: Answer, places: tuple[str, ...], question: str) -> bool:
    """Whether the sentence of an answer piece (or its passage's headings) names one of the places
    itself: "湖南省全省办了多少件" is not answered by 怀化市's 244件 because the passage names 湖南
    elsewhere."""
    names = [n for place in places for n in short_names(place)]
    return any(n in said or n in piece.text for piece, _, said in _said(answer, question) for n in names)


def _year_unsaid(answer: Answer, query: Query) -> int | None:
    """The one year the question asks about ("梅河口市2020年…多少项"), when no answer piece is of it: its report is of
    another year, and neither its sentence nor its headings name that year. None when a piece is of it, or the
    question names no single year or a span of years ("2021年以来")."""
    years = query.mentions.years
    if len(years) != 1 or _SINCE.search(query.norm) or _UNTIL.search(query.norm):
        return None
    year = years[0]
    for piece, chunk, said in _said(answer, query.norm):
        if chunk.year == year or f"{year}" in said or f"{year}" in piece.text:
            return None
    return None if _dated_around(answer, year, query) else year


def _of_other_year(hits: list[Hit], query: Query) -> str | None:
    """ "梅河口市2019年" when the question asks one year and the best passage's report is of another; else None."""
    years = query.mentions.years
    if len(years) != 1 or not hits or query.kind not in ("count", "ratio"):
        return None
    chunk = hits[0].chunk
    if chunk.year is None or chunk.year == years[0]:
        return None
    return f"{chunk.region or ''}{chunk.year}年"


def _dated_around(answer: Answer, year: int, query: Query) -> bool:
    """Whether an answer piece is of ``year`` by what stands around its sentence: the header of its table column
    ("行政诉讼败诉率 | 5.2% | 3.8%" under "指标 | 2021年 | 2022年"), or the last year its paragraph writes before it
    ("2023年，…取得积极成效。全年…收到…1186件")."""
    documents = query.view.index.documents
    return any(
        (doc := documents.get(chunk.doc_id)) is not None
        and (
            dating.year_of(doc.norm, piece.start) == year
            # the year before the report's, said so: "较上年的12件"; or opening the figure's clause ("上年全市新收…为
            # 2727件"), in a sentence that says all the question says: that clause gives one thing's figure, not its
            # neighbours' (新收, not 审结)
            or (
                chunk.year == year + 1
                and (
                    dating.of_last_year(doc.norm, at := _first_digit(doc.norm, piece))
                    or (dating.opens_last_year(doc.norm, at) and _says_every_term(query, text))
                )
            )
        )
        for piece, chunk, text in _sentences(answer)
    )


def _says_every_term(query: Query, text: str) -> bool:
    norm = normalize(text)
    return all(any(t in norm for t in alts) for alts, w in zip(query.terms.terms, query.terms.weights) if w > 0)


def _first_digit(norm: str, piece) -> int:
    """Where the piece's figure starts (its label, "上年的", may come first)."""
    m = re.search(rf"\d|{dating.CN_NUMERAL}", norm[piece.start : piece.end])  # "上年的一百零五件"
    return piece.start + (m.start() if m else 0)


def _years_scope(norm: str, years: tuple[int, ...]):
    """(predicate over a report's year, how to say it) when the question names years ("2023年各地…";
    "2021年以来/以后" keeps that year and later, "2020年以前" the years before); None when it names none."""
    if not years:
        return None
    if since := _SINCE.search(norm):
        first = int(since.group(0)[:4])
        return (lambda y: y is not None and y >= first), f"{first}年以来"
    if until := _UNTIL.search(norm):
        bound = int(until.group(0)[:4])
        return (lambda y: y is not None and y < bound), f"{bound}年以前"
    wanted = set(years)
    return (lambda y: y in wanted), "、".join(f"{y}年" for y in sorted(wanted))


def _passes(filters: Filters, item) -> bool:
    """Whether the filters let a report through (the same tests as Filters.mask)."""
    if filters.regions and not any(item.region and f in item.region for f in filters.regions):
        return False
    if filters.years and item.year not in filters.years:
        return False
    return not (filters.doc_types and item.doc_type not in filters.doc_types)
