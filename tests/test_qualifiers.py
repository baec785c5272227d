"""Qualifiers that set an answer apart from its siblings (qa/text/qualifiers.py)."""

from __future__ import annotations

import pytest

from qa.text.normalization import normalize
from qa.text.qualifiers import contradicts, qualifiers

SENTENCE = "推进法治政府建设示范创建,辰溪县被命名为“全省第二批法治政府建设示范县”"


@pytest.mark.parametrize(
    "question, contradicted",
    [
        ("哪个县被命名为全国法治政府建设示范县?", True),  # 全国, the sentence says 全省
        ("哪个县入选全省第三批示范县?", True),  # 第三批, the sentence says 第二批
        ("哪个县入选全省第二批示范县?", False),
        ("哪个县入选第2批示范县?", False),  # the same batch written in digits
        ("哪个县被命名为法治政府建设示范县?", False),  # no qualifier asked: any answers
        ("全国第二批示范县有哪些?", True),
    ],
)
def test_a_sentence_naming_another_level_or_batch_speaks_of_something_else(question, contradicted):
    assert contradicts(qualifiers(question), SENTENCE) is contradicted


def test_ordinals_in_chinese_and_digits_are_one_value():
    assert qualifiers("第十二届") == qualifiers("第12届") == frozenset({("届", "12")})
    assert qualifiers("第二十次会议") == frozenset({("次", "20")})
    assert qualifiers("市级示范点") == frozenset({("level", "市")})


def test_a_sentence_without_the_qualifier_does_not_contradict():
    # "全省" asked, a sentence that names no level: it may still answer.
    assert not contradicts(qualifiers("全省有多少件?"), "办理行政复议案件244件")


def test_the_reader_does_not_answer_another_level(pipeline):
    a = pipeline.ask("怀化市哪个县被评为全国法治政府建设示范县?")
    assert a.answer is None
    b = pipeline.ask("怀化市哪个县被评为全省第二批法治政府建设示范县?")
    assert b.answer is not None and "辰溪县" in b.answer


@pytest.mark.parametrize(
    "question, sentence, contradicted",
    [
        ("线下集中培训完成了多少学时?", "完成年度线上培训40学时", True),
        ("线上培训完成了多少学时?", "完成年度线上培训40学时", False),
        ("行政诉讼一审纠错率是多少?", "全年共办理行政复议案件244件,综合纠错率28.42%", True),
        ("行政复议案件办了多少件?", "全年共办理行政复议案件244件", False),
        # a question naming both procedures is answered by a sentence on either
        ("行政复议和行政诉讼案件各多少件?", "全年共办理行政复议案件244件", False),
        ("专职律师有多少名?", "其中公职律师9名", True),
        ("公职律师有多少名?", "其中公职律师9名,其他为专职律师", False),
        ("国家赔偿案件办了多少件?", "全年共办理行政复议案件244件", True),
        ("交通运输系统实施柔性执法多少件?", "全市市场监管系统办结行政处罚案件828件,实施柔性执法682件", True),
        ("市场监管系统实施柔性执法多少件?", "全市市场监管系统办结行政处罚案件828件,实施柔性执法682件", False),
        ("简易程序行政处罚案件有多少件?", "全年镇街办理一般程序行政处罚案件1863件", True),
        ("一般程序行政处罚案件有多少件?", "全年镇街办理一般程序行政处罚案件1863件", False),
        # a case's stage: received is not concluded; a sentence saying both answers either
        ("2022年新收行政复议案件多少件?", "审结行政复议案件（件）\t4261\t3027\t增长40.8%", True),
        ("2022年新收行政复议案件多少件?", "新收行政复议申请（件）\t5136\t3742\t增长37.3%", False),
        ("全年审结了多少件复议案件?", "共收到行政复议申请231件,依法受理208件", True),
        ("全年审结了多少件复议案件?", "共收到行政复议申请231件,审结219件", False),
        ("全年受理了多少件复议案件?", "全年办结行政复议案件219件", True),
        ("审结了多少件复议案件?", "调解工作收到良好效果", False),  # 收到良好效果 is no case received
        # how a review ended: 撤销 is not 维持
        ("行政复议决定撤销的有多少件?", "维持\t86\t71", True),
        ("行政复议决定撤销的有多少件?", "其中维持86件、撤销12件", False),
        ("行政复议决定撤销的有多少件?", "直接纠错21件", False),  # names no outcome: may answer
    ],
)
def test_kinds_of_one_thing_the_field_tells_apart(question, sentence, contradicted):
    assert contradicts(qualifiers(question), sentence) is contradicted


@pytest.mark.parametrize(
    "question",
    [
        "元氏县54名法律顾问中,专职律师有多少名?",  # the sentence counts 公职律师 only
        "元氏县行政执法人员一年线下集中培训要完成多少学时?",  # 40学时 are 线上
        "怀化市2023年行政诉讼一审纠错率是多少?",  # 28.42% is 行政复议's
        "怀化市交通运输系统一年实施柔性执法多少件?",  # 682件 are the 市场监管系统's
    ],
)
def test_the_reader_does_not_answer_another_kind(pipeline, question):
    assert pipeline.ask(question).answer is None


def test_the_reader_answers_the_asked_kind_beside_another(pipeline):
    a = pipeline.ask("元氏县54名法律顾问中,公职律师有多少名?")
    assert a.answer is not None and a.pieces[0].text == "公职律师9名"


def test_a_cases_stage_can_be_left_to_the_figures_clause():
    from qa.text.qualifiers import CLAUSE_LEVEL

    # "新收…463件;" is the first clause of an account that goes on "审结412件,其中败诉21件": read whole, it speaks of
    # another stage; the reader leaves the stage to the figure's own clause there
    asked = qualifiers(normalize("审结的一审行政诉讼案件中，败诉了多少件？"))
    lead = normalize("全年全区行政机关新收一审行政诉讼案件463件,较上年下降9.6%;")
    assert contradicts(asked, lead)
    assert not contradicts(asked, lead, skip=CLAUSE_LEVEL)
    # the other qualifiers are still read: a 行政复议 sentence is no 行政诉讼 one
    assert contradicts(asked, normalize("全年审结行政复议案件88件。"), skip=CLAUSE_LEVEL)


def test_a_second_instance_must_be_said():
    # a report's cases are first-instance unless it says otherwise: "二审…有多少件" is not answered by a count that
    # names no instance, nor by a 一审 one
    asked = qualifiers(normalize("2020年芒市行政机关涉及的二审行政诉讼案件有多少件？"))
    assert contradicts(asked, normalize("开庭审理的38件案件中，行政机关负责人出庭应诉36件。"))
    assert contradicts(asked, normalize("全市行政机关共发生一审行政诉讼案件42件。"))
    assert not contradicts(asked, normalize("二审行政诉讼案件11件，维持9件。"))
    # a first instance asked is what reports count without saying so
    assert not contradicts(qualifiers(normalize("一审行政诉讼案件有多少件？")), normalize("行政诉讼案件42件。"))


def test_a_review_body_is_not_the_respondent():
    # a bureau's review cases: those against it are not those it decides
    asked = qualifiers(normalize("市场监管局作为行政复议机关受理了多少件行政复议申请？"))
    assert contradicts(asked, normalize("全年被申请行政复议案件23件，维持14件。"))
    assert not contradicts(asked, normalize("作为行政复议机关受理行政复议申请5件。"))
    assert not contradicts(qualifiers(normalize("被申请行政复议的案件有多少件？")), normalize("被申请复议23件。"))


def test_each_marked_value_asked_is_looked_for_in_every_text():
    from qa.text.qualifiers import marked_unsaid, qualifiers

    asked = qualifiers("各地行政诉讼案件中二审和再审的各有多少件？")
    texts = ["新收再审案件3件。", "全年审结二审案件12件。"]
    # given once, as a generator: the search for 二审 reads past the text that says 再审
    assert marked_unsaid(asked, (t for t in texts)) is None
    assert marked_unsaid(asked, (t for t in texts[1:])) == "再审"


@pytest.mark.parametrize(
    "question, sentence, contradicted",
    [
        # a grade a review gave: 不合格 is not 优秀, and a count of all the files names no grade
        ("行政执法案卷评查中评为不合格的案卷有多少卷？", "共抽查案卷420卷,评出优秀案卷58卷", True),
        ("行政执法案卷评查中评为不合格的案卷有多少卷？", "共抽查案卷420卷,对发现问题的案卷逐一反馈", True),
        ("行政执法案卷评查中评为不合格的案卷有多少卷？", "评出优秀案卷58卷,不合格案卷3卷", False),
        ("评出优秀案卷多少卷？", "共抽查案卷420卷,评出优秀案卷58卷", False),
        # a plain pass is no marked grade, and 不合格 / 基本合格 are not it
        ("学法考试合格率是多少？", "参考率100%,合格率99.6%", False),
        ("学法考试合格率是多少？", "不合格人员3名,全部补考", True),
    ],
)
def test_a_grade_asked_must_be_the_sentences_grade(question, sentence, contradicted):
    assert contradicts(qualifiers(normalize(question)), normalize(sentence)) is contradicted
