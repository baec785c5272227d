"""The rule reader: extractive, built from what exists offline (no QA model weights needed).

The hits are cut into sentences and scored (sentences.py); the no-answer gate decides whether
the best one answers (gate.py); the question's kind then decides what is cut from it: a count
with its unit, a percentage or a date (spans.py), a place, a work-plan item's lead offices, one
to three sentences, or one item per report. Every piece is a slice of the document text, so it
is verbatim by construction (answers.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from qa.document import Answer, Chunk, Document, Hit
from qa.ingest.chunking import make_chunk
from qa.ingest.sections import is_problem_section
from qa.reading import dated, doc_fields, doc_numbers, enumeration, gate, items, page, persons, places, roles, tables
from qa.reading import sentences as scoring
from qa.reading import spans as span_patterns
from qa.reading.answers import empty_answer, finish
from qa.reading.sentences import Sentence
from qa.retrieval.query import Query
from qa.retrieval.question import DOCUMENT_NOUNS as _DOCUMENT_NOUNS
from qa.settings import ReaderSettings, Settings
from qa.text.normalization import normalize
from qa.text.qualifiers import CLAUSE_LEVEL, contradicts, qualifiers
from qa.text.tokenization import Tokenizer

# The lead offices of a work-plan item, several joined by 、: "(牵头单位:县政府办公室、县人民法院)".
# The office named after "牵头单位：", with a name in brackets of its own: "市市场监管局（市知识产权局）".
_LEAD_UNIT = re.compile(
    r"(?:牵头|责任|主责)(?:单位|部门)\s*[:：]\s*([^,，;；()（）]+(?:[(（][^()（）]*[)）][^,，;；()（）]*)*)"
)
# Its partner offices, in the same note after the lead ones: "牵头单位：市司法局；配合单位：市人民法院、市人民检察院".
_PARTNER_UNIT = re.compile(r"(?:配合|协办|协同)(?:单位|部门)\s*[:：]\s*([^,，;；()（）。\n]+)")
_OFFICE_NOTE = {"lead": _LEAD_UNIT, "partner": _PARTNER_UNIT}  # a task's note of the offices a column asks
OWN_PLACE_SECTION = "报告自述地区"  # the section of the line where a report names its own place
# Qualifier groups a table's caption need not say: the procedure and level it is of go without saying there, and
# the stage or outcome is its row's
_TABLE_WIDE = frozenset({"procedure", "level", "instance"}) | CLAUSE_LEVEL
_ROW = re.compile(r"^[^。]*[\t|｜][^。]*$")  # a table row: cells apart by tabs or bars, no sentence end
_NOTE = re.compile(r"^\s*[(（].{1,150}[)）]\s*$")
_CONTINUATION = re.compile(r"^(?:同时|并|还|此外|另外|其中|通过|全年|截至|目前|共|累计)")


# A size or length asked for ("面积有多大", "多长"): only a sentence with a figure says it.
_ASKS_MEASURE = re.compile(r"多(?:大|长|远|高|宽|重|深)|面积(?:是|有)?多少")
_FIGURE = re.compile(r"\d|[一二三四五六七八九十两百千万]+\s*(?:平方|亩|米|公里|千米|吨|天|年|个月|小时)")
# An honour asked for ("最后有没有被命名为…示范乡镇", "评上…了吗"): a sentence that only recommends, applies or
# takes part ("选树推荐南因镇参加…示范创建活动") does not say it was won.
_ASKS_RESULT = re.compile(r"命名|评上|评为|获评|被评|入选|授予")
# 获: 获评, 荣获, 获得; 评出/评定: "评出优秀案卷412卷" says the outcome of a review
_SAYS_RESULT = re.compile(_ASKS_RESULT.pattern + r"|获|确定|定为|批准|通过|列为|成为|评出|评定")


_SPAN_OF_YEARS = re.compile(r"(?:19|20)\d{2}年?(?:以来|至今|起|以后|之后|以前|之前)")


def _of_asked_year(query: Query, best: Sentence, sents: list[Sentence], rs) -> Sentence | None:
    """ "怀化市2024年准备怎么推进…" read in the 2023 report that plans 2024 under "三、2024年工作打算": the best
    sentence that says the asked year (its report's year, its sentence or its headings), when the best says another
    and this one is about as good (``rs.year_margin``). Figures check their year themselves (spans)."""
    years = query.mentions.years
    if len(years) != 1 or query.kind in ("count", "ratio", "date", "list") or _SPAN_OF_YEARS.search(query.norm):
        return None
    written = f"{years[0]}年"

    def says(s: Sentence) -> bool:
        chunk = s.hit.chunk
        return chunk.year == years[0] or written in s.norm or any(written in h for h in chunk.section)

    if says(best):
        return None
    dated = [s for s in sents if says(s) and s.score >= best.score - rs.year_margin and s.coverage >= rs.min_coverage]
    return max(dated, key=lambda s: s.score) if dated else None


def _heaviest(query: Query) -> tuple[str, ...]:
    """The question's heaviest word (by its weight) and its alternatives."""
    return max(zip(query.terms.weights, query.terms.terms), default=(0.0, ()))[1]


def _refused(answer: Answer, rs: ReaderSettings) -> Answer:
    """The answer as "not found": its confidence under the gate's line."""
    answer.confidence = min(answer.confidence, rs.min_confidence - 0.01)
    return answer


class RuleReader:
    """The default reader (implements qa.reading.base.Reader)."""

    name = "default"

    def __init__(
        self,
        tokenizer: Tokenizer,
        embedder=None,
        settings: Settings = Settings(),
        document: Callable[[str], Document | None] | None = None,
    ):
        self.tokenizer = tokenizer  # its terms of art name the question's key term
        self.embedder = embedder  # re-scores the best sentences when given (and the query has a vector)
        self.settings = settings
        self.document = document  # doc_id → the report: where it names its own place ("哪个县…" answered by it)

    def read(self, query: Query, hits: list[Hit]) -> Answer:
        rs = self.settings.reader
        kind = query.kind
        answer = empty_answer(query.text, hits)
        if not hits or query.terms.total <= 0:
            return answer
        if query.asks_signature_date:
            return self._signature_date(answer, hits)
        field = doc_fields.asked(query.norm)
        if field is not None and self.document is not None:
            return self._doc_field(answer, hits, field)  # "报告主送哪个机关", "抄送了哪些单位", "来源是哪个单位"
        # "第17项任务是什么", "第24项的配合单位": the item by its number (a figure or date of it is read as usual)
        number = items.asked(query.norm) if kind not in ("count", "ratio", "date") else None
        if number is not None and self.document is not None:
            found = self._numbered_item(query, hits, number)
            if found is None:
                return _refused(answer, rs)  # "第32项任务" of a plan of 31 tasks
            answer.confidence = max(answer.confidence, rs.min_confidence)
            return finish(answer, [found], "span")
        # "全国…示范县" is not answered by "全省第二批…示范县": such sentences are not read.
        # (a case's stage or outcome is told by a figure's clause: only a table row is read whole for them)
        sents = [
            s
            for s in scoring.split(hits)
            if not contradicts(query.qualifiers, s.norm, frozenset() if _ROW.search(s.norm) else CLAUSE_LEVEL)
        ]
        sents = gate.quoted_passages(query, sents)
        if query.asks_measures and rs.skip_problem_sections:
            # "怎么推行“三项制度”" is not answered by "…“三项制度”执行还不到位" under "存在的不足和原因".
            sents = [s for s in sents if not is_problem_section(s.hit.chunk.section)] or sents
        scoring.score(query, sents, rs, self.embedder)
        if not sents:
            return answer
        if kind == "list":
            return self._list(answer, sents)
        if kind == "which_person":
            return self._person(query, answer, sents)
        best = max(sents, key=lambda s: s.score)
        best = _of_asked_year(query, best, sents, rs) or best
        answer.confidence = gate.confidence(best, rs)
        cell = self._label_row(query, hits) or self._year_column(query, hits) if kind in ("count", "ratio") else None
        if cell is not None:  # "丰县…调解和解率" and the city's table of its counties: the row and column asked
            answer.confidence = max(answer.confidence, rs.min_confidence)
            return finish(answer, [cell], "span")
        if doc_numbers.asks(query.norm):
            # "那份文件的文号是多少": the number after the 《title》 the question names, or none.
            passed = gate.passes(query, best, answer.confidence, self.tokenizer.domain_terms, rs)
            found = doc_numbers.find(query, sents, passed, rs.number_title_share, rs.number_sentences)
            if found is None:
                return _refused(answer, rs)
            sent, s, e = found
            answer.confidence = max(gate.confidence(sent, rs), rs.min_confidence)
            return finish(answer, [(sent.hit.chunk, sent.start + s, sent.start + e)], "span")
        column = tables.asked_column(query.norm, kind)
        note = _OFFICE_NOTE.get(column, _LEAD_UNIT)  # "这项任务有哪些配合单位": the partners' note
        asks_office = kind == "which_unit" or column == "partner"
        lead = self._lead_unit(best, sents, note) or self._lead_unit_again(best, sents, note) if asks_office else None
        cell = self._task_cell(query, column, best, sents) if column is not None else None
        by_label = by_change = False
        vouched = lead is not None or cell is not None
        passed = gate.passes(query, best, answer.confidence, self.tokenizer.domain_terms, rs, vouched)
        if not passed and cell is not None and cell[0] is not best.hit.chunk:
            # "府院联动任务的责任单位" and the plan's preamble (责任, 单位, 任务) as the best sentence: the task's row
            # found by its words (_task_cell) answers when it holds the question's term of art
            passed = gate.key_term_in(query, normalize(cell[0].text), self.tokenizer.domain_terms)
        if not passed and (held := self._close_passing(query, best, sents)) is not None:
            # "纠错率是多少" and a table row "行政复议纠错案件(件) 15 19" a little ahead of "全年纠错19件，纠错率12.5%":
            # the row lacks the question's term of art, the sentence about as good has it (and passes the gate)
            word = _heaviest(query)
            if not any(a in best.norm for a in word) and any(a in held.norm for a in word):
                sents = [s for s in sents if any(a in s.norm for a in word)]  # its figure, not one beside it
            best, passed = held, True
            answer.confidence = gate.confidence(best, rs)
        if not passed and (said := self._change_said(query, sents)) is not None:
            # "找政府复议的案子比前一年多了多少" shares few words with "…收到行政复议申请836件,同比增长41.7%": a change
            # asked is answered by a change said of what it names (the figure is checked as any other, in choose)
            best, passed, sents, by_change = said, True, [said], True
            answer.confidence = gate.confidence(best, rs)
        if not passed:
            # "社会投资备案类项目的审批时限是多少个工作日" and "…社会投资备案类30个工作日": a figure whose label
            # the question says as it is answers, though the sentence lacks the question's other words.
            # "输的比例大概多少" and "…败诉率为4.3%": the rate asked, named right before its share, says it too.
            by_rate = self._rated(query, best) or (
                best.coverage >= rs.rate_min_coverage and span_patterns.rate_row(query, best.norm)
            )
            if not by_rate and (rated := self._close_rated(query, best, sents)) is not None:
                # "当被告打官司，输掉的比例有多高" and the best sentence "全县共发生一审行政诉讼案件97件": the one
                # about as good that names the rate asked ("审结84件,其中…败诉6件,败诉率为7.1%") says it
                best, by_rate = rated, True
            by_label = (
                (best.coverage >= rs.min_coverage and span_patterns.labelled(query, best.norm)) or by_rate
            ) and gate.holds_key_term(query, best, self.tokenizer.domain_terms)
            if not by_label:
                return _refused(answer, rs)
        answer.confidence = max(answer.confidence, rs.min_confidence)  # passed on coverage or its heading
        if cell is not None:  # a work plan's task row: the office or date under the asked column
            return finish(answer, [cell], "span")
        if column == "partner" and lead is None and self._lead_unit(best, sents) is not None:
            return _refused(answer, rs)  # the item's note names its lead offices only: no partner is said
        if _ASKS_RESULT.search(query.norm) and not _SAYS_RESULT.search(best.norm):
            return _refused(answer, rs)  # an outcome asked, an attempt said (推荐…参加创建活动)
        if kind == "count" and (asked := span_patterns.two_counts(query.norm)) is not None:
            # "几起事故、死了几个人": both figures and what lies between ("事故5起、死亡6人"), from the best
            # sentence or one about as good
            for sent in self._best_first(best, sents):
                found = span_patterns.pair_span(sent.norm, asked)
                if found is not None:
                    return finish(answer, [(sent.hit.chunk, sent.start + found[0], sent.start + found[1])], "span")
        if kind in span_patterns.PATTERNS:
            found = span_patterns.choose(query, best, sents, rs, self.settings.spans, by_label, by_change)
            if found is not None:
                sent, s, e = found
                answer.confidence = max(gate.confidence(sent, rs), rs.min_confidence)  # the gate has passed
                return finish(answer, [(sent.hit.chunk, sent.start + s, sent.start + e)], "span")
            cell = self._year_row(query, best, hits)
            if cell is not None:
                return finish(answer, [cell], "span")
            # No count, share or date that fits near the question's words ("平均多少天能办完" with
            # only "244件", "哪一天" with only a year, "案件中有多少件被撤销" with only the total):
            # what is asked is not in the reports, and a sentence around it would not say it.
            return _refused(answer, rs)
        if query.defines and rs.definition_span:
            found = self._definition(query.defines, best, sents)
            if found is not None:  # "“五落实”指哪五个方面": the list it stands for, not the sentence around it
                sent, (s, e) = found
                return finish(answer, [(sent.hit.chunk, sent.start + s, sent.start + e)], "span")
        if query.enumerated is not None and lead is None:
            found = self._names(query, best, sents)
            if found is None and not query.defines and enumeration.asks_parts(query.enumerated[0]):
                found = self._parts(query, best, sents)
            if found is not None:
                sent, (s, e) = found
                return finish(answer, [(sent.hit.chunk, sent.start + s, sent.start + e)], "span")
            if not enumeration.names_any(best.norm, query.enumerated[0]):
                return _refused(answer, rs)  # "哪几家律师事务所" and a sentence naming none
        asked = places.asked_kind(query.norm) if kind == "which_place" else None
        if kind == "which_place":
            found = places.best_place(best.norm, asked, best.anchors, exclude=query.mentions.regions)
            if found is not None:
                return finish(answer, [(best.hit.chunk, best.start + found[0], best.start + found[1])], "span")
        region = best.hit.chunk.region
        own_named = region in query.mentions.regions  # "除了梅河口市，哪个地方…": never the asker's own place
        if kind == "which_place" and region and region in best.text and places.of_kind(region, asked) and not own_named:
            pos = best.text.index(region)
            return finish(answer, [(best.hit.chunk, best.start + pos, best.start + pos + len(region))], "span")
        if kind == "which_place":
            # "哪个县给15个乡镇都配了法律顾问" and a sentence of 元氏县's report that names no county: the report's
            # own place did it. Cited where the report names itself, the sentence beside it as the evidence.
            own = self._own_place(query, best, asked)
            if own is not None:
                return finish(answer, [own, (best.hit.chunk, best.start, best.end)], "span")
        if kind == "which_place" and asked is not None:
            # "设在哪个乡镇" with no township in the answering sentence: the place is not said.
            return _refused(answer, rs)
        group = self._extend(best, sents, max_sentences=rs.descriptive_sentences if kind == "descriptive" else 1)
        if lead is not None:
            sent, m = lead
            return finish(answer, [(sent.hit.chunk, sent.start + m.start(1), sent.start + m.end(1))], "span")
        if kind == "which_unit" and roles.asks_seat(query.norm):
            # "领导小组办公室设在哪个部门": only "设在X" says it; who heads the group does not.
            found = roles.seat(best.norm)
            if found is None:
                return _refused(answer, rs)
            return finish(answer, [(best.hit.chunk, best.start + found[0], best.start + found[1])], "span")
        if kind == "which_unit":
            # "安委会主任由谁担任" and "县长担任安委会主任": the doer the sentence names, not the whole sentence.
            found = roles.doer(query.norm, best.norm)
            if found is not None:
                return finish(answer, [(best.hit.chunk, best.start + found[0], best.start + found[1])], "span")
            post = roles.asked_post(query.norm)
            if post is not None and post not in best.norm:
                return _refused(answer, rs)  # "委员会的主任由谁担任" and a sentence on the committee naming no 主任
        if query.defines and not span_patterns.explains(best.norm, query.defines):
            # "推行“721”工作法" uses the name; what it stands for is asked, and not said here.
            return _refused(answer, rs)
        if any(span_patterns.only_counted(best.norm, noun) for noun in query.names_asked):
            # "选聘了1家律师事务所" says how many, not which: "哪家律师事务所" is not answered here.
            return _refused(answer, rs)
        if any(span_patterns.names_none(best.norm, noun) for noun in query.names_asked):
            # "选聘了哪家律师事务所" and a sentence on lawyers that names no 律师事务所 at all.
            return _refused(answer, rs)
        if kind == "fact" and _ASKS_MEASURE.search(query.norm) and not _FIGURE.search(best.norm):
            # "场所面积有多大" is not answered by "完成市本级行政复议场所建设": no measure is said.
            return _refused(answer, rs)
        documents = [noun for noun in query.names_asked if noun.endswith(_DOCUMENT_NOUNS)]
        heads = tuple(d for d in _DOCUMENT_NOUNS if any(noun.endswith(d) for noun in documents))
        for sent in self._best_first(best, sents) if heads else ():
            # "免罚清单的全称是什么": the 《title》 of that kind the best sentence, or one about as good, names
            title = next((m for m in doc_numbers.TITLE.finditer(sent.norm) if m.group(1).endswith(heads)), None)
            if title is not None:
                return finish(answer, [(sent.hit.chunk, sent.start + title.start(), sent.start + title.end())], "span")
        if documents and "《" not in best.norm:
            # "那1件规范性文件叫什么名字": a document is named by its 《title》.
            return _refused(answer, rs)
        return finish(answer, [(best.hit.chunk, group[0].start, group[-1].end)], "sentence")

    def _numbered_item(self, query: Query, hits: list[Hit], number: int) -> tuple[Chunk, int, int] | None:
        """Item ``number`` of the first report read ("大理市2025年工作要点第17项任务是什么"): its title, or for its
        offices (牵头单位, 配合单位) the note within it. None when the report numbers no such item, or the item names
        no office of the kind asked."""
        doc = self.document(hits[0].chunk.doc_id)
        span = items.item(doc.norm, number) if doc is not None else None
        if span is None:
            return None
        column = tables.asked_column(query.norm, query.kind)
        if column in _OFFICE_NOTE:
            m = _OFFICE_NOTE[column].search(doc.norm, *span)
            found = m.span(1) if m else None
        else:
            found = items.title(doc.norm, span)
        if found is None:
            return None
        return _cell_chunk(doc, [h.chunk for h in hits if h.chunk.doc_id == doc.doc_id], found), *found

    def _own_place(self, query: Query, best: Sentence, asked: str | None) -> tuple[Chunk, int, int] | None:
        """Where the best sentence's report first names its own place, when that place is of the asked kind (a
        county's report answers "哪个县", not "哪个乡镇") and not the asker's own ("除了元氏县还有哪个县")."""
        region = best.hit.chunk.region
        if self.document is None or not region or not places.of_kind(region, asked):
            return None
        if region in query.mentions.regions or places.place_spans(best.norm, asked):
            return None  # the sentence names places of the kind: best_place found none of them fits
        chunk = best.hit.chunk
        if region in chunk.text:  # the answering passage names it ("梅河口市公共法律服务中心")
            at = chunk.start + chunk.text.index(region)
            return chunk, at, at + len(region)
        doc = self.document(chunk.doc_id)
        at = doc.norm.find(region) if doc is not None else -1
        if at < 0:
            return None  # a place taken from the file name: the report never says it
        line = make_chunk(doc, *page.line_span(doc, at, at + len(region)), (OWN_PLACE_SECTION,))
        return line, at, at + len(region)

    def _task_cell(
        self, query: Query, column: str, best: Sentence, sents: list[Sentence]
    ) -> tuple[Chunk, int, int] | None:
        """The cell of the asked ``column`` (牵头单位, 配合单位, 完成时限) of a work plan's task table row
        (qa/reading/tables.py), as a piece: of the best sentence or one about as good when it is a task row; else of
        the row in the best passage's report that holds the question's words about as well as the best sentence
        does (a plan says its tasks twice, in its text and again in its table, and the text, which names no office,
        is what retrieval finds first). In the sentence's passage, or the row's line where the passage stops before
        it."""
        if self.document is None:
            return None
        # rows holding as much of the question's words are told apart by its wording: how many of its character pairs
        # each holds ("纠错情况通报" is one row's, not only the words 纠错 and 行政复议 two rows share)
        pairs = scoring.bigrams(query.norm)
        held = []
        for sent in self._best_first(best, sents):
            doc = self.document(sent.hit.chunk.doc_id)
            found = tables.task_cell(doc.norm, sent.start, column) if doc is not None else None
            if found is not None:
                held.append((round(sent.coverage, 2), sum(g in sent.norm for g in pairs), -len(held), sent, found))
        if held:
            *_, sent, found = max(held, key=lambda h: h[:3])
            chunk = sent.hit.chunk
            if not (chunk.start <= found[0] and found[1] <= chunk.end):
                doc = self.document(chunk.doc_id)
                chunk = make_chunk(doc, *page.line_span(doc, *found), chunk.section)
            return chunk, *found
        doc = self.document(best.hit.chunk.doc_id)
        if doc is None:
            return None
        bar = max(best.coverage - self.settings.reader.task_row_margin, self.settings.reader.min_coverage)
        rows = tables.task_rows(doc.norm, column)
        coverage, _, at = max(
            (
                (scoring.match_terms(query.terms, doc.norm[a:b])[0], sum(g in doc.norm[a:b] for g in pairs), a)
                for a, b in rows
            ),
            default=(0.0, 0, -1),
        )
        found = tables.task_cell(doc.norm, at, column) if coverage >= bar else None
        if found is None:
            return None
        return make_chunk(doc, *page.line_span(doc, *found), best.hit.chunk.section), *found

    def _about_as_good(self, best: Sentence, sents: list[Sentence]) -> list[Sentence]:
        """The other sentences within the span margin of ``best``, best first."""
        margin = self.settings.reader.span_margin
        return sorted((s for s in sents if s is not best and s.score >= best.score - margin), key=lambda s: -s.score)

    def _close_rated(self, query: Query, best: Sentence, sents: list[Sentence]) -> Sentence | None:
        """For a share question, the best sentence about as good as ``best`` (within the span margin) that names the
        asked rate right before its share; None when none does."""
        if query.kind != "ratio" or not query.rates_asked:
            return None
        for sent in self._about_as_good(best, sents):
            if self._rated(query, sent):
                return sent
        return None

    def _rated(self, query: Query, sent: Sentence) -> bool:
        """Whether the sentence names the asked rate right before its share and says what it is of: a rate asked in
        everyday words ("输的比例" for 败诉率) with a few of the question's words; one named as the report does
        ("办结率") with enough of them in its sentence, the clauses before a "；" included ("全年共收到行政复议申请207
        件；受理189件，办结176件，办结率93.1%")."""
        rs = self.settings.reader
        if sent.coverage >= rs.rate_min_coverage and span_patterns.rate_labelled(query, sent.norm, said_otherwise=True):
            return True
        if not sent.lead or not span_patterns.rate_labelled(query, sent.norm):
            return False
        joined, _ = scoring.match_terms(query.terms, sent.lead + sent.norm, rs.partial_credit)  # read here only
        return joined >= rs.min_coverage

    def _close_passing(self, query: Query, best: Sentence, sents: list[Sentence]) -> Sentence | None:
        """For a figure question whose best sentence is a table row, the best sentence about as good (within the span
        margin) that the gate lets answer; None when none does. A row says little besides its label and figures, and
        may outscore the sentence that names the question's term; a sentence of prose that lacks the term is turned
        down as it is (another sentence naming the term rarely says the figure asked), unless it says no figure in
        the asked unit."""
        if query.kind not in ("count", "ratio"):
            return None
        row = "\t" in best.norm
        # Nor may prose whose figures are all of another unit answer ("依法组织听证多少次" and the best "审结…118件,
        # 另有8件结转"), or that lacks the question's heaviest word ("多少件…组织了公开听证" and "…简易程序审结87件"):
        # the sentence about as good that says a figure in the asked unit, holds that word, and passes, does.
        domain = self.tokenizer.domain_terms
        heaviest = _heaviest(query)
        lacks = not row and not any(a in best.norm for a in heaviest)
        if not row and self._fits_unit(query, best) and not lacks:
            return None
        rs = self.settings.reader
        for sent in self._about_as_good(best, sents):
            fits = row or (self._fits_unit(query, sent) and not (lacks and not any(a in sent.norm for a in heaviest)))
            if fits and gate.passes(query, sent, gate.confidence(sent, rs), domain, rs):
                return sent
        return None

    def _change_said(self, query: Query, sents: list[Sentence]) -> Sentence | None:
        """For a question asking the size of a change ("比上年少了多少"), the sentence stating a change ("同比下降
        21.4%") whose words before the figure hold the most of what the question says changed, at least
        ``change_subject_weight`` of it (IDF weight), and the question's term of art; None when none does."""
        floor = self.settings.reader.change_subject_weight
        if floor <= 0 or query.kind not in ("count", "ratio") or span_patterns.asks_change(query.norm) != "delta":
            return None
        terms = span_patterns.changed_terms(query)
        domain = self.tokenizer.domain_terms
        found = []
        for sent in sents:
            ends = [
                e
                for kind in ("count", "ratio")
                for s, e in span_patterns.candidates(kind, sent.norm)
                if span_patterns.is_delta(sent.norm, (s, e))
            ]
            if not ends:
                continue
            before = sent.norm[: max(ends)]
            held = sum(weight for alts, weight in terms if any(a in before for a in alts))
            if held >= floor and gate.holds_key_term(query, sent, domain):
                found.append((held, sent.score, sent))
        return max(found, key=lambda f: f[:2])[2] if found else None

    @staticmethod
    def _fits_unit(query: Query, sent: Sentence) -> bool:
        """Whether the sentence says a figure of the asked kind in the asked unit ("多少次": 8次; a share: %)."""
        hint = span_patterns.unit_hint(query.norm) if query.kind == "count" else None
        spans = span_patterns.candidates(query.kind, sent.norm)
        return any(span_patterns.in_unit(sent.norm, span, hint) for span in spans) if hint else bool(spans)

    def _year_row(self, query: Query, best: Sentence, hits: list[Hit]) -> tuple[Chunk, int, int] | None:
        """The asked year's figure in a table whose rows are years, under the header cell that names what is asked
        (tables.year_row_cell), in the best sentence's report or, when the question names its place, in a report of
        that place among the hits: "莱西市2023年负责人出庭应诉率" and a 2024 report whose text gives only 2024's
        figure, its table both years'. None when no such cell."""
        names, years = span_patterns.header_names(query), query.mentions.years
        if self.document is None or names is None or len(years) != 1:
            return None
        chunks = [best.hit.chunk]
        if query.mentions.regions:
            chunks = [h.chunk for h in hits if h.chunk.region in query.mentions.regions] or chunks
        for doc_id in dict.fromkeys(c.doc_id for c in chunks):
            doc = self.document(doc_id)
            found = tables.year_row_cell(doc.norm, names, years[0]) if doc is not None else None
            if found is not None:
                return _cell_chunk(doc, [c for c in chunks if c.doc_id == doc_id], found), *found
        return None

    def _label_row(self, query: Query, hits: list[Hit]) -> tuple[Chunk, int, int] | None:
        """The figure at the row the question names (a place, a kind: tables.label_row_cell) and the column it asks
        for, in a table of a report among the hits of the asked year: "2023年徐州市丰县行政复议调解和解率" and the
        city's table of its counties. None when no report has such a row and column."""
        names, years = span_patterns.header_names(query, by_unit=True), query.mentions.years
        if self.document is None or names is None:
            return None
        parts = tuple(a for alts, _ in query.subset for a in alts if len(a) > 1)
        for doc_id in dict.fromkeys(h.chunk.doc_id for h in hits if not years or h.chunk.year in years):
            doc = self.document(doc_id)
            found = tables.label_row_cell(doc.norm, names, query.norm, parts) if doc is not None else None
            if found is not None:
                # as a sentence naming its row writes it ("受理281件" for the row's 281 under 单位：件)
                found = _with_unit(query, doc, found, labelled=True)
                return _cell_chunk(doc, [h.chunk for h in hits if h.chunk.doc_id == doc_id], found), *found
        return None

    def _year_column(self, query: Query, hits: list[Hit]) -> tuple[Chunk, int, int] | None:
        """The figure at the row the question names (a kind: "撤销", "调解和解") under the column of the asked year
        (the report's own when none is asked; the column of changes when a change is asked) in a table of the best
        hits' reports whose header names years (tables.year_column_cell): "柯桥区2024年行政复议决定撤销的案件有多少件"
        and "撤销<tab>21<tab>26" under "单位：件" and "项目<tab>2024年<tab>2023年". None when no such cell."""
        years = query.mentions.years
        change = span_patterns.asks_change(query.norm) == "delta"  # "比2022年增长了多少": the column of changes
        if self.document is None or len(years) > (2 if change else 1):
            return None
        # the caption and label must not speak of another kind, and must say the marked kind asked ("简易程序")
        marked = frozenset(q for q in query.qualifiers if q[0] not in _TABLE_WIDE)
        fits = lambda text: not contradicts(query.qualifiers, text) and marked <= qualifiers(text)  # noqa: E731
        # the part asked, by its heaviest word ("…有多少件是自治区…转过来的": 自治区, not 复议)
        heaviest = max(query.subset, key=lambda part: part[1])[0] if query.subset else ()
        parts = tuple(a for a in heaviest if len(a) > 1)
        share = query.kind == "ratio"
        read = self.settings.reader.year_column_hits
        for doc_id, region in dict.fromkeys((h.chunk.doc_id, h.chunk.region) for h in hits[:read]):
            doc = self.document(doc_id)
            if doc is None or (query.mentions.regions and region not in query.mentions.regions):
                continue
            year = max(years) if years else doc.meta.year
            found = tables.year_column_cell(doc.norm, query.norm, year, share, fits, change, parts) if year else None
            if found is not None:
                found = _with_unit(query, doc, found)
                return _cell_chunk(doc, [h.chunk for h in hits if h.chunk.doc_id == doc_id], found), *found
        return None

    @staticmethod
    def _lead_unit(
        best: Sentence, sents: list[Sentence], note: re.Pattern = _LEAD_UNIT
    ) -> tuple[Sentence, re.Match] | None:
        """The lead offices' note (``note``: or the partners') of the work-plan item the best sentence is in: it may
        follow a few sentences on; a chunk never runs past its item."""
        for sent in (x for x in sents if x.hit is best.hit and x.start >= best.start):
            m = note.search(sent.norm)
            if m:
                return sent, m
        return None

    def _lead_unit_again(
        self, best: Sentence, sents: list[Sentence], note: re.Pattern = _LEAD_UNIT
    ) -> tuple[Sentence, re.Match] | None:
        """The lead offices' note of the item of a sentence about as good as the best one, of the same report, that
        says the task again with its duties: a plan says its tasks in its text, then in an annex ("6.…改革：新推出…
        （牵头单位：…）"), and the text, which names no office, may be read first. As close to the question as a task
        row must be."""
        bar = best.coverage - self.settings.reader.task_row_margin
        for sent in self._best_first(best, sents)[1:]:
            if sent.hit.chunk.doc_id == best.hit.chunk.doc_id and sent.coverage >= bar:
                found = self._lead_unit(sent, sents, note)
                if found is not None:
                    return found
        return None

    def _names(self, query: Query, best: Sentence, sents: list[Sentence]) -> tuple[Sentence, tuple[int, int]] | None:
        """ "新设立了哪两个局": the list of names in the best sentence or the next one of its passage
        (a list may follow a semicolon) whose words before it hold most of the question."""
        same = sorted((s for s in sents if s.hit is best.hit and s.start >= best.start), key=lambda s: s.start)
        found = [
            (sent, span)
            for sent in same[: 1 + self.settings.reader.names_next]
            for span in enumeration.lists(sent.norm, *query.enumerated)
        ]
        if not found:
            return None
        return max(found, key=lambda x: enumeration.context_overlap(x[0].norm, x[1], query.norm))

    def _best_first(self, best: Sentence, sents: list[Sentence]) -> list[Sentence]:
        """The best sentence, then those about as good as it (spans.close_to), best scored first."""
        close = [s for s in span_patterns.close_to(best, sents, self.settings.reader) if s is not best]
        return [best, *sorted(close, key=lambda s: -s.score)]

    def _parts(self, query: Query, best: Sentence, sents: list[Sentence]) -> tuple[Sentence, tuple[int, int]] | None:
        """ "从哪几个方面进行论证": the parallel items (a、b、c; as many as asked) of the best sentence or one about as
        good, the list whose words before it say most of the question; none when no list is led by its words."""
        count = query.enumerated[1] if query.enumerated else None
        found = [
            (enumeration.context_overlap(sent.norm, (a, b), query.norm), sent.score, sent, (a, b))
            for sent in self._best_first(best, sents)
            for a, b, n in span_patterns.parallel_items(sent.norm)
            if count is None or n == count
        ]
        found = [x for x in found if x[0] > 0]
        if not found:
            return None
        _, _, sent, span = max(found, key=lambda x: x[:2])
        return sent, span

    def _definition(self, term: str, best: Sentence, sents: list[Sentence]) -> tuple[Sentence, tuple[int, int]] | None:
        """What the quoted name stands for (spans.definition) in the best sentence, or else in one about as good."""
        for sent in self._best_first(best, sents):
            found = span_patterns.definition(sent.norm, term)
            if found is not None:
                return sent, found
        return None

    def _signature_date(self, answer: Answer, hits: list[Hit]) -> Answer:
        """The date line of the report the best passage is from (its last one: the signature)."""
        doc = hits[0].chunk.doc_id
        found = [(h.chunk, s, e) for h in hits if h.chunk.doc_id == doc for s, e in dated.signature_dates(h.chunk)]
        report = self.document(doc) if self.document is not None else None
        if report is not None:
            # the signature closes the report, a passage retrieval seldom returns: its last date line
            for s, e in dated.date_lines(report.text)[-1:]:
                lo, hi = page.line_span(report, s, e)
                found.append((make_chunk(report, lo, hi, ()), s - lo, e - lo))
        if not found:
            answer.confidence = self.settings.reader.min_confidence - 0.01
            return answer
        chunk, s, e = max(found, key=lambda x: x[0].start + x[1])
        answer.confidence = 0.9  # a date line under the issuer is the report's date, not a guess near words
        return finish(answer, [(chunk, chunk.start + s, chunk.start + e)], "span")

    def _doc_field(self, answer: Answer, hits: list[Hit], field: str) -> Answer:
        """The field the best passage's report says of itself (qa/reading/doc_fields.py), cited by its line; none
        when the report does not say it."""
        report = self.document(hits[0].chunk.doc_id)
        found = doc_fields.find(report.norm, field) if report is not None else None
        if found is None:
            return _refused(answer, self.settings.reader)
        lo, hi = page.line_span(report, *found)
        answer.confidence = 0.9  # the document's own line, not a sentence near the question's words
        return finish(answer, [(make_chunk(report, lo, hi, ()), *found)], "span")

    def _person(self, query: Query, answer: Answer, sents: list[Sentence]) -> Answer:
        """The name after the asked title in the best sentence that has one ("市长黎春秋"); none when
        the reports name the office only ("县长担任安委会主任" does not say who the 县长 is)."""
        rs = self.settings.reader
        named = set(query.mentions.regions)
        for sent in sorted(sents, key=lambda s: -s.score):
            if named and sent.hit.chunk.region not in named:
                continue
            found = persons.name_after(query.office, sent.norm) if query.office else None
            if found:
                answer.confidence = max(gate.confidence(sent, rs), rs.min_confidence)
                return finish(answer, [(sent.hit.chunk, sent.start + found[0], sent.start + found[1])], "span")
        answer.confidence = rs.min_confidence - 0.01
        return answer

    def _extend(self, best: Sentence, sents: list[Sentence], max_sentences: int) -> list[Sentence]:
        """The best sentence and up to ``max_sentences``-1 that follow it and carry the same topic."""
        rs = self.settings.reader
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
            on_topic = s.coverage >= rs.extend_min_coverage or best.context >= rs.heading_vouches
            # "推行包容审慎监管。建立轻微违法…三项清单。": a short lead sentence names what the next ones do
            on_topic = on_topic or (max_sentences > 1 and len(best.norm) <= rs.lead_max_chars)
            if on_topic or _CONTINUATION.match(s.norm):
                group.append(s)
            else:
                break
        return group

    def _list(self, answer: Answer, sents: list[Sentence]) -> Answer:
        """One item per report: each report's best sentence holding enough of the question."""
        rs = self.settings.reader
        by_report: dict[tuple, Sentence] = {}  # a compilation's reports are one each
        for s in sents:
            if s.coverage < rs.list_min_coverage:
                continue
            key = s.hit.chunk.report_key
            if key not in by_report or s.score > by_report[key].score:
                by_report[key] = s
        if not by_report:
            best = max(sents, key=lambda s: s.score)
            answer.confidence = min(gate.confidence(best, rs), rs.min_confidence)
            return answer
        items = sorted(by_report.values(), key=lambda s: (-(s.hit.chunk.year or 0), s.hit.chunk.region or ""))
        answer.confidence = float(np.mean([gate.confidence(s, rs) for s in items]))
        return finish(answer, [(s.hit.chunk, s.start, s.end) for s in items], "list")


Reader = RuleReader  # the former name of this class; the reader contract is qa.reading.base.Reader


def _with_unit(query: Query, doc: Document, found: tuple[int, int], labelled: bool = False) -> tuple[int, int]:
    """A table's bare cell as the report's text writes it with the unit its row or table says ("612件"), or its % for a
    share (tables.said_with_unit; ``labelled``: in a sentence naming the row); the cell itself when the text does
    not."""
    hint = span_patterns.unit_hint(query.norm, inferred=False)
    share = query.kind == "ratio"
    return tables.said_with_unit(doc.norm, *found, span_patterns.row_unit, share, hint, labelled) or found


def _cell_chunk(doc: Document, chunks: list[Chunk], found: tuple[int, int]) -> Chunk:
    """The passage of the report that holds a table cell (``found``, document offsets), among those read, or the cell's
    line made a passage when none of them does."""
    holding = [c for c in chunks if c.start <= found[0] and found[1] <= c.end]
    return holding[0] if holding else make_chunk(doc, *page.line_span(doc, *found), ())
