"""Pages as users save them and CMSs write them (round forty-nine): a page saved whole by a browser ("网页，全部"), its
report in a framed document of the resources folder beside it (qa/ingest/saved_page.py); a page whose parts are
numbered only by its stylesheet, the headings' text bare (loading._marked_headings); the title in an information
table's "名 称：" row (metadata.find_title)."""

from __future__ import annotations

import re
from pathlib import Path

from qa.ingest import saved_page
from qa.ingest.corpus import ingest, scan, source_sha256
from qa.ingest.loading import load
from qa.text.normalization import normalize


def _paragraphs(corpus_dir: Path) -> list[str]:
    text = (corpus_dir / "000_526b283554a85fd0.txt").read_text(encoding="utf-8")
    return [p.strip() for p in text.splitlines() if p.strip()]


def _flat(text: str) -> str:
    return re.sub(r"\s", "", normalize(text))


_OUTER = """<!DOCTYPE html>
<!-- saved from url=(0062)https://www.yuanshi.gov.cn/zwgk/fzzfjs/t20220318_123456.html -->
<html><head><meta charset="utf-8"><title>元氏县2021年法治政府建设年度报告</title>
<link rel="stylesheet" href="./t20220318_123456_files/index.css"></head>
<body><div class="nav"><a href="#">首页</a><a href="#">政务公开</a><a href="#">法治政府建设</a></div>
<table class="info"><tr><td>索 引 号：</td><td>000014349/2022-00021</td><td>发布机构：</td><td>元氏县人民政府</td></tr>
<tr><td>名 称：</td><td>{title}</td><td>发布日期：</td><td>2022-03-18</td></tr></table>
<h1>{title}</h1>
<iframe src="./t20220318_123456_files/content.html" width="100%" height="3000"></iframe>
<iframe src="./t20220318_123456_files/share.html"></iframe>
<iframe src="./t20220318_123456_files/related.html"></iframe>
<iframe src="https://www.example.gov.cn/widget.html"></iframe>
<iframe src="../elsewhere.html"></iframe>
<div class="footer">主办：元氏县人民政府办公室</div></body></html>"""

_RELATED = """<html><head><meta charset="utf-8"></head><body><h3>相关信息</h3><ul>{links}</ul></body></html>"""


def _saved_page(tmp_path: Path, paragraphs: list[str]) -> Path:
    """The report's paragraphs as a 政府信息公开 article page saved whole: the body a GBK document in an iframe."""
    corpus = tmp_path / "corpus"
    files = corpus / "t20220318_123456_files"
    files.mkdir(parents=True)
    title = paragraphs[0]
    (corpus / "t20220318_123456.html").write_text(_OUTER.format(title=title), encoding="utf-8")
    body = "".join(f'<p style="text-indent:2em">{p}</p>' for p in paragraphs[1:])
    content = f'<html><head><meta charset="gbk"></head><body><div class="TRS_Editor">{body}</div></body></html>'
    (files / "content.html").write_bytes(content.encode("gbk"))
    (files / "share.html").write_text("<html><body>分享到：微信 微博</body></html>", encoding="utf-8")
    titles = [f"{place}{year}年法治政府建设年度报告" for place in ("赵县", "正定县", "藁城区") for year in (2020, 2021)]
    links = "".join(f'<li><a href="#">{t}</a></li>' for t in titles)
    (files / "related.html").write_text(_RELATED.format(links=links), encoding="utf-8")
    (files / "index.css").write_text("body{font-size:16px}", encoding="utf-8")
    (files / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (corpus / "elsewhere.html").write_text(f"<html><body><p>{paragraphs[5] * 3}</p></body></html>", encoding="utf-8")
    return corpus


def test_a_page_saved_whole_is_read_with_the_report_its_frame_shows(tmp_path, corpus_dir):
    paragraphs = _paragraphs(corpus_dir)
    corpus = _saved_page(tmp_path, paragraphs[:12])
    text = _flat(load(corpus / "t20220318_123456.html").text)
    for paragraph in paragraphs[1:12]:  # the report's text, in order, from the framed GBK document
        assert _flat(paragraph) in text
    assert "正定县2020年" not in text and "微博" not in text  # the widgets' frames are no part of it
    assert text.count(_flat(paragraphs[5])) == 1  # a frame outside the resources folder is not read


def test_the_resources_folder_is_no_report_and_is_said_once(tmp_path, corpus_dir):
    corpus = _saved_page(tmp_path, _paragraphs(corpus_dir)[:12])
    files, skipped = scan(corpus)
    assert [s.doc_id for s in files] == ["elsewhere.html", "t20220318_123456.html"]
    assert [s.doc_id for s in skipped] == ["t20220318_123456_files/"]
    assert "t20220318_123456.html" in skipped[0].reason
    docs = ingest(corpus, show_progress=False).documents
    meta = docs["t20220318_123456.html"].meta
    assert (meta.region, meta.year, meta.doc_type) == ("元氏县", 2021, "年度报告")


def test_a_framed_document_changed_is_the_page_changed(tmp_path, corpus_dir):
    corpus = _saved_page(tmp_path, _paragraphs(corpus_dir)[:12])
    page = corpus / "t20220318_123456.html"
    src = scan(corpus)[0][1]
    before = source_sha256(src)
    content = corpus / "t20220318_123456_files" / "content.html"
    content.write_bytes(content.read_bytes().replace("元氏县".encode("gbk"), "赵县".encode("gbk")))
    assert source_sha256(src) != before
    plain = corpus / "elsewhere.html"  # a page without a resources folder keeps its file's own digest
    assert saved_page.digest(plain, plain.read_bytes()) == source_sha256(scan(corpus)[0][0])
    assert saved_page.frame_reader(plain) is None and saved_page.frame_reader(page) is not None


def test_headings_numbered_only_by_the_stylesheet_name_the_sections(tmp_path, corpus_dir):
    paragraphs = _paragraphs(corpus_dir)
    # the report's parts as a CMS writes them: <h3>/<h4> whose 一、/（一） the stylesheet draws (h3::before), the
    # sub-part's lead sentence its <h4>, the rest its paragraph
    numbered = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
    html = ["<html><head><style>h3::before{content:counter(part, cjk-ideographic) '、'}</style></head><body>"]
    html.append(f"<h1>{paragraphs[1]}</h1><p>{paragraphs[2]}</p>")
    parts: list[tuple[str, list[tuple[str, str]]]] = []
    for p in paragraphs[3:]:
        if re.match(r"^[一二三四五六七八九十]+、", p):
            parts.append((numbered.sub("", p), []))
        elif parts and numbered.match(p) and "。" in p:
            lead, rest = numbered.sub("", p).split("。", 1)
            parts[-1][1].append((lead, rest))
    assert len(parts) >= 4 and all(len(subs) >= 2 for _, subs in parts[:3])
    for part, subs in parts[:3]:
        html.append(f"<h3>{part}</h3>")
        html += [f"<h4>{lead}</h4><p>{rest}</p>" for lead, rest in subs[:2]]
    last_part, last_subs = parts[3]
    html.append(f"<h3>四、{last_part}</h3><p>{last_subs[0][1]}</p></body></html>")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "art_1.html").write_text("".join(html), encoding="utf-8")
    result = ingest(corpus, show_progress=False)
    chunks = result.chunks["art_1.html"]

    def holding(text: str):
        return next(c for c in chunks if normalize(text)[:40] in c.text)

    (part, subs) = parts[1]
    assert holding(subs[1][1]).section[-2:] == (normalize(part), normalize(subs[1][0]))  # part, then sub-part
    assert not any(normalize(paragraphs[1]) in c.section for c in chunks)  # the <h1> title heads no section
    # a heading's own number still says what it is: a part of its own, not under the part before
    assert holding(last_subs[0][1]).section[0] == normalize(f"四、{last_part}")
    assert "\ue001" not in result.documents["art_1.html"].text  # the marks are gone from the text
