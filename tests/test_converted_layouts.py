"""Layouts of real downloads that hide a report's text order (round forty-eight): a typeset PDF drawn glyph by glyph
out of reading order (qa/ingest/glyph_order.py), a PDF turned back into a Word file with each printed line a paragraph
(qa/ingest/unwrap.py by columns), and a bilingual page whose Uyghur paragraphs stand beside the Chinese ones
(qa/ingest/boilerplate.py)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from qa.ingest import glyph_order
from qa.ingest.boilerplate import body_spans, other_language
from qa.ingest.corpus import ingest
from qa.ingest.loading import load
from qa.ingest.unwrap import display_width
from qa.text.normalization import normalize

PDFS = Path(__file__).parent / "fixtures" / "pdf"


def _paragraphs(corpus_dir: Path) -> list[str]:
    text = (corpus_dir / "000_526b283554a85fd0.txt").read_text(encoding="utf-8")
    return [p.strip() for p in text.splitlines() if p.strip()]


def _flat(text: str) -> str:
    return re.sub(r"\s", "", normalize(text))


def test_a_page_drawn_glyph_by_glyph_out_of_order_is_read_by_position(corpus_dir):
    data = (PDFS / "yuanshi_2021_glyphs.pdf").read_bytes()
    in_stream = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    assert all(glyph_order.scrambled(t) for t in in_stream)  # read in stream order: runs of 1–3 characters
    text = _flat(load(PDFS / "yuanshi_2021_glyphs.pdf").text)
    for paragraph in _paragraphs(corpus_dir)[2:6]:  # the report's first paragraphs, whole and in order
        assert _flat(paragraph) in text
    assert "-1-" not in text and "-2-" not in text  # page numbers dropped


def test_a_pdf_of_printed_lines_is_not_read_as_scrambled():
    pages = [page.extract_text() for page in PdfReader(PDFS / "yuanshi_2021.pdf").pages]
    assert not any(glyph_order.scrambled(t) for t in pages)
    assert not glyph_order.scrambled("序号\n工作任务\n牵头单位\n" * 5)  # too few lines to judge


def _converted_docx(paragraphs: list[str], columns: int = 56, per_page: int = 28) -> bytes:
    """The paragraphs as "PDF转Word" writes them: each printed line (``columns`` half-width columns) a paragraph, the
    first indented with spaces, the issuer's number over each page and "— N —" under it."""
    from docx import Document

    printed: list[str] = []
    for p in paragraphs:
        line, width = "    ", 4
        for ch in p:
            w = display_width(ch)
            if width + w > columns:
                printed.append(line)
                line, width = "", 0
            line, width = line + ch, width + w
        printed.append(line)
    doc = Document()
    for page, at in enumerate(range(0, len(printed), per_page), start=1):
        if page > 1:
            doc.add_paragraph("元政〔2022〕3号")
        for line in printed[at : at + per_page]:
            doc.add_paragraph(line)
        doc.add_paragraph(f"— {page} —")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_a_word_file_of_a_pdfs_printed_lines_is_joined_back_into_paragraphs(tmp_path, corpus_dir):
    paragraphs = _paragraphs(corpus_dir)[2:14]
    path = tmp_path / "元氏县2021年法治政府建设情况报告（PDF转换）.docx"
    path.write_bytes(_converted_docx(paragraphs))
    loaded = load(path)
    assert any("joined back into paragraphs" in w for w in loaded.warnings)
    lines = {line.strip() for line in loaded.text.splitlines()}
    for paragraph in paragraphs:  # each a line of its own again, figures whole ("11次" was cut at a line's end)
        assert paragraph in lines
    assert "— 2 —" not in loaded.text and "元政〔2022〕3号" not in loaded.text


def test_a_word_file_of_one_paragraph_a_line_is_left_as_it_is(tmp_path, corpus_dir):
    from docx import Document

    doc = Document()
    for p in _paragraphs(corpus_dir)[:30]:
        doc.add_paragraph(p)
    path = tmp_path / "元氏县.docx"
    doc.save(path)
    loaded = load(path)
    assert not any("joined back" in w for w in loaded.warnings)
    assert loaded.text.count("\n") >= 29


UYGHUR = "غۇلجا شەھەرلىك خەلق ھۆكۈمىتى 2023-يىلى قانۇن بىلەن ئىدارە قىلىدىغان ھۆكۈمەت قۇرۇلۇشىنى ئىلگىرى سۈردى"


@pytest.mark.parametrize(
    "line, other",
    [
        (UYGHUR, True),
        ("ᠬᠠᠭᠤᠯᠢ ᠵᠢᠨ ᠵᠠᠰᠠᠭ ᠤᠨ ᠭᠠᠵᠠᠷ ᠤᠨ ᠪᠠᠶᠢᠭᠤᠯᠤᠯᠲᠠ", True),  # Mongolian script
        ("연길시 인민정부 법치정부 건설 정황 보고", True),  # Korean, as 延边's pages write it
        ("全年共收到行政复议申请168件（ئەرز 168）", False),  # Chinese with a word of Uyghur
        ("PM2.5 ICP备 Copyright All rights reserved", False),  # Latin: menus, codes
        ("ＡＢＣＤＥＦＧＨＩＪＫＬＭ", False),  # full-width forms
    ],
)
def test_a_line_in_another_script_is_another_languages_version(line, other):
    assert other_language(line) is other


def test_a_bilingual_pages_uyghur_paragraphs_are_left_out_of_the_passages(tmp_path, corpus_dir):
    paragraphs = _paragraphs(corpus_dir)[:16]
    body = "".join(f'<p dir="rtl">{UYGHUR}</p><p>{p}</p>' for p in paragraphs)
    folder = tmp_path / "bilingual"
    folder.mkdir()
    (folder / "content_20220318_1.html").write_text(
        f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>", encoding="utf-8"
    )
    result = ingest(folder, show_progress=False)
    doc = next(iter(result.documents.values()))
    assert UYGHUR in doc.text  # the text keeps it: offsets and the page as it is
    assert not any(other_language(doc.text[a:b]) for a, b in body_spans(doc.text))
    chunks = result.chunks[doc.doc_id]
    assert chunks and not any("ھ" in c.text for c in chunks)
    assert (doc.meta.region, doc.meta.year) == ("元氏县", 2021)
