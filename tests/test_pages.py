"""Running headers and footers of PDF pages (qa/ingest/pages.py)."""

from __future__ import annotations

from qa.ingest.pages import drop_running_lines

BODY = "行政复议机关全年共收到行政复议申请{}件，依法受理{}件，审结{}件，纠错率百分之十二。"


def _pages(n: int, head: str = "某某市人民政府", foot: str = "第 {} 页 共 {} 页") -> list[str]:
    return [f"{head}\n{BODY.format(i, i, i)}\n{BODY.format(i + 1, i, i)}\n{foot.format(i + 1, n)}" for i in range(n)]


def test_a_header_and_a_numbered_footer_on_every_page_go():
    pages, dropped = drop_running_lines(_pages(5))
    assert dropped == 10
    assert all("某某市人民政府" not in p and "页" not in p for p in pages)
    assert all(p.count("行政复议机关") == 2 for p in pages)


def test_a_title_that_repeats_the_header_stays_on_the_first_page():
    pages = _pages(4)
    title = "某某市人民政府\n关于2023年度法治政府建设情况的报告\n"
    pages[0] = pages[0].replace("某某市人民政府\n", "某某市人民政府\n" + title, 1)
    out, _ = drop_running_lines(pages)
    assert out[0].startswith("某某市人民政府\n关于2023年度")


def test_lines_on_too_few_pages_or_too_long_stay():
    two, dropped = drop_running_lines(_pages(2))
    assert dropped == 0 and two == _pages(2)
    # A long line repeated at the top of every page is prose, not furniture.
    long_head = "本报告所称行政复议案件包括市县两级行政复议机关办理的全部案件及行政复议调解和解案件在内的各类情形"
    pages, _ = drop_running_lines(_pages(5, head=long_head))
    assert all(p.startswith(long_head) for p in pages)
    # A line on only some pages' edges stays.
    mixed = _pages(6, head="某某市人民政府")
    mixed = [p.replace("某某市人民政府", "市司法局", 1) if i % 2 else p for i, p in enumerate(mixed)]
    out, _ = drop_running_lines(mixed)
    assert sum("某某市人民政府" in p for p in out) == 3 and sum("市司法局" in p for p in out) == 3


def test_a_pages_footnotes_move_after_the_sentence_running_over_its_foot():
    from qa.ingest.pages import move_footnotes

    pages = [
        "纠错率¹为14.5%，以调解、和解方式结案63件，占审结案\n¹ 纠错率=（撤销+纠正）÷审结数。\n⁴ 含转送的申请9件。",
        "件的29.4%。从案件类型看，政府信息公开类76件。",
        "最后一页。\n² 出庭应诉率=出庭案件数÷通知出庭案件数。",
    ]
    out = move_footnotes(pages)
    assert out[0] == "纠错率¹为14.5%，以调解、和解方式结案63件，占审结案"
    assert out[1].startswith("件的29.4%。\n¹ 纠错率=") and out[1].endswith("9件。\n从案件类型看，政府信息公开类76件。")
    assert out[2] == pages[2]  # the last page's notes stay
    assert move_footnotes(["正文第一页\n第二行", "正文"]) == ["正文第一页\n第二行", "正文"]  # no notes: unchanged


def test_circled_footnotes_move_when_the_page_refers_to_them():
    from qa.ingest.pages import move_footnotes

    pages = [
        "推行行政复议“一站式”服务①，群众可就近申请。联合区人民调解委员会开展协\n"
        "① “一站式”服务点共设10个，其中街道（镇）服务点\n 8个，全年转交申请37件。",
        "商调解，全年调解和解28件。",
    ]
    out = move_footnotes(pages)
    assert out[0].endswith("开展协")
    # the note's wrapped line runs on; it stands after the sentence the page break cut
    note = "① “一站式”服务点共设10个，其中街道（镇）服务点8个，全年转交申请37件。"
    assert out[1] == f"商调解，全年调解和解28件。\n{note}\n"
    # a list numbered ①② at a page's foot that no word above refers to stays where it is
    listed = ["主要做法如下：\n①加强领导，压实责任。\n②完善制度，规范程序。", "下一页。"]
    assert move_footnotes(listed) == listed


def test_a_circled_number_opens_a_line_unless_it_marks_the_word_before():
    from qa.ingest.unwrap import _STARTS_ITEM

    assert _STARTS_ITEM.match("① “一站式”服务点共设10个")
    assert not _STARTS_ITEM.match("①，群众可就近提交申请")
