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
