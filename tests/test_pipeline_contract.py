"""The pipeline's contracts: the question is analysed once, readers are called alike, the
answers on the development set are those of the stored run made before the restructuring."""

from __future__ import annotations

import inspect
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from qa.document import Answer, Chunk, Hit
from qa.reading.base import Reader
from qa.reading.hf_reader import TransformersReader
from qa.reading.reader import RuleReader
from qa.text import normalization

ROOT = Path(__file__).resolve().parent.parent
READERS = (RuleReader, TransformersReader)


@pytest.fixture()
def normalize_calls(monkeypatch) -> Counter:
    """Every call of normalize, by argument, wherever qa imported it."""
    calls: Counter = Counter()
    original = normalization.normalize

    def counting(text):
        calls[text] += 1
        return original(text)

    for name, module in list(sys.modules.items()):
        if name.startswith("qa") and getattr(module, "normalize", None) is original:
            monkeypatch.setattr(module, "normalize", counting)
    return calls


@pytest.mark.e2e
@pytest.mark.parametrize(
    "question",
    ["元氏县办理了多少件行政复议案件?", "哪些地方推进了府院联动机制?", "怀化市2023年行政复议纠错率是多少?"],
)
def test_the_question_is_normalised_once(pipeline, normalize_calls, question):
    pipeline.ask(question)
    assert normalize_calls[question] == 1


@pytest.mark.e2e
def test_a_follow_up_is_normalised_once_and_so_is_its_rewrite(pipeline, normalize_calls):
    previous = "元氏县办理了多少件行政复议案件?"
    a = pipeline.ask("那怀化呢?", history=[{"question": previous}])
    assert a.rewritten_question == "怀化市办理了多少件行政复议案件?"
    assert normalize_calls["那怀化呢?"] == 1
    assert normalize_calls[previous] == 1
    assert normalize_calls[a.rewritten_question] == 1


@pytest.mark.e2e
def test_a_follow_up_swaps_the_place_as_the_asker_wrote_it(pipeline):
    # 瀍河区 (for 瀍河回族区) goes whole, not 瀍河 leaving 区 behind
    a = pipeline.ask("那元氏县呢?", history=[{"question": "瀍河区公布了多少项行政许可?"}])
    assert a.rewritten_question == "元氏县公布了多少项行政许可?"


@pytest.mark.unit
@pytest.mark.parametrize("cls", READERS, ids=lambda c: c.__name__)
def test_every_reader_has_the_one_signature(cls):
    assert list(inspect.signature(cls.read).parameters) == ["self", "query", "hits"]
    assert isinstance(cls.name, str)


@pytest.mark.unit
def test_the_rule_reader_reads_a_hand_made_query():
    from qa.retrieval.query import Query, Terms
    from qa.retrieval.question import Mentions
    from qa.text.tokenization import Tokenizer

    text = "全年共收到行政复议申请512件,受理468件,审结450件。另外,组织培训3次。"
    chunk = Chunk("r.txt#100-140", "r.txt", 100, 100 + len(text), text, ("一、行政复议",), None, "元氏县", 2021)
    hits = [Hit(chunk, 1, 1.0)]
    query = Query(
        asked="受理了多少件行政复议申请?",
        text="受理了多少件行政复议申请?",
        norm="受理了多少件行政复议申请?",
        kind="count",
        mentions=Mentions((), ()),
        tokens=["受理", "行政复议", "申请"],
        terms=Terms([("受理",), ("行政复议",), ("申请",)], [3.0, 5.0, 2.0]),
        ignore=(),
        topic=("行政复议",),
        facets=(),
        view=None,
    )
    reader = RuleReader(Tokenizer())
    assert isinstance(reader, Reader)
    a = reader.read(query, hits)
    assert isinstance(a, Answer)
    assert (a.answer, a.answer_type) == ("468件[1]", "span")
    (piece,) = a.pieces
    assert text[piece.start - 100 : piece.end - 100] == piece.text == "468件"
    assert reader.read(query, []).answer is None


@pytest.mark.e2e
def test_no_reader_is_told_apart_in_the_pipeline():
    source = (ROOT / "qa" / "pipeline.py").read_text(encoding="utf-8")
    assert "isinstance(self.reader" not in source and "getattr(self.reader" not in source


@pytest.mark.e2e
@pytest.mark.slow
def test_answers_on_the_development_set_are_unchanged(pipeline):
    """`qa ask --batch eval/questions.jsonl --json` as stored before the restructuring, latency aside."""
    path = ROOT / "tests" / "data" / "dev_answers_before_refactor.jsonl"
    stored = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    questions = [json.loads(x) for x in (ROOT / "eval/questions.jsonl").read_text("utf-8").splitlines() if x.strip()]
    assert len(stored) == len(questions)
    differ = []
    for q, before in zip(questions, stored):
        now = json.loads(json.dumps({"id": q["id"], **pipeline.ask(q["question"], k=5).to_dict()}))
        if not _same(now, before):
            differ.append(q["id"])
    assert differ == []


def _same(a, b, tol: float = 1e-3) -> bool:
    """Equal, scores within ``tol``: another CPU's float kernels move embedding scores in the 5th decimal."""
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) <= tol
    if isinstance(a, dict) and isinstance(b, dict):
        # dense_rank orders dense scores, two of which may lie within those decimals of each other (q102)
        return a.keys() == b.keys() and all(_same(a[k], b[k], tol) for k in a if k != "dense_rank")
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y, tol) for x, y in zip(a, b))
    return a == b


@pytest.mark.e2e
def test_importing_changes_nothing_process_wide():
    import subprocess

    code = (
        "import os, faiss; n = faiss.omp_get_max_threads(); "
        "import qa.pipeline, qa.interface.cli, qa.store.dense, qa.store.bm25, qa.reading.hf_reader; "
        "assert faiss.omp_get_max_threads() == n, 'faiss threads'; "
        "assert 'HF_HUB_OFFLINE' not in os.environ, 'HF_HUB_OFFLINE'"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k != "HF_HUB_OFFLINE"}
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]


@pytest.mark.e2e
def test_a_constructed_retriever_refreshes_and_documents_hold_normalised_text(corpus_copy, tmp_path):
    from qa.retrieval.retriever import Retriever
    from qa.settings import Settings
    from qa.store import builder
    from qa.store import index as index_store
    from qa.text.tokenization import Tokenizer

    tok, idx_dir = Tokenizer(), tmp_path / "index"
    settings = Settings(corpus_dir=corpus_copy, index_dir=idx_dir)
    loaded = index_store.load(builder.build(corpus_copy, idx_dir, settings, tok, None, False))
    doc = next(iter(loaded.documents.values()))
    assert doc.norm == normalization.normalize(doc.text)
    r = Retriever(loaded, tok, settings=settings)
    assert r.index_dir == idx_dir and r.corpus_dir == corpus_copy
    src = next(p for p in sorted(corpus_copy.iterdir()) if p.suffix == ".txt")
    (corpus_copy / "copy_of_one.txt").write_text(
        src.read_text(encoding="utf-8") + "\n附:新增一段。\n", encoding="utf-8"
    )
    new = r.refresh()
    assert len(new.documents) == len(loaded.documents) + 1 and r.index is new
