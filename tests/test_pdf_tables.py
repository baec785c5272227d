"""A PDF page's ruled table of figures read row by row (qa/ingest/pdf_tables.py), on the unseen corpora's PDFs."""

from __future__ import annotations

from pathlib import Path

from qa.ingest.loading import load
from qa.ingest.pdf_tables import has_data_table

UNSEEN = Path(__file__).resolve().parent.parent / "eval" / "unseen"


def test_a_grid_of_figures_is_read_row_by_row():
    # the city's 红头 PDF: pypdf reads its statistics table one cell per line; each row is one line of cells now
    text = load(UNSEEN / "corpus18" / "温政函〔2024〕18号.pdf").text
    assert "项目\t2023年\t2022年\t同比增减" in text
    assert "受理行政复议案件（件）\t4408\t3195\t增长38.0%" in text
    assert "复议诉讼比\t1.9\t1.3\t上升0.6" in text
    assert "（此件公开发布）" in text and "抄送：省司法厅" in text  # the page's text above and below stays


def test_a_table_over_a_page_break_reads_its_header_once():
    text = load(UNSEEN / "corpus18" / "金凤区2023年度法治政府建设情况报告.pdf").text
    assert text.count("序号\t指标名称\t2022年\t2023年\t同比变化\t备注") == 1
    assert "11\t证明事项告知承诺制办件量\t3105件\t4312件\t增长38.9%" in text
    assert "15\t主题普法活动场次\t540场次\t620场次\t增长14.8%" in text


def test_a_letter_spaced_page_keeps_pypdfs_reading():
    # pdfplumber sets the letter-spaced prose apart ("1 4 3 0 人次"): the page keeps its closed-up pypdf text
    text = load(UNSEEN / "corpus17" / "大甘政发〔2024〕6号.pdf").text
    assert "全年窗口接待群众咨询1430人次" in text and "1 4 3 0" not in text


def test_prose_and_a_plans_task_lines_are_no_grid():
    prose = "全年共收到行政复议申请412件，同比增长18.4%；依法受理376件，审结358件。\n" * 20
    assert not has_data_table(prose)
    cells = "项目\n2023年\n2022年\n收到申请（件）\n412\n348\n依法受理（件）\n376\n322\n审结（件）\n358\n306\n"
    assert has_data_table(cells)
