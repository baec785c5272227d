"""Letter-spaced words closed up (qa/ingest/spacing.py): OCR text of a scanned report, made here from bundled report
001 the way OCR gives it (lines cut at the page width, page numbers between pages, a heading's characters spaced
out, a year written "2 0 1 8年"), reads as the report does, and every offset still maps back into the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa.ingest.corpus import Source, read_and_chunk
from qa.ingest.loading import load
from qa.ingest.spacing import after, close_up
from qa.text.source import SourceEdits

SEED = Path(__file__).resolve().parent.parent / "corpus" / "001_63d9508044978865.txt"


@pytest.mark.parametrize(
    "line, closed",
    [
        ("一 、 高 度 重 视 , 依 法 全 面 履 行 政 府 职 能", "一、高度重视,依法全面履行政府职能"),
        ("行 政 复 议", "行政复议"),
        ("2 0 2 3年，全市共收到申请86件。", "2023年，全市共收到申请86件。"),
        # a run of single characters one space apart inside an ordinary line
        ("（五）深化行 政 复 议体制改革，充分发挥作用", "（五）深化行政复议体制改革，充分发挥作用"),
        ("行政 复议 工作", "行政 复议 工作"),  # words apart, not characters
        # a few spaces in ordinary text, a signature's gap, a table's cells: left as they are
        ("市司法局 市法院 联合印发通知", "市司法局 市法院 联合印发通知"),
        ("当阳市人民政府 2023年3月10日", "当阳市人民政府 2023年3月10日"),
        ("2023 301 276 9.8%", "2023 301 276 9.8%"),
        ("第 1 2 3 4 号", "第 1 2 3 4 号"),  # digits apart, no 年
    ],
)
def test_letter_spaced_runs_are_closed_up(line, closed):
    assert close_up(line)[0] == closed


def test_what_was_taken_out_puts_the_text_back():
    text = "一、总 体 要 求 和 目 标\n2 0 2 3年，全市…\n正常的一行 文字。"
    closed, edits = close_up(text)
    assert SourceEdits(edits).text(closed, 0, len(closed)) == text


def test_two_removals_made_one_after_the_other_map_back_as_one():
    original = "行 政 复\n议 工 作\n-3-\n要 点"
    first_text, first = "行 政 复议 工 作要 点", ((5, "\n"), (10, "\n-3-\n"))
    assert SourceEdits(first).text(first_text, 0, len(first_text)) == original
    closed, second = close_up(first_text)
    assert closed == "行政复议工作要点"
    both = after(first, second)
    assert SourceEdits(both).text(closed, 0, len(closed)) == original
    s, e = SourceEdits(both).offsets(closed.index("复议"), closed.index("复议") + 2)
    assert original[s:e] == "复\n议"


def _ocr(text: str) -> str:
    """The report as OCR gives it: 30 characters a line, a page number every 32 lines, the part headings spaced
    out, the first year written with spaces."""
    out, n = [], 0
    for par in (p.strip() for p in text.split("\n")):
        if not par:
            continue
        if re.match(r"^[一二三四五六七八九十]+、", par) and len(par) < 25:
            par = " ".join(par)
        for k in range(0, len(par), 30):
            out.append(("\u3000\u3000" if k == 0 else "") + par[k : k + 30])
            n += 1
            if n % 32 == 0:
                out.append(f"— {n // 32 + 1} —")
    return "\n".join(out).replace("2018年我区法治政府建设工作根据", "2 0 1 8年我区法治政府建设工作根据", 1)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ocr") / "瀍河回族区2018年度法治政府建设报告（扫描件）.txt"
    path.write_text(_ocr(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def test_an_ocr_text_reads_as_the_report(scanned):
    loaded = load(scanned)
    assert "一、高度重视,依法全面履行政府职能" in loaded.text or "一、高度重视，依法全面履行政府职能" in loaded.text
    assert "2018年我区法治政府建设工作根据" in loaded.text
    assert any("closed up" in w for w in loaded.warnings)
    doc, chunks = read_and_chunk(Source.file(scanned, scanned.parent))
    assert (doc.meta.region, doc.meta.year) == ("瀍河回族区", 2018)
    assert any(c.section and c.section[0].startswith("一、高度重视") for c in chunks)


def test_every_offset_of_an_ocr_text_maps_back_into_the_file(scanned):
    loaded = load(scanned)
    raw = scanned.read_text(encoding="utf-8")
    edits = SourceEdits(loaded.source_edits)
    assert edits.text(loaded.text, 0, len(loaded.text)) == raw
    for figure in ("2018年我区", "高度重视"):
        at = loaded.text.index(figure)
        s, e = edits.offsets(at, at + len(figure))
        assert re.sub(r"\s", "", raw[s:e]) == figure


def test_a_stray_space_in_a_sentence_is_closed_and_a_row_set_out_with_spaces_kept():
    # an OCR text layer (or a justified PDF line) leaves one space inside a word or a figure of a sentence
    text = "全年收到行政 复议申请2 6 8件，同比增长1 2.5%。\n府院 联席会议召开3次；"
    closed, removed = close_up(text)
    assert closed == "全年收到行政复议申请268件，同比增长12.5%。\n府院联席会议召开3次；"
    assert len(removed) == 5
    # a task row or a table row set out with spaces ends with its last cell, not as a sentence ends; a heading's
    # space after its number's mark are left
    rows = ("7 完成清理工作，建立台账 市市场监管局 市发展改革委 2025年6月底前", "一、 总体情况", "行政复议 56件 60件")
    for line in rows:
        assert close_up(line) == (line, ())
