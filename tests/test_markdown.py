"""A report saved as Markdown (a page converted by a browser extension) reads as its page shows it
(qa/ingest/loading.py): made here from bundled report 003 with a front block, the site's links, "## 一、…" and
bold (一) headings, "**一是**" inside sentences, a table and an image."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa.ingest.corpus import Source, read_and_chunk
from qa.ingest.loading import load

SEED = Path(__file__).resolve().parent.parent / "corpus" / "003_b42d8d81e0a81924.txt"


def _markdown(text: str) -> str:
    out = [
        "---",
        "title: 关于怀化市2023年度法治政府建设情况的报告",
        "url: http://www.huaihua.gov.cn/art/1.html",
        "---",
        "",
    ]
    out += ["- [首页](http://www.huaihua.gov.cn/)", "- [政务公开](http://www.huaihua.gov.cn/zwgk/)", ""]
    for i, par in enumerate(p.strip() for p in text.split("\n") if p.strip()):
        if i == 0:
            out.append("# " + par)
        elif re.match(r"^[一二三四五六七八九十]+、", par) and len(par) < 40:
            out.append("## " + par)
        elif re.match(r"^[（(][一二三四五六七八九十]+[)）]", par) and len(par) < 40:
            out.append("**" + par + "**")
        else:
            out.append(re.sub(r"(一是|二是|三是)", r"**\1**", par))
        out.append("")
        if i == 5:
            out += ["| 指标 | 2022年 | 2023年 |", "| --- | --- | --- |", "| 行政复议案件（件） | 210 | 244 |", ""]
            out += ["![](http://www.huaihua.gov.cn/img/1.jpg)", ""]
    return "\n".join(out + ["[打印本页] [关闭窗口]"])


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("md") / "怀化市2023年度法治政府建设情况的报告.md"
    path.write_text(_markdown(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def test_markup_is_not_text(page):
    text = load(page).text
    assert "**" not in text and "](" not in text and "## " not in text and "![" not in text
    assert "一是强化思想引领。" in text  # bold inside a sentence: its words
    assert "行政复议案件（件）\t210\t244" in text  # a table's cells in their columns
    assert text.splitlines()[0] == "关于怀化市2023年度法治政府建设情况的报告"  # the front block's title


def test_a_markdown_report_has_the_metadata_and_sections_of_its_text(page):
    doc, chunks = read_and_chunk(Source.file(page, page.parent))
    seed, seed_chunks = read_and_chunk(Source.file(SEED, SEED.parent))
    assert (doc.meta.region, doc.meta.year, doc.meta.doc_type) == (seed.meta.region, seed.meta.year, seed.meta.doc_type)
    tops = {c.section[0] for c in chunks if c.section}
    assert {c.section[0] for c in seed_chunks if c.section} <= tops
