"""The reader and the pipeline on the bundled corpus: typed spans, sentences, lists, not-found."""

from __future__ import annotations

import re

import pytest

from qa.reading import spans
from qa.retrieval.retriever import Filters
from qa.text.normalization import normalize

MARK = re.compile(r"\[(\d+)\]")


def pieces_are_verbatim(answer) -> bool:
    cites = {c.n: c for c in answer.citations}
    for p in answer.pieces:
        c = cites[p.citation].chunk
        if c.text[p.start - c.start : p.end - c.start] != p.text or p.text not in c.text:
            return False
    # The answer string is the pieces, each followed by its marker.
    return answer.answer == "\n".join(f"{p.text}[{p.citation}]" for p in answer.pieces)


@pytest.mark.parametrize(
    "question, expected, region",
    [
        ("元氏县办理了多少件行政复议案件?", "36件", "元氏县"),
        ("元氏县行政机关负责人出庭应诉率是多少?", "100%", "元氏县"),
        # The counted noun follows the count: it is part of the answer.
        ("元氏县一共有多少名法律顾问?", "54名法律顾问", "元氏县"),
        # A bound belongs to the number: "3%以上", not "3%".
        ("元氏县部门内部抽查的市场主体占全部市场主体的比例是多少?", "3%以上", "元氏县"),
        # A deadline keeps its "before".
        ("互助县什么时候前基本建成行政执法协调监督工作体系?", "2024年底前", "互助县"),
        # 常务会议 in the question, 常务会 in the report: most of a long key term is enough.
        ("元氏县政府常务会议学法几次?", "12次", "元氏县"),
        # "多少场" is answered in 场次.
        ("怀化全市搞了多少场防汛转移避险演练?", "4915场次", "怀化市"),
        # money among counts of other things in one sentence (54场、63334人、30.346万、970套)
        ("元氏县2021年各类应急演练一共花了多少钱?", "30.346万", "元氏县"),
        # a duration: 6.9个工作日, not 313个 (审批环节) closer to the question's words
        ("梅河口市审批流程再造以后,平均办事时间缩到了多少天?", "6.9个工作日", "梅河口市"),
        # 瀍河区 for 瀍河回族区: its pieces (河区) are no words the answering sentence must hold
        ("瀍河区如今在岗位上干执法的有多少人?", "229人", "瀍河回族区"),
        # "占多大比例" where the report says 占比82.4%: the share word does not single out the part
        ("怀化市市场监管系统办的处罚案件里,用柔性方式处理的占多大比例?", "82.4%", "怀化市"),
        # "对企业超过10万元和个人超1万元以上处罚": the asked unit counts for a figure with a bound after it
        ("瀍河回族区对个人罚款多少钱以上就要报区法制办备案?", "1万元以上", "瀍河回族区"),
        # the asker's examples of the kind (约谈、警示) are no part the figure's sentence must name
        ("怀化市市场监管部门办的处罚案件里,用约谈、警示这类柔性办法处理的占多大比例?", "82.4%", "怀化市"),
        # a total asked for: the sentence holding most of the question ("县乡两级政府法律顾问已经实现全覆盖")
        # says no figure, "目前共计54名法律顾问" a little further down says the total
        ("元氏县县乡两级政府加上各部门一共配了多少名法律顾问?", "54名法律顾问", "元氏县"),
        # but not when a close sentence gives the asked figure (共计10类、2849项, not the townships' 7类177项)
        ("元氏县政府部门权责清单项目共计多少项?", "10类、2849项", "元氏县"),
        # a count of times: the figure names the act (考试不少于5次), not its object (法律)
        ("互助县要求吃公家饭的人每年至少考几次法律?", "不少于5次", "互助县"),
        # "哪天" with the year said: the year in the answering sentence (元氏县2021年…) does not hide its days
        ("元氏县2021年的抗洪抢险实战演习是哪天开展的?", "6月15日、6月17日", "元氏县"),
        # "本县" points at the county asked for; 〔2016〕 numbers a document, it asks no year
        ("哪个县出台了本县的《行政机关负责人出庭应诉规定》?", "元氏县", "元氏县"),
        ("〔2016〕16号《重大行政决策程序暂行规定》是哪个区制定的?", "瀍河回族区", "瀍河回族区"),
        # what is counted named right by the figure: 5名律师, not 15个乡镇人民政府 ("几个" fits either)
        ("元氏县聘了几个律师担任县政府的法律顾问?", "5名律师", "元氏县"),
        # its total word stands before the classes ("共计10类、2849项"), as in the 乡镇 list's "共计7类177项"
        ("元氏县县政府部门权责清单的清单项目一共有多少项?", "10类、2849项", "元氏县"),
        # "审核清理后公布行政许可57项,…,审核转报52项": 审核 is in the short clause of 52项 but said of
        # 57项 too, so it singles out neither; 行政许可 right before 57项 decides
        # (among the sentence's thirteen counts, the label the question says goes with it: 行政许可57项)
        ("瀍河回族区经过审核清理,公布的行政许可是多少项?", "行政许可57项", "瀍河回族区"),
        # a count of what was cut answers when its clause says the cut ("减少审批环节313个")
        ("梅河口市审批流程再造减少了多少个审批环节?", "313个", "梅河口市"),
    ],
)
def test_typed_spans(pipeline, question, expected, region):
    a = pipeline.ask(question)
    assert a.answer_type == "span"
    assert a.pieces[0].text == expected
    assert a.citations[0].chunk.region == region
    assert pieces_are_verbatim(a)
    assert 0.5 <= a.confidence <= 1.0


def test_date_span(pipeline):
    a = pipeline.ask("元氏县什么时候开展了抗洪抢险桌面推演和实战演习?")
    assert a.answer_type == "span"
    assert a.pieces[0].text == "6月15日、6月17日"
    assert pieces_are_verbatim(a)


def test_descriptive_answer_is_sentences(pipeline):
    a = pipeline.ask("怀化市是怎么加强行政复议应诉工作的?")
    assert a.answer_type == "sentence"
    assert a.citations[0].chunk.region == "怀化市"
    assert "复议" in a.answer
    assert pieces_are_verbatim(a)


def test_terms_match_across_quotation_marks(pipeline):
    # The report writes 行政执法“三项制度”; the question 行政执法三项制度. The section is about the
    # question throughout, so the answer goes on to the measures that do not repeat the term.
    a = pipeline.ask("元氏县如何落实行政执法三项制度?")
    assert a.answer_type == "sentence"
    assert a.citations[0].chunk.region == "元氏县"
    assert "三项制度" in a.answer and "行政执法公示办法" in a.answer
    assert pieces_are_verbatim(a)


def test_heading_that_holds_the_question_vouches_for_its_sentences(pipeline):
    from qa.retrieval.question import question_type

    q = "元氏县法治政府建设存在哪些不足?"
    assert question_type(q) == "descriptive"
    a = pipeline.ask(q)
    assert a.answer is not None and a.citations[0].chunk.region == "元氏县"
    assert any("不足" in h for h in a.citations[0].chunk.section)
    assert pieces_are_verbatim(a)


def test_frame_words_are_not_what_the_question_is_about(pipeline):
    # "有哪些安排" asks for the plan's items; 安排 itself need not be in the answer.
    a = pipeline.ask("互助县2024年在行政复议方面有哪些安排?")
    assert a.answer is not None and "行政复议" in a.answer
    assert a.citations[0].chunk.region == "互助县"
    assert pieces_are_verbatim(a)


def test_work_plan_note_stays_with_its_item(pipeline):
    # Work plans end an item with "(牵头单位:…)": the answer keeps it.
    a = pipeline.ask("互助县行政复议典型案例怎么发布?")
    assert a.answer is not None and "典型案例" in a.answer and "牵头单位:县司法局" in a.answer
    assert pieces_are_verbatim(a)


@pytest.mark.parametrize(
    "question, unit",
    [
        ("互助县发布行政复议典型案例由哪个单位牵头?", "县司法局"),
        ("互助县法治政府建设示范创建由谁牵头?", "县委依法治县办"),  # the note is two sentences on
        ("互助县审批服务改革由哪个部门牵头?", "县审改办、政务服务中心、市场监管局、司法局、发改局"),  # several offices
        # The item's heading ("依法规范信访工作秩序") holds the question; its sentences say little of it.
        ("互助县依法规范信访工作秩序由哪个部门牵头?", "县信访局"),
    ],
)
def test_which_office_leads_a_work_plan_item(pipeline, question, unit):
    a = pipeline.ask(question)
    assert a.answer_type == "span" and a.pieces[0].text == unit
    assert a.citations[0].chunk.region == "互助县"
    assert pieces_are_verbatim(a)


def test_match_terms_anchors_point_into_the_quoted_text():
    from qa.reading.sentences import match_terms
    from qa.retrieval.query import Terms

    text = "深化拓展行政执法“三项制度”。"
    coverage, anchors = match_terms(Terms([("行政执法三项制度",)], [1.0]), text)
    assert coverage == 1.0
    ((s, e, _, _),) = anchors
    assert text[s:e] == "行政执法“三项制度"


def test_list_answer_across_reports(pipeline):
    a = pipeline.ask("哪些地方提到了行政机关负责人出庭应诉?")
    assert a.answer_type == "list"
    regions = {c.chunk.region for c in a.citations}
    assert len(regions) >= 3
    # One item per report: one label per report, over its 1–4 cited sentences.
    n_reports = len({c.chunk.doc_id for c in a.citations})
    assert len({p.label for p in a.pieces}) == n_reports
    assert all(p.label and any(r in p.label for r in regions) for p in a.pieces)
    assert pieces_are_verbatim(a)


@pytest.mark.parametrize("q", ["互助县2023年办理了多少件行政复议案件?", "互助县二〇二三年办理了多少件行政复议案件?"])
def test_region_year_the_corpus_lacks(pipeline, q):
    a = pipeline.ask(q)
    assert a.answer is None and a.answer_type == "none"
    assert "2024" in a.note and "互助县" in a.note


@pytest.mark.parametrize("k", [3, 5])
def test_a_year_read_wider_shows_the_hits_asked_for(pipeline, k):
    # a year only a later report recounts reads more passages than asked (Settings.recounted_year_reach); the hits
    # shown are still k, the cited ones aside
    q = pipeline.analyse("互助县2023年办理了多少件行政复议案件?")
    assert q.year_of_no_report
    a = pipeline.ask(q, k=k)
    cited = {c.chunk.chunk_id for c in a.citations}
    assert len([h for h in a.hits if h.chunk.chunk_id not in cited]) <= k
    assert [h.rank for h in a.hits][: min(k, len(a.hits))] == sorted(h.rank for h in a.hits)[: min(k, len(a.hits))]


def test_unknown_region(pipeline):
    a = pipeline.ask("长沙市的行政复议案件有多少件?")
    assert a.answer is None
    assert "长沙市" in a.note


def test_place_a_report_mentions_is_searched(pipeline):
    # No report is about 海东市, but the 互助县 plan quotes its rules: answer from it, no "lacks" note.
    a = pipeline.ask("海东市的行政机关负责人出庭应诉工作规则要求出庭应诉率达到多少?")
    assert a.answer is not None and "90%" in a.answer
    assert a.citations[0].chunk.region == "互助县"


def test_place_like_words_are_not_unknown_regions(pipeline):
    # "市区" and "高新区" end like place names but name none: no "the corpus lacks X" note.
    for q in ("在市区开展了哪些普法活动?", "高新区行政执法工作如何开展?"):
        a = pipeline.ask(q)
        assert a.note is None or "语料中没有" not in a.note, (q, a.note)


@pytest.mark.parametrize("q", ["火星基地的氧气储量是多少?", "今天天气怎么样", "asdfgh qwerty"])
def test_nonsense_gets_no_answer(pipeline, q):
    a = pipeline.ask(q)
    assert a.answer is None
    assert a.answer_type == "none"
    assert 0.0 <= a.confidence < 0.5


def test_follow_up_question(pipeline):
    first = pipeline.ask("元氏县办理了多少件行政复议案件?")
    follow = pipeline.ask("那怀化呢?", history=[{"question": first.question, "answer": first.answer}])
    assert follow.rewritten_question and "怀化" in follow.rewritten_question
    assert follow.citations and follow.citations[0].chunk.region == "怀化市"


def test_filters_reach_the_reader(pipeline):
    a = pipeline.ask("行政复议", filters=Filters(regions=("梅河口市",)))
    assert all(c.chunk.region == "梅河口市" for c in a.citations)


QUESTIONS = [
    "元氏县办理了多少件行政复议案件?",
    "怀化是怎么推进府院联动的?",
    "哪些地方提到了行政机关负责人出庭应诉?",
    "瀍河回族区法律顾问制度",
    "梅河口市行政审批减少了多少个环节?",
    "互助县2024年在行政复议方面有什么计划?",
    "告知承诺制",
    "行政执法三项制度是怎么落实的",
    "各地的法律顾问工作做得怎么样",
    "元氏县公共法律服务中心有多少个",
    "怀化市行政复议案件数量",
    "重大行政决策合法性审查",
    "政务服务网上办件量",
    "双随机一公开抽查了多少户",
    "普法宣传",
    "疫情防控",
    "安全生产",
    "信访积案化解了多少件",
    "法治政府示范创建",
    "规范性文件备案审查",
]


@pytest.mark.parametrize("q", QUESTIONS)
def test_every_answer_piece_is_verbatim(pipeline, q):
    a = pipeline.ask(q)
    if a.answer is None:
        assert a.answer_type == "none" and not a.pieces
    else:
        assert a.pieces and pieces_are_verbatim(a)
        docs = pipeline.retriever.index.documents
        for p in a.pieces:
            assert docs[next(c for c in a.citations if c.n == p.citation).chunk.doc_id].text[p.start : p.end] == p.text


# 纠错率 is a term of art the 梅河口 report never uses: no answer from its 行政复议 passages.
# 各自 is the rarest word of the second question but everyday wording: it does not block.
@pytest.mark.parametrize(
    "question, answered",
    [
        ("梅河口市行政复议案件的纠错率是多少?", False),
        ("元氏县的乡镇政府各自配了几名法律顾问?", True),
    ],
)
def test_only_terms_of_art_must_be_in_the_answering_passage(pipeline, question, answered):
    a = pipeline.ask(question)
    assert (a.answer is not None) == answered
    if answered:
        assert a.pieces[0].text == "1名法律顾问" and pieces_are_verbatim(a)


def test_counted_noun_stops_at_a_verb_and_at_the_clause():
    from qa.reading.spans import COUNT, with_counted_noun

    for sentence, want in (
        ("选聘了1家律师事务所作为市政府法律顾问单位", "1家律师事务所"),
        ("共出动执法人员200余人次开展专项检查", "200余人次"),
        ("截至目前,我县已办理行政复议案件36件。", "36件"),
        ("对19个乡镇人民政府依法行政情况进行考核", "19个乡镇人民政府"),  # not the whole run of nouns
    ):
        m = COUNT.search(sentence)
        a, b = with_counted_noun(sentence, (m.start(), m.end()))
        assert sentence[a:b] == want


def test_count_in_an_enumeration_of_verb_clauses():
    # Statistics come as "收到…512件,受理468件,审结450件": the verb the question asks about picks the number.
    from qa.reading.sentences import match_terms
    from qa.reading.spans import best_span
    from qa.retrieval.query import Terms

    s = "全年共收到行政复议申请512件,受理468件,审结450件。"
    for verb, want in (("收到", "512件"), ("受理", "468件"), ("审结", "450件")):
        _, anchors = match_terms(Terms([(verb,), ("行政复议",), ("申请",)], [2.0, 2.0, 2.0]), s)
        (a, b), _ = best_span("count", s, anchors, "件")
        assert s[a:b] == want, verb
    # A short clause that names its own object is not an elided one.
    s = "选聘了9名律师作为市政府兼职法律顾问,选聘了1家律师事务所作为市政府法律顾问单位"
    _, anchors = match_terms(Terms([("选聘",), ("律师",), ("兼职",), ("法律顾问",)], [2.0, 2.0, 3.0, 2.0]), s)
    (a, b), _ = best_span("count", s, anchors, "名")
    assert s[a:b] == "9名"


def test_a_parenthesis_listing_clauses_is_a_clause_of_its_own():
    # The report's own sentence (瀍河回族区 2018): the words after the parenthesis belong to both
    # figures, so the qualifier inside it picks one; 村(社区) stays one noun.
    from qa.reading.sentences import match_terms
    from qa.reading.spans import best_span, clause_ids
    from qa.retrieval.query import Terms
    from qa.retrieval.question import question_type

    s = "重大处罚(企业10万元以上,个人1万元以上)向区法制办备案。"
    for who, want in (("企业", "10万元以上"), ("个人", "1万元以上")):
        _, anchors = match_terms(Terms([(who,), ("区法制办",), ("备案",), ("处罚",)], [3.0, 2.0, 2.0, 1.0]), s)
        (a, b), _ = best_span("count", s, anchors, "元")
        assert s[a:b] == want, who
    # The other sentence of that report says it in one clause: the asked unit (元) counts for a figure
    # with a bound after it (1万元以上) as for one without (超过10万元).
    s = "对企业超过10万元和个人超1万元以上处罚,须经区法制办审查备案。"
    _, anchors = match_terms(Terms([("个人",), ("区法制办",), ("备案",)], [3.0, 2.0, 2.0]), s)
    (a, b), _ = best_span("count", s, anchors, "元")
    assert s[a:b] == "1万元以上"
    assert len(set(clause_ids("村(社区)法律服务室212个"))) == 1
    assert question_type("每年考几回法?") == "count"  # 回 is a count's measure word, as 次


@pytest.mark.parametrize(
    "span, asked, fits",
    [
        ("两起", "件", True),  # cases are counted in 件 or 起
        ("15个工作日", "天", True),
        ("557件", "人", True),  # "多少人申请法律援助": one application, one 件
        ("1.5亿元", "元", True),
        ("90%以上", "件", False),
        ("244件", "天", False),
        ("5次", "卷", False),
        ("5位", "份", False),
        ("22个", None, True),  # "多少" alone asks for no unit
        ("22家", "个", True),  # neither does "多少个"
        ("5次", "回", True),  # "考几回" is asked in 次
        ("4915场次", "场", True),  # "多少场演练": 场次 is 场 counted per occasion
        ("22个", "卷", False),  # "多少卷案卷" is not answered by 22个 (of anything)
        ("1项", "件", False),  # "多少件行政裁决案件" is not answered by a list's 行政裁决1项 (a kind of power)
        ("160余项", "件", False),  # nor "办了多少件" by the number of matters that can be done
        ("136件", "项", False),
        ("611条", "项", True),
        ("1.2万余人次", "件", False),  # people served are not matters handled
        ("1745人", "件", True),  # "立案多少件、处分多少人" asks for both
    ],
)
def test_a_count_answers_only_in_a_unit_of_the_asked_kind(span, asked, fits):
    from qa.reading.spans import unit_fits

    assert unit_fits(span, asked) is fits


def test_a_count_after_each_is_no_count(pipeline):
    from qa.reading.spans import candidates

    s = "对每一名普法讲师团成员的主讲方向进行明确,2019年共开展法治讲座75场。"
    assert [s[a:b] for a, b in candidates("count", s)] == ["75场"]
    # "每一名…成员" says "each member": the number of members is not in the report
    assert pipeline.ask("梅河口市“七五”普法讲师团有多少名成员?").answer is None


@pytest.mark.parametrize(
    "question",
    [
        "怀化市的行政复议案件平均多少天能办完?",  # the report counts cases (244件), not days
        "元氏县2021年一共评查了多少卷行政执法案卷?",  # its nearest figure is 5次
        "梅河口市政府请的律师一年出了多少份法律意见书?",  # the report says 5位律师
    ],
)
def test_a_count_in_another_unit_is_not_the_answer(pipeline, question):
    a = pipeline.ask(question)
    assert a.answer is None and a.note.startswith("报告中未找到答案")


def test_a_count_in_a_unit_of_the_same_kind_still_answers(pipeline):
    a = pipeline.ask("瀍河回族区2018年办理了几件行政复议案件?")
    assert a.pieces and a.pieces[0].text.startswith("两起") and pieces_are_verbatim(a)


def test_common_words_are_jiebas_table_cut_at_the_cutoff():
    # The reference: jieba's own TF-IDF keyword extractor reads the whole table.
    from jieba.analyse import default_tfidf

    from qa.text.specificity import CUTOFF, common_words, specificity

    want = {w: v for w, v in default_tfidf.idf_freq.items() if v < CUTOFF}
    assert common_words() == want
    assert specificity("去", 3.0, 7.0, 0.1) == 0.1  # IDF 3.3 in general text
    assert specificity("行政复议", 3.0, 7.0, 0.1) == 1.0  # 9.5: not in the cut table
    assert 0.1 < specificity("经过", 3.0, 7.0, 0.1) < 1.0


def test_everyday_words_weigh_less_than_the_terms_of_a_question(pipeline):
    q = pipeline.analyse("老百姓对元氏县政府的决定不服，去申请行政复议的，一共办了多少件?")
    weight = {alts[0]: w for alts, w in zip(q.terms.terms, q.terms.weights)}
    # The corpus never says 去 between two words, but Chinese at large says it everywhere.
    assert weight["去"] < 0.25 * weight["行政复议"]
    assert weight["不服"] > weight["去"]


def test_a_question_in_everyday_words_is_answered_from_the_reports_words(pipeline):
    # Before the weights took general Chinese into account, 去/决定/办 counted as missing terms
    # and the sentence that answers ("我县已办理行政复议案件36件") fell under the gate.
    a = pipeline.ask("老百姓对元氏县政府的决定不服，去申请行政复议的，一共办了多少件?")
    assert a.pieces and a.pieces[0].text == "36件" and pieces_are_verbatim(a)


@pytest.mark.parametrize(
    "question, place",
    [
        ("石家庄市2021年办理了多少件行政复议案件?", "石家庄市"),  # the corpus has 元氏县, a county of it
        ("洛阳市法治政府建设领导小组组长是谁?", "洛阳市"),  # and 瀍河回族区, a district of 洛阳
        ("湖南省2023年全省一共办理了多少件行政复议案件?", "湖南省"),  # 怀化市's 244件 is not the province's
    ],
)
def test_a_countys_report_does_not_answer_for_its_city(pipeline, question, place):
    a = pipeline.ask(question)
    assert a.answer is None and a.pieces == [] and a.note.startswith(f"语料中没有{place}本级的报告")


@pytest.mark.parametrize(
    "question, answer",
    [
        ("石家庄市元氏县2021年办理了多少件行政复议案件?", "36件"),  # the county named as well
        (
            "海东市出台的负责人出庭应诉工作规则叫什么?",
            "海东市行政机关负责人出庭应诉工作规则",
        ),  # the passage names 海东市
    ],
)
def test_a_city_named_with_its_county_or_in_the_passage_is_answered(pipeline, question, answer):
    a = pipeline.ask(question)
    assert a.answer is not None and answer in a.answer and pieces_are_verbatim(a)


def test_money_questions_ask_for_yuan():
    from qa.reading.spans import asks_unit, unit_fits

    for q in ("法律顾问室每年的经费是多少?", "每年给法律顾问团付多少顾问费?", "投入资金多少?"):
        assert asks_unit(q) == "元", q
    assert asks_unit("免费法律援助办了多少件?") == "件"
    assert not unit_fits("5位", "元") and unit_fits("30万元", "元")
    assert not unit_fits("22起", "份") and unit_fits("136件", "份")  # 起 counts cases, not documents


@pytest.mark.parametrize(
    "sentence, want",
    [
        ("行政机关负责人出庭应诉率不低于90%", "不低于90%"),  # a target keeps its bound, before or after
        ("经行政复议后被提起行政诉讼的案件比例低于30%", "低于30%"),
        ("听证率达到90%以上", "90%以上"),
        ("综合纠错率28.42%", "28.42%"),
    ],
)
def test_a_ratio_keeps_its_bound(sentence, want):
    from qa.reading.spans import RATIO

    assert [m.group() for m in RATIO.finditer(sentence)] == [want]


def test_a_question_for_the_day_is_not_answered_by_a_year():
    from qa.reading.sentences import match_terms
    from qa.reading.spans import asks_day, best_span, candidates
    from qa.retrieval.query import Terms

    assert asks_day("工作要点是哪一天印发的?") and asks_day("落款日期是几月几日?")
    assert not asks_day("哪一年开始推行的?")
    s = "2024年印发《法治政府建设工作要点》"
    assert candidates("date", s)  # a year is a date span ...
    _, anchors = match_terms(Terms([("印发",)], [2.0]), s)
    (a, b), _ = best_span("date", s, anchors)
    assert "月" not in s[a:b]  # ... and it is all this sentence offers


def test_the_reader_refuses_a_year_for_the_day(pipeline):
    # 元氏县's passages name 2021 but not the day its report was signed: a year would look like an answer.
    assert pipeline.ask("元氏县2021年度法治政府建设报告是哪一天印发的?").answer is None
    # 互助县's plan has its date line under the issuer (qa/reading/dated.py).
    assert pipeline.ask("互助县的法治政府建设工作要点是哪一天印发的?").pieces[0].text == "2024年4月22日"
    a = pipeline.ask("互助县的法治政府建设工作要点是哪一年印发的?")
    assert a.pieces and a.pieces[0].text.startswith("2024") and pieces_are_verbatim(a)


def test_how_a_county_did_it_answers_for_its_city_said_as_such(pipeline):
    a = pipeline.ask("石家庄市是怎么推进行政复议工作的?")
    assert a.answer is not None and a.note == "石家庄市本级没有报告；以下答案出自其下辖元氏县的报告。"


@pytest.mark.parametrize(
    "question, part",
    [
        ("元氏县的行政复议案件里有多少件被撤销?", "撤销"),
        ("元氏县的法律顾问当中有多少名公职律师?", "公职律师"),
        ("行政执法人员里面有多少人参加了培训?", "培训"),
        ("元氏县办理了多少件行政复议案件?", None),  # no part of a set
        ("怀化市中级人民法院受理了多少件案件?", None),  # 中 of a name is no localiser
        ("元氏县的行政复议案件中有什么特点?", None),  # not a count
    ],
)
def test_the_part_of_a_set_a_count_asks_for(pipeline, question, part):
    subset = [alts for alts, _ in pipeline.analyse(question).subset]
    assert any(part in alts for alts in subset) if part else not subset  # 被撤销 brings 撤销 and 纠错
    assert not any("件" in alts for alts in subset)  # the unit says nothing of which part


@pytest.mark.parametrize(
    "question, answer",
    [
        ("元氏县的行政复议案件里有多少件被撤销?", None),  # the report gives all the cases (36件) only
        ("元氏县的法律顾问之中有多少名退休法官?", None),  # 54名 counts them all
        ("元氏县的法律顾问当中有多少名公职律师?", "公职律师9名"),  # the part is in the sentence: 其中公职律师9名
    ],
)
def test_a_part_of_a_set_is_not_answered_by_its_total(pipeline, question, answer):
    a = pipeline.ask(question)
    if answer is None:
        assert a.answer is None and a.confidence < 0.5
    else:
        assert a.pieces[0].text == answer and pieces_are_verbatim(a)


@pytest.mark.parametrize("question", ["怀化市执法证的持证率是多少?", "梅河口市的村法律顾问覆盖率有多高?"])
def test_a_figure_question_is_not_answered_by_a_sentence_without_the_figure(pipeline, question):
    # 怀化 gives the number of certificates (14415本), not the share of officers holding one.
    a = pipeline.ask(question)
    assert a.answer is None


@pytest.mark.parametrize(
    "question, rate",
    [
        ("互助县的行政复议按期办结率目标是多少?", "办结率"),
        ("怀化市政府当被告的败诉率是多少?", "败诉率"),
        ("调解的比率是多少?", None),
    ],
)
def test_the_rate_a_share_question_names(pipeline, question, rate):
    assert pipeline.analyse(question).rate == rate


def test_a_share_of_another_rate_is_not_the_answer(pipeline):
    # 互助县's plan sets a target for the 被纠错率 (低于30%) and 出庭应诉率, none for 按期办结率.
    assert pipeline.ask("互助县的行政复议按期办结率目标是多少?").answer is None
    a = pipeline.ask("互助县行政机关负责人出庭应诉率的目标是多少?")
    assert a.pieces and a.pieces[0].text == "不低于90%"


def test_within_a_province_is_a_scope_not_the_province_itself(pipeline):
    a = pipeline.ask("湖南省内哪个县被命名为全省第二批法治政府建设示范县?")
    assert a.pieces and a.pieces[0].text == "辰溪县" and pieces_are_verbatim(a)
    assert pipeline.analyse("吉林省内哪个市成立了政府法律顾问室?").areas_above == ()


@pytest.mark.parametrize(
    "question, place, said",
    [
        # the answering sentence names no county: the report's own place did it, cited where the report names itself
        ("哪个县的法律顾问在一年里出具了50份法律意见书?", "元氏县", "出具法律意见书50份"),
        # ... or where its passage does (梅河口市公共法律服务中心 stands before the sentence)
        ("哪个地方的303个村全都配上了村居法律顾问?", "梅河口市", "303个村配备了村居法律顾问"),
        ("哪个区给公安协勤和网格社工搞了“四同”?", "瀍河回族区", "四同"),
    ],
)
def test_which_place_is_the_reports_own_place(pipeline, question, place, said):
    a = pipeline.ask(question)
    assert a.answer_type == "span" and a.pieces[0].text == place and pieces_are_verbatim(a)
    assert any(said in p.text for p in a.pieces[1:])
    assert {c.chunk.region for c in a.citations} == {place}


def test_which_place_is_never_one_of_another_kind_or_the_askers_own(pipeline):
    # a county's report answers "哪个县", not "哪个乡镇": no township is said
    assert pipeline.ask("哪个乡镇的法律顾问在一年里出具了50份法律意见书?").answer is None
    a = pipeline.ask("除了梅河口市，哪个地方给村配了法律顾问?")
    assert not a.pieces or a.pieces[0].text != "梅河口市"


@pytest.mark.parametrize(
    "question, expected",
    [
        ("元氏县一共有多少名法律顾问?其中公职律师几名?", ["54名法律顾问", "9名"]),
        ("梅河口市审批改革后平均要几个工作日?减少了多少个审批环节?", ["6.9个工作日", "313个"]),
        ("怀化市2023年办理行政复议案件多少件？综合纠错率是多少？", ["244件", "28.42%"]),
    ],
)
def test_a_compound_question_gets_each_of_its_answers(pipeline, question, expected):
    a = pipeline.ask(question)
    assert a.answer_type == "span" and [p.text for p in a.pieces] == expected and pieces_are_verbatim(a)
    assert a.note is None


def test_a_compound_question_says_which_part_is_not_found(pipeline):
    a = pipeline.ask("元氏县一共有多少名法律顾问？给他们花了多少经费？")
    assert [p.text for p in a.pieces] == ["54名法律顾问"] and pieces_are_verbatim(a)
    assert a.note == "问题的这一部分报告中未找到答案：给他们花了多少经费。"


@pytest.mark.parametrize(
    "question, stated",
    [
        ("怀化市2023年244件行政复议案件里维持的有多少件?", {"244件"}),
        ("出庭应诉率从85%提高到了多少?", {"85%"}),
        ("行政执法三项制度落实了多少项?", set()),  # 三项制度 is a name, not a figure the question states
    ],
)
def test_figures_a_question_states(question, stated):
    from qa.reading.spans import stated_figures

    assert stated_figures(question) == stated


def test_a_figure_the_question_states_is_not_its_answer(pipeline):
    # The 244件 are the whole; the report does not say how many of them were upheld.
    a = pipeline.ask("怀化市2023年244件行政复议案件里维持的有多少件?")
    assert a.answer is None
    s = "全年共办理行政复议案件244件,综合纠错率28.42%"
    from qa.reading.spans import best_span

    assert best_span("count", s, [], "件")[0] == (s.index("244件"), s.index("244件") + 4)  # found, then refused


@pytest.mark.parametrize(
    "question, nouns",
    [
        ("怀化市选聘的市政府法律顾问单位是哪家律师事务所?", ("市政府法律顾问单位", "律师事务所")),
        ("元氏县中介超市里入驻的那4家中介机构都叫什么名字?", ("中介机构", "名字")),
        ("元氏县选作示范点的2个乡镇具体是哪两个?", ("乡镇",)),
        ("互助县要打造的“五张名片”分别是哪五张?", ("名片",)),
        ("元氏县办理了多少件行政复议案件?", ()),
    ],
)
def test_the_nouns_whose_names_a_question_asks(question, nouns):
    from qa.retrieval.question import asked_names
    from qa.text.normalization import normalize

    assert asked_names(normalize(question)) == nouns


@pytest.mark.parametrize(
    "sentence, noun, counted",
    [
        ("选聘了1家律师事务所作为市政府法律顾问单位", "律师事务所", True),
        ("聘请区检察院、法院、司法局、2个知名律师事务所主任作为我区法律顾问", "律师事务所", True),
        ("2019年,我市向省司法厅备案规范性文件共计1份", "规范性文件", True),
        ("聘请北京大成律师事务所作为法律顾问单位", "律师事务所", False),  # named
        ("聘请大成、金杜等2家律师事务所", "律师事务所", False),  # 等 sums up the names before it
        ("引导4家中介机构入驻,中介机构名单向社会公布", "中介机构", False),  # once not counted
        ("引导4家中介机构入驻", "律师事务所", False),  # not there at all
        ("与石家庄市绿杰食品公司两家公司签订了生产储备协议", "食品公司", False),  # 两家公司 sums up names
    ],
)
def test_a_sentence_that_only_counts_what_is_asked(sentence, noun, counted):
    from qa.reading.spans import only_counted

    assert only_counted(sentence, noun) is counted


@pytest.mark.parametrize(
    "sentence, noun, unnamed",
    [
        ("5名律师担任县政府法律顾问,15个乡镇人民政府均配备了1名法律顾问", "律师事务所", True),
        ("聘请北京大成律师事务所作为法律顾问单位", "律师事务所", False),
        ("聘请金杜律所作为法律顾问单位", "律师事务所", False),  # the short form: 律所
        ("由各单位法制科做合法性审核", "科室", False),  # a two-character kind: its names need not end in it
        ("由各单位法制科做合法性审核", "中介机构", False),  # 构 does not end a name
    ],
)
def test_a_sentence_that_cannot_name_what_is_asked(sentence, noun, unnamed):
    from qa.reading.spans import names_none

    assert names_none(sentence, noun) is unnamed


@pytest.mark.parametrize(
    "question",
    [
        "元氏县选聘了哪家律师事务所作为县政府法律顾问单位?",  # its sentence on lawyers names no 律师事务所
        "怀化市选聘的市政府法律顾问单位是哪家律师事务所?",  # "选聘了1家律师事务所": how many, not which
        "元氏县中介超市里入驻的那4家中介机构都叫什么名字?",
        "梅河口市法律顾问室聘请的5位律师分别叫什么?",
        "怀化市政府的兼职法律顾问都出自哪些律师事务所?",  # "选聘了1家律师事务所"
        "梅河口市请来当经济顾问的是哪几位专家?",  # "聘请国内知名专家学者", "相关专家、法律专家": no one named
        "元氏县公职律师都在哪些部门?",  # "其中公职律师9名": no office named
    ],
)
def test_a_sentence_that_counts_what_is_asked_does_not_name_it(pipeline, question):
    a = pipeline.ask(question)
    assert a.answer is None and a.note.startswith("报告中未找到答案")


def test_respectively_within_one_named_place_is_not_a_list(pipeline):
    q = "梅河口市评选市树市花,最后推荐的候选市树和候选市花分别是什么?"
    assert pipeline.analyse(q).kind == "fact"
    assert pipeline.analyse("元氏县和怀化市分别办理了多少件行政复议案件?").kind == "list"
    assert pipeline.analyse("各地的行政复议案件分别有多少件?").kind == "list"
    a = pipeline.ask(q)
    assert "红松" in a.answer and "榆叶梅" in a.answer and pieces_are_verbatim(a)


@pytest.mark.parametrize(
    "question, place",
    [
        ("正定县2021年办理了多少件行政复议案件?", "正定县"),  # beside 元氏县, named in its report
        ("辰溪县2023年办理了多少件行政复议案件?", "辰溪县"),  # a county of 怀化市: 244件 is the city's
        # the city named too: the county is asked ("怀化市辰溪县"), and 32件 is still the city's
        ("怀化市辰溪县2023年办理了多少件行政复议案件?", "辰溪县"),
        # a district the place-name pattern takes for the word 城区: the gazetteer knows it
        ("鹤城区2023年办理行政应诉案件多少件?", "鹤城区"),
        ("怀化市鹤城区2023年办理行政应诉案件多少件?", "鹤城区"),
        # beside a county with a report (元氏县, 石家庄市), though no report names it: its 800余个 is 元氏's
        ("藁城区2021年换发了多少个行政执法证件?", "藁城区"),
        ("平安区2024年法治政府建设工作要点对负责人出庭应诉率有什么要求？", "平安区"),  # beside 互助县 (海东市)
    ],
)
def test_a_report_does_not_answer_for_a_place_beside_or_below_it(pipeline, question, place):
    q = pipeline.analyse(question)
    assert q.places_elsewhere == (place,)
    a = pipeline.ask(question)
    assert a.answer is None and a.pieces == [] and a.note.startswith(f"语料中没有{place}的报告")


def test_the_city_itself_is_still_answered(pipeline):
    q = pipeline.analyse("怀化市2023年办理行政应诉案件多少件?")
    assert q.places_below == () and q.places_elsewhere == ()
    assert "32件" in pipeline.ask("怀化市2023年办理行政应诉案件多少件?").answer
    # a district name that names two districts (新城区) is too often the word: not taken for a place
    assert pipeline.analyse("怀化市新城区建设用地有多少?").places_below == ()


def test_a_year_the_report_speaks_of_only_in_its_plans_is_not_answered_with_its_own_years_figure(pipeline):
    # 梅河口's 2019 report has a section "四、2020年推进法治政府建设的主要安排": the corpus covers 2020 there, but
    # 404项 stands under "一、2019年法治政府建设的主要举措和成效"
    question = "梅河口市2020年行政许可事项有多少项?"
    assert pipeline.analyse(question).coverage_note is None
    a = pipeline.ask(question)
    assert a.answer is None and a.pieces == [] and "梅河口市2019年" in a.note and "2020年" in a.note
    assert "404项" in pipeline.ask("梅河口市2019年行政许可事项有多少项?").answer
    # the plan section itself is of 2020; an event a report recounts names its year in the sentence
    plans = pipeline.ask("梅河口市2020年要做好哪些工作?")
    assert plans.answer is not None and all("2020年" in " ".join(c.chunk.section) for c in plans.citations)
    event = pipeline.ask("瀍河回族区2016年出台的重大行政决策程序文件叫什么名字？")
    assert event.answer is not None and "2016年" in event.answer and pieces_are_verbatim(event)


def test_a_place_beside_the_reports_is_answered_where_its_sentence_names_it(pipeline):
    a = pipeline.ask("辰溪县被命名为什么?")
    assert a.answer is not None and "辰溪县" in a.answer and pieces_are_verbatim(a)


def test_a_place_in_a_documents_title_is_not_the_subject(pipeline):
    # 互助县's plan cites 《海东市行政机关负责人出庭应诉工作规则》: the city's own figures are not in it.
    a = pipeline.ask("海东市行政机关负责人出庭应诉率要达到多少?")  # 互助县's 不低于90%, beside that title
    assert a.answer is None and a.note.startswith("语料中没有海东市本级的报告")


def test_a_count_of_times_is_not_a_count_of_cases():
    from qa.reading.spans import unit_fits

    assert not unit_fits("1次", "件")  # 次 is in 人次's class only as part of 人次
    assert unit_fits("200人次", "人") and unit_fits("3场", "次")


@pytest.mark.parametrize(
    "question, term",
    [
        ("怀化市的“三集”审批机制，“三集”具体指的是什么?", "三集"),
        ("瀍河回族区“1211推进机制”里的“一平台”具体是什么平台?", "一平台"),
        ("“1+4+N”应急预案体系是指什么?", "1+4+N"),
        ("三项制度是什么?", None),  # nothing quoted
        ("元氏县推行了“一案三推动”吗?", None),  # not what it means
    ],
)
def test_the_quoted_name_whose_meaning_is_asked(question, term):
    from qa.retrieval.question import defined_term
    from qa.text.normalization import normalize

    assert defined_term(normalize(question)) == term


@pytest.mark.parametrize(
    "sentence, term, explained",
    [
        ("进一步完善“1+4+N”(突发事件总体应急预案+自然灾害)应急预案编修工作", "1+4+N", True),
        ("推行“721”工作法,即70%的问题用服务手段解决", "721", True),
        ("推行执法公示、执法全过程记录、重大执法决定法制审核三项制度的落实", "三项制度", True),
        ("创新行政执法方式,推行包容审慎精准执法,推行“721”工作法。", "721", False),
        ("全面深化“三集”审批机制,政府投资项目审批时间压缩到6个工作日", "三集", False),
    ],
)
def test_a_sentence_that_says_what_a_name_stands_for(sentence, term, explained):
    from qa.reading.spans import explains

    assert explains(sentence, term) is explained


@pytest.mark.parametrize(
    "question", ["元氏县推行的“721”工作法具体是指什么?", "怀化市的“三集”审批机制，“三集”具体指的是什么?"]
)
def test_a_sentence_that_only_uses_a_name_does_not_define_it(pipeline, question):
    a = pipeline.ask(question)
    assert a.answer is None and a.note.startswith("报告中未找到答案")


def test_a_sentence_that_spells_a_name_out_answers_what_it_means(pipeline):
    a = pipeline.ask("怀化市的“1+4+N”应急预案具体是指什么?")
    assert a.answer is not None and "突发事件总体应急预案" in a.answer and pieces_are_verbatim(a)


@pytest.mark.parametrize(
    "sentence, span",
    [
        ("查获“白板肉”3900余公斤", "3900余公斤"),  # not 3900余: the measure belongs to the count
        ("推出“一件事一次办”套餐服务,覆盖27种业态", "27种"),
        ("清单项目共计10类、2849项", "10类"),
        ("建成面积1200平方米的服务中心", "1200平方米"),
    ],
)
def test_measures_of_several_characters_end_a_count(sentence, span):
    from qa.reading.spans import candidates

    assert span in [sentence[a:b] for a, b in candidates("count", sentence)]


def test_a_count_asked_in_a_unit_answers_with_it(pipeline):
    a = pipeline.ask("元氏县权责清单的清单项目一共是多少项?")
    assert a.pieces and a.pieces[0].text.endswith("2849项") and pieces_are_verbatim(a)  # 10类、2849项


def test_a_sentence_holding_most_of_the_question_answers_despite_a_low_score(pipeline):
    # "引导4家中介机构入驻" holds 中介机构 and 中介超市 (coverage 0.71) but its passage ranks low and the
    # embedding finds it far from the question: its score alone fell under the gate.
    from qa.settings import ReaderSettings

    assert ReaderSettings().sure_coverage <= 0.71
    a = pipeline.ask("元氏县有几家中介机构进驻了中介超市?")
    assert a.pieces and a.pieces[0].text.startswith("4家") and a.confidence >= ReaderSettings().min_confidence


@pytest.mark.parametrize(
    "question, counted",
    [
        ("瀍河回族区取消了多少项行政许可事项?", ("行政许可",)),
        ("瀍河区理清了多少个部门的职责?", ("部门", "职责")),  # the noun after the count or after 的
        ("元氏县换发了多少个新的执法证?", ("执法证", "行政执法证件", "持证")),  # with its official terms
        ("元氏县在村里设了多少个给老百姓提供法律服务的站点?", ()),  # 站点: a word the reports never use
        ("元氏县每年拿出多少钱给法律顾问?", ()),  # money is not a counted thing
        ("元氏县办理了多少件?", ()),
        ("元氏县有多少个村配备了村(居)法律顾问?", ("村",)),  # a village, not the verb after it
        ("元氏县有多少个村民小组?", ("村民",)),  # 村民 is a word of its own
        ("元氏县行政复议纠错率是多少?", ()),  # not a count
    ],
)
def test_what_a_count_question_counts(pipeline, question, counted):
    assert pipeline.analyse(question).counted == counted


def test_a_figure_counts_what_its_clauses_name():
    from qa.reading.spans import counts_asked

    s = "严格落实执法人员持证上岗制度,把好行政执法人员资格准入关,发放了行政执法证共计14415本。开展执法人员培训"
    span = (s.index("14415本"), s.index("14415本") + 6)
    assert counts_asked(s, span, ("上岗证件",)) and counts_asked(s, span, ("执法证",))
    assert not counts_asked(s, span, ("法律援助",))
    # a list's 、 does not end the clause, a comma three clauses back does
    s = "严厉打击制假售假行为,取缔“黑工厂”、“黑窝点”、“黑作坊”5家,开展检查12次"
    assert counts_asked(s, (s.index("5家"), s.index("5家") + 2), ("黑工厂",))
    s = "取缔黑工厂5家,开展检查12次,约谈企业8家,组织培训3场"
    assert counts_asked(s, (s.index("8家"), s.index("8家") + 2), ("黑工厂",))  # two clauses back
    assert not counts_asked(s, (s.index("3场"), s.index("3场") + 2), ("黑工厂",))  # three are too far


def test_a_figure_dated_to_another_year_does_not_answer_for_the_asked_one(pipeline):
    from qa.reading.spans import other_year

    s = "调整充实了普法讲师团成员,2019年共开展法治讲座75场。"
    span = (s.index("75场"), s.index("75场") + 3)
    assert other_year(s, span, 2020) and not other_year(s, span, 2019)
    assert not other_year("共开展法治讲座75场", (7, 10), 2020)  # no year said: the report's own
    assert pipeline.ask("梅河口市2019年共开展法治讲座多少场?").answer == "75场[1]"
    a = pipeline.ask("梅河口市2020年共开展法治讲座多少场?")  # the 2019 report plans 2020 but gives no count
    assert a.answer is None


def test_a_count_of_something_else_does_not_answer(pipeline):
    # 1000份民意调查问卷 were handed out: how many came back valid is not said
    assert pipeline.ask("梅河口市评选市树市花时发放了多少份民意调查问卷?").answer is not None
    assert pipeline.ask("梅河口市评选市树市花时收回了多少份有效问卷?").answer is None
    # 5位律师 are the legal advisers: no economic advisers are counted
    assert pipeline.ask("梅河口市政府聘请了几位律师担任法律顾问?").answer is not None
    assert pipeline.ask("梅河口市政府聘请了几位经济顾问?").answer is None


def test_cases_are_not_counted_in_items(pipeline):
    # "行政裁决1项" lists a kind of power the district holds, not cases it handled
    assert pipeline.ask("瀍河回族区2018年办理了多少件行政裁决案件?").answer is None
    assert pipeline.ask("瀍河回族区审核清理后公布行政裁决多少项?").answer == "1项[1]"
    assert pipeline.ask("怀化市通过“湘易办”平台解答了多少件法律咨询?").answer is None  # 1.2万余人次 were received
    assert pipeline.ask("怀化市共接待群众法律咨询多少人次?").answer == "1.2万余人次[1]"


def test_a_figure_that_names_another_thing_does_not_answer(pipeline):
    from qa.reading.spans import counts_other

    assert counts_other("许可项目", ("证明",)) and not counts_other("许可项目", ("许可",))
    assert counts_other("许可项目", ("证明事项",))  # they share only the counter 项
    assert not counts_other("律师", ("法律顾问",))  # one character shared: it may be the same people
    assert not counts_other("", ("证明",)) and not counts_other("件", ("证明",))  # no noun named
    # "取消…10项许可项目" in a sentence that also says 证明: the figure counts permits, not certificates
    assert pipeline.ask("梅河口市一共取消了多少项证明事项?").answer is None
    assert pipeline.ask("梅河口市取消了多少项许可项目?").answer == "10项许可项目[1]"
    # 15个乡镇人民政府 each have an adviser; how many villages do is not said, nor counted by 4个村 (示范点)
    assert pipeline.ask("元氏县有多少个村配备了村(居)法律顾问?").answer is None
    assert pipeline.ask("元氏县选取了几个村作为公共法律服务中心示范点?").answer == "4个村[1]"


def test_a_which_place_question_is_answered_by_a_place_of_the_asked_kind(pipeline):
    assert pipeline.ask("元氏县推荐哪个镇参加了省里的法治政府示范创建?").answer == "南因镇[1]"
    # the sentences on 立法联系点 and on the flood drill name no 乡; 元氏县 is a county, not one
    assert pipeline.ask("互助县的基层立法联系点放在哪个乡?").answer is None
    a = pipeline.ask("元氏县抗洪抢险演练是在哪个乡搞的?")
    assert a.answer is None or "元氏县" not in a.answer


def test_the_kind_of_a_place_name():
    from qa.reading.places import of_kind

    assert of_kind("元氏县", "县") and of_kind("元氏县", None) and of_kind("南因镇", "乡镇")
    assert not of_kind("元氏县", "乡") and not of_kind("怀化市", "县") and not of_kind("南因镇", "村")


def test_a_size_is_answered_only_by_a_sentence_with_a_figure(pipeline):
    # the report says the 复议场所 was built, not how large it is
    assert pipeline.ask("怀化市的行政复议场所建了多大面积?").answer is None


def test_a_document_is_named_by_its_title(pipeline):
    # 备案规范性文件1件 counts the document without naming it; 《元氏县重大行政决策程序暂行办法》 names one
    assert pipeline.ask("梅河口市向省司法厅备案的规范性文件是哪一个文件?").answer is None
    a = pipeline.ask("元氏县出台的重大行政决策程序方面的暂行办法叫什么名字?")
    assert a.answer is not None and "《元氏县重大行政决策程序暂行办法》" in a.answer and pieces_are_verbatim(a)


def test_money_in_wan_without_yuan_answers_a_money_question(pipeline):
    from qa.reading.spans import money_in_wan

    s = "共演练54场,参与人数63334人,投入资金30.346万,投入装备970套。"
    span = (s.index("30.346万"), s.index("30.346万") + len("30.346万"))
    assert money_in_wan(s, span, "元") and not money_in_wan(s, span, "人")
    assert not money_in_wan("参与人数6.3万,", (4, 8), "元")  # 万 people, not money
    assert pipeline.ask("元氏县今年各类应急演练一共投入了多少钱?").answer == "30.346万[1]"


@pytest.mark.parametrize(
    "question, side",
    [
        ("审批流程再造之前,办一件事平均要多少个工作日?", "old"),
        ("平均办理时限缩短到了多少个工作日?", "new"),
        ("再造以后平均办理时限是多少个工作日?", "new"),
        ("平均办理时限是多少个工作日?", None),
    ],
)
def test_which_end_of_a_change_a_question_asks(question, side):
    from qa.reading.spans import asks_change

    assert asks_change(normalize(question)) == side


def test_the_ends_of_a_change_in_a_sentence():
    from qa.reading.spans import change_side

    sent = "平均办理时限由20.2个工作日缩短到6.9个工作日,减少审批环节313个。"
    sides = {sent[s:e]: change_side(sent, (s, e)) for s, e in spans.candidates("count", sent)}
    assert sides == {"20.2个工作日": "old", "6.9个工作日": "new", "313个": None}


@pytest.mark.parametrize(
    "question, answer",
    [
        ("梅河口市审批流程再造之前,平均办理时限是多少个工作日?", "20.2个工作日"),
        ("梅河口市审批平均办理时限缩短到了多少个工作日?", "6.9个工作日"),
    ],
)
def test_a_change_answers_with_the_asked_end(pipeline, question, answer):
    a = pipeline.ask(question)
    assert a.pieces and a.pieces[0].text == answer and pieces_are_verbatim(a)


def test_the_part_named_in_a_figures_own_clause(pipeline):
    # "…证明事项共822项,其中市本级63项": the part asked for is the figure its own clause names.
    a = pipeline.ask("怀化市能用告知承诺制办理的涉企许可和证明事项中,市本级有多少项?")
    assert a.pieces and a.pieces[0].text == "市本级63项" and pieces_are_verbatim(a)  # with the label asked
    a = pipeline.ask("怀化市告知承诺制办理的涉企经营许可和证明事项共有多少项?")
    assert a.pieces and a.pieces[0].text == "822项"


@pytest.mark.parametrize(
    "question, answer",
    [
        # "一是政府投资类38个工作日、社会投资核准类32个工作日、社会投资备案类30个工作日": the sentence lacks
        # 审批时限, yet each figure's label is said in the question as it stands in the report.
        ("在元氏县,社会投资备案类项目的审批时限是多少个工作日?", "30个工作日"),
        ("元氏县政府投资类项目审批时限是多少个工作日?", "38个工作日"),
        ("元氏县社会投资核准类项目审批要多少个工作日?", "32个工作日"),
    ],
)
def test_a_figure_named_by_its_label(pipeline, question, answer):
    a = pipeline.ask(question)
    assert a.pieces and a.pieces[0].text == answer and pieces_are_verbatim(a)


def test_a_label_needs_the_asked_unit(pipeline):
    query = pipeline.analyse("元氏县社会投资备案类项目有多少件?")
    sent = normalize("一是政府投资类38个工作日、社会投资核准类32个工作日、社会投资备案类30个工作日。")
    assert not spans.labelled(query, sent)  # 件 asked, 工作日 given
    assert spans.labelled(pipeline.analyse("社会投资备案类项目要多少个工作日?"), sent)


@pytest.mark.parametrize(
    "question, answer",
    [
        ("怀化市政府行政诉讼输的比例是多少?", "4.55%"),  # 输的比例 → 败诉率
        ("怀化市2023年执法案卷评查挑出了多少个毛病?", "117个"),  # 毛病 → 问题
        ("元氏县的一把手亲自化解了多少件信访积案?", "20余件"),  # 一把手 → 主要负责人
        ("怀化市2023年行政复议把错的纠正过来的比例有多高?", "28.42%"),  # 纠正 → 纠错 (综合纠错率)
        ("元氏县“百事通”窗口给多少种行业推出了“套餐”式办理？", "27种业态"),  # 行业 → 业态
        ("梅河口市2019年把多少项办事服务录进了系统？", "890项"),  # 办事服务 → 政务服务事项
        ("瀍河回族区现在一线干执法的有多少人？", "229人"),  # 一线干执法 → 在岗执法(人员)
        ("元氏县政府开常务会之前先学法律,2021年一共学了几回?", "12次"),  # 学法律 → 学法 (会前学法12次)
        ("元氏县2021年群众对政府决定不服、申请上级复查的案子，县里一共办了多少件？", "36件"),  # 上级复查 → 行政复议
        ("互助县希望复议完了还去法院起诉的案子占比控制在多少以下?", "低于30%"),  # 法院起诉 → 行政诉讼
    ],
)
def test_everyday_words_of_the_term_table(pipeline, question, answer):
    a = pipeline.ask(question)
    assert a.pieces and a.pieces[0].text.startswith(answer) and pieces_are_verbatim(a)


def test_class_hours_are_study_hours():
    assert spans.unit_hint(normalize("每年要学满多少课时?")) == "课时"
    assert spans.unit_fits("40学时", "课时") and not spans.unit_fits("40人", "课时")


def test_a_count_of_individuals_asks_for_people():
    assert spans.unit_hint(normalize("互助县打算请多少个人来当执法监督员？")) == "人"
    assert spans.unit_hint(normalize("成立了几个人民调解委员会?")) == "个"  # 个 + 人民…, not people
    assert not spans.unit_fits("1次", spans.unit_hint(normalize("请多少个人来当监督员?")))


def test_a_rare_measure_asked_is_answered_only_in_that_measure(pipeline):
    assert spans.unit_hint(normalize("一共投了多少票?")) == "票"
    assert not spans.unit_fits("1000份", "票") and spans.unit_fits("300票", "票")
    # 梅河口's report counts questionnaires handed out (1000份), not votes
    assert pipeline.ask("梅河口市选市花时,市民总共投出了多少票?").answer is None


def test_lawsuits_fought_are_counted_as_cases(pipeline):
    assert spans.unit_hint(normalize("打了多少场官司?")) == "起"
    assert spans.unit_hint(normalize("开了多少场听证会?")) == "场"  # hearings stay meetings
    a = pipeline.ask("瀍河区法律顾问团这一年代理政府打了几场官司?")
    assert a.pieces and a.pieces[0].text == "22起"


def test_a_demonstrative_several_is_not_the_unit_asked(pipeline):
    assert spans.unit_hint(normalize("那几支队伍总共有多少人?")) == spans.HEADCOUNT
    a = pipeline.ask("元氏县疫情防控的那几支队伍,总共有多少人?")
    assert a.pieces and a.pieces[0].text == "4813人"


def test_certificates_asked_by_the_book_are_counted_by_the_piece(pipeline):
    assert spans.unit_fits("800余个", "本") and not spans.unit_fits("800余个", "份")  # one way, 本 only
    a = pipeline.ask("元氏县给执法人员换了多少本新式执法证？")  # "换发新式行政执法证件800余个"
    assert a.answer_type == "span" and a.pieces[0].text == "800余个" and pieces_are_verbatim(a)


def test_the_heading_over_a_figure_may_say_what_it_counts(pipeline):
    # 元氏: under "二是强化县、乡、村、企四级多种类应急演练", "…企事业单位共演练54场": the sentence never says 应急
    a = pipeline.ask("元氏县2021年政府、部门、队伍和企事业单位一共搞了多少场应急演练？")
    assert a.answer_type == "span" and a.pieces[0].text.endswith("54场") and pieces_are_verbatim(a)


def test_places_counted_by_their_levels():
    sent = "与福建泉州、湖北仙桃等17省72市(区)达成“跨省通办”合作共识,推进160余项高频事项“跨省通办”。"
    assert [sent[a:b] for a, b in spans.candidates("count", sent)] == ["17省72市(区)", "160余项"]
    assert [sent[a:b] for a, b in spans.candidates("count", "全省3市完成了试点")] == []  # one level: no count


def test_a_one_character_place_noun_stays_with_its_count():
    sent = "全市303个村配备了村居法律顾问,实现了全覆盖。"
    a, b = spans.with_counted_noun(sent, (2, 6))
    assert sent[a:b] == "303个村"


def test_how_many_provinces_and_cities(pipeline):
    a = pipeline.ask("怀化市和多少个省市达成了跨省通办合作?")
    assert a.pieces and a.pieces[0].text == "17省72市(区)" and pieces_are_verbatim(a)


@pytest.mark.parametrize(
    "question",
    [
        "怀化市“市长热线”群众满意率是多少?",  # 满意率 100% is said of 人大代表建议, not of a 市长热线
        "瀍河区政府常务会议2018年实际组织学法了几次?",  # "每年不少于4次" is the rule, not what was done
        "元氏县给政府法律顾问每年付多少报酬?",  # money, not a count of advisers
    ],
)
def test_a_figure_of_something_close_does_not_answer(pipeline, question):
    assert pipeline.ask(question).answer is None


def test_a_rule_answers_when_the_rule_is_asked(pipeline):
    a = pipeline.ask("瀍河区政府常务会议每年至少要学法几次?")
    assert a.answer is not None and "不少于4次" in a.answer


@pytest.mark.parametrize(
    "question, answer",
    [
        ("怀化市通过“湘易办”等平台办理了多少件法律援助案件?", "5900件"),  # the passage holds the quoted name
        ("互助县“完善突发事件应对制度”这一条由哪个部门牵头?", "县应急管理局"),  # the item that holds it answers
        # quotes no report holds are the asker's own words (“打包办” for 套餐): they limit nothing
        ("元氏县给饭店、理发店这类开店的人推出的“打包办”服务,一共覆盖多少种行当?", "27种"),
    ],
)
def test_a_quoted_name_picks_the_passages_that_hold_it(pipeline, question, answer):
    a = pipeline.ask(question)
    assert a.answer is not None and answer in a.answer


def test_a_count_of_classes_goes_with_the_count_of_items():
    s = normalize("我县乡镇权责清单已经编制完成并通过审核,共计7类177项,在县政府门户网站同步公示")
    start = s.index("177项")
    assert s[slice(*spans.with_classes(s, (start, start + 4)))] == "7类177项"
    s = normalize("选取了2个乡镇和4个村作为示范点")
    start = s.index("4个")
    assert spans.with_classes(s, (start, start + 2)) == (start, start + 2)  # not a count of classes


@pytest.mark.parametrize(
    "question",
    [
        # the reports count what was 梳理 (822项) or 备案审查 (81件), not what was removed: not found
        # (a count of what was cut, 减少审批环节313个, is among the typed spans above)
        "怀化市那年一共取消了多少项证明事项?",
        "怀化市废止了几件规范性文件?",
        # what was lost: 瀍河's 17起 counts disputes 引导通过法律途径化解, 怀化's 32件 every case it answered in court
        "瀍河回族区2018年政府当被告的行政官司输了几起?",
        "怀化市2023年市政府行政应诉案件败诉了几件?",
    ],
)
def test_a_count_of_what_was_removed_is_not_one_of_what_was_handled(pipeline, question):
    a = pipeline.ask(question)
    assert a.answer_type != "span" and a.answer is None


def test_the_share_of_what_was_lost_is_answered(pipeline):
    # "败诉率仅4.55%": the clause says what was lost; "输掉的比例" is the everyday word for it
    a = pipeline.ask("怀化市政府2023年打行政官司输掉的比例是多少？")
    assert a.answer_type == "span" and a.pieces[0].text == "4.55%" and pieces_are_verbatim(a)


@pytest.mark.parametrize(
    "question, outcome",
    [
        ("怀化市那年一共取消了多少项证明事项?", "取消"),
        ("瀍河回族区政府当被告的行政官司输了几起?", "输"),
        ("打行政官司输掉的比例是多少?", "输"),
        ("怀化市2023年办理了多少件行政复议案件?", None),
    ],
)
def test_the_outcome_a_figure_is_asked_of(question, outcome):
    found = spans.asked_outcome(normalize(question))
    assert (found.search(normalize(question)).group(0) if found else None) == outcome


def test_the_noun_by_a_figure_says_what_it_counts():
    from qa.reading.spans import names_counted

    s = "5名律师担任县政府法律顾问,15个乡镇人民政府均配备了1名法律顾问。"
    assert names_counted(s, (0, 2), ("律师",))
    assert not names_counted(s, (s.index("15个"), s.index("15个") + 3), ("律师",))
    assert names_counted("其中公职律师9名", (6, 8), ("公职律师",))  # named before it
    assert not names_counted("律师参与,共9名", (6, 8), ("律师",))  # not right by it


def test_an_event_a_later_report_recounts(pipeline):
    # the 2018 report: "2016年,我区出台,《瀍河回族区重大行政决策程序暂行规定》〔2016〕16号"
    a = pipeline.ask("瀍河回族区2016年出台的重大行政决策程序规定叫什么名字?")
    assert a.answer is not None and "《瀍河回族区重大行政决策程序暂行规定》" in a.answer
    assert a.citations[0].chunk.region == "瀍河回族区" and pieces_are_verbatim(a)


def _span_of(sentence: str, figure: str) -> tuple[int, int]:
    start = sentence.index(figure)
    return start, start + len(figure)


@pytest.mark.parametrize(
    "question, sentence, figure, expected",
    [
        # the reports' own sentences: the label the question says, right before a figure among others
        (
            "元氏县的法律顾问当中有几名是公职律师?",
            "目前共计54名法律顾问,其中公职律师9名,其他为专职律师。",
            "9名",
            "公职律师9名",
        ),
        (
            "怀化市告知承诺制办理的事项里市本级有多少项?",
            "梳理告知承诺制办理的涉企经营许可和证明事项共822项,其中市本级63项。",
            "63项",
            "市本级63项",
        ),
        (
            "瀍河回族区权责清单里的行政处罚事项有多少项?",
            "审核清理后公布行政许可57项,行政处罚1010项,行政强制29项。",
            "1010项",
            "行政处罚1010项",
        ),
        # a figure alone in its sentence keeps its short form
        ("元氏县办理了多少件行政复议案件?", "截至目前,我县已办理行政复议案件36件。", "36件", "36件"),
        # a verb right before the figure is no label (共计), nor are words that open the clause (其中)
        (
            "元氏县权责清单项目共计多少项?",
            "清单项目共计10类、2849项,乡镇共计7类177项。",
            "10类、2849项",
            "10类、2849项",
        ),
        # words the question does not say are no label, nor is a word of a longer noun phrase (律师 of 公职律师)
        ("元氏县有几名法律工作者?", "目前共计54名法律顾问,其中公职律师9名,其他为法律工作者。", "9名", "9名"),
        ("元氏县有几名专职律师?", "目前共计54名法律顾问,其中公职律师9名,其他为专职律师。", "9名", "9名"),
        # nor a verb before the counted noun (减少审批环节313个 gives no fragment 环节313个)
        ("梅河口市减少了多少个审批环节?", "减少审批环节313个,平均时限缩短到6.9个工作日。", "313个", "313个"),
    ],
)
def test_a_figure_among_others_keeps_the_label_the_question_says(question, sentence, figure, expected):
    q, s = normalize(question), normalize(sentence)
    a, b = spans.with_label(q, "count", s, _span_of(s, figure))
    assert s[a:b] == expected


@pytest.mark.parametrize(
    "question, expected",
    [
        ("瀍河区罚款罚到多少钱以上就得报区法制办备案?", "企业10万元以上,个人1万元以上"),  # neither label: both
        ("罚企业、罚个人分别罚到多少钱要备案?", "企业10万元以上,个人1万元以上"),  # both labels: both
        ("对企业罚款多少钱以上要备案?", "企业10万元以上"),  # one label: its own clause
        ("对个人罚款多少钱以上要备案?", "个人1万元以上"),
    ],
)
def test_a_parenthesis_of_labelled_figures_is_quoted_for_the_labels_asked(question, expected):
    s = normalize("重大处罚(企业10万元以上,个人1万元以上)向区法制办备案。")
    for figure in ("10万元以上", "1万元以上"):
        start = s.index(figure, s.index("企业") if figure == "10万元以上" else s.index("个人"))
        a, b = spans.with_siblings(normalize(question), "count", s, (start, start + len(figure)), 40)
        assert s[a:b] == expected


def test_a_parenthesis_that_is_not_a_list_of_labelled_figures_is_left_alone():
    q = normalize("有多少件?")
    s = normalize("办理案件(其中行政复议12件,诉讼案件已结)共30件。")  # one clause holds no figure
    start = s.index("12件")
    assert spans.with_siblings(q, "count", s, (start, start + 3), 40) == (start, start + 3)


def test_a_counted_noun_keeps_its_alternate_in_parentheses():
    s = normalize("全市92个党委(党组)和所辖支部利用“e支部”等平台开展了法治宣传教育活动。")
    a, b = spans.with_alternate(s, spans.with_counted_noun(s, (2, 5)), 5)
    assert s[a:b] == "92个党委(党组)"
    s = normalize("共计12件(其中1件已结)")  # no noun taken: the parenthesis is no alternate
    assert spans.with_alternate(s, (2, 5), 5) == (2, 5)


@pytest.mark.parametrize(
    "question, expected",
    [
        ("元氏县的法律顾问当中有几名是公职律师?", "公职律师9名"),
        ("瀍河回族区对企业罚款多少钱以上就要报区法制办备案?", "企业10万元以上"),
        ("梅河口市有多少个党委(党组)用“e支部”等平台搞了法治宣传教育?", "92个党委(党组)"),
    ],
)
def test_labelled_figures_in_the_pipeline(pipeline, question, expected):
    a = pipeline.ask(question)
    assert a.answer_type == "span" and a.pieces[0].text == expected and pieces_are_verbatim(a)


@pytest.mark.parametrize(
    "sentence, figure, expected",
    [
        # 互助's plan: a bound before the verb makes the figure a target, as 不少于5次 is one
        ("每年至少组织1次领导干部旁听庭审活动。", "1次", "至少组织1次"),
        ("年内至少举办2次以上法治专题讲座。", "2次以上", "至少举办2次以上"),
        ("行政执法部门对上年度行政执法案卷至少开展1次评查。", "1次评查", "至少开展1次评查"),
        # no verb between them, or more than a verb: the figure alone
        ("至少县乡两级1次。", "1次", "1次"),
        ("办理行政复议案件36件。", "36件", "36件"),
    ],
)
def test_a_bound_before_the_figures_verb_belongs_to_it(sentence, figure, expected):
    s = normalize(sentence)
    a, b = spans.with_limit(s, _span_of(s, figure))
    assert s[a:b] == expected


def test_a_figure_counted_in_the_next_sentence_of_its_passage(pipeline):
    # 怀化: "…构建破产处置多方协调联动机制。解决…等37个具体问题。": the lead names the mechanism, the next sentence
    # counts what it solved
    from dataclasses import replace

    question = "怀化市企业破产处置府院协调机制解决了多少个具体问题?"
    a = pipeline.ask(question)
    assert a.answer_type == "span" and a.pieces[0].text == "37个具体问题" and pieces_are_verbatim(a)
    settings = pipeline.reader.settings
    pipeline.reader.settings = replace(settings, reader=replace(settings.reader, follow_figure=False))
    try:
        assert pipeline.ask(question).answer is None
    finally:
        pipeline.reader.settings = settings
    # a next sentence that adds only a piece of a term (行政 of 行政诉讼 for 行政调解) does not answer
    assert pipeline.ask("瀍河回族区行政调解一年办了多少件？").answer is None


def test_a_target_keeps_its_bound_in_the_pipeline(pipeline):
    a = pipeline.ask("互助县要求行政执法部门对上年度执法案卷至少评查几次?")
    assert a.answer_type == "span" and a.pieces[0].text.startswith("至少开展1次") and pieces_are_verbatim(a)


@pytest.mark.parametrize(
    "sentence, term, expected",
    [
        # a parenthesis right after the name
        (
            "按照国务院领导干部学法“五落实”(计划、内容、时间、人员、效果)的要求,建立区政府领导集中学法制度。",
            "五落实",
            "计划、内容、时间、人员、效果",
        ),
        # a numbered name: a list of as many items in its clause, before it or after it
        (
            "严格要求各执法单位办理执法案件实行调查、审核、决定三分离制度,行政执法人员一律不得独自办案。",
            "三分离",
            "调查、审核、决定",
        ),
        (
            "印发《关于推行规范性文件三统一制度的通知》对各部门的规范性文件作出统一登记、统一编号、统一发布制度的要求,在新形势下",
            "三统一",
            "统一登记、统一编号、统一发布",
        ),
        (
            "建立健全以“一平台、两抓手、一带动、一考核”“1211推进机制”,行政机关工作人员",
            "1211推进机制",
            "一平台、两抓手、一带动、一考核",
        ),
        # an unnumbered name: the list just before it
        (
            "推行执法公示、执法全过程记录、重大执法决定法制审核三项制度的落实。",
            "三项制度",
            "推行执法公示、执法全过程记录、重大执法决定法制审核",
        ),
        ("进一步完善“三集”审批机制,即集中受理、集中审批、集中办结。", "三集", "集中受理、集中审批、集中办结"),
    ],
)
def test_what_a_quoted_name_stands_for(sentence, term, expected):
    s = normalize(sentence)
    found = spans.definition(s, term)
    assert found is not None and s[found[0] : found[1]] == expected


@pytest.mark.parametrize(
    "sentence, term",
    [
        # one item of a list is a part of the whole, not explained by it
        ("实现党委对法治政府建设的具体化、常态化,建立健全以“一平台、两抓手、一带动、一考核”“1211推进机制”", "两抓手"),
        # a list in another clause, or of another length, says nothing of the name
        ("构建起纵向、横向、环向“三维”调解组织网络,全面落实“三源共治”机制", "三源共治"),
        ("创新行政执法方式,推行包容审慎精准执法,推行“721”工作法", "721"),
        ("全面深化“三集”审批机制,政府投资项目审批时间压缩到6个工作日", "三集"),
        ("落实领导干部学法、用法制度,推行“五落实”", "五落实"),
    ],
)
def test_a_name_the_sentence_does_not_explain(sentence, term):
    assert spans.definition(normalize(sentence), term) is None


def test_a_quoted_names_meaning_is_answered_with_its_list(pipeline):
    a = pipeline.ask("瀍河回族区领导干部学法的“五落实”指哪五个方面？")
    assert a.answer_type == "span" and a.pieces[0].text == "计划、内容、时间、人员、效果" and pieces_are_verbatim(a)
    a = pipeline.ask("梅河口市办执法案件实行的“三分离”是指哪三个环节分开?")
    assert a.answer_type == "span" and a.pieces[0].text == "调查、审核、决定"
    # asked as its members ("是哪五个方面"), the same list
    a = pipeline.ask("瀍河回族区领导干部学法的“五落实”是哪五个方面?")
    assert a.pieces[0].text == "计划、内容、时间、人员、效果"
    # named in a report, explained nowhere: still "not found"
    assert pipeline.ask("元氏县推行的“721”工作法具体指什么?").answer is None


@pytest.mark.parametrize(
    "sentence, chosen, expected",
    [
        ("梳理告知承诺制办理的涉企经营许可和证明事项共822项,其中市本级63项。", "822项", "63项"),
        # the part's clause names nothing of the question the total's clause lacks: the total stays
        ("梳理告知承诺制办理的涉企经营许可和证明事项共822项,其中证明事项63项。", "822项", None),
    ],
)
def test_the_part_a_question_names(sentence, chosen, expected):
    s = normalize(sentence)
    anchors = [(m.start(), m.end(), 1.0, w) for w in ("告知承诺制", "事项", "本级") for m in re.finditer(w, s)]
    found = spans.named_part("count", s, _span_of(s, chosen), anchors)
    assert (s[found[0] : found[1]] if found else None) == expected


def test_a_total_asked_is_not_answered_by_its_part(pipeline):
    # 元氏: "目前共计54名法律顾问,其中公职律师9名…": 律师 of the question is said by the total's own noun, and a
    # figure after 其中 is a part of the total, not the total "总共" asks for
    a = pipeline.ask("元氏县政府这边请来把关的律师顾问总共有多少人？")
    assert a.pieces[0].text.startswith("54名")
    # the part, when the question names it, is still the part
    assert pipeline.ask("元氏县的法律顾问中公职律师有几名?").pieces[0].text.endswith("9名")
    s = normalize("目前共计54名法律顾问,其中公职律师9名,其他为专职律师。")
    anchors = [(m.start(), m.end(), 1.0, "律师顾问") for w in ("法律顾问", "律师") for m in re.finditer(w, s)]
    best = spans.best_span("count", s, anchors, "名", want_total=True)
    assert best is not None and s[best[0][0] : best[0][1]] == "54名"


def test_a_count_of_corrected_cases_is_not_the_count_of_cases(pipeline):
    # 元氏: "截至目前,我县已办理行政复议案件36件" counts the cases handled, not the ones the review corrected
    assert pipeline.ask("元氏县2021年行政复议纠错了多少件？").answer is None
    assert pipeline.ask("元氏县办理了多少件行政复议案件?").pieces[0].text.startswith("36件")
    # 怀化 says its correction as a rate: the rate answers, its clause says 纠错
    assert "28.42%" in pipeline.ask("怀化市行政复议综合纠错率是多少?").answer


def test_a_part_no_report_names_is_not_found(pipeline):
    # 怀化 counts 法律援助案件5900件 and never says how many were criminal cases
    assert pipeline.ask("怀化市2023年免费法律帮助的案子里,刑事案件有多少件?").answer is None
    assert pipeline.ask("怀化市2023年办理法律援助案件多少件?").pieces[0].text.endswith("5900件")


def test_an_honour_asked_is_not_answered_by_an_application(pipeline):
    # 元氏: "选树推荐南因镇参加河北省法治政府示范创建活动" says it was put forward, not that it was named
    assert pipeline.ask("南因镇后来评上河北省法治政府建设示范乡镇了吗？").answer is None
    # 怀化 says the naming: "辰溪县被命名为全省第二批法治政府建设示范县"
    assert pipeline.ask("怀化市哪个县被评为全省第二批法治政府建设示范县？").pieces[0].text == "辰溪县"


def test_a_count_of_times_names_the_act_after_who_does_it(pipeline):
    # 互助: "每年至少组织1次领导干部旁听庭审活动": 领导干部 right after 1次 is who listens, 旁听庭审 what is counted
    a = pipeline.ask("互助县每年至少组织领导干部去法院旁听几次庭审？")
    assert a.answer and "1次" in a.pieces[0].text
    # a noun after the figure that is another thing, with nothing asked after it, still counts that thing
    s = normalize("精简审批环节,取消10项许可项目。")
    assert not spans.names_counted(s, _span_of(s, "10项"), ("证明事项",))
    assert spans.counts_other("许可项目", ("证明事项",))


def test_a_part_of_a_total_is_answered_when_asked(pipeline):
    assert pipeline.ask("怀化市市本级有多少项事项可以用告知承诺制办理?").pieces[0].text.endswith("63项")
    assert pipeline.ask("怀化市梳理出多少项可以用告知承诺制办理的涉企经营许可和证明事项?").pieces[0].text == "822项"


def test_a_tally_after_a_narrower_measure_is_not_its_count(pipeline):
    # 怀化: "创新建立市场主体申请行政复议绿色通道…。全年共办理行政复议案件244件": 244件 counts every review case,
    # not the green channel's; a tally opening the next sentence lost this on heldout46
    assert pipeline.ask("怀化市市场主体行政复议绿色通道一年受理了多少件案子？").answer is None


def test_a_how_question_is_not_answered_from_the_shortcomings_section(pipeline):
    # 元氏's "九、2021年推进法治政府建设存在的不足和原因" holds "…“三项制度”执行还不到位…":
    # what is lacking, not how it was done
    a = pipeline.ask("元氏县是怎么推行行政执法“三项制度”的?")
    assert a.answer and "不到位" not in a.answer and "三项制度" in a.answer
    assert all("不足" not in " ".join(c.chunk.section) for c in a.citations)
    # asked about the shortcomings, that section answers
    a = pipeline.ask("元氏县行政执法“三项制度”执行上存在哪些问题?")
    assert a.answer and "不到位" in a.answer


def test_an_ordinal_is_answered_with_an_ordinal(pipeline):
    # 互助: "认真做好青海省第二批法治政府建设示范创建迎检": 第二批, not a count with its noun
    a = pipeline.ask("互助县2024年要认真做好青海省第几批法治政府建设示范创建迎检?")
    assert a.answer_type == "span" and a.pieces[0].text == "第二批" and pieces_are_verbatim(a)
    # 元氏's report names no batch: "专题调研6次" is a count, not the batch asked
    assert pipeline.ask("元氏县被命名为河北省第几批法治政府建设示范县?").answer is None


def test_the_parts_asked_are_the_list_the_questions_words_lead(pipeline):
    # 梅河口: "…聘请5位律师担任法律顾问,对重大行政决策进行必要性、合法性、可行性、科学性论证": the aspects are the list
    # itself, though no item ends in 方面 (a list of offices must end in 局/办…; parts need not)
    a = pipeline.ask("梅河口市政府法律顾问对重大行政决策从哪几个方面进行论证?")
    assert a.answer_type == "span" and a.pieces[0].text == "必要性、合法性、可行性、科学性" and pieces_are_verbatim(a)
    a = pipeline.ask("梅河口市办执法案件时要求哪几个环节分开由不同人负责？")
    assert a.answer_type == "span" and a.pieces[0].text == "调查、审核、决定"
    # a noun whose members are names (律师事务所) is still answered by names only
    assert pipeline.ask("梅河口市政府聘请的法律顾问来自哪几家律师事务所?").answer is None


def test_a_partner_place_is_not_a_comparison(pipeline):
    # "和外地…达成合作": 外地 are 怀化's partners; the question is about 怀化 alone
    a = pipeline.ask("怀化市和外地多少个省市达成了异地办事互通的合作?")
    assert a.answer_type == "span" and a.pieces[0].text == "17省72市(区)" and pieces_are_verbatim(a)


def test_a_short_lead_sentence_is_answered_with_what_follows_it(pipeline):
    # 怀化: "推行包容审慎监管。建立轻微违法“免予处罚、减轻处罚、从轻处罚”三项清单。充分运用政策辅导…": the lead only
    # names the measure; the sentences after it, which never repeat it, say what was done
    a = pipeline.ask("怀化市推行包容审慎监管具体有哪些做法？")
    assert a.answer.startswith("推行包容审慎监管。建立轻微违法") and "三项清单" in a.answer and pieces_are_verbatim(a)


def test_money_spent_is_not_money_won_back(pipeline):
    # "为企业挽回或避免经济损失1.25亿元" is what the legal services saved firms, not what they cost
    assert spans.other_money(normalize("为企业挽回或避免经济损失1.25亿元"), (12, 19))
    assert not spans.other_money(normalize("区委、区政府投入900万元专项资金用于平安建设"), (8, 13))
    assert pipeline.ask("怀化市为企业提供法律服务花了多少钱？").answer is None
    assert pipeline.ask("瀍河回族区平安建设投入了多少资金？").answer.startswith("900万元")
    assert pipeline.ask("怀化市为企业挽回了多少经济损失？").answer.startswith("经济损失1.25亿元")


def test_a_figure_keeps_the_other_measure_it_is_counted_in():
    # "186台(套)": devices counted as units or sets; "186台" alone would misquote the report
    s = normalize("全县执法单位配备执法记录仪等音像记录设备186台（套），实现执法全过程留痕")
    ((a, b),) = spans.candidates("count", s)
    assert s[a:b] == "186台"
    a, b = spans.with_measure_alternate(s, (a, b))
    assert s[a:b] == "186台(套)"
    other = normalize("全县92个党委(党组)")  # a noun's alternate is with_alternate's, after the noun
    ((a, b),) = spans.candidates("count", other)
    assert spans.with_measure_alternate(other, (a, b)) == (a, b)


def test_a_word_the_reports_write_in_full(pipeline):
    # "联席会": the reports write 联席会议; a word they use as it is gets no other form
    view = pipeline.analyse("行政复议").view
    assert view.longer_forms("联席会") == ("联席会议",)
    assert view.longer_forms("公职律") == ("公职律师",)
    assert view.longer_forms("执法") == ()  # two characters say too little to guess the rest
    terms = pipeline.analyse("怀化市政府和法院一年开几次联席会？").terms
    i = [t[0] for t in terms.terms].index("联席会")
    assert terms.terms[i] == ("联席会", "联席会议") and terms.weights[i] > 0


def test_a_year_only_a_later_report_writes(pipeline):
    # 瀍河's 2018 report recounts "2016年3月…对全区21个组成部门和事业单位…进行清理": that sentence says the year
    a = pipeline.ask("瀍河区2016年对多少个组成部门和事业单位清理了中介服务？")
    assert a.answer == "21个[1]"
    # no sentence of it gives 2016's count of review cases: not answered, and the note says which years it holds
    a = pipeline.ask("瀍河回族区2016年办理了多少件行政复议案件?")
    assert a.answer is None and "没有关于2016年的报告" in a.note


def test_a_rate_said_right_before_its_share(pipeline):
    # "输的比例" stands for 败诉率 (the term table); a share right after that rate says what is asked
    q = pipeline.analyse("常州政府部门去年打行政官司，输的比例大概多少？")
    assert q.rates_asked == ("败诉率",)
    said = normalize("2023年,全市法院共受理一审行政诉讼案件1315件,行政机关败诉55件,败诉率为4.3%,同比下降1.2个百分点。")
    assert spans.rate_labelled(q, said) and spans.rate_labelled(q, said, said_otherwise=True)
    assert not spans.rate_labelled(q, normalize("全市行政机关负责人出庭应诉率达到99.4%"))
    # a rate the question names as the reports do is no everyday wording: its other words must be found too
    named = pipeline.analyse("怀化市长热线2023年老百姓的满意率有多高？")
    share = normalize("全年认真办理人大代表建议212件、政协委员提案278件,办复率、满意率均达100%。")
    assert spans.rate_labelled(named, share) and not spans.rate_labelled(named, share, said_otherwise=True)
    assert pipeline.ask(named.text).answer is None  # the 100% is of deputies' proposals, not of the hotline


def test_a_goal_is_not_a_result():
    aim = normalize("力争行政诉讼败诉率控制在5%以下,行政机关负责人出庭应诉率保持100%。")
    ((a, b), (c, d)) = spans.candidates("ratio", aim)
    assert aim[a:b] == "5%以下" and spans.is_target(aim, (a, b))
    assert not spans.is_target(aim, (c, d))  # 保持100%: no bound
    done = normalize("审结87件,其中行政机关败诉4件,败诉率为4.6%。")
    ((a, b),) = spans.candidates("ratio", done)
    assert not spans.is_target(done, (a, b))
    floor = normalize("行政机关负责人出庭应诉率不低于90%")
    ((a, b),) = spans.candidates("ratio", floor)
    assert spans.is_target(floor, (a, b))


def test_what_a_count_of_cases_or_people_is_counted_in():
    # no measure word asked: the noun says it ("多少案子" → cases, "的人…有多少" → people)
    assert spans.unit_hint("秭归那边2022年行政复议一年收了多少案子") == "起"
    assert spans.unit_hint("常州现在手上有有效执法证的人一共有多少") == spans.HEADCOUNT  # a headcount: 人, 名 or 位
    assert spans.unit_hint("别的地方政府法律顾问一年出了多少法律意见、办了多少案子") is None  # two counts
    assert spans.unit_hint("办了多少案子", inferred=False) is None
    assert not spans.unit_fits("决定书42份", "起") and spans.unit_fits("68件", "起")


def test_people_are_not_answered_by_certificates(pipeline):
    # 元氏 renewed "证件800余个": certificates, not the people who hold them
    assert pipeline.ask("元氏县手里有执法证的人一共有多少?").answer is None


def test_the_figure_a_change_starts_from():
    s = normalize("在2023年底全区公职律师96名的基础上,2024年底前达到120名以上")
    (a, b), (c, d) = spans.candidates("count", s)[-2:]
    assert s[a:b] == "96名" and spans.change_side(s, (a, b)) == "old"
    assert s[c:d] == "120名以上" and spans.change_side(s, (c, d)) == "new"
    assert spans.asks_change("武侯今年打算把公职律师扩充到多少人") == "new"


def test_how_many_people_there_are_is_a_headcount_no_count_of_cases_answers():
    # "队伍一共有多少人" is answered by 120名 or 4813人, not by "查处…案件1.87万件"
    hint = spans.unit_hint(normalize("郑州各乡镇街道的综合执法队伍加起来一共有多少人？"))
    assert hint == spans.HEADCOUNT
    assert spans.unit_fits("120名", hint) and spans.unit_fits("3万余人", hint) and spans.unit_fits("8位", hint)
    assert not spans.unit_fits("1.87万件", hint) and not spans.unit_fits("220人次", hint)
    # people counted by what they did are still said in cases: "多少人申请法律援助" → 557件
    assert spans.unit_hint(normalize("有多少人申请法律援助?")) == "人"
    assert spans.unit_fits("557件", "人")


def test_days_said_as_a_noun_and_points_of_a_score_are_measures_asked():
    assert spans.unit_hint(normalize("行政复议案件的平均审理天数是多少？")) == "天"
    assert not spans.unit_fits("42件", "天") and spans.unit_fits("45天", "天")
    assert spans.unit_hint(normalize("普法中期评估得了多少分？")) == "分"
    assert spans.unit_hint(normalize("考试用时多少分钟？")) is None
    assert not spans.unit_fits("八个", "分")
    found = [m.group(0) for m in spans.COUNT.finditer("测评得分96.5分，十分重要，用时30分钟，占三分之一")]
    assert found == ["96.5分"]  # a score in digits; not 十分 (very), 分钟 or 分之


def test_a_fee_asked_is_money(pipeline):
    assert spans.unit_hint(normalize("市政府的法律顾问一年顾问费给多少？")) == "元"
    # money named after the count is no counted thing: "要回来多少工资" is answered by 讨回欠薪1947万元
    assert pipeline.analyse("通过法律援助帮农民工要回来多少工资？").counted == ()
    assert pipeline.analyse("办了多少件法律援助案件？").counted != ()


def test_a_lawsuit_attended_is_said_as_appearing_in_court(pipeline):
    a = pipeline.ask("元氏县行政机关负责人到庭的比例是多少？")  # 到庭 → 出庭 (出庭应诉率100%)
    assert a.pieces and a.pieces[0].text == "100%" and pieces_are_verbatim(a)


def test_a_sentence_that_only_counts_what_is_named_does_not_name_it():
    # the head of the asked noun, counted: "3家…律师事务所分别叫什么名字" is not answered by "聘请3家律师事务所"
    assert spans.only_counted("县政府聘请3家律师事务所担任常年法律顾问", "法律顾问律师事务所")
    assert not spans.only_counted("县政府聘请北京某某律师事务所担任常年法律顾问", "法律顾问律师事务所")
    # a quoted kind and its bracket between the noun and its count
    assert spans.only_counted(
        "全市新获评“全国民主法治示范村(社区)”1个、省级民主法治示范村(社区)3个", "全国民主法治示范村"
    )
    assert not spans.only_counted("南因镇大孔村被评为全国民主法治示范村", "全国民主法治示范村")


def test_two_counts_asked_together_are_answered_together():
    asked = spans.two_counts(normalize("德清县政府请的法律顾问团是由几家律所、几位专家组成的？"))
    assert asked == (("家", "律所"), ("位", "专家"))
    s = normalize("县政府聘请3家律师事务所和5名法学专家组成县政府法律顾问团,覆盖率达100%")
    found = spans.pair_span(s, asked)
    assert found is not None and s[found[0] : found[1]] == "3家律师事务所和5名法学专家"
    # 个 asked of each: 500项以上 is no count of 个; the pair is 21个领域412项
    asked = spans.two_counts(normalize("免罚清单一共覆盖了多少个领域、多少项？"))
    s = normalize("清单事项总数达到500项以上（2023年底为21个领域412项）")
    found = spans.pair_span(s, asked)
    assert found is not None and s[found[0] : found[1]] == "21个领域412项"
    # each figure must be said with most of its asked noun: 综合执法部门1个 is no count of 行政执法部门
    asked = spans.two_counts(normalize("瀍河回族区目前有多少个行政执法部门、多少名在岗执法人员？"))
    s = normalize("目前共有行政执法部门22个(含工商分局),综合执法部门1个,在岗执法人员229人")
    assert spans.pair_span(s, asked) is None
    assert spans.two_counts(normalize("办了多少件行政复议案件？")) is None


def test_a_lone_one_is_wording_not_the_number_asked(pipeline):
    # "多少个" expects a number: "一个部门", "一件事情" are the report's wording, not a count of them
    assert pipeline.ask("梅河口市机构改革以后党政机构一共有多少个?").answer is None
    assert pipeline.ask("梅河口市2019年在网上办成的政务服务事项有多少件?").answer is None
    a = pipeline.ask("瀍河回族区2018年办理了多少件行政复议案件?")  # 两起 is a number said in words
    assert a.pieces and a.pieces[0].text.startswith("两起")


@pytest.mark.parametrize(
    "question, delta",
    [
        ("常州市公职律师比上年增加了多少名？", True),
        ("收到的行政复议申请同比增长了多少？", True),
        ("比前一年多了多少件？", True),
        ("2023年较2022年下降了几个百分点？", True),
        ("行政复议申请的增幅是多少？", True),
        ("审批流程再造减少了多少个审批环节？", False),  # how many were cut: a count
        ("公职律师增加到了多少名？", False),  # the value it came to ("new")
        ("全年新增了多少家市场主体？", False),
    ],
)
def test_a_change_asked_against_another_time(question, delta):
    from qa.reading.spans import asks_change, is_delta

    assert (asks_change(question) == "delta") is delta
    text = "全市公职律师达到687名，比上年增加94名，同比增长15.8%。"
    assert [is_delta(text, (text.index(f), text.index(f) + len(f))) for f in ("687名", "94名", "15.8%")] == [
        False,
        True,
        True,
    ]


def test_a_clause_after_a_semicolon_carries_the_clauses_before_it():
    from qa.document import Chunk, Hit
    from qa.reading.sentences import split
    from qa.text.normalization import normalize

    text = (
        "全年共收到行政复议申请207件，同比增长11.3%；受理189件，办结率93.1%；纠错21件。\n"
        "一是推行繁简分流；二是开展公开听证。\n"
        "全年召开会议6次；\n印发文件3件。"
    )
    sents = split([Hit(Chunk("c", "d", 0, len(text), text), 1, 1.0)])
    lead = {s.text: s.lead for s in sents}
    first = "全年共收到行政复议申请207件，同比增长11.3%；"
    assert lead[first] == ""
    assert lead["受理189件，办结率93.1%；"] == normalize(first)  # what the rate is of (normalised, as scored)
    assert lead["纠错21件。"] == normalize(first + "受理189件，办结率93.1%；")
    assert lead["二是开展公开听证。"] == ""  # an item of its own, not the one before's continuation
    assert lead["印发文件3件。"] == ""  # a new line: another paragraph


def test_a_share_another_rate_labels_is_not_the_asked_one():
    from qa.reading.spans import other_rate_before

    norm = "响应率100%,解决率93.6%、满意率94.8%,全程网办率达92.7%,2025年力争达到95%"
    at = {f: norm.index(f) for f in ("100%", "93.6%", "94.8%", "92.7%", "95%")}
    assert other_rate_before(("满意率",), norm, at["100%"]) and other_rate_before(("满意率",), norm, at["93.6%"])
    assert not other_rate_before(("满意率",), norm, at["94.8%"])
    # a target said after the rate's result: no other rate labels it
    assert not other_rate_before(("全程网办率",), norm, at["95%"])


def test_a_rate_named_before_a_colon_labels_its_share():
    from qa.reading.spans import rate_before

    # a 图解 list's line "▶ 行政复议直接纠错率：14.9%": the label, then its figure
    line = normalize("▶ 行政复议直接纠错率：14.9%")
    assert rate_before(["纠错率"], line, line.index("14.9%"))
    assert not rate_before(["败诉率"], line, line.index("14.9%"))
    line = normalize("全年纠错率：见附表，败诉率3.7%")
    assert not rate_before(["纠错率"], line, line.index("3.7%"))
