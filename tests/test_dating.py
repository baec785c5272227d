"""The year a figure is of by its paragraph (qa/reading/dating.py), on the shapes of the read reports."""

from __future__ import annotations

import pytest

from qa.reading.dating import paragraph_start, year_before, year_in_clause


def _year(text: str, figure: str) -> int | None:
    return year_before(text, text.index(figure))


@pytest.mark.parametrize(
    "text, figure, year",
    [
        # a plan looking back: the year opens a sentence, the figures follow in the next one, over a stray break
        (
            "2024年是攻坚之年。2023年，全市法治政府建设取得积极成效。全年共收到行政复议申请1186件，负责人出庭应诉\n率达到99.2%。",
            "1186件",
            2023,
        ),
        (
            "2024年是攻坚之年。2023年，全市法治政府建设取得积极成效。全年共收到行政复议申请1186件，负责人出庭应诉\n率达到99.2%。",
            "99.2%",
            2023,
        ),
        # a year inside a sentence is that clause's, and leaves the time unclear after it
        (
            "2023年，县政府共收到申请86件；加上2022年结转3件，全年共办理81件。审结案件中，直接纠错率17.6%。",
            "17.6%",
            None,
        ),
        ("在2021年完成改革的基础上，2022年持续深化改革成效。全年纠错89件，纠错率12.6%。", "12.6%", None),
        ("调解和解率不低于25%（2023年全市新收案件2316件）。对纠错率超过20%的部门约谈。", "超过20%", None),
        # a title's years and a span of years date nothing
        ("落实《法治政府建设实施纲要（2021—2025年）》，全年办理案件36件。", "36件", None),
        ("全年办理案件36件。", "36件", None),
    ],
)
def test_the_year_a_paragraph_gives_a_figure(text, figure, year):
    assert _year(text, figure) == year


def test_a_paragraph_ends_at_a_finished_line_and_goes_on_over_a_stray_break():
    text = "一、主要工作：\n2023年，全市取得成效，出庭应诉\n率达到99.2%。\n全年办理案件36件。"
    assert paragraph_start(text, text.index("99.2%")) == text.index("2023年")
    assert paragraph_start(text, text.index("36件")) == text.index("全年")


@pytest.mark.parametrize(
    "text, figure, year",
    [
        # a plan's starting point, dated in its own clause
        ("大力发展公职律师队伍，在2023年底全区公职律师96名的基础上，2024年底前达到120名以上。", "96名", 2023),
        ("大力发展公职律师队伍，在2023年底全区公职律师96名的基础上，2024年底前达到120名以上。", "120名", 2024),
        ("清单事项总数达到500项以上（2023年底为21个领域412项）。", "412项", 2023),
        # the year a figure is compared with is not its own (and, written inside the sentence, leaves it undated)
        ("2024年，出庭应诉率比2023年提高5个百分点，达到95%。", "5个百分点", None),
        ("全年办理案件36件，较2022年增长12%。", "12%", None),
        # no year in the clause: the paragraph's
        ("2023年，全市取得积极成效。全年共收到行政复议申请1186件。", "1186件", 2023),
    ],
)
def test_the_year_a_figures_own_clause_gives_it(text, figure, year):
    at = text.index(figure)
    start = max(text.rfind("。", 0, at) + 1, 0)
    assert year_in_clause(text, start, at) == year


def test_a_year_opening_a_line_under_a_plans_title_dates_its_paragraph():
    # a page's text has no blank lines: the plan's preamble follows its title and 通知 on lines of their own
    text = (
        "温州市人民政府办公室\n2025年3月18日\n温州市2025年法治政府建设工作要点\n"
        "2024年,全市法治政府建设考核位列全省第二。全年新收行政复议案件4127件,市县两级完成合法性审查58件。"
    )
    assert _year(text, "4127件") == 2024 and _year(text, "58件") == 2024
    # a year inside a line's sentence still dates only its clause
    assert _year("全市各部门\n加上2022年结转3件,全年共办理81件。", "81件") is None


def test_the_year_before_in_chinese_numerals_and_in_brackets():
    from qa.reading.dating import LAST_YEAR_SAID, opens_last_year

    # a 红头文件 writing its figures in Chinese numerals: the year before is said there too
    text = "全年共收到行政复议申请二百六十八件,受理二百三十一件,同比增长百分之十七点九(上年受理一百九十六件);"
    assert LAST_YEAR_SAID.search(text)
    assert LAST_YEAR_SAID.search("新收一审行政诉讼案件八十七件,较上年的一百零五件下降百分之十七点一。")
    assert not LAST_YEAR_SAID.search("上年度工作进一步统一部署。")  # 一 of a word is no figure
    # the bracket opens the clause: its figure is the year before's; the one ahead of it is this year's
    assert opens_last_year(text, text.index("一百九十六件"))
    assert not opens_last_year(text, text.index("二百三十一件"))


def test_a_date_in_chinese_numerals_is_a_date():
    from qa.reading.spans import candidates
    from qa.text.normalization import normalize

    norm = normalize("二〇二四年三月，成立区行政复议委员会，三月二十日印发。")
    found = [norm[s:e] for s, e in candidates("date", norm)]
    assert found == ["2024年三月", "三月二十日"]
    assert candidates("date", normalize("用三个月时间完成清理")) == []  # a length of time, no date
