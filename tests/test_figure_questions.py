"""Figure questions on the read unseen7 reports: a province asked by its short name, the sentence about as good as a
table row that lacks the question's term, the figure of the asked year among a sentence's figures, the size of a
change asked after what it is against (qa/reading/reader.py, spans.py, qa/retrieval/question.py)."""

from __future__ import annotations

import pytest

from qa.retrieval.question import short_names


@pytest.mark.parametrize(
    "region, short",
    [
        ("青海省", "青海"),
        ("广西壮族自治区", "广西"),
        ("新疆维吾尔自治区", "新疆"),
        ("西藏自治区", "西藏"),
        ("寿光市", "寿光"),
    ],
)
def test_a_province_is_asked_by_its_short_name(region, short):
    assert short in short_names(region)


@pytest.mark.parametrize(
    "question, answer",
    [
        # 青海 is the province's report, not an unknown place "青海给农牧区"
        ("青海给农牧区群众印发的藏汉两种文字的普法小册子有多少册？", "12种8.5万册[1]"),
        ("2023年青海新发了多少个执法证？", "4216件[1]"),
        # the row "行政复议纠错案件(件) 15 19" scores a little above "全年纠错19件，纠错率12.5%", which has 纠错率
        ("2023年北流市行政复议纠错率是多少？", "12.5%[1]"),
        # the 2022 report's "依法受理88件，较2021年的70件增长25.7%": the figure of the asked year
        ("当阳市2021年受理的行政复议案件有多少件？", "70件[1]"),
        # what the change is against said first, in a clause of its own; its size said as a share
        ("与上一年相比，寿光市2021年一审行政诉讼案件数量下降了多少？", "同比下降13.5%[1]"),
        ("北流市2023年新收一审行政诉讼案件数量比上年减少的幅度是多少？", "下降13.4%[1]"),
        # a share of a part ("需要出庭的案件中，领导亲自上法庭的比例") said by the rate that names it ("出庭应诉率100%")
        ("绵竹市2023年需要出庭的行政诉讼案件中，单位领导亲自上法庭的比例是多少？", "100%[1]"),
    ],
)
def test_figure_questions_on_unseen7(unseen7, question, answer):
    assert unseen7.ask(question).answer == answer
