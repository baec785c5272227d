"""The Streamlit app through streamlit.testing: chat, filters, not-found, comparison, export."""

from __future__ import annotations

import html
import io
import re
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from qa.ingest import upload
from qa.interface import export, feedback
from qa.settings import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture()
def app(corpus_copy, retriever, index_dir, tmp_path, monkeypatch):
    # Each test: its own corpus copy (uploads write there) and its own copy of the session's index
    # (built once), so no test builds an index inside the app.
    shutil.copytree(index_dir, tmp_path / "index", ignore=shutil.ignore_patterns(".lock"))
    monkeypatch.setenv("QA_CORPUS", str(corpus_copy))
    monkeypatch.setenv("QA_INDEX", str(tmp_path / "index"))
    monkeypatch.setenv("QA_FEEDBACK_LOG", str(tmp_path / "feedback.jsonl"))
    monkeypatch.setenv("QA_EVAL_DIR", str(tmp_path / "eval-runs"))
    monkeypatch.setenv("QA_MODELS_DIR", str(tmp_path / "models"))
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    assert not at.exception, at.exception
    return at


def _ask(at, q):
    at.chat_input[0].set_value(q).run()
    assert not at.exception, at.exception
    return at


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_chat_answers_with_a_source_card(app):
    at = _ask(app, "元氏县办理了多少件行政复议案件?")
    text = _markdown(at)
    assert "36件" in text
    assert "元氏县" in text and "<mark>36件</mark>" in text
    assert at.button(key="m1-view-1") is not None


def test_not_found_is_said_plainly_with_related_passages(app):
    at = _ask(app, "火星基地的氧气储量是多少?")
    text = _markdown(at)
    assert "未在报告中找到答案" in text
    assert any(e.label == "相关内容" for e in at.expander)


def test_html_in_a_question_is_shown_as_text(app):
    at = _ask(app, "<script>alert(1)</script>行政复议")
    text = _markdown(at)
    assert "<script>" not in text
    assert "&lt;script&gt;" in text


def test_filters_limit_the_sources(app):
    app.sidebar.multiselect[0].set_value(["怀化市"]).run()
    at = _ask(app, "行政复议工作")
    assert not at.exception
    text = _markdown(at)
    assert "怀化市" in text
    assert "元氏县 · 2021" not in text


def test_comparison_table(app):
    at = app
    form_button = [b for b in at.button if b.label == "对比各地"]
    form_button[0].click().run()
    assert not at.exception, at.exception
    (table,) = [d.value for d in at.dataframe if "做法" in d.value.columns]
    assert list(table.columns) == ["地区", "年份", "类型", "做法", "数据", "出处"]
    # The default question (行政复议): 怀化, 瀍河 and 元氏 at least, with what they did and their figures.
    assert {"怀化市", "瀍河回族区", "元氏县"} <= set(table["地区"])
    assert "244件" in table.set_index("地区").loc["怀化市", "数据"]
    assert all("行政复议" in row for row in table["做法"])
    assert at.button(key="cmp-view-0") is not None  # 查看原文 on each row
    labels = [b.label for b in at.get("download_button")]
    assert {"导出 Excel", "导出 CSV", "导出 Markdown"} <= set(labels)
    # The tab's own filters say what they leave out.
    at.multiselect(key="cmp-types").set_value(["工作要点"]).run()
    assert not at.exception, at.exception
    (table,) = [d.value for d in at.dataframe if "做法" in d.value.columns]
    assert set(table["地区"]) == {"互助县"}
    note = "\n".join(i.value for i in at.info)
    assert "当前筛选未显示" in note and "怀化市" in note


def test_follow_up_and_export(app, tmp_path):
    at = _ask(app, "元氏县办理了多少件行政复议案件?")
    at = _ask(at, "那怀化呢?")
    captions = "\n".join(c.value for c in at.caption)
    assert "理解为：怀化市" in captions
    assert "怀化市 · 2023" in _markdown(at)
    labels = [b.label for b in at.get("download_button")]
    assert "导出为 Markdown" in labels and "导出为 Excel" in labels


# ------------------------------------------------------------------ helpers behind the app


def test_evaluation_tab_shows_the_chosen_question_sets_report(app):
    names = app.selectbox(key="eval_set").options
    assert len(names) == 3
    for name, question_file in zip(names, ("questions.jsonl", "heldout.jsonl", "heldout2.jsonl")):
        app.selectbox(key="eval_set").set_value(name).run()
        assert not app.exception, app.exception
        assert f"Question set: `eval/{question_file}`" in _markdown(app)


def test_upload_refuses_bad_files_and_keeps_nothing(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    with pytest.raises(upload.UploadError, match="unsupported"):
        upload.save("evil.exe", b"MZ....", corpus)
    with pytest.raises(upload.UploadError, match="not a text file"):
        upload.save("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), corpus)
    with pytest.raises(upload.UploadError, match="over the"):
        upload.save("big.txt", b"a" * (21 * 1024 * 1024), corpus)
    with pytest.raises(upload.UploadError, match="empty"):
        upload.save("empty.txt", b"", corpus)
    assert not any((corpus / upload.UPLOAD_FOLDER).glob("*")) if (corpus / upload.UPLOAD_FOLDER).exists() else True


def test_upload_sanitises_names(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    path = upload.save(
        "../../etc/passwd.txt", "关于测试县2022年度法治政府建设情况的报告\n办理行政复议案件9件。".encode(), corpus
    )
    assert path.parent == corpus / upload.UPLOAD_FOLDER
    assert path.name == "passwd.txt"
    assert upload.safe_name("..\\..\\a b<>.TXT") == "a_b.txt"
    # the same name with other content does not overwrite
    other = upload.save("passwd.txt", "关于乙县2022年度法治政府建设情况的报告\n内容。".encode(), corpus)
    assert other != path and path.exists() and other.exists()


def test_feedback_is_appended_as_json_lines(tmp_path, pipeline):
    a = pipeline.ask("元氏县办理了多少件行政复议案件?")
    log = tmp_path / "fb.jsonl"
    feedback.record(log, a, "up", "很好")
    feedback.record(log, a, "down", "引用的段落不对", evidence_wrong=True)
    rows = feedback.read(log)
    assert [r["vote"] for r in rows] == ["up", "down"]
    assert rows[1]["evidence_wrong"] is True
    assert rows[0]["citations"][0]["region"] == "元氏县"


def test_export_markdown_and_xlsx(pipeline):
    from openpyxl import load_workbook

    a = pipeline.ask("元氏县办理了多少件行政复议案件?")
    b = pipeline.ask("火星基地的氧气储量是多少?")
    turns = [(a, {"vote": "up", "comment": "好"}), (b, {})]
    md = export.to_markdown(turns)
    assert "36件" in md and "元氏县" in md and "未找到答案" in md and "👍" in md
    wb = load_workbook(io.BytesIO(export.to_xlsx(turns)))
    rows = list(wb.active.values)
    assert rows[0][:3] == ("#", "问题", "答案")
    assert any("36件" in str(r[2]) and r[6] == "元氏县" for r in rows[1:])


def test_metadata_can_be_corrected_in_the_corpus_section(app, corpus_copy):
    from qa.ingest import overrides

    doc = "002_c349f437d9920677.txt"
    label = next(o for o in app.selectbox(key="meta_doc").options if doc in o)
    assert "梅河口市2019年法治政府建设情况报告" in label  # a derived title, not the file name
    at = app.selectbox(key="meta_doc").set_value(label).run()
    at.text_input(key=f"meta_year_{doc}").set_value("2018")
    at.button(key="meta_save").click().run()
    assert not at.exception, at.exception
    assert overrides.load(corpus_copy)[doc] == {"year": 2018}
    assert any("已保存" in s.value for s in at.success)
    at.text_input(key=f"meta_year_{doc}").set_value("二〇一八").run()
    at.button(key="meta_save").click().run()
    assert any("年份" in e.value for e in at.error)
    assert overrides.load(corpus_copy)[doc] == {"year": 2018}


# ------------------------------------------------------------------ hostile text (issue 13)

PAYLOAD_REPORT = (
    "关于注入县2022年度法治政府建设情况的报告\n"
    "一、行政复议工作\n"
    "注入县全年办理行政复议案件58件![t](http://127.0.0.1:9/track.png)，详见[点我](javascript:alert(1))。\n"
    "二、法律顾问\n"
    "<img src=x onerror=alert(2)>注入县聘请法律顾问**12名**，`代码`，$x^2$，:red[红字]。\n"
)
_FETCH_OR_LINK = re.compile(r"""(?:src|href)\s*=\s*["']?[^"'\s>]*(?:127\.0\.0\.1:9|javascript:|x\b)""", re.I)


def _rendered(value: str) -> str:
    """What a browser gets from one Markdown element: CommonMark with raw HTML allowed (as the app's
    source cards are rendered); any image or link made from report text shows up as src= or href=."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).render(value)


def test_report_and_user_text_is_never_markup(corpus_copy, retriever, index_dir, tmp_path, monkeypatch):
    (corpus_copy / "注入县2022年度报告.txt").write_text(PAYLOAD_REPORT, encoding="utf-8")
    # The session's index of the bundled corpus, updated by the app: only the new report is embedded.
    shutil.copytree(index_dir, tmp_path / "index", ignore=shutil.ignore_patterns(".lock"))
    monkeypatch.setenv("QA_CORPUS", str(corpus_copy))
    monkeypatch.setenv("QA_INDEX", str(tmp_path / "index"))
    monkeypatch.setenv("QA_FEEDBACK_LOG", str(tmp_path / "feedback.jsonl"))
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    at = _ask(at, "注入县办理了多少件行政复议案件?[链接](javascript:alert(3))![q](http://127.0.0.1:9/q.png)")
    at = _ask(at, "注入县聘请了多少名法律顾问?")
    values = [m.value for m in at.markdown] + [c.value for c in at.caption]
    # The elements that hold report or user text (the app's own help text uses Markdown on purpose).
    values = [v for v in values if any(w in v for w in ("注入", "链接", "法律顾问", "58件", "12名"))]
    assert any("58件" in v for v in values) and any("12名" in v for v in values)
    for v in values:
        html_out = _rendered(v)
        assert not _FETCH_OR_LINK.search(html_out), (v, html_out)
        assert "<img" not in html_out and "<strong>12名" not in html_out and "<code>" not in html_out
    # The payloads are shown as the literal text they are.
    shown = html.unescape(re.sub(r"<[^>]+>", "", "\n".join(_rendered(v) for v in values)))
    assert "![t](http://127.0.0.1:9/track.png)" in shown and "[点我](javascript:alert(1))" in shown
    assert "[链接](javascript:alert(3))" in shown and "**12名**" in shown
    # 查看原文: the whole report in an iframe (st.iframe, not the deprecated components.v1.html), escaped.
    import streamlit.deprecation_util as deprecation

    warned = []
    monkeypatch.setattr(deprecation, "show_deprecation_warning", lambda message, **kw: warned.append(message))
    at.button(key="m3-view-1").click().run()
    assert not at.exception, at.exception
    assert not warned, warned
    (frame,) = [e for e in at.get("iframe")]
    page = frame.proto.srcdoc
    assert "注入县" in page and "<img src=x" not in page and "&lt;img src&#61;x" in page


def test_the_reader_model_is_picked_from_the_models_folder_only(app, tmp_path):
    (tmp_path / "models" / "tiny-qa").mkdir(parents=True)
    app.sidebar.radio[0].set_value("本地问答模型").run()
    assert not app.exception, app.exception
    assert not [t for t in app.sidebar.text_input if "路径" in t.label]  # no free-form server path
    assert app.selectbox(key="reader_model").options == ["tiny-qa"]
