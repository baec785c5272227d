"""Who does it (qa/reading/roles.py): the doer a sentence of the bundled reports names for what a question asks."""

from __future__ import annotations

import pytest

from qa.reading.roles import asks_seat, candidates, doer, seat

# Sentences as the bundled reports say them.
ANQUAN = "一是调整了元氏县安全生产委员会组成人员,县长担任安委会主任,县委常委、常务副县长分管安全生产工作。"
ZUZHANG = "由市委书记和市长担任梅河口市法治政府建设领导小组组长,市委常委任副组长,政府各部门一把手任组员。"
GUWEN = "2017年4月,根据市政府要求,我区聘请区检察院、法院、司法局作为我区法律顾问,成立常务副区长为主任的法律顾问团。"
SHIFAN = "培育瀍河国税税局为市级行政执法示范点,按照“五个一”模式,推动服务性执法。"
SHENHE = "各行政执法单位基本配备执法记录仪进行执法活动,重大执法决定均由各单位法规科进行合法性审核。"
JIZHONG = "近年来,行政复议案件增长趋势明显,主要集中在工商部门的商品流通领域。"
LINGDAO = "建立法治政府建设领导小组,区委书记亲自挂帅任组长,区长任常务副组长,副区长任副组长。"
QINGLI = (
    "2015年2月区政府成立瀍河回族区行政审批制度改革领导小组,由常务副区长具体负责,区编办牵头,区法制办把关,"
    "全面启动行政审批清理核实工作 。"
)


@pytest.mark.parametrize(
    "question, sentence, expected",
    [
        ("元氏县安全生产委员会主任由谁担任?", ANQUAN, "县长"),
        ("梅河口市法治政府建设领导小组组长由谁来当?", ZUZHANG, "市委书记和市长"),
        ("瀍河回族区法律顾问团的主任由谁担任?", GUWEN, "常务副区长"),
        ("瀍河回族区把哪个单位培育成了市级行政执法示范点?", SHIFAN, "瀍河国税税局"),
        ("梅河口市重大的执法决定,由谁把关是否合法?", SHENHE, "各单位法规科"),
        ("行政复议案件主要集中在哪个部门?", JIZHONG, "工商部门"),
        # two posts in one sentence: the one whose clause says the asked post
        ("领导小组的常务副组长由谁担任?", LINGDAO, "区长"),
        ("领导小组的组长由谁担任?", LINGDAO, "区委书记"),
        ("领导小组的副组长由谁担任?", LINGDAO, "副区长"),
        # an office opening its clause, no 由 before it: "区编办牵头"
        ("瀍河回族区行政审批清理核实工作由哪个部门牵头?", QINGLI, "区编办"),
    ],
)
def test_the_doer_of_what_is_asked(question, sentence, expected):
    found = doer(question, sentence)
    assert found is not None and sentence[found[0] : found[1]] == expected


def test_what_is_no_doer():
    # 主任, 责任 and 任务 hold 任 but are no "任" of a post; 一把手 does not end like an office or post.
    assert candidates("落实主体责任,完成年度任务,律师事务所主任参加。") == []
    assert "政府各部门一把手" not in [ZUZHANG[a:b] for a, b, _ in candidates(ZUZHANG)]


@pytest.mark.parametrize(
    "question, sentence",
    [
        ("哪些部门担任了安委会成员?", ANQUAN),  # several asked: the sentence answers, not one doer
        ("行政复议案件主要集中在哪个部门、哪个领域?", JIZHONG),  # two things asked: the doer is half of it
        ("领导小组的组长和常务副组长分别由谁担任?", LINGDAO),
        ("县长担任什么职务?", ANQUAN),  # the doer is named by the question
        ("安委会主任由谁担任?", SHIFAN),  # a sentence that shares nothing with the question
    ],
)
def test_no_doer_answers(question, sentence):
    assert doer(question, sentence) is None


def test_where_a_body_sits_is_said_only_by_where_it_is_set():
    assert asks_seat("梅河口市法治政府建设领导小组办公室设在哪个部门？")
    assert not asks_seat("梅河口市法治政府建设领导小组组长由谁担任？")
    sentence = "成立法治政府建设领导小组,领导小组办公室设在县司法局,负责日常工作。"
    found = seat(sentence)
    assert found is not None and sentence[found[0] : found[1]] == "县司法局"
    # who heads the group says nothing of where its office is
    assert seat(ZUZHANG) is None


def test_a_seat_the_reports_do_not_give_is_not_found(pipeline):
    # 梅河口's report names the group's heads (市委书记和市长担任…组长), never where its office sits
    assert pipeline.ask("梅河口市法治政府建设领导小组办公室设在哪个部门？").answer is None


def test_a_body_set_up_in_an_office_sits_there():
    # "在区司法局设立…调解中心": the office before 设立 is where it sits; a place is no office
    s = "2022年5月,在区司法局设立黄岛区行政争议调解中心,聘请特邀调解员15名"
    found = seat(s)
    assert found is not None and s[found[0] : found[1]] == "区司法局"
    assert seat("在全县15个乡镇设立公共法律服务工作站") is None


@pytest.mark.parametrize(
    "question, post",
    [
        ("平凉市人民政府行政复议委员会的主任由谁担任？", "主任"),
        ("领导小组副组长是谁？", "副组长"),
        ("法律顾问由谁来选聘？", None),
    ],
)
def test_the_post_a_question_asks_the_holder_of(question, post):
    from qa.reading.roles import asked_post

    assert asked_post(question) == post


def test_a_sentence_naming_no_post_does_not_say_who_holds_it(tmp_path):
    from qa.pipeline import Pipeline

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "桐庐县2024年法治政府建设年度报告.txt").write_text(
        "桐庐县2024年法治政府建设年度报告\n一、行政复议\n"
        "成立县人民政府行政复议委员会，聘请律师、高校教师等专家委员9名，建立重大疑难案件提请委员会咨询制度。\n"
        "二、组织领导\n调整县法治政府建设领导小组，县长任组长，常务副县长任副组长。\n",
        encoding="utf-8",
    )
    pipeline = Pipeline.open(tmp_path / "corpus", tmp_path / "index", mode="bm25", show_progress=False)
    assert pipeline.ask("桐庐县行政复议委员会的主任由谁担任？").answer is None
    assert pipeline.ask("桐庐县法治政府建设领导小组组长由谁担任？").answer == "县长[1]"
