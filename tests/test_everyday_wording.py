"""Questions in everyday words answered from the read unseen6 reports: the term table's plain wordings
(qa/data/synonyms.txt), a question naming the report itself ("工作要点提出…", held by the report's title,
qa/reading/gate.py), a rate's goal asked at length ("败诉率的目标是控制在多少": a share, qa/retrieval/question.py)."""

from __future__ import annotations

import pytest

from qa.retrieval.question import question_type


@pytest.mark.parametrize(
    "question, answer",
    [
        ("2022年苏州工业园区被告机关一把手亲自到法庭应诉的比例是多少？", "98.8%[1]"),  # 负责人出庭应诉率
        ("莱西市2024年居民之间的纠纷调成功的比例有多高？", "98.6%[1]"),  # 调解成功率
        ("2023年越城区行政复议案件里，双方坐下来谈妥、调解了结的实际占了多大比例？", "24.7%[1]"),  # 调解和解
        ("2022年铜仁市乡镇（街道）综合执法人员中有执法证的比例只有多少？", "71.5%[1]"),  # 持证率
        ("莱西市2024年对企业轻微违法不罚或少罚，一共少收了多少罚款？", "罚款187.4万元[1]"),  # 减免罚款
        # the plan's body never says 工作要点: its title does
        ("铜仁市2023年法治政府建设工作要点提出，行政机关负责人出庭应诉率要达到多少？", "100%[1]"),
        ("莱西市2025年行政诉讼败诉率的目标是控制在多少？", "5%以内[1]"),
    ],
)
def test_everyday_words_find_the_reports_terms(unseen6, question, answer):
    assert unseen6.ask(question).answer == answer


@pytest.mark.parametrize(
    "question, kind",
    [
        ("莱西市2025年行政诉讼败诉率的目标是控制在多少？", "ratio"),
        ("调解和解率的目标是控制在多少？", "ratio"),
        ("调解和解率的目标是控制在多少件以内？", "count"),  # a unit after 多少: a count
    ],
)
def test_a_rates_goal_asked_at_length_is_a_share(question, kind):
    assert question_type(question) == kind


def test_a_government_bodys_own_lawyer_and_before_a_suit_are_the_reports_terms():
    from qa.text.synonyms import expansions

    said = {phrase: terms for phrase, terms in expansions("东莞打算让机关里的自家律师增加多少人？")}
    assert "公职律师" in said["自家律师"]
    said = {phrase: terms for phrase, terms in expansions("民告官纠纷闹到法院立案之前化解了多少件？")}
    assert said["立案之前"] == ("诉前",)
    said = {phrase: terms for phrase, terms in expansions("改为写承诺书办成的事项有多少件？")}
    assert "告知承诺" in said["写承诺书"]
