"""The text of an old Word 97–2003 ``.doc`` file (the binary format government sites still post).

olefile opens the compound file; the text is then read through the document's piece table as [MS-DOC] lays it
out (2.4.1 "Retrieving Text"): the File Information Block names the table stream and where its Clx sits, the Clx's
PlcPcd maps character positions to runs of text stored as cp1252 bytes or UTF-16LE. Only the main document is
read (headers, footnotes and text boxes follow it in the same positions and are left out). Field codes
(``HYPERLINK …``, ``PAGE``) are dropped and their shown result kept; table cells become tab-separated lines, as the
.docx reader gives them.
"""

from __future__ import annotations

import io
import struct

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_IDENT = 0xA5EC
_FLAG_ENCRYPTED = 0x0100
_FLAG_TABLE_1 = 0x0200  # fWhichTblStm: the piece table is in "1Table", else "0Table"
_FC_CLX = 33  # index of the fcClx/lcbClx pair in FibRgFcLcb97
_CCP_TEXT = 3  # index of ccpText (characters of the main document) in FibRgLw97

# Word's marks inside the text: a cell or row end, a line or page break, anchors of objects and notes
_MARKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\x1e": "-", "\x1f": "", "\x01": "", "\x02": "", "\x08": ""})


class DocError(ValueError):
    """The file is no Word 97–2003 document this reader can read (the reason, in English, for the message)."""


def _u16(data: bytes, at: int) -> int:
    return struct.unpack_from("<H", data, at)[0]


def _u32(data: bytes, at: int) -> int:
    return struct.unpack_from("<I", data, at)[0]


def text_of(data: bytes) -> str:
    """The main document's text of a .doc file: paragraphs on lines, a table row's cells joined by tabs."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, struct.error) as e:  # olefile reports a damaged container as OSError
        raise DocError(f"damaged OLE container ({e})") from None
    with ole:
        if not ole.exists("WordDocument"):
            kind = "an Excel workbook" if ole.exists("Workbook") else "no Word document"
            raise DocError(f"{kind} inside the Office container")
        word = ole.openstream("WordDocument").read()
        if len(word) < 0x22 or _u16(word, 0) != _WORD_IDENT:
            raise DocError("not a Word 97–2003 document (a Word 6/95 file or a damaged one)")
        flags = _u16(word, 0x0A)
        if flags & _FLAG_ENCRYPTED:
            raise DocError("the document is password-protected")
        table_name = "1Table" if flags & _FLAG_TABLE_1 else "0Table"
        if not ole.exists(table_name):
            raise DocError(f"its {table_name} stream is missing")
        table = ole.openstream(table_name).read()
    try:
        return _read(word, table)
    except (struct.error, IndexError) as e:
        raise DocError(f"damaged piece table ({e})") from None


def _read(word: bytes, table: bytes) -> str:
    at = 0x20
    csw = _u16(word, at)
    at += 2 + csw * 2
    cslw = _u16(word, at)
    lw = at + 2
    ccp_text = _u32(word, lw + _CCP_TEXT * 4)
    at = lw + cslw * 4
    if _u16(word, at) <= _FC_CLX:
        raise DocError("its File Information Block is too short")
    fc_clx, lcb_clx = struct.unpack_from("<II", word, at + 2 + _FC_CLX * 8)
    clx = table[fc_clx : fc_clx + lcb_clx]
    i = 0
    while i < len(clx) and clx[i] == 0x01:  # Prc: formatting of pieces, skipped
        i += 3 + struct.unpack_from("<h", clx, i + 1)[0]
    if i >= len(clx) or clx[i] != 0x02:
        raise DocError("no piece table")
    lcb = _u32(clx, i + 1)
    plc = clx[i + 5 : i + 5 + lcb]
    n = (lcb - 4) // 12
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    parts, left = [], ccp_text
    for k in range(n):
        if left <= 0:
            break
        count = min(cps[k + 1] - cps[k], left)
        fc = _u32(plc, (n + 1) * 4 + k * 8 + 2)
        if fc & 0x40000000:  # compressed: one byte per character, cp1252
            start = (fc & 0x3FFFFFFF) // 2
            parts.append(word[start : start + count].decode("cp1252", errors="replace"))
        else:
            parts.append(word[fc : fc + 2 * count].decode("utf-16-le", errors="replace"))
        left -= count
    return _clean("".join(parts))


def _clean(raw: str) -> str:
    """Fields to what they show, Word's marks to text: a paragraph end is a line end, a table cell a tab."""
    out, shown = [], [True]  # per open field (and the document itself): whether its text is shown
    for ch in raw:
        if ch == "\x13":  # field begins: its code follows
            shown.append(False)
        elif ch == "\x14" and len(shown) > 1:  # separator: the field's result follows
            shown[-1] = True
        elif ch == "\x15" and len(shown) > 1:
            shown.pop()
        elif all(shown):
            out.append(ch)
    text = "".join(out).replace("\r", "\n").translate(_MARKS)
    # a row ends with its last cell's mark and its own
    return text.replace("\x07\x07", "\n").replace("\x07", "\t")
