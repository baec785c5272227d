"""Old Word 97–2003 .doc files, pages saved as one MIME file (.mht), and what is named .doc but is something else.

The .doc fixtures were saved by LibreOffice (tests/fixtures/doc/make.py says how); report004.doc is bundled report
004, so what it reads as is checked against the bundled text, its metadata and its chunks.
"""

from __future__ import annotations

import shutil
import struct
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from qa.ingest.corpus import ingest
from qa.ingest.loading import IngestError, load
from qa.ingest.worddoc import DocError, _read, text_of

DOCS = Path(__file__).parent / "fixtures" / "doc"
BUNDLED_004 = "004_6785f9f2da4cfcb2.txt"


def test_a_doc_reads_as_the_text_word_shows(corpus_dir):
    text = text_of((DOCS / "report004.doc").read_bytes())
    assert text.rstrip("\n") == (corpus_dir / BUNDLED_004).read_text(encoding="utf-8").rstrip("\n")


def test_a_doc_report_gets_the_bundled_reports_metadata_and_chunks(tmp_path, bundled):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(DOCS / "report004.doc", folder / "互助县2024年法治政府建设工作要点.doc")
    corpus = ingest(folder, show_progress=False)
    assert not corpus.skipped, corpus.skipped
    (name,) = corpus.documents
    assert corpus.documents[name].format == "doc"
    assert corpus.documents[name].meta == bundled.documents[BUNDLED_004].meta

    def squeezed(chunks):
        return [(c.section, "".join(c.text.split())) for c in chunks]

    assert squeezed(corpus.chunks[name]) == squeezed(bundled.chunks[BUNDLED_004])


def test_a_docs_fields_show_their_result_and_its_table_rows_are_tab_separated_lines():
    lines = text_of((DOCS / "table_link.doc").read_bytes()).split("\n")
    assert "全文见县政府网站。" in lines  # the HYPERLINK field's code is not text
    assert not any("HYPERLINK" in line or "http" in line for line in lines)
    assert "行政复议\t114件\t128件" in lines
    assert "纠错率\t12.3%\t15.6%" in lines
    assert lines.index("项目\t2021年\t2022年") < lines.index("二、下一步工作打算")


def _fib_and_table(pieces: list[tuple[str, bool]]) -> tuple[bytes, bytes]:
    """A WordDocument stream and a table stream holding the given pieces (compressed = cp1252 bytes), laid out as
    [MS-DOC] 2.5.1 and 2.9.38 say: FibBase, csw = 0, cslw = 4 (ccpText third), 34 fc/lcb pairs (fcClx the 33rd)."""
    body, cps, pcds, cp = b"", [0], b"", 0
    text_at = 1024
    for text, compressed in pieces:
        data = text.encode("cp1252" if compressed else "utf-16-le")
        fc = text_at + len(body)
        pcds += struct.pack("<HIH", 0, (fc * 2) | 0x40000000 if compressed else fc, 0)
        body += data
        cp += len(text)
        cps.append(cp)
    plc = struct.pack(f"<{len(cps)}I", *cps) + pcds
    clx = b"\x01" + struct.pack("<h", 2) + b"\x00\x00" + b"\x02" + struct.pack("<I", len(plc)) + plc
    table = b"\x00" * 16 + clx
    fib = bytearray(text_at)
    struct.pack_into("<H", fib, 0, 0xA5EC)
    struct.pack_into("<H", fib, 0x20, 0)  # csw
    struct.pack_into("<H", fib, 0x22, 4)  # cslw
    struct.pack_into("<I", fib, 0x24 + 3 * 4, cp)  # ccpText
    struct.pack_into("<H", fib, 0x34, 34)  # cbRgFcLcb
    struct.pack_into("<II", fib, 0x36 + 33 * 8, 16, len(clx))
    return bytes(fib) + body, table


def test_compressed_and_unicode_pieces_are_read_in_order():
    word, table = _fib_and_table([("Plain text — ", True), ("行政复议案件128件\r", False), ("Ende\x07\x07", True)])
    assert _read(word, table) == "Plain text — 行政复议案件128件\nEnde\n"


def test_a_fib_without_a_piece_table_is_a_clear_error():
    word, table = _fib_and_table([("x", True)])
    with pytest.raises(DocError, match="piece table"):
        _read(word, b"\x00" * len(table))


def test_a_damaged_or_mislabelled_doc_gets_one_line_saying_what(tmp_path):
    damaged = tmp_path / "损坏.doc"
    damaged.write_bytes((DOCS / "table_link.doc").read_bytes()[:3000])
    junk = tmp_path / "junk.doc"
    junk.write_bytes(b"\x00\x01binary junk" * 20)
    for path, says in ((damaged, "无法读取的 Word 文件"), (junk, "不是 Word 文件")):
        with pytest.raises(IngestError) as e:
            load(path)
        assert str(e.value).startswith(f"{path.name}: ") and says in str(e.value) and "\n" not in str(e.value)
    # an RTF file named .doc (Word's 另存为 RTF kept the old name) is read as the RTF it is
    rtf = tmp_path / "rtf.doc"
    rtf.write_bytes(b"{\\rtf1\\ansi\\ansicpg936 {\\'d0\\'d0\\'d5\\'fe}\\par}")
    assert load(rtf).text.strip() == "行政"


def _mime_page(html: str, charset: str) -> bytes:
    message = MIMEMultipart("related")
    message.attach(MIMEText(html, "html", charset))
    return message.as_bytes()


def test_pages_saved_as_one_file_and_pages_or_docx_named_doc_read_as_what_they_are(tmp_path):
    lines = ["2022年，全县办理行政复议案件128件。", "一、主要举措"]
    html = "<html><head><title>t</title></head><body>" + "".join(f"<p>{line}</p>" for line in lines) + "</body></html>"
    (tmp_path / "page.mht").write_bytes(_mime_page(html, "gb2312"))
    (tmp_path / "word-page.doc").write_bytes(_mime_page(html, "utf-8"))
    (tmp_path / "plain-page.doc").write_text(html, encoding="utf-8")
    for name in ("page.mht", "word-page.doc", "plain-page.doc"):
        assert load(tmp_path / name).text.split("\n")[:2] == lines, name
    import docx

    d = docx.Document()
    d.add_paragraph("重命名的 Word 文件")
    d.save(tmp_path / "renamed.doc")
    assert load(tmp_path / "renamed.doc").text == "重命名的 Word 文件"
