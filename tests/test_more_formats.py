"""Reports posted as OFD, a PDF converted to a page, RTF, an Excel task list (.xlsx or .xls), a WPS file or Word
with text boxes: each reads to the text of the report it holds.

The files are built here from bundled reports in the layouts such files come in (an OFD drawn one character per
text object with a scaling CTM, as converters write it, or one object per line; Word's RTF with GBK byte escapes and
a table; a 任务分工表 workbook with a title merged across and offices merged down a column).
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from qa.ingest.loading import IngestError, load

OFD_NS = "http://www.ofdspec.org/2016"
_TASK = re.compile(r"^(\d+)\.(.*)\(牵头单位:(.*?),配合单位:(.*)\)$")
_PART = re.compile(r"^[一二三四五六七八九十]+、")
_SUB_PART = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


def _plain(text: str) -> str:
    return re.sub(r"\s", "", text)


def _paragraphs(corpus_dir, name: str) -> list[str]:
    return [line.strip() for line in (corpus_dir / name).read_text(encoding="utf-8").splitlines() if line.strip()]


# --- OFD ---------------------------------------------------------------------------------------------------------


def _ofd(pages: list[list[str]], per_char: bool) -> bytes:
    """An OFD package of the given pages' lines, 8 mm apart; objects written bottom-up (drawing order is no order)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.1" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>0</ofd:DocID></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        listed = "".join(f'<ofd:Page ID="{i + 10}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages)))
        z.writestr(
            "Doc_0/Document.xml",
            f'<ofd:Document xmlns:ofd="{OFD_NS}"><ofd:CommonData><ofd:MaxUnitID>9999</ofd:MaxUnitID>'
            "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>"
            f"<ofd:Pages>{listed}</ofd:Pages></ofd:Document>",
        )
        for i, lines in enumerate(pages):
            objects, uid = [], 100
            for j, line in enumerate(lines):
                y = 30 + j * 8
                if per_char:  # a character per object, its size and place scaled by the CTM (mm per point)
                    for k, ch in enumerate(line):
                        uid += 1
                        objects.append(
                            f'<ofd:TextObject ID="{uid}" CTM="0.3527 0 0 0.3527 0 0" '
                            f'Boundary="{25 + k * 5.6:.3f} {y - 4} 6 6" Font="3" Size="15.88">'
                            f'<ofd:TextCode X="0" Y="11.34">{escape(ch)}</ofd:TextCode></ofd:TextObject>'
                        )
                else:
                    uid += 1
                    gaps = " ".join(["5.6"] * (len(line) - 1))
                    objects.append(
                        f'<ofd:TextObject ID="{uid}" Boundary="25 {y - 4} 160 6" Font="3" Size="5.6">'
                        f'<ofd:TextCode X="0" Y="4" DeltaX="{gaps}">{escape(line)}</ofd:TextCode></ofd:TextObject>'
                    )
            objects.reverse()
            z.writestr(
                f"Doc_0/Pages/Page_{i}/Content.xml",
                f'<ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content><ofd:Layer ID="{i + 5000}">{"".join(objects)}'
                "</ofd:Layer></ofd:Content></ofd:Page>",
            )
    return buf.getvalue()


def _laid_out(paragraphs: list[str], width: int = 28, per_page: int = 30) -> list[list[str]]:
    """Paragraphs wrapped at a page's width (inside words and numbers), 30 lines a page, "— N —" at each foot."""
    lines = [p[i : i + width] for p in paragraphs for i in range(0, len(p), width)]
    starts = range(0, len(lines), per_page)
    return [lines[s : s + per_page] + [f"— {n} —"] for n, s in enumerate(starts, 1)]


@pytest.mark.parametrize("per_char", [False, True])
def test_an_ofd_reads_as_its_report(tmp_path, corpus_dir, per_char):
    paragraphs = _paragraphs(corpus_dir, "000_526b283554a85fd0.txt")
    (tmp_path / "元氏县2021年法治政府建设年度报告.ofd").write_bytes(_ofd(_laid_out(paragraphs), per_char))
    loaded = load(tmp_path / "元氏县2021年法治政府建设年度报告.ofd")
    assert loaded.format == "ofd"
    # every character of the report, in order; the page numbers dropped; lines broken at the width joined
    assert _plain(loaded.text) == _plain("".join(paragraphs))
    # a paragraph whose last line fills the width cannot be told from one going on; the others are lines again
    lines, long = {_plain(line) for line in loaded.text.splitlines()}, [_plain(p) for p in paragraphs if len(p) > 28]
    assert sum(p in lines for p in long) >= 0.9 * len(long)


def test_ofd_runs_on_one_baseline_are_one_line_and_a_wide_gap_a_tab(tmp_path):
    from qa.ingest.ofd import _lines, _Run

    runs = [
        _Run(x=60, y=50, end=75, size=4, text="56件"),
        _Run(x=20, y=50.5, end=45, size=4, text="行政复议案件"),
        _Run(x=20, y=40, end=40, size=4, text="项目"),
    ]
    assert _lines(runs) == "项目\n行政复议案件\t56件"


def test_ofd_delta_x_runs_and_a_damaged_count():
    from qa.ingest.ofd import _delta_width

    assert _delta_width("g 3 2.5 1") == 8.5  # three gaps of 2.5, then one of 1
    assert _delta_width("g 1e999 3 2") == 2.0  # a count no number holds is skipped, not a crash


def test_a_damaged_ofd_is_one_line_naming_it(tmp_path):
    bad = tmp_path / "报告.ofd"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("OFD.xml", f'<ofd:OFD xmlns:ofd="{OFD_NS}"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml')
    with pytest.raises(IngestError, match=r"^报告\.ofd: 无法读取的 OFD 文件"):
        load(bad)
    # entities that expand a thousand-fold and more (a "billion laughs" package) are refused by the parser
    laughs = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "ha" * 5}">' for i in range(8))
    with zipfile.ZipFile(tmp_path / "炸弹.ofd", "w") as z:
        z.writestr("OFD.xml", f'<?xml version="1.0"?><!DOCTYPE l [{laughs}]><l>&e7;</l>')
    with pytest.raises(IngestError, match=r"^炸弹\.ofd: 无法读取的 OFD 文件"):
        load(tmp_path / "炸弹.ofd")
    # more pages listed than the limit: refused by the count, before any page is read
    (tmp_path / "长.ofd").write_bytes(_ofd([["第一页"], ["第二页"], ["第三页"]], per_char=False))
    with pytest.raises(IngestError, match=r"^长\.ofd: OFD 页数过多 / OFD has 3 pages, more than the limit of 2"):
        load(tmp_path / "长.ofd", max_pdf_pages=2)
    (tmp_path / "假.ofd").write_bytes(b"%PDF-1.4 not an ofd")
    with pytest.raises(IngestError, match=r"^假\.ofd: 不是 OFD 文件"):
        load(tmp_path / "假.ofd")


def test_an_ofd_question_is_answered_with_its_place(tmp_path, corpus_dir):
    from qa.pipeline import Pipeline

    folder = tmp_path / "corpus"
    folder.mkdir()
    paragraphs = _paragraphs(corpus_dir, "000_526b283554a85fd0.txt")
    (folder / "元氏县2021年法治政府建设年度报告.ofd").write_bytes(_ofd(_laid_out(paragraphs), per_char=True))
    pipeline = Pipeline.open(folder, tmp_path / "index", mode="bm25", show_progress=False)
    answer = pipeline.ask("元氏县2021年办理行政复议案件多少件？")
    assert answer.answer is not None and "36件" in answer.answer
    assert answer.citations[0].chunk.region == "元氏县" and answer.citations[0].chunk.year == 2021


# --- a PDF converted to a page (pdf2htmlEX) ------------------------------------------------------------------------


def _pdf2html(pages: list[list[str]]) -> str:
    """Pages as pdf2htmlEX draws them: a page a <div class="pf">, a printed line a positioned <div class="t">, spacer
    spans between characters, a word in another font, the converter's CSS and script around."""
    frames = []
    for n, lines in enumerate(pages, 1):
        divs = "".join(
            f'<div class="t m0 x1 h2 y{i} ff1 fs1 fc0 sc0 ls0 ws0">{escape(line[:3])}<span class="_ _0"></span>'
            f'<span class="ff2">{escape(line[3:5])}</span>{escape(line[5:])}</div>'
            for i, line in enumerate(lines)
        )
        frames.append(
            f'<div id="pf{n:x}" class="pf w0 h0" data-page-no="{n:x}"><div class="pc pc{n:x} w0 h0">'
            f'<img class="bi x0 y0 w1 h1" alt="" src="bg{n:x}.png"/>{divs}</div></div>'
        )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"/><meta name="generator" content="pdf2htmlEX"/>'
        "<style>.ff1{font-family:ff1;}.x1{left:86px;}.y0{bottom:1012px;}._0{width:1.2px;}</style></head><body>"
        '<div id="sidebar"><div id="outline"></div></div><div id="page-container">'
        + "".join(frames)
        + '</div><div class="loading-indicator"></div><script>pdf2htmlEX.defaultViewer = new pdf2htmlEX.Viewer({});'
        "</script></body></html>"
    )


def test_a_pdf_converted_to_a_page_reads_as_its_report(tmp_path, corpus_dir):
    paragraphs = _paragraphs(corpus_dir, "000_526b283554a85fd0.txt")
    (tmp_path / "P020240315382716.html").write_text(_pdf2html(_laid_out(paragraphs)), encoding="utf-8")
    loaded = load(tmp_path / "P020240315382716.html")
    assert loaded.format == "html" and any("pdf2htmlEX" in w for w in loaded.warnings)
    # as an OFD of the same pages: every character in order, page numbers dropped, lines broken at the width joined
    assert _plain(loaded.text) == _plain("".join(paragraphs))
    lines, long = {_plain(line) for line in loaded.text.splitlines()}, [_plain(p) for p in paragraphs if len(p) > 28]
    assert sum(p in lines for p in long) >= 0.9 * len(long)


# --- RTF ---------------------------------------------------------------------------------------------------------


def _rtf_escape(text: str) -> str:
    """As Word writes Chinese in RTF: each character's GBK bytes as \\'xx, a character outside GBK as \\uN?."""
    out = []
    for ch in text:
        if ord(ch) < 128:
            out.append("\\" + ch if ch in "\\{}" else ch)
            continue
        try:
            out.append("".join(f"\\'{b:02x}" for b in ch.encode("gbk")))
        except UnicodeEncodeError:
            out.append(f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?")
    return "".join(out)


def _rtf(paragraphs: list[str], table: list[list[str]]) -> str:
    head = (
        "{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 " + _rtf_escape("宋体") + ";}"
        "{\\f1\\fnil\\fcharset134 " + _rtf_escape("仿宋_GB2312") + ";}}{\\colortbl;\\red0\\green0\\blue0;}"
        "{\\info{\\title " + _rtf_escape("法治政府建设年度报告") + "}{\\author admin}}"
        "{\\footer\\pard\\qc{\\field{\\*\\fldinst PAGE}{\\fldrslt 1}}\\par}\n"
    )
    body = "".join(f"\\pard\\fi640\\f1\\fs32 {_rtf_escape(p)}\\par\n" for p in paragraphs)
    rows = "".join(
        "\\trowd\\cellx2000\\cellx4000\\cellx6000\n"
        + "".join(f"\\pard\\intbl {_rtf_escape(c)}\\cell " for c in row)
        + "\\row\n"
        for row in table
    )
    return head + body + rows + "}"


def test_an_rtf_reads_as_its_report(tmp_path, corpus_dir):
    paragraphs = _paragraphs(corpus_dir, "002_c349f437d9920677.txt")
    table = [["项目", "2021年", "2022年"], ["行政复议案件", "50件", "56件"]]
    path = tmp_path / "秭归县2022年度法治政府建设情况报告.rtf"
    path.write_text(_rtf(paragraphs, table), encoding="ascii")
    loaded = load(path)
    assert loaded.format == "rtf"
    lines = loaded.text.splitlines()
    # each paragraph a line, the font table, document information and page footer left out, a row's cells tabbed
    assert [line for line in lines if line][: len(paragraphs)] == paragraphs
    assert lines[len(paragraphs) : len(paragraphs) + 2] == ["项目\t2021年\t2022年", "行政复议案件\t50件\t56件"]
    assert "仿宋" not in loaded.text and "admin" not in loaded.text


def test_an_rtf_named_doc_is_read_and_a_bad_rtf_is_one_line(tmp_path):
    (tmp_path / "报告.doc").write_text(_rtf(["全年办理行政复议案件56件。"], []), encoding="ascii")
    assert load(tmp_path / "报告.doc").text.strip() == "全年办理行政复议案件56件。"
    (tmp_path / "报告.rtf").write_bytes(b"PK\x03\x04 a zip named rtf")
    with pytest.raises(IngestError, match=r"^报告\.rtf: 不是 RTF 文件"):
        load(tmp_path / "报告.rtf")


# --- Excel task list ---------------------------------------------------------------------------------------------


def _workbook(paragraphs: list[str], path: Path) -> list[tuple[str, ...]]:
    """004's tasks as a city's 任务分工表: a title merged across, a note, the header, parts merged across, a lead
    office merged down the rows of a part that share it, a second sheet of notes; the tasks written in."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "任务分工"
    sheet.append(["互助县2024年法治政府建设工作要点任务分工表"])
    sheet.merge_cells("A1:D1")
    sheet.append(["（各单位于每季度末报送进展情况）"])
    sheet.append(["序号", "工作任务", "牵头单位", "配合单位"])
    tasks, runs = [], []  # [first row, last row, lead office] of tasks one after another with the same lead
    for line in paragraphs:
        if _PART.match(line) and len(line) < 60:
            sheet.append([line])
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=4)
            runs.append(None)
        elif m := _TASK.match(line):
            number, task, lead, partner = m.groups()
            tasks.append(m.groups())
            row = sheet.max_row + 1
            same = bool(runs) and runs[-1] is not None and runs[-1][2] == lead
            sheet.append([int(number), task.replace("。", "。\n", 1), None if same else lead, partner])
            if same:
                runs[-1][1] = row
            else:
                runs.append([row, row, lead])
    for first, last, _ in (run for run in runs if run and run[1] > run[0]):
        sheet.merge_cells(start_row=first, start_column=3, end_row=last, end_column=3)
    notes = book.create_sheet("填报说明")
    notes.append(["请于2024年12月底前报送全年完成情况。"])
    book.save(path)
    return tasks


def test_an_excel_task_list_reads_as_a_word_task_table(tmp_path, corpus_dir):
    path = tmp_path / "互助县2024年法治政府建设工作要点任务分工表.xlsx"
    tasks = _workbook(_paragraphs(corpus_dir, "004_6785f9f2da4cfcb2.txt"), path)
    assert len(tasks) >= 20
    loaded = load(path)
    assert loaded.format == "xlsx"
    lines = [_plain(line) for line in loaded.text.splitlines()]
    assert lines[:2] == ["互助县2024年法治政府建设工作要点任务分工表", "（各单位于每季度末报送进展情况）"]
    for number, task, lead, partner in tasks:
        # a lead office merged down the column stands in each task it covers
        assert _plain(f"{number}.{task[:-1]}（牵头单位：{lead}，配合单位：{partner}）{task[-1]}") in lines, number
    parts = [line for line in lines if _PART.match(line)]
    assert len(parts) >= 5 and parts[0].startswith("一、")
    assert lines[-1] == "请于2024年12月底前报送全年完成情况。"


def test_an_excel_task_lists_office_is_answered(tmp_path, corpus_dir):
    from qa.pipeline import Pipeline

    folder = tmp_path / "corpus"
    folder.mkdir()
    _workbook(_paragraphs(corpus_dir, "004_6785f9f2da4cfcb2.txt"), folder / "互助县2024年法治政府建设工作要点.xlsx")
    pipeline = Pipeline.open(folder, tmp_path / "index", mode="bm25", show_progress=False)
    answer = pipeline.ask("互助县加强立法联系点建设由哪个单位牵头？")
    assert answer.answer is not None and "县司法局" in answer.answer
    assert answer.citations[0].chunk.region == "互助县" and answer.citations[0].chunk.year == 2024


def test_a_workbook_of_figures_is_read_row_by_row_and_a_bad_one_is_one_line(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    for row in (["项目", "2023年", "2024年"], ["行政复议案件", 114, 128], ["纠错率", 0.125, 0.2]):
        book.active.append(row)
    for cell in ("B3", "C3"):
        book.active[cell].number_format = "0.0%"
    book.save(tmp_path / "figures.xlsx")
    assert load(tmp_path / "figures.xlsx").text.splitlines() == [
        "项目\t2023年\t2024年",
        "行政复议案件\t114\t128",
        "纠错率\t12.5%\t20%",
    ]
    (tmp_path / "坏.xlsx").write_bytes(b"PK\x03\x04" + b"\0" * 40)
    with pytest.raises(IngestError, match=r"^坏\.xlsx: 无法读取的 Excel 文件"):
        load(tmp_path / "坏.xlsx")


def test_an_old_xls_task_list_reads_as_the_same_workbook_saved_as_xlsx(tmp_path, corpus_dir):
    # tests/fixtures/xls/make.py wrote _workbook's 004 task list with xlwt as Excel 97–2003: the same text as the .xlsx
    xls = Path(__file__).parent / "fixtures" / "xls" / "互助县任务分工表.xls"
    _workbook(_paragraphs(corpus_dir, "004_6785f9f2da4cfcb2.txt"), tmp_path / "互助县任务分工表.xlsx")
    loaded = load(xls)
    assert loaded.format == "xls" and loaded.text == load(tmp_path / "互助县任务分工表.xlsx").text
    assert "（牵头单位：县司法局" in loaded.text and "\n4\n" not in loaded.text  # numbers as typed, not 4.0
    # an .xlsx or a page's table saved under the name .xls is read as what it is; a damaged one is one line
    shutil.copy(tmp_path / "互助县任务分工表.xlsx", tmp_path / "named.xls")
    assert load(tmp_path / "named.xls").text == loaded.text
    (tmp_path / "page.xls").write_text("<table><tr><td>项目</td><td>2024年</td></tr></table>", encoding="utf-8")
    assert load(tmp_path / "page.xls").text == "项目\t2024年"
    (tmp_path / "坏.xls").write_bytes(xls.read_bytes()[:600])
    with pytest.raises(IngestError, match=r"^坏\.xls: 无法读取的 Excel 文件 / not a readable \.xls file"):
        load(tmp_path / "坏.xls")
    (tmp_path / "文本.xls").write_text("序号,任务", encoding="utf-8")
    with pytest.raises(IngestError, match=r"^文本\.xls: 不是 Excel 文件"):
        load(tmp_path / "文本.xls")


def test_an_xls_task_lists_office_is_answered(tmp_path):
    from qa.pipeline import Pipeline

    folder = tmp_path / "corpus"
    folder.mkdir()
    xls = Path(__file__).parent / "fixtures" / "xls" / "互助县任务分工表.xls"
    shutil.copy(xls, folder / "互助县2024年法治政府建设工作要点.xls")
    pipeline = Pipeline.open(folder, tmp_path / "index", mode="bm25", show_progress=False)
    answer = pipeline.ask("互助县加强立法联系点建设由哪个单位牵头？")
    assert answer.answer is not None and "县司法局" in answer.answer
    assert answer.citations[0].chunk.region == "互助县" and answer.citations[0].chunk.year == 2024


# --- WPS -----------------------------------------------------------------------------------------------------------


def test_a_wps_file_reads_as_the_word_file_it_is(tmp_path):
    # WPS 文字's .wps is Word 97's binary layout: bundled 004 saved as .doc, under the name .wps
    doc = Path(__file__).parent / "fixtures" / "doc" / "report004.doc"
    shutil.copy(doc, tmp_path / "互助县2024年法治政府建设工作要点.wps")
    assert load(tmp_path / "互助县2024年法治政府建设工作要点.wps").text == load(doc).text


# --- Word with tracked changes -------------------------------------------------------------------------------------


def test_a_word_file_with_tracked_changes_reads_as_accepted(tmp_path):
    # a report posted as it came back from review: insertions (w:ins, w:moveTo) are its text, deletions (w:del, its
    # w:delText) and text moved away (w:moveFrom) are not; a comment's text is no part of the body
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d = docx.Document()
    body = d.element.body
    paragraph = (
        f"<w:p {w}><w:r><w:t>全年办理行政复议案件</w:t></w:r>"
        '<w:del w:id="1" w:author="审核"><w:r><w:delText>178件</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="审核"><w:r><w:t>186件</w:t></w:r></w:ins>'
        '<w:commentRangeStart w:id="0"/><w:r><w:t>，同比增长</w:t></w:r><w:commentRangeEnd w:id="0"/>'
        '<w:moveFrom w:id="3" w:author="审核"><w:r><w:t>（旧位置）</w:t></w:r></w:moveFrom>'
        '<w:ins w:id="4" w:author="审核"><w:r><w:t>17.7%</w:t></w:r></w:ins><w:r><w:t>。</w:t></w:r></w:p>'
    )
    body.insert(0, parse_xml(paragraph))
    d.save(tmp_path / "恩施市2024年法治政府建设年度报告（修改稿）.docx")
    text = load(tmp_path / "恩施市2024年法治政府建设年度报告（修改稿）.docx").text
    assert text.splitlines()[0] == "全年办理行政复议案件186件，同比增长17.7%。"


_TEXT_BOX = (
    '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
    '<mc:Choice xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" Requires="wps">'
    '<w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData><wps:wsp><wps:txbx>'
    "<w:txbxContent>{boxed}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
    "</mc:Choice><mc:Fallback><w:pict><v:shape xmlns:v=\"urn:schemas-microsoft-com:vml\"><v:textbox>"
    "<w:txbxContent>{boxed}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent>"
)


@pytest.mark.parametrize("place", ["paragraph", "cell"])
def test_a_word_text_box_is_read_once_as_lines_after_its_anchor(tmp_path, place):
    # Word 2010+ writes a text box (a letterhead, a 专栏 box) twice: the drawing (mc:Choice) and a VML copy for older
    # readers (mc:Fallback); it is read once, its paragraphs as lines of their own after the text it is anchored in
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    box = ["专栏1：行政复议“一站式”服务", "全年受理案件312件。"]
    boxed = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in box)
    first = "<w:r><w:t>全区持续推进行政复议体制改革。</w:t></w:r>"
    anchor = f"<w:p {w}>{first}<w:r>{_TEXT_BOX.format(boxed=boxed)}</w:r></w:p>"
    d = docx.Document()
    d.add_paragraph("长沙经开区2024年度法治政府建设情况报告")
    if place == "paragraph":
        d.element.body.insert(1, parse_xml(anchor))
    else:
        cell = d.add_table(rows=1, cols=2).cell(0, 0)
        cell._tc.remove(cell._tc.p_lst[0])
        cell._tc.append(parse_xml(anchor))
    d.add_paragraph("二、下一步工作打算")
    d.save(tmp_path / "报告.docx")
    lines = load(tmp_path / "报告.docx").text.splitlines()
    assert sum(line.count("全年受理案件312件") for line in lines) == 1
    if place == "paragraph":
        assert lines[1:5] == ["全区持续推进行政复议体制改革。", *box, "二、下一步工作打算"]
    else:
        assert lines[1] == "全区持续推进行政复议体制改革。 专栏1：行政复议“一站式”服务全年受理案件312件。"


# --- OpenDocument text (.odt) ------------------------------------------------------------------------------------

_ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
)


def _odt(body: str) -> bytes:
    """An ODF text package as LibreOffice writes it: mimetype first and stored, then the XML parts."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr(
            "content.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODT_NS} office:version="1.3">'
            f"<office:body><office:text>{body}</office:text></office:body></office:document-content>",
        )
        z.writestr("META-INF/manifest.xml", "<manifest/>")
    return buf.getvalue()


def _odt_paragraph(line: str) -> str:
    """A report line as LibreOffice stores it: a heading by its number, runs of spaces as text:s."""
    level = 1 if _PART.match(line) else 2 if _SUB_PART.match(line) else 0
    inner = escape(line).replace("  ", '<text:s text:c="2"/>')
    if level:
        return f'<text:h text:outline-level="{level}">{inner}</text:h>'
    return f"<text:p>{inner}</text:p>"


def test_an_odt_reads_as_its_report_with_its_headings(tmp_path, corpus_dir):
    paragraphs = _paragraphs(corpus_dir, "000_526b283554a85fd0.txt")
    path = tmp_path / "元氏县2021年度法治政府建设情况报告.odt"
    path.write_bytes(_odt("".join(map(_odt_paragraph, paragraphs))))
    loaded = load(path)
    assert loaded.format == "odt" and [line.strip() for line in loaded.text.splitlines()] == paragraphs
    starts = {loaded.text[at:].split("\n", 1)[0] for at, _ in loaded.headings}
    assert starts == {p for p in paragraphs if _PART.match(p) or _SUB_PART.match(p)}


def test_odt_footnotes_boxes_tables_and_what_is_not_text(tmp_path):
    body = (
        "<text:tracked-changes><text:changed-region><text:deletion><text:p>删去的旧句子。</text:p>"
        "</text:deletion></text:changed-region></text:tracked-changes>"
        '<text:table-of-content><text:index-body><text:p>一、目录行……1</text:p></text:index-body>'
        "</text:table-of-content>"
        "<text:p>　　全年收到申请538件，纠错率10.4%"
        '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body>'
        "<text:p>纠错率为纠错案件数占审结案件数的比例。</text:p></text:note-body></text:note>"
        "。<office:annotation><text:p>批注：核实数字</text:p></office:annotation>制发意见书"
        '<text:s text:c="3"/>7份<text:tab/>建议书<text:line-break/>12份。'
        '<draw:frame><draw:text-box><text:p>专栏：复议便民服务点13个</text:p></draw:text-box></draw:frame></text:p>'
        "<table:table><table:table-header-rows><table:table-row><table:table-cell><text:p>项目</text:p>"
        "</table:table-cell><table:table-cell><text:p>2024年</text:p></table:table-cell></table:table-row>"
        "</table:table-header-rows><table:table-row><table:table-cell table:number-columns-spanned=\"2\">"
        "<text:p>收案</text:p><text:p>（件）</text:p></table:table-cell><table:covered-table-cell/></table:table-row>"
        "<table:table-row><table:table-cell><text:p>纠错率</text:p></table:table-cell><table:table-cell>"
        '<text:p>10.4%</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1020"/>'
        "</table:table-row></table:table>"
        "<text:list><text:list-item><text:p>一是建立复议委员会。</text:p></text:list-item></text:list>"
    )
    (tmp_path / "a.odt").write_bytes(_odt(body))
    lines = load(tmp_path / "a.odt").text.splitlines()
    assert lines == [
        "　　全年收到申请538件，纠错率10.4%。制发意见书   7份\t建议书",  # the footnote's mark and the comment left out
        "12份。",
        "纠错率为纠错案件数占审结案件数的比例。",  # the footnote after its paragraph, the sentence whole
        "专栏：复议便民服务点13个",
        "项目\t2024年",
        "收案 （件）",  # a merged cell's place is empty, a trailing run of empty cells is no column
        "纠错率\t10.4%",
        "一是建立复议委员会。",
    ]


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"PK\x03\x04 damaged", "not a readable .odt file"),
        (b"%PDF-1.4 a PDF named .odt", "not an .odt file"),
    ],
)
def test_a_damaged_odt_is_one_line_naming_it(tmp_path, data, reason):
    (tmp_path / "坏.odt").write_bytes(data)
    with pytest.raises(IngestError, match=reason) as e:
        load(tmp_path / "坏.odt")
    assert str(e.value).startswith("坏.odt: ") and "\n" not in str(e.value)


def test_an_odt_spreadsheet_is_said_to_have_no_text_body(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "content.xml",
            f"<office:document-content {_ODT_NS}><office:body><office:spreadsheet/>"
            "</office:body></office:document-content>",
        )
    (tmp_path / "表.odt").write_bytes(buf.getvalue())
    with pytest.raises(IngestError, match="no text body"):
        load(tmp_path / "表.odt")
