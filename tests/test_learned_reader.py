"""The learned reader: its artifact loads on the shared encoder, answers verbatim with citations,
and its training runs end to end on a tiny slice."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from qa.document import Answer
from qa.reading.learned import LearnedReader, window
from qa.reading.span_model import ARTIFACT_DIR, ReaderModelError, SpanModel
from qa.reading.training import cmrc_scores
from qa.settings import Settings

# A tiny slice in CMRC 2018's layout, written from the bundled reports: training runs end to end in
# every test run, whether or not the real data (../shared/data/cmrc2018) lies beside the repository.
TINY_CMRC = Path(__file__).parent / "fixtures" / "cmrc_tiny"
QUESTIONS = [
    "元氏县聘请了多少名法律顾问?",
    "梅河口市平均办理时限缩短到多少个工作日?",
    "怀化市行政复议案件的纠错率是多少?",
    "瀍河回族区的法律顾问是谁?",
    "互助县法治政府建设工作要点由哪个单位牵头?",
    "北京市2030年的人口是多少?",
]


def test_window_holds_the_sentence_most_like_the_question():
    text = "一是加强培训。二是开展执法检查36次。三是受理行政复议案件12件，办结10件。四是完善制度。" * 3
    a, b = window("受理行政复议案件多少件", text, 40)
    assert "受理行政复议案件12件" in text[a:b]
    assert b - a <= 40
    assert window("问题", "短文本。", 40) == (0, 4)


def test_cmrc_scoring_ignores_punctuation_and_takes_the_best_gold():
    assert cmrc_scores("《战国无双3》", ["战国无双3"]) == (1.0, 1.0)
    em, f1 = cmrc_scores("光荣公司", ["光荣", "ω-force"])
    assert em == 0.0 and 0.6 < f1 < 0.7


def test_a_folder_that_is_not_a_reader_is_refused(tmp_path):
    with pytest.raises(ReaderModelError, match="config.json"):
        SpanModel.load(tmp_path, base=None)


@pytest.fixture(scope="module")
def readers(pipeline):
    embedder = pipeline.retriever.embedder
    return {
        "rule": pipeline.default_reader,
        "learned": LearnedReader(embedder, pipeline.default_reader, Settings(), mode="learned"),
        "combined": LearnedReader(embedder, pipeline.default_reader, Settings(), mode="combined"),
    }


@pytest.mark.parametrize("name", ["rule", "learned", "combined"])
def test_every_reader_answers_verbatim_with_citations(pipeline, readers, name):
    """The reader protocol: an Answer whose pieces are slices of the cited report text."""
    docs = pipeline.retriever.index.documents
    pipeline.reader = readers[name]
    try:
        for q in QUESTIONS:
            ans = pipeline.ask(q)
            assert isinstance(ans, Answer) and ans.question == q
            assert (ans.answer is None) == (not ans.pieces)
            cited = {c.n: c.chunk for c in ans.citations}
            for p in ans.pieces:
                chunk = cited[p.citation]
                assert docs[chunk.doc_id].text[p.start : p.end] == p.text
                assert chunk.start <= p.start < p.end <= chunk.end
                assert p.text in ans.answer
    finally:
        pipeline.reader = pipeline.default_reader


def test_shipped_reader_shares_the_embedders_weights_and_gives_short_spans(pipeline, readers):
    learned = readers["learned"]
    base = pipeline.retriever.embedder.model[0].auto_model
    assert learned.model.base is base  # one copy of the base weights
    assert (ARTIFACT_DIR / "reader.safetensors").stat().st_size < 20 * 1024 * 1024
    hits = pipeline.search(QUESTIONS[1], k=5).hits
    spans = learned.spans(QUESTIONS[1], hits)
    assert spans and all(0 <= s < e <= len(h.chunk.text) for _, h, s, e in spans)
    # A span, not the passage: the reader reads a short window and cuts an answer out of it.
    assert all(e - s < 80 for _, _, s, e in spans)


def test_the_tiny_slice_reads_as_cmrc_with_its_validation_paragraph():
    from qa.reading.training_data import cmrc_examples

    train, val = cmrc_examples(TINY_CMRC)
    assert len(train) == 8 and len(val) == 2
    assert all(e.context[e.start :].startswith(e.answers[0]) for e in train + val)
    assert {e.answers[0] for e in val} == {"4件", "《元氏县重大行政决策程序实施细则》"}


def test_training_runs_end_to_end_on_a_tiny_slice(tmp_path):
    from qa.interface.cli import main

    out = tmp_path / "reader"
    rc = main(
        ["train-reader", "--cmrc", str(TINY_CMRC), "--out", str(out), "--limit", "4", "--max-windows", "8"]
        + ["--batch-size", "4", "--max-length", "96", "--no-eval", "--no-corpus", "--lora-rank", "2"]
    )
    assert rc == 0
    from qa.reading.span_model import load_base
    from qa.reading.training import predict

    base, tok = load_base()
    model = SpanModel.load(out, base)
    assert 0 < model.config.trained["windows"] <= 8
    assert model.config.lora_rank == 2 and len(model.lora) == model.config.split * 6
    ((score, null, a, b),) = predict(model, tok, "谁创作的？", ["《张居正》是熊召政创作的长篇历史小说。"])
    assert 0 <= a < b <= len("《张居正》是熊召政创作的长篇历史小说。")

    # A second run continues from the first: its split and window length are kept, the earlier
    # training is recorded, and the weights move on from the first run's (not from scratch).
    more = tmp_path / "more"
    rc = main(
        ["train-reader", "--cmrc", str(TINY_CMRC), "--out", str(more), "--init", str(out), "--limit", "4"]
        + ["--max-windows", "8", "--batch-size", "4", "--split", "3", "--seed", "1", "--no-eval", "--no-corpus"]
    )
    assert rc == 0
    cont = SpanModel.load(more, base)
    assert (cont.config.split, cont.config.max_length, cont.config.lora_rank) == (model.config.split, 96, 2)
    assert cont.config.trained["continued_from"]["windows"] == model.config.trained["windows"]
    first, second = model.head.weight, cont.head.weight
    fresh = SpanModel(base, model.config).head.weight
    assert not torch.equal(first, second)
    assert (second - first).norm() < (second - fresh).norm()


def test_continuing_from_a_folder_that_is_not_a_reader_says_so(tmp_path, capsys):
    from qa.interface.cli import main

    cmrc = tmp_path / "cmrc"
    cmrc.mkdir()
    rc = main(["train-reader", "--cmrc", str(cmrc), "--init", str(tmp_path), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1 and "不是阅读模型目录" in err[0]


def test_training_on_a_gpu_that_is_not_there_says_so(tmp_path, capsys, monkeypatch):
    from qa.interface.cli import main

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    rc = main(["train-reader", "--cmrc", str(TINY_CMRC), "--device", "cuda", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1 and "GPU" in err[0]
    assert not (tmp_path / "o").exists()


def test_each_pass_over_the_windows_has_its_own_seeded_order():
    import random

    from qa.reading.training import epochs_of

    feats = list(range(40))
    order = epochs_of(feats, 2.5, random.Random(3))
    assert len(order) == 100
    first, second, third = order[:40], order[40:80], order[80:]
    assert sorted(first) == sorted(second) == feats and first != second
    assert len(set(third)) == 20  # the half pass is the start of a third permutation
    assert order == epochs_of(feats, 2.5, random.Random(3))
    assert epochs_of(feats, 1.0, random.Random(3)) == epochs_of(feats, 2.0, random.Random(3))[:40]


def test_span_decoding_picks_the_best_span_per_context_over_its_windows():
    from qa.reading.training import best_spans

    # Two windows of one context and one of another; position 0 is the no-answer token, 1–4 the passage.
    seq = [None, 1, 1, 1, 1]
    offsets = [[(0, 0), (0, 2), (2, 4), (4, 6), (6, 8)]] * 3
    start = torch.tensor([[1.0, 0, 5, 0, 0], [0.0, 0, 0, 7, 0], [3.0, 2, 0, 0, 0]])
    end = torch.tensor([[1.0, 0, 0, 5, 0], [2.0, 0, 0, 0, 1], [3.0, 0, 1, 0, 0]])
    out = best_spans(start, end, [0, 0, 1], offsets, [seq] * 3, 2, max_answer_tokens=40)
    assert out[0] == (10.0, 2.0, 2, 6)  # window 1's 5 + 5 beats window 2's 7 + 1; null is the lower of 2 and 2
    assert out[1] == (3.0, 6.0, 0, 4)
    assert best_spans(start, end, [0, 0, 1], offsets, [seq] * 3, 2, max_answer_tokens=1)[0][2:] == (4, 6)


def test_lora_deltas_act_in_the_readers_pass_only_and_travel_with_the_artifact(tmp_path):
    from qa.reading.span_model import SpanConfig, load_base

    base, tok = load_base()
    en = tok(["谁创作的？"], ["《张居正》是熊召政创作的长篇历史小说。"], return_tensors="pt")
    ids, mask = en["input_ids"], en["attention_mask"]
    with torch.no_grad():
        before = base(input_ids=ids, attention_mask=mask).last_hidden_state
    plain = SpanModel(base, SpanConfig(base_model="e5", split=9))
    lora = SpanModel(base, SpanConfig(base_model="e5", split=9, lora_rank=2))
    lora.head.load_state_dict(plain.head.state_dict())
    assert len(lora.lora) == 9 * 6 and not len(plain.lora)
    with torch.no_grad():
        # A fresh delta (B = 0) changes nothing; a trained one changes the reader's logits...
        assert torch.allclose(plain(ids, mask)[0], lora(ids, mask)[0], atol=1e-5)
        for m in lora.lora.values():
            m.b.normal_(std=0.05)
        moved = lora(ids, mask)[0]
        assert not torch.allclose(plain(ids, mask)[0], moved, atol=1e-3)
        # ...but never the embedder's pass over the same shared weights.
        assert torch.equal(base(input_ids=ids, attention_mask=mask).last_hidden_state, before)
    # Only the deltas, the top layers and the head train; the shared weights do not.
    trainable = {n.split(".")[0] for n, p in lora.named_parameters() if p.requires_grad}
    assert trainable == {"lora", "top", "head"}
    assert not any(p.requires_grad for p in base.parameters())
    lora.save(tmp_path / "r")
    again = SpanModel.load(tmp_path / "r", base)
    with torch.no_grad():
        assert torch.allclose(again(ids, mask)[0], moved, atol=0.05)  # float16 on disk
