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
