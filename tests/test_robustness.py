"""Bad input, concurrency, index updates under load, no network: nothing crashes, nothing is lost."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.document import Document, DocumentMeta
from qa.ingest import chunking, sections
from qa.retrieval.question import QuestionError
from qa.text.normalization import normalize

ROOT = Path(__file__).resolve().parent.parent

ODD_QUESTIONS = [
    "元氏县\x00办理了\x07多少件行政复议案件?",  # control characters
    "行政复议🤔😀📈 多少件",  # emoji
    "<script>alert('x')</script> 行政复议",  # markup
    "'; DROP TABLE chunks; -- 行政复议",  # SQL-looking
    "How many administrative reconsideration cases did Yuanshi handle?",  # English
    "元氏縣辦理了多少件行政復議案件?",  # traditional characters
    "行政复议" * 200,  # long but within the limit (800 characters)
    "？？？！！！",  # punctuation only
]


@pytest.mark.parametrize("q", ODD_QUESTIONS, ids=range(len(ODD_QUESTIONS)))
def test_odd_questions_get_an_answer_or_none(pipeline, q):
    a = pipeline.ask(q)
    assert a.answer_type in ("span", "sentence", "list", "none")
    assert 0.0 <= a.confidence <= 1.0
    if a.answer is not None:
        cites = {c.n: c.chunk for c in a.citations}
        for p in a.pieces:
            assert p.text in cites[p.citation].text


def test_traditional_question_finds_the_simplified_report(pipeline):
    a = pipeline.ask("元氏縣辦理了多少件行政復議案件?")
    assert a.answer is not None and "36件" in a.answer


@pytest.mark.parametrize("q, message", [("", "empty"), ("  \n\t ", "empty"), ("复" * 10_000, "limit is 1000")])
def test_empty_and_huge_questions_are_refused_with_a_message(pipeline, q, message):
    with pytest.raises(QuestionError, match=message):
        pipeline.ask(q)


def _qa(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "qa.interface.cli", *args], capture_output=True, text=True, timeout=600, env=env
    )


def test_cli_bad_questions(corpus_dir, index_dir):
    common = ["--corpus", str(corpus_dir), "--index", str(index_dir), "--json", "--quiet"]
    out = _qa("ask", "   ", *common)
    assert out.returncode == 2 and "empty" in out.stderr and "Traceback" not in out.stderr
    out = _qa("search", "复" * 10_000, *common)
    assert out.returncode == 2 and "limit" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_cli_batch_keeps_going_past_a_bad_line(corpus_dir, index_dir, tmp_path):
    batch = tmp_path / "b.jsonl"
    batch.write_text(
        "\n".join(
            json.dumps(x, ensure_ascii=False)
            for x in [
                {"id": "a", "question": "元氏县办理了多少件行政复议案件?", "region": "ignored"},
                {"id": "b", "question": ""},
                {"id": "c", "question": "怀化市全年办理了多少件行政复议案件?"},
            ]
        ),
        encoding="utf-8",
    )
    out = _qa("ask", "--batch", str(batch), "--corpus", str(corpus_dir), "--index", str(index_dir), "--json", "--quiet")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert "36件" in rows[0]["answer"] and rows[1]["error"] and "244件" in rows[2]["answer"]


@pytest.mark.parametrize(
    "content, reason",
    [("{not json", "not valid JSON"), ('{"id": 1}', "needs an object"), ("[1, 2]", "needs an object")],
)
def test_cli_bad_batch_lines_get_error_results(corpus_dir, index_dir, tmp_path, content, reason):
    # A bad line is one error result in its place (issue 13): the others are still run.
    batch = tmp_path / "bad.jsonl"
    batch.write_text(content + '\n{"id": "ok", "question": "府院联动"}\n', encoding="utf-8")
    out = _qa(
        "search", "--batch", str(batch), "--corpus", str(corpus_dir), "--index", str(index_dir), "--json", "--quiet"
    )
    assert out.returncode == 0, out.stderr
    bad, ok = [json.loads(line) for line in out.stdout.splitlines()]
    assert reason in bad["error"] and f"{batch}:1" in bad["error"] and bad["line"] == 1 and bad["hits"] == []
    assert ok["id"] == "ok" and ok["hits"]


def test_cli_unreadable_batch_file(corpus_dir, index_dir, tmp_path):
    out = _qa("search", "--batch", str(tmp_path / "nope.jsonl"), "--corpus", str(corpus_dir), "--index", str(index_dir))
    assert out.returncode == 2 and "file not found" in out.stderr and out.stdout == ""


# ------------------------------------------------------------------ parser fuzzing

_pieces = st.sampled_from(
    [
        "一、",
        "(一)",
        "（二）",
        "1.",
        "２．",
        "(3)",
        "①",
        "一是",
        "二是",
        "三是",
        "第一章",
        "\n",
        "\n\n",
        "。",
        "；",
        "，",
        " ",
        "　",
        "行政复议",
        "法律顾问",
        "36件",
        "2021年",
        "abc",
        "<p>",
        "\x00",
        "😀",
        "復議",
        "\t",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_pieces, max_size=120).map("".join), st.integers(min_value=20, max_value=400))
def test_parser_and_chunker_cover_every_body_character_once(text, max_chars):
    norm = normalize(text)
    assert len(norm) == len(text)
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    blocks = sections.parse(text, norm, spans)
    doc = Document("d.txt", text, norm, DocumentMeta(), spans)
    chunks = chunking.chunk_document(doc, blocks, max_chars)
    seen = [0] * len(text)
    for c in chunks:
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.text
        for i in range(c.start, c.end):
            seen[i] += 1
    assert max(seen, default=0) <= 1
    # Every visible character of a block is in a chunk; what no block holds is a heading line.
    for b in blocks:
        for i in range(b.start, b.end):
            if not text[i].isspace():
                assert seen[i] == 1
    in_block = set(i for b in blocks for i in range(b.start, b.end))
    for s, e in spans:
        line = norm[s:e].strip()
        if any(not text[i].isspace() and i not in in_block for i in range(s, e)):
            assert sections.heading_family(line) is not None, line


# ------------------------------------------------------------------ concurrency

QUESTIONS = [
    "元氏县办理了多少件行政复议案件?",
    "府院联动",
    "法律顾问",
    "行政执法三项制度",
    "告知承诺制",
    "出庭应诉率",
    "怀化行政复议",
    "梅河口审批",
    "互助县工作要点",
    "普法",
]


def _key(res):
    return [(h.chunk.chunk_id, round(h.score, 6)) for h in res.hits]


def test_eight_threads_get_the_sequential_results(retriever):
    expected = {q: _key(retriever.search(q, k=5)) for q in QUESTIONS}
    jobs = [QUESTIONS[i % len(QUESTIONS)] for i in range(8 * 200)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda q: (q, _key(retriever.search(q, k=5))), jobs))
    assert len(got) == 1600
    for q, key in got:
        assert key == expected[q]


def test_index_update_while_queries_run(corpus_copy, tmp_path):
    from qa.retrieval.retriever import Retriever

    r = Retriever.open(corpus_copy, tmp_path / "idx", dense=False, show_progress=False)
    old = {q: _key(r.search(q, k=5)) for q in QUESTIONS}
    errors, results, stop = [], [], threading.Event()

    def worker():
        i = 0
        while not stop.is_set():
            q = QUESTIONS[i % len(QUESTIONS)]
            try:
                results.append((q, _key(r.search(q, k=5))))
            except Exception as e:  # noqa: BLE001 - any error fails the test below
                errors.append(e)
            i += 1

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    (corpus_copy / "new.txt").write_text(
        "关于测试县2022年度法治政府建设情况的报告\n一、行政复议\n测试县办理行政复议案件99件，府院联动、法律顾问、普法都有进展。\n",
        encoding="utf-8",
    )
    r.refresh()
    new = {q: _key(r.search(q, k=5)) for q in QUESTIONS}
    stop.set()
    for t in threads:
        t.join()
    assert not errors
    assert "new.txt" in r.index.documents
    for q, key in results:
        assert key in (old[q], new[q])  # each query saw the old or the new index, whole


# ------------------------------------------------------------------ no network


def test_search_and_ask_work_with_the_network_blocked(corpus_dir, index_dir, tmp_path):
    block = tmp_path / "block"
    block.mkdir()
    (block / "sitecustomize.py").write_text(
        "import socket\n"
        "def _refuse(*a, **k):\n"
        "    raise OSError('network access is blocked in this test')\n"
        "socket.socket.connect = _refuse\n"
        "socket.socket.connect_ex = _refuse\n"
        "socket.create_connection = _refuse\n"
        "socket.getaddrinfo = _refuse\n",
        encoding="utf-8",
    )
    import os

    env = dict(os.environ, PYTHONPATH=str(block), HF_HUB_OFFLINE="", TRANSFORMERS_OFFLINE="")
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert "network access is blocked" in probe.stderr
    common = ["--corpus", str(corpus_dir), "--index", str(index_dir), "--json", "--quiet"]
    out = _qa("search", "府院联动", *common, env=env)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["hits"]
    out = _qa("ask", "元氏县办理了多少件行政复议案件?", *common, env=env)
    assert out.returncode == 0, out.stderr
    assert "36件" in json.loads(out.stdout)["answer"]
