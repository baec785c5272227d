"""What the web page says about a report: when it was published, where it came from, its document number.

A report downloaded from a government site carries the page's own line above it ("发布时间:2024-02-22
15:24信息来源:怀化市司法局", "日期:2019-01-21浏览次数:5911"). That line is boilerplate to retrieval
(no passage holds it), yet "这份报告是哪天发布的" and "信息来源是哪个单位" ask for it. The answer is the
value on that line, cited by the line itself as a passage of the document: still a verbatim slice.
"""

from __future__ import annotations

import re

from qa.document import Answer, Document, Hit
from qa.ingest.chunking import make_chunk
from qa.ingest.metadata import published_span
from qa.reading.answers import empty_answer, finish

HEAD_CHARS = 3000  # the page's own lines stand above the report (as for metadata's published date)
SECTION = "页面信息"
# 来源:怀化市司法局, 信息来源：市政府办公室, 发布机构:互助县人民政府办公室 (up to the next field or the line end)
_SOURCE = re.compile(
    r"(?:信息来源|文章来源|来源|发布机构|发布单位|发文机关)\s*[:：]\s*"
    r"([^\s:：|｜,，。]{2,30}?)(?=\s|$|浏览|发布|日期|时间|字号|作者|点击|【|\[|索引|主题|公文)",
    re.M,
)


# A document number where the report's head states its own: on a line of its own or first on it ("互政办〔2024〕18号
# :互助土族自治县人民政府办公室关于印发…"), or after its label ("发文字号:…"). Not one inside a sentence: that is a
# document the report cites ("《…规定》瀍政办〔2017〕28号").
_NUMBER = re.compile(
    r"(?:^|(?:发文字号|文号)\s*[:：]\s*)[ \t]*"
    r"([\u4e00-\u9fff]{1,12}\s*[〔［\[【(（]\s*(?:19|20)\d{2}\s*[〕］\]】)）]\s*\d{1,4}\s*号)",
    re.M,
)


def number(doc: Document) -> tuple[int, int] | None:
    """(start, end) of the report's own document number in its head."""
    m = _NUMBER.search(doc.norm[:HEAD_CHARS])
    return (m.start(1), m.end(1)) if m else None


def line_span(doc: Document, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the line of the document holding [start, end)."""
    lo = doc.text.rfind("\n", 0, start) + 1
    hi = doc.text.find("\n", end)
    return lo, len(doc.text) if hi < 0 else hi


def published(doc: Document) -> tuple[int, int] | None:
    """(start, end) of the page's publication date, the one the metadata's ``published`` came from."""
    return published_span(doc.norm)


def source(doc: Document) -> tuple[int, int] | None:
    """(start, end) of the office the page names as its source or publisher."""
    m = _SOURCE.search(doc.norm[:HEAD_CHARS])
    return (m.start(1), m.end(1)) if m else None


def answer(question: str, doc: Document, fact: str, hits: list[Hit]) -> Answer | None:
    """The page's publication date (``fact`` "published"), source ("source") or the report's document number
    ("number") of ``doc``, cited by its line; None when the page states none (a number the head lacks may still be
    cited in the text, "印发《…工作要点》(秭政办发〔2022〕9号)": the reader's, through qa/reading/doc_numbers.py)."""
    found = {"published": published, "source": source, "number": number}[fact](doc)
    if found is None:
        return None
    lo, hi = line_span(doc, *found)
    chunk = make_chunk(doc, lo, hi, (SECTION,))
    out = empty_answer(question, hits)
    finish(out, [(chunk, found[0], found[1])], "span")
    out.confidence = 0.9  # the page's own field, not a guess near words
    return out
