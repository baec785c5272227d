"""File loading: a report file of any supported format → its decoded plain text.

For .txt the text is the decoded file (newlines normalised to "\\n"), so offsets point into
the file as a reader opens it. For .md/.html/.docx/.pdf it is the plain text extracted from the file (.md as its
rendered page shows it),
one line per block/paragraph/table row, which the index stores for citations.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from charset_normalizer import from_bytes

from qa.ingest import glyph_order, odt, ofd, pdf_tables, rtf, saved_page, spreadsheet, task_tables, worddoc
from qa.ingest.contents import blank_contents
from qa.ingest.embedded import cjk_count, embedded_article
from qa.ingest.numbering import ListNumbers
from qa.ingest.ooxml import attr, child, tag
from qa.ingest.pages import drop_running_lines, move_footnotes
from qa.ingest.spacing import after, close_up
from qa.ingest.unwrap import join_stray_breaks, split_run_on, unwrap_edits
from qa.text.normalization import HAS_LOOKALIKE, LOOKALIKES

# Bumped whenever the text ``load`` returns for a file changes (2: hard-wrapped lines joined; 3: what joining took
# out kept, for the file's offsets; 4: an .html page's menus and lists of other articles dropped; 5: line breaks
# inside sentences joined; 6: a PDF's running headers and footers dropped; 7: an .html table's cells apart by tabs, one
# per column; 8: a Word file's heading styles kept, for its sections; 9: a data table's cell on its row's line, line
# breaks of the page's source and paragraphs inside it made spaces; 10: and a cell spanning columns keeping its empty
# cells there; 11: a Word file's automatic list numbers written before their paragraphs; 12: a .md file's text as its
# rendered page shows it, letter-spaced words of text and PDF files closed up; 13: the sections cut from the text: a
# table's row is no heading, an annex is under no part; 14: a run of single characters one space apart closed up, a
# .md file's bold markers dropped before it is rendered; 15: paragraphs run together on one line split, a compilation
# of several places' reports read as its parts; 16: a PDF page drawn glyph by glyph out of order read by position, a
# Word file of a PDF's printed lines joined back, a bilingual page's other-script paragraphs left out of the
# passages; 17: a page saved whole read with its framed report, a page's <h2>–<h6> its headings; 18: a numbered
# item's lead pypdf puts apart from its printed line measured with it, a printout's address under each page dropped,
# breaks left inside sentences of a joined text joined, look-alike characters read before lines are; 19: a PDF's ruled
# table of figures read row by row; 20: a page's footnotes moved after the sentence that runs on over its foot): an
# index built by another version reads every report again instead of keeping
# chunks cut from the old text.
TEXT_VERSION = 20


class IngestError(Exception):
    """A file that cannot be ingested; str is one line naming the file and the reason."""


@dataclass
class LoadedFile:
    text: str
    format: str  # txt | md | html | docx | pdf
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    source_edits: tuple[tuple[int, str], ...] = ()  # what joining hard-wrapped lines took out (qa.text.source)
    # lines a Word file styles as headings (Heading 1, 标题 2, an outline level): (offset of the line, level)
    headings: tuple[tuple[int, int], ...] = ()


# Government sites serve pages as .shtml/.xhtml/.jhtml too: saved from the browser they keep the name.
FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".shtm": "html",
    ".xhtml": "html",
    ".jhtml": "html",
    ".mht": "html",
    ".mhtml": "html",
    ".docx": "docx",
    ".doc": "doc",
    # OpenDocument text: what WPS and LibreOffice on domestic systems (信创) save
    ".odt": "odt",
    # WPS 文字's own .wps is Word 97's binary layout (an OLE compound file with its WordDocument stream)
    ".wps": "doc",
    ".rtf": "rtf",
    ".pdf": "pdf",
    ".ofd": "ofd",
    ".xlsx": "xlsx",
    ".xls": "xls",
}
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a ZIP/Office file",
    b"\x7fELF": "a program",
    b"\xd0\xcf\x11\xe0": "an old Office (.doc/.xls) file",
    b"Rar!": "a RAR archive",
    b"\x1f\x8b": "a gzip archive",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", re.I)


def _lookalikes(text: str) -> tuple[str, int]:
    """The text with look-alike characters (Kangxi radicals a PDF extracts for 行, 人 …) replaced, and how many."""
    if not HAS_LOOKALIKE.search(text):
        return text, 0
    n = sum(1 for ch in text if ord(ch) in LOOKALIKES)
    return text.translate(LOOKALIKES), n


def _sniff_binary(name: str, data: bytes) -> None:
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise IngestError(f"{name}: 不是文本文件 / not a text file (looks like {what})")


def _bad_share(text: str) -> float:
    """Share of characters that are control characters or replacement marks."""
    if not text:
        return 0.0
    bad = sum(
        1 for ch in text if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in "\n\r\t\f")
    )
    return bad / len(text)


_GBK_LABELS = frozenset({"gb2312", "gbk", "x-gbk", "gb_2312", "gb_2312-80", "chinese", "csgb2312", "csiso58gb231280"})


def decode(name: str, data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding): BOM, then strict UTF-8, then a declared charset, then GB18030, then a guess."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as e:
                raise IngestError(f"{name}: {enc} 文本损坏 / broken {enc} text ({e.reason} at byte {e.start})")
    candidates = ["utf-8"]
    if declared:
        declared = declared.lower()
        # As browsers do (the WHATWG Encoding Standard): a page that says gb2312 or gbk is read as GBK, whose
        # superset is GB18030; Python's gb2312 reads GBK's — (A1AA) as ― and fails on GBK's extra characters.
        candidates.append("gb18030" if declared in _GBK_LABELS else declared)
    candidates.append("gb18030")  # superset of GBK and GB2312: most Chinese government files
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _bad_share(text) < 0.01:
            return text, enc
    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if _bad_share(text) < 0.01 and _cjk_or_ascii_share(text) > 0.85:
            return text, best.encoding
    raise IngestError(f"{name}: 无法识别文本编码 / cannot decode the text (not UTF-8, UTF-16 or GB18030)")


def _cjk_or_ascii_share(text: str) -> float:
    if not text:
        return 1.0
    ok = sum(1 for ch in text if ch.isascii() or "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
    return ok / len(text)


def _plain(name: str, data: bytes) -> tuple[str, str]:
    _sniff_binary(name, data)
    text, enc = decode(name, data)
    if "\x00" in text:
        raise IngestError(f"{name}: 不是文本文件 / not a text file (binary content)")
    return text, enc


# A page saved as Markdown may open with a block of its fields ("---", "title: …", "url: …", "---").
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n((?:.*\n){0,40}?)---[ \t]*\n")
_TITLE_FIELD = re.compile(r"^\s*title\s*:\s*", re.IGNORECASE)  # the title field's line is the title


def _markdown(name: str, data: bytes) -> tuple[str, str]:
    """A Markdown file's text as its page shows it: rendered to HTML (markdown-it, with its tables) and read as a
    page is, so "## 一、…" is a heading line, "**一是**" plain text, "[首页](…)" its words and a table's cells stand in
    their columns; the fields of a front block are lines of text, the title's its title alone."""
    from html import escape

    from markdown_it import MarkdownIt

    text, enc = _plain(name, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front = _FRONT_MATTER.match(text)
    lines = [line for line in front.group(1).splitlines() if line.strip()] if front else []
    lines = [_TITLE_FIELD.sub("", line).strip("\"'") if _TITLE_FIELD.match(line) else line for line in lines]
    fields = "".join(f"<p>{escape(line)}</p>" for line in lines)
    # bold is no text; CommonMark does not close "**强化法治保障。**坚持…" (punctuation before, a character after)
    body = text[front.end() :] if front else text
    body = MarkdownIt("commonmark", {"html": True}).enable("table").render(body.replace("**", ""))
    page, _ = _html(name, f"<html><body>{fields}{body}</body></html>".encode())
    return page, enc


def _mime_page(data: bytes) -> bytes:
    """The HTML part of a page saved as one MIME file (.mht, or Word's 单个文件网页 named .doc), else the data."""
    head = data[:4096].lower()
    if b"mime-version:" not in head or b"multipart/" not in head:
        return data
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            if charset and not _META_CHARSET.search(payload[:4096]):  # the part's charset, said where _html looks
                payload = f'<meta charset="{charset}">'.encode("ascii", "ignore") + payload
            return payload
    return data


def _html(name: str, data: bytes) -> tuple[str, str]:
    text, encoding, _ = _html_document(name, data)
    return _marked_headings(text)[0], encoding


def _html_document(name: str, data: bytes, frames: Frames | None = None) -> tuple[str, str, list[str] | None]:
    """A page's text and encoding; for a PDF converted to a page (pdf2htmlEX), its printed pages' lines instead.
    ``frames``: for a page saved whole, the documents its frames show (qa/ingest/saved_page.py), read in their place."""
    data = _mime_page(data)
    m = _META_CHARSET.search(data[:4096])
    text, enc = decode(name, data, m.group(1).decode("ascii", "ignore") if m else None)
    root = _parse_html(name, text)
    pages = _converted_pdf_pages(root)
    if pages is not None:
        return "", enc, pages
    framed = _frame_marks(name, root, frames) if frames is not None else {}
    scripts = [el.text_content() for el in root.iter("script")]
    page = _page_text(root)
    if framed:
        page = "\n".join(framed.get(line, line) for line in page.split("\n"))
    # A page of a JavaScript app saved as HTML only: its body is an empty shell, the article is data in a script
    own = cjk_count(page)
    embedded = embedded_article(scripts) if own < _SHELL_CJK else None
    if embedded is not None and cjk_count(embedded) > own:
        page = _page_text(_parse_html(name, embedded))
    return page, enc, None


# The bytes of the document a frame's src names, when the page was saved with it (saved_page.frame_reader)
Frames = Callable[[str], "bytes | None"]
_FRAME_MIN_CJK = 100  # a framed document with less Chinese text than this is a widget (share buttons, a link list)


def _frame_marks(name: str, root, frames: Frames) -> dict[str, str]:
    """Each frame whose saved document has text of its own (an article's body, not a share widget or a list of links,
    which the link filter empties) is replaced by a mark; the mark's line → that document's text."""
    marks: dict[str, str] = {}
    for el in list(root.xpath("//iframe[@src]|//frame[@src]")):
        data = frames(el.get("src") or "")
        if data is None:
            continue
        try:
            text, _, pages = _html_document(f"{name} → {el.get('src')}", data)
        except IngestError:
            continue  # a framed document that cannot be read is left out, as a browser would show nothing
        if pages is not None or cjk_count(text) < _FRAME_MIN_CJK:
            continue
        mark = f"\ue000frame{len(marks)}\ue000"
        holder = el.makeelement("p")
        holder.text = mark
        holder.tail = el.tail
        el.getparent().replace(el, holder)
        marks[mark] = text
    return marks


# pdf2htmlEX, which sites use to show an attached PDF as a page, draws each printed page as <div class="pf"> and each
# printed line as a positioned <div class="t">; the lines break at the PDF's width, inside sentences and numbers.
_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' {} ')"


def _converted_pdf_pages(root) -> list[str] | None:
    """The lines of each page of a PDF converted to HTML by pdf2htmlEX, as pypdf gives a PDF's; None for a page."""
    frames = root.xpath(f"//div[{_CLASS.format('pf')}]")
    if not frames or not root.xpath(f"//div[{_CLASS.format('pf')}]//div[{_CLASS.format('t')}]"):
        return None
    pages = []
    for frame in frames:
        lines = (_squeeze(line.text_content()) for line in frame.xpath(f".//div[{_CLASS.format('t')}]"))
        pages.append("\n".join(line for line in lines if line))
    return pages


def _parse_html(name: str, text: str):
    import lxml.html

    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except Exception as e:  # lxml raises several types for broken markup
        raise IngestError(f"{name}: 无法解析网页 / cannot parse the HTML ({type(e).__name__})")


_SHELL_CJK = 300  # a page with less Chinese text than this outside its scripts may be an app's shell


def _page_text(root) -> str:
    """A parsed page's visible text: one line per block, a table row's cells tab-separated, link lists left out."""
    for bad in root.xpath("//script|//style|//noscript|//template|//head"):
        bad.drop_tree()
    blocks = {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "table",
        "ul",
        "ol",
        "dd",
        "dt",
        "blockquote",
        "pre",
        "header",
        "footer",
        "nav",
    }
    _table_grid(root)
    cells = _data_cells(root)
    for el in root.iter("h2", "h3", "h4", "h5", "h6"):
        if not any(a in cells for a in el.iterancestors("td", "th")):
            el.text = f"{_HEADING_MARK}{el.tag[1]}" + (el.text or "")  # its tag's level: _marked_headings reads it
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in blocks:
            if any(a in cells for a in el.iterancestors("td", "th")):
                el.tail = " " + (el.tail or "")  # a paragraph inside a table cell: the cell stays on its row's line
                continue
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n" + (el.text or "")
        elif isinstance(el.tag, str) and el.tag.lower() in ("td", "th"):
            el.tail = "\t" + (el.tail or "")
    links = {_squeeze(a.text_content()) for a in root.iter("a")}
    raw = root.text_content()
    lines = [ln for ln in (_squeeze(ln) for ln in raw.split("\n")) if ln]
    return "\n".join(_without_link_lists(lines, links))


# A page's heading (<h1>…<h6>) is marked in the page's text by this character and its tag's digit; a CMS may number its
# parts only in the stylesheet (h3::before { content: counter(…) }), leaving the headings' text without 一、/（一）
_HEADING_MARK = "\ue001"


# A heading that is the page's title (or the site's name), not a part of the report: an <h1>, or one ending as titles do
_TITLE_END = re.compile(r"(?:报告|工作要点|通知|门户网站|人民政府网)\s*$")


def _marked_headings(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The page text without its heading marks, and its headings as a Word file's styled headings: (offset of the
    line, level), the page's heading tags ranked into levels 1, 2, … ("依法全面履行政府职能" in an <h3> whose 一、 the
    stylesheet draws is a part; so is the "四、…" a writer typed into the next <h3>)."""
    if _HEADING_MARK not in text:
        return text, ()
    out, found, at = [], [], 0
    for line in text.split("\n"):
        tag = None
        if line.startswith(_HEADING_MARK) and line[1:2].isdigit():
            tag, line = int(line[1]), line[2:]
        line = line.replace(_HEADING_MARK, "")  # a heading inside another block's line: text
        if tag is not None and line.strip() and not _TITLE_END.search(line):
            found.append((at + len(line) - len(line.lstrip()), tag))
        out.append(line)
        at += len(line) + 1
    rank = {tag: level for level, tag in enumerate(sorted({tag for _, tag in found}), 1)}
    return "\n".join(out), tuple((offset, rank[tag]) for offset, tag in found)


def _table_grid(root) -> None:
    """Each table row's cells in their columns: a cell spanning rows or columns stands in every place it covers as an
    empty cell, one more tab, so a row's n-th cell is under the header's n-th ("3<tab>压实…<tab>县政府办公室<tab><tab>
    长期坚持" under "序号<tab>工作任务<tab>牵头单位<tab>配合单位<tab>完成时限", the 配合单位 given in the row above)."""
    for table in root.iter("table"):
        covered: dict[int, int] = {}  # column -> rows below still covered by a cell that spans rows
        for tr in table.iter("tr"):
            if next(tr.iterancestors("table"), None) is not table:
                continue  # a nested table's row: its own table is laid out on its own
            cells = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
            col, spans = 0, {}
            for cell in cells:
                before = 0
                while covered.get(col):
                    before, col = before + 1, col + 1
                if before:
                    cell.text = "\t" * before + (cell.text or "")
                width, height = _span(cell, "colspan"), _span(cell, "rowspan")
                if width > 1:
                    cell.tail = "\t" * (width - 1) + (cell.tail or "")
                for c in range(col, col + width):
                    if height > 1:
                        spans[c] = height - 1
                col += width
            covered = {c: n - 1 for c, n in covered.items() if n > 1 and c not in spans} | spans


_CELL_CHARS = 400  # a cell holding more text is a layout table's, holding an article: it keeps its lines


def _data_cells(root) -> set:
    """The cells of data tables (no table inside the table, at most ``_CELL_CHARS`` of text), each made to read as
    one piece of its row's line: the line breaks of the page's source inside it are spaces, and the white space
    between a row's cells is no text of its own (a page written "<td>…</td>⏎<td>…</td>", or "<td><p>…</p></td>" as
    Word saves it, had put every cell of a row on a line of its own)."""
    cells = set()
    layout = {t for t in root.iter("table") if any(inner is not t for inner in t.iter("table"))}
    for cell in root.iter("td", "th"):
        if next(cell.iterancestors("table"), None) in layout or len(cell.text_content()) > _CELL_CHARS:
            continue  # a table holding tables lays out the page: its cells hold the article and the sidebars
        cells.add(cell)
        for node in cell.iter():
            if isinstance(node.tag, str) and node.text:
                node.text = node.text.replace("\r", " ").replace("\n", " ")
            if node is not cell and node.tail:
                node.tail = node.tail.replace("\r", " ").replace("\n", " ")
    for tr in root.iter("tr"):
        if tr.text and not tr.text.strip():
            tr.text = ""
        for cell in tr:
            if cell in cells and cell.tail and not cell.tail.strip():
                cell.tail = "\t" * cell.tail.count("\t")  # the empty cells a cell spanning columns stands in
    return cells


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, "1")), 100))
    except ValueError:
        return 1


def _squeeze(text: str) -> str:
    """Runs of spaces as one; the tabs between table cells kept, one per cell, and none after a row's last."""
    text = re.sub(r"[ \u00a0]*\t[ \t\u00a0]*", lambda m: "\t" * m.group(0).count("\t"), text)
    return re.sub(r"[ \u00a0]+", " ", text).strip(" \u00a0").rstrip("\t").strip(" \u00a0")


# "标题 2022-01-10", "[2022-01-10]": a list of articles dates each link.
_LISTED_DATE = re.compile(r"\s*[\[［(（]?(?:19|20)\d{2}[-./年]\d{1,2}[-./月]\d{1,2}日?[\]］)）]?$")
_BULLET = re.compile(r"^[·•●○▪■□◆◇►▶>》\-*]\s*")
_SEPARATORS = re.compile(r"[\s|｜/·•、,，\-]+")
_LINK_RUN = 3  # this many lines in a row, each one link, are a menu or a list of other articles


def _without_link_lists(lines: list[str], links: set[str]) -> list[str]:
    """The lines without the page's menus and lists of other articles: runs of lines that are each one link's text.

    A sidebar of other reports' titles ("即墨区2022年法治政府建设工作要点", "…2020年…年度报告") above the article would
    otherwise be read as this report's title and year, and its text be retrieved as the report's."""
    by_length = sorted((x for x in links if x), key=len, reverse=True)
    n_links = [_links_in(ln, links, by_length) for ln in lines]
    out, i = [], 0
    while i < len(lines):
        j, n = i, 0
        while j < len(lines) and n_links[j]:
            n += n_links[j]
            j += 1
        if n >= _LINK_RUN:
            i = j
            continue
        out += lines[i : max(j, i + 1)]
        i = max(j, i + 1)
    return out


def _links_in(line: str, links: set[str], by_length: list[str]) -> int:
    """How many links ``line`` is made of (a menu can stand on one line), or 0 when it holds other text."""
    bare = _LISTED_DATE.sub("", _BULLET.sub("", line))
    if line in links or bare in links:
        return 1
    n = 0
    for link in by_length:
        if link in bare:
            n += bare.count(link)
            bare = bare.replace(link, " ")
    return n if n >= 2 and not _SEPARATORS.sub("", bare) else 0


# The formats that are ZIP packages, by the name their messages give them.
_PACKAGES = {"docx": "Word", "ofd": "OFD", "xlsx": "Excel"}


def _check_unpacked(name: str, data: bytes, max_unpacked: int, fmt: str = "docx") -> None:
    """Refuse a ZIP package whose parts decompress to more than ``max_unpacked`` bytes (a zip bomb).

    The sizes come from the archive's directory; zipfile stops reading a part at its declared size
    and checks its CRC, so a part cannot unpack to more than it declares.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            total = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise IngestError(f"{name}: 无法读取的 {_PACKAGES[fmt]} 文件 / not a readable .{fmt} file ({type(e).__name__})")
    if total > max_unpacked:
        raise IngestError(
            f"{name}: 解压后过大 / unpacks to {total / 1048576:.0f} MB, "
            f"more than the limit of {max_unpacked / 1048576:.0f} MB"
        )


def _docx(name: str, data: bytes, max_unpacked: int) -> tuple[str, tuple[tuple[int, int], ...]]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _check_unpacked(name, data, max_unpacked)
    try:
        d = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, Exception) as e:  # zipfile errors vary
        raise IngestError(f"{name}: 无法读取的 Word 文件 / not a readable .docx file ({type(e).__name__})")
    lines: list[str] = []
    levels: list[int | None] = []
    _docx_blocks(d.element.body, lines, levels, _heading_styles(d), ListNumbers.of(d))
    text, at, headings = "\n".join(lines), 0, []
    for line, level in zip(lines, levels):
        if level is not None and line.strip():
            headings.append((at + len(line) - len(line.lstrip()), level))
        at += len(line) + 1
    return text, tuple(headings)


_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


def _outline(ppr) -> int | None:
    """The heading level (1-9) a paragraph-properties element gives by its outline level, if any."""
    node = child(ppr, "outlineLvl")
    if node is None:
        return None
    value = attr(node, "val") or ""
    return int(value) + 1 if value.isdigit() and int(value) < 9 else None


def _heading_styles(d) -> dict[str, int]:
    """Paragraph style id → heading level, for the styles that are headings: named "heading N" / "标题 N", or given
    an outline level, themselves or through the style they are based on."""
    own: dict[str, tuple[int | None, str | None]] = {}
    for style in d.styles.element.iterchildren():
        if tag(style) != "style" or attr(style, "type") != "paragraph":
            continue
        m = _HEADING_NAME.match((attr(child(style, "name"), "val") or "").strip())
        level = int(m.group(1)) if m else _outline(child(style, "pPr"))
        own[attr(style, "styleId") or ""] = (level, attr(child(style, "basedOn"), "val"))
    levels: dict[str, int] = {}
    for style_id in own:
        seen, at = set(), style_id
        while at in own and at not in seen:  # a style based on a heading style is a heading
            seen.add(at)
            level, at = own[at][0], own[at][1]
            if level is not None:
                levels[style_id] = level
                break
    return levels


def _heading_level(p, styles: dict[str, int]) -> int | None:
    ppr = child(p, "pPr")
    own = _outline(ppr)
    if own is not None:
        return own
    style = child(ppr, "pStyle")
    return styles.get(attr(style, "val") or "") if style is not None else None


# Tracked changes not yet accepted: the text moved away from here and deleted text (written as w:t by some writers)
# is no longer the document's; inserted text (w:ins, w:moveTo) is. A text box's text (a letterhead, a 专栏 box) is read
# as lines of its own after the paragraph it is anchored in, and once: Word writes it twice, in the drawing Word 2010+
# shows (mc:Choice) and again in a VML copy for older readers (mc:Fallback).
_REMOVED = ("del", "moveFrom")
_NOT_INLINE = (*_REMOVED, "Fallback", "txbxContent")


def _removed(node, top) -> bool:
    """Whether ``node`` lies, below ``top``, in text that is not read in line: removed by a tracked change, a VML copy
    of a text box, or a text box (read on its own)."""
    while node is not None and node is not top:
        if tag(node) in _NOT_INLINE:
            return True
        node = node.getparent()
    return False


def _run_text(element) -> str:
    """The text of a paragraph or cell: its runs' text, a tab character as a tab and a line break as a line break
    ("行政复议<tab>312<tab>355" is a row set out with tabs; a tab stop defined in the paragraph's settings is none);
    as it reads with its tracked changes accepted, without the text boxes anchored in it."""
    out = []
    for node in element.iter():
        name = tag(node)
        if name not in ("t", "tab", "br", "cr") or _removed(node.getparent(), element):
            continue
        if name == "t":
            out.append(node.text or "")
        elif tag(node.getparent()) == "r":
            out.append("\t" if name == "tab" else "\n")
    return "".join(out)


def _text_boxes(element) -> list:
    """The text boxes anchored in a paragraph or cell, each once (not its VML copy, not a box inside a box)."""
    return [node for node in element.iter() if tag(node) == "txbxContent" and not _removed(node.getparent(), element)]


def _grid_span(cell) -> int:
    """How many grid columns a Word table cell spans (its own properties' gridSpan, not a nested table's)."""
    value = attr(child(child(cell, "tcPr"), "gridSpan"), "val") or "1"
    return max(1, min(int(value), 100)) if value.isdigit() else 1


def _cell_text(cell, numbers: ListNumbers) -> str:
    """A table cell's text; its paragraphs' list numbers too (a 序号 column Word numbers itself)."""
    parts = []
    for node in cell.iterchildren():
        if tag(node) == "p":
            parts.append(numbers.label(node) + _run_text(node))
        elif tag(node) not in ("", "tcPr"):
            parts.append(_run_text(node))
        parts.extend(" " + _run_text(box) for box in _text_boxes(node))
    return "".join(parts)


def _docx_blocks(
    parent, lines: list[str], levels: list[int | None], styles: dict[str, int], numbers: ListNumbers
) -> None:
    """Paragraphs and table rows in document order, with each paragraph's heading level (None for body text) and
    the list number Word shows before it; a content control (a cover page, a block of text a template fills in) is
    read for what it holds."""
    for node in parent.iterchildren():
        name = tag(node)
        if name == "p":
            text = numbers.label(node) + _run_text(node)
            lines.append(text)
            # a paragraph with line breaks in it is body text, whatever its style
            levels.append(_heading_level(node, styles) if "\n" not in text else None)
            for box in _text_boxes(node):
                _docx_blocks(box, lines, levels, styles, numbers)
        elif name == "tbl":
            cells = [cell for row in node.iterchildren() if tag(row) == "tr" for cell in row.iterchildren()]
            cells = [cell for cell in cells if tag(cell) == "tc"]
            if len(cells) == 1:
                # a table of one cell is a frame around text (WPS sets a whole report in one): its paragraphs and
                # tables are read as the body's, not run together as one cell's text
                _docx_blocks(cells[0], lines, levels, styles, numbers)
                continue
            rows = [row for row in node.iter() if tag(row) == "tr"]
            tasks = _task_rows(rows, numbers)
            if tasks is not None:  # a work plan's task table: each task a line with its duties
                lines.extend(tasks)
                levels.extend([None] * len(tasks))
                continue
            for row in rows:
                # a cell merged across columns stands in each (an empty cell more), as in an .html table
                cells = [
                    _cell_text(cell, numbers).strip() + "\t" * (_grid_span(cell) - 1)
                    for cell in row.iterchildren()
                    if tag(cell) == "tc"
                ]
                lines.append("\t".join(cells).rstrip("\t"))
                levels.append(None)
        elif name in ("sdt", "sdtContent", "customXml"):
            _docx_blocks(node, lines, levels, styles, numbers)


def _task_rows(rows: list, numbers: ListNumbers) -> list[str] | None:
    """A Word table of tasks (序号 | 重点任务 | 具体措施 | 责任单位 | 完成时限) as lines: a part's row spanning the
    columns as its title, each task as a line with its duties (qa/ingest/task_tables.py); None for another table.
    A cell merged down a column (the same 责任单位 for several tasks) stands in each row it covers."""
    if not rows:
        return None
    # the header read without list numbers: reading a cell's numbers moves Word's counters on, once only
    if task_tables.roles_of([_run_text(cell).strip() for cell in rows[0].iterchildren() if tag(cell) == "tc"]) is None:
        return None
    grid: list[list[str]] = []
    for row in rows:
        cells: list[str] = []
        for cell in row.iterchildren():
            if tag(cell) != "tc":
                continue
            text = " ".join(_cell_text(cell, numbers).split("\n")).strip()
            merge = child(child(cell, "tcPr"), "vMerge")
            if merge is not None and attr(merge, "val") != "restart" and grid and len(grid[-1]) > len(cells):
                text = grid[-1][len(cells)]  # continued from the row above
            cells += [text] + [""] * (_grid_span(cell) - 1)
        grid.append(cells)
    return task_tables.grid_lines(grid)


def _looks_like_page(data: bytes) -> bool:
    """Whether an office file's bytes are a web page saved under its name (Word's 单个文件网页, a site's 导出)."""
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<", b"\xef\xbb\xbf<")) or b"<html" in head or b"mime-version" in head


def _doc(name: str, data: bytes) -> tuple[str, str | None]:
    """An old Word 97–2003 file; a web page saved under the name .doc (as sites and Word's 另存为 do) is read as one."""
    if data.startswith(worddoc.OLE_MAGIC):
        try:
            return worddoc.text_of(data), None
        except worddoc.DocError as e:
            raise IngestError(f"{name}: 无法读取的 Word 文件 / not a readable .doc file ({e})")
    if _looks_like_page(data):
        return _html(name, data)
    if rtf.is_rtf(data):
        return _rtf(name, data)
    raise IngestError(f"{name}: 不是 Word 文件 / not a .doc file (not a Word 97–2003 document)")


def _rtf(name: str, data: bytes) -> tuple[str, str | None]:
    """An RTF file: its own escapes say its code page; bytes a writer left raw are decoded as a text file's are."""
    source, encoding = decode(name, data)
    try:
        return rtf.text_of(source), (encoding if any(b > 0x7F for b in data[:65536]) else None)
    except rtf.RtfError as e:
        raise IngestError(f"{name}: 无法读取的 RTF 文件 / not a readable .rtf file ({e})")


def _ofd(name: str, data: bytes, max_pages: int, max_unpacked: int) -> list[str]:
    _check_unpacked(name, data, max_unpacked, "ofd")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return ofd.pages_of(z, max_pages)
    except ofd.TooManyPages as e:
        raise IngestError(f"{name}: OFD 页数过多 / OFD has {e.pages} pages, more than the limit of {max_pages}")
    except (zipfile.BadZipFile, ofd.OfdError, OSError) as e:
        raise IngestError(f"{name}: 无法读取的 OFD 文件 / not a readable .ofd file ({e})")


def _odt(name: str, data: bytes, max_unpacked: int) -> tuple[str, tuple[tuple[int, int], ...]]:
    if _looks_like_page(data):
        return _html(name, data)[0], ()
    if not data.startswith(b"PK"):
        raise IngestError(f"{name}: 不是 ODT 文件 / not an .odt file (not a ZIP package)")
    try:
        return odt.text_of(data, max_unpacked)
    except odt.OdtError as e:
        raise IngestError(f"{name}: 无法读取的 ODT 文件 / not a readable .odt file ({e})") from None


def _xlsx(name: str, data: bytes, max_unpacked: int) -> str:
    _check_unpacked(name, data, max_unpacked, "xlsx")
    try:
        return spreadsheet.text_of(data)
    except spreadsheet.SheetError as e:
        raise IngestError(f"{name}: 无法读取的 Excel 文件 / not a readable .xlsx file ({e})")


def _xls(name: str, data: bytes, max_unpacked: int) -> tuple[str, str | None]:
    """An Excel 97–2003 workbook; an .xlsx named .xls, or a web page's table saved as .xls (as sites' 导出 does), is
    read as what it is."""
    if data.startswith(b"PK"):
        return _xlsx(name, data, max_unpacked), None
    if not data.startswith(worddoc.OLE_MAGIC):
        if _looks_like_page(data):
            return _html(name, data)
        raise IngestError(f"{name}: 不是 Excel 文件 / not an .xls file (not an Excel 97–2003 workbook)")
    try:
        return spreadsheet.xls_text_of(data), None
    except spreadsheet.SheetError as e:
        raise IngestError(f"{name}: 无法读取的 Excel 文件 / not a readable .xls file ({e})")


def _fixed_layout(name: str, pages: list[str], kind: str) -> tuple[str, list[str]]:
    """The pages of a PDF or OFD as one text: running headers and page numbers dropped, a page without text said."""
    pages, _ = drop_running_lines(pages)
    pages = move_footnotes(pages)
    text = "\n".join(p.strip("\n") for p in pages)
    if len(re.sub(r"\s", "", text)) < 20:
        raise IngestError(
            f"{name}: {kind} 没有文字层（扫描件须先做 OCR） / {kind} has no text layer (scanned pages need OCR first)"
        )
    empty = sum(1 for p in pages if not p.strip())
    return text, ([f"{empty} of {len(pages)} {kind} pages have no text"] if empty else [])


def _pdf(name: str, data: bytes, max_pages: int, max_chars: int) -> tuple[str, list[str]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        n = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, OSError) as e:
        raise IngestError(f"{name}: 无法读取的 PDF / not a readable PDF ({type(e).__name__})")
    if n > max_pages:
        raise IngestError(f"{name}: PDF 页数过多 / PDF has {n} pages, more than the limit of {max_pages}")
    pages, n_chars = [], 0
    for page in reader.pages:
        try:
            pages.append(page.extract_text() or "")
        except Exception:  # pypdf raises assorted errors on damaged pages
            pages.append("")
        n_chars += len(pages[-1])
        if n_chars > max_chars:  # stop reading at once: the rest would only be refused
            raise IngestError(_too_long(name, n_chars, max_chars, "more than "))
    # a typeset page drawn glyph by glyph out of reading order: read by the glyphs' positions
    ordered = glyph_order.read_in_order(data, [i for i, p in enumerate(pages) if glyph_order.scrambled(p)])
    pages = [ordered.get(i, p) for i, p in enumerate(pages)]
    # a work plan's task table: pypdf reads its cells apart from their rows; pdfplumber reads the rows
    tabled = task_tables.read_pages(data, [i for i, p in enumerate(pages) if task_tables.has_task_table(p)])
    # a table of figures drawn as a grid: pypdf reads its cells one per line, pdfplumber its rows
    grids = {i for i, p in enumerate(pages) if i not in tabled and pdf_tables.has_data_table(p)}
    # and the page after one: a table runs on over the page break, its header repeated, its rows there read by pypdf
    # as lines of words apart by spaces (no run of cell lines to tell it by)
    grids |= {i + 1 for i in grids if i + 1 < len(pages) and i + 1 not in tabled}
    rows = pdf_tables.read_pages(data, {i: pages[i] for i in sorted(grids)})
    pages = [tabled.get(i, rows.get(i, p)) for i, p in enumerate(pages)]
    return _fixed_layout(name, pages, "PDF")


def _too_long(name: str, n: int, limit: int, more: str = "") -> str:
    return f"{name}: 文字过多 / {more}{n:,} characters of text, over the limit of {limit:,} per file"


def load(
    path: Path,
    *,
    max_bytes: int = 20 * 1024 * 1024,
    max_pdf_pages: int = 500,
    max_unpacked: int = 100 * 1024 * 1024,
    max_chars: int = 2_000_000,
) -> LoadedFile:
    """Read one report file. Raises IngestError with a one-line message for any bad input.

    ``max_bytes`` limits the file, ``max_unpacked`` what a .docx package decompresses to and
    ``max_chars`` the text extracted from any format.
    """
    name = path.name
    _format_of(name)
    if path.is_symlink():
        raise IngestError(
            f"{name}: 符号链接，已跳过 / symbolic link, skipped (a corpus folder serves only its own files)"
        )
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(
                f"{name}: 文件过大 / file is {size / 1048576:.1f} MB, "
                f"larger than the limit of {max_bytes / 1048576:.0f} MB"
            )
        data = path.read_bytes()
    except IngestError:
        raise
    except OSError as e:
        raise IngestError(f"{name}: 无法读取 / cannot read the file ({e.strerror or e})")
    frames = saved_page.frame_reader(path)
    return load_data(
        name, data, max_pdf_pages=max_pdf_pages, max_unpacked=max_unpacked, max_chars=max_chars, frames=frames
    )


def _format_of(name: str) -> str:
    fmt = FORMATS.get(PurePath(name).suffix.lower())
    if fmt is None:
        suffix, known = PurePath(name).suffix or "(none)", " ".join(FORMATS)
        raise IngestError(f"{name}: 不支持的文件类型 / unsupported file type {suffix} (reports are {known})")
    return fmt


def load_data(
    name: str,
    data: bytes,
    *,
    max_pdf_pages: int = 500,
    max_unpacked: int = 100 * 1024 * 1024,
    max_chars: int = 2_000_000,
    frames: Frames | None = None,
) -> LoadedFile:
    """Read one report from its bytes (a file's, or an archive member's); ``name``'s extension says its format.
    ``frames``: a page saved whole reads the documents its frames show (saved_page.frame_reader)."""
    fmt = _format_of(name)
    if not data.strip():
        raise IngestError(f"{name}: 空文件 / file is empty")
    warnings: list[str] = []
    encoding = None
    headings: tuple[tuple[int, int], ...] = ()
    pdf_pages: list[str] | None = None  # an .html that is a PDF converted to a page
    if fmt == "txt":
        text, encoding = _plain(name, data)
    elif fmt == "md":
        text, encoding = _markdown(name, data)
    elif fmt == "html":
        _sniff_binary(name, data)
        text, encoding, pdf_pages = _html_document(name, data, frames)
        text, headings = _marked_headings(text)
        if pdf_pages is not None:
            text, warnings = _fixed_layout(name, pdf_pages, "PDF")
            warnings.append("a PDF converted to a page (pdf2htmlEX): read page by page")
    elif fmt == "doc" and not data.startswith(b"PK"):
        text, encoding = _doc(name, data)
    elif fmt in ("docx", "doc"):  # a .docx renamed .doc is read as what it is
        if not data.startswith(b"PK"):
            raise IngestError(f"{name}: 不是 Word 文件 / not a .docx file (not a Word document package)")
        text, headings = _docx(name, data, max_unpacked)
    elif fmt == "xls":
        text, encoding = _xls(name, data, max_unpacked)
    elif fmt == "odt":
        text, headings = _odt(name, data, max_unpacked)
    elif fmt == "rtf":
        if not rtf.is_rtf(data):
            raise IngestError(f"{name}: 不是 RTF 文件 / not an RTF file (it does not begin with {{\\rtf)")
        text, encoding = _rtf(name, data)
    elif fmt in ("ofd", "xlsx"):
        if not data.startswith(b"PK"):
            raise IngestError(f"{name}: 不是 {_PACKAGES[fmt]} 文件 / not a .{fmt} file (not a ZIP package)")
        if fmt == "xlsx":
            text = _xlsx(name, data, max_unpacked)
        else:
            text, warnings = _fixed_layout(name, _ofd(name, data, max_pdf_pages, max_unpacked), "OFD")
    else:
        if not data.lstrip().startswith(b"%PDF"):
            raise IngestError(f"{name}: 不是 PDF 文件 / not a PDF file")
        text, warnings = _pdf(name, data, max_pdf_pages, max_chars)
    if len(text) > max_chars:
        raise IngestError(_too_long(name, len(text), max_chars))
    if "\r" in text:
        headings = ()  # their offsets were of the text before its line ends were made one kind
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(f"{name}: 文件中没有文字 / no text in the file")
    # before lines are read for headings and items: "（⼀）" is "（一）" (one character for one: offsets stay)
    text, looks = _lookalikes(text)
    if looks:
        warnings.append(f"{looks} Kangxi radicals / compatibility ideographs read as the characters they show")
    text, run_on = split_run_on(text)
    if run_on:
        warnings.append(f"{run_on} paragraphs run together on one line put on lines of their own")
    # a contents page's lines would be read as the report's headings, before the real ones
    text, listed = blank_contents(text)
    if listed:
        warnings.append(f"{listed} lines of a table of contents (目录) left out")
    edits: tuple[tuple[int, str], ...] = ()
    if fmt in ("txt", "pdf", "ofd") or pdf_pages is not None:
        # PDF text breaks lines at the page width, inside words and numbers; page text has stray breaks in sentences
        text, edits = unwrap_edits(text)
        if edits:
            warnings.append("lines broken at a fixed width: joined back into paragraphs")
        # a printout in a proportional font wraps where its letters fill the line, not at one count of them
        joined, strays = join_stray_breaks(text)
        if strays:
            warnings.append(f"{len(strays)} line breaks inside sentences joined")
            text, edits = joined, after(edits, strays)
        closed, spaced = close_up(text)  # OCR and PDF text space out a heading's characters ("高 度 重 视")
        if spaced:
            warnings.append(f"{len(spaced)} spaces inside letter-spaced words closed up")
            text, edits = closed, after(edits, spaced)
    elif fmt in ("docx", "doc", "odt"):
        # a PDF turned back into a Word file ("PDF转Word"): each printed line a paragraph, page numbers between
        text, edits = unwrap_edits(text, columns=True)
        if edits:
            warnings.append("a Word file of a PDF's printed lines: joined back into paragraphs")
            headings = ()  # their offsets were of the lines
    if encoding and encoding not in ("utf-8", "utf-8-sig"):
        warnings.append(f"decoded as {encoding}")
    return LoadedFile(
        text=text, format=fmt, encoding=encoding, warnings=warnings, source_edits=edits, headings=headings
    )
