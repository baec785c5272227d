"""A JavaScript app's page saved as HTML only: its article is read from its script's data (qa/ingest/embedded.py)."""

from __future__ import annotations

import html
import json

from qa.ingest.corpus import ingest
from qa.ingest.embedded import embedded_article
from qa.ingest.loading import load

REPORT = "003_b42d8d81e0a81924.txt"


def _shell(article: dict, script: str = "window.__INITIAL_STATE__={data};") -> str:
    # ensure_ascii: the quotes and 《》 as \u escapes, slashes written \/ as such pages have them
    data = json.dumps({"site": {"name": "某区人民政府"}, "article": article}, ensure_ascii=True).replace("/", "\\/")
    return (
        "<!DOCTYPE html><html><head><title>某区人民政府</title></head><body>"
        "<noscript>请开启JavaScript以浏览本站</noscript><div id=\"app\"></div>"
        f"<script>{script.format(data=data)}</script>"
        "<div class=\"footer\">主办单位：某区人民政府办公室 网站标识码：3302120001</div></body></html>"
    )


def test_a_shell_page_reads_as_the_report_its_script_carries(tmp_path, corpus_dir, bundled):
    lines = [ln.strip() for ln in (corpus_dir / REPORT).read_text(encoding="utf-8").splitlines() if ln.strip()]
    content = "".join(f'<p style="text-indent:2em">{html.escape(ln)}</p>' for ln in lines)
    folder = tmp_path / "app"
    folder.mkdir()
    page = _shell(
        {"title": "某区法治政府建设情况", "publishTime": "2024-03-20", "source": "区司法局", "content": content}
    )
    (folder / "art_1229567_70214563.html").write_text(page, encoding="utf-8")
    text = load(folder / "art_1229567_70214563.html").text
    assert text.splitlines()[:2] == ["某区法治政府建设情况", "发布时间：2024-03-20 来源：区司法局"]
    assert text.splitlines()[2:] == lines  # every paragraph, in order, as the typed report has it
    got = ingest(folder, show_progress=False).chunks["art_1229567_70214563.html"]
    want = bundled.chunks[REPORT]
    assert [(c.section, "".join(c.text.split())) for c in got][-len(want) :] == [
        (c.section, "".join(c.text.split())) for c in want
    ]


def test_a_page_with_its_text_keeps_it_and_small_data_is_no_article():
    # a script's summary or menu is no article; a page whose text is there is read as it is
    assert embedded_article(['var menu = {"items": [{"title": "首页", "html": "<p>政务公开</p>"}]};']) is None
    assert embedded_article(["function f() { return 1; }"]) is None
    article = "<p>" + "全年办理行政复议案件一百二十件，" * 20 + "</p>"
    found = embedded_article([f'<!-- -->window.DATA = {json.dumps({"content": article, "title": "报告"})};'])
    assert found is not None and "<h1>报告</h1>" in found
