"""Lists of names (qa/reading/enumeration.py): "新设立了哪两个局" is answered by the names the report lists,
cut from its sentence, not by the sentence around them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa.reading import enumeration
from qa.retrieval.question import enumerated, question_type
from qa.text.normalization import normalize

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def sentence_with(words: str) -> str:
    """The normalised sentence of a bundled report that holds ``words``."""
    for path in sorted(CORPUS.glob("*.txt")):
        for sent in re.split(r"(?<=。)", normalize(path.read_text(encoding="utf-8"))):
            if words in sent:
                return sent
    raise AssertionError(words)


def listed(sentence: str, noun: str, count: int | None = None) -> list[str]:
    return [sentence[s:e] for s, e in enumeration.lists(sentence, noun, count)]


@pytest.mark.parametrize(
    "question, noun, count",
    [
        ("梅河口市机构改革中新设立了哪两个局?", "局", 2),
        ("元氏县跟哪几家公司签了储备协议?", "公司", None),
        ("是哪两个乡参加了演习?", "乡", 2),
        ("怀化市有哪些乡镇被评为示范乡镇?", "乡镇", None),
        ("这2个乡镇具体是哪两个?", "乡镇", 2),  # the noun before the asking words
        ("由哪几家单位牵头?", "单位", None),
        ("公职律师分别在哪些部门任职?", "部门", None),  # 部 begins 部门 here, it is no classifier
        ("推进了哪几部法规?", "法规", None),  # here it is
        ("元氏县有哪些措施?", None, None),  # 哪些 + a common noun asks for sentences
        ("元氏县办理了多少件行政复议案件?", None, None),
    ],
)
def test_the_names_a_question_asks_for(question, noun, count):
    found = enumerated(normalize(question))
    assert found == ((noun, count) if noun else None)


def test_which_several_is_not_how_many():
    assert question_type(normalize("元氏县跟哪几家公司签了储备协议?")) != "count"
    assert question_type(normalize("由哪几家单位牵头?")) == "which_unit"
    assert question_type(normalize("元氏县跟几家公司签了储备协议?")) == "count"


def test_the_list_of_the_asked_size_and_kind():
    sent = sentence_with("新设立了市退役军人事务局")
    # Three lists of 局 stand in the sentence (重新组建了…); the one of two is the one asked for.
    assert listed(sent, "局", 2) == ["市退役军人事务局、市医疗保障局"]
    assert "市自然资源局、市生态环境局、市农业农村局" in listed(sent, "局")
    # An office's names end in 局, 院, 办公室…: "哪几个单位" finds the same lists.
    assert "市退役军人事务局、市医疗保障局" in listed(sent, "单位")


def test_the_first_name_starts_after_the_words_before_it():
    sent = sentence_with("北正乡、前仙乡")
    # "…等16个部门和北正乡": the first name starts after 和; the last ends at its 乡 (参与了… runs on).
    assert listed(sent, "乡", 2) == ["北正乡、前仙乡"]
    assert listed(sent, "乡镇") == ["北正乡、前仙乡"]
    assert listed(sent, "乡", 3) == []


def test_a_list_that_says_how_many_it_holds():
    sent = sentence_with("制定维稳预案五个步骤")
    assert listed(sent, "步骤") == ["决策评估申报、基本情况初核、稳定风险评估、编制评估报告、制定维稳预案五个步骤"]
    sent = sentence_with("两家公司签订")
    # "我县与A、B两家公司": 与 joins 我县 to the verb's object, not a third name.
    assert all(not x.startswith("我县") for x in listed(sent, "公司"))
    assert listed(sent, "公司")[0] == "石家庄市米莎贝尔饮食食品有限公司元氏科技产业分公司、石家庄市绿杰食品公司"


def test_the_words_before_a_list_single_it_out():
    sent = sentence_with("新设立了市退役军人事务局")
    spans = enumeration.lists(sent, "局")
    q = normalize("机构改革中新设立了哪几个局?")
    best = max(spans, key=lambda sp: enumeration.context_overlap(sent, sp, q))
    assert sent[best[0] : best[1]] == "市退役军人事务局、市医疗保障局"


@pytest.mark.parametrize(
    "question, answer",
    [
        ("梅河口市机构改革中新设立了哪两个局?", "市退役军人事务局、市医疗保障局"),
        ("梅河口市这次机构改革新设立了哪几个单位?", "市退役军人事务局、市医疗保障局"),  # the list after a semicolon
        ("元氏县跟哪几家公司签了应急物资的生产储备协议?", "元氏科技产业分公司、石家庄市绿杰食品公司"),
        ("元氏县抗洪抢险演习有哪两个乡参加?", "北正乡、前仙乡"),  # in the sentence after the best one
        ("怀化市有哪些乡镇被评为全省第二批法治政府建设示范乡镇?", "芷江县芷江镇、会同县堡子镇"),
    ],
)
def test_the_reader_answers_with_the_list(pipeline, question, answer):
    a = pipeline.ask(question)
    assert a.answer is not None and len(a.pieces) == 1
    assert answer in a.pieces[0].text and len(a.pieces[0].text) <= 2 * len(answer) + 10
    chunk = a.citations[0].chunk
    assert chunk.text[a.pieces[0].start - chunk.start : a.pieces[0].end - chunk.start] == a.pieces[0].text


def test_no_list_of_the_asked_kind_is_no_answer(pipeline):
    # The reports name no law firm of 元氏县's legal advisers: a sentence about the advisers says not which.
    a = pipeline.ask("元氏县的政府法律顾问来自哪几家律师事务所?")
    assert a.answer is None


def test_a_company_is_asked_for_as_an_enterprise(pipeline):
    a = pipeline.ask("元氏县和哪两家企业签了应急物资的生产储备协议?")
    assert a.pieces and "石家庄市绿杰食品公司" in a.pieces[0].text and len(a.pieces[0].text) < 45


@pytest.mark.parametrize(
    "question, parts",
    [
        ("梅河口市政府法律顾问对重大行政决策从哪几个方面进行论证?", True),
        ("梅河口市办执法案件时要求哪几个环节相互分开?", True),
        ("新设立了哪两个局?", False),  # names of offices: each must end in 局
        ("梅河口市政府聘请的法律顾问来自哪几家律师事务所?", False),
    ],
)
def test_parts_of_one_thing_are_told_from_names_of_a_kind(question, parts):
    noun, _ = enumerated(normalize(question))
    assert enumeration.asks_parts(noun) is parts


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("对重大行政决策进行必要性、合法性、可行性、科学性论证。", ["必要性、合法性、可行性、科学性"]),
        ("实行调查、审核、决定三分离制度", ["调查、审核、决定"]),  # the last item cut to the others' width
        ("全面推行行政执法公示制度。", []),
    ],
)
def test_parallel_items_are_cut_to_the_width_of_the_middle_ones(sentence, expected):
    from qa.reading.spans import parallel_items

    s = normalize(sentence)
    assert [s[a:b] for a, b, _ in parallel_items(s)] == expected


@pytest.mark.parametrize(
    "sentence, noun, named",
    [
        ("由县司法局牵头", "单位", True),
        ("组织发改局、市场监管局、交通局对三家企业进行约谈", "部门", True),
        ("聘请大成、金杜等2家律师事务所", "事务所", True),  # 等 sums up the names before it
        ("选聘了1家律师事务所作为市政府法律顾问单位", "事务所", False),  # how many, not which
        ("24个政府部门根据工作需要各配备一至五名法律顾问", "部门", False),
        ("各部门要抓好落实", "部门", False),
        ("目前共计54名法律顾问,其中公职律师9名", "部门", False),  # no office at all
        ("聘请国内知名专家学者担任市政府经济顾问", "专家学者", False),  # people are named by persons' names
        ("市委副书记、市长黎春秋将法治政府建设纳入年度工作计划", "领导", True),
    ],
)
def test_a_sentence_names_the_kind_asked(sentence, noun, named):
    assert enumeration.names_any(sentence, noun) is named


def test_a_list_of_kinds_of_people_names_no_one():
    assert listed("市政府常务会议邀请相关专家、法律专家列席", "专家") == []
    assert enumeration.names_any("聘请张伟、李娜为法律顾问", "律师")


def test_a_share_said_as_zhan_dao_duoshao_is_a_ratio():
    assert question_type(normalize("赛罕区2024年在网上就能办的区级政务服务事项占到多少？")) == "ratio"
    assert question_type(normalize("柔性处理的占多少？")) == "ratio"
    assert question_type(normalize("公职律师占几个？")) != "ratio"  # a count of people
