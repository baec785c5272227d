"""A gazette issue posted as one page: only the rule-of-law report among its documents is read
(qa/ingest/compilation.py)."""

from __future__ import annotations

from html import escape

import pytest

from qa.ingest.compilation import report_part
from qa.text.normalization import normalize

YUANSHI = "000_526b283554a85fd0.txt"
# Two other documents of the issue, each headed by issuer, title and number, with figures of their own.
_WATER = [
    "元氏县人民政府办公室",
    "关于印发元氏县城乡供水保障实施方案的通知",
    "元政办发〔2022〕9号",
    "各乡镇人民政府，县政府有关部门：",
    "全县安排供水管网改造专项资金3200万元，农村自来水普及率达到98%以上。",
    "元氏县人民政府办公室",
    "2022年2月10日",
]
_FIRE = [
    "元氏县人民政府",
    "关于做好2022年春季森林防火工作的通知",
    "元政函〔2022〕4号",
    "各乡镇人民政府：",
    "县财政安排森林防火专项经费860万元，组建专业扑火队伍12支。",
]


def _gazette(report_lines: list[str]) -> str:
    """An issue of 元氏县's gazette as its site posts it: contents, then the documents, "返回目录" after each."""
    contents = [
        "元氏县人民政府公报",
        "2022年第2期",
        "目  录",
        _WATER[1],
        "元氏县人民政府关于2021年度法治政府建设情况报告",
        _FIRE[1],
    ]
    head = ["元氏县人民政府", "关于2021年度法治政府建设情况的报告", "元政报〔2022〕3号"]
    documents = [_WATER, head + report_lines[2:] + ["(此件公开发布)"], _FIRE]
    lines = contents + [line for doc in documents for line in doc + ["返回目录"]]
    return (
        "<html><body>"
        + "".join(f"<p>{escape(line)}</p>" for line in lines)
        + "<p>版权所有：元氏县人民政府</p></body></html>"
    )


@pytest.fixture(scope="module")
def gazette(tmp_path_factory, corpus_dir):
    from qa.pipeline import Pipeline

    folder = tmp_path_factory.mktemp("gazette")
    report = [line for line in (corpus_dir / YUANSHI).read_text(encoding="utf-8").splitlines() if line.strip()]
    (folder / "ysgb202202.html").write_text(_gazette(report), encoding="utf-8")
    return Pipeline.open(folder, tmp_path_factory.mktemp("gazette-index"), mode="bm25", show_progress=False), report


def test_only_the_reports_lines_are_chunked(gazette):
    pipeline, report = gazette
    doc = pipeline.document("ysgb202202.html")
    assert doc.meta.title == "元氏县人民政府关于2021年度法治政府建设情况的报告" and doc.meta.year == 2021
    assert any("a compilation of 3 numbered documents" in w for w in doc.warnings)
    chunked = "".join(c.text for c in pipeline.chunks())
    assert "3200万元" not in chunked and "860万元" not in chunked and "返回目录" not in chunked
    assert all(normalize(line)[:20] in chunked for line in report[2:] if len(line) > 40)


def test_a_figure_of_another_document_of_the_issue_answers_nothing(gazette):
    pipeline, _ = gazette
    assert pipeline.ask("元氏县2021年安排了多少万元专项经费？").answer is None
    assert pipeline.ask("元氏县农村自来水普及率要达到多少？").answer is None
    assert pipeline.ask("元氏县组建了多少支专业扑火队伍？").answer is None
    assert "36件" in (pipeline.ask("元氏县2021年办理行政复议案件多少件？").answer or "")


def test_a_report_with_its_own_number_and_a_single_page_are_unchanged():
    one = normalize(
        "元氏县人民政府\n关于2021年度法治政府建设情况的报告\n元政报〔2022〕3号\n全年办理行政复议案件36件。\n"
    )
    body = [(0, len(one.split("\n")[0]))]
    assert report_part(one, body) == (body, 0)
    # two numbered documents, neither a report: nothing to choose
    two = normalize("\n".join(_WATER + _FIRE))
    spans = [(0, len(two))]
    assert report_part(two, spans) == (spans, 0)


# --- a compilation of several places' reports (汇编) ------------------------------------------------------------

_COMPILED = ("000_526b283554a85fd0.txt", "001_63d9508044978865.txt", "003_b42d8d81e0a81924.txt")


def _body_lines(corpus_dir, name: str) -> list[str]:
    from qa.ingest.corpus import Source, read_document

    doc = read_document(Source.file(corpus_dir / name, corpus_dir))
    return [line.strip() for a, b in doc.body for line in doc.text[a:b].splitlines() if line.strip()]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory, corpus_dir):
    """Three places' reports in one file, as a city's 汇编 sets them: a cover, a 目录, each report under its title."""
    from qa.pipeline import Pipeline

    reports = [_body_lines(corpus_dir, name) for name in _COMPILED]
    reports[0] = ["".join(reports[0][:2])] + reports[0][2:]  # 元氏县's two title lines as one
    lines = ["2023年度各地法治政府建设情况报告汇编", "目  录"] + [f"{r[0]}……{3 * i + 3}" for i, r in enumerate(reports)]
    lines += [line for r in reports for line in r]
    folder = tmp_path_factory.mktemp("compiled")
    (folder / "汇编.txt").write_text("\n".join(lines), encoding="utf-8")
    pipe = Pipeline.open(folder, tmp_path_factory.mktemp("compiled-index"), mode="bm25", show_progress=False)
    return pipe, reports


def test_each_report_of_a_compilation_has_its_own_place_and_year(compiled, corpus_dir):
    from qa.ingest.corpus import Source, read_document

    pipe, reports = compiled
    doc = pipe.document("汇编.txt")
    alone = [read_document(Source.file(corpus_dir / name, corpus_dir)).meta for name in _COMPILED]
    assert [(p.meta.region, p.meta.year, p.meta.doc_type) for p in doc.parts] == [
        (m.region, m.year, m.doc_type) for m in alone
    ]
    for part, report in zip(doc.parts, reports):  # each part from its own title line (not the 目录's) to the next
        assert doc.text[part.start :].startswith(report[0]) and report[-1] in doc.text[part.start : part.end]
    chunks = pipe.chunks_of("汇编.txt")  # read back from the index: the part's metadata on each passage
    for part in doc.parts:
        inside = [c for c in chunks if part.start <= c.start < part.end]
        assert inside and {(c.region, c.year, c.title) for c in inside} == {
            (part.meta.region, part.meta.year, part.meta.title)
        }
    assert {m.region for m in alone} <= pipe.retriever.index.known_regions


def test_a_question_naming_one_place_of_a_compilation_is_answered_from_its_report(compiled):
    pipe, _ = compiled
    answer = pipe.ask("瀍河回族区2018年办理行政复议案件多少起？")
    assert answer.answer is not None and "两起" in answer.answer
    assert {c.chunk.region for c in answer.citations} == {"瀍河回族区"}


def test_a_comparison_over_a_compilation_gives_a_block_per_place(compiled):
    pipe, _ = compiled
    result = pipe.compare("各地是怎么开展行政复议工作的？")
    regions = [it.region for it in result.items]
    assert len(regions) == len(set(regions)) >= 2 and set(regions) <= {"元氏县", "瀍河回族区", "怀化市"}
    for it in result.items:  # each block's sentences are of its own report
        assert all(s.chunk.region == it.region for s in it.sentences)


def test_one_report_and_one_place_s_report_with_its_plan_are_no_compilation(corpus_dir, tmp_path):
    from qa.ingest.corpus import Source, read_document

    report = _body_lines(corpus_dir, "003_b42d8d81e0a81924.txt")
    plan = ["怀化市2024年法治政府建设工作要点"] + [line.replace("2023", "2024") for line in report[1:]]
    (tmp_path / "a.txt").write_text("\n".join(report + plan), encoding="utf-8")
    assert read_document(Source.file(tmp_path / "a.txt", tmp_path)).parts == ()
    for name in _COMPILED:
        assert read_document(Source.file(corpus_dir / name, corpus_dir)).parts == ()
