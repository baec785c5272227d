"""qa eval: metric definitions, evidence location, the written report, BEIR import, the quality floor."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from qa.document import Chunk
from qa.evaluation import evaluate as evaluation

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "eval" / "questions.jsonl"


def test_char_f1_by_definition():
    assert evaluation.char_f1("行政复议", "行政复议") == 1.0
    assert evaluation.char_f1("行政复议", "法律顾问") == 0.0
    # pred 4 chars, gold 2 chars, 2 in common: P = 0.5, R = 1 → F1 = 2/3
    assert evaluation.char_f1("行政复议", "复议") == pytest.approx(2 / 3)
    assert evaluation.char_f1("", "复议") == 0.0


def test_markers_are_stripped():
    assert evaluation.strip_marks("36件[1]\n16件[2]") == "36件\n16件"


def test_relevance_is_overlap_with_evidence():
    c = Chunk("d#10-20", "d", 10, 20, "x" * 10)
    assert evaluation.relevant(c, [("d", 15, 40)])
    assert evaluation.relevant(c, [("d", 0, 11)])
    assert not evaluation.relevant(c, [("d", 20, 30)])
    assert not evaluation.relevant(c, [("e", 10, 20)])


@pytest.mark.e2e
@pytest.mark.slow
def test_ranx_hit_rate_matches_the_definition():
    from ranx import Qrels, Run, evaluate

    qrels = Qrels({"a": {"x": 1}, "b": {"y": 1}, "c": {"z": 1}})
    run = Run({"a": {"x": 1.0, "p": 0.5}, "b": {"p": 1.0, "y": 0.5}, "c": {"p": 1.0, "q": 0.5}})
    got = evaluate(qrels, run, ["hit_rate@1", "hit_rate@2", "mrr@10"])
    assert got["hit_rate@1"] == pytest.approx(1 / 3)
    assert got["hit_rate@2"] == pytest.approx(2 / 3)
    assert got["mrr@10"] == pytest.approx((1 + 0.5 + 0) / 3)


def test_ranx_scores_are_checked_against_the_ranks(caplog):
    # each question's rank of its first relevant passage says hit_rate@k and MRR as ranx does
    firsts = [1, 3, None, 1, 12]
    assert evaluation._from_ranks(firsts) == pytest.approx(
        {"hit_rate@1": 2 / 5, "hit_rate@5": 3 / 5, "hit_rate@10": 3 / 5, "mrr@10": (1 + 1 / 3 + 1) / 5}
    )
    right = {**evaluation._from_ranks(firsts), "recall@5": 0.5, "recall@10": 0.6, "ndcg@10": 0.7}
    assert evaluation._checked(lambda: right, firsts, "hybrid") == right
    # scores that disagree with the ranks twice: the ranks' values stand, the rest are left out, and it is said
    wrong = {**right, "hit_rate@1": 0.144}
    with caplog.at_level("WARNING"):
        got = evaluation._checked(lambda: wrong, firsts, "hybrid")
    assert got["hit_rate@1"] == pytest.approx(2 / 5) and got["ndcg@10"] is None and "hybrid" in caplog.text
    # disagreeing once, agreeing when asked again: the second answer
    answers = iter([wrong, right])
    assert evaluation._checked(lambda: next(answers), firsts, "bm25") == right


@pytest.fixture(scope="module")
def report(pipeline, tmp_path_factory):
    out = tmp_path_factory.mktemp("eval")
    calls = []
    results = evaluation.run(pipeline, QUESTIONS, out, progress=lambda *a: calls.append(a))
    results["_progress"] = calls
    return out, results


def test_every_evidence_is_located(pipeline):
    qs = evaluation.load_questions(QUESTIONS)
    evaluation.locate(qs, pipeline.retriever.index.documents)
    for q in qs:
        assert len(q.spans) == len(q.evidence), q.id


def test_report_json_and_plots_are_written(report):
    out, results = report
    text = (out / "report.md").read_text(encoding="utf-8")
    for heading in ("# 评测报告", "## 检索", "## 答案", "## 逐题结果（得分由低到高）"):
        assert heading in text
    for png in ("recall_at_k.png", "latency.png", "answers_by_type.png"):
        assert (out / png).stat().st_size > 1000
        assert f"]({png})" in text
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert len(data["per_question"]) == results["n_questions"] >= 100
    assert (out / "out" / "qrels.trec").exists() and (out / "out" / "run.hybrid.trec").exists()
    scores = [r["score"] for r in data["per_question"]]
    first = text.index("## 逐题结果")
    import re

    assert len(re.findall(r"^\| q\d+ \|", text[first:], flags=re.M)) == len(scores)
    assert results["answers"]["verbatim_violations"] == 0


def test_report_header_names_the_corpus_and_relative_paths_and_progress_is_by_question(report):
    out, results = report
    head = (out / "report.md").read_text(encoding="utf-8").splitlines()[2]
    # no corpus given: the pipeline's own corpus is named, relative, with its report count
    assert "None" not in head and str(ROOT) not in head
    assert "问题集：`eval/questions.jsonl`" in head and "语料：`corpus`（5 份报告）" in head
    calls = results["_progress"]
    answering = [c for c in calls if c[0].startswith("回答 ")]
    assert len(answering) == results["n_questions"] and answering[-1][1:] == (
        results["n_questions"] - 1,
        results["n_questions"],
    )
    assert any(c[0].startswith("检索（hybrid）") for c in calls) and calls[-1][0] == "完成"


def test_comparative_answers_are_scored_on_recall_and_precision_of_reports(report):
    out, results = report
    rows = [
        r
        for r in json.loads((out / "results.json").read_text(encoding="utf-8"))["per_question"]
        if r["type"] == "comparative"
    ]
    answered = [r for r in rows if r.get("report_precision") is not None]
    assert answered
    for r in answered:
        cited = set(re.findall(r"\[(\d+)\]", r["answer"]))
        assert 0 < r["report_precision"] <= 1 and cited
    mean = sum(r["report_precision"] for r in answered) / len(answered)
    assert results["answers"]["comparative_report_precision"] == pytest.approx(mean, abs=1e-4)


def test_quality_floor(report):
    """Fails when quality drops below the committed baseline (raise it on purpose when it improves)."""
    _, results = report
    base = json.loads((ROOT / "eval" / "baseline.json").read_text(encoding="utf-8"))
    tol = base["tolerance"]
    r, a = results["retrieval"]["hybrid"], results["answers"]
    assert r["hit_rate@5"] >= base["hybrid_recall@5"] - tol
    assert r["hit_rate@1"] >= base["hybrid_recall@1"] - tol
    assert a["factoid_answer_rate"] >= base["factoid_answer_rate"] - tol
    assert a["no_answer_recall"] >= base["no_answer_recall"] - tol
    assert a["answered_rate"] >= base["answered_rate"] - tol


@pytest.mark.parametrize("name", ["heldout", "heldout2"])
def test_hybrid_beats_both_parts_on_the_heldout_questions(pipeline, tmp_path, name):
    """The held-out sets were written from the reports alone, after the retrieval method was built."""
    qs = evaluation.load_questions(ROOT / "eval" / f"{name}.jsonl")
    evaluation.locate(qs, pipeline.retriever.index.documents)
    r, _ = evaluation.retrieval(pipeline, qs, tmp_path)
    hybrid, bm25, dense = r["hybrid"], r["bm25"], r["dense"]
    for metric in ("hit_rate@1", "hit_rate@5", "mrr@10"):
        assert hybrid[metric] >= max(bm25[metric], dense[metric]), metric
    assert hybrid["mrr@10"] > max(bm25["mrr@10"], dense["mrr@10"])


@pytest.mark.e2e
@pytest.mark.slow
def test_beir_import(tmp_path, corpus_dir):
    folder = tmp_path / "beir"
    (folder / "qrels").mkdir(parents=True)
    paras = [
        ln for p in sorted(corpus_dir.iterdir()) for ln in p.read_text(encoding="utf-8").split("\n") if len(ln) > 80
    ][:40]
    with (folder / "corpus.jsonl").open("w", encoding="utf-8") as f:
        for i, text in enumerate(paras):
            f.write(json.dumps({"_id": f"d{i}", "title": "", "text": text}, ensure_ascii=False) + "\n")
    picks = [0, 7, 15, 22, 31]
    with (folder / "queries.jsonl").open("w", encoding="utf-8") as f:
        for i in picks:
            f.write(json.dumps({"_id": f"q{i}", "text": paras[i][10:40]}, ensure_ascii=False) + "\n")
    (folder / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\n" + "".join(f"q{i}\td{i}\t1\n" for i in picks), encoding="utf-8"
    )
    results = evaluation.beir(folder)
    assert results["bm25"]["hit_rate@5"] >= 0.8
    assert set(results) == {"bm25", "dense", "hybrid"}


def test_cli_eval_rejects_a_missing_question_file(tmp_path):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "qa.interface.cli",
            "eval",
            "--questions",
            str(tmp_path / "none.jsonl"),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 2
    assert "question file not found" in out.stderr and "Traceback" not in out.stderr


def test_a_factoid_is_scored_without_white_space(pipeline):
    # an OCR copy's "18 6.4万元": the reader's text has the figure whole (the ingest joins it); the gold keeps the space
    rows = [
        evaluation.Question("o1", "元氏县办理了多少件行政复议案件?", "factoid", ["x"], ["3 6件"], []),
        evaluation.Question("o2", "元氏县办理了多少件行政复议案件?", "factoid", ["x"], ["37件"], []),
    ]
    _, scored, _ = evaluation.answers(pipeline, rows)
    assert [r["score"] for r in scored] == [1.0, 0.0] and scored[0]["answer"].startswith("36件")
