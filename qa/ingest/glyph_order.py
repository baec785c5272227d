"""A PDF whose text is drawn out of reading order, read by the glyphs' positions.

Typesetting software (方正书版, 飞腾) exports each character, or a run of two or three, at its own position, and
writes the page's pieces in whatever order it laid them out: the masthead last, a line's second half before its
first. pypdf reads the content stream in order, so such a page comes out as a column of one- or two-character lines
in scrambled order ("市⏎人⏎民政⏎府坚"). Such a page is recognised by those lines and read again with pdfplumber,
which sorts the characters by their position on the page.
"""

from __future__ import annotations

import io
import logging

log = logging.getLogger(__name__)

_MIN_LINES = 30  # a page with fewer lines is a cover or a signature page: too little to judge
_SHORT = 3  # a line of this many characters or fewer is a glyph run, not a printed line
_SHORT_SHARE = 0.6  # … and a scrambled page is mostly such lines


def scrambled(page_text: str) -> bool:
    """Whether a page's text (as pypdf reads it) is glyph runs out of reading order: most of its lines hold a few
    characters. A page of printed lines holds 20–40 a line; a table read cell by cell still holds words."""
    lines = [ln.strip() for ln in page_text.splitlines() if ln.strip()]
    if len(lines) < _MIN_LINES:
        return False
    return sum(len(ln) <= _SHORT for ln in lines) >= _SHORT_SHARE * len(lines)


def read_in_order(data: bytes, numbers: list[int]) -> dict[int, str]:
    """The text of the given pages (0-based) with their characters in reading order, by position. A page pdfplumber
    cannot read is left out (its pypdf text stands)."""
    if not numbers:
        return {}
    try:
        import pdfplumber
    except ImportError:  # an install without it reads the page as pypdf does
        return {}
    out: dict[int, str] = {}
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for n in numbers:
                out[n] = pdf.pages[n].extract_text() or ""
    except Exception as e:  # pdfminer raises assorted errors on odd files: keep pypdf's reading
        log.warning("page not read by position (%s): %s", type(e).__name__, e)
    return out
