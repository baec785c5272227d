"""A PDF work plan's task table is read row by row (qa/ingest/task_tables.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from qa.ingest.loading import load
from qa.ingest.task_tables import has_task_table

FIXTURE = Path(__file__).parent / "fixtures" / "pdf" / "huzhu_2024_tasks.pdf"
SOURCE = "004_6785f9f2da4cfcb2.txt"
_TASK = re.compile(r"^(\d+)\.(.*)\(牵头单位:(.*?),配合单位:(.*)\)$")


def _tasks(corpus_dir) -> list[tuple[str, ...]]:
    lines = (corpus_dir / SOURCE).read_text(encoding="utf-8").splitlines()
    return [m.groups() for line in lines if (m := _TASK.match(line.strip()))]


def _plain(text: str) -> str:
    return re.sub(r"\s", "", text)


def test_each_task_is_one_line_with_its_offices(corpus_dir):
    # 004's tasks laid out as a ruled table over pages (tests/fixtures/pdf/make_tasks.py): pypdf reads each cell
    # apart, so a task's offices would open the next task's text; each row is now the task with its offices
    tasks = _tasks(corpus_dir)
    assert len(tasks) >= 20
    lines = [_plain(line) for line in load(FIXTURE).text.splitlines()]
    for number, task, lead, partner in tasks:
        want = _plain(f"{number}.{task[:-1]}（牵头单位：{lead}，配合单位：{partner}）{task[-1]}")
        assert want in lines, number
    # the parts' titles are lines of their own, in order, before their tasks
    parts = [line for line in lines if re.match(r"^[一二三四五六七八九十]+、", line)]
    assert len(parts) >= 5 and parts[0].startswith("一、进一步加强党的领导")


def test_a_column_no_role_names_is_read_with_the_task():
    from qa.ingest.task_tables import grid_lines, roles_of

    header = ["序号", "工作任务", "具体举措", "牵头单位", "备注"]
    roles = roles_of(header)
    assert roles["task"] == (1, 2, 4) and roles["lead"] == 3
    row = ["1", "深化府院联动", "召开联席会议不少于2次。", "市司法局", "新增"]
    assert grid_lines([header, row]) == ["1. 深化府院联动：召开联席会议不少于2次。新增（牵头单位：市司法局）。"]


def test_a_page_without_the_columns_is_not_a_task_table():
    assert has_task_table("序号 工作任务 牵头单位 配合单位 完成时限")
    assert not has_task_table("全年审结行政复议案件56件。牵头单位作出说明。")
    # a plan written as text with its duties in brackets is read as pypdf reads it (no table to find)


@pytest.fixture(scope="module")
def tasks_pipeline(tmp_path_factory):
    from qa.pipeline import Pipeline

    folder = tmp_path_factory.mktemp("tasks")
    shutil.copy(FIXTURE, folder / "互助县2024年法治政府建设工作要点.pdf")
    return Pipeline.open(folder, tmp_path_factory.mktemp("tasks-index"), mode="bm25", show_progress=False)


@pytest.mark.parametrize(
    "question, office",
    [
        ("互助县加强立法联系点建设由哪个单位牵头？", "县司法局"),
        ("互助县及时调整完善权责清单的牵头单位是谁？", "县审改办"),
    ],
)
def test_a_tasks_lead_office_is_answered_from_the_table(tasks_pipeline, question, office):
    answer = tasks_pipeline.ask(question)
    assert answer.answer is not None and office in answer.answer


def test_a_word_task_table_reads_as_the_pdf_one(tmp_path, corpus_dir):
    # 004's tasks in a Word table: the parts' rows merged across the columns, the 配合单位 cells of a part merged down
    # the column where they are the same (Word writes them once); each task is one line with its offices
    import docx

    lines = [line.strip() for line in (corpus_dir / SOURCE).read_text(encoding="utf-8").splitlines() if line.strip()]
    d = docx.Document()
    d.add_paragraph("互助县2024年法治政府建设工作要点")
    table = d.add_table(rows=1, cols=4)
    for cell, name in zip(table.rows[0].cells, ("序号", "工作任务", "牵头单位", "配合单位")):
        cell.text = name
    tasks, run = _tasks(corpus_dir), []
    for line in lines:
        if re.match(r"^[一二三四五六七八九十]+、", line) and len(line) < 60:
            row = table.add_row().cells
            row[0].merge(row[3]).text = line
            run = []
        elif m := _TASK.match(line):
            row = table.add_row().cells
            for cell, value in zip(row, m.groups()):
                cell.text = value
            if run and run[-1].text == m.group(4):
                run[-1].merge(row[3]).text = m.group(4)  # merged down: the text is the top cell's
            else:
                run.append(row[3])
    d.save(tmp_path / "plan.docx")
    got = [_plain(line) for line in load(tmp_path / "plan.docx").text.splitlines()]
    for number, task, lead, partner in tasks:
        assert _plain(f"{number}.{task[:-1]}（牵头单位：{lead}，配合单位：{partner}）{task[-1]}") in got, number
    # a table of figures is read row by row as before
    figures = docx.Document()
    grid = figures.add_table(rows=2, cols=3)
    for i, row in enumerate([["项目", "2023年", "2024年"], ["行政复议", "114件", "128件"]]):
        for j, value in enumerate(row):
            grid.cell(i, j).text = value
    figures.save(tmp_path / "figures.docx")
    assert load(tmp_path / "figures.docx").text.splitlines() == ["项目\t2023年\t2024年", "行政复议\t114件\t128件"]
