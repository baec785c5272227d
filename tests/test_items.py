"""A work plan's task asked by its number, and the offices' note after a task (qa/reading/items.py, reader.py)."""

from __future__ import annotations

import pytest

from qa.reading import items
from qa.text.normalization import normalize

PLAN = (
    "桐庐县2025年法治政府建设工作要点\n"
    "一、深化行政复议体制改革\n"
    "1.推进行政复议便民化。2025年6月底前在全县14个乡镇设立行政复议服务点，实现乡镇全覆盖。\n"
    "牵头单位：县司法局；配合单位：县政务服务管理局、各乡镇人民政府\n"
    "2.推行行政复议繁简分流。对事实清楚、争议不大的案件适用简易程序，自受理之日起30日内审结。\n"
    "牵头单位：县司法局\n"
    "二、严格规范公正文明执法\n"
    "3.推行包容审慎监管。2025年7月底前动态调整《桐庐县轻微违法行为免予行政处罚事项清单》，覆盖执法领域不少于15个。\n"
    "牵头单位：县司法局；配合单位：县市场监督管理局、县交通运输局\n"
    "4.加强行政执法监督。聘请行政执法社会监督员30名，全年开展执法案卷评查不少于2次。\n"
    "牵头单位：县司法局；配合单位：各行政执法部门\n"
)


@pytest.mark.parametrize(
    "question, number",
    [
        ("工作要点第3项任务是什么", 3),
        ("工作要点第十二项讲的是什么工作", 12),
        ("第二十四项任务由哪个单位牵头", 24),
        ("行政复议法第二十条规定了什么", None),  # a law's article, not a plan's item
        ("第几项任务最难", None),
        ("2025年第2次常务会议学了什么", None),
    ],
)
def test_the_number_of_the_item_asked(question, number):
    assert items.asked(normalize(question)) == number


def test_an_item_its_title_and_extent():
    doc = normalize(PLAN)
    span = items.item(doc, 3)
    assert doc[slice(*items.title(doc, span))] == "推行包容审慎监管"
    assert "配合单位:县市场监督管理局" in doc[slice(*span)].replace("：", ":")
    assert "4." not in doc[slice(*span)]  # it ends where the next item opens
    assert items.item(doc, 5) is None  # the plan numbers four items
    # a numbering that restarts in each part is no address: "1." twice
    assert items.item(doc + "三、其他\n1.加强普法。\n", 1) is None


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    from qa.pipeline import Pipeline

    root = tmp_path_factory.mktemp("plan")
    (root / "corpus").mkdir()
    (root / "corpus" / "桐庐县2025年法治政府建设工作要点.txt").write_text(PLAN, encoding="utf-8")
    return Pipeline.open(root / "corpus", root / "index", mode="bm25", show_progress=False)


@pytest.mark.parametrize(
    "question, answer",
    [
        ("桐庐县2025年法治政府建设工作要点第3项任务是什么？", "推行包容审慎监管[1]"),
        ("桐庐县2025年工作要点第1项任务的配合单位有哪些？", "县政务服务管理局、各乡镇人民政府[1]"),
        ("桐庐县2025年工作要点第四项任务由哪个单位牵头？", "县司法局[1]"),
        ("桐庐县2025年工作要点第9项任务的牵头单位是谁？", None),  # the plan has four
        ("桐庐县2025年工作要点第2项任务的配合单位有哪些？", None),  # its note names the lead office only
        # a task named by its words: the partners' note after it
        ("桐庐县2025年推行包容审慎监管这项任务有哪些配合单位？", "县市场监督管理局、县交通运输局[1]"),
        ("桐庐县2025年推行行政复议繁简分流这项任务有哪些配合单位？", None),
    ],
)
def test_a_plans_task_by_its_number_or_words(plan, question, answer):
    assert plan.ask(question).answer == answer


def test_an_item_numbered_by_a_tables_first_cell():
    # a plan's task table read as tab-separated rows: the row opened by the number, its task cell as its title
    doc = normalize(
        "序号\t工作任务\t牵头单位\t责任单位\t完成时限\n三、深化行政复议体制改革\n"
        "15\t推行行政复议繁简分流，简易程序案件30日内审结。\t区司法局\t区政府各部门\t全年\n"
        "16\t发挥行政复议委员会咨询作用，委员会主任由区长担任，年内召开案审会议不少于4次。\t\t区政府办公室\t2025年12月底前\n"
        "17\t强化行政复议监督功能。\t\t各被申请单位\t全年\n"
    )
    span = items.item(doc, 16)
    task = normalize("发挥行政复议委员会咨询作用，委员会主任由区长担任，年内召开案审会议不少于4次。")
    assert doc[slice(*items.title(doc, span))] == task
    assert "强化" not in doc[slice(*span)]  # it ends where row 17 opens
    assert items.item(doc, 4) is None  # "4次" inside a cell opens no row
