"""A result asked is answered by the report's result, a goal asked by its goal (qa/reading/spans.py), on unseen5's
reports (eval/unseen/corpus5): each states a rate's result in its text and the next year's goal in its plan part."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.reading import spans
from qa.text.normalization import normalize


@pytest.fixture(scope="module")
def unseen5(tmp_path_factory):
    from qa.pipeline import Pipeline

    corpus = Path(__file__).resolve().parent.parent / "eval" / "unseen" / "corpus5"
    return Pipeline.open(corpus, tmp_path_factory.mktemp("unseen5-index"), show_progress=False)


@pytest.mark.parametrize(
    "question, answer",
    [
        # the plan part's "力争行政机关负责人出庭应诉率达到100%" was quoted: a goal of the next year, unbounded
        ("渝北区2022年行政机关负责人出庭应诉率是多少？", "96.9%[1]"),
        ("东胜区2024年行政机关负责人出庭应诉率是多少？", "97.9%[1]"),
        ("东胜区2024年实际实现的行政复议调解和解率是多少？", "18.6%[1]"),  # not "力争…达到25%"
        ("东胜区2024年政务服务事项全程网办率达到了多少？", "92.4%[1]"),  # not "力争…达到95%以上"
        # a goal asked: the goal, said as one after its figure ("超过年初确定的95%工作目标"), not the result 96.8%
        ("2023年初，昆山市为行政机关负责人出庭应诉率确定的工作目标是多少？", "95%[1]"),
        # a plan of that year holds no result of it: its goal stands ("2023年…93.4%" is the year before's)
        ("儋州市2024年行政机关负责人出庭应诉率是多少？", "95%以上[1]"),
        # the year before, which the plan recalls further down than its goals ("2023年，…出庭应诉率达到93.4%")
        ("2023年儋州市行政机关一把手亲自出庭打官司的比例是多少？", "93.4%[1]"),
        ("2023年儋州市的行政复议案件里，被纠正的比例是多少？", "11.1%[1]"),
        # the 2023 report's plan for the year after says no 2023 figure: "力争…平均审理期限压缩至40日以内"
        ("昆山市2023年办结一件行政复议案件平均要花多少天？", None),
    ],
)
def test_a_result_or_a_goal_as_asked(unseen5, question, answer):
    assert unseen5.ask(question).answer == answer


def test_a_figure_named_as_a_goal_is_one():
    said = normalize("行政机关负责人出庭应诉率达96.8%,超过年初确定的95%工作目标。")
    (a, b), (c, d) = spans.candidates("ratio", said)
    assert said[a:b] == "96.8%" and said[c:d] == "95%"
    assert not spans.is_target(said, (c, d))  # no bound, no 力争: the word after it says it
    assert spans.goal_named(said, (c, d)) and not spans.goal_named(said, (a, b))


@pytest.mark.parametrize(
    "question, answer",
    [
        # the size of a change, with its direction and what it is against: the direction is half the answer
        ("与上年相比，昆山市2023年行政诉讼败诉率变化了多少？", "同比下降1.6个百分点[1]"),  # a rate's, in points
        ("2023年儋州市行政诉讼败诉率同比下降了多少？", "同比下降2.8个百分点[1]"),  # not the cases' 同比增长14.1%
        ("东胜区2024年当被告的一审行政官司跟上一年比是多了还是少了，变化幅度多大？", "同比下降15.5%[1]"),
        ("渝北区2022年老百姓申请复议的数量比上一年涨了多少？", "同比增长21.5%[1]"),
        # said in the paragraph's next sentence: "共受理矛盾纠纷2137件,…;受理数同比下降7.3%"
        ("跟前一年比，崇福镇2022年人民调解受理的纠纷数量是增加还是减少了？幅度是多少？", "同比下降７．３％[1]"),
    ],
)
def test_how_much_a_figure_changed(unseen5, question, answer):
    assert unseen5.ask(question).answer == answer


@pytest.mark.parametrize(
    "question, direction",
    [
        ("败诉率同比下降了多少", "down"),
        ("比上一年涨了多少", "up"),
        ("比上年增加了多少名", "up"),
        ("是增加还是减少了？幅度是多少", None),
        ("变化了多少", None),
    ],
)
def test_the_direction_a_change_is_asked_in(question, direction):
    assert spans.asks_change(normalize(question)) == "delta"
    assert spans.asked_direction(normalize(question)) == direction


def test_a_changes_size_is_quoted_with_its_verb_and_what_it_is_against():
    said = normalize("败诉23件,败诉率4.3%,较上年下降2.5个百分点;收案586件,同比增长14.1%")
    points = [said[a:b] for a, b in spans.candidates("points", said)]
    assert points == ["2.5个百分点"] and [said[a:b] for a, b in spans.candidates("ratio", said)] == ["4.3%", "14.1%"]
    (a, b), (c, d) = spans.candidates("ratio", said)
    assert not spans.is_delta(said, (a, b)) and spans.delta_direction(said, (c, d)) == "up"
    start = said.index("2.5")
    span = (start, start + len("2.5个百分点"))
    assert spans.delta_direction(said, span) == "down"
    x, y = spans.with_change(said, span)
    assert said[x:y] == "较上年下降2.5个百分点"


def test_the_words_a_change_is_asked_with_are_no_content():
    from qa.retrieval.query import change_frame

    assert change_frame(normalize("东胜区一审行政官司跟上一年比是多了还是少了，变化幅度多大？")) == (
        "跟上一年比是",
        "多了还是少了",
        "变化幅度多大",
    )
    assert change_frame(normalize("东胜区一审行政诉讼案件同比下降了多少？")) == ()  # the reports' own words stay


def test_a_time_limit_and_an_area_are_counts_in_days_and_square_metres(unseen5):
    from qa.retrieval.question import question_type

    for question, unit in (
        ("决定作出后多长时间内必须公示", "天"),
        ("办案场所面积有多大", "平方米"),
        ("多久以内要办结", "天"),
    ):
        assert question_type(normalize(question)) == "count" and spans.unit_hint(normalize(question)) == unit
    # how often is no count of days ("每年发布1次" answers it), nor is how long a thing takes: a sentence says it
    for question in ("互助县行政复议典型案例多久发布一次？", "开个公司多长时间能办下来？"):
        assert question_type(normalize(question)) == "fact"
    assert spans.unit_fits("7个工作日内", "天") and not spans.unit_fits("7项", "天")
    # days said as 日 in a limit are a count; a date's day is not
    said = normalize("简易程序案件原则上在30日内审结,2023年3月5日印发")
    assert [said[a:b] for a, b in spans.candidates("count", said)] == ["30日内"] and spans.unit_fits("30日内", "天")
    # a time limit keeps its 内, as a bound keeps its 以内
    assert unseen5.ask("儋州市行政处罚决定作出后多长时间内公示？").answer == "7个工作日内[1]"
