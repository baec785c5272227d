"""Hard-wrapped report text (PDF extraction, copied PDF pages) joined back into paragraphs.

The wrapped texts are made here from real reports, the way PDF text looks: every line broken at one width (inside
words and numbers), a page number between blank lines every 38 lines, in the middle of a sentence.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa.ingest.corpus import read_and_chunk
from qa.ingest.loading import load
from qa.ingest.unwrap import PAGE_NUMBER, unwrap, width

ROOT = Path(__file__).resolve().parent.parent
REPORTS = sorted(
    p
    for folder in (ROOT / "corpus", ROOT / "eval/unseen/corpus1", ROOT / "eval/unseen/corpus2")
    for p in folder.iterdir()
    if p.suffix == ".txt"
)


def wrapped(text: str, w: int = 36, per_page: int = 38) -> str:
    out, n, page = [], 0, 1
    for para in text.splitlines():
        para = para.rstrip()
        if not para:
            out.append("")
            continue
        for i in range(0, len(para), w):
            out.append(para[i : i + w])
            n += 1
            if n % per_page == 0:
                out += ["", f"— {page} —", ""]
                page += 1
    return "\n".join(out) + "\n"


def _squeezed(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_a_report_as_it_is_is_left_unchanged(path):
    text = load(path).text
    assert width(text.split("\n")) is None
    assert unwrap(text) == text


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
@pytest.mark.parametrize("w", [30, 36, 41])
def test_a_wrapped_report_gets_its_paragraphs_back(path, w):
    original = path.read_text(encoding="utf-8")
    text = wrapped(original, w)
    assert width(text.split("\n")) == w
    joined = unwrap(text)
    assert not any(PAGE_NUMBER.match(line) for line in joined.split("\n"))
    # Nothing lost or added but line breaks and the page numbers.
    assert _squeezed(joined) == _squeezed(re.sub(r"(?m)^— \d+ —$", "", text))
    # Every paragraph is one line again, unless it ended exactly at the width (then the next one is joined to it).
    lines = joined.split("\n")
    paragraphs = [p.rstrip() for p in original.splitlines() if len(p.strip()) > w]
    whole = [p for p in paragraphs if any(p in line for line in lines)]
    assert len(whole) >= 0.9 * len(paragraphs)


def test_indented_paragraphs_come_back_line_for_line():
    original = ("　　全年办理行政复议案件326件，其中纠错41件。" * 6 + "\n") * 30
    text = wrapped(original, 36)
    assert text.count("41件") < original.count("41件")  # figures broken at the line end ("纠错4\\n1件")
    assert unwrap(text) == original


def test_a_page_number_in_a_sentence_and_a_figure_on_its_own_line():
    full = "二" * 36
    lines = [full] * 25 + ["举办领导干部法治专题讲座3期" + "三" * 22, "", "— 1 —", "", "，参训人员820人次。"]
    lines += ["浏览次数：" + "四" * 30 + "1", "378", "", "第 2 页 共 13 页", "", "末"]
    joined = unwrap("\n".join(lines))
    assert "讲座3期" + "三" * 22 + "，参训人员820人次。" in joined
    assert "1378" in joined  # a figure's end after a full line is no page number
    assert "第 2 页" not in joined and "— 1 —" not in joined


def test_a_wrapped_report_is_chunked_as_the_original(tmp_path):
    path = ROOT / "corpus" / "000_526b283554a85fd0.txt"
    (tmp_path / "plain").mkdir()
    (tmp_path / "pdf").mkdir()
    (tmp_path / "plain" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "pdf" / path.name).write_text(wrapped(path.read_text(encoding="utf-8")), encoding="utf-8")
    doc_a, chunks_a = read_and_chunk(tmp_path / "plain" / path.name, tmp_path / "plain")
    doc_b, chunks_b = read_and_chunk(tmp_path / "pdf" / path.name, tmp_path / "pdf")
    assert "lines broken at a fixed width: joined back into paragraphs" in doc_b.warnings
    assert (doc_b.meta.region, doc_b.meta.year, doc_b.meta.doc_type) == (
        doc_a.meta.region,
        doc_a.meta.year,
        doc_a.meta.doc_type,
    )
    same = {_squeezed(c.text) for c in chunks_a} & {_squeezed(c.text) for c in chunks_b}
    assert len(same) >= 0.9 * len(chunks_a)
