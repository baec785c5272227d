"""Section parser and chunker on the bundled reports and on generated layouts."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.document import Document, DocumentMeta
from qa.ingest import chunking, sections

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _lines(text):
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _chunks(text, max_chars=400):
    body = _lines(text)
    doc = Document("d.txt", text, text, DocumentMeta(), body)
    return chunking.chunk_document(doc, sections.parse(text, text, body), max_chars)


@pytest.mark.parametrize(
    "line, family",
    [
        ("一、加强法治政府建设顶层设计", "cn"),
        ("(一)全面加强党对法治政府建设的领导。", "paren_cn"),
        ("（十二）其他", "paren_cn"),
        ("1.加强组织领导", "num"),
        ("12、完善制度", "num"),
        ("(3)规范执法", "paren_num"),
        ("①第一项", "circled"),
        ("第三章 附则", "chapter"),
        ("2019年,在省委正确领导下", None),
        ("1.5亿元用于建设", None),
        ("一是强化思想引领。", None),
    ],
)
def test_heading_families(line, family):
    assert sections.heading_family(line) == family


def test_inline_enumeration_needs_a_counting_sequence():
    text = "加强建设。一是强化引领。二是加强领导。三是狠抓考核。"
    assert len(sections.inline_items(text, 0, len(text))) == 3
    lone = "他说这是二是的问题。"
    assert sections.inline_items(lone, 0, len(lone)) == []


def test_known_passage_heading_path():
    text = (CORPUS / "000_526b283554a85fd0.txt").read_text(encoding="utf-8")
    hits = [c for c in _chunks(text) if "已办理行政复议案件36件" in c.text]
    assert len(hits) == 1
    assert hits[0].section == ("六、完善社会矛盾纠纷预防调处体系", "(二)提高行政复议行政应诉工作水平")


def test_inline_items_become_subsections():
    text = (CORPUS / "003_b42d8d81e0a81924.txt").read_text(encoding="utf-8")
    chunk = next(c for c in _chunks(text) if "开展习近平法治思想进机关" in c.text)
    assert chunk.section == ("一、2023年主要工作", "(一)强化统筹协调,切实履行主体责任", "一是强化思想引领")


@pytest.mark.parametrize("path", sorted(CORPUS.iterdir()), ids=lambda p: p.name)
def test_chunks_roundtrip_and_size(path):
    text = path.read_text(encoding="utf-8")
    chunks = _chunks(text)
    assert chunks
    for c in chunks:
        assert text[c.start : c.end] == c.text
        assert c.text == c.text.strip()
        assert len(c.text) <= 400
    starts = [c.start for c in chunks]
    assert starts == sorted(starts)
    for a, b in zip(chunks, chunks[1:]):
        assert a.end <= b.start, "chunks overlap"


def test_chunks_split_at_sentence_ends_and_balance():
    sentence = "加强行政复议规范化建设，提升办案质量。"  # 19 chars
    text = "一、行政复议\n" + sentence * 25  # 475 chars of body
    chunks = _chunks(text)
    assert len(chunks) == 2
    assert all(c.text.endswith("。") for c in chunks)
    assert abs(len(chunks[0].text) - len(chunks[1].text)) <= len(sentence)


def test_long_sentence_is_cut_at_commas():
    text = "一、标题\n" + "，".join(["推进依法行政工作"] * 80) + "。"
    chunks = _chunks(text)
    assert len(chunks) >= 2
    assert all(len(c.text) <= 400 for c in chunks)
    assert all(c.text.endswith(("，", "。")) for c in chunks)


def test_heading_only_line_is_path_not_text():
    text = "一、加强法治政府建设\n(一)组织领导\n全县召开会议3次。"
    (chunk,) = _chunks(text)
    assert chunk.text == "全县召开会议3次。"
    assert chunk.section == ("一、加强法治政府建设", "(一)组织领导")


def test_family_order_follows_the_document():
    # A document that nests 1. under (一) and another that uses 1. at the top.
    a = _chunks("一、甲\n(一)乙\n1.丙\n内容一。\n(二)丁\n内容二。")
    assert [c.section for c in a] == [("一、甲", "(一)乙", "1.丙"), ("一、甲", "(二)丁")]
    b = _chunks("1.甲\n内容一。\n2.乙\n内容二。")
    assert [c.section for c in b] == [("1.甲",), ("2.乙",)]


_alphabet = st.sampled_from(
    list("一二三是、。，；（）()1.2\n 行政复议件县市年abc") + ["一是", "二是", "(一)", "1.", "一、"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_alphabet, max_size=300).map("".join), st.integers(min_value=5, max_value=400))
def test_chunker_properties(text, max_chars):
    chunks = _chunks(text, max_chars)
    covered = set()
    for c in chunks:
        assert text[c.start : c.end] == c.text
        assert c.text.strip()
        span = set(range(c.start, c.end))
        assert not covered & span
        covered |= span


def test_lines_styled_as_headings_are_headings_of_their_level():
    # A Word file's heading styles, numbers left to Word: the text says no 一、 or （一）.
    text = (
        "某某区2023年法治政府建设情况报告\n"
        "2023年，我区深入推进法治政府建设。\n"
        "依法全面履行政府职能\n"
        "深化放管服改革\n"
        "全年取消行政许可事项12项。\n"
        "1.推行告知承诺制。共办理承诺事项300件。\n"
        "推进严格规范公正文明执法\n"
        + "全面推行行政执法三项制度，全年公示执法信息1.2万条，重大执法决定法制审核率100%，执法全过程记录全覆盖，"
        "各执法部门配备执法记录仪320台。\n"
    )
    styled = tuple(
        (text.index(line), level)
        for line, level in (
            ("某某区2023年法治政府建设情况报告", 1),
            ("依法全面履行政府职能", 1),
            ("深化放管服改革", 2),
            ("推进严格规范公正文明执法", 1),
            ("全面推行行政执法三项制度", 2),  # a styled paragraph of prose stays prose
        )
    )
    blocks = sections.parse(text, text, _lines(text), styled)

    def path(start: str) -> tuple[str, ...]:
        return next(b.path for b in blocks if text[b.start : b.end].startswith(start))

    assert path("某某区2023年") == ()  # the title is text, no section
    assert path("全年取消") == ("依法全面履行政府职能", "深化放管服改革")
    assert path("1.推行") == ("依法全面履行政府职能", "深化放管服改革", "1.推行告知承诺制")
    assert path("全面推行") == ("推进严格规范公正文明执法",)
    # without the styles the same lines are body text
    assert all(b.path[:1] != ("依法全面履行政府职能",) for b in sections.parse(text, text, _lines(text)))


def test_a_parts_number_on_a_line_of_its_own_numbers_the_heading_after_it():
    # A WeChat article sets each part's number in a coloured box ("01"), its heading on the next line; the number
    # counts up from 1. A lone figure or a count that skips is text; a number before a numbered heading is decoration.
    text = (
        "某某区2023年度法治政府建设情况报告\n"
        "2023年，我区深入推进法治政府建设。\n"
        "01\n"
        "2023年主要工作\n"
        "(一)深化行政复议体制改革\n"
        "全年受理行政复议案件120件。\n"
        "02\n"
        "存在的问题\n"
        "基层执法力量薄弱。\n"
        "PART 03\n"
        "下一步工作打算\n"
        "(一)深化行政复议规范化建设\n"
        "力争行政复议调解和解率达到30%。\n"
        "05\n"
        "全年办结\n"
        "本年度共化解纠纷80件。\n"
    )
    blocks = sections.parse(text, text, _lines(text))

    def path(start: str) -> tuple[str, ...]:
        return next(b.path for b in blocks if text[b.start : b.end].startswith(start))

    assert path("全年受理") == ("2023年主要工作", "(一)深化行政复议体制改革")
    assert path("基层执法") == ("存在的问题",)
    assert path("力争") == ("下一步工作打算", "(一)深化行政复议规范化建设")
    assert sections.is_plan_section(path("力争"), "年度报告", 2023)
    assert not sections.is_plan_section(path("全年受理"), "年度报告", 2023)
    assert not any(text[b.start : b.end] in ("01", "02", "PART 03") for b in blocks)  # the boxes' numbers: no text
    assert path("05") == ("下一步工作打算", "(一)深化行政复议规范化建设")  # 04 skipped: "05" is text, not a box
    # a number before a heading that numbers itself is decoration: the heading keeps its own family
    typed = "报告\n01\n一、主要工作\n全年受理案件120件。\n02\n二、下一步打算\n力争办结率100%。\n"
    assert [b.path for b in sections.parse(typed, typed, _lines(typed))][1:] == [("一、主要工作",), ("二、下一步打算",)]


def test_a_table_row_numbered_in_its_first_cell_is_text_not_a_heading():
    text = (
        "三、下一步打算\n（一）提高政务服务效能\n进一步简政放权，优化审批流程。\n附件\n主要指标完成情况表\n"
        "序号\t类别\t指标名称\t年度目标值\t实际完成值\n1\t行政复议\t行政复议综合纠错率\t≥20%\t28.42%\n"
        "2\t行政应诉\t行政机关负责人出庭应诉率\t≥95%\t100%\n"
    )
    chunks = _chunks(text)
    rows = [c for c in chunks if "出庭应诉率" in c.text]
    assert rows and "≥95%\t100%" in rows[0].text  # the row is text, in a chunk
    # the annex is no part of the last section: its table holds no next-year plan
    assert all(not c.section or c.section[0] != "三、下一步打算" for c in chunks if "28.42%" in c.text)
    assert sections.heading_family("1\t行政复议\t行政复议综合纠错率\t≥20%\t28.42%") is None
    assert sections.heading_family("一、\t总体要求") == "cn"  # a tab after a heading's number: still a heading


def test_an_introducing_line_says_what_its_items_are():
    # The plans and shortcomings at the end of a report, under its last item's heading with no heading of their own:
    # the line that introduces each run says what the run is.
    text = (
        "六、深入开展普法\n（四）加强法治文化阵地建设。建成法治文化公园1个。\n"
        "2020年，我市法治政府建设仍存在一些不足：一是部分领导干部能力有待提升；二是执法力量薄弱。\n"
        "2021年，我市将重点抓好以下工作：\n一是深入学习宣传习近平法治思想。\n二是稳步推进行政复议体制改革。\n"
    )
    blocks = sections.parse(text, text, _lines(text))
    by_start = {text[b.start : b.start + 5]: b.path for b in blocks}
    assert not sections.is_plan_section(by_start["（四）加强"], "年度报告", 2020)
    shortcomings = by_start["一是部分领"]
    assert sections.is_problem_section(shortcomings) and not sections.is_plan_section(shortcomings, "年度报告", 2020)
    plans = by_start["二是稳步推"]
    assert sections.is_plan_section(plans, "年度报告", 2020) and plans[:2] == (
        "六、深入开展普法",
        "（四）加强法治文化阵地建设",
    )
    # under a heading that already says so, the line adds nothing to the path
    text = "三、存在的问题\n一年来仍存在一些不足：\n一是能力有待提升。\n二是力量薄弱。\n"
    assert {b.path for b in sections.parse(text, text, _lines(text))} == {("三、存在的问题",)}


def test_an_annex_with_its_title_and_one_in_the_middle():
    # "附表：…主要数据" after the plans is the year's figures, not a plan; one set in the middle of a part ends when
    # the report's next heading comes ("(二)" after "(一)"), while an annex's own "一、" stays in it
    text = (
        "一、主要工作\n（一）行政复议。全年受理45件。\n附表：2020年主要数据\n行政复议\t45件\n（二）行政应诉。应诉20件。\n"
        "二、2021年工作安排\n（一）深化改革。力争纠错率达到15%。\n附表：长丰县2023年法治政府建设主要数据\n纠错率\t12.0%\n"
        "附件1\n一、行政复议和行政应诉\n复议\t45件\n"
    )
    paths = {text[b.start : b.start + 6]: b.path for b in sections.parse(text, text, _lines(text))}
    assert paths["行政复议\t4"] == ("附表",)
    assert paths["（二）行政应"] == ("一、主要工作", "（二）行政应诉")
    assert paths["纠错率\t12"] == ("附表",)
    assert not sections.is_plan_section(paths["纠错率\t12"], "年度报告", 2020)
    assert paths["复议\t45件"] == ("附件1", "一、行政复议和行政应诉")
