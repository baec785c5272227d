"""What an official document or its web page says of itself, asked of the report: to whom it is sent (主送, the
line "石家庄市人民政府：" under the title), to whom copied (the 版记's "抄送：县委办公室，…。") and, on a site's page,
its source ("发布日期：… 来源：延吉市司法局"). Read from the report's own lines, never from its sentences.
"""

from __future__ import annotations

import re

# "报告主送哪个机关", "是报送给哪个机关的", "这份文件报给谁": the report or document named, then the verb
_ASKS_ADDRESSEE = re.compile(r"(?:报告|文件|请示|这份|该份)[^？?。]{0,12}?(?:主送|报送给?|报给|呈报|上报给?|呈送)")
_ASKS_COPIED = re.compile(r"抄送")
_ASKS_SOURCE = re.compile(r"来源(?:是|为|于)?(?:哪个|哪家|什么|哪)")

# the addressee: a line of its own, an office's name and a colon, among the document's first lines
_ADDRESSEE = re.compile(
    r"(?m)^[ \t\u3000]*([\u4e00-\u9fff（）()、]{2,30}?(?:政府|委员会|常委会|党委|办公室|办公厅|局|厅))"
    r"[：:][ \t\u3000]*$"
)
_HEAD_CHARS = 600  # the addressee stands under the title, within the document's first lines
_COPIED = re.compile(r"抄送[：:][ \t\u3000]*([^。\n]+)")
_SOURCE = re.compile(r"来源[：:][ \t\u3000]*([^\s|｜，,]{2,30})")


def asked(question_norm: str) -> str | None:
    """The field a question asks: "addressee", "copied", "source", or None."""
    if _ASKS_COPIED.search(question_norm):
        return "copied"
    if _ASKS_ADDRESSEE.search(question_norm):
        return "addressee"
    if _ASKS_SOURCE.search(question_norm):
        return "source"
    return None


def find(doc_norm: str, field: str) -> tuple[int, int] | None:
    """The document span of the field's value, or None when the document does not say it."""
    if field == "addressee":
        m = _ADDRESSEE.search(doc_norm, 0, _HEAD_CHARS)
    elif field == "copied":
        m = _COPIED.search(doc_norm)
    else:
        m = _SOURCE.search(doc_norm, 0, _HEAD_CHARS)
    if m is None:
        return None
    start, end = m.span(1)
    while end > start and doc_norm[end - 1] in "。；;，, \t":
        end -= 1
    return start, end
