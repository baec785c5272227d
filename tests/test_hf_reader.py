"""The pluggable transformers reader, on a tiny randomly initialised BERT QA model built here."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from qa.reading.hf_reader import ReaderModelError, TransformersReader


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory, corpus_dir):
    import torch
    from transformers import BertConfig, BertForQuestionAnswering, BertTokenizerFast

    torch.manual_seed(0)
    folder = tmp_path_factory.mktemp("tiny-qa")
    chars = sorted({ch for p in corpus_dir.iterdir() for ch in p.read_text(encoding="utf-8") if not ch.isspace()})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + chars
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tok = BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=False, tokenize_chinese_chars=True)
    tok.save_pretrained(folder)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=512,
    )
    BertForQuestionAnswering(config).save_pretrained(folder)
    return folder


def test_tiny_model_answers_are_verbatim_spans(tiny_model, retriever):
    reader = TransformersReader(tiny_model)
    hits = retriever.search("元氏县办理了多少件行政复议案件?", k=3, mode="bm25").hits
    a = reader.read(retriever.query("元氏县办理了多少件行政复议案件?"), hits)
    assert 0.0 <= a.confidence <= 1.0
    if a.answer is not None:
        (piece,) = a.pieces
        chunk = a.citations[0].chunk
        assert chunk.text[piece.start - chunk.start : piece.end - chunk.start] == piece.text
        assert a.answer == f"{piece.text}[1]"
    else:
        # An untrained model is unsure: the no-answer score (product of 1 - p) beat the best span.
        assert a.answer_type == "none"


def test_no_answer_score_is_the_product_of_misses(tiny_model, retriever):
    reader = TransformersReader(tiny_model, top_k_per_passage=3)
    q = "法律顾问有多少名?"
    hits = retriever.search("法律顾问", k=5, mode="bm25").hits
    probs = [p for h in hits for p, _, _ in reader._spans(q, h.chunk.text)]
    assert len(probs) == 3 * len(hits)
    assert all(0.0 < p < 1.0 for p in probs)
    best = max(probs)
    no_answer = 1.0
    for p in probs:
        no_answer *= 1.0 - p
    a = reader.read(retriever.query(q), hits)
    assert a.confidence == pytest.approx(best)
    assert (a.answer is None) == (no_answer >= best or best < reader.min_score)


def test_not_a_model_folder(tmp_path):
    with pytest.raises(ReaderModelError, match="not a model folder"):
        TransformersReader(tmp_path)


def test_cli_ask_with_reader_model(tiny_model, corpus_dir, index_dir):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "qa.interface.cli",
            "ask",
            "元氏县办理了多少件行政复议案件?",
            "--corpus",
            str(corpus_dir),
            "--index",
            str(index_dir),
            "--reader-model",
            str(tiny_model),
            "--json",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    obj = json.loads(out.stdout)
    assert obj["answer_type"] in ("span", "none")
    assert 0.0 <= obj["confidence"] <= 1.0
    assert obj["hits"]


def test_cli_ask_with_bad_reader_model(tmp_path, corpus_dir, index_dir):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "qa.interface.cli",
            "ask",
            "行政复议",
            "--corpus",
            str(corpus_dir),
            "--index",
            str(index_dir),
            "--reader-model",
            str(tmp_path),
            "--json",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 2
    assert "not a model folder" in out.stderr and "Traceback" not in out.stderr


def test_follow_up_with_the_transformers_reader(tiny_model, retriever):
    from qa.pipeline import Pipeline

    pipe = Pipeline(retriever, TransformersReader(tiny_model))
    a = pipe.ask("那怀化呢?", history=[{"question": "元氏县办理了多少件行政复议案件?"}])
    assert a.rewritten_question and "怀化" in a.rewritten_question
    assert all(h.chunk.region == "怀化市" for h in a.hits[:3])
