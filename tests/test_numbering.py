"""Word's automatic list numbers (qa/ingest/numbering.py), on Word files made here with python-docx."""

from __future__ import annotations

import re

import cn2an
import docx
import pytest
from docx.oxml import parse_xml

from qa.ingest.loading import load
from qa.ingest.numbering import format_number

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def numbered_document(levels: list[tuple[str, str]], abstract_id: int = 90, num_id: int = 90):
    """A python-docx Document with one list definition (``levels``: (numFmt, lvlText) per level) as numId ``num_id``."""
    d = docx.Document()
    numbering = d.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering.insert(0, parse_xml(f'<w:abstractNum {_W} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {_W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'))
    return d


def number(paragraph, num_id: int, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {_W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def restart(d, abstract_id: int, num_id: int, ilvl: int = 0, start: int = 1) -> None:
    """A second instance of the list that starts again ("restart numbering" in Word)."""
    d.part.numbering_part.element.append(
        parse_xml(
            f'<w:num {_W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'
        )
    )


_CHINESE_HEADINGS = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
_HALF_WIDTH_HEADINGS = [("chineseCounting", "%1、"), ("chineseCounting", "(%2)")]  # as report 001 types them


@pytest.mark.parametrize("n", [1, 2, 9, 10, 11, 19, 20, 21, 99, 100, 101])
def test_chinese_counting_is_cn2ans_numeral(n):
    assert format_number(n, "chineseCounting") == cn2an.an2cn(n)
    assert format_number(n, "chineseLegalSimplified") == cn2an.an2cn(n, "up")
    assert cn2an.cn2an(format_number(n, "chineseCountingThousand")) == n  # and reads back


@pytest.mark.parametrize("n", range(1, 40))
def test_roman_letters_and_digits_read_back(n):
    roman = format_number(n, "upperRoman")
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = sum(-values[a] if values[a] < values[b] else values[a] for a, b in zip(roman, roman[1:] + "I"))
    assert total == n and format_number(n, "lowerRoman") == roman.lower()
    assert format_number(n, "decimalFullWidth") == str(n).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert format_number(n, "lowerLetter") == chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
    assert format_number(n, "someFormatWordAddsLater") == str(n)


def test_list_numbers_are_written_before_their_paragraphs_as_word_counts_them(tmp_path):
    d = numbered_document(_CHINESE_HEADINGS)
    lines = [
        ("主要成效", 0),
        ("深化行政复议体制改革", 1),
        ("全年受理案件120件。", None),
        ("推进严格规范公正文明执法", 1),
        ("落实行政执法公示制度。", 2),
        ("落实全过程记录制度。", 2),
        ("存在的不足", 0),  # a new part: its sub-items count from 1 again
        ("基层法治力量薄弱", 1),
    ]
    for text, ilvl in lines:
        p = d.add_paragraph(text)
        if ilvl is not None:
            number(p, 90, ilvl)
    d.save(tmp_path / "plan.docx")
    text = load(tmp_path / "plan.docx").text
    assert text.splitlines() == [
        "一、主要成效",
        "（一）深化行政复议体制改革",
        "全年受理案件120件。",
        "（二）推进严格规范公正文明执法",
        "1.落实行政执法公示制度。",
        "2.落实全过程记录制度。",
        "二、存在的不足",
        "（一）基层法治力量薄弱",
    ]


def test_a_restarted_list_a_style_numbered_list_bullets_and_a_numbered_table_column(tmp_path):
    d = numbered_document([("decimal", "%1."), ("bullet", "•")])
    restart(d, 90, 91)
    for text in ("甲任务", "乙任务"):
        number(d.add_paragraph(text), 90, 0)
    number(d.add_paragraph("要点"), 90, 1)  # a bullet: no label
    number(d.add_paragraph("丙任务"), 91, 0)  # restarted: 1 again
    number(d.add_paragraph("丁任务"), 0, 0)  # numId 0: numbering switched off
    # A style numbered by the list: its paragraphs are numbered without a numPr of their own.
    style = d.styles.add_style("任务条目", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {_W}><w:numId w:val="90"/></w:numPr>'))
    d.add_paragraph("戊任务", style="任务条目")
    table = d.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "序号", "工作任务"
    restart(d, 90, 101)
    for row, task in ((1, "推行证明事项告知承诺制"), (2, "健全府院联动机制")):
        number(table.cell(row, 0).paragraphs[0], 101, 0)
        table.cell(row, 1).text = task
    d.save(tmp_path / "list.docx")
    lines = load(tmp_path / "list.docx").text.splitlines()
    assert lines == [
        "1.甲任务",
        "2.乙任务",
        "要点",
        "1.丙任务",
        "丁任务",
        "2.戊任务",  # 91 restarted the list; 90 goes on in the same count (Word's: one list, two instances)
        "序号\t工作任务",
        "1.\t推行证明事项告知承诺制",
        "2.\t健全府院联动机制",
    ]


def test_a_report_numbered_by_word_reads_as_the_typed_one(tmp_path, corpus_dir):
    # Report 001 as a clerk makes it in Word with the part and item headings on an automatic list: the text of its
    # headings has no 一、 or （一）; the list shows them. Loaded, it is the typed report's text.
    from qa.ingest.corpus import ingest

    d = numbered_document(_HALF_WIDTH_HEADINGS)
    source = (corpus_dir / "001_63d9508044978865.txt").read_text(encoding="utf-8").splitlines()
    typed = 0
    for line in source:
        top = re.match(r"^[一二三四五六七八九十]+、", line)
        sub = re.match(r"^[（(][一二三四五六七八九十]+[)）]", line)
        if top:
            number(d.add_paragraph(line[top.end() :]), 90, 0)
            typed += 1
        elif sub:
            number(d.add_paragraph(line[sub.end() :]), 90, 1)
            typed += 1
        else:
            d.add_paragraph(line)
    assert typed >= 10
    folder = tmp_path / "numbered"
    folder.mkdir()
    d.save(folder / "report.docx")
    text = load(folder / "report.docx").text
    assert [ln for ln in text.splitlines() if ln] == [ln for ln in source if ln]
    bundled = ingest(corpus_dir, show_progress=False)
    corpus = ingest(folder, show_progress=False)
    assert corpus.documents["report.docx"].meta == bundled.documents["001_63d9508044978865.txt"].meta
    got = [(c.section, "".join(c.text.split())) for c in corpus.chunks["report.docx"]]
    assert got == [(c.section, "".join(c.text.split())) for c in bundled.chunks["001_63d9508044978865.txt"]]


def test_a_word_file_without_lists_is_read_as_before(tmp_path):
    d = docx.Document()
    d.add_paragraph("一、主要成效")
    d.add_paragraph("全年受理案件120件。")
    d.save(tmp_path / "plain.docx")
    assert load(tmp_path / "plain.docx").text == "一、主要成效\n全年受理案件120件。"
