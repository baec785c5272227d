"""HTML for passages with highlighted answer pieces. Every report or user text is escaped first."""

from __future__ import annotations

import html


def highlight(text: str, spans: list[tuple[int, int]], anchor: str | None = None) -> str:
    """``text`` as HTML with ``spans`` (offsets into text) wrapped in <mark>; nothing executes."""
    out, pos = [], 0
    for i, (s, e) in enumerate(sorted((max(0, s), min(len(text), e)) for s, e in spans if e > s)):
        if s < pos:
            continue
        out.append(html.escape(text[pos:s]))
        ident = f' id="{html.escape(anchor)}"' if anchor and i == 0 else ""
        out.append(f"<mark{ident}>{html.escape(text[s:e])}</mark>")
        pos = e
    out.append(html.escape(text[pos:]))
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
