"""The Streamlit app through streamlit.testing: chat, filters, not-found, comparison, export."""

from __future__ import annotations

import html
import io
import os
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from qa.ingest import upload
from qa.interface import export, feedback
from qa.settings import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture(scope="module")
def app_corpus(corpus_dir, tmp_path_factory):
    # One copy for the tests that only read it, so they share one cached pipeline; a test that
    # deletes works on its own copy.
    dst = tmp_path_factory.mktemp("app") / "corpus"
    shutil.copytree(corpus_dir, dst)
    return dst


def _start(corpus: Path, index: Path, tmp_path: Path, monkeypatch) -> AppTest:
    """The app on ``corpus`` and ``index``, with this test's own feedback log, saved state, eval
    runs and (empty) models folder."""
    monkeypatch.setenv("QA_CORPUS", str(corpus))
    monkeypatch.setenv("QA_INDEX", str(index))
    monkeypatch.setenv("QA_FEEDBACK_LOG", str(tmp_path / "feedback.jsonl"))
    monkeypatch.setenv("QA_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("QA_EVAL_DIR", str(tmp_path / "eval-runs"))
    monkeypatch.setenv("QA_MODELS_DIR", str(tmp_path / "models"))
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture()
def app(app_corpus, index_dir, retriever, tmp_path, monkeypatch):
    # The session's index folder, built once by the retriever fixture (outside the AppTest
    # timeout) and found fresh by the app (tests that only read share it).
    return _start(app_corpus, index_dir, tmp_path, monkeypatch)


def _ask(at, q):
    at.chat_input[0].set_value(q).run()
    assert not at.exception, at.exception
    return at


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def shown(element) -> str:
    """What a reader sees of a text element: report and user text is passed as literal text, with
    Markdown's punctuation as HTML entities."""
    return html.unescape(element.value)


def _chat(at) -> str:
    """The conversation only (the 评测 tab's reports also quote answers)."""
    return html.unescape("\n".join(m.value for c in at.chat_message for m in c.markdown))


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
    sets = ("questions.jsonl", "heldout.jsonl", "heldout2.jsonl", "heldout3.jsonl", "heldout4.jsonl")
    sets += ("heldout5.jsonl", "heldout6.jsonl", "heldout7.jsonl", "heldout8.jsonl", "heldout9.jsonl")
    sets += ("heldout10.jsonl", "heldout11.jsonl", "heldout12.jsonl", "heldout13.jsonl")
    sets += ("heldout14.jsonl", "heldout15.jsonl", "heldout16.jsonl", "heldout17.jsonl", "heldout18.jsonl")
    sets += ("heldout19.jsonl", "heldout20.jsonl", "heldout21.jsonl", "heldout22.jsonl")
    sets += ("heldout23.jsonl", "heldout24.jsonl", "heldout25.jsonl", "heldout26.jsonl", "heldout27.jsonl")
    sets += ("heldout28.jsonl", "heldout29.jsonl", "heldout30.jsonl", "heldout31.jsonl")
    sets += (
        "heldout32.jsonl",
        "heldout33.jsonl",
        "heldout34.jsonl",
        "heldout35.jsonl",
        "heldout36.jsonl",
        "heldout37.jsonl",
        "heldout38.jsonl",
        "heldout39.jsonl",
        "heldout40.jsonl",
        "heldout41.jsonl",
        "heldout42.jsonl",
        "heldout43.jsonl",
        "heldout44.jsonl",
        "heldout45.jsonl",
        "heldout46.jsonl",
        "heldout47.jsonl",
        "heldout48.jsonl",
        "heldout49.jsonl",
        "heldout50.jsonl",
        "heldout51.jsonl",
        "heldout52.jsonl",
        "heldout53.jsonl",
        "heldout54.jsonl",
        "heldout55.jsonl",
        "heldout56.jsonl",
        "heldout57.jsonl",
    )
    assert len(names) == len(sets) + 1 and names[-1].startswith("上传自己的问题文件")
    for name, question_file in zip(names, sets):
        app.selectbox(key="eval_set").set_value(name).run()
        assert not app.exception, app.exception
        # the published report of that set is shown (report A), with its metrics table
        assert f"`eval/{question_file}`" in _markdown(app)
        assert any("指标" in d.value.columns for d in app.dataframe)


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
    head = rows[0]
    assert head[:2] == ("#", "问题") and "答案" in head
    answer, region = head.index("答案"), head.index("地区")
    assert any("36件" in str(r[answer]) and r[region] == "元氏县" for r in rows[1:])


@pytest.fixture()
def own_app(corpus_copy, retriever, index_dir, tmp_path, monkeypatch):
    """An app on its own corpus copy and its own copy of the session's index (for tests that write)."""
    shutil.copytree(index_dir, tmp_path / "index", ignore=shutil.ignore_patterns(".lock"))
    return _start(corpus_copy, tmp_path / "index", tmp_path, monkeypatch)


def test_metadata_can_be_corrected_in_the_corpus_section(own_app, corpus_copy):
    from qa.ingest import overrides

    app = own_app

    doc = "002_c349f437d9920677.txt"
    box = app.selectbox(key="meta_doc")
    label = next(o for o in box.options if doc in o)  # options as shown
    assert "梅河口市2019年法治政府建设情况报告" in label  # a derived title, not the file name
    at = box.set_value(doc).run()
    at.text_input(key=f"meta_year_{doc}").set_value("2018")
    at.button(key="meta_save").click().run()
    assert not at.exception, at.exception
    assert overrides.load(corpus_copy)[doc] == {"year": 2018}
    assert any("已保存" in s.value for s in at.success)
    at.text_input(key=f"meta_year_{doc}").set_value("二〇一八").run()
    at.button(key="meta_save").click().run()
    assert any("年份" in shown(e) for e in at.error), [shown(e) for e in at.error]
    assert "梅河口市2018年" in at.selectbox(key="meta_doc").options[2]  # the derived title follows; still selected
    assert at.selectbox(key="meta_doc").value == doc
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
    at = _start(corpus_copy, tmp_path / "index", tmp_path, monkeypatch)
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


# ------------------------------------------------------------------ officials


def test_conversation_survives_a_reload_and_follow_ups_still_work(app):
    _ask(app, "元氏县办理了多少件行政复议案件?")
    cid = app.query_params["c"]
    assert cid and len(cid) == 16
    # a reload: a new session with the same address
    again = AppTest.from_file(APP, default_timeout=300)
    again.query_params["c"] = cid
    again.run()
    assert not again.exception, again.exception
    assert "36件" in _chat(again) and "元氏县办理了多少件行政复议案件?" in _chat(again)
    _ask(again, "那怀化呢?")
    assert "理解为：怀化市" in "\n".join(c.value for c in again.caption)
    # an address naming no saved conversation (or a forged path) starts empty, without error
    other = AppTest.from_file(APP, default_timeout=300)
    other.query_params["c"] = "../../etc/passwd"
    other.run()
    assert not other.exception and not other.chat_message and not other.session_state["messages"]
    assert other.query_params["c"] != "../../etc/passwd"


def test_example_questions_are_clickable_and_retrieval_is_shown_with_the_answer(app):
    labels = [b.label for b in app.button]
    assert "元氏县办理了多少件行政复议案件?" in labels
    app.button(key="example-0").click().run()
    assert not app.exception, app.exception
    assert "<mark>36件</mark>" in _markdown(app)
    (found,) = [e for e in app.expander if e.label.startswith("检索到的段落")]
    assert "元氏县" in "\n".join(m.value for m in found.markdown)


def test_filters_offer_no_english_select_all(app):
    boxes = app.sidebar.multiselect
    assert [b.label for b in boxes] == ["地区", "年份", "类型"]
    assert all(b.proto.select_all == 0 for b in boxes)  # 0: the bulk "Select all" entry is never shown


def test_a_bad_local_model_folder_keeps_the_app_usable(app, tmp_path):
    (tmp_path / "models" / "broken-model").mkdir(parents=True)  # no config, no weights
    app.sidebar.radio[0].set_value("本地问答模型").run()
    assert not app.exception, app.exception
    assert any("无法加载本地问答模型" in e.value and "默认阅读器" in e.value for e in app.sidebar.error)
    assert len(app.tabs) == 5
    at = _ask(app, "元氏县办理了多少件行政复议案件?")
    assert "36件" in _markdown(at)


def test_feedback_is_confirmed_and_kept(app, tmp_path):
    at = _ask(app, "元氏县办理了多少件行政复议案件?")
    at.text_input(key="fbc-1").set_value("引用的段落不对").run()
    assert not at.exception, at.exception
    assert any("已保存反馈" in t.value for t in at.toast)
    assert any(c.value.startswith("已保存反馈") and "引用的段落不对" in c.value for c in at.caption)
    rows = feedback.read(tmp_path / "feedback.jsonl")
    assert len(rows) == 1 and rows[0]["evidence_wrong"] is True


# ------------------------------------------------------------------ trainers


def test_example_set_collects_answers_across_conversations_and_exports(app):
    from openpyxl import load_workbook

    app.sidebar.text_input(key="set_name").set_value("培训集").run()
    _ask(app, "元氏县办理了多少件行政复议案件?")
    app.button(key="collect-1").click().run()
    assert any("已加入示例集「培训集」（共 1 条）" in t.value for t in app.toast)
    # another conversation (another browser): the set is still there and grows
    other = AppTest.from_file(APP, default_timeout=300)
    other.run()
    other.sidebar.text_input(key="set_name").set_value("培训集").run()
    _ask(other, "怀化市办理了多少件行政复议案件?")
    other.button(key="collect-1").click().run()
    assert not other.exception, other.exception
    assert other.sidebar.selectbox(key="set_export").options == ["培训集（2 条）"]
    from qa.interface import session_store

    state_dir = Path(os.environ["QA_STATE_DIR"])
    turns = session_store.load_examples(state_dir, "培训集")
    md = export.to_markdown(turns, title="示例集：培训集")
    assert "元氏县办理了多少件行政复议案件?" in md and "怀化市办理了多少件行政复议案件?" in md
    assert "**出处：**" in md and "已办理行政复议案件36件" in md
    rows = list(load_workbook(io.BytesIO(export.to_xlsx(turns))).active.values)
    assert {r[1] for r in rows[1:]} == {"元氏县办理了多少件行政复议案件?", "怀化市办理了多少件行政复议案件?"}
    labels = [d.label for d in other.sidebar.get("download_button")]
    assert "示例集 → Markdown" in labels and "示例集 → Excel" in labels


def test_exports_carry_the_rewritten_question_list_labels_filters_time_and_chinese_types(pipeline):
    from openpyxl import load_workbook

    first = pipeline.ask("元氏县办理了多少件行政复议案件?")
    follow = pipeline.ask("那怀化呢?", history=[{"question": first.question, "answer": first.answer}])
    listing = pipeline.ask("哪些地方提到了行政机关负责人出庭应诉?")
    assert follow.rewritten_question and listing.answer_type == "list"
    meta = {"time": "2026-11-30 10:00:00", "filters": {"regions": ["怀化市"], "years": [2023], "doc_types": []}}
    turns = [(follow, meta), (listing, {"time": "2026-11-30 10:01:00"})]
    md = export.to_markdown(turns)
    assert f"理解为：{follow.rewritten_question}" in md
    assert "时间：2026-11-30 10:00:00" in md and "筛选：地区：怀化市；年份：2023" in md and "筛选：无" in md
    assert "答案类型：各地列表" in md and "answer_type" not in md
    for p in listing.pieces:
        assert f"- **{p.label}**：{p.text} [{p.citation}]" in md
    rows = list(load_workbook(io.BytesIO(export.to_xlsx(turns))).active.values)
    head = rows[0]
    col = {name: head.index(name) for name in ("理解为", "答案类型", "时间", "筛选", "条目")}
    assert rows[1][col["理解为"]] == follow.rewritten_question
    assert rows[1][col["时间"]] == "2026-11-30 10:00:00" and rows[1][col["筛选"]] == "地区：怀化市；年份：2023"
    types = {r[col["答案类型"]] for r in rows[1:]}
    assert types <= set(export.ANSWER_TYPES.values()) and "各地列表" in types
    labelled = [r[col["条目"]] for r in rows[1:] if r[0] == 2]
    assert all(labelled) and {p.label for p in listing.pieces} <= {x for v in labelled for x in v.split("、")}


# ------------------------------------------------------------------ evaluators


def test_evaluation_of_an_uploaded_question_file_with_progress_and_side_by_side(app, tmp_path):
    lines = (PROJECT_ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    app.selectbox(key="eval_set").set_value("上传自己的问题文件（JSONL，格式同 eval/）").run()
    app.file_uploader(key="eval_file").set_value(("mine.jsonl", "\n".join(lines).encode(), "application/json")).run()
    before = sorted(p.name for p in (PROJECT_ROOT / "eval").iterdir())
    [b for b in app.button if b.label.startswith("运行评测")][0].click().run()
    assert not app.exception, app.exception
    assert sorted(p.name for p in (PROJECT_ROOT / "eval").iterdir()) == before  # nothing written into eval/
    runs = list((tmp_path / "state" / "eval_runs").iterdir())
    assert len(runs) == 1 and (runs[0] / "report.md").exists()
    assert any(p.value == 100 and "评测完成" in p.text for p in app.get("progress"))
    (head,) = [m.value for m in app.markdown if m.value.startswith("问题集：")]
    assert "共 3 题" in head and "语料：`" in head and "None" not in head and str(PROJECT_ROOT) not in head
    # compare with the published development report: both reports and a B − A column
    other = [o for o in app.selectbox(key="eval_b").options if o.startswith("已发布：开发集")]
    app.selectbox(key="eval_b").set_value(other[0]).run()
    (table,) = [d.value for d in app.dataframe if "指标" in d.value.columns]
    assert {"A", "B", "B − A"} <= set(table.columns) and "hybrid Recall@1" in set(table["指标"])


def test_evaluation_refuses_a_bad_question_file(app):
    app.selectbox(key="eval_set").set_value("上传自己的问题文件（JSONL，格式同 eval/）").run()
    app.file_uploader(key="eval_file").set_value(("bad.jsonl", b'{"id": 1}\nnot json', "application/json")).run()
    [b for b in app.button if b.label.startswith("运行评测")][0].click().run()
    assert not app.exception
    assert any("bad.jsonl" in shown(e) and "无法读取" in shown(e) for e in app.error)


# ------------------------------------------------------------------ 检索测试


def test_search_tab_shows_places_types_passages_first_and_modes(app):
    app.text_input(key="search_q").set_value("元氏县行政复议").run()
    (table,) = [d.value for d in app.dataframe if "融合分" in d.value.columns]
    cols = list(table.columns)
    assert cols.index("段落") < cols.index("融合分") and "类型" in cols
    assert not table.isna().any().any() and "None" not in table.astype(str).values
    (routed,) = [c.value for c in app.caption if c.value.startswith("检索词：")]
    assert "优先检索：元氏县 · 2021 · 年度报告" in routed and ".txt" not in routed
    app.radio(key="search_mode").set_value("bm25").run()
    (table,) = [d.value for d in app.dataframe if "融合分" in d.value.columns]
    assert set(table["语义名次"]) == {"—"} and "—" not in set(table["BM25名次"])
    assert app.button(key="search-view") is not None


# ------------------------------------------------------------------ corpus


def test_corpus_tab_browses_passages_and_deletes_a_report_after_confirmation(
    app, corpus_copy, index_dir, tmp_path, monkeypatch
):
    # Deleting changes the corpus and the index: work on copies, so the other tests keep theirs whole.
    shutil.copytree(index_dir, tmp_path / "own-index")
    monkeypatch.setenv("QA_CORPUS", str(corpus_copy))
    monkeypatch.setenv("QA_INDEX", str(tmp_path / "own-index"))
    app = AppTest.from_file(APP, default_timeout=300)
    app.run()
    box = app.selectbox(key="corpus_doc")
    assert len(box.options) == 5
    doc_id, label = box.value, box.options[0]
    (table,) = [d.value for d in app.dataframe if list(d.value.columns) == ["#", "章节", "段落"]]
    assert len(table) > 5 and table["段落"].str.len().min() > 0
    delete = app.button(key=f"del-{doc_id}")
    assert delete.disabled  # not before the box is ticked
    app.checkbox(key=f"del-sure-{doc_id}").check().run()
    app.button(key=f"del-{doc_id}").click().run()
    assert not app.exception, app.exception
    assert not (corpus_copy / doc_id).exists()
    assert any(shown(s).startswith(f"已删除：{doc_id}") for s in app.success)
    left = app.selectbox(key="corpus_doc").options
    assert label not in left and len(left) == 4


def test_an_upload_already_in_the_corpus_is_named_and_not_added(corpus_copy):
    existing = sorted(p for p in corpus_copy.iterdir() if p.is_file())[0]
    with pytest.raises(upload.UploadError, match=f"与语料中已有的报告 {existing.name} 内容相同"):
        upload.save("renamed.txt", existing.read_bytes(), corpus_copy)
    assert not (corpus_copy / upload.UPLOAD_FOLDER / "renamed.txt").exists()
