"""The text of an RTF file (Word's or WPS's "RTF 格式", posted by sites that take no .docx).

striprtf reads the control words and groups: fonts, colours, the document's information, headers and footers are
left out, a paragraph is a line, Chinese written as byte escapes (\\'b7\\'a8) is decoded by the file's code page
(\\ansicpg936) or its font's character set (\\fcharset134), \\uN escapes as what they stand for. A table's cells are
read with tabs between them (striprtf writes "|"), so that a row reads as a Word table's row does.
"""

from __future__ import annotations

import re

_CELL = re.compile(r"\\(?:nest)?cell(?![a-z])")
_FALLBACK = "gb18030"  # the code page when a file names none: the reports are Chinese


class RtfError(ValueError):
    """The file is no RTF this reader can read (the reason, in English, for the message)."""


def is_rtf(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf")


def text_of(source: str) -> str:
    """The text of an RTF document given as its characters (7-bit, or decoded from the bytes a writer left raw)."""
    from striprtf.striprtf import rtf_to_text

    try:
        text = rtf_to_text(_CELL.sub(r"\\tab", source), encoding=_FALLBACK, errors="replace")
    except Exception as e:  # striprtf raises assorted errors on damaged groups
        raise RtfError(type(e).__name__)
    lines = [line.rstrip("\t ") for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines)
