"""Figure questions on the read unseen7 reports: a province asked by its short name, the sentence about as good as a
table row that lacks the question's term, the figure of the asked year among a sentence's figures, the size of a
change asked after what it is against (qa/reading/reader.py, spans.py, qa/retrieval/question.py)."""

from __future__ import annotations

import pytest

from qa.retrieval.question import short_names
from qa.text.normalization import normalize


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
        # round 41: the size of a change is of the report's year, not the year it is against ("较2021年的70件增长")
        ("当阳市2022年复议受理量比前一年多了百分之几？", "增长25.7%[1]"),
        # everyday words: 考过 (通过率), 调成 (调解成功率)
        ("绵竹市2023年参加执法证资格考试的人，考过的比例是多少？", "94.0%[1]"),
        ("绵竹市2023年老百姓之间的纠纷经人民调解后，调成了的比例有多高？", "98.4%[1]"),
    ],
)
def test_figure_questions_on_unseen7(unseen7, question, answer):
    assert unseen7.ask(question).answer == answer


def test_a_headcount_is_not_answered_by_cases_or_a_rows_number(unseen7):
    # "多少名人民调解员": neither 纠纷3275件 nor the indicator row "11<tab>人民调解成功率…" (its number and label)
    assert unseen7.ask("北流市2023年全市共有多少名人民调解员？").answer is None


@pytest.mark.parametrize(
    "question, answer",
    [
        # the lead names the measure (…不予处罚清单…12个领域), the next sentence counts it in the asked unit; the
        # quoted everyday word (“不罚”) is held by the term it stands for (不予处罚)
        ("2022年园区对有轻微违法行为的企业“不罚”了多少件？", "603件[1]"),
        # 撤掉、改掉或者认定违法: 撤销、变更、确认违法 (直接纠错38件), not the applications received (315件)
        ("2023年越城区复议机关把原来行政行为撤掉、改掉或者认定违法的案子一共有几件？", "38件[1]"),
        # "多少个…带头人" counts people (法律明白人3260名), not any 个 (示范村8个)
        ("莱西市2024年在村里培养了多少个懂法律、能帮群众解决问题的带头人？", "3260名[1]"),
        # "同比变化情况如何": the size of the change
        ("2022年园区新收一审行政诉讼案件数量同比变化情况如何？", "同比下降12.3%[1]"),
        # "文号是多少" asks for the document number, not a count
        ("园区轻微违法免罚的那份清单，文号是多少？", "苏园管规字〔2022〕4号[1]"),
        # a table header's unit ("罚没金额(万元)") is no sum
        ("2021年青山湖区所有执法部门加起来一共罚了多少钱？", None),
    ],
)
def test_figure_questions_on_unseen6(unseen6, question, answer):
    assert unseen6.ask(question).answer == answer


def test_what_a_figure_is_of():
    from qa.reading import spans
    from qa.text.normalization import normalize

    said = normalize("依法受理88件，较2021年的70件增长25.7%")
    assert spans.years_of(said, (said.index("25.7%"), said.index("25.7%") + 5)) == set()
    assert spans.years_of(said, (said.index("70件"), said.index("70件") + 3)) == {2021}
    from qa.retrieval.question import question_type

    assert question_type(normalize("那份清单的文号是多少？")) == "fact"
    assert question_type(normalize("清单有多少项？")) == "count"
    assert spans.asks_change(normalize("比前一年多了百分之几？")) == "delta"
    assert spans.asks_change(normalize("案件数量同比变化情况如何？")) == "delta"
    assert spans.asks_change(normalize("涉企行政检查总量比2024年压减多少？")) == "delta"
    assert question_type(normalize("法治建设成效在绩效考评中的分值权重要求是多少？")) == "ratio"
    cut = normalize("涉企行政检查总量较2024年压减15%以上")
    assert spans.is_delta(cut, (cut.index("15%"), cut.index("15%") + 3))
    assert spans.unit_hint(normalize("培养了多少个懂法律的带头人？")) == spans.HEADCOUNT
    assert spans.unit_hint(normalize("有多少个人民调解委员会？")) == "个"
    assert spans.unit_hint(normalize("罚款和没收的钱一共有多少？")) == "元"
    # 个 answers most counts (54个, 81起, 54名), not copies, sums or times
    assert spans.unit_fits("81起", "个") and spans.unit_fits("54名", "个")
    assert not spans.unit_fits("2300余份", "个") and not spans.unit_fits("3次", "个")
    assert spans.unit_hint(normalize("有多少个村请上了村里的法律顾问？")) == "个"  # villages, then what they did
    assert spans.unit_hint(normalize("全市有多少个村配备了村居法律顾问？")) == "个"
    assert not spans.unit_fits("3275件", "名") and spans.unit_fits("557件", "人")
    # "多少件法律事务" counts matters: "公职律师126名" counts people
    assert not spans.unit_fits("126名", "件") and not spans.unit_fits("三十一名", "件")
    row = normalize("11\t人民调解成功率\t≥95%\t97.6%\t超额完成")
    assert all("\t" not in row[s:e] for s, e in spans.candidates("count", row))
    # reports counted by the question are not what it asks them for: "几份年度报告披露的调解和解率" asks no 份
    assert spans.unit_hint(normalize("几份年度报告披露的行政复议调解和解率分别是多少？")) is None
    assert spans.unit_hint(normalize("各地制发了多少份行政复议意见书？")) == "份"
    # a sum asked as a kind of money is said with it in its own clause: "首违不罚…涉及金额" is no fine
    waived = normalize("全年对1347家经营主体适用“首违不罚”，涉及金额1460.5万元。")
    at = waived.index("1460.5万元")
    assert not spans.sum_said(spans.money_kind(normalize("全市行政处罚罚没款总额是多少万元？")), waived, (at, at + 9))
    helped = normalize("办理法律援助案件1143件，为受援人挽回经济损失1870万元。")
    at = helped.index("1870万元")
    assert spans.sum_said(spans.money_kind(normalize("为受援人挽回了多少经济损失？")), helped, (at, at + 7))
    assert spans.money_kind(normalize("涉及金额多少？")) is None  # money of no kind: any sum answers
    built = normalize("投资86万元在市民服务中心建成标准化行政复议服务中心。")
    assert spans.sum_said(spans.money_kind(normalize("建设行政复议服务中心花了多少钱？")), built, (2, 7))
    # a figure written with thousands separators is one figure, not its last group
    money = normalize("全年挽回经济损失1,860万元，以告知承诺方式办理事项3,126件。")
    assert [money[s:e] for s, e in spans.candidates("count", money)] == ["1,860万元", "3,126件"]


@pytest.mark.parametrize(
    "question, answer",
    [
        # the 2024 plan's look back "2023年，全州…可网办率达到91.3%" is 2023's, though the report is of 2024: the
        # plan's goal answers for 2024, the look back for 2023
        ("大理州2024年可网办率要达到多少？", "95%以上[1]"),
        ("大理州2023年政务服务事项可网办率是多少？", "91.3%[1]"),
        # a change is of the figure in the clause before it, which says whose cases they are ("作为被告的…409件")
        ("昆山市2023年以行政机关为被告的一审行政诉讼案件同比增减了多少？", "同比下降7.5%[1]"),
        # everyday words: 新开办 / 企业和个体户 (新登记…市场主体), 少罚 (免罚轻罚)
        ("城关区2023年新开办的企业和个体户有多少户？", "6238户[1]"),
        ("昆山市2023年不罚少罚的案件一共多少件？", "1537件[1]"),
        # what is new is not all there is ("持证执法人员2387名"); money is not a count of firms ("217家市场主体")
        ("2022年香洲区新领到行政执法证的人有多少？", None),
        ("城关区2023年行政处罚罚款和没收的钱一共有多少？", None),
    ],
)
def test_figure_questions_on_unseen8(unseen8, question, answer):
    assert unseen8.ask(question).answer == answer


@pytest.mark.parametrize(
    "question, answer",
    [
        # the plan named by its title is where the goal is said, not what it is about
        ("《绵阳市2025年法治政府建设工作要点》对行政复议调解和解率定的目标是多少？", "不低于35%[1]"),
        # 压减 is a change, its size asked
        ("绵阳市2025年要求涉企行政检查总量比2024年压减多少？", "较2024年压减15%以上[1]"),
        # a weight asked is a share
        ("绵阳市法治政府建设成效在市级目标绩效考评中的分值权重要求是多少？", "不低于5%[1]"),
        # the part counted (一审行政诉讼) is named by the sentence before, across a semicolon
        ("龙华区2024年审结的一审行政诉讼案件中，政府部门打官司输了多少件？", "21件[1]"),
        # the 2023 report's "较上年的12件" is 2022's figure; no report says 2021's
        ("2022年柯城区市场监管局作为被申请人的行政复议案件有多少件？", "12件[1]"),
        ("2021年柯城区市场监管局作为被申请人的行政复议案件有多少件？", None),
        # 告上法庭 is being sued; 亲自到场 is attending: the 出庭应诉率
        ("长阳县政府部门被告上法庭、开庭时单位负责人亲自到场的比例有多高？", "100%[1]"),
    ],
)
def test_figure_questions_on_unseen9(unseen9, question, answer):
    assert unseen9.ask(question).answer == answer


def test_a_figure_of_the_year_before_the_reports():
    from qa.reading.dating import of_last_year

    text = "2023年，我局作为被申请人的行政复议案件共9件，较上年的12件下降25.0%；去年同期为36件"
    assert of_last_year(text, text.index("12件")) and of_last_year(text, text.index("36件"))
    assert not of_last_year(text, text.index("9件")) and not of_last_year(text, text.index("25.0%"))


def test_a_clause_the_year_before_opens():
    from qa.reading.dating import LAST_YEAR_SAID, opens_last_year

    text = "审结3065件。上年全市新收行政复议案件为2727件，案件量连续三年保持增长；审结81件（含上年结转案件4件）"
    assert opens_last_year(text, text.index("2727件")) and LAST_YEAR_SAID.search(text)
    assert not opens_last_year(text, text.index("3065件"))  # its own year's
    assert not opens_last_year(text, text.index("4件"))  # carried over, not last year's count
    assert not LAST_YEAR_SAID.search("上年结转案件4件")


def test_a_lead_office_keeps_its_name_in_brackets():
    from qa.reading.reader import _LEAD_UNIT

    note = "（牵头单位：市市场监管局（市知识产权局）；责任单位：各县（市、区）人民政府）"
    assert _LEAD_UNIT.search(note).group(1) == "市市场监管局（市知识产权局）"
    assert _LEAD_UNIT.search("(牵头单位:市司法局;责任单位:各县(市、区)人民政府)").group(1) == "市司法局"


@pytest.mark.parametrize(
    "question, kind",
    [
        ("行政复议案件数量与一审行政诉讼案件数量之比是多少？", "ratio"),
        ("复议诉讼比是多少？", "ratio"),
        ("比上年增加了多少件？", "count"),  # a change, not a proportion
    ],
)
def test_a_proportion_is_asked_as_a_ratio(question, kind):
    from qa.reading.spans import PATTERNS
    from qa.retrieval.question import question_type

    assert question_type(normalize(question)) == kind
    assert [m.group(0) for m in PATTERNS["ratio"].finditer("之比由上年的1.22∶1提升至1.77∶1，纠错率10.6%")] == [
        "1.22∶1",
        "1.77∶1",
        "10.6%",
    ]


def test_the_parts_of_one_place_are_asked_within_it(pipeline):
    from qa.retrieval.question import question_type

    # 各县 of the one place named is within it: a date asked, not a list across the reports
    assert question_type("怀化市各县市区哪天前要报送年度报告?", one_place=True) == "date"
    assert question_type("怀化市各县市区哪天前要报送年度报告?") == "list"
    assert question_type("元氏县以外的其他县是怎么推进行政复议的?", one_place=True) == "list"
    # and no comparison across the reports answers it with another place's sentences
    query = pipeline.analyse("怀化市各县区是怎么推进行政复议工作的?")
    assert pipeline.compare(query) is None
    answer = pipeline.ask(query)
    assert answer.answer is not None and {c.chunk.region for c in answer.citations} == {"怀化市"}


def test_an_approximate_figure_keeps_its_about():
    from qa.reading.spans import COUNT, RATIO

    assert [m.group(0) for m in COUNT.finditer("减少提交证明材料约4.1万份，逾3000人参加")] == ["约4.1万份", "逾3000人"]
    assert [m.group(0) for m in RATIO.finditer("约30%的案件")] == ["约30%"]
    assert [m.group(0) for m in COUNT.finditer("签约3个项目")] == ["3个"]  # the 约 of 签约 is a word's


def test_a_field_extended_is_a_change():
    from qa.reading.spans import asks_change

    assert asks_change("清单适用领域将扩展到几个?") == "new"
    assert asks_change("适用领域拓展至多少个?") == "new"
    # 以后 dates a change whose size is asked against the year before; without that, it asks the figure after
    assert asks_change("推行“扫码入企”以后,到企业检查的次数比上年少了多少?") == "delta"
    assert asks_change("审批流程再造以后,平均办事时间是多少天?") == "new"


def test_counts_of_visits_and_a_documents_year():
    from qa.reading import spans

    # 家次/件次/户次 are counts of their own (企业 visited, cases attended), not a 家 cut short
    sentence = normalize("为民营企业开展“法治体检”不少于200家次，负责人出庭应诉52件次。")
    assert [sentence[s:e] for s, e in spans.candidates("count", sentence)] == ["不少于200家次", "52件次"]
    assert spans.unit_fits("52件次", "次") and spans.unit_fits("200家次", "家次")
    # the year in a 《title》 names the document; a plan's deadline is the date
    task = normalize("编制并向社会公布《滨海新区2025年度重大行政决策事项目录》（完成时限：2025年4月底前）。")
    assert [task[s:e] for s, e in spans.candidates("date", task)] == ["2025年4月底前"]


def test_a_figure_of_another_noun_or_of_new_ones_is_not_the_part_or_total_asked():
    from types import SimpleNamespace

    from qa.reading import spans

    # "由7名执业律师和法学专家组成": 7名 counts the lawyers; the experts are named, not counted
    sentence = normalize("区政府组建由7名执业律师和法学专家组成的法律顾问团。")
    experts = SimpleNamespace(subset=((("法学",), 4.0), (("专家",), 2.0)), norm=normalize("顾问团中的法学专家有几名？"))
    at = sentence.index("7名")
    assert spans.counts_another_part(experts, sentence, (at, at + 2), at + 6)
    lawyers = SimpleNamespace(subset=((("执业律师",), 4.0),), norm=normalize("顾问团中的执业律师有几名？"))
    assert not spans.counts_another_part(lawyers, sentence, (at, at + 2), at + 6)
    # the set's own noun after the figure ("实行告知承诺制的41项证明事项" for "证明事项中…有多少项") is no other part
    listed = normalize("共梳理证明事项86项，其中实行告知承诺制的41项证明事项。")
    asked = normalize("证明事项中，实行告知承诺制的有多少项？")
    commitment = SimpleNamespace(subset=((("告知承诺制",), 4.0),), norm=asked)
    at = listed.index("41项")
    assert not spans.counts_another_part(commitment, listed, (at, at + 3), at + 7)
    # "新申领行政执法证87人" are this year's new holders, not all holders; asked as new or as the act, they answer
    issued = normalize("组织执法人员培训和考试，新申领行政执法证87人。")
    at = issued.index("87人")
    assert spans.new_unasked(normalize("持有行政执法证件的人员总数是多少？"), issued, at)
    assert not spans.new_unasked(normalize("新领到执法证的有多少人？"), issued, at)
    assert not spans.new_unasked(normalize("申领行政执法证的有多少人？"), issued, at)


def test_a_count_in_ten_thousands_is_of_its_measure():
    from qa.reading import spans

    # "多少万人": people counted in 万 (1.52万名), not any figure at all (新增联系点3个)
    assert spans.unit_hint(normalize("城镇新增就业的目标是多少万人？")) == spans.unit_hint(
        normalize("新增就业多少人？")
    )
    assert spans.unit_hint(normalize("培训了多少万人次？")) == "人次"
    assert spans.unit_hint(normalize("罚没多少万？")) == "万"  # no measure after it: as before
    points = normalize("新增基层立法联系点3个，培养“法律明白人”1.52万名。")
    hint = spans.unit_hint(normalize("培养了多少万人？"))
    assert not spans.in_unit(points, (points.index("3个"), points.index("3个") + 2), hint)
    at = points.index("1.52万名")
    assert spans.in_unit(points, (at, at + 6), hint)


def test_a_share_the_asked_rate_labels_answers_over_a_change_in_the_best_sentence(tmp_path):
    from qa.pipeline import Pipeline

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "甲县2024年法治政府建设年度报告.txt").write_text(
        "甲县2024年法治政府建设年度报告\n一、行政复议\n"
        "全年以县政府工作部门为被申请人的行政复议案件57件，较上年的44件增长29.5%，主要集中在土地征收领域。\n"
        "审结52件，其中维持33件，撤销4件，经调解后申请人撤回申请9件，纠错率13.5%，调解和解率17.3%。\n"
        "二、行政应诉\n全年出庭应诉案件31件，负责人出庭应诉率100%。\n",
        encoding="utf-8",
    )
    pipeline = Pipeline.open(tmp_path / "corpus", tmp_path / "index", mode="bm25", show_progress=False)
    answer = pipeline.ask("甲县2024年行政复议案件的调解和解率为多少？")
    assert answer.answer is not None and answer.answer.startswith("17.3%")


def test_the_figure_after_the_words_said_right_before_how_many_is_the_one_asked(tmp_path):
    from qa.pipeline import Pipeline

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "乙县2023年法治政府建设年度报告.txt").write_text(
        "乙县2023年法治政府建设年度报告\n一、证明事项告知承诺制\n"
        "建立承诺人信用档案，全年开展告知承诺事后核查1876件，发现虚假承诺6件，均已纳入信用记录。\n",
        encoding="utf-8",
    )
    pipeline = Pipeline.open(tmp_path / "corpus", tmp_path / "index", mode="bm25", show_progress=False)
    answer = pipeline.ask("乙县2023年开展告知承诺事后核查，发现虚假承诺多少件？")
    assert answer.answer == "6件[1]"
    assert pipeline.ask("乙县2023年开展告知承诺事后核查多少件？").answer.startswith("1876件")


def test_a_figure_whose_own_label_the_question_says_stays():
    from qa.reading.spans import after_other_words

    # "受理…多少件": 受理426件 is asked, though 行政复议申请 labels the 451件 before it
    sentence = normalize("全年园区共收到行政复议申请451件，受理426件，同比增长21.0%。")
    question = normalize("2022年苏州工业园区受理行政复议申请多少件？")
    at = sentence.index("426")
    assert not after_other_words(question, sentence, (at, at + 4))
    checked = normalize("全年开展事后核查3215件，发现虚假承诺9件。")
    asked = normalize("开展事后核查，发现虚假承诺多少件？")
    at = checked.index("3215")
    assert after_other_words(asked, checked, (at, at + 5))
    assert not after_other_words(asked, checked, (checked.index("9件"), checked.index("9件") + 2))
    # the noun the question counts after its measure word: "几个村" and "2个乡镇、4个村"
    villages = normalize("元氏县选取2个乡镇、4个村作为公共法律服务示范点。")
    at = villages.index("4个村")
    assert not after_other_words(normalize("元氏县选取了几个村作为示范点？"), villages, (at, at + 3))


def test_a_figure_whose_clause_withdraws_it_and_the_reports_counted_as_sources():
    from qa.reading import spans

    # "对调离岗位的87名人员及时注销执法证件": the figure counts those whose cards were cancelled, said after it
    said = normalize("新增行政执法人员189名，对调离执法岗位的87名人员及时注销执法证件。")
    asked = normalize("持有行政执法证件的执法人员总共有多少人？")
    assert spans.withdrawn_unasked(asked, said, said.index("87名"))
    assert not spans.withdrawn_unasked(asked, said, said.index("189名"))  # the next pause ends its clause
    assert not spans.withdrawn_unasked(normalize("注销了多少人的执法证件？"), said, said.index("87名"))
    # "几份材料里": the reports counted, no unit of the figure asked; "几份意见书" is one
    assert spans.unit_hint(normalize("几份材料里披露的行政复议纠错率各是多少？")) is None
    assert spans.unit_hint(normalize("制发了几份行政复议意见书？")) == "份"


def _three_counties(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    said = {
        "桐庐县": "组织全县领导干部和工作人员412人参加年度学法考试，参考率、合格率均达100%。",
        "淳安县": "组织领导干部和国家工作人员年度学法考试，参考5318人，参考率100%，合格率99.6%。",
        "建德市": "组织全市领导干部和工作人员参加年度学法考试，参考率100%，合格率98.7%。",
    }
    for place, sentence in said.items():
        (corpus / f"{place}2024年法治政府建设年度报告.txt").write_text(
            f"{place}2024年法治政府建设年度报告\n一、行政复议\n全年新收行政复议案件126件，审结118件。\n"
            f"二、领导干部学法\n落实政府常务会议会前学法制度，全年学法12次。{sentence}\n",
            encoding="utf-8",
        )
    return corpus


def test_a_figure_no_report_says_in_the_questions_words_is_read_report_by_report(tmp_path):
    from dataclasses import replace

    from qa.pipeline import Pipeline
    from qa.settings import Settings

    # "国家工作人员…合格率" asked of no place: the words are not all in any report's sentence, so no figure is found by
    # them; each report's own rate, read by the reader, answers — one block per report, not the first report's rate
    corpus = _three_counties(tmp_path)
    question = "领导干部和国家工作人员年度学法考试的合格率是多少？"
    pipeline = Pipeline.open(corpus, tmp_path / "index", mode="bm25", show_progress=False)
    answer = pipeline.ask(question)
    assert answer.answer_type == "list"
    assert {c.chunk.region for c in answer.citations} == {"桐庐县", "淳安县", "建德市"}
    assert all(s in answer.answer for s in ("100%", "99.6%", "98.7%"))
    # the same figure in two reports is two answers
    comparison = pipeline.compare(question)
    assert comparison is not None and len(comparison.figures) == 3
    # off: the reader answers from the best passages of all reports
    off = Pipeline.open(
        corpus,
        tmp_path / "index",
        mode="bm25",
        show_progress=False,
        settings=replace(Settings(), compare_read_unseeded=False),
    )
    assert off.ask(question).answer_type == "span"


@pytest.mark.parametrize(
    "sentence, figure, topic, rates, said",
    [
        # the topic in the figure's own clause
        ("全年行政复议纠错率12.7%，同比下降1.2个百分点。", "12.7%", ("行政复议",), ("纠错率",), True),
        # in its sentence, the figure a share of the rate asked
        ("组织领导干部参加年度学法考试，参考率100%，合格率99.6%。", "99.6%", ("学法考试",), ("合格率",), True),
        # in its sentence, but a share of another rate than the one asked
        ("组织领导干部参加年度学法考试，参考率100%，合格率99.6%。", "100%", ("学法考试",), ("合格率",), False),
        ("行政复议纠错率12.7%，涉企案件比例低于30%。", "30%", ("行政复议",), ("纠错率",), False),
        ("行政复议纠错率12.7%，涉企案件占30%。", "30%", ("行政复议",), ("纠错率",), False),
        # no rate asked: the topic in the sentence will do
        ("将法治政府建设纳入年度综合考核，分值占比提高至4%。", "4%", ("法治政府",), (), True),
        # the topic not in the sentence
        ("分值占比提高至4%。", "4%", ("法治政府",), (), False),
    ],
)
def test_what_a_figure_read_report_by_report_is_of(sentence, figure, topic, rates, said):
    from qa.reading.comparison import figure_of

    norm = normalize(sentence)
    at = norm.index(figure)
    assert figure_of(norm, at, at + len(figure), topic, rates) is said


def test_a_count_and_its_noun_stop_before_a_word_of_manner(tmp_path):
    from qa.pipeline import Pipeline

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "桐庐县2024年法治政府建设年度报告.txt").write_text(
        "桐庐县2024年法治政府建设年度报告\n一、营商环境\n全年对972家次市场主体依法不予处罚、对281家次减轻处罚。\n",
        encoding="utf-8",
    )
    pipeline = Pipeline.open(tmp_path / "corpus", tmp_path / "index", mode="bm25", show_progress=False)
    # a count and the noun it counts, not the 依法 after it (jieba tags it a noun); the count held by the head of
    # the noun the question's tokens split (经营 + 主体)
    assert pipeline.ask("桐庐县2024年一共有多少家次经营主体没有被处罚？").answer == "972家次市场主体[1]"


def test_a_signed_cell_is_a_change_and_classes_before_items_one_total():
    from qa.reading import spans
    from qa.text.normalization import normalize

    row = normalize("行政诉讼败诉率\t6.3%\t3.4%\t-2.9个百分点")
    at = row.index("2.9")
    assert spans.is_delta(row, (at, at + 7)) and not spans.is_delta(row, (row.index("3.4%"), row.index("3.4%") + 4))
    assert not spans.is_delta(normalize("温差-5度"), (3, 5))  # a sign outside a table's cell
    assert spans.asks_change(normalize("政府吃官司输掉的比例比2023年降了多少？")) == "delta"
    # "共6个方面28项任务": the total word stands before both counts
    said = normalize("本要点共6个方面28项任务，具体如下：")
    items = (said.index("28项"), said.index("28项") + 3)
    assert spans.with_classes(said, items, parts=True)[0] == said.index("6个")
    assert spans.with_classes(said, items) == items  # what is cited: the items, not the parts
