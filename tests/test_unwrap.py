"""Hard-wrapped report text (PDF extraction, copied PDF pages) joined back into paragraphs.

The wrapped texts are made here from real reports, the way PDF text looks: every line broken at one width (inside
words and numbers), a page number between blank lines every 38 lines, in the middle of a sentence.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from qa.ingest.corpus import Source, read_and_chunk
from qa.ingest.unwrap import PAGE_NUMBER, join_stray_breaks, split_run_on, unwrap, unwrap_edits, width
from qa.text.source import SourceEdits

ROOT = Path(__file__).resolve().parent.parent
REPORTS = sorted(
    p
    for folder in (ROOT / "corpus", ROOT / "eval/unseen/corpus1", ROOT / "eval/unseen/corpus2")
    for p in folder.iterdir()
    if p.suffix == ".txt"
)


def wrapped(text: str, w: int = 36, per_page: int = 38) -> str:
    out, n, page = [], 0, 1
    for para in text.splitlines():
        para = para.rstrip()
        if not para:
            out.append("")
            continue
        for i in range(0, len(para), w):
            out.append(para[i : i + w])
            n += 1
            if n % per_page == 0:
                out += ["", f"— {page} —", ""]
                page += 1
    return "\n".join(out) + "\n"


def _squeezed(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_a_report_as_it_is_is_left_unchanged(path):
    text = path.read_text(encoding="utf-8")
    assert width(text.split("\n")) is None
    assert unwrap(text) == text
    joined, removed = join_stray_breaks(text)
    # at most a few line breaks inside sentences (page text copied with stray breaks) are taken out
    assert all(r == "\n" for _, r in removed) and len(removed) <= 5
    assert joined.replace("\n", "") == text.replace("\n", "")


def test_a_line_break_inside_a_sentence_is_joined_and_nothing_else():
    para = "2023年，全市一审行政诉讼案件412件，行政机关负责人出庭应诉\n率达到99.2%，行政诉讼败诉率降至6.8%。"
    kept = [
        "指标 2022年 2023年\n行政复议受理案件（件） 97 126",  # a table row
        "发布时间：2024-01-26 来源：区司法局，阅读次数：2187 字号：大 中 小\n2023年，涪城区坚持以习近平",  # page chrome
        "全年共办理行政复议案件326件，其中纠错41件，纠错率12.6%\n（二）推进行政应诉工作",  # a heading follows
        "全年共办理行政复议案件326件，其中纠错41件，纠错率12.6%。\n全年共办理行政应诉案件112件",  # a sentence ends
        "序号 工作任务 牵头单位，责任单位 完成时限\n1 推进行政复议体制改革",  # a table row's number
        "短句，没有说完\n接着说",  # too short to tell
    ]
    joined, removed = join_stray_breaks(para + "\n" + "\n".join(kept) + "\n")
    assert "出庭应诉率达到99.2%" in joined and removed == ((para.index("\n"), "\n"),)
    assert all(k in joined for k in kept)


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
@pytest.mark.parametrize("w", [30, 36, 41])
def test_a_wrapped_report_gets_its_paragraphs_back(path, w):
    original = path.read_text(encoding="utf-8")
    text = wrapped(original, w)
    assert width(text.split("\n")) == w
    joined = unwrap(text)
    assert not any(PAGE_NUMBER.match(line) for line in joined.split("\n"))
    # Nothing lost or added but line breaks and the page numbers.
    assert _squeezed(joined) == _squeezed(re.sub(r"(?m)^— \d+ —$", "", text))
    # Every paragraph is one line again, unless it ended exactly at the width (then the next one is joined to it).
    lines = joined.split("\n")
    paragraphs = [p.rstrip() for p in original.splitlines() if len(p.strip()) > w]
    whole = [p for p in paragraphs if any(p in line for line in lines)]
    assert len(whole) >= 0.9 * len(paragraphs)


def test_indented_paragraphs_come_back_line_for_line():
    original = ("　　全年办理行政复议案件326件，其中纠错41件。" * 6 + "\n") * 30
    text = wrapped(original, 36)
    assert text.count("41件") < original.count("41件")  # figures broken at the line end ("纠错4\\n1件")
    assert unwrap(text) == original


def test_a_page_number_in_a_sentence_and_a_figure_on_its_own_line():
    full = "二" * 36
    lines = [full] * 25 + ["举办领导干部法治专题讲座3期" + "三" * 22, "", "— 1 —", "", "，参训人员820人次。"]
    lines += ["浏览次数：" + "四" * 30 + "1", "378", "", "第 2 页 共 13 页", "", "末"]
    joined = unwrap("\n".join(lines))
    assert "讲座3期" + "三" * 22 + "，参训人员820人次。" in joined
    assert "1378" in joined  # a figure's end after a full line is no page number
    assert "第 2 页" not in joined and "— 1 —" not in joined


def test_a_wrapped_report_is_chunked_as_the_original(tmp_path):
    path = ROOT / "corpus" / "000_526b283554a85fd0.txt"
    (tmp_path / "plain").mkdir()
    (tmp_path / "pdf").mkdir()
    (tmp_path / "plain" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "pdf" / path.name).write_text(wrapped(path.read_text(encoding="utf-8")), encoding="utf-8")
    doc_a, chunks_a = read_and_chunk(Source.file(tmp_path / "plain" / path.name, tmp_path / "plain"))
    doc_b, chunks_b = read_and_chunk(Source.file(tmp_path / "pdf" / path.name, tmp_path / "pdf"))
    assert "lines broken at a fixed width: joined back into paragraphs" in doc_b.warnings
    assert (doc_b.meta.region, doc_b.meta.year, doc_b.meta.doc_type) == (
        doc_a.meta.region,
        doc_a.meta.year,
        doc_a.meta.doc_type,
    )
    same = {_squeezed(c.text) for c in chunks_a} & {_squeezed(c.text) for c in chunks_b}
    assert len(same) >= 0.9 * len(chunks_a)


@pytest.mark.parametrize("path", REPORTS[:4], ids=lambda p: p.name)
@pytest.mark.parametrize("w", [30, 41])
def test_what_joining_took_out_puts_the_file_back_at_its_places(path, w):
    text = wrapped(path.read_text(encoding="utf-8"), w)
    joined, removed = unwrap_edits(text)
    assert joined == unwrap(text) and removed
    assert all(not r.strip() or PAGE_NUMBER.match(r.strip()) for _, r in removed)  # breaks, blanks, page numbers
    rebuilt, pos = [], 0
    for at, r in removed:
        rebuilt += [joined[pos:at], r]
        pos = at
    assert "".join(rebuilt) + joined[pos:] == text
    edits = SourceEdits(removed)
    # Any slice of the joined text maps to the file's offsets, whose text is the same once breaks are taken out.
    for start in range(0, len(joined) - 50, 97):
        end = start + 50
        s, e = edits.offsets(start, end)
        assert text[s:e] == edits.text(joined[start:end], start, end)
        assert _squeezed(re.sub(r"(?m)^— \d+ —$", "", text[s:e])) == _squeezed(joined[start:end])
        # What was taken out at either end stays out: the file's slice starts and ends as the joined one does.
        assert (text[s], text[e - 1]) == (joined[start], joined[end - 1])


def test_a_file_as_it_is_has_nothing_taken_out():
    text = (ROOT / "corpus" / "000_526b283554a85fd0.txt").read_text(encoding="utf-8")
    assert unwrap_edits(text) == (text, ())


def test_cli_json_offsets_of_a_wrapped_file_point_into_the_file(tmp_path, capsys):
    """The contract: a hit's and a citation's text is exactly the file's text between start and end."""
    from qa.interface import cli
    from qa.store.builder import build

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    path = corpus / "000_526b283554a85fd0.txt"
    path.write_text(wrapped((ROOT / "corpus" / path.name).read_text(encoding="utf-8")), encoding="utf-8")
    build(corpus, index, embedder=None, show_progress=False)
    raw = path.read_text(encoding="utf-8")
    questions = ["元氏县办理了多少件行政复议案件?", "元氏县行政机关负责人出庭应诉率是多少?", "元氏县怎样推进府院联动?"]
    common = ["--index", str(index), "--corpus", str(corpus), "--json", "-q", "--mode", "bm25"]
    assert cli.main(["search", questions[0], *common]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits and all(raw[h["start"] : h["end"]] == h["text"] for h in hits)
    assert any("\n" in h["text"].strip() for h in hits)  # the file's own line breaks, where the joined text has none
    answered = 0
    for q in questions:
        assert cli.main(["ask", q, *common]) == 0
        obj = json.loads(capsys.readouterr().out)
        assert all(raw[x["start"] : x["end"]] == x["text"] for x in obj["citations"] + obj["hits"])
        cited = {c["n"]: c["text"] for c in obj["citations"]}
        for p in obj["pieces"]:
            assert raw[p["start"] : p["end"]] == p["text"] and p["text"] in cited[p["citation"]]
        if obj["answer"] is not None:
            answered += 1
            assert obj["answer"] == "\n".join(f"{p['text']}[{p['citation']}]" for p in obj["pieces"])
    assert answered >= 2


def test_a_title_broken_at_the_end_of_a_heading_line_is_joined():
    # a 通知's centred head lines, the 《title》 cut by the line's end; short lines that are no prose otherwise
    head = "天津市滨海新区人民政府办公室关于印发《滨海新区\n  2025年法治政府建设工作要点》的通知\n"
    text = head + "  津滨政办发〔2025〕8号\n"
    joined, removed = join_stray_breaks(text)
    assert joined.split("\n")[0] == "天津市滨海新区人民政府办公室关于印发《滨海新区2025年法治政府建设工作要点》的通知"
    assert joined.split("\n")[1] == "  津滨政办发〔2025〕8号" and removed == ((23, "\n  "),)
    # a closed title, or one the next line does not close, keeps its break
    for kept in ("印发《规程》的通知\n2025年3月\n", "印发《滨海新区\n各街道办事处：\n"):
        assert join_stray_breaks(kept) == (kept, ())


def test_a_running_header_and_a_table_set_out_with_spaces():
    # text copied out of a PDF: the issuer's name over each page, and a table whose columns are runs of spaces
    source = (ROOT / "corpus" / "000_526b283554a85fd0.txt").read_text(encoding="utf-8")
    table = [
        "项目                        2020年        2021年       变化",
        "行政复议申请（件）          28            36           +28.6%",
        "直接纠错率                  7.1%          8.3%         +1.2个百分点",
    ]
    lines = wrapped(source).split("\n")
    lines = lines[:100] + table + lines[100:]
    header = "石家庄市元氏县人民政府"
    with_header = [x for line in lines for x in ([line, header] if re.fullmatch(r"— \d+ —", line) else [line])]
    joined = unwrap("\n".join(with_header))
    assert header not in joined  # no sentence is cut by it
    without = unwrap("\n".join(lines))
    assert _squeezed(joined) == _squeezed(without)
    for row in table:
        assert row in joined.split("\n")  # each row stays a line of its own


def test_paragraphs_run_together_on_one_line_are_lines_again_at_the_same_offsets(tmp_path):
    seed = ROOT / "corpus" / "000_526b283554a85fd0.txt"
    paragraphs = [line.strip() for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = "".join("\u3000\u3000" + p for p in paragraphs)  # a CMS that lost its <p> tags
    page = f"<html><body><div class='nav'>首页 &gt; 政务公开</div><div class='TRS_Editor'>{body}</div></body></html>"
    (tmp_path / "t20240327_1.html").write_text(page, encoding="utf-8")
    (tmp_path / "seed.txt").write_text("\n".join("\u3000\u3000" + p for p in paragraphs), encoding="utf-8")
    doc, chunks = read_and_chunk(Source.file(tmp_path / "t20240327_1.html", tmp_path))
    seed_doc, seed_chunks = read_and_chunk(Source.file(tmp_path / "seed.txt", tmp_path))
    assert [line.strip() for line in doc.text.splitlines() if line.strip()][-len(paragraphs) :] == paragraphs
    assert {c.section for c in chunks} == {c.section for c in seed_chunks}  # the parts and sub-parts found again
    assert doc.meta.region == seed_doc.meta.region and doc.meta.year == seed_doc.meta.year
    split, n = split_run_on(body)
    assert n == len(paragraphs) - 1 and len(split) == len(body)  # a space became the break: offsets unchanged
    assert split.replace("\n", "\u3000") == body


@pytest.mark.parametrize(
    "line",
    [
        "序号\u3000\u3000工作任务\u3000\u3000牵头单位\u3000\u3000" * 20,  # a table's padding: no sentence ends
        "\u3000\u3000全年办理行政复议案件36件。\u3000\u3000纠错率10%。",  # short: a line of its own already
    ],
)
def test_lines_without_run_on_paragraphs_are_left_alone(line):
    assert split_run_on(line) == (line, 0)


def test_lines_wrapped_at_a_width_in_columns_are_found_by_columns_only_when_asked():
    from qa.ingest.unwrap import display_width, wrapping

    # a PDF's printed lines, 56 half-width columns each: a line holding more figures holds more characters
    text = REPORTS[0].read_text(encoding="utf-8")
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    lines, at = [], 0
    for i in range(60):
        digits = 4 * (i % 5)  # 0–16 digits: 28 to 36 characters, more than a few figures' digits make up for
        n = (56 - digits) // 2
        lines.append("".join(han[at : at + n]) + "7" * digits)
        at += n
    assert {display_width(line) for line in lines} == {56}
    assert wrapping(lines) is None  # no one width in characters
    assert wrapping(lines, columns=True)[0] == 56
    joined, edits = unwrap_edits("\n".join(lines), columns=True)
    assert edits and joined.count("\n") == 0  # one paragraph again
    assert unwrap_edits("\n".join(lines)) == ("\n".join(lines), ())  # text taken from a PDF directly: as it is


PLAN = ROOT / "eval/unseen/corpus1/武侯区2024年法治政府建设工作要点.txt"
_LEAD = re.compile(r"^\d+\.[^。]{4,24}。")


def printed_with_bold_leads(text: str, w: int = 28) -> tuple[str, int]:
    """``text`` wrapped at ``w`` as a PDF prints it, each numbered task's bold lead ("1.深入学习贯彻习近平法治思想。")
    put on a line of its own with the rest of its printed line after it, as pypdf reads a lead drawn in another
    font; figures' digits (ASCII marks) take half a character's width, so lines holding them hold more characters."""
    out, leads = [], 0
    for para in text.splitlines():
        para = para.rstrip()
        if not para:
            out.append("")
            continue
        line, cols = "", 0
        lead = _LEAD.match(para)
        for i, ch in enumerate(para):
            line += ch
            cols += 1 if ch.isascii() else 2
            if lead and i + 1 == lead.end() and cols < 2 * w:
                out.append(line)  # the lead, then the rest of the same printed line
                line, leads = "", leads + 1
            if cols >= 2 * w:
                out.append(line)
                line, cols = "", 0
        if line:
            out.append(line)
    return "\n".join(out) + "\n", leads


def test_a_plans_printed_lines_with_their_bold_leads_apart_are_joined_back():
    original = PLAN.read_text(encoding="utf-8")
    text, leads = printed_with_bold_leads(original)
    assert leads >= 20
    assert unwrap_edits(text)[1]  # found hard-wrapped although a lead and its line's rest are two lines
    joined = unwrap(text)
    paragraphs = [p for p in original.splitlines() if p.strip()]
    assert [p for p in joined.splitlines() if p.strip()] == paragraphs
    assert "1.深入学习贯彻习近平法治思想。把习近平法治思想作为区政府党组" in joined


def test_the_address_a_browser_prints_under_each_page_goes_with_the_page_number():
    original = REPORTS[0].read_text(encoding="utf-8")
    url = "http://www.example.gov.cn/art/2024/3/18/art_1229_5891234.html"
    lines = wrapped(original, 36, per_page=30).split("\n")
    pages = [i for i, ln in enumerate(lines) if PAGE_NUMBER.match(ln)]
    assert len(pages) >= 2
    for n, i in enumerate(pages):
        lines[i] = f"{n + 1}/{len(pages) + 1}"
        lines[i - 1] = url  # the blank line above the number
    joined = unwrap("\n".join(lines))
    assert url not in joined and _squeezed(joined) == _squeezed(original)


HUANGDAO = ROOT / "eval/unseen/corpus2/黄岛区2022年法治政府建设情况报告.txt"


def test_a_break_left_by_a_narrower_printed_line_is_joined_but_not_the_date_under_a_signature():
    original = HUANGDAO.read_text(encoding="utf-8")
    lines = wrapped(original, 40).split("\n")
    cut = next(i for i, ln in enumerate(lines) if len(ln) == 40 and "，" in ln[:34] and len(lines[i + 1]) == 40)
    whole = lines[cut] + lines[cut + 1]
    lines[cut : cut + 2] = [lines[cut][:34], lines[cut][34:] + lines[cut + 1]]  # a line of wide letters, cut short
    signed = (
        "\n".join(lines)
        + "\n为全面建设法治政府提供坚实的人才保障，特此报告。青岛市黄岛区人民政府，区司法局代拟\n2023年3月10日\n"
    )
    text, _ = unwrap_edits(signed)
    joined, strays = join_stray_breaks(text)
    assert whole in joined and whole not in text and strays
    assert "代拟\n2023年3月10日" in joined


def test_kangxi_radicals_in_headings_are_read_before_lines_are_joined(tmp_path):
    from qa.ingest.loading import load

    original = HUANGDAO.read_text(encoding="utf-8")
    assert "\n（一）" in original
    path = tmp_path / "report.txt"
    path.write_text(wrapped(original, 36).replace("（一）", "（\u2f00）"), encoding="utf-8")
    text = load(path).text
    assert sum(ln.startswith("（一）") for ln in text.splitlines()) == original.count("\n（一）")
    assert "\u2f00" not in text and _squeezed(text) == _squeezed(original)
