"""Text from a report, a file name or a user, made safe to show: as HTML with highlighted answer
pieces, or as literal text inside Streamlit's Markdown (st.markdown, captions, alerts).

Escaping HTML is not enough where Markdown is parsed: ``![t](http://host/track.png)`` in a report
makes every viewer's browser fetch that URL, ``[点我](javascript:…)`` becomes a link. Every ASCII
punctuation character is therefore written as a character reference (``&#91;``), which HTML and
CommonMark both show as that character and never read as syntax, in HTML blocks and in Markdown text.
"""

from __future__ import annotations

import html
import re

_NAMED = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")  # all ASCII punctuation: what Markdown, GFM and LaTeX act on
_LEADING_SPACE = re.compile(r"^[ \t]+", re.M)  # four spaces would start a code block


def _ref(m: re.Match) -> str:
    c = m.group(0)
    return _NAMED.get(c) or f"&#{ord(c)};"


def literal(text: str) -> str:
    """``text`` with every character Markdown or HTML could act on written as a character reference."""
    return _PUNCT.sub(_ref, text)


def md_text(text: str) -> str:
    """``text`` for st.markdown / st.caption / st.error …: shown as typed, line breaks kept."""
    return literal(_LEADING_SPACE.sub("", str(text))).replace("\n", "  \n")


def html_text(text: str) -> str:
    """``text`` inside HTML given to st.markdown(unsafe_allow_html=True): one line, nothing parsed."""
    return literal(str(text)).replace("\n", "<br>")


def highlight(text: str, spans: list[tuple[int, int]], anchor: str | None = None) -> str:
    """``text`` as HTML with ``spans`` (offsets into text) wrapped in <mark>; nothing executes."""
    out, pos = [], 0
    for i, (s, e) in enumerate(sorted((max(0, s), min(len(text), e)) for s, e in spans if e > s)):
        if s < pos:
            continue
        out.append(literal(text[pos:s]))
        ident = f' id="{html.escape(anchor)}"' if anchor and i == 0 else ""
        out.append(f"<mark{ident}>{literal(text[s:e])}</mark>")
        pos = e
    out.append(literal(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def document_page(text: str, spans: list[tuple[int, int]]) -> str:
    """A whole report as a scrollable page, scrolled to the first highlighted passage."""
    body = highlight(text, spans, anchor="hit")
    return (
        "<html><head><meta charset='utf-8'><style>"
        "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
        "line-height:1.8;font-size:15px;padding:0 12px;}"
        "mark{background:#ffe58f;padding:1px 0;}</style></head>"
        f"<body>{body}<script>var m=document.getElementById('hit');"
        "if(m){m.scrollIntoView({block:'center'});}</script></body></html>"
    )


def shown_title(title: str | None) -> str:
    """A report's title for cards, exports and the 原文 view: never its file name."""
    return title or "（标题不详）"


def figure_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` gives a figure with its unit (244件, 28.42%, 两起), to highlight it."""
    from qa.reading.comparison import FIGURE
    from qa.text.normalization import normalize

    return [(m.start(), m.end()) for m in FIGURE.finditer(normalize(text))]
