"""Comparison across reports: topic/facet split, per-report items labelled 成效/计划, per-report
figures for questions that name no place, the filter-exclusion note, and the 对比 export."""

from __future__ import annotations

import csv
import io
import re

import pytest

from qa.document import Chunk, DocumentMeta
from qa.ingest.sections import is_plan_section
from qa.reading import comparison as C
from qa.reading.comparison import PickedSentence
from qa.reading.relevance import FEATURES
from qa.retrieval.retriever import Filters
from qa.text.normalization import normalize

HUAIHUA, CHANHE, YUANSHI, MEIHEKOU, HUZHU = (
    "003_b42d8d81e0a81924.txt",
    "001_63d9508044978865.txt",
    "000_526b283554a85fd0.txt",
    "002_c349f437d9920677.txt",
    "004_6785f9f2da4cfcb2.txt",
)
TERMS = ("行政复议", "行政复议体制改革", "行政复议案件", "出庭应诉", "出庭应诉率")


@pytest.fixture(scope="module")
def pipe(tmp_path_factory, corpus_dir):
    from qa.pipeline import Pipeline

    # BM25 only: the comparison reads reports, it does not depend on the embedding model.
    return Pipeline.open(corpus_dir, tmp_path_factory.mktemp("cmp-index"), mode="bm25", show_progress=False)


# ------------------------------------------------------------------ units on hand-made input


def test_topic_and_facets_are_split():
    q = C.split_topic("其他县是怎么推进行政复议体制改革的?", TERMS)
    assert q.topic == (("行政复议",),)
    assert "体制改革" in q.facets
    q = C.split_topic("各地行政复议规范化和质效怎么样?", TERMS)
    assert q.topic == (("行政复议",),) and {"规范化", "质效"} <= set(q.facets)


def test_a_figure_question_is_about_what_it_counts():
    said = ("全局配备执法记录仪86台", "配备执法记录仪等音像记录设备418台", "全区执法人员1200名")
    held = lambda t: sum(t in text for text in said)  # noqa: E731
    q = "各地给执法人员配备了多少台执法记录仪？"
    topic = C.counted_topic(q, C.ComparisonQuery((("执法人员",),)), held)
    assert topic.topic == (("执法记录仪",),) and topic.facets == ("执法人员",)
    # the topic is what is counted already, or no two reports write what is: as it was
    same = C.ComparisonQuery((("行政复议",),))
    assert C.counted_topic("各地一年收到多少件行政复议申请？", same, held) is same
    held_units = lambda t: 3  # noqa: E731
    assert C.counted_topic("普法责任清单管了多少家单位？", same, held_units) is same  # 家 is the counter, not the thing
    assert C.counted_topic("各地配了多少台无人机巡查设备？", C.ComparisonQuery((("执法人员",),)), held).topic == (
        ("执法人员",),
    )


def test_a_measure_no_report_writes_is_no_figure_to_compare():
    reports = "行政机关负责人出庭应诉率100%。行政诉讼败诉率6.9%。行政复议调解和解率25.0%。配备执法记录仪86台。"
    writes = lambda t: t in reports  # noqa: E731
    from qa.text.tokenization import Tokenizer

    cut = Tokenizer().tokenize_query
    assert C.absent_measure("各地负责人出庭后当庭发言的比例是多少?", cut, writes, []) == "当庭"
    assert C.absent_measure("各地行政诉讼二审被改判的比例是多少?", cut, writes, []) in ("二审", "改判")
    assert C.absent_measure("各地选任了多少名人民陪审员?", cut, writes, []) == "人民陪审员"
    # the cases a clause before the count singles out
    assert C.absent_measure("各地行政复议案件适用简易程序审理的有多少件?", cut, writes, []) == "简易程序"
    assert C.absent_measure("各地负责人出庭应诉的有多少件?", cut, writes, []) is None
    # what the reports write, everyday words (官司, 了结), and a time limit are no absent measure
    assert C.absent_measure("各地行政机关负责人出庭应诉率是多少?", cut, writes, []) is None
    assert C.absent_measure("各地打行政官司输掉的比例有多高?", cut, writes, []) is None
    assert C.absent_measure("复议案子靠调解、和解了结的比例各地是多少?", cut, writes, []) is None
    assert C.absent_measure("处罚决定多少天内要挂到网上公开?", cut, writes, []) is None


def test_an_everyday_phrase_for_a_term_of_art_is_the_topic_not_one_for_a_plain_word():
    from qa.text.synonyms import expansions

    q = "各地在把政府信息晒给老百姓看这方面做了什么?"
    found = expansions(q)
    assert {p for p, _ in found} >= {"政府信息", "老百姓"}  # both phrases are in the term table
    topic = C.split_topic(q, TERMS + ("政务公开", "政府信息公开"), synonyms=found).topic
    # 老百姓 (群众) says for whom, not what: a report on 政务公开 that never says 群众 answers
    assert len(topic) == 1 and "政务公开" in topic[0] and not any("群众" in alts for alts in topic)


def test_plan_sections():
    assert is_plan_section(("十、下一步工作打算",), "年度报告", 2021)
    assert is_plan_section(("四、2020年推进法治政府建设的主要安排",), "年度报告", 2019)
    assert is_plan_section(("五、存在问题及下步打算",), "年度报告", 2018)
    assert not is_plan_section(("一、2023年主要工作",), "年度报告", 2023)
    assert is_plan_section(("一、加强党的领导",), "工作要点", 2024)


def _report(
    doc_id: str, text: str, parts: list[tuple[tuple[str, ...], str]], doc_type="年度报告", year=2021, title=None
):
    """A report of 甲县 titled by its file name (so each file is a report of its own) unless ``title`` is given."""
    chunks, pos = [], 0
    for i, (section, body) in enumerate(parts):
        start = text.index(body, pos)
        chunks.append(
            Chunk(f"{doc_id}#{i}", doc_id, start, start + len(body), body, section, None, "甲县", year, doc_type)
        )
        pos = start + len(body)
    meta = DocumentMeta(title or f"甲县报告（{doc_id}）", "甲县", year, doc_type)
    return C.ReportText(doc_id, meta, C.unquoted(normalize(text))[0], normalize(text), chunks)


def test_the_questions_other_words_are_kept_apart_from_topic_and_asking():
    tokens = ["哪些", "地方", "让", "行政复议", "听证", "公开", "做法"]
    q = C.split_topic("哪些地方让行政复议听证公开?做法", TERMS, tokens)
    assert q.primary == ("行政复议",)
    assert q.words == ("听证", "公开")  # not the topic, not how it asks (哪些, 地方, 做法), not one character


def test_a_sentence_far_below_the_best_needs_one_of_the_questions_other_words():
    body = "全年办理行政复议案件36件,纠错率12.5%。行政复议听证公开3次。行政复议工作有序开展。"
    text = f"一、行政复议工作\n{body}\n"
    r = _report("a.txt", text, [(("一、行政复议工作",), body)])
    tokens = ["各地", "行政复议", "听证", "公开", "怎么", "做"]
    q = C.split_topic("各地行政复议听证公开怎么做?", TERMS, tokens)
    (it,) = C.compare(q, [r])
    # 有序开展 says neither 听证 nor 公开 and scores well below the figures: the section's other business.
    assert [s.text for s in it.sentences] == ["全年办理行政复议案件36件,纠错率12.5%。", "行政复议听证公开3次。"]
    (it,) = C.compare(q, [r], keep_gap=10.0)  # within the gap it stays
    assert "行政复议工作有序开展。" in [s.text for s in it.sentences]
    # A question that says nothing besides its topic keeps the report's best sentences as before.
    (it,) = C.compare(C.split_topic("各地行政复议怎么做?", TERMS, ["各地", "行政复议", "怎么", "做"]), [r])
    assert len(it.sentences) == 3


def test_done_before_planned_with_figures_and_on_topic_only():
    done = "全年办理行政复议案件36件,纠错率12.5%。建立行政复议听证制度。开展普法宣传活动20场。"
    plan = "明年将深化行政复议体制改革。"
    text = f"一、主要工作\n{done}\n二、下一步工作打算\n{plan}\n"
    r = _report("a.txt", text, [(("一、主要工作",), done), (("二、下一步工作打算",), plan)])
    items = C.compare(C.split_topic("各地行政复议怎么做的?", TERMS), [r])
    assert len(items) == 1
    it = items[0]
    assert it.status == "成效"
    texts = [s.text for s in it.sentences]
    assert texts == ["全年办理行政复议案件36件,纠错率12.5%。", "建立行政复议听证制度。"]  # 普法 is off topic
    assert it.figures == ["36件", "12.5%"]
    for s in it.sentences:  # verbatim slices with document offsets
        assert text[s.start : s.end] == s.text


def test_figures_are_offsets_into_the_sentence_as_written():
    # quotation marks before a figure are left out of the topic test, not out of the offsets
    body = "推行“首违不罚”“轻微免罚”清单,全年免罚案件126件,涉及金额3.5万元。"
    text = f"一、执法\n{body}\n"
    r = _report("q.txt", text, [(("一、执法",), body)])
    (it,) = C.compare(C.split_topic("各地首违不罚怎么做的?", ("首违不罚",)), [r])
    assert it.figures == ["126件", "3.5万元"]


def test_a_facet_counts_where_the_topic_is_said_not_under_another_practices_heading():
    # 体制改革 of "深化行政执法体制改革" is that practice's reform; the 行政复议 section's own sentences are asked
    other = "三是行政执法队伍、监督机制、行政复议应诉能力得到提高。"
    own = "全年办理行政复议案件36件。"
    text = f"一、深化行政执法体制改革\n{other}\n二、加强行政复议工作\n{own}\n"
    r = _report("f.txt", text, [(("一、深化行政执法体制改革",), other), (("二、加强行政复议工作",), own)])
    q = C.split_topic("各地怎么推进行政复议体制改革?", TERMS)
    found = C.candidates(q, r.chunks, r.doc_norm, r.meta)
    by_text = {s.text: s.score for s in found.pool}
    assert by_text[own] > by_text[other]
    facet = FEATURES.index("facets")
    by_features = {s.text: s.features[facet] for s in found.pool}
    assert by_features[other] == 0.0


def test_a_heading_line_said_as_a_sentence_does_not_vouch_for_itself():
    line = "三是行政执法队伍、行政复议应诉能力得到提高。"
    text = f"一、深化行政执法改革\n{line}\n"
    chunk_section = ("一、深化行政执法改革", line.rstrip("。"))
    r = _report("h.txt", text, [(chunk_section, line)])
    q = C.split_topic("各地行政复议怎么做的?", TERMS)
    (s,) = C.candidates(q, r.chunks, r.doc_norm, r.meta).pool
    near = FEATURES.index("near")
    assert s.features[near] == 0.0  # the heading above it is about 行政执法, not 行政复议


def test_an_institution_is_not_a_facet():
    # 行政复议委员会 is a body a report sets up or not, not an aspect of 行政复议 (体制改革, 质效 are)
    q = C.split_topic("哪些地方成立了行政复议委员会?", ("行政复议", "行政复议委员会"))
    assert q.topic[0][0] == "行政复议委员会" and "委员会" not in q.facets


@pytest.mark.parametrize(
    ("question", "figures", "unsaid"),
    [
        ("各地行政复议案件平均多少天审结?", ["244件", "28.42%"], "天"),
        ("各地行政复议听证会一年开了多少场?", ["4起"], "场"),
        ("各地给法律援助花了多少经费?", ["557件"], "元"),
        ("各地行政复议案件办了多少件?", ["244件"], None),
        ("各地审批时限压缩到多少天?", ["1个工作日"], None),  # a working day is a day
        ("行政执法人员培训,各地搞了几次或培训了多少人次?", ["7次"], None),  # either unit answers
        ("各地行政复议怎么做的、平均多少天审结?", ["244件"], None),  # the how part is answered by sentences
    ],
)
def test_a_unit_no_report_gives(question, figures, unsaid):
    item = C.ReportItem("a.txt", "甲县", 2021, "年度报告", None, "成效")
    item.sentences = [C.PickedSentence(None, 0, 0, "".join(figures), _spans(figures), False, 1.0)]
    assert C.unit_unsaid(normalize(question), [item]) == unsaid
    assert C.unit_unsaid(normalize(question), []) is None


@pytest.mark.parametrize(
    "question, sentence, unsaid",
    [
        # a count and a change of it do not give the satisfaction rate asked
        ("各地行政复议申请人对复议结果的满意率分别是多少?", "全年共收到行政复议申请287件,同比增长23.2%。", "满意率"),
        # said as a degree of the same stem, or as the rate itself after its doer's words
        ("各地行政复议申请人对复议结果的满意率分别是多少?", "申请人对复议结果满意度达96.5%。", None),
        ("各地行政机关负责人出庭应诉率是多少?", "行政机关负责人出庭应诉率100%。", None),
        # a rate of another thing in another clause is not it
        ("各地原告撤诉率是多少?", "审结84件,败诉率为7.1%,调解撤诉12件。", "撤诉率"),
        # the term table's rate for everyday words ("输的比例" → 败诉率) is said
        ("各地打官司输的比例是多少?", "审结84件,其中行政机关败诉6件,败诉率为7.1%。", None),
        # the rate named before the figure in the sentence, its clause saying only the year
        ("2020年各地行政机关负责人出庭应诉率是多少?", "出庭应诉率还不够高,2020年为75.9%。", None),
        # a question asking how it was done as well is answered by the sentences
        ("各地是怎么提高复议满意率的,满意率是多少?", "全年共收到行政复议申请287件。", None),
    ],
)
def test_a_named_rate_no_report_gives(question, sentence, unsaid):
    item = C.ReportItem("a.txt", "甲县", 2021, "年度报告", None, "成效")
    item.sentences = [C.PickedSentence(None, 0, 0, sentence, (), False, 1.0)]
    q = normalize(question)
    terms = [("输", "败诉率")] if "输" in q else []
    rates = C.rates_named(q, terms)
    assert C.rate_unsaid(q, rates, [item], [normalize(sentence)]) == unsaid
    assert C.rate_unsaid(q, rates, [], [normalize(sentence)]) is None


def _spans(figures: list[str]) -> tuple[tuple[int, int], ...]:
    out, pos = [], 0
    for f in figures:
        out.append((pos, pos + len(f)))
        pos += len(f)
    return tuple(out)


def test_report_with_only_plans_is_labelled_plan():
    plan = "深化行政复议体制改革,行政复议案件纠错率不低于10%。"
    text = f"二、下一步工作打算\n{plan}\n"
    r = _report("b.txt", text, [(("二、下一步工作打算",), plan)])
    (it,) = C.compare(C.split_topic("行政复议体制改革", TERMS), [r])
    assert it.status == "计划"


def test_a_report_in_two_pages_or_posted_twice_is_one_item():
    # a site split the report into pages (content_1.html, content_1_2.html): the same place, year, type and title
    one, two = "办理行政复议案件36件,纠错率12.5%。", "行政复议听证公开3次,调解和解率20%。"
    first = _report("content_1.html", f"一、行政复议\n{one}\n", [(("一、行政复议",), one)], title="甲县报告")
    second = _report("content_1_2.html", f"{two}\n", [((), two)], title="甲县报告")
    again = _report("甲县报告.pdf", f"一、行政复议\n{one}\n", [(("一、行政复议",), one)], title="甲县报告")
    q = C.split_topic("行政复议", TERMS)
    (it,) = C.compare(q, [first, second, again])
    assert [s.text for s in it.sentences] == [one, two]
    assert [s.chunk.doc_id for s in it.sentences] == ["content_1.html", "content_1_2.html"]  # each cites its file
    other = _report("乙县.txt", f"{two}\n", [((), two)])
    other.meta = DocumentMeta("乙县报告", "乙县", 2021, "年度报告")
    assert len(C.compare(q, [first, other])) == 2  # another report's item stays its own


def test_excluded_and_scoped_reports_are_left_out():
    body = "办理行政复议案件5件。"
    r = _report("c.txt", f"{body}\n", [((), body)])
    q = C.split_topic("行政复议", TERMS)
    assert C.compare(q, [r], exclude_regions=("甲县",)) == []
    assert C.compare(q, [r], scope=lambda meta: meta.region == "乙县") == []
    assert C.excluded_regions("我们甲县想看看其他县怎么做行政复议", ("甲县",), ()) == ("甲县",)
    assert C.excluded_regions("其他县是怎么做的", (), ("甲县",)) == ("甲县",)
    assert C.excluded_regions("各地怎么做的", ("甲县",), ()) == ()


def test_specific_words_of_a_question():
    tokens = ["哪些", "地方", "让", "法律顾问", "列席", "政府", "会议", "2023", "年"]
    q = C.split_topic("哪些地方让法律顾问列席政府会议?", ("法律顾问",), tokens)
    assert q.topic == (("法律顾问",),) and q.specific == ("列席",)  # 政府, 会议 are everyday words
    # Either of two words answers: both are asked or neither (公布 is everyday); a year is the
    # scope's business; 决策程序 repeats the topic.
    tokens = ["各地", "公布", "或", "录入", "行政许可", "事项"]
    assert C.split_topic("各地公布或录入的行政许可事项?", ("行政许可",), tokens).specific == ()
    tokens = ["哪些", "地方", "出台", "暂行办法", "或", "暂行规定", "行政许可"]
    q = C.split_topic("哪些地方出台行政许可暂行办法或暂行规定?", ("行政许可",), tokens)
    assert q.specific == ("暂行办法", "暂行规定")
    tokens = ["哪些", "地方", "出台", "重大行政决策", "决策程序", "暂行办法", "2023"]
    q = C.split_topic("2023年哪些地方出台重大行政决策决策程序暂行办法?", ("重大行政决策",), tokens)
    assert q.specific == ("暂行办法",)
    # a part listed beside the topic in a named set is one of its parts, not a word every report must say
    terms = ("执法全过程记录", "三项制度")
    tokens = ["各地", "推行", "执法", "公示", "执法全过程记录", "三项制度"]
    q = C.split_topic("各地是怎么推行执法公示、执法全过程记录这两项制度的?", terms, tokens)
    assert q.specific == () and q.topic == (("执法全过程记录",),)
    tokens = ["各地", "政府", "党委", "人大", "报告", "法治政府建设"]
    q = C.split_topic("各地政府是怎样向党委、人大报告法治政府建设情况的?", ("法治政府建设", "人大"), tokens)
    assert "党委" in q.specific  # a list that names no set: each word is asked


def _adviser_reports(sentences: list[str]) -> list[C.ReportText]:
    out = []
    for i, body in enumerate(sentences):
        r = _report(f"{i}.txt", f"{body}\n", [(("一、主要工作",), body)])
        r.meta = DocumentMeta(f"{i}县报告", f"{i}县", 2021, "年度报告")
        out.append(r)
    return out


def test_specific_words_pick_the_reports_when_every_report_holds_the_topic():
    reports = _adviser_reports(
        [
            "聘请5名律师担任政府法律顾问,法律顾问列席政府常务会议。",
            "法律顾问列席县政府常务会议12次。",
            "聘请法律顾问3名,审查合同20件。",
        ]
    )
    q = C.ComparisonQuery((("法律顾问",),), specific=("列席",))
    items = C.compare(q, reports)
    assert {it.doc_id for it in items} == {"0.txt", "1.txt"} and all(it.specific == ("列席",) for it in items)
    # One report's word may be the asker's own: all stay. A topic some reports lack picks them itself.
    assert len(C.compare(q, reports, specific_holders=3)) == 3
    assert len(C.compare(q, reports + _adviser_reports(["开展普法宣传20场。"]), broad_share=1.0)) == 3
    assert len(C.compare(C.ComparisonQuery((("法律顾问",),)), reports)) == 3


# ------------------------------------------------------------------ the bundled reports


def test_how_many_were_done_is_not_answered_by_a_work_plans_target():
    assert C.asks_done("各地一年办了多少件行政复议案件?") and C.asks_done("哪些地方出庭应诉率已经达到100%?")
    assert not C.asks_done("各地要求纠错率达到多少?") and not C.asks_done("出庭应诉率各地是多少?")
    done = "全年办理行政复议案件36件。"
    plan = "行政复议案件纠错率不低于10%。"
    reports = [
        _report("a.txt", f"{done}\n", [(("一、主要工作",), done)]),
        _report("b.txt", f"{plan}\n", [(("一、加强行政复议",), plan)], doc_type="工作要点", year=2024),
    ]
    items = C.compare(C.split_topic("各地行政复议办了多少件?", TERMS), reports, need_figure=True)
    assert [it.status for it in items] == ["成效", "计划"]
    assert [it.doc_id for it in C.keep_done(items)] == ["a.txt"]
    assert C.keep_done(items[1:]) == items[1:]  # only targets: they are all there is


def test_counts_asked_of_all_places_leave_out_the_work_plan(pipe):
    c = pipe.compare("各地一年办理了多少件行政复议案件?")
    assert {YUANSHI, HUAIHUA} <= {it.doc_id for it in c.items} and HUZHU not in {it.doc_id for it in c.items}
    c = pipe.compare("各地行政复议案件要求纠错率达到多少?")  # targets asked: the plan answers
    assert HUZHU in {it.doc_id for it in c.items}


def test_a_broad_topic_is_narrowed_by_the_questions_specific_words(pipe):
    # Every bundled report speaks of 法律顾问; only some say their advisers sit in on meetings.
    reports = pipe.reports()
    holders = {r.doc_id for r in reports if "法律顾问" in r.norm}
    assert len(holders) == len(reports)
    c = pipe.compare("哪些地方让法律顾问列席政府会议?")
    cited = {it.doc_id for it in c.items}
    assert c.query.specific == ("列席",) and 2 <= len(cited) < len(holders)
    for it in c.items:
        assert it.specific == ("列席",) and any("列席" in s.text for s in it.sentences)
    for r in reports:  # a report left out never says 列席 where it speaks of its advisers
        if r.doc_id not in cited:
            assert not any("法律顾问" in x and "列席" in x for x in r.norm.split("。"))


@pytest.mark.parametrize(
    "question",
    ["其他县是怎么推进行政复议体制改革的?", "我们县想学学别人的行政复议改革,别的地方是怎么做的?"],
)
def test_administrative_review_question(pipe, question):
    """The users' own first question: every report with 行政复议 work, none off topic, plans labelled. Said
    "行政复议改革", the term table's 复议改革 (行政复议体制改革) only adds the facet 改革: it does not narrow the topic
    to the one report that writes 行政复议体制改革."""
    c = pipe.compare(question, "list")
    by_doc = {it.doc_id: it for it in c.items}
    assert {HUAIHUA, CHANHE, YUANSHI} <= set(by_doc)
    for it in c.items:
        for s in it.sentences:
            where = normalize(s.text + " ".join(s.chunk.section))
            assert "行政复议" in where, (it.label, s.text)  # on topic: 行政执法体制改革 is not
    assert by_doc[HUZHU].status == "计划"  # a work plan states targets
    assert by_doc[HUAIHUA].status == "成效"
    huaihua = "".join(s.text for s in by_doc[HUAIHUA].sentences)
    assert "244件" in huaihua and "28.42%" in huaihua
    assert "36件" in "".join(s.text for s in by_doc[YUANSHI].sentences)
    chanhe = by_doc[CHANHE]
    assert any("两起" in s.text for s in chanhe.sentences)
    a = pipe.ask(question)
    assert a.answer_type == "list" and {c.chunk.doc_id for c in a.citations} == set(by_doc)
    for p in a.pieces:
        ch = next(c.chunk for c in a.citations if c.n == p.citation)
        assert ch.text[p.start - ch.start : p.end - ch.start] == p.text


def test_placeless_figure_question_answers_per_report(pipe):
    a = pipe.ask("行政机关负责人出庭应诉率是多少?")
    assert a.answer_type == "list"
    by_label = {p.label: p.text for p in a.pieces}
    assert by_label.get("元氏县 2021") == "100%"
    assert by_label.get("互助县 2024 目标") == "不低于90%"  # a work plan's figure is a target


def test_a_figure_in_another_unit_of_the_asked_class_answers(pipe):
    # "几个律师" is answered by 5位律师 and 9名律师 as well as by 2个: people are counted 个, 位 and 名.
    a = pipe.ask("别的地方各聘请了几个律师做政府法律顾问？")
    assert a.answer_type == "list" and len({c.chunk.doc_id for c in a.citations}) >= 2
    assert any(p.text.endswith("位律师") for p in a.pieces)


def test_filter_that_excludes_the_answer_says_so(pipe):
    a = pipe.ask("其他县是怎么推进行政复议体制改革的?", filters=Filters(regions=("元氏县",)))
    assert {c.chunk.doc_id for c in a.citations} == {YUANSHI}
    assert "已按地区=元氏县筛选" in a.note and "怀化市" in a.note
    a = pipe.ask("行政机关负责人出庭应诉率是多少?", filters=Filters(years=(2024,)))
    assert "元氏县" in (a.note or "") and any("目标" in p.label for p in a.pieces)


def test_own_place_from_history_is_excluded(pipe):
    history = [{"question": "元氏县办理了多少件行政复议案件?", "answer": "36件"}]
    c = pipe.compare("其他县是怎么推进行政复议工作的?", "list", history=history)
    assert YUANSHI not in {it.doc_id for it in c.items} and c.excluded == ("元氏县",)
    assert "元氏县" in c.note


def test_export_columns(pipe):
    from qa.interface import export

    c = pipe.compare("各地是怎么开展行政复议工作的?", "list")
    rows = export.comparison_rows(c.items)
    assert export.COMPARISON_COLUMNS == ["地区", "年份", "类型", "做法", "数据", "出处"]
    assert len(rows) == len(c.items) and all(len(r) == 6 for r in rows)
    got = list(csv.reader(io.StringIO(export.comparison_csv(c.items).decode("utf-8-sig"))))
    assert got[0] == export.COMPARISON_COLUMNS and len(got) == len(rows) + 1
    md = export.comparison_markdown(c.items)
    assert md.splitlines()[0] == "| 地区 | 年份 | 类型 | 做法 | 数据 | 出处 |"
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(export.comparison_xlsx(c.items))).active
    assert [cell.value for cell in ws[1]] == export.COMPARISON_COLUMNS


def test_how_many_keeps_reports_that_give_a_figure():
    with_figure = "办理行政复议案件5件。"
    without = "加强行政复议工作。"
    a = _report("d.txt", f"{with_figure}\n", [((), with_figure)])
    b = _report("e.txt", f"{without}\n", [((), without)])
    q = C.split_topic("哪些地方行政复议办了多少件?", TERMS)
    assert C.asks_figure("哪些地方行政复议办了多少件?")
    assert [it.doc_id for it in C.compare(q, [a, b], need_figure=True)] == ["d.txt"]
    assert len(C.compare(q, [a, b])) == 2
    # When no report gives a figure, the reports that hold the topic still answer.
    assert [it.doc_id for it in C.compare(q, [b], need_figure=True)] == ["e.txt"]


def test_a_filter_that_hides_the_answer_of_an_ordinary_question_says_so(pipe):
    # 元氏县's report does not mention 府院联动; 怀化's and 互助's do.
    a = pipe.ask("府院联动是怎么做的?", filters=Filters(regions=("元氏县",)))
    assert a.answer is None
    assert "已按地区=元氏县筛选" in a.note and "怀化市" in a.note and "互助县" in a.note


# ------------------------------------------------------------------ who asks, where, when (issue 16)


def test_the_asker_introducing_themselves_is_not_the_topic():
    q = C.split_topic("我是怀化市司法局的,想了解其他地方在出庭应诉上是怎么抓的?", (*TERMS, "司法局"))
    assert q.topic == (("出庭应诉",),) and not q.weak
    # Without a term of art the topic is the question's rarest words, marked weak.
    q = C.split_topic("办案子时录音录像留下记录,各地是怎么做的?", TERMS, ["办案", "录音录像", "留下", "记录"])
    assert q.weak and q.topic


def _hit(doc_id: str, score: float):
    from qa.document import Hit

    return Hit(Chunk(f"{doc_id}#0", doc_id, 0, 1, "x", (), None, None, None, "年度报告"), 0, score)


def test_gather_keeps_reports_close_to_the_best_passage():
    hits = [_hit("a", 1.0), _hit("b", 0.5), _hit("a", 0.9), _hit("c", 0.8), _hit("b", 0.3)]
    got = C.gather(hits, 0.7)
    assert [key[0] for key in got] == ["a", "c"]  # b's best passage is under 0.7 × 1.0 (by report: file, place…)
    assert [h.score for h in got[hits[0].chunk.report_key]] == [1.0, 0.9]
    assert C.gather([], 0.7) == {}


def test_a_weak_topic_takes_its_reports_from_retrieval(pipeline):
    """Everyday words the reports do not use (录音录像 for 执法全过程记录): retrieval, dense
    included, decides which reports answer; every sentence is still the report's own text."""
    c = pipeline.compare("办案子时录音录像留下记录,各地是怎么做的?")
    assert c.query.weak and len(c.items) >= 2
    assert CHANHE in {it.doc_id for it in c.items}  # its section on 执法全过程记录
    chanhe = next(it for it in c.items if it.doc_id == CHANHE)
    assert any("全过程记录" in s.text for s in chanhe.sentences)
    for it in c.items:
        for s in it.sentences:
            assert s.chunk.text[s.start - s.chunk.start : s.end - s.chunk.start] == s.text


def test_the_figure_sentence_after_the_topic_counts(pipe):
    # 怀化: "行政机关负责人按照规定出庭应诉,做到既出庭又发声。全年出庭232件、出庭率100%。"
    c = pipe.compare("各地行政机关负责人出庭应诉是怎么做的?", "list")
    huaihua = next(it for it in c.items if it.doc_id == HUAIHUA)
    assert any("出庭率100%" in s.text for s in huaihua.sentences)
    assert "100%" in huaihua.figures
    for it in c.items:
        for s in it.sentences:
            text = normalize(s.text)
            after = normalize(s.chunk.text[: s.start - s.chunk.start])[-40:]
            assert "出庭应诉" in text or ("出庭应诉" in after and C.FIGURE.search(text)), s.text


def test_a_province_or_city_scope_uses_the_division_codes(pipe):
    # 元氏县 lies in 石家庄市 (130132 ⊂ 1301): its report never has to say so.
    c = pipe.compare("石家庄市各县是怎么推进行政复议的?", "list")
    assert {it.doc_id for it in c.items} == {YUANSHI} and "石家庄" in c.note
    c = pipe.compare("青海省内行政复议是怎么做的?", "list")
    assert {it.doc_id for it in c.items} == {HUZHU}


def test_a_report_without_a_division_code_falls_back_to_its_text():
    from qa.ingest.gazetteer import areas_named

    text = "依据《吉林省行政复议条例》，甲县办理行政复议案件5件。"
    r = _report("d.txt", text, [((), text)])
    assert r.meta.division_code is None
    scope = C.area_scope(areas_named("吉林省内"), [r])
    assert scope(r.meta)
    assert not C.area_scope(areas_named("湖南省内"), [r])(r.meta)


def test_years_named_limit_the_comparison(pipe):
    c = pipe.compare("2023年各地行政复议工作是怎么做的?", "list")
    assert {it.doc_id for it in c.items} == {HUAIHUA} and "2023年" in c.note
    c = pipe.compare("2021年以来各地行政复议工作是怎么做的?", "list")
    years = {it.year for it in c.items}
    assert years and min(years) >= 2021 and {YUANSHI, HUAIHUA} <= {it.doc_id for it in c.items}


def test_year_ranges_and_the_askers_own_year(pipe):
    c = pipe.compare("2020年以前各地行政复议工作是怎么做的?", "list")
    assert c.items and all(it.year < 2020 for it in c.items) and "2020年以前" in c.note
    c = pipe.compare("2023年以后各地行政复议工作是怎么做的?", "list")
    assert {it.doc_id for it in c.items} == {HUAIHUA, HUZHU}
    # A year said of the asker's own place describes the asker; it does not limit the others.
    c = pipe.compare("我们元氏县2021年推行了一案三推动,其他地方行政复议是怎么做的?", "list")
    got = {it.doc_id for it in c.items}
    assert YUANSHI not in got and {HUAIHUA, CHANHE} <= got


def test_others_figures_leave_out_the_askers_place(pipe):
    a = pipe.ask("我是互助县的,别的地方行政复议案件办了多少件?")
    assert a.answer_type == "list"
    labels = [p.label for p in a.pieces]
    assert labels and not any("互助县" in x for x in labels)
    assert {"244件", "36件"} <= {p.text for p in a.pieces}


def test_a_single_others_figure_and_no_figure_of_the_others(pipe):
    # One other report gives the rate: that report's figure, said as excluding the asker, not "not found".
    a = pipe.ask("我们是互助县,别的地方负责人出庭应诉率实际做到了多少?")
    assert a.answer is not None and "互助县" in (a.note or "")
    assert all(c.chunk.region != "互助县" for c in a.citations) and "100%" in a.answer
    # No other report gives the count in the question's words: what the others say on 行政复议, never
    # the asker's own 244件.
    a = pipe.ask("我们是怀化市司法局的,想了解一下别的地方一年接了多少件行政复议的案子?")
    assert a.citations and all(c.chunk.doc_id != HUAIHUA for c in a.citations)
    assert "244件" not in (a.answer or "")
    assert {CHANHE, YUANSHI} <= {c.chunk.doc_id for c in a.citations}


@pytest.mark.parametrize(
    "question, others",
    [
        ("我是梅河口市的,别的地方办审批现在要等多少天?", True),
        ("其他县市行政复议是怎么做的?", True),
        ("除了元氏县还有哪个县承担了直播任务?", False),  # the asker's report may name the place
        ("怀化市2023年有多少件政府合同和其他政府投资事项通过了合法性审查?", False),
        ("外地是怎么推行告知承诺制的?", True),
        ("怀化市和外地多少个省市达成了异地办事互通的合作?", False),  # 外地 as a partner, not the places asked
        ("在外地办事不用回原籍跑腿,能办哪些事?", False),
    ],
)
def test_which_questions_ask_other_places(question, others):
    assert C.asks_other_places(question) is others


def test_provinces_and_cities_are_named_as_questions_write_them():
    from qa.ingest.gazetteer import areas_named

    assert [C.area_name(a) for a in areas_named("广西壮族自治区各县")] == ["广西"]
    assert [C.area_name(a) for a in areas_named("吉林省内")] == ["吉林"]


@pytest.mark.parametrize(
    "question, several",
    [
        ("河南和吉林两个地方的法治政府建设领导小组组长由谁担任?", True),  # two provinces
        ("2018年和2021年的报告里各办理了多少件行政复议案件?", True),  # two years
        ("这两份报告里行政复议是怎么做的?", True),
        ("青海省互助县的工作要点是哪一天印发的?", False),  # the province is the county's address
        ("怀化市2023年办理了多少件行政复议案件?", False),
        ("互助县要落实《法治政府建设工作方案(2021-2025年)》的哪些任务?", False),  # a plan's period
    ],
)
def test_a_question_about_several_places_or_years_is_answered_per_report(pipe, question, several):
    assert (pipe.analyse(question).kind == "list") is several


def test_two_provinces_named_get_one_block_each(pipe):
    a = pipe.ask("河南和吉林两个地方的法治政府建设领导小组组长由谁担任?")
    assert a.answer_type == "list"
    assert {c.chunk.region for c in a.citations} == {"瀍河回族区", "梅河口市"}  # 洛阳 (河南), 通化 (吉林)


def test_which_places_have_done_it_asks_for_records_not_plans():
    assert C.asks_which_did("哪几个地方已经开展“双随机、一公开”监管了?")
    assert C.asks_which_did("还有别的地方已经推行告知承诺制吗?")
    # a bare 了 is said of plans too; 各地 asks for every place; a plan word asks for plans
    assert not C.asks_which_did("哪些地方制定了年度重大行政决策事项目录?")
    assert not C.asks_which_did("各地已经办了多少件行政复议案件?")
    assert not C.asks_which_did("哪些地方已经计划开展法治督察?")


def test_a_plan_does_not_answer_which_places_have_done_it(pipeline):
    regions = lambda q: {(it.region, it.status) for it in pipeline.compare(q).items}  # noqa: E731
    asked = regions("哪些地方的法律顾问覆盖全部乡镇?")
    assert ("互助县", "计划") in asked  # the work plan's item answers the plain question
    done = regions("哪些地方的法律顾问已经覆盖全部乡镇?")
    assert done == {r for r in asked if r[1] == "成效"} and len(done) >= 2


def test_either_side_of_a_choice_picks_the_reports(pipeline):
    # 暂行办法或者暂行规定: reports holding either on the topic answer; 怀化市's 事项目录清单 and
    # 梅河口市's 国务院《…暂行条例》 do not
    items = pipeline.compare("哪些地方出台过重大行政决策程序的暂行办法或者暂行规定?").items
    assert {it.region for it in items} == {"元氏县", "瀍河回族区", "互助县"}
    assert all(set(it.specific) & {"暂行办法", "暂行规定"} for it in items)


def test_a_quoted_saying_matches_how_each_report_ends_it(pipeline):
    # "小事不出村、大事不出乡镇" is said "小事不出社区,大事不出乡(办事处)" (瀍河回族区) and
    # "小事不出村(社区),大事不出乡镇(街道)" (怀化市): each report keeps its own ending.
    assert C._quoted_parts("小事不出村、大事不出乡镇") == "小事不出+大事不出乡"
    assert C._quoted_parts("三项制度") is None
    assert C._quoted_parts("双随机、一公开") is None
    for question in ("哪些地方提出要做到“小事不出村、大事不出乡镇”?", "各地说的“小事不出……大事不出……”具体是怎么提的?"):
        items = pipeline.compare(question).items
        assert {it.region for it in items} == {"瀍河回族区", "梅河口市", "怀化市"}, question


def test_except_a_place_asks_the_others(pipeline):
    # "除了怀化市，还有哪个地方…" is a comparison that leaves 怀化市 out, not a which-place question
    # answered by 怀化市 itself.
    assert C.is_comparative(normalize("除了怀化市,还有哪个地方推行了告知承诺制?"))
    assert not C.is_comparative(normalize("除了行政复议,元氏县还做了什么?"))
    assert not C.is_comparative(normalize("除了行政复议以外,元氏县还做了什么?"))
    a = pipeline.ask("除了怀化市,还有哪个地方推行了告知承诺制?")
    regions = {c.chunk.region for c in a.citations}
    assert "元氏县" in regions and "怀化市" not in regions


def test_except_a_place_about_a_place_one_report_names_is_read(pipeline):
    # No report compares: 正定县 is named in 元氏县's own report, and the reader answers with it.
    a = pipeline.ask("省司法厅组织的宪法宣传分会场直播任务,除了元氏县还有哪个县承担?")
    assert a.pieces and a.pieces[0].text == "正定县"


def test_the_head_noun_after_the_topic_picks_the_reports(pipeline):
    # Every report holds 重大行政决策; "事项目录" says which: those whose sentences on it name a 目录.
    assert C._heads_after_topic(normalize("哪些地方制定了年度的重大行政决策事项目录?"), [("重大行政决策",)]) == ["目录"]
    assert C._heads_after_topic(normalize("哪些地方建立了重大行政决策制度?"), [("重大行政决策",)]) == []
    items = pipeline.compare("哪些地方制定了年度的重大行政决策事项目录?").items
    assert {"怀化市", "互助县"} <= {it.region for it in items} and "梅河口市" not in {it.region for it in items}
    assert all("目录" in it.specific for it in items)


def test_an_action_on_a_topic_is_a_facet_not_the_topic(pipeline):
    # "清理或梳理证明事项" asks about 证明事项; 清理 is what was done with them: 元氏县's 规范性文件清理 is not on it.
    c = pipeline.compare("哪些地方在清理或梳理证明事项?")
    assert c.query.topic[0][0] == "证明事项" and "清理" in c.query.facets
    assert {it.region for it in c.items} == {"梅河口市", "怀化市"}


def test_government_contracts_in_everyday_words(pipeline):
    # "政府签合同之前请人把关" is about 政府合同 (对外合同, 行政协议), not 元氏县's 合同履约 disputes
    items = pipeline.compare("各地政府签合同之前请人把关,各审了多少件?").items
    assert {it.region for it in items} == {"瀍河回族区", "怀化市"}
    assert {"136件", "70件"} <= {f for it in items for f in it.figures}


def test_the_business_of_elsewhere_done_here_is_cross_province_service(pipeline):
    items = pipeline.compare("哪些地方在推进外地的事可以在本地办?").items
    assert {it.region for it in items} == {"怀化市", "互助县"}


def test_a_quoted_name_before_a_bare_kind_is_the_topic(pipeline):
    # "“八五”普法" is the 八五 plan of 普法; 梅河口市's “七五”普法 is not it. Names quoted side by side are either.
    c = pipeline.compare("各地“八五”普法是怎么推进的?")
    assert c.query.topic == (("八五",),)
    assert {it.region for it in c.items} == {"元氏县", "怀化市"}
    assert pipeline.compare("各地的“七五”“八五”普法是怎么推进的?").query.topic == (("七五", "八五"),)


def test_an_everyday_phrase_holding_a_term_brings_the_official_words(pipeline):
    # "法律体检" (quoted, as the asker says it) is the reports' 法治体检; "权力和责任清单" holds the term 责任清单 but
    # the reports say 权责清单
    items = pipeline.compare("哪些地方给企业做“法律体检”?").items
    assert {it.region for it in items} == {"怀化市", "互助县"}
    c = pipeline.compare("各地政府的权力和责任清单是怎么弄的?")
    assert "权责清单" in c.query.topic[0] and len(c.items) >= 3


def test_a_specific_word_is_said_with_a_few_characters_between_its_halves(pipeline):
    # 人员培训 (one token of the question) is "行政执法人员集中培训" in 互助县's work plan
    assert C.says_word("行政执法人员集中培训不少于1次", "人员培训")
    assert not C.says_word("执法人员,组织培训", "人员培训") and not C.says_word("人员参加了为期一年的培训", "人员培训")
    items = pipeline.compare("各地行政执法人员培训是怎么安排的?").items
    assert {"元氏县", "瀍河回族区", "互助县"} <= {it.region for it in items}


@pytest.mark.parametrize(
    "question, regions",
    [
        ("网上的舆情怎么应对,哪些地方写了?", {"元氏县", "梅河口市"}),  # 舆情 is a term of art, not a weak topic
        ("开个公司各地多长时间能办下来?", {"元氏县", "怀化市"}),  # 企业开办
        ("各地搞了多少场防灾应急的实战演习?", {"元氏县", "怀化市"}),  # 演习 is said 演练
        # 两法衔接, 行刑衔接 and 行政执法与刑事司法衔接 in the three reports; a term in brackets that is one of the
        # topic's alternatives names the same thing, not a second topic every report must hold
        ("行政执法和刑事司法怎么衔接,哪些地方有提到?", {"元氏县", "梅河口市", "互助县"}),
        ("行政执法和刑事司法的衔接(两法衔接),各地是怎么做的?", {"元氏县", "梅河口市", "互助县"}),
    ],
)
def test_everyday_topics_find_the_reports_terms(pipeline, question, regions):
    assert {it.region for it in pipeline.compare(question).items} == regions


def test_an_everyday_phrase_past_a_terms_end_is_the_topic(pipeline):
    # 行政执法证 holds the term 行政执法, but asks about 执法证 (行政执法证件): only the reports that count
    # certificates answer, not every report on 行政执法.
    items = pipeline.compare("各地发了多少本行政执法证?").items
    assert {it.region for it in items} == {"元氏县", "怀化市"}
    assert pipeline.compare("各地发了多少本行政执法证?").query.topic[0][:2] == ("执法证", "行政执法证件")


def test_terms_written_side_by_side_name_one_thing():
    q = C.split_topic("各地是怎么落实“谁执法谁普法”普法责任制的?", ("谁执法谁普法", "普法责任制"))
    assert len(q.topic) == 1 and {"谁执法谁普法", "普法责任制"} <= set(q.topic[0])
    # a word right before another is not one thing with it: the 第一责任人 of 法治建设
    q = C.split_topic("党政主要负责人履行法治建设第一责任人职责,各地是怎么落实的?", ("法治建设", "第一责任人"))
    assert len(q.topic) == 2
    # the parts of a whole, listed before it
    q = C.split_topic("各地是怎么推行执法公示、执法全过程记录这两项制度的?", ("执法公示", "执法全过程记录", "两项制度"))
    assert len(q.topic) == 1 and {"执法公示", "执法全过程记录", "两项制度"} <= set(q.topic[0])


def test_the_other_side_of_or_is_an_alternative():
    q = C.split_topic("哪些地方在推进地方立法或政府立法工作?", ("地方立法",), idf=lambda t: 1.0)
    assert q.topic[0] == ("地方立法", "政府立法")
    q = C.split_topic("哪些地方在推进地方立法或政府立法工作?", ("地方立法",), idf=lambda t: float(t != "政府立法"))
    assert q.topic[0] == ("地方立法",)  # a word the reports never use is no alternative


def test_two_words_the_reports_write_as_one_are_the_topic():
    text = "积极推广应用省中介超市,进驻中介机构99家。"
    tokens = ["中介", "超市", "入驻", "中介机构"]
    q = C.split_topic("各地中介超市分别入驻了多少家中介机构?", (), tokens, held=lambda t: 2 * (t in text))
    assert q.weak and q.named == ("中介超市",)
    q = C.split_topic("各地中介超市分别入驻了多少家中介机构?", (), tokens, held=lambda t: 0)
    assert q.weak  # nothing the reports write as one: the rarest words, read by retrieval


def test_reports_that_say_a_compound_name_are_compared(pipe):
    result = pipe.compare("各地中介超市分别进驻了多少家中介机构?")
    assert {it.region for it in result.items} == {"元氏县", "怀化市"}


def test_a_four_character_term_of_two_rare_words_is_found_written_apart():
    idf = {"宪法": 4.1, "宣誓": 4.5, "三项": 2.8, "制度": 0.9}.get
    q = C.split_topic("哪些地方组织了宪法宣誓?", ("宪法宣誓",), idf=lambda t: idf(t, 0.0))
    assert q.topic[0] == ("宪法宣誓", "宪法+宣誓")
    assert C._on_topic("区人大每年进行‘12.4’宪法日宣誓活动", q.topic[0])
    # 制度 is in every report: "三项制度" written apart would be any sentence with 三项 and 制度
    q = C.split_topic("各地是怎么落实三项制度的?", ("三项制度",), idf=lambda t: idf(t, 0.0))
    assert q.topic[0] == ("三项制度",)


def test_case_file_reviews_written_apart_are_compared(pipe):
    # 互助县 writes "对上年度行政执法案卷至少开展1次评查", not 案卷评查
    items = pipe.compare("各地是怎么开展行政执法案卷评查的?").items
    assert HUZHU in {it.doc_id for it in items}


def test_topic_terms_listed_side_by_side_are_either():
    q = C.split_topic("各地包容审慎、柔性执法是怎么搞的?", ("包容审慎", "柔性执法"))
    assert q.topic == (("包容审慎", "柔性执法"),)
    # not words apart: both are asked
    q = C.split_topic("各地柔性执法中的包容审慎是怎么搞的?", ("包容审慎", "柔性执法"))
    assert len(q.topic) == 2
    # a list of three is one list, not a pair and a third topic every report must hold
    q = C.split_topic("各地包容审慎、柔性执法、首违不罚是怎么搞的?", ("包容审慎", "柔性执法", "首违不罚"))
    assert q.topic == (("包容审慎", "柔性执法", "首违不罚"),)
    # a list the question counts names a set, each of it asked ("这三项办法": all three)
    q = C.split_topic("哪些地方制定了执法公示、柔性执法、首违不罚这三项办法?", ("执法公示", "柔性执法", "首违不罚"))
    assert q.topic == (("执法公示",), ("柔性执法",), ("首违不罚",))


def test_a_report_on_either_listed_term_is_compared(pipe):
    # 元氏县 says 包容审慎精准执法, 怀化市 包容审慎监管 and 柔性执法: both answer
    items = pipe.compare("我是瀍河回族区的,想学学别的地方包容审慎、柔性执法是怎么搞的。").items
    assert {YUANSHI, HUAIHUA} <= {it.doc_id for it in items}


@pytest.mark.parametrize(
    "question, regions",
    [
        ("有没有地方请律师事务所来给政府当法律顾问?", None),  # places in the plural: every report that says it
        ("中部省份的地方政府是怎么用法律顾问的?", {"瀍河回族区", "怀化市"}),  # 河南, 湖南
        ("华北和东北的地方,“双随机、一公开”监管是怎么做的?", {"元氏县", "梅河口市"}),  # 河北, 吉林
    ],
)
def test_places_in_the_plural_are_compared(pipe, question, regions):
    from qa.reading.comparison import is_comparative
    from qa.text.normalization import normalize

    assert is_comparative(normalize(question))
    a = pipe.ask(question)
    cited = {c.chunk.region for c in a.citations}
    assert len(cited) >= 2 and (regions is None or cited == regions)
    assert not is_comparative(normalize("有个地方把非物质文化遗产和普法结合起来,具体怎么做的?"))


def test_two_things_done_with_the_law_are_either_asked(pipe):
    q = C.split_topic("各地是怎么组织干部学法考法的?", ("学法考法",), ["各地", "组织", "干部", "学法考法"])
    assert q.topic == (("学法考法", "学法", "考法"),)
    assert C.split_topic("各地政务服务怎么做的?", ("政务服务",), ["各地", "政务服务"]).topic == (("政务服务",),)
    # 瀍河 and 梅河口 write 领导干部学法 without 考法: they answer too
    cited = {c.chunk.region for c in pipe.ask("各地是怎么组织干部学法考法的?").citations}
    assert {"元氏县", "怀化市", "瀍河回族区", "梅河口市"} <= cited


def test_a_sum_of_money_no_report_gives_is_not_found(pipe):
    # the reports speak of 法律援助 (557件, 5900件) but give no money spent on it
    a = pipe.ask("各地给法律援助花了多少经费?")
    assert a.answer is None and "没有给出金额" in a.note
    a = pipe.ask("各地审计查出了多少违规金额?")
    assert a.answer is not None and "34.72亿元" in a.answer


def test_a_figure_in_a_unit_no_report_gives_is_not_found(pipe):
    # the reports count 行政复议 cases (两起, 244件, 36件), not the days they took
    a = pipe.ask("各地行政复议案件平均多少天审结?")
    assert a.answer is None and "没有给出以“天”计的数字" in a.note
    a = pipe.ask("各地行政复议案件各办了多少件?")
    assert a.answer is not None and "244件" in a.answer


def test_an_institution_no_report_names_is_not_found(pipe):
    a = pipe.ask("哪些地方成立了行政复议委员会?")
    assert a.answer is None
    a = pipe.ask("哪些地方成立了行政调解委员会?")  # 元氏县: 各部门均已成立行政调解委员会
    assert a.answer is not None and "元氏县" in {c.chunk.region for c in a.citations}


def test_a_long_term_is_also_found_without_its_last_character_as_a_word():
    q = C.split_topic("各地发放的行政执法证件有多少?", ("行政执法证件",))
    alts = q.topic[0]
    assert C._on_topic(normalize("发放了行政执法证共计14415本"), alts)
    assert C._on_topic(normalize("换发新式行政执法证件800余个"), alts)
    # Only where a word ends: 企业开 of 企业开办 is not in 企业开展.
    alts = C.split_topic("各地企业开办要多久?", ("企业开办",)).topic[0]
    assert not C._on_topic(normalize("推进企业开展合规建设"), alts)
    assert C._on_topic(normalize("企业开办时间压缩至1个工作日"), alts)


@pytest.mark.parametrize("figure", ["14415本", "40学时", "5位", "3宗", "36件", "28.42%"])
def test_a_figure_is_a_number_with_any_counter_of_the_question_analysis(figure):
    assert C.FIGURE.fullmatch(figure)


def test_reports_that_say_the_term_shorter_give_their_figures(pipe):
    c = pipe.compare("各地发放或换发的行政执法证件有多少?", "list")
    by_region = {it.region: it for it in c.items}
    assert {"元氏县", "怀化市"} <= set(by_region)
    assert "14415本" in by_region["怀化市"].figures and "800余个" in by_region["元氏县"].figures


def _picked(text: str, **on) -> PickedSentence:
    features = tuple(float(on.get(name, 0.0)) for name in FEATURES)
    chunk = Chunk("d#0", "d", 0, len(text), text, ("二、加强行政复议工作",), None, "甲县", 2021, "年度报告")
    figures = tuple(m.span() for m in re.finditer(r"\d+件|一次", text))
    return PickedSentence(chunk, 0, len(text), text, figures, bool(on.get("plan")), 0.0, False, features)


def test_done_figure_sentence_names_the_topic_under_its_heading_and_was_done():
    from qa.reading import relevance

    model = relevance.shipped()
    said = dict(in_sentence=1, in_heading=1, near=1, figures=0.5, no_words=1)
    done = _picked("截至目前,我县已办理行政复议案件36件。", **said)
    pool = [
        _picked("行政复议案件办结率达到95件以上。", **said | {"plan": 1}),  # a target
        _picked("完成执法检查12件,行政复议应诉能力得到提高。", **said | {"heading_other": 1}),  # another practice
        _picked("全年受理投诉30件。", **said | {"in_sentence": 0}),  # the topic not in the sentence
        _picked("加强行政复议工作,落实一案三推动机制。", **said | {"figures": 0}),  # no figure
        _picked("问题是行政复议案件积压5件。", **said | {"problem": 1}),  # a problem, not what was done
        _picked("推进法治政府建设,行政复议案件8件。", **said | {"field_wide": 1}),  # an overview of the field
        _picked("行政复议案件9件。", **said | {"no_words": 0}),  # the question's own words unsaid
        _picked("行政复议案件7件。", **said | {"near": 0}),  # only a higher heading names the topic
        _picked("行政复议委员会每一次会议都列席。", **said),  # "一次" is not a count of what was done
        done,
    ]
    assert C.done_figure_sentence(pool, model) is done
    assert C.done_figure_sentence(pool[:-1], model) is None
    # Facets only (体制改革): the question's words need not be said
    unsaid = _picked("行政复议案件9件。", **said | {"no_words": 0})
    assert C.done_figure_sentence([unsaid], model, need_words=False) is unsaid


def test_the_users_question_quotes_what_each_county_did_with_its_figure(pipeline):
    """The app's own pipeline (vectors and the sentence model): 元氏县's block gives its 36件, not only measures."""
    c = pipeline.compare("其他县是怎么推进行政复议体制改革的?", "list")
    by_doc = {it.doc_id: it for it in c.items}
    assert "36件" in "".join(s.text for s in by_doc[YUANSHI].sentences)
    assert "244件" in "".join(s.text for s in by_doc[HUAIHUA].sentences)
    for it in c.items:  # every done item carries a figure
        if it.status == "成效":
            assert it.figures, it.label


def test_a_figure_about_another_practice_is_not_one_on_the_topic():
    # 瀍河's "办理行政复议案件两起" stands under "加强行政复议工作,提高行政应诉能力": asked 行政应诉, it counts 复议
    other = _picked("2018年,办理行政复议案件2件,直接纠错2件。", other_terms=0.5, near=1)
    own = _picked("截至目前,我县已办理行政应诉案件16件。", in_sentence=1, near=1)
    both = _picked("办理行政复议案件36件、行政应诉案件16件。", in_sentence=1, other_terms=0.5)
    unfeatured = C.PickedSentence(other.chunk, 0, 8, "全年办理案件3件", ((6, 8),))  # beyond the featured pool
    items = []
    for region, sentence in (("甲县", other), ("乙县", own), ("丙县", both), ("丁县", unfeatured)):
        item = C.ReportItem(f"{region}.txt", region, 2021, "年度报告", None, "成效")
        item.sentences = [sentence]
        items.append(item)
    assert items[0].figures and not items[0].topic_figures
    assert [it.region for it in C.keep_figures(items, own_topic=True)] == ["乙县", "丙县", "丁县"]
    assert [it.region for it in C.keep_figures(items)] == ["甲县", "乙县", "丙县", "丁县"]  # off by default
    # when no report gives a figure on the topic itself, all stay (no list emptied by the rule)
    assert C.keep_figures(items[:1], own_topic=True) == items[:1]


def test_the_figure_rule_in_the_pipeline(pipe):
    # the read sets' question: 瀍河's 行政复议 figure leaves the 行政应诉 answer when the rule is on
    from dataclasses import replace

    question = "各地办理的行政应诉案件有多少件?"
    before = {it.region for it in pipe.compare(question).items}
    pipe.settings = replace(pipe.settings, compare_figure_own_topic=True)
    try:
        after = {it.region for it in pipe.compare(question).items}
    finally:
        pipe.settings = replace(pipe.settings, compare_figure_own_topic=False)
    assert "瀍河回族区" in before and after == before - {"瀍河回族区"} and {"元氏县", "怀化市"} <= after


def test_a_term_written_apart_is_found_with_whole_words_between():
    # 互助's "县级综合行政执法队伍" is 综合执法 with 行政 put inside; 怀化's "重大行政决策" is 重大决策
    assert C.apart("综合执法", 2) == "综合~2~执法"
    assert C._on_topic("推动县级综合行政执法队伍向乡镇(街道)延伸", ("综合执法", C.apart("综合执法", 2)))
    text = "出台《2023年重大行政决策事项目录清单》"
    assert C._find(text, C.apart("重大决策", 2)) == text.index("重大行政决策")
    # the halves must be whole words: 行政 ends 依法行政 in "依法行政考核检查"
    assert C._find("高度重视依法行政考核检查", C.apart("行政检查", 2)) == -1
    # nor more than ``gap`` characters between them
    assert C._find("综合行政监管执法", C.apart("综合执法", 2)) == -1
    # names with a numeral and the field at large stay as written; so does everything with no gap
    assert C.apart("三项制度", 2) is None and C.apart("法治建设", 2) is None and C.apart("综合执法", 0) is None
    assert C.apart("行政执法证", 2) is None  # four characters of two words only


def test_a_term_written_apart_in_the_pipeline(pipe):
    # 互助's work plan names 综合执法 only as "综合行政执法": with terms as written it is not listed
    from dataclasses import replace

    question = "各地在深化行政执法体制改革、推进综合执法方面有什么做法？"
    result = pipe.compare(question)
    assert ("综合执法", "综合~2~执法") in result.query.topic
    (huzhu,) = [it for it in result.items if it.region == "互助县"]
    assert any("综合行政执法" in s.text for s in huzhu.sentences)
    pipe.settings = replace(pipe.settings, compare_term_gap=0)
    try:
        as_written = {it.region for it in pipe.compare(question).items}
    finally:
        pipe.settings = replace(pipe.settings, compare_term_gap=2)
    assert "互助县" not in as_written and as_written < {it.region for it in result.items}


def test_the_kind_of_report_the_question_looks_in(pipe):
    # "工作要点里" is 互助县's plan only; "年度报告里" the four annual reports, and the note says so
    plans = pipe.compare("各地工作要点里对行政复议有什么安排？")
    assert [(it.region, it.doc_type) for it in plans.items] == [("互助县", "工作要点")]
    assert "类型：工作要点" in plans.note
    done = pipe.compare("各地年度报告里，行政复议是怎么做的？")
    assert {it.doc_type for it in done.items} == {"年度报告"} and len(done.items) == 4
    assert "类型：年度报告" in done.note


def test_a_share_asked_of_a_thing_no_report_gives():
    from qa.text.tokenization import Tokenizer

    tokens = Tokenizer().tokenize_query
    topic = C.split_topic("行政复议", TERMS)
    q = normalize("复议案子里申请人请律师代理的比例，各地有多高？")
    words = C.share_words(q, tokens, topic)
    assert "代理" in words and not {"比例", "各地", "行政复议"} & set(words)
    # "…又去法院起诉的，各地占多大比例": the clause before says what the share is of
    assert "起诉" in C.share_words(normalize("复议完了又去法院起诉的，各地占多大比例？"), tokens, topic)
    item = C.ReportItem("a.txt", "甲县", 2021, "年度报告", None, "成效")
    item.sentences = [C.PickedSentence(None, 0, 0, "全年审结行政复议案件86件，直接纠错率12.8%。", (), False, 1.0)]
    said = normalize("全年审结行政复议案件86件，直接纠错率12.8%。")
    assert C.share_unsaid(q, ("代理", "律师"), [item], [said]) == "代理"
    assert C.share_unsaid(q, ("代理",), [item], [normalize("申请人委托律师代理的占31.5%。")]) is None
    # a change's size is no share; how it was done asked as well: the sentences answer
    assert C.share_unsaid(q, ("代理",), [item], [normalize("律师代理案件同比增长12%。")]) == "代理"
    assert C.share_unsaid(normalize("各地怎么做的，律师代理的比例多高？"), ("代理",), [item], [said]) is None


def test_a_rate_is_said_on_the_topic_or_in_full():
    item = C.ReportItem("a.txt", "甲县", 2021, "年度报告", None, "成效")
    item.sentences = [C.PickedSentence(None, 0, 0, "全年受理行政复议申请287件。", (), False, 1.0)]
    q = normalize("各地行政复议申请人对复议结果的满意度是多少？")
    rates, topic = C.rates_named(q), ("行政复议",)
    # the satisfaction with law enforcement is not that with review decisions
    other = normalize("开展行政执法满意度第三方测评，群众满意度达96.1%。")
    assert C.rate_unsaid(q, rates, [item], [other], topic) == "满意度"
    assert C.rate_unsaid(q, rates, [item], [normalize("行政复议申请人满意度达96.1%。")], topic) is None
    # "人民调解成功率" said as "调解成功率98.4%" in a sentence that does not say 人民调解
    q = normalize("各地人民调解成功率实际达到多少？")
    said = normalize("全年排查矛盾纠纷4862件，调解成功率98.4%。")
    assert C.rate_unsaid(q, C.rates_named(q), [item], [said], ("人民调解",)) is None


@pytest.mark.parametrize(
    "question, said",
    [
        ("各地行政复议案件中涉税案件占多大比例？", "问题所问的这一部分"),  # a part no report names
        # a marked instance none names, now said as a word no report writes (absent_measure reads the clause)
        ("各地行政诉讼案件里被二审改判的有多少件？", "“二审”"),
    ],
)
def test_a_figure_no_report_gives_for_a_part_or_instance_ends_the_comparison(pipe, question, said):
    result = pipe.compare(question)
    assert result is not None and not result.items and not result.figures
    assert said in result.note
    # the set itself, asked without the part, is compared as before
    whole = pipe.compare("各地行政复议案件有多少件？")
    assert whole is None or whole.items or whole.figures


def test_the_reports_a_question_counts_are_where_it_looks():
    from qa.retrieval.query import source_kind, source_words

    # the reports counted and the verb that says they say it: routing, not what is asked
    assert source_words("几份年度报告披露的行政复议调解和解率分别是多少？") == ("几份年度报告", "披露")
    assert source_words("几份材料里披露的行政复议纠错率各是多少？") == ("几份材料", "披露")
    assert source_kind("几份年度报告披露的行政复议调解和解率分别是多少？", titled=False) == "年度报告"
    assert source_words("哪些报告给出了败诉率？") == ("哪些报告",)


def test_a_kind_of_document_asked_is_specific_and_a_frame_word_no_topic():
    # "专门制定了…的工作规定": the reports that issued a 规定 on it, not every report on 出庭应诉
    tokens = ["哪些", "地方", "专门", "制定", "了", "行政机关", "负责人", "出庭应诉", "的", "工作", "规定"]
    q = C.split_topic("哪些地方专门制定了行政机关负责人出庭应诉的工作规定?", TERMS, tokens)
    assert q.primary == ("出庭应诉",) and "规定" in q.specific
    said = C.split_topic("哪些地方出庭应诉率达到100%?", TERMS, ["哪些", "地方", "出庭应诉率", "达到"])
    assert "规定" not in said.specific
    # "（或计划发布）": 计划 says what kind of answer, the weak topic is the rest
    tokens = ["哪些", "地方", "和", "法院", "联合", "发布", "或", "计划", "发布", "行政", "审判", "白皮书"]
    idf = {"计划": 9.0, "白皮书": 8.0, "审判": 7.0}.get
    weak = C.split_topic("哪些地方和法院联合发布(或计划发布)行政审判白皮书?", TERMS, tokens, idf=lambda t: idf(t, 1.0))
    assert weak.weak and weak.topic == (("审判",), ("白皮书",))  # the rarest words but 计划


def test_reports_in_the_plural_make_a_comparison():
    assert C.is_comparative(normalize("几份材料里披露的行政复议纠错率各是多少?"))
    assert C.is_comparative(normalize("这几份报告中出庭应诉率分别是多少?"))
    assert not C.is_comparative(normalize("制发了几份行政复议意见书?"))
