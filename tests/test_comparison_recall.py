"""Comparisons that cite every report saying the asked thing (round 41), on the read unseen7 reports (a PDF, an OCR
text, a Markdown page, a province's page, a Word file): a report whose best sentence the relevance model doubts is
listed when the model gives it at least the artefact's floor; a placeless figure question finds each report's figure
although the question's rarest word is one no report uses; a rank or a sum no report gives is not answered with
other counts; one report's figure does not stand for "别的地方"."""

from __future__ import annotations

from qa.document import Chunk
from qa.reading import comparison as comparing
from qa.reading.relevance import shipped
from qa.text.normalization import normalize


def _cited(answer) -> set[str]:
    return {c.chunk.doc_id for c in answer.citations}


def _holders(pipe, word: str) -> set[str]:
    return {d.doc_id for d in pipe.documents() if word in normalize(d.text)}


def test_the_floor_lives_with_the_model():
    model = shipped()
    assert model is not None and 0 < model.floor < model.threshold


def test_every_report_giving_the_asked_rate_is_cited(unseen7):
    # 当阳's 败诉率 stands in a sentence after the one that names 行政诉讼: listed at the floor 0.2, not at 0.3 (three
    # reports). 北流's, in a sentence and an annex row that do not say 行政诉讼, is still left out (the topic taken is
    # 当被告/行政诉讼, not the 败诉 of 输官司).
    holders = _holders(unseen7, "败诉率")
    answer = unseen7.ask("政府当被告打官司，各地输官司的比例有多高？")
    assert len(holders) == 5 and len(holders & _cited(answer)) >= 4


def test_a_figure_asked_in_a_word_no_report_uses(unseen7):
    # "培训课": no report says 课; each report's 学时 figure is still its answer
    answer = unseen7.ask("执法队员一年要上多少个学时的培训课？")
    lines = answer.answer.split("\n")
    assert len(_cited(answer)) >= 4 and all("学时" in line for line in lines), answer.answer


def test_a_rank_is_not_answered_with_counts(unseen7):
    answer = unseen7.ask("各地营商环境评价在全省排第几名？")
    assert answer.answer is None and "名次" in answer.note


def test_a_sum_paid_after_a_lost_case_is_its_topic(unseen7):
    # "输了官司", "赔给老百姓": 败诉 and 国家赔偿, not 老百姓 (whose sentences gave counts of other things)
    query = unseen7.analyse("政府输了官司以后，各地一年赔给老百姓多少钱？")
    topic = unseen7._topic(query, query.norm).topic
    assert any("败诉" in alts for alts in topic) and any("国家赔偿" in alts for alts in topic)
    assert unseen7.ask(query).answer is None


def _item(text: str) -> comparing.ReportItem:
    chunk = Chunk("c", "d", 0, len(text), text, ())
    return comparing.ReportItem(
        "d", "某县", 2023, "年度报告", None, "成效", [comparing.PickedSentence(chunk, 0, len(text), text)]
    )


def test_a_rank_is_said_by_a_place_in_a_ranking_only():
    asked = normalize("各地营商环境评价在全省排第几名？")
    assert comparing.unit_unsaid(asked, [_item("全县配备专兼职人民调解员1263名。")]) == comparing.RANK
    assert comparing.unit_unsaid(asked, [_item("营商环境评价位列全省第3名。")]) is None
    assert comparing.unit_unsaid(normalize("各地营商环境排第几名，是怎么做的？"), [_item("调解员1263名。")]) is None
    # an ordinal is not a rank
    ordinal = normalize("各地的普法工作分别对应第几个五年普法？")
    assert comparing.unit_unsaid(ordinal, [_item("扎实开展“八五”普法中期评估验收工作。")]) != comparing.RANK


def test_a_place_without_a_report_is_not_answered_with_the_others_figures(pipeline):
    # 正定县 has no report (元氏县's names it): the bundled reports' own counts are not its count
    answer = pipeline.ask("正定县办理了多少件行政复议案件？")
    assert answer.answer is None and "正定县" in answer.note


def test_a_town_in_a_report_is_not_answered_with_its_places_figures(pipeline):
    # 芷江镇 is named by 怀化市's report (a model town), 高寨街道 by 互助县's plan: their places' counts are not theirs
    answer = pipeline.ask("芷江镇办理了多少件行政复议案件？")
    assert answer.answer is None and "芷江镇" in answer.note
    assert pipeline.analyse("高寨街道2024年要办多少件行政复议案件？").places_elsewhere == ("高寨街道",)
    # a sentence that names the town answers for it
    answer = pipeline.ask("芷江镇被命名为什么？")
    assert answer.answer is not None and "示范乡镇" in answer.answer
    # a common word before 园区 or 乡镇 is no name
    query = pipeline.analyse("各乡镇和农业示范园区配备了多少名法律顾问？")
    assert query.parts_named == ()


def test_a_sum_is_said_by_what_it_is():
    spent = normalize("各地政府一年请法律顾问花了多少钱？")
    # a sum a sentence mentions on the way is not what was spent
    assert comparing.unit_unsaid(spent, [_item("审查合同协议86件，涉及金额约23.6亿元。")]) == "元"
    assert comparing.unit_unsaid(spent, [_item("全年支付法律顾问费用36万元。")]) is None
    fined = normalize("各地一年罚了多少钱？")
    assert comparing.unit_unsaid(fined, [_item("全年投入普法经费120万元。")]) == "元"
    assert comparing.unit_unsaid(fined, [_item("全年罚没款共计320万元。")]) is None


def test_a_length_of_time_is_said_in_days_months_or_hours():
    asked = normalize("各地一审行政诉讼案件从立案到判决平均要多长时间？")
    assert comparing.asks_duration(asked)
    assert comparing.unit_unsaid(asked, [_item("全市一审行政诉讼案件409件。")]) == comparing.DURATION
    assert comparing.unit_unsaid(asked, [_item("案件平均审理期限为45天。")]) is None
    assert comparing.unit_unsaid(asked, [_item("在收到之日起2个月内书面回复。")]) is None
    assert comparing.unit_unsaid(asked, [_item("于2023年6月30日前完成。")]) == comparing.DURATION  # a date's day
    # how often is no length of time: "每半年召开1次府院联席会议" answers "多久开一次"
    assert not comparing.asks_duration(normalize("山西、青海两地的府院联席会议打算多久开一次？"))
    assert comparing.asks_duration(normalize("各地一般多长时间能办完一件复议案子？"))


def test_a_sum_or_a_time_no_report_gives_is_not_answered(unseen8):
    for question, said in (("各地请政府法律顾问一年花了多少钱？", "金额"), ("各地行政诉讼案件平均要审多久？", "时长")):
        answer = unseen8.ask(question)
        assert answer.answer is None and said in answer.note, (question, answer.answer)


def test_a_system_named_without_its_zhi_and_a_firm_opened_in_everyday_words(unseen7):
    # "告知承诺制": one report says "实行告知承诺" — the area is written, not absent
    answer = unseen7.ask("哪些地方推行了告知承诺制，怎么做的？")
    assert answer.answer is not None and "实行告知承诺" in answer.answer
    # "开办一家企业" is 企业开办: every report giving the time it takes, the asker's own left out
    c = unseen7.compare("我们是当阳市的，想看看别的地方开办一家企业要多长时间？")
    assert c.excluded == ("当阳市",)
    assert len(c.items) == 4 and all("企业开办" in " ".join(s.text for s in it.sentences) for it in c.items)


def test_what_a_figure_question_measures_no_report_writes(unseen9):
    # no report writes 当庭 or 改判: none gives that share, whatever shares stand beside it
    for q, word in (("各地负责人出庭后当庭发言的比例是多少？", "当庭"), ("各地行政诉讼二审被改判的比例是多少？", None)):
        answer = unseen9.ask(q)
        assert answer.answer is None and "都没有写到" in (answer.note or ""), q
        assert word is None or word in answer.note
    # what it counts, when the topic found holds none of it: 执法记录仪, in all four reports that give it
    c = unseen9.compare("各地给执法人员配备了多少台执法记录仪？")
    assert len(c.items) == 4 and all("执法记录仪" in it.sentences[0].text for it in c.items)
