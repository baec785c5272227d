"""Export of a conversation or an example set (question, answer, citations, feedback) to Markdown and Excel.

A turn is ``(Answer, meta)``; ``meta`` may carry ``vote``/``comment`` (feedback), ``time`` (when it was
asked) and ``filters`` (``{"regions": [...], "years": [...], "doc_types": [...]}``) so that a trainer's
export says under which conditions each answer was given.
"""

from __future__ import annotations

import io
from typing import Any

from qa.document import Answer
from qa.interface.display import shown_title

# answer_type as people read it (JSON keeps the machine names).
ANSWER_TYPES = {"span": "短答", "sentence": "句子", "list": "各地列表", "none": "未找到"}

COLUMNS = [
    "#",
    "问题",
    "理解为",
    "答案",
    "答案类型",
    "置信度",
    "时间",
    "筛选",
    "引用",
    "条目",
    "地区",
    "年份",
    "类型",
    "报告",
    "章节",
    "原文段落",
    "反馈",
    "备注",
]


def answer_type_zh(kind: str) -> str:
    return ANSWER_TYPES.get(kind, kind)


def describe_filters(filters: dict[str, Any] | None) -> str:
    """``地区：怀化市；年份：2021`` or ``无`` — the sidebar filters an answer was given under."""
    f = filters or {}
    parts = [
        f"{name}：{'、'.join(str(v) for v in f.get(key) or [])}"
        for key, name in (("regions", "地区"), ("years", "年份"), ("doc_types", "类型"))
        if f.get(key)
    ]
    return "；".join(parts) or "无"


def _labels(a: Answer) -> dict[int, str]:
    """For list answers: the region label of the items each citation backs."""
    out: dict[int, list[str]] = {}
    for p in a.pieces:
        if p.label and p.label not in out.setdefault(p.citation, []):
            out[p.citation].append(p.label)
    return {n: "、".join(v) for n, v in out.items()}


def _rows(turns: list[tuple[Answer, dict[str, Any]]]) -> list[list[Any]]:
    rows = []
    for i, (a, fb) in enumerate(turns, start=1):
        vote = {"up": "👍", "down": "👎"}.get(fb.get("vote"), "")
        comment = fb.get("comment", "")
        head = [
            i,
            a.question,
            a.rewritten_question or "",
            a.answer or "未找到答案",
            answer_type_zh(a.answer_type),
            round(a.confidence, 3),
            fb.get("time", ""),
            describe_filters(fb.get("filters")),
        ]
        if not a.citations:
            rows.append(head + ["", "", "", "", "", "", "", "", vote, a.note or comment])
            continue
        labels = _labels(a)
        for c in a.citations:
            ch = c.chunk
            rows.append(
                head
                + [
                    f"[{c.n}]",
                    labels.get(c.n, ""),
                    ch.region or "",
                    ch.year or "",
                    ch.doc_type,
                    shown_title(ch.title),
                    " › ".join(ch.section),
                    ch.text,
                    vote,
                    comment,
                ]
            )
    return rows


def to_markdown(turns: list[tuple[Answer, dict[str, Any]]], title: str = "法治报告问答 — 对话记录") -> str:
    out = [f"# {title}", ""]
    for i, (a, fb) in enumerate(turns, start=1):
        out += [f"## {i}. {a.question}", ""]
        if a.rewritten_question:
            out += [f"理解为：{a.rewritten_question}", ""]
        facts = [f"答案类型：{answer_type_zh(a.answer_type)}", f"筛选：{describe_filters(fb.get('filters'))}"]
        if fb.get("time"):
            facts.insert(0, f"时间：{fb['time']}")
        out += [" · ".join(facts), ""]
        if a.answer is None:
            out += [f"**未找到答案。** {a.note or ''}".rstrip(), ""]
        elif a.answer_type == "list" and a.pieces:
            out += ["**答案：**", ""]
            out += [f"- **{p.label or '（未标注地区）'}**：{p.text} [{p.citation}]" for p in a.pieces]
            out.append("")
        else:
            out += ["**答案：**", ""] + [f"> {line}" for line in a.answer.split("\n")] + [""]
        if a.citations:
            out += ["**出处：**", ""]
        for c in a.citations:
            ch = c.chunk
            where = " › ".join(ch.section) or "（无标题）"
            out += [
                f"- [{c.n}] {ch.region or '未知地区'} · {ch.year or '年份不详'} · {ch.doc_type} · "
                f"{shown_title(ch.title)} · {where}",
                f"  > {ch.text}",
            ]
        vote = {"up": "👍 有用", "down": "👎 没用"}.get(fb.get("vote"))
        if vote or fb.get("comment"):
            out += ["", f"反馈：{vote or ''} {fb.get('comment', '')}".rstrip()]
        out.append("")
    return "\n".join(out)


def to_xlsx(turns: list[tuple[Answer, dict[str, Any]]], sheet: str = "问答") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append(COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in _rows(turns):
        ws.append(row)
    widths = {"问题": 30, "理解为": 30, "答案": 40, "筛选": 20, "报告": 30, "章节": 30, "原文段落": 80}
    for name, w in widths.items():
        ws.column_dimensions[get_column_letter(COLUMNS.index(name) + 1)].width = w
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def table_to_xlsx(header: list[str], rows: list[list[Any]], sheet: str = "对比") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------ the 对比 table

COMPARISON_COLUMNS = ["地区", "年份", "类型", "做法", "数据", "出处"]


def comparison_rows(items) -> list[list[Any]]:
    """One row per report of a comparison (qa.reading.comparison.ReportItem): what it did, its
    figures, and where it says so. The same columns on screen and in every export."""
    rows = []
    for it in items:
        where = "；".join(
            dict.fromkeys(
                f"{shown_title(it.title)} › {' › '.join(s.chunk.section) or '（无标题）'}" for s in it.sentences
            )
        )
        rows.append(
            [
                it.region or "未知地区",
                it.year or "",
                f"{it.doc_type}（{it.status}）",
                "".join(s.text for s in it.sentences),
                "、".join(dict.fromkeys(it.figures)),
                where,
            ]
        )
    return rows


def comparison_csv(items) -> bytes:
    import csv

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(COMPARISON_COLUMNS)
    w.writerows(comparison_rows(items))
    return buf.getvalue().encode("utf-8-sig")  # Excel opens UTF-8 with a BOM correctly


def comparison_xlsx(items) -> bytes:
    return table_to_xlsx(COMPARISON_COLUMNS, comparison_rows(items))


def comparison_markdown(items) -> str:
    def cell(x: Any) -> str:
        # Report text is text: pipes and line breaks must not break the table.
        return str(x).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(COMPARISON_COLUMNS) + " |", "|" + "---|" * len(COMPARISON_COLUMNS)]
    lines += ["| " + " | ".join(cell(x) for x in r) + " |" for r in comparison_rows(items)]
    return "\n".join(lines) + "\n"
