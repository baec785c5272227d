"""Query analysis on hand-made inputs: a small stand-in for the corpus, no index."""

from __future__ import annotations

import pytest

from qa.retrieval.query import analyse, of_text, source_kind, source_words
from qa.retrieval.question import _TYPE_RULES, QUESTION_TYPES, QuestionError
from qa.settings import Settings
from qa.text.synonyms import table

pytestmark = pytest.mark.unit


class HandView:
    """What analysis asks of a corpus, written by hand: two places, one report each."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.settings = Settings()
        self.known_regions = frozenset({"元氏县", "怀化市"})
        self.regions = sorted(self.known_regions)
        self.covered_years = {"元氏县": {2021}, "怀化市": {2023}}
        self.said_years = {"元氏县": {2021}, "怀化市": {2016, 2023}}  # years their texts write
        self.division_codes = ["130132", "431200"]  # the gazetteer's codes of the two places
        self.rate_labels = frozenset({"败诉率", "调解成功率", "直接纠错率"})  # rates the texts give shares for

    def code_of(self, region):
        return dict(zip(self.regions, self.division_codes)).get(region)

    def idf(self, term: str) -> float:
        return float(len(term))  # longer terms are rarer, enough to order them

    def knows(self, term: str) -> bool:
        return term not in {"开会", "砍掉", "民告官", "西宁市", "石家庄市"}  # wording, places no passage names

    def longer_forms(self, term: str) -> tuple[str, ...]:
        return ()

    def writes(self, phrase: str) -> bool:
        return phrase not in {"禁毒", "社区矫正对象", "人民陪审员", "劳动仲裁"}  # work the two reports never write

    def holdings(self, region=None):
        rows = {"元氏县": ("元氏县2021年年度报告",), "怀化市": ("怀化市2023年年度报告",)}
        return rows.get(region, ()) if region else rows["元氏县"] + rows["怀化市"]


@pytest.fixture(scope="module")
def view():
    from qa.text.tokenization import Tokenizer

    return HandView(Tokenizer())


class CountingEmbedder:
    def __init__(self):
        self.calls = 0

    def encode_queries(self, texts):
        import numpy as np

        self.calls += 1
        return np.ones((len(texts), 4), dtype=np.float32)


def test_a_places_address_and_relative_years_are_routing_not_content(view):
    # "石家庄市元氏县": the city is where the county is; 去年 and "比前一年" say when, not what
    q = of_text("石家庄市元氏县去年老百姓对政府决定不服、申请复议的案子比前一年多了多少？", view)
    assert q.mentions.regions == ("元氏县",)
    firsts = [alts[0] for alts in q.terms.terms]
    assert not any("石家庄" in t or "去年" in t or "比前" in t for t in firsts), firsts
    assert "石家庄市" in q.ignore
    assert of_text("河北省石家庄市元氏县行政复议案件有多少件？", view).mentions.regions == ("元氏县",)


def test_a_question_pasted_from_a_mac_pdf_reads_as_typed(view):
    # ⾏ (U+2F8F) is the Kangxi radical such a PDF's text holds for 行
    pasted = analyse("元氏县2021年办理了多少件\u2f8f政复议案件？", view)
    typed = analyse("元氏县2021年办理了多少件行政复议案件？", view)
    assert pasted.norm == typed.norm and len(pasted.norm) == len(pasted.text)
    assert pasted.terms.terms == typed.terms.terms


def test_a_count_question(view):
    q = analyse("  元氏县2021年办理了多少件行政复议案件？ ", view)
    assert q.text == "元氏县2021年办理了多少件行政复议案件？"
    assert q.norm == "元氏县2021年办理了多少件行政复议案件?"  # full-width → half-width, same length
    assert (q.kind, q.expected) == ("count", "span")
    assert q.mentions.regions == ("元氏县",) and q.mentions.years == (2021,)
    assert "元氏" in q.ignore
    firsts = [alts[0] for alts in q.terms.terms]
    assert "行政复议案件" in firsts
    assert not any("元氏" in t or t.startswith("2021") for t in firsts)  # places and years route, not match
    assert q.topic == ("行政复议案件",)
    assert q.coverage_note is None and q.holdings == ("元氏县2021年年度报告",)


def test_topic_and_facets(view):
    q = of_text("行政复议体制改革进展如何", view)
    assert q.topic == ("行政复议",)
    assert q.facets == ("体制改革",)
    q = of_text("行政执法规范化建设有哪些举措", view)
    assert q.topic == ("行政执法",)
    assert set(q.facets) == {"规范化", "建设"}


def test_everyday_wording_brings_the_official_terms(view):
    q = of_text("民告官的案子有多少", view)
    (group,) = [alts for alts in q.terms.terms if alts[0] == "民告官"]
    assert "行政诉讼" in group
    assert "行政诉讼" in q.tokens  # retrieval searches for the official term too
    # A term the corpus never uses weighs nothing unless an alternative is known.
    weights = dict(zip([a[0] for a in q.terms.terms], q.terms.weights))
    assert weights["民告官"] > 0
    q = of_text("开会", view)
    assert q.terms.total == 0


def test_an_everyday_phrase_keeps_its_own_words(view):
    # "一个窗口" also finds the 窗口 the reports say; 法律 of 法律参谋 is not looked for alone (法律顾问 says it).
    q = of_text("在元氏县开公司,一个窗口能办完哪些手续?", view)
    (group,) = [alts for alts in q.terms.terms if alts[0] == "一个窗口"]
    assert "窗口" in group and len(group) > 2
    q = of_text("梅河口市有多少个村配上了村里的法律参谋?", view)
    (group,) = [alts for alts in q.terms.terms if alts[0] == "法律参谋"]
    assert "法律顾问" in group and "法律" not in group


def test_the_term_table_is_well_formed():
    rows = table()
    lefts = [left for left, _ in rows]
    assert len(lefts) == len(set(lefts)) >= 400  # no everyday phrase twice
    for left, official in rows:
        assert len(left) >= 2 and official
        assert all(2 <= len(o) <= 12 for o in official)


def test_a_year_the_corpus_lacks_gets_a_note(view):
    q = of_text("元氏县2023年行政复议案件有多少件", view)
    assert q.coverage_note == "元氏县没有关于2023年的报告；现有：元氏县2021年年度报告。"
    q = of_text("西宁市的行政复议", view)
    assert q.unknown_places == ("西宁市",)
    assert q.coverage_note.startswith("语料中没有西宁市的报告")


def test_a_work_area_no_report_writes_gets_a_note(view):
    q = of_text("各地禁毒宣传和执法是怎么开展的？", view)
    assert q.absent_topics == ("禁毒",)
    assert q.coverage_note == "语料中的报告都没有写到“禁毒”；以下为最相关的段落。"
    assert of_text("各地现在有多少名人民陪审员？", view).absent_topics == ("人民陪审员",)
    # a detail of an area the reports write is not an absent area: 社区矫正对象 beside 社区矫正
    assert of_text("元氏县社区矫正对象有多少人？", view).absent_topics == ()
    # work the reports write, and a question naming none of the list
    assert of_text("各地行政复议案件有多少件？", view).coverage_note is None
    assert of_text("元氏县开了几次会？", view).absent_topics == ()


def test_a_rate_said_in_everyday_words_is_one_the_reports_give(view):
    # every character of the reports' 调解成功率 is in the question; 直接纠错率 is not ("改过来" is no 纠错)
    q = of_text("元氏县人民调解员调解纠纷，成功的比例大概有多少？", view)
    assert "调解成功率" in q.rates_asked and "直接纠错率" not in q.rates_asked
    assert "败诉率" in of_text("怀化市政府部门打官司败诉的比例是多少？", view).rates_asked
    assert of_text("元氏县调解纠纷成功了多少件？", view).rates_asked == ()  # a count, no share asked


def test_the_field_topics_are_well_formed():
    from qa.text.field_topics import field_topics, named_topics

    topics = field_topics()
    assert len(topics) == len(set(topics)) and all(len(t) >= 2 and " " not in t for t in topics)
    assert list(topics) == sorted(topics, key=lambda t: (-len(t), t))
    assert named_topics("各地社区矫正对象有多少人") == ("社区矫正对象", "社区矫正")


def test_a_follow_up_is_made_standalone(view):
    history = [{"question": "元氏县办理了多少件行政复议案件?"}]
    q = analyse("那怀化呢?", view, history)
    assert q.asked == "那怀化呢?"
    assert q.text == "怀化市办理了多少件行政复议案件?" and q.rewritten
    assert q.mentions.regions == ("怀化市",) and q.kind == "count"
    q = analyse("那行政诉讼呢?", view, history)
    assert q.text == "元氏县那行政诉讼呢?"
    assert not analyse("怀化市办理了多少件行政复议案件?", view).rewritten


def test_the_vector_is_computed_once_and_only_with_a_model(view):
    emb = CountingEmbedder()
    q = of_text("行政复议", view, emb)
    assert q.vector is q.vector and emb.calls == 1
    assert of_text("行政复议", view).vector is None


@pytest.mark.parametrize("bad", ["", "   ", "x" * 1001, None])
def test_questions_that_cannot_be_asked(view, bad):
    with pytest.raises(QuestionError):
        analyse(bad, view)


def test_question_kinds_are_written_once():
    # every kind a rule gives is one of the declared kinds, each declared once; "fact" is also the default
    assert len(set(QUESTION_TYPES)) == len(QUESTION_TYPES)
    assert set(QUESTION_TYPES) == {t for _, t in _TYPE_RULES} | {"fact"}


def test_a_place_holding_a_report_is_not_unknown(view):
    # 石家庄市 holds 元氏县 (by division code): its questions are searched, not refused.
    assert of_text("石家庄市的行政复议怎么做的?", view).coverage_note is None
    note = of_text("西宁市的行政复议怎么做的?", view).coverage_note
    assert note is not None and note.startswith("语料中没有西宁市的报告")


def test_a_place_said_with_its_own_suffix_is_no_content(view):
    # 怀化区 is no name of 怀化市, but the asker wrote it: neither it nor a piece of it (化区) is content
    q = of_text("怀化区执法人员有多少人?", view)
    assert q.mentions.regions == ("怀化市",)
    assert "怀化区" in q.ignore
    assert not any("化区" in alts[0] or "区" == alts[0] for alts in q.terms.terms)


def test_the_share_asked_for_does_not_single_out_the_part(view):
    # "占了多大比例": 比例 is what is asked (the report says 占比), not what the part is
    q = of_text("怀化市处罚案件里,用柔性方式处理的占了多大比例?", view)
    assert q.kind == "ratio"
    words = {alts[0] for alts, _ in q.subset}
    assert "柔性" in words and "比例" not in words


def test_the_askers_examples_do_not_single_out_the_part(view):
    # "用提醒、劝导这类柔性办法": the examples illustrate the kind asked (柔性); the report says
    # 柔性执法 and names none of them
    q = of_text("怀化市处罚案子里,用提醒、劝导这类柔性办法处理的占多大比例?", view)
    words = {alts[0] for alts, _ in q.subset}
    assert "柔性" in words and not words & {"提醒", "劝导"}
    # without the marker of examples the words are the part asked
    q = of_text("怀化市处罚案子里,用提醒和劝导处理的占多大比例?", view)
    assert {"提醒", "劝导"} <= {alts[0] for alts, _ in q.subset}


@pytest.mark.parametrize(
    "q, word",
    [
        ("怀化市场监管部门用劝导提醒这类软办法执法的,占了多大比例?", "这类"),
        ("互助县管上访秩序的那项工作由哪个单位牵头?", "那项"),
    ],
)
def test_a_demonstrative_weighs_nothing(view, q, word):
    # the reports use 这类 and 那项 (so the corpus weighs them), but in a question they point back at its own words
    terms = of_text(q, view).terms
    weights = dict(zip((alts[0] for alts in terms.terms), terms.weights))
    assert weights[word] == 0.0
    assert view.knows(word)  # a word the reports hold: the weight is the rule's, not the corpus's silence


class VillageSpoken(HandView):
    def knows(self, term: str) -> bool:
        return term not in ("村里", "会里") and super().knows(term)


def test_a_localiser_after_a_word_the_reports_use_is_taken_off():
    from qa.text.tokenization import Tokenizer

    # "村里" is everyday speech; the reports write 村 ("全市303个村配备了村居法律顾问")
    view = VillageSpoken(Tokenizer())
    terms = of_text("梅河口市村里配的法律顾问总共有几名?", view).terms
    weights = {alts[0]: (alts, w) for alts, w in zip(terms.terms, terms.weights)}
    assert weights["村里"][0] == ("村里", "村") and weights["村里"][1] > 0


def test_a_place_the_question_says_with_a_localiser_must_be_in_the_answer(pipeline):
    # 梅河口 counts its village advisers by villages (303个村), its own adviser office by lawyers (5位律师)
    assert pipeline.ask("梅河口市村里配的法律顾问总共有几名?").answer is None
    a = pipeline.ask("互助县管规范性文件，执行的是省里哪一份办法?")
    assert a.answer is not None and "《青海省行政规范性文件制定和备案办法》" in a.answer


def test_a_part_named_by_its_matter_singles_it_out(view):
    # "涉及工伤认定的行政复议案件": the cases about 工伤认定 are a part of all the cases; the total does not count them
    q = of_text("怀化市2023年涉及工伤认定的行政复议案件有多少件?", view)
    assert {"工伤", "认定"} <= {alts[0] for alts, _ in q.subset}
    assert not {"行政复议案件", "行政复议"} & {alts[0] for alts, _ in q.subset}
    q = of_text("元氏县因征地拆迁引发的行政诉讼有几件?", view)
    assert "征地" in {alts[0] for alts, _ in q.subset}
    # the set asked whole has no part
    assert not of_text("怀化市2023年行政复议案件有多少件?", view).subset


def test_what_a_count_is_asked_as_and_where_it_is_do_not_single_out_a_part(view):
    # "行政复议工作中…听证的次数目标": 次数 and 目标 are how the count is asked; 听证 is the part
    q = of_text("怀化市行政复议工作中，全年组织听证的次数目标是多少?", view)
    words = {alts[0] for alts, _ in q.subset}
    assert "听证" in words and not words & {"次数", "目标"}
    # "村里、社区里懂法的带头人": where they are, not among what (no part: the whole count answers)
    assert not of_text("怀化市要培养多少名村里、社区里懂法的带头人?", view).subset


class NoCriminalCases(HandView):
    def knows(self, term: str) -> bool:
        return term != "刑事案件" and super().knows(term)


class NoFindings(HandView):
    def knows(self, term: str) -> bool:
        return term not in ("查出", "不实") and super().knows(term)


class NoWageClaims(HandView):
    def knows(self, term: str) -> bool:
        return term not in ("农民工", "讨薪") and super().knows(term)


def test_a_part_in_words_no_report_uses_is_unsaid(view):
    q = of_text("怀化市2023年免费法律帮助的案子里,刑事案件有多少件?", NoCriminalCases(view.tokenizer))
    assert q.part_unsaid and not q.subset
    # the set's own word inside the part's ("案件中刑事案件") does not single out anything
    q = of_text("怀化市2023年法律援助案件中刑事案件有多少件?", NoCriminalCases(view.tokenizer))
    assert q.part_unsaid and not q.subset
    # the same question over reports that say 刑事案件: a part to hold
    q = of_text("怀化市2023年免费法律帮助的案子里,刑事案件有多少件?", view)
    assert not q.part_unsaid and "刑事案件" in {alts[0] for alts, _ in q.subset}
    # a part the reports do name is a subset to hold, not unsaid
    q = of_text("行政复议案件中有多少件被撤销?", view)
    assert not q.part_unsaid and {"被撤销"} <= {alts[0] for alts, _ in q.subset}
    # no localiser, no part
    assert not of_text("怀化市办理了多少件法律援助案件?", view).part_unsaid
    # the set's noun said again after a part in words no report uses ("…案件中农民工讨薪案件"): still unsaid
    q = of_text("怀化市2023年办理的法律援助案件中农民工讨薪案件有多少件?", NoWageClaims(view.tokenizer))
    assert q.part_unsaid
    assert not of_text("怀化市2023年办理的法律援助案件中农民工讨薪案件有多少件?", view).part_unsaid
    # a part word said before in another role ("先承诺、后核查…核查中…承诺不实的") is no set noun: it singles out
    q = of_text("怀化市办事群众先承诺、后核查，事后核查中查出多少件承诺不实的?", NoFindings(view.tokenizer))
    assert not q.part_unsaid


def test_a_bare_share_is_a_ratio_and_a_counted_one_a_count(view):
    assert of_text("怀化市处罚案件里,柔性处理的占多少?", view).kind == "ratio"
    assert of_text("怀化市处罚案件里,柔性处理的占了几成?", view).kind == "ratio"
    assert of_text("元氏县54名法律顾问里,公职律师占几名?", view).kind == "count"
    assert of_text("元氏县54名法律顾问里,公职律师占多少个?", view).kind == "count"
    # 几成 is a share however it is asked; 几成立 is not
    assert of_text("元氏县政府当被告打官司,输了几成?", view).kind == "ratio"
    assert of_text("元氏县2021年调解矛盾纠纷,有几成调成了?", view).kind == "ratio"
    assert of_text("元氏县这几年新成立了几个调解组织?", view).kind == "count"


def test_a_count_of_times_counts_what_its_verb_does(view):
    # "考几次法律": the report says 考试不少于5次; 法律 is what is sat, not what is counted
    assert of_text("互助县公职人员每年考几次法律?", view).counted == ("法律", "考")
    assert of_text("元氏县一共有多少名法律顾问?", view).counted == ("法律顾问",)  # not a count of times


def test_a_document_numbers_year_is_no_year_asked(view):
    # 〔2016〕16号 numbers a document; the corpus holding no 2016 report says nothing of the question
    q = of_text("哪个区出台了编号为〔2016〕16号的《重大行政决策程序暂行规定》?", view)
    assert q.mentions.years == () and q.coverage_note is None
    assert of_text("瀍河回族区2016年出台了什么规定?", view).mentions.years == (2016,)


def test_the_askers_pointer_to_a_county_is_no_unknown_place(view):
    q = of_text("哪个县专门制定了本县的《行政机关负责人出庭应诉规定》?", view)
    assert q.unknown_places == () and q.coverage_note is None


def test_a_year_a_later_report_recounts_is_read(view):
    # a later report writes "2016年…出台《…》": a question about that year is read, not withheld; its answer must
    # then say the year (test_reader.test_a_year_only_a_later_report_writes)
    for question in ("怀化市2016年出台了什么文件?", "怀化市2016年办理了多少件行政复议案件?"):
        q = of_text(question, view)
        assert q.coverage_note is None and q.recounted_year == 2016
    # not a year the place's reports never write
    q = of_text("元氏县2016年出台了什么文件?", view)
    assert q.coverage_note is not None and q.recounted_year is None


@pytest.mark.parametrize(
    "question, area, role",
    [
        ("吉林省内的行政执法三项制度落实得怎样?", "吉林", "within"),
        ("湖南其他县市是怎么推进行政复议的?", "湖南", "within"),
        ("青海这个县的出庭应诉率要求是多少?", "青海", "within"),
        ("河北省以外的地方,行政复议办了多少件?", "河北", "outside"),
        ("除河北外各地怎样推进府院联动?", "河北", "outside"),
        ("除了河北，别的省的县怎么用法律顾问?", "河北", "outside"),
        # the area says where a place the question names lies: that place decides
        ("除了河北的元氏县，其他地方出庭应诉是怎么做的?", "河北", "describes"),
        ("吉林梅河口和湖南怀化的审批时限各是多少?", "吉林", "describes"),
        ("河南洛阳的瀍河区由谁当组长?", "河南", "describes"),
        # not when what follows is no place the question names as such
        ("吉林省内除了梅河口还有哪些市?", "吉林", "within"),
    ],
)
def test_how_a_question_names_a_province(question, area, role):
    from qa.retrieval.question import area_role

    places = ("元氏县", "元氏", "梅河口市", "梅河口", "怀化市", "怀化", "瀍河回族区", "瀍河")
    assert area_role(question, area, places, ("洛阳",)) == role


@pytest.mark.parametrize(
    "question, parts",
    [
        (
            "元氏县目前一共有多少名法律顾问?其中公职律师有几名?",
            ["元氏县目前一共有多少名法律顾问", "其中公职律师有几名"],
        ),
        ("瀍河回族区2018年办了几起行政复议案件,纠错了几起?", ["瀍河回族区2018年办了几起行政复议案件", "纠错了几起"]),
        # one question: a clause that asks nothing, or an interrogative inside quotation marks
        ("2018年以来,瀍河区办了多少件?", ["2018年以来,瀍河区办了多少件?"]),
        (
            "元氏县各部门“该管什么、负什么责”的清单,一共列了多少项?",
            ["元氏县各部门“该管什么、负什么责”的清单,一共列了多少项?"],
        ),
        # 那几/这几 point back at what the question has named; they do not ask how many
        ("元氏县疫情防控的那几支队伍,总共有多少人?", ["元氏县疫情防控的那几支队伍,总共有多少人?"]),
    ],
)
def test_a_compound_question_is_cut_into_the_questions_it_asks(question, parts):
    from qa.retrieval.question import compound_parts

    assert compound_parts(question) == parts


@pytest.mark.parametrize(
    "q, measures",
    [
        ("元氏县是怎么推行行政执法“三项制度”的?", True),
        ("怀化市在府院联动上有哪些做法?", True),
        ("元氏县行政执法“三项制度”落实上存在什么问题?", False),  # shortcomings are asked
        ("怎么解决执法不到位的问题?", False),
        ("元氏县办理了多少件行政复议案件?", False),  # a figure, not a how-question
    ],
)
def test_a_how_question_asks_for_measures(view, q, measures):
    assert of_text(q, view).asks_measures is measures


@pytest.mark.parametrize(
    "q, term",
    [
        ("瀍河回族区领导干部学法的“五落实”是哪五个方面?", "五落实"),
        ("瀍河回族区领导干部学法的“五落实”是落实哪五个方面?", "五落实"),
        ("元氏县疫情防控的“八支队伍”都包括哪些?", "八支队伍"),
        ("瀍河回族区“1211推进机制”是哪几个方面?", "1211推进机制"),
        ("瀍河区实现“五证合一”,是哪个单位带头的?", None),  # one office asked, not the members
        ("元氏县推行的“721”工作法里，7、2、1分别代表什么？", "721"),  # what its parts stand for
        ("怀化市“放管服”改革包括哪些?", None),  # not a numbered name
    ],
)
def test_the_members_of_a_numbered_name_are_asked(view, q, term):
    assert of_text(q, view).defines == term


def test_where_the_asker_looks_is_no_content(view):
    # "年度报告里" says which reports to read; a passage on the 年度报告制度 is not about 法律顾问
    assert source_words("各地年度报告里，政府法律顾问都干了些什么") == ("年度报告",)
    assert source_kind("各地年度报告里，政府法律顾问都干了些什么") == "年度报告"
    assert source_kind("互助县工作要点中对复议有什么安排") == "工作要点"
    assert source_kind("2021年以来的报告中，哪些地方提到学习贯彻习近平法治思想") is None
    assert source_words("落实法治政府建设年度报告制度") == ()
    terms = [t[0] for t in of_text("各地年度报告里，政府法律顾问都干了些什么？", view).terms.terms]
    assert "政府法律顾问" in terms and not any("报告" in t for t in terms)
    # a report named by its title as where something is said; a title asked about is content
    titled = "《互助县2024年法治政府建设工作要点》对行政复议调解和解率定的目标是多少？"
    assert source_kind(titled) == "工作要点" and source_kind(titled, titled=False) is None
    terms = [t[0] for t in of_text(titled, view).terms.terms]
    assert "调解" in terms and not any(t in ("法治政府建设", "工作要点", "要点") for t in terms)
    assert source_words("印发《互助县2024年法治政府建设工作要点》的文号是什么") == ()


def test_what_follows_is_says_which_of_the_set(view):
    # "有多少件是双方谈妥…了结的": the cases are counted (named before), 双方 is no counted noun
    assert of_text("萧县2023年的复议案子里，有多少件是双方谈妥、以调解和解方式了结的？", view).counted == ()


def test_provinces_a_question_looks_in_are_no_content(view):
    # "河北、黑龙江那两个县区…": where to look (Query.area_roles), not words the answering sentence must hold
    q = of_text("河北、黑龙江那两个县区，老百姓告政府的一审官司一年有多少件？", view)
    words = {a for alts in q.terms.terms for a in alts}
    assert not words & {"河北", "黑龙江", "华北"} and "一审" in words
    assert "华北" not in {a for alts in of_text("华北的县区一审官司有多少件？", view).terms.terms for a in alts}
