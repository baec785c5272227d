"""Export of a conversation (question, answer, citations, feedback) to Markdown and Excel."""

from __future__ import annotations

import io
from typing import Any

from qa.document import Answer
from qa.interface.display import shown_title

COLUMNS = [
    "#",
    "问题",
    "答案",
    "答案类型",
    "置信度",
    "引用",
    "地区",
    "年份",
    "类型",
    "报告",
    "章节",
    "原文段落",
    "反馈",
    "备注",
]


def _rows(turns: list[tuple[Answer, dict[str, Any]]]) -> list[list[Any]]:
    rows = []
    for i, (a, fb) in enumerate(turns, start=1):
        vote = {"up": "👍", "down": "👎"}.get(fb.get("vote"), "")
        comment = fb.get("comment", "")
        if not a.citations:
            rows.append(
                [
                    i,
                    a.question,
                    a.answer or "未找到答案",
                    a.answer_type,
                    round(a.confidence, 3),
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    vote,
                    a.note or comment,
                ]
            )
            continue
        for c in a.citations:
            ch = c.chunk
            rows.append(
                [
                    i,
                    a.question,
                    a.answer,
                    a.answer_type,
                    round(a.confidence, 3),
                    f"[{c.n}]",
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
        if a.answer is None:
            out += [f"**未找到答案。** {a.note or ''}".rstrip(), ""]
        else:
            out += ["**答案：**", ""] + [f"> {line}" for line in a.answer.split("\n")] + [""]
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


def to_xlsx(turns: list[tuple[Answer, dict[str, Any]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "问答"
    ws.append(COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in _rows(turns):
        ws.append(row)
    widths = {"B": 30, "C": 40, "J": 30, "K": 30, "L": 80}
    for col, w in widths.items():
        ws.column_dimensions[col].width = w
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
