"""法治报告问答 — the chat app. Layout and session state only; every decision is made in qa/."""

from __future__ import annotations

import html
import os
from pathlib import Path

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from qa.ingest import upload
from qa.interface import display, export, feedback
from qa.pipeline import Pipeline
from qa.retrieval.question import QuestionError
from qa.retrieval.retriever import Filters
from qa.settings import PROJECT_ROOT, Settings

CORPUS = Path(os.environ.get("QA_CORPUS", PROJECT_ROOT / "corpus"))
INDEX = Path(os.environ.get("QA_INDEX", PROJECT_ROOT / "index"))
FEEDBACK_LOG = Path(os.environ.get("QA_FEEDBACK_LOG", PROJECT_ROOT / "feedback" / "feedback.jsonl"))
SETTINGS = Settings(corpus_dir=CORPUS, index_dir=INDEX)
EXAMPLES = ["元氏县办理了多少件行政复议案件?", "怀化是怎么推进府院联动的?", "哪些地方提到了行政机关负责人出庭应诉?"]

st.set_page_config(page_title="法治报告问答", page_icon="⚖️", layout="wide")
st.markdown(
    "<style>mark{background:#ffe58f;padding:0 2px;border-radius:2px}"
    ".src{font-size:0.92rem;line-height:1.7}.meta{color:#666;font-size:0.85rem}</style>",
    unsafe_allow_html=True,
)


@st.cache_resource(show_spinner=False)
def get_pipeline(reader_model: str | None) -> Pipeline:
    # Shared by every session: concurrent searches and a refresh during them are tested
    # (tests/test_robustness.py); the model reader serialises its forward passes with a lock.
    return Pipeline.open(
        CORPUS, INDEX, SETTINGS, reader_model=Path(reader_model) if reader_model else None, show_progress=False
    )


def load_pipeline(reader_model: str | None) -> Pipeline | None:
    try:
        if "pipeline_ready" not in st.session_state:
            with st.status("正在加载模型和索引（首次启动需要建立索引，约一分钟）…", expanded=False) as status:
                pipe = get_pipeline(reader_model)
                status.update(label="模型和索引已就绪", state="complete")
            st.session_state.pipeline_ready = True
            return pipe
        return get_pipeline(reader_model)
    except Exception as e:  # a broken reader folder or corpus: say so, keep the app up
        st.error(f"无法加载：{e}")
        return None


# ------------------------------------------------------------------ state

state = st.session_state
state.setdefault("messages", [])  # {"role", "content"|"answer", "feedback"}
state.setdefault("history", [])  # [{"question", "answer"}] for follow-up questions


def doc_label(chunk) -> str:
    return " · ".join(str(x) for x in (chunk.region or "未知地区", chunk.year or "年份不详", chunk.doc_type))


def render_sources(answer, pipe, key: str) -> None:
    pieces_by_cite: dict[int, list[tuple[int, int]]] = {}
    for p in answer.pieces:
        pieces_by_cite.setdefault(p.citation, []).append((p.start, p.end))
    for c in answer.citations:
        ch = c.chunk
        spans = [(s - ch.start, e - ch.start) for s, e in pieces_by_cite.get(c.n, [])]
        with st.container(border=True):
            st.markdown(
                f"<div class='meta'><b>[{c.n}] {html.escape(doc_label(ch))}</b> · "
                f"{html.escape(ch.title or ch.doc_id)}<br>"
                f"{html.escape(' › '.join(ch.section) or '（无章节标题）')}</div>"
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
    doc = pipe.documents().get(doc_id)
    if doc is None:
        st.warning("该报告已不在索引中。")
        return
    m = doc.meta
    st.markdown(
        f"**{html.escape(m.title or doc_id)}**  \n{html.escape(str(m.region or '未知地区'))} · {m.year or '年份不详'} "
        f"· {m.doc_type} · 发布 {m.published or '未注明'}"
    )
    components.html(display.document_page(doc.text, spans), height=520, scrolling=True)


def render_answer(msg: dict, pipe, i: int) -> None:
    a = msg["answer"]
    if a.answer is None:
        st.markdown(f"**未在报告中找到答案。** {html.escape(a.note or '')}")
        if a.hits:
            with st.expander("相关内容", expanded=True):
                for h in a.hits[:3]:
                    st.markdown(
                        f"<div class='meta'>{html.escape(doc_label(h.chunk))} · "
                        f"{html.escape(' › '.join(h.chunk.section))}</div>"
                        f"<div class='src'>{display.highlight(h.chunk.text, [])}</div>",
                        unsafe_allow_html=True,
                    )
    else:
        if a.rewritten_question:
            st.caption(f"理解为：{a.rewritten_question}")
        if a.answer_type == "list":
            for p in a.pieces:
                st.markdown(f"- **{html.escape(p.label or '')}**：{html.escape(p.text)} [{p.citation}]")
        else:
            st.markdown(html.escape(a.answer).replace("\n", "  \n"))
        st.caption(f"置信度 {a.confidence:.2f} · 用时 {a.latency_ms or 0:.0f} ms")
        render_sources(a, pipe, key=f"m{i}")
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


# ------------------------------------------------------------------ sidebar

with st.sidebar:
    st.title("⚖️ 法治报告问答")
    st.caption("答案均摘自报告原文，并注明出处。")
    reader_choice = st.radio("阅读器", ["默认（离线抽取）", "本地问答模型"], horizontal=True)
    reader_model = None
    if reader_choice == "本地问答模型":
        reader_model = st.text_input("模型文件夹路径", placeholder="/path/to/qa-model") or None
    pipe = load_pipeline(reader_model)
    if pipe is None:
        st.stop()
    docs = list(pipe.documents().values())
    regions = sorted({d.meta.region for d in docs if d.meta.region})
    years = sorted({d.meta.year for d in docs if d.meta.year})
    st.subheader("筛选")
    f_regions = st.multiselect("地区", regions, placeholder="全部地区")
    f_years = st.multiselect("年份", years, placeholder="全部年份")
    f_types = st.multiselect("类型", ["年度报告", "工作要点", "其他"], placeholder="全部类型")
    k = st.slider("引用段落数", 1, 10, 5)
    filters = Filters(tuple(f_regions), tuple(f_years), tuple(f_types))

    st.subheader("语料")
    cover = pd.DataFrame(
        [
            {"地区": d.meta.region or "未识别", "年份": str(d.meta.year or "未识别"), "类型": d.meta.doc_type}
            for d in docs
        ]
    ).sort_values(["年份", "地区"], ascending=[False, True])
    st.caption(f"{len(docs)} 份报告 · {len(pipe.chunks())} 个段落")
    st.dataframe(cover, hide_index=True, width="stretch", height=min(300, 38 + 35 * len(cover)))

    with st.expander("上传报告"):
        files = st.file_uploader(
            "支持 .txt .md .html .docx .pdf",
            type=["txt", "md", "html", "htm", "docx", "pdf"],
            accept_multiple_files=True,
        )
        if files and st.button("加入语料并更新索引"):
            saved = []
            for f in files:
                try:
                    saved.append(upload.save(f.name, f.getvalue(), CORPUS, SETTINGS))
                except upload.UploadError as e:
                    st.error(str(e))
            if saved:
                with st.status("正在更新索引…", expanded=True) as status:
                    bar = st.progress(0.2, text="读取与切分")
                    new_index = pipe.refresh()
                    bar.progress(1.0, text="完成")
                    status.update(label="索引已更新", state="complete")
                for path in saved:
                    doc_id = path.relative_to(CORPUS).as_posix()
                    doc = new_index.documents.get(doc_id)
                    skipped = [s.reason for s in new_index.skipped if s.doc_id == doc_id]
                    if doc is not None:
                        m = doc.meta
                        st.success(
                            f"已加入：{path.name}（{m.region or '地区未识别'} · {m.year or '年份未识别'} · "
                            f"{m.doc_type}）"
                        )
                        for w in doc.warnings:
                            st.warning(f"{path.name}: {w}")
                    for r in skipped:
                        st.error(r)

    st.subheader("导出")
    turns = [(m["answer"], m.get("feedback", {})) for m in state.messages if m["role"] == "assistant"]
    st.download_button("导出为 Markdown", export.to_markdown(turns), "对话记录.md", "text/markdown", disabled=not turns)
    st.download_button(
        "导出为 Excel",
        export.to_xlsx(turns) if turns else b"",
        "对话记录.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        disabled=not turns,
    )
    if st.button("清空对话", disabled=not state.messages):
        state.messages, state.history = [], []
        st.rerun()

# ------------------------------------------------------------------ tabs

tab_chat, tab_compare, tab_search, tab_eval = st.tabs(["问答", "对比", "检索测试", "评测"])

with tab_chat:
    if not state.messages:
        st.markdown("可以这样问：" + " ／ ".join(f"`{q}`" for q in EXAMPLES))
    for i, msg in enumerate(state.messages):
        with st.chat_message(msg["role"]):
            if msg["role"] == "user":
                st.markdown(html.escape(msg["content"]))
            else:
                render_answer(msg, pipe, i)
    question = st.chat_input(
        "请输入问题，例如：元氏县办理了多少件行政复议案件？", max_chars=SETTINGS.max_question_chars
    )
    if question is not None and question.strip():
        try:
            with st.spinner("检索中…"):
                answer = pipe.ask(question, k=k, filters=filters, history=state.history)
        except QuestionError as e:
            st.warning(f"无法提问：{e}")
        else:
            state.messages.append({"role": "user", "content": question.strip()})
            state.messages.append({"role": "assistant", "answer": answer, "feedback": {}})
            state.history.append({"question": answer.rewritten_question or question, "answer": answer.answer})
            st.rerun()

with tab_compare:
    st.markdown("一问看各地做法：每份报告一行，摘自原文。")
    with st.form("compare"):
        topic = st.text_input("对比的问题", "其他县是怎么做行政复议改革的?", key="compare_q")
        go = st.form_submit_button("对比各地")
    if go and topic.strip():
        state.compare_answer = pipe.ask(topic, k=k, filters=filters)
    if state.get("compare_answer") is not None:
        a = state.compare_answer
        rows = []
        if a.answer_type == "list":
            cites = {c.n: c.chunk for c in a.citations}
            for p in a.pieces:
                ch = cites[p.citation]
                rows.append(
                    [
                        ch.region or "未知",
                        ch.year or "",
                        ch.doc_type,
                        p.text,
                        f"{ch.title or ch.doc_id} › {' › '.join(ch.section)}",
                    ]
                )
        header = ["地区", "年份", "类型", "报告原文", "出处"]
        table = pd.DataFrame(rows, columns=header)
        mentioned = len({r[0] for r in rows})
        c1, c2 = st.columns([1, 3])
        c1.metric("提到该主题的报告", f"{mentioned} / {len(docs)}")
        if rows:
            c2.bar_chart(table.groupby("地区").size().rename("段落数"), height=160)
            st.dataframe(table, width="stretch", hide_index=True)
            st.download_button("导出 CSV", table.to_csv(index=False).encode("utf-8-sig"), "对比.csv", "text/csv")
            st.download_button(
                "导出 Excel",
                export.table_to_xlsx(header, rows),
                "对比.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                key="cmp-xlsx",
            )
        else:
            st.info("没有报告提到这一主题。" + (a.note or ""))

with tab_search:
    st.markdown("查看检索到的原始段落，以及每个段落在关键词检索（BM25）和语义检索中的名次。")
    q = st.text_input("检索词", "行政复议", key="search_q")
    if q.strip():
        res = pipe.search(q, k=max(k, 10), filters=filters)
        if not res.hits:
            st.info("没有检索到段落（问题中可能只有疑问词）。")
        else:
            st.caption(
                f"检索词：{' / '.join(res.tokens)}"
                + (f" · 优先检索：{', '.join(res.routed_to)}" if res.routed_to else "")
            )
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "名次": h.rank,
                            "地区": h.chunk.region,
                            "年份": h.chunk.year,
                            "章节": " › ".join(h.chunk.section),
                            "融合分": round(h.score, 4),
                            "BM25名次": h.bm25_rank,
                            "BM25分": None if h.bm25_score is None else round(h.bm25_score, 3),
                            "语义名次": h.dense_rank,
                            "语义分": None if h.dense_score is None else round(h.dense_score, 3),
                            "段落": h.chunk.text,
                        }
                        for h in res.hits
                    ]
                ),
                width="stretch",
                hide_index=True,
            )

# Question set → the folder its report is written to (README "Question sets").
EVAL_SETS = {
    "开发集 questions.jsonl（开发时编写）": ("questions.jsonl", "."),
    "留出集 heldout.jsonl（只读报告、未见系统而编写）": ("heldout.jsonl", "heldout"),
    "留出集 heldout2.jsonl（同上，最后一次评测前未用过）": ("heldout2.jsonl", "heldout2"),
}

with tab_eval:
    st.markdown("评测问题集的检索与答案指标（`qa eval` 生成）。")
    chosen = st.selectbox("问题集", list(EVAL_SETS), key="eval_set")
    questions_file, folder = EVAL_SETS[chosen]
    out = (PROJECT_ROOT / "eval" / folder).resolve()
    report = out / "report.md"
    if st.button("运行评测（约一两分钟）"):
        from qa.evaluation import evaluate as evaluation

        with st.spinner("评测中…"):
            evaluation.run(pipe, PROJECT_ROOT / "eval" / questions_file, out)
    if report.exists():
        text = report.read_text(encoding="utf-8")
        for block in text.split("\n\n"):
            if block.startswith("![") and "](" in block:
                img = out / block.split("](", 1)[1].rstrip(")")
                if img.exists():
                    st.image(str(img))
                    continue
            st.markdown(block)
    else:
        st.info("还没有评测报告。")
