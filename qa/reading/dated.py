"""The date a report or notice is signed: "落款是哪一天" / "哪天印发的" asks for the date line under
the issuer ("互助土族自治县人民政府办公室\n2024年4月22日"), which no sentence around the question's
words holds. A date standing alone on its line is that date; the page's "发布日期" is when the page
was put up, answered by qa/reading/page.py for "哪天发布的". Which questions ask for it is question analysis
(qa.retrieval.question.asks_signature_date).
"""

from __future__ import annotations

import re

from qa.document import Chunk

_DATE_LINE = re.compile(r"(?m)^[ \t\u3000]*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)[ \t\u3000]*$")


def signature_dates(chunk: Chunk) -> list[tuple[int, int]]:
    """(start, end) offsets into the chunk's text of the dates standing alone on a line."""
    return date_lines(chunk.text)


def date_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets into ``text`` of the dates standing alone on a line, in order."""
    return [(m.start(1), m.end(1)) for m in _DATE_LINE.finditer(text)]
