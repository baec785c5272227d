"""A report's table of contents is left out before its sections are read (qa/ingest/contents.py)."""

from __future__ import annotations

import re

import docx

from qa.ingest.contents import blank_contents
from qa.ingest.corpus import ingest

_PARTS = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")


def test_a_contents_block_is_blanked_in_place():
    text = (
        "琼海市人民政府\n二〇二六年一月\n\n目  录\n"
        "一、深入推进行政复议体制改革……………………3\n（一）发挥行政复议主渠道作用\t3\n二、严格规范执法\t5\n\n"
        "六、存在的不足和2026年工作打算\t— 10 —\n"
        "2025年，琼海市人民政府坚持依法行政。\n一、深入推进行政复议体制改革\n全年受理431件。"
    )
    out, n = blank_contents(text)
    assert n == 5 and len(out) == len(text)  # every offset stays where it was
    lines = out.split("\n")
    assert not lines[3].strip() and not lines[8].strip()
    assert lines[9:] == text.split("\n")[9:]  # the body, its first heading included, is untouched


def test_a_table_of_figures_is_no_contents():
    # rows of a label and a count set out with tabs, even under a heading, are a table's
    table = "表1 行政复议案件情况\n收到申请\t486\n受理\t431\n审结\t408\n纠错\t47\n"
    assert blank_contents(table) == (table, 0)
    # a "目录" line followed by prose is no contents page either
    prose = "目录\n全面梳理行政执法事项目录3项。\n"
    assert blank_contents(prose) == (prose, 0)
    # dot leaders without the header: three entries in a row are a contents page (a PDF that lost its title)
    dotted = "一、加强领导…………3\n二、行政复议…………5\n三、行政执法…………8\n正文\n"
    out, n = blank_contents(dotted)
    assert n == 3 and out.split("\n")[3] == "正文"


def test_a_word_report_with_a_cover_and_contents_reads_as_the_typed_one(tmp_path, corpus_dir, bundled):
    # Report 001 as an office prepares a long report: a cover page, a contents page listing every part and item
    # with its page number, then the body. The contents lines would be taken for the headings of the whole body.
    source = (corpus_dir / "001_63d9508044978865.txt").read_text(encoding="utf-8").splitlines()
    headings = [line for line in source if _PARTS.match(line)]
    assert len(headings) >= 10
    d = docx.Document()
    d.add_paragraph("法治政府建设年度报告")
    d.add_page_break()
    d.add_paragraph("目  录")
    for page, line in enumerate(headings, start=2):
        d.add_paragraph(f"{line}\t{page}")
    d.add_page_break()
    for line in source:
        d.add_paragraph(line)
    folder = tmp_path / "contents"
    folder.mkdir()
    d.save(folder / "report.docx")
    corpus = ingest(folder, show_progress=False)
    want = bundled.chunks["001_63d9508044978865.txt"]
    got = [(c.section, "".join(c.text.split())) for c in corpus.chunks["report.docx"]]
    # the cover's line stands in a chunk of its own before the body; the body's chunks are the typed report's
    assert got[-len(want) :] == [(c.section, "".join(c.text.split())) for c in want]
    assert [text for _, text in got[: len(got) - len(want)]] == ["法治政府建设年度报告"]


def test_a_word_report_set_in_one_table_cell_reads_as_the_typed_one(tmp_path, corpus_dir, bundled):
    # WPS exports a report as a frame: a table of one cell holding every paragraph (and its tables). Read as one cell,
    # its paragraphs had run together as one line; they are the body's, as typed.
    source = (corpus_dir / "001_63d9508044978865.txt").read_text(encoding="utf-8").splitlines()
    d = docx.Document()
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = source[0]
    for line in source[1:]:
        cell.add_paragraph(line)
    inner = cell.add_table(rows=2, cols=3)
    for i, row in enumerate((("指标", "2023年", "2024年"), ("行政复议收案数", "312件", "486件"))):
        for j, text in enumerate(row):
            inner.cell(i, j).text = text
    folder = tmp_path / "framed"
    folder.mkdir()
    d.save(folder / "report.docx")
    corpus = ingest(folder, show_progress=False)
    want = bundled.chunks["001_63d9508044978865.txt"]
    got = [(c.section, "".join(c.text.split())) for c in corpus.chunks["report.docx"]]
    text = corpus.documents["report.docx"].text
    assert "行政复议收案数\t312件\t486件" in text.split("\n")  # the nested table's row, once
    assert text.count("行政复议收案数") == 1
    assert [t for _, t in got][: len(want) - 1] == ["".join(c.text.split()) for c in want][: len(want) - 1]
