"""法治报告问答 — the chat app. Layout and session state only; every decision is made in qa/."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pandas as pd
import streamlit as st

from qa.ingest import upload
from qa.interface import display, export, feedback, session_store
from qa.pipeline import Pipeline
from qa.retrieval.question import QuestionError, clean
from qa.retrieval.retriever import Filters
from qa.settings import PROJECT_ROOT, Settings, models_dir, published_eval_dir

CORPUS = Path(os.environ.get("QA_CORPUS", PROJECT_ROOT / "corpus"))
INDEX = Path(os.environ.get("QA_INDEX", PROJECT_ROOT / "index"))
FEEDBACK_LOG = Path(os.environ.get("QA_FEEDBACK_LOG", PROJECT_ROOT / "feedback" / "feedback.jsonl"))
# Saved conversations, example sets and the 评测 tab's own runs (git-ignored; never eval/).
STATE_DIR = Path(os.environ.get("QA_STATE_DIR", PROJECT_ROOT / "feedback" / "state"))
SETTINGS = Settings(corpus_dir=CORPUS, index_dir=INDEX)
MODELS = models_dir()
EXAMPLES = ["元氏县办理了多少件行政复议案件?", "怀化是怎么推进府院联动的?", "哪些地方提到了行政机关负责人出庭应诉?"]
MODES = {"hybrid": "混合（默认）", "bm25": "关键词 BM25", "dense": "语义"}

st.set_page_config(page_title="法治报告问答", page_icon="⚖️", layout="wide")
st.markdown(
    "<style>mark{background:#ffe58f;padding:0 2px;border-radius:2px}"
    ".src{font-size:0.92rem;line-height:1.7}.meta{color:#666;font-size:0.85rem}</style>",
    unsafe_allow_html=True,
)


@st.cache_resource(show_spinner=False, max_entries=2)
def get_pipeline(reader_model: str | None, corpus: str, index: str) -> Pipeline:
    # Shared by every session: Pipeline, Retriever and readers are thread-safe. The corpus and index
    # folders are part of the key, so that deleting or uploading acts on the pipeline of this corpus.
    return Pipeline.open(
        Path(corpus),
        Path(index),
        SETTINGS,
        reader_model=Path(reader_model) if reader_model else None,
        show_progress=False,
    )


def load_pipeline(reader_model: str | None) -> Pipeline | None:
    """The pipeline; a local model that cannot be loaded is reported and the default reader is used instead."""
    try:
        if "pipeline_ready" not in st.session_state:
            with st.status("正在加载模型和索引（首次启动需要建立索引，约一分钟）…", expanded=False) as status:
                get_pipeline(None, str(CORPUS), str(INDEX))
                status.update(label="模型和索引已就绪", state="complete")
            st.session_state.pipeline_ready = True
        if reader_model:
            try:
                return get_pipeline(reader_model, str(CORPUS), str(INDEX))
            except Exception as e:  # a broken model folder must not take the app down
                st.error(f"无法加载本地问答模型：{md(e)}。已改用默认阅读器。")
        return get_pipeline(None, str(CORPUS), str(INDEX))
    except Exception as e:  # a broken corpus or index: say so, keep the page up
        st.error(f"无法加载：{md(e)}")
        return None


# ------------------------------------------------------------------ state

state = st.session_state
state.setdefault("messages", [])  # {"role", "content"|"answer", "feedback", "time", "filters"}
state.setdefault("history", [])  # [{"question", "answer"}] for follow-up questions


md = display.md_text  # every text from a report, a file name or a user, shown as typed


def restore_conversation() -> None:
    """Keep the conversation across reloads: its id lives in the address (?c=…), its turns in STATE_DIR."""
    cid = st.query_params.get("c")
    if not session_store.valid_id(cid):
        cid = state.get("cid") or session_store.new_id()
        st.query_params["c"] = cid
    if state.get("cid") != cid:
        state.cid = cid
        state.messages = session_store.load_conversation(STATE_DIR, cid)
        state.history = session_store.history_of(state.messages)


def save_conversation() -> None:
    try:
        session_store.save_conversation(STATE_DIR, state.cid, state.messages)
    except OSError as e:
        st.warning(f"对话未能保存（刷新后会丢失）：{md(e.strerror)}")


restore_conversation()


def notify(message: str) -> None:
    """Confirm a saved action; rerun so the sidebar (exports, example sets) shows it at once."""
    state.notice = message
    st.rerun()


if notice := state.pop("notice", None):
    st.toast(md(notice), icon="✅")


esc = display.html_text  # report text inside our own HTML: escaped, never markup


def doc_label(chunk) -> str:
    return " · ".join(str(x) for x in (chunk.region or "未知地区", chunk.year or "年份不详", chunk.doc_type))


def meta_label(doc) -> str:
    m = doc.meta
    return f"{m.region or '未知地区'} · {m.year or '年份不详'} · {m.doc_type} · {m.title or doc.doc_id}"


def filters_dict(f: Filters) -> dict:
    return {"regions": list(f.regions), "years": list(f.years), "doc_types": list(f.doc_types)}


# ------------------------------------------------------------------ answers


def render_sources(answer, pipe, key: str) -> None:
    pieces_by_cite: dict[int, list[tuple[int, int]]] = {}
    for p in answer.pieces:
        pieces_by_cite.setdefault(p.citation, []).append((p.start, p.end))
    for c in answer.citations:
        ch = c.chunk
        spans = [(s - ch.start, e - ch.start) for s, e in pieces_by_cite.get(c.n, [])]
        with st.container(border=True):
            st.markdown(
                f"<div class='meta'><b>[{c.n}] {display.html_text(doc_label(ch))}</b> · "
                f"{display.html_text(display.shown_title(ch.title))}<br>"
                f"{display.html_text(' › '.join(ch.section) or '（无章节标题）')}</div>"
                f"<div class='src'>{display.highlight(ch.text, spans)}</div>",
                unsafe_allow_html=True,
            )
            if st.button("查看原文", key=f"{key}-view-{c.n}"):
                show_document(
                    pipe,
                    ch.doc_id,
                    [(ch.start, ch.end)] if not spans else [(s + ch.start, e + ch.start) for s, e in spans],
                )


@st.dialog("原文", width="large")
def show_document(pipe, doc_id: str, spans: list[tuple[int, int]]) -> None:
    doc = pipe.document(doc_id)
    if doc is None:
        st.warning("该报告已不在索引中。")
        return
    m = doc.meta
    st.markdown(
        f"**{md(display.shown_title(m.title))}**  \n{md(m.region or '未知地区')} · {md(m.year or '年份不详')} "
        f"· {md(m.doc_type)} · 发布 {md(m.published or '未注明')}"
    )
    # st.iframe replaces components.v1.html (deprecated, removal announced for 2026-06-01). The page
    # is our own HTML with every report character escaped, scrolled to the passage by its script.
    st.iframe(display.document_page(doc.text, spans), height=520, alt="报告原文")


def render_hit_list(hits) -> None:
    """Retrieved passages, shown while the answer is being extracted and kept under it afterwards."""
    for h in hits:
        st.markdown(
            f"<div class='meta'>[{h.rank}] {esc(doc_label(h.chunk))} · {esc(' › '.join(h.chunk.section))}</div>"
            f"<div class='src'>{display.highlight(h.chunk.text, [])}</div>",
            unsafe_allow_html=True,
        )


def render_feedback(msg: dict, i: int) -> None:
    a = msg["answer"]
    fb = msg.setdefault("feedback", {})
    cols = st.columns([1, 4])
    with cols[0]:
        vote = st.feedback("thumbs", key=f"fb-{i}")
    with cols[1]:
        comment = st.text_input(
            "意见（可选）", key=f"fbc-{i}", label_visibility="collapsed", placeholder="意见（可选），如：引用的段落不对"
        )
    if vote is not None or comment:
        new = {"vote": {0: "down", 1: "up"}.get(vote), "comment": comment}
        if new != {k: fb.get(k) for k in ("vote", "comment")}:
            fb.update(new)
            feedback.record(FEEDBACK_LOG, a, fb["vote"], comment, evidence_wrong="引用" in comment)
            save_conversation()
            notify("已保存反馈，谢谢！")
    if fb.get("vote") or fb.get("comment"):
        said = {"up": "👍 有用", "down": "👎 没用"}.get(fb.get("vote"), "")
        st.caption(md(f"已保存反馈：{said} {fb.get('comment') or ''}".rstrip()))


def metadata_editor(pipe: Pipeline) -> None:
    """Correct a report's region, year, type or title; stored beside the corpus, kept by re-indexing."""
    from qa.ingest import overrides

    docs = sorted(pipe.documents(), key=lambda d: d.doc_id)
    if not docs:
        return
    with st.expander("更正元数据"):
        # Chosen by doc_id: a correction that changes the (derived) title keeps the report selected.
        by_id = {d.doc_id: d for d in docs}
        label = lambda x: f"{display.shown_title(by_id[x].meta.title)}（{x}）"  # noqa: E731
        doc = by_id[st.selectbox("报告", list(by_id), format_func=label, key="meta_doc")]
        m = doc.meta
        where = {
            "title": "标题行",
            "header": "网页页眉",
            "body": "正文开头",
            "body_self": "正文",
            "published": "发布日期",
        }
        where |= {"file_name": "文件名", "override": "用户更正", "derived": "由地区+年份+类型生成"}
        st.caption(
            " · ".join(
                f"{name}：{where.get(m.sources.get(key, ''), '未识别')}"
                for key, name in (("region", "地区"), ("year", "年份"), ("doc_type", "类型"), ("title", "标题"))
            )
        )
        if m.region_candidates:
            st.warning(md("地名有歧义，未自动选择：" + "、".join(m.region_candidates)))
        chain = " › ".join(x for x in (m.province, m.city, m.county, m.township) if x)
        if chain:
            st.caption(md(f"行政区划：{chain}（代码 {m.division_code or '—'}）"))
        region = st.text_input("地区", m.region or "", key=f"meta_region_{doc.doc_id}")
        year = st.text_input("年份", str(m.year or ""), key=f"meta_year_{doc.doc_id}")
        types = ["年度报告", "工作要点", "其他"]
        doc_type = st.selectbox("类型", types, index=types.index(m.doc_type), key=f"meta_type_{doc.doc_id}")
        title = st.text_input("标题", m.title or "", key=f"meta_title_{doc.doc_id}")
        save, undo = st.columns(2)
        if save.button("保存更正", key="meta_save"):
            changed = {
                k: v
                for k, v, old in (
                    ("region", region.strip(), m.region or ""),
                    ("year", year.strip(), str(m.year or "")),
                    ("doc_type", doc_type, m.doc_type),
                    ("title", title.strip(), m.title or ""),
                )
                if v and v != old
            }
            try:
                if changed:
                    overrides.set_fields(CORPUS, doc.doc_id, **changed)
            except overrides.OverrideError as e:
                st.error(md(str(e)))
            else:
                with st.spinner("正在更新索引…"):
                    pipe.refresh()
                st.success("已保存，重建索引时保留。" if changed else "没有改动。")
        if undo.button("撤销更正", key="meta_undo"):
            if overrides.unset(CORPUS, doc.doc_id):
                with st.spinner("正在更新索引…"):
                    pipe.refresh()
                st.success("已恢复自动识别的元数据。")


def render_collect(msg: dict, i: int) -> None:
    """Trainers: put this answer into the current example set (kept across conversations)."""
    name = state.get("set_name") or "示例集"
    if st.button(md(f"加入示例集「{name}」"), key=f"collect-{i}"):
        try:
            n = session_store.add_example(STATE_DIR, name, msg)
        except session_store.StateError as e:
            st.warning(md(e))
        else:
            notify(f"已加入示例集「{name}」（共 {n} 条）")


def render_answer(msg: dict, pipe, i: int) -> None:
    a = msg["answer"]
    if a.rewritten_question:
        st.caption(f"理解为：{md(a.rewritten_question)}")
    if a.answer is None:
        st.markdown(f"**未在报告中找到答案。** {md(a.note or '')}")
        if a.hits:
            with st.expander("相关内容", expanded=True):
                render_hit_list(a.hits[:3])
    else:
        if a.answer_type == "list":
            # One block per report: its label, then its sentences with figures highlighted.
            blocks: dict[str, list] = {}
            for p in a.pieces:
                blocks.setdefault(p.label or "", []).append(p)
            for label, pieces in blocks.items():
                body = "".join(
                    f"{display.highlight(p.text, display.figure_spans(p.text))}[{p.citation}]" for p in pieces
                )
                st.markdown(
                    f"<div class='src'>• <b>{display.html_text(label)}</b>：{body}</div>", unsafe_allow_html=True
                )
        else:
            st.markdown(md(a.answer))
        st.caption(
            f"{export.answer_type_zh(a.answer_type)} · 置信度 {a.confidence:.2f} · 用时 {a.latency_ms or 0:.0f} ms"
        )
        render_sources(a, pipe, key=f"m{i}")
        if a.hits:
            with st.expander(f"检索到的段落（{len(a.hits)}）"):
                render_hit_list(a.hits)
    render_feedback(msg, i)
    render_collect(msg, i)


def answer_question(question: str, pipe, k: int, filters: Filters) -> None:
    """Show what retrieval found first, then extract the answer (slow readers keep the user informed)."""
    try:
        asked = clean(question, SETTINGS.max_question_chars)
        query = pipe.analyse(question, state.history)  # once: the search shown and the answer share it
    except QuestionError as e:
        st.warning(f"无法提问：{md(e)}")
        return
    with st.chat_message("user"):
        st.text(asked)
    with st.chat_message("assistant"):
        with st.status("正在检索相关段落…", expanded=True) as status:
            res = pipe.search(query, k=k, filters=filters)
            status.update(label=f"检索到 {len(res.hits)} 个段落，正在从中抽取答案…")
            render_hit_list(res.hits)
            answer = pipe.ask(query, k=k, filters=filters, history=state.history)
            status.update(label="答案已生成", state="complete", expanded=False)
    state.messages.append({"role": "user", "content": asked})
    state.messages.append(
        {
            "role": "assistant",
            "answer": answer,
            "feedback": {},
            "time": session_store.now(),
            "filters": filters_dict(filters),
        }
    )
    state.history.append({"question": answer.rewritten_question or question, "answer": answer.answer})
    save_conversation()
    st.rerun()


def export_turns(messages: list[dict]) -> list[tuple]:
    return [
        (m["answer"], {**m.get("feedback", {}), "time": m.get("time"), "filters": m.get("filters")})
        for m in messages
        if m["role"] == "assistant"
    ]


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sidebar_example_sets() -> None:
    st.subheader("示例集")
    st.text_input(
        "当前示例集",
        value="示例集",
        key="set_name",
        max_chars=session_store.MAX_SET_NAME,
        help="在答案下点“加入示例集”收集答案；示例集跨对话保存，可导出为 Markdown（含出处）或 Excel。",
    )
    sets = session_store.example_sets(STATE_DIR)
    if not sets:
        st.caption("还没有示例集。")
        return
    name = st.selectbox("导出示例集", list(sets), format_func=lambda n: f"{n}（{sets[n]} 条）", key="set_export")
    turns = session_store.load_examples(STATE_DIR, name)
    st.download_button(
        "示例集 → Markdown",
        export.to_markdown(turns, title=f"示例集：{name}"),
        f"示例集-{upload.safe_name(name + '.md')}",
        "text/markdown",
        key="set-md",
    )
    st.download_button(
        "示例集 → Excel",
        export.to_xlsx(turns, sheet="示例集"),
        f"示例集-{upload.safe_name(name + '.xlsx')}",
        XLSX,
        key="set-xlsx",
    )


def sidebar_upload(pipe) -> None:
    with st.expander("上传报告"):
        files = st.file_uploader(
            "支持 .txt .md .html .docx .doc .odt .wps .rtf .pdf .ofd .xlsx .xls 及装有它们的 .zip"
            "（网页也可为 .htm .shtml .mht 等）",
            type=[suffix.lstrip(".") for suffix in upload.ACCEPTED],
            accept_multiple_files=True,
        )
        if files and st.button("加入语料并更新索引"):
            saved = []
            for f in files:
                try:
                    saved.append(upload.save(f.name, f.getvalue(), CORPUS, SETTINGS))
                except upload.UploadError as e:
                    st.error(md(e))
            if saved:
                with st.status("正在更新索引…", expanded=True) as status:
                    bar = st.progress(0.0, text="读取与切分")

                    def show(p) -> None:  # after each embedded batch: passages/s and time left
                        bar.progress(min(p.done / max(p.total, 1), 1.0), text=f"向量化 {p.describe()}")

                    new_index = pipe.refresh(on_progress=show)
                    bar.progress(1.0, text="完成")
                    status.update(label="索引已更新", state="complete")
                for path in saved:
                    doc_id = path.relative_to(CORPUS).as_posix()
                    doc = new_index.documents.get(doc_id)
                    skipped = [s.reason for s in new_index.skipped if s.doc_id == doc_id]
                    if doc is not None:
                        m = doc.meta
                        st.success(
                            f"已加入：{md(path.name)}（{md(m.region or '地区未识别')} · "
                            f"{md(m.year or '年份未识别')} · {md(m.doc_type)}）"
                        )
                        for w in doc.warnings:
                            st.warning(md(f"{path.name}: {w}"))
                    for r in skipped:
                        st.error(md(r))


# ------------------------------------------------------------------ sidebar

with st.sidebar:
    st.title("⚖️ 法治报告问答")
    st.caption("答案均摘自报告原文，并注明出处。")
    reader_choice = st.radio("阅读器", ["默认（离线抽取）", "本地问答模型"], horizontal=True)
    reader_model = None
    if reader_choice == "本地问答模型":
        # Only folders under the models directory: a viewer never makes the server open a path.
        models = sorted(p.name for p in MODELS.iterdir() if p.is_dir()) if MODELS.is_dir() else []
        if models:
            picked = st.selectbox("模型文件夹", models, key="reader_model")
            reader_model = str(MODELS / picked)
        else:
            st.info(md(f"没有可用的本地模型：请把 Hugging Face 问答模型文件夹放在 {MODELS} 下。"))
    pipe = load_pipeline(reader_model)
    if pipe is None:
        st.stop()
    docs = pipe.documents()
    regions = sorted({d.meta.region for d in docs if d.meta.region})
    years = sorted({d.meta.year for d in docs if d.meta.year})
    st.subheader("筛选")
    # No "Select all" entry: selecting nothing already means all.
    f_regions = st.multiselect("地区", regions, placeholder="全部地区", select_all=False)
    f_years = st.multiselect("年份", years, placeholder="全部年份", select_all=False)
    f_types = st.multiselect("类型", ["年度报告", "工作要点", "其他"], placeholder="全部类型", select_all=False)
    k = st.slider("引用段落数", 1, 10, 5)
    filters = Filters(tuple(f_regions), tuple(f_years), tuple(f_types))

    st.subheader("语料")
    cover = pd.DataFrame(
        [
            {"地区": d.meta.region or "未识别", "年份": str(d.meta.year or "未识别"), "类型": d.meta.doc_type}
            for d in docs
        ]
    ).sort_values(["年份", "地区"], ascending=[False, True])
    st.caption(f"{len(docs)} 份报告 · {len(pipe.chunks())} 个段落（在“语料”页浏览、删除）")
    st.dataframe(cover, hide_index=True, width="stretch", height=min(300, 38 + 35 * len(cover)))
    metadata_editor(pipe)
    sidebar_upload(pipe)

    st.subheader("导出对话")
    turns = export_turns(state.messages)
    st.download_button("导出为 Markdown", export.to_markdown(turns), "对话记录.md", "text/markdown", disabled=not turns)
    st.download_button(
        "导出为 Excel", export.to_xlsx(turns) if turns else b"", "对话记录.xlsx", XLSX, disabled=not turns
    )
    if st.button("清空对话", disabled=not state.messages):
        state.messages, state.history = [], []
        save_conversation()
        st.rerun()
    sidebar_example_sets()

# ------------------------------------------------------------------ tabs

tab_chat, tab_compare, tab_search, tab_eval, tab_corpus = st.tabs(["问答", "对比", "检索测试", "评测", "语料"])

with tab_chat:
    if not state.messages:
        st.markdown("可以这样问（点击即问）：")
        cols = st.columns(len(EXAMPLES))
        for n, (col, q) in enumerate(zip(cols, EXAMPLES)):
            if col.button(q, key=f"example-{n}", width="stretch"):
                state.pending_question = q
    for i, msg in enumerate(state.messages):
        with st.chat_message(msg["role"]):
            if msg["role"] == "user":
                st.markdown(md(msg["content"]))
            else:
                render_answer(msg, pipe, i)
    question = st.chat_input(
        "请输入问题，例如：元氏县办理了多少件行政复议案件？", max_chars=SETTINGS.max_question_chars
    )
    question = question or state.pop("pending_question", None)
    if question is not None and question.strip():
        answer_question(question, pipe, k, filters)


def render_compare_tab(pipe, docs, filters: Filters) -> None:
    """对比: one row per report — what it did, its figures, where it says so — with its own filters."""
    from qa.reading import comparison as comparing

    st.markdown("一问看各地做法：每份报告一行，摘自原文；“成效”为已做的，“计划”为下一步安排或工作要点的目标。")
    with st.form("compare"):
        topic = st.text_input("对比的问题", "其他县是怎么推进行政复议体制改革的?", key="compare_q")
        go = st.form_submit_button("对比各地")
    if go and topic.strip():
        try:
            topic = clean(topic, SETTINGS.max_question_chars)
            state.compare_result = pipe.compare(topic, "list", filters=filters, history=state.history)
        except QuestionError as e:
            st.warning(md(f"无法对比：{e}"))
            return
        state.compare_topic = topic
    if "compare_result" not in state:
        return
    result = state.compare_result
    if result is None:
        st.info("问题中没有可对比的主题词（如“行政复议”“府院联动”），请换一种问法。")
        return
    items = result.items
    if result.note:
        st.caption(md(result.note))
    # This tab's own filters; each says what it leaves out.
    reports = {r.doc_id: r for r in pipe.reports()}
    province = {it.doc_id: comparing.report_province(reports[it.doc_id]) or "未识别" for it in items}
    c1, c2, c3 = st.columns(3)
    provinces = sorted(set(province.values()))
    f_prov = c1.multiselect("省份", provinces, placeholder="全部省份", key="cmp-prov")
    years = sorted({it.year for it in items if it.year})
    f_years = (
        c2.slider("年份范围", years[0], years[-1], (years[0], years[-1]), key="cmp-years") if len(years) > 1 else None
    )
    f_types = c3.multiselect("类型", ["年度报告", "工作要点", "其他"], placeholder="全部类型", key="cmp-types")
    shown, left = [], []
    for it in items:
        ok = (not f_prov or province[it.doc_id] in f_prov) and (not f_types or it.doc_type in f_types)
        if f_years and it.year and not f_years[0] <= it.year <= f_years[1]:
            ok = False
        (shown if ok else left).append(it)
    if left:
        st.info(
            md(
                "当前筛选未显示："
                + "、".join(f"{it.region or '未知地区'} {it.year or ''} {it.doc_type}" for it in left)
                + "（这些报告也提到该主题）"
            )
        )
    c1, c2 = st.columns([1, 3])
    c1.metric("提到该主题的报告", f"{len(shown)} / {len(docs)}")
    if not shown:
        st.info(md("没有报告提到这一主题。" + (result.note or "")))
        return
    # Charts that carry information: how much each report says, and which reports there are.
    said = pd.DataFrame(
        {
            "报告": [f"{it.region or '未知'} {it.year or ''}" for it in shown],
            "论及该主题的句数": [it.mentions for it in shown],
        }
    ).set_index("报告")
    c2.bar_chart(said, height=180, horizontal=True)
    by_year = pd.crosstab(
        pd.Series([str(it.year or "不详") for it in shown], name="年份"),
        pd.Series([f"{it.doc_type}（{it.status}）" for it in shown], name="类型"),
    )
    st.caption("报告数：按年份和类型")
    st.bar_chart(by_year, height=160)
    rows = export.comparison_rows(shown)
    table = pd.DataFrame(rows, columns=export.COMPARISON_COLUMNS)
    # Sortable by any column; a cell's full text shows when it is selected or widened.
    st.dataframe(
        table,
        width="stretch",
        hide_index=True,
        column_config={"做法": st.column_config.TextColumn(width="large"), "出处": st.column_config.TextColumn()},
    )
    d1, d2, d3 = st.columns(3)
    d1.download_button("导出 Excel", export.comparison_xlsx(shown), "对比.xlsx", key="cmp-xlsx")
    d2.download_button("导出 CSV", export.comparison_csv(shown), "对比.csv", "text/csv", key="cmp-csv")
    d3.download_button("导出 Markdown", export.comparison_markdown(shown), "对比.md", "text/markdown", key="cmp-md")
    for i, it in enumerate(shown):
        with st.container(border=True):
            st.markdown(
                f"<div class='meta'><b>{display.html_text(it.label)}</b> · "
                f"{display.html_text(display.shown_title(it.title))}</div>",
                unsafe_allow_html=True,
            )
            for s in it.sentences:
                where = display.html_text(" › ".join(s.chunk.section) or "（无章节标题）")
                st.markdown(
                    f"<div class='src'>{display.highlight(s.text, list(s.figures))}"
                    f"<span class='meta'> — {where}</span></div>",
                    unsafe_allow_html=True,
                )
            if st.button("查看原文", key=f"cmp-view-{i}"):
                show_document(pipe, it.doc_id, [(s.start, s.end) for s in it.sentences])


with tab_compare:
    render_compare_tab(pipe, docs, filters)


# ------------------------------------------------------------------ 检索测试


def _rank_cell(rank) -> str:
    return "—" if rank is None else str(rank)


def _score_cell(score) -> str:
    return "—" if score is None else f"{score:.3f}"


def search_tab(pipe, k: int, filters: Filters) -> None:
    st.markdown("查看检索到的原始段落，以及每个段落在关键词检索（BM25）和语义检索中的名次。")
    c1, c2 = st.columns([2, 3])
    q = c1.text_input("检索词", "行政复议", key="search_q")
    mode = c2.radio("检索方式", list(MODES), format_func=MODES.get, horizontal=True, key="search_mode")
    if not q.strip():
        return
    try:
        res = pipe.search(q, k=max(k, 10), filters=filters, mode=mode)
    except QuestionError as e:
        st.warning(f"无法检索：{md(e)}")
        return
    if not res.hits:
        st.info("没有检索到段落（问题中可能只有疑问词，或筛选条件下没有报告）。")
        return
    routed = [meta_label(d) for d in (pipe.document(x) for x in res.routed_to) if d is not None]
    st.caption(md(f"检索词：{' / '.join(res.tokens)}" + (f" · 优先检索：{'；'.join(routed)}" if routed else "")))
    table = pd.DataFrame(
        [
            {
                "名次": h.rank,
                "地区": h.chunk.region or "未知",
                "年份": str(h.chunk.year or ""),
                "类型": h.chunk.doc_type,
                "段落": h.chunk.text,
                "章节": " › ".join(h.chunk.section),
                "融合分": round(h.score, 4),
                "BM25名次": _rank_cell(h.bm25_rank),
                "BM25分": _score_cell(h.bm25_score),
                "语义名次": _rank_cell(h.dense_rank),
                "语义分": _score_cell(h.dense_score),
            }
            for h in res.hits
        ]
    )
    st.dataframe(
        table,
        width="stretch",
        hide_index=True,
        column_config={
            "章节": st.column_config.TextColumn("章节", width="medium"),
            "段落": st.column_config.TextColumn("段落", width="large"),
        },
    )
    st.caption("“—”：该段落不在这一检索方式的候选里。")
    by_rank = {h.rank: h for h in res.hits}
    c1, c2 = st.columns([3, 1])
    pick = c1.selectbox(
        "查看原文",
        list(by_rank),
        format_func=lambda r: f"[{r}] {doc_label(by_rank[r].chunk)} · {by_rank[r].chunk.text[:30]}…",
        key="search_view_pick",
    )
    if c2.button("查看原文", key="search-view"):
        h = by_rank[pick]
        show_document(pipe, h.chunk.doc_id, [(h.chunk.start, h.chunk.end)])


# ------------------------------------------------------------------ 评测

# The bundled question sets (README "Question sets"); their reports are in settings.published_eval_dir.
EVAL_SETS = {
    "开发集 questions.jsonl（开发时编写）": "questions.jsonl",
    "留出集 heldout.jsonl（只读报告、未见系统而编写）": "heldout.jsonl",
    "留出集 heldout2.jsonl（同上，最后一次评测前未用过）": "heldout2.jsonl",
    "留出集 heldout3.jsonl（同上，侧重各地对比）": "heldout3.jsonl",
    "留出集 heldout4.jsonl（同上，含地区与年份范围）": "heldout4.jsonl",
    "留出集 heldout5.jsonl（同上，计数单位改动前编写）": "heldout5.jsonl",
    "留出集 heldout6.jsonl（同上，上级地区改动前编写）": "heldout6.jsonl",
    "留出集 heldout7.jsonl（同上，200 题）": "heldout7.jsonl",
    "留出集 heldout8.jsonl（同上，答案类型改动前编写）": "heldout8.jsonl",
    "留出集 heldout9.jsonl（同上，落款日期改动前编写）": "heldout9.jsonl",
    "留出集 heldout10.jsonl（同上，第六轮答案检查前编写）": "heldout10.jsonl",
    "留出集 heldout11.jsonl（同上，计量单位改动前编写）": "heldout11.jsonl",
    "留出集 heldout12.jsonl（同上，答案门槛改动前编写）": "heldout12.jsonl",
    "留出集 heldout13.jsonl（同上，第七轮改动前编写）": "heldout13.jsonl",
    "留出集 heldout14.jsonl（同上，括号分句与“几回”改动前编写）": "heldout14.jsonl",
    "留出集 heldout15.jsonl（同上，第八轮改动前编写）": "heldout15.jsonl",
    "留出集 heldout16.jsonl（同上，第九轮改动前编写）": "heldout16.jsonl",
    "留出集 heldout17.jsonl（同上，第十轮改动前编写）": "heldout17.jsonl",
    "留出集 heldout18.jsonl（同上，第十一轮改动前编写）": "heldout18.jsonl",
    "留出集 heldout19.jsonl（同上，第十二轮改动前编写）": "heldout19.jsonl",
    "留出集 heldout20.jsonl（同上，第十三轮改动前编写）": "heldout20.jsonl",
    "留出集 heldout21.jsonl（同上，第十四轮改动前编写）": "heldout21.jsonl",
    "留出集 heldout22.jsonl（同上，第十五轮改动前编写）": "heldout22.jsonl",
    "留出集 heldout23.jsonl（同上，第十六轮改动前编写）": "heldout23.jsonl",
    "留出集 heldout24.jsonl（同上，第十八轮改动前编写）": "heldout24.jsonl",
    "留出集 heldout25.jsonl（同上，第十九轮改动前编写）": "heldout25.jsonl",
    "留出集 heldout26.jsonl（同上，第十九轮改动后编写，测最终代码）": "heldout26.jsonl",
    "留出集 heldout27.jsonl（同上，第二十轮改动前编写）": "heldout27.jsonl",
    "留出集 heldout28.jsonl（同上，第二十轮改动后编写，下一轮改动前）": "heldout28.jsonl",
    "留出集 heldout29.jsonl（同上，第二十一轮改动前编写）": "heldout29.jsonl",
    "留出集 heldout30.jsonl（同上，第二十二轮改动前编写）": "heldout30.jsonl",
    "留出集 heldout31.jsonl（同上，第二十三轮改动前编写）": "heldout31.jsonl",
    "留出集 heldout32.jsonl（同上，第二十三轮中编写，测最终代码）": "heldout32.jsonl",
    "留出集 heldout33.jsonl（同上，第二十四轮前编写）": "heldout33.jsonl",
    "留出集 heldout34.jsonl（同上，第二十四轮前另一人编写，测最终代码）": "heldout34.jsonl",
    "留出集 heldout35.jsonl（同上，第二十四轮第二项改动前编写）": "heldout35.jsonl",
    "留出集 heldout36.jsonl（同上，第二十四轮第三、四项改动前编写）": "heldout36.jsonl",
    "留出集 heldout37.jsonl（同上，第二十五轮前编写）": "heldout37.jsonl",
    "留出集 heldout38.jsonl（同上，第二十六轮前编写）": "heldout38.jsonl",
    "留出集 heldout39.jsonl（同上，第二十七轮前编写）": "heldout39.jsonl",
    "留出集 heldout40.jsonl（同上，第二十七轮改动后编写，衡量其最终代码）": "heldout40.jsonl",
    "留出集 heldout41.jsonl（同上，第二十八轮前编写）": "heldout41.jsonl",
    "留出集 heldout42.jsonl（同上，第二十八轮第二项改动前编写）": "heldout42.jsonl",
    "留出集 heldout43.jsonl（同上，第二十八轮改动后编写，衡量其最终代码）": "heldout43.jsonl",
    "留出集 heldout44.jsonl（同上，第二十九轮前编写）": "heldout44.jsonl",
    "留出集 heldout45.jsonl（同上，第二十九轮第一项改动后编写，衡量其最终代码）": "heldout45.jsonl",
    "留出集 heldout46.jsonl（同上，第三十轮前编写）": "heldout46.jsonl",
    "留出集 heldout47.jsonl（同上，第三十轮第一批改动后编写）": "heldout47.jsonl",
    "留出集 heldout48.jsonl（同上，第三十轮第二批改动前编写，衡量其最终代码）": "heldout48.jsonl",
    "留出集 heldout49.jsonl（同上，第三十一轮前编写）": "heldout49.jsonl",
    "留出集 heldout50.jsonl（同上，第三十一轮第一批改动后编写，衡量其最终代码）": "heldout50.jsonl",
    "留出集 heldout51.jsonl（同上，第三十二轮前编写）": "heldout51.jsonl",
    "留出集 heldout52.jsonl（同上，heldout51 评分后编写，衡量由其读出的改动）": "heldout52.jsonl",
    "留出集 heldout53.jsonl（同上，第三十三轮前编写）": "heldout53.jsonl",
    "留出集 heldout54.jsonl（同上，第三十三轮第一批改动后编写，衡量其最终代码）": "heldout54.jsonl",
    "留出集 heldout55.jsonl（同上，第三十四轮前编写）": "heldout55.jsonl",
    "留出集 heldout56.jsonl（同上，第三十四轮前三项改动后编写，衡量其后的改动）": "heldout56.jsonl",
    "留出集 heldout57.jsonl（同上，第三十五轮前编写，衡量其最终代码）": "heldout57.jsonl",
}
OWN_FILE = "上传自己的问题文件（JSONL，格式同 eval/）"
EVAL_RUNS = STATE_DIR / "eval_runs"
NO_COMPARE = "（不对比）"
KEY_METRICS = [
    ("hybrid Recall@1", lambda r: r["retrieval"]["hybrid"]["hit_rate@1"]),
    ("hybrid Recall@5", lambda r: r["retrieval"]["hybrid"]["hit_rate@5"]),
    ("hybrid MRR@10", lambda r: r["retrieval"]["hybrid"]["mrr@10"]),
    ("bm25 Recall@5", lambda r: r["retrieval"]["bm25"]["hit_rate@5"]),
    ("dense Recall@5", lambda r: r["retrieval"]["dense"]["hit_rate@5"]),
    ("factoid_answer_rate", lambda r: r["answers"]["factoid_answer_rate"]),
    ("descriptive_char_f1", lambda r: r["answers"]["descriptive_char_f1"]),
    ("comparative_report_coverage", lambda r: r["answers"]["comparative_report_coverage"]),
    ("no_answer_precision", lambda r: r["answers"]["no_answer_precision"]),
    ("no_answer_recall", lambda r: r["answers"]["no_answer_recall"]),
    ("citation_correct", lambda r: r["answers"]["citation_correct"]),
    ("ask p50 毫秒", lambda r: r["answers"]["ask_latency_ms"]["p50"]),
]


def eval_reports() -> dict[str, Path]:
    """Every report that can be shown: the published ones in eval/ and this app's own runs (newest first)."""
    found = {}
    for label, questions in EVAL_SETS.items():
        out = published_eval_dir(PROJECT_ROOT / "eval" / questions).resolve()
        if (out / "report.md").exists():
            found[f"已发布：{label.split('（')[0]}"] = out
    if EVAL_RUNS.exists():
        for run in sorted(EVAL_RUNS.iterdir(), reverse=True):
            if (run / "report.md").exists():
                name = json.loads((run / "run.json").read_text(encoding="utf-8")).get("label", run.name)
                found[f"本机运行：{run.name[:15]} {name}"] = run
    return found


def show_report(folder: Path) -> None:
    text = (folder / "report.md").read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if block.startswith("![") and "](" in block:
            img = folder / block.split("](", 1)[1].rstrip(")")
            if img.exists():
                st.image(str(img))
                continue
        st.markdown(block)


def metric_table(a: Path, b: Path | None) -> pd.DataFrame:
    def load(folder):
        try:
            return json.loads((folder / "results.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return None

    ra, rb = load(a), load(b) if b else None
    rows = []
    for name, get in KEY_METRICS:
        row = {"指标": name}
        for col, r in (("A", ra), ("B", rb)):
            if col == "B" and b is None:
                continue
            try:
                row[col] = get(r) if r else None
            except (KeyError, TypeError):
                row[col] = None
        if b is not None and isinstance(row.get("A"), (int, float)) and isinstance(row.get("B"), (int, float)):
            row["B − A"] = round(row["B"] - row["A"], 4)
        rows.append(row)
    return pd.DataFrame(rows)


def run_evaluation(pipe, label: str, questions: Path | None, uploaded) -> Path | None:
    """Run `qa eval` into a fresh folder under EVAL_RUNS, with a progress bar by question."""
    from qa.evaluation import evaluate as evaluation

    out = EVAL_RUNS / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid() % 1000:03d}"
    out.mkdir(parents=True, exist_ok=True)
    if uploaded is not None:
        questions = out / "questions.jsonl"
        questions.write_bytes(uploaded.getvalue())
        try:
            n = len(evaluation.load_questions(questions))
        except (ValueError, UnicodeDecodeError) as e:
            shutil.rmtree(out, ignore_errors=True)
            st.error(md(f"{uploaded.name}：问题文件无法读取：{e}"))
            return None
        if n == 0:
            shutil.rmtree(out, ignore_errors=True)
            st.error(md(f"{uploaded.name}：文件中没有问题。"))
            return None
        label = f"{label}（{uploaded.name}）"
    (out / "run.json").write_text(json.dumps({"label": label}, ensure_ascii=False), encoding="utf-8")
    bar = st.progress(0.0, text="准备评测…")

    def progress(stage: str, done: int, total: int) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=f"{stage}：{done}/{total}")

    try:
        evaluation.run(pipe, questions, out, progress=progress)
    except (ValueError, KeyError) as e:
        shutil.rmtree(out, ignore_errors=True)
        st.error(f"评测失败：{md(e)}")
        return None
    bar.progress(1.0, text="评测完成")
    return out


def eval_tab(pipe) -> None:
    st.markdown("评测问题集的检索与答案指标（与 `qa eval` 相同）。本页的运行结果保存在本机，不会改动 eval/。")
    chosen = st.selectbox("问题集", [*EVAL_SETS, OWN_FILE], key="eval_set")
    uploaded = None
    if chosen == OWN_FILE:
        uploaded = st.file_uploader("问题文件（.jsonl）", type=["jsonl"], key="eval_file")
    if st.button("运行评测（约一两分钟）", disabled=chosen == OWN_FILE and uploaded is None):
        questions = None if chosen == OWN_FILE else PROJECT_ROOT / "eval" / EVAL_SETS[chosen]
        out = run_evaluation(pipe, chosen.split("（")[0] if chosen != OWN_FILE else "自选问题", questions, uploaded)
        if out is not None:
            state.eval_latest = out
    reports = eval_reports()
    if not reports:
        st.info("还没有评测报告。")
        return
    names = list(reports)
    latest = state.get("eval_latest")
    default = next((n for n, p in reports.items() if p == latest), None)
    if default is None and chosen in EVAL_SETS:
        default = next((n for n in names if n == f"已发布：{chosen.split('（')[0]}"), names[0])
    c1, c2 = st.columns(2)
    a = c1.selectbox("报告 A", names, index=names.index(default or names[0]), key=f"eval_a-{default}")
    b = c2.selectbox("报告 B（对比）", [NO_COMPARE, *names], key="eval_b")
    st.dataframe(metric_table(reports[a], None if b == NO_COMPARE else reports[b]), hide_index=True, width="stretch")
    if b == NO_COMPARE:
        show_report(reports[a])
    else:
        left, right = st.columns(2)
        with left:
            show_report(reports[a])
        with right:
            show_report(reports[b])


# ------------------------------------------------------------------ 语料


def report_details(doc) -> None:
    """A report's metadata. (Metadata editing — the real-world-reports issue — adds its form here.)"""
    m = doc.meta
    st.markdown(f"**{md(display.shown_title(m.title) if m.title else doc.doc_id)}**")
    st.caption(
        md(
            f"文件 {doc.doc_id} · 地区 {m.region or '未识别'} · 年份 {m.year or '未识别'} · 类型 {m.doc_type} · "
            f"发布 {m.published or '未注明'} · {len(doc.text)} 字"
        )
    )
    for w in doc.warnings:
        st.warning(md(w))


def delete_report(pipe, doc) -> None:
    with st.expander("删除该报告"):
        st.warning(md(f"将从语料文件夹删除文件 {doc.doc_id}，并更新索引。此操作不能撤销。"))
        sure = st.checkbox(md(f"确认删除 {doc.doc_id}"), key=f"del-sure-{doc.doc_id}")
        if st.button("删除", key=f"del-{doc.doc_id}", disabled=not sure, type="primary"):
            try:
                upload.remove(CORPUS, doc.doc_id)
            except upload.UploadError as e:
                st.error(md(e))
                return
            pipe.refresh()
            state.corpus_deleted = f"已删除：{doc.doc_id}（{meta_label(doc)}），索引已更新。"
            st.rerun()


def corpus_tab(pipe) -> None:
    if msg := state.pop("corpus_deleted", None):
        st.success(md(msg))
    docs = {d.doc_id: d for d in sorted(pipe.documents(), key=lambda d: (d.meta.region or "", d.doc_id))}
    if not docs:
        st.info("语料中还没有报告。")
        return
    doc_id = st.selectbox("报告", list(docs), format_func=lambda x: meta_label(docs[x]), key="corpus_doc")
    doc = docs[doc_id]
    report_details(doc)
    view = st.radio("查看", ["段落", "全文"], horizontal=True, key="corpus_view")
    chunks = pipe.chunks_of(doc_id)
    if view == "段落":
        st.dataframe(
            pd.DataFrame(
                [{"#": n, "章节": " › ".join(c.section), "段落": c.text} for n, c in enumerate(chunks, start=1)]
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "章节": st.column_config.TextColumn("章节", width="medium"),
                "段落": st.column_config.TextColumn("段落", width="large"),
            },
        )
        st.caption(f"{len(chunks)} 个段落")
    else:
        with st.container(height=480):
            st.text(doc.text)
    delete_report(pipe, doc)


with tab_search:
    search_tab(pipe, k, filters)

with tab_eval:
    eval_tab(pipe)

with tab_corpus:
    corpus_tab(pipe)
