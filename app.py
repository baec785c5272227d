"""法治报告问答 — the chat app. Layout and session state only; every decision is made in qa/."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from qa.ingest import upload
from qa.interface import display, export, feedback
from qa.pipeline import Pipeline
from qa.retrieval.question import QuestionError, clean
from qa.retrieval.retriever import Filters
from qa.settings import PROJECT_ROOT, Settings, eval_runs_dir, models_dir, published_eval_dir

CORPUS = Path(os.environ.get("QA_CORPUS", PROJECT_ROOT / "corpus"))
INDEX = Path(os.environ.get("QA_INDEX", PROJECT_ROOT / "index"))
FEEDBACK_LOG = Path(os.environ.get("QA_FEEDBACK_LOG", PROJECT_ROOT / "feedback" / "feedback.jsonl"))
SETTINGS = Settings(corpus_dir=CORPUS, index_dir=INDEX)
MODELS = models_dir()
EXAMPLES = ["元氏县办理了多少件行政复议案件?", "怀化是怎么推进府院联动的?", "哪些地方提到了行政机关负责人出庭应诉?"]

st.set_page_config(page_title="法治报告问答", page_icon="⚖️", layout="wide")
st.markdown(
    "<style>mark{background:#ffe58f;padding:0 2px;border-radius:2px}"
    ".src{font-size:0.92rem;line-height:1.7}.meta{color:#666;font-size:0.85rem}</style>",
    unsafe_allow_html=True,
)


@st.cache_resource(show_spinner=False)
def get_pipeline(reader_model: str | None) -> Pipeline:
    # Shared by every session: Pipeline, Retriever and readers are thread-safe.
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
        st.error(f"无法加载：{md(e)}")
        return None


# ------------------------------------------------------------------ state

state = st.session_state
state.setdefault("messages", [])  # {"role", "content"|"answer", "feedback"}
state.setdefault("history", [])  # [{"question", "answer"}] for follow-up questions


md = display.md_text  # every text from a report, a file name or a user, shown as typed


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
    doc = pipe.retriever.index.documents.get(doc_id)
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


def render_answer(msg: dict, pipe, i: int) -> None:
    a = msg["answer"]
    if a.answer is None:
        st.markdown(f"**未在报告中找到答案。** {md(a.note or '')}")
        if a.hits:
            with st.expander("相关内容", expanded=True):
                for h in a.hits[:3]:
                    st.markdown(
                        f"<div class='meta'>{display.html_text(doc_label(h.chunk))} · "
                        f"{display.html_text(' › '.join(h.chunk.section))}</div>"
                        f"<div class='src'>{display.highlight(h.chunk.text, [])}</div>",
                        unsafe_allow_html=True,
                    )
    else:
        if a.rewritten_question:
            st.caption(f"理解为：{md(a.rewritten_question)}")
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


def metadata_editor(pipe: Pipeline) -> None:
    """Correct a report's region, year, type or title; stored beside the corpus, kept by re-indexing."""
    from qa.ingest import overrides

    docs = sorted(pipe.retriever.index.documents.values(), key=lambda d: d.doc_id)
    if not docs:
        return
    with st.expander("更正元数据"):
        labels = {f"{display.shown_title(d.meta.title)}（{d.doc_id}）": d for d in docs}
        doc = labels[st.selectbox("报告", list(labels), key="meta_doc")]
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
                    pipe.retriever.refresh()
                st.success("已保存，重建索引时保留。" if changed else "没有改动。")
        if undo.button("撤销更正", key="meta_undo"):
            if overrides.unset(CORPUS, doc.doc_id):
                with st.spinner("正在更新索引…"):
                    pipe.retriever.refresh()
                st.success("已恢复自动识别的元数据。")


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
    docs = list(pipe.retriever.index.documents.values())
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
    st.caption(f"{len(docs)} 份报告 · {len(pipe.retriever.index.chunks)} 个段落")
    st.dataframe(cover, hide_index=True, width="stretch", height=min(300, 38 + 35 * len(cover)))
    metadata_editor(pipe)

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
                    st.error(md(e))
            if saved:
                with st.status("正在更新索引…", expanded=True) as status:
                    bar = st.progress(0.0, text="读取与切分")

                    def show(p) -> None:  # after each embedded batch: passages/s and time left
                        bar.progress(min(p.done / max(p.total, 1), 1.0), text=f"向量化 {p.describe()}")

                    new_index = pipe.retriever.refresh(on_progress=show)
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
                st.markdown(md(msg["content"]))
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
            st.warning(f"无法提问：{md(e)}")
        else:
            state.messages.append({"role": "user", "content": question.strip()})
            state.messages.append({"role": "assistant", "answer": answer, "feedback": {}})
            state.history.append({"question": answer.rewritten_question or question, "answer": answer.answer})
            st.rerun()


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
    province = {it.doc_id: comparing.province_of(reports[it.doc_id]) or "未识别" for it in items}
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

with tab_search:
    st.markdown("查看检索到的原始段落，以及每个段落在关键词检索（BM25）和语义检索中的名次。")
    q = st.text_input("检索词", "行政复议", key="search_q")
    if q.strip():
        res = pipe.search(q, k=max(k, 10), filters=filters)
        if not res.hits:
            st.info("没有检索到段落（问题中可能只有疑问词）。")
        else:
            st.caption(
                f"检索词：{md(' / '.join(res.tokens))}"
                + (f" · 优先检索：{md(', '.join(res.routed_to))}" if res.routed_to else "")
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
    questions_path = PROJECT_ROOT / "eval" / questions_file
    # A run from here goes to the git-ignored runs folder; the committed report is only read.
    run_dir = eval_runs_dir() / questions_path.stem
    if st.button("运行评测（约一两分钟）"):
        from qa.evaluation import evaluate as evaluation

        with st.spinner("评测中…"):
            evaluation.run(pipe, questions_path, run_dir)
    out = run_dir if (run_dir / "report.md").exists() else published_eval_dir(questions_path)
    report = out / "report.md"
    if report.exists():
        st.caption(md(f"{'本机最近一次运行' if out == run_dir else '已发布的报告'}：{out}"))
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
