"""The article of a JavaScript app's page, saved as "HTML only": data in a script, not text in the page.

Newer portals render their articles in the browser: the saved page is an empty shell (``<div id="app"></div>``), and
the article sits in a script as JSON the app reads (``window.__INITIAL_STATE__={"article":{"title":…,"content":
"<p>…</p>"}}``, ``<script id="__NEXT_DATA__" type="application/json">``). Its content is an HTML string inside the
JSON. Here the JSON is decoded by the standard library, the longest HTML string with Chinese text in it is the
article, and the fields beside it give its title, date and source; a page is written back for the usual reading.
"""

from __future__ import annotations

import html
import json
import re

_CJK = re.compile(r"[\u4e00-\u9fff]")


def cjk_count(text: str) -> int:
    """How many Chinese characters a text holds."""
    return len(_CJK.findall(text))


_MARKUP = re.compile(r"<\s*(?:p|div|br|table|span|section)\b", re.IGNORECASE)
_MIN_CJK = 200  # an HTML string with less Chinese text than this is a snippet (a summary, a menu), not the article
_TITLE_KEYS = ("title", "articletitle", "name", "headline")
_TIME_KEYS = ("publishtime", "pubtime", "publishdate", "pubdate", "releasetime", "date", "time", "createtime")
_SOURCE_KEYS = ("source", "origin", "author", "publisher")
_DEPTH = 40  # nesting this deep is no page's data


def _objects(script: str):
    """The JSON values a script holds: the whole script, or each value after "=" ("window.X = {...}")."""
    decoder = json.JSONDecoder()
    text = script.strip()
    starts = [0] if text[:1] in "{[" else []
    starts += [m.end() for m in re.finditer(r"=\s*(?=[{\[])", text)]
    for at in starts:
        while at < len(text) and text[at].isspace():
            at += 1
        try:
            value, _ = decoder.raw_decode(text, at)
        except ValueError:
            continue
        yield value


def _strings(value, parent: dict | None = None, depth: int = 0):
    """(string, the object holding it) for every string in a decoded JSON value."""
    if depth > _DEPTH:
        return
    if isinstance(value, str):
        yield value, parent
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v, value, depth + 1)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, parent, depth + 1)


def _field(obj: dict | None, keys: tuple[str, ...]) -> str:
    if not obj:
        return ""
    lowered = {str(k).lower(): v for k, v in obj.items()}
    for key in keys:
        value = lowered.get(key)
        if isinstance(value, (str, int)) and str(value).strip():
            return str(value).strip()
    return ""


def embedded_article(scripts: list[str]) -> str | None:
    """A page (HTML) holding the article a script carries as data, its title and its date and source line; None when
    no script holds an HTML string with enough Chinese text."""
    best: tuple[int, str, dict | None] | None = None
    for script in scripts:
        if len(script) < _MIN_CJK:  # too short to hold an article, however its characters are written
            continue
        for value in _objects(script):
            for text, holder in _strings(value):
                if not _MARKUP.search(text):
                    continue
                n = cjk_count(text)
                if n >= _MIN_CJK and (best is None or n > best[0]):
                    best = (n, text, holder)
    if best is None:
        return None
    _, content, holder = best
    title = _field(holder, _TITLE_KEYS)
    info = "  ".join(
        f"{label}：{value}"
        for label, value in (("发布时间", _field(holder, _TIME_KEYS)), ("来源", _field(holder, _SOURCE_KEYS)))
        if value
    )
    head = f"<h1>{html.escape(title)}</h1>" if title else ""
    line = f"<p>{html.escape(info)}</p>" if info else ""
    return f"<html><body>{head}{line}<div>{content}</div></body></html>"
