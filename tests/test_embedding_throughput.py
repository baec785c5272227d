"""Indexing a large collection: the embedding device, length-sorted batches, progress, and resuming a killed build."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from qa.evaluation.synthetic import HashEmbedder
from qa.interface import cli
from qa.progress import Throughput
from qa.settings import Settings
from qa.store import builder
from qa.store import index as index_store
from qa.store.embedding import DeviceError, Embedder, resolve_device
from qa.store.partial_vectors import PartialVectors


def test_device_resolution(monkeypatch):
    assert resolve_device("cpu") == "cpu"
    assert resolve_device("auto") == ("cuda" if torch.cuda.is_available() else "cpu")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert resolve_device("auto") == "cuda" and resolve_device("cuda") == "cuda"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert resolve_device("auto") == "cpu"
    with pytest.raises(DeviceError, match="CUDA"):
        resolve_device("cuda")
    with pytest.raises(DeviceError, match="tpu"):
        resolve_device("tpu")


def test_index_on_cuda_without_a_gpu_is_a_one_line_usage_error(monkeypatch, corpus_dir, tmp_path, capsys):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    idx = tmp_path / "idx"
    rc = cli.main(["index", "--corpus", str(corpus_dir), "--index", str(idx), "--device", "cuda", "--quiet"])
    err = capsys.readouterr().err.strip()
    assert rc == 2
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith("qa index:") and "没有可用的 CUDA GPU" in err
    assert not idx.exists() or not any(idx.iterdir())  # nothing was built


@pytest.fixture(scope="module")
def embedder():
    return Embedder()


def test_length_sorted_batches_come_back_in_the_callers_order(embedder, corpus_dir):
    text = (corpus_dir / "000_526b283554a85fd0.txt").read_text(encoding="utf-8")
    lines = [line for line in text.split("\n") if line.strip()]
    texts = [lines[3][:20], lines[5], lines[3][:5], "行政复议", lines[5][:60], lines[8][:150], lines[2][:40]]
    seen: list[list[int]] = []
    got = embedder.encode_passages(texts, batch_size=2, on_batch=lambda rows, vecs: seen.append(list(rows)))
    # every passage exactly once, longest batches first
    assert sorted(i for rows in seen for i in rows) == list(range(len(texts)))
    lengths = embedder.token_lengths(["passage: " + t for t in texts])
    firsts = [max(lengths[i] for i in rows) for rows in seen]
    assert firsts == sorted(firsts, reverse=True) and firsts[0] > firsts[-1]
    # row i is the vector of texts[i], as if it had been encoded alone (padding changes nothing)
    alone = np.stack([embedder.encode_passages([t])[0] for t in texts])
    cos = np.sum(got * alone, axis=1)
    assert (cos >= 0.9999).all(), cos


class _Killed(Exception):
    pass


class _DiesAfter(HashEmbedder):
    """Stops the build after ``n`` batches; records what a SIGKILL at that moment would have left on disk."""

    def __init__(self, n: int, index_dir):
        super().__init__()
        self.n, self.partial, self.batches, self.on_disk = n, PartialVectors(index_dir), [], None

    def encode_passages(self, texts, batch_size=None, progress=False, on_batch=None):
        def counted(rows, vecs):
            self.batches.append([texts[i] for i in rows])
            if len(self.batches) == self.n:
                self.on_disk = set(self.partial.load())  # a kill now, as batch n finishes
            on_batch(rows, vecs)
            if len(self.batches) == self.n:
                raise _Killed

        return super().encode_passages(texts, batch_size, progress, counted)


def test_a_killed_build_keeps_finished_vectors_and_the_next_embeds_only_the_rest(corpus_copy, tmp_path):
    settings = Settings(embed_batch_size=16, embed_checkpoint_s=0.0)
    idx = tmp_path / "idx"
    dying = _DiesAfter(5, idx)
    with pytest.raises(_Killed):
        builder.build(corpus_copy, idx, settings, embedder=dying, show_progress=False)
    assert index_store.current_build(idx) is None  # no half index in use
    done = [t for batch in dying.batches for t in batch]
    assert len(done) == 5 * 16
    # saved batch by batch: killed outright during batch 5, batches 1–4 would already be on disk
    keys = [builder.content_key(t, HashEmbedder.model_id) for t in done]
    assert dying.on_disk == set(keys[: 4 * 16])
    assert set(keys) <= set(PartialVectors(idx).load())  # an exception also saves the batch in hand

    resumed = HashEmbedder()
    new = index_store.load(builder.build(corpus_copy, idx, settings, embedder=resumed, show_progress=False))
    assert resumed.count == len(new.chunks) - len(done)  # only the rest was embedded
    assert not (idx / "partial-vectors").exists()  # in the build now
    fresh = tmp_path / "fresh"
    clean = index_store.load(builder.build(corpus_copy, fresh, settings, embedder=HashEmbedder(), show_progress=False))
    np.testing.assert_array_equal(new.dense.vectors, clean.dense.vectors)


def test_progress_reports_rate_and_time_left(corpus_copy, tmp_path):
    seen: list[Throughput] = []
    settings = Settings(embed_batch_size=64)
    idx = index_store.load(
        builder.build(corpus_copy, tmp_path / "idx", settings, embedder=HashEmbedder(), on_progress=seen.append)
    )
    n = len(idx.chunks)
    assert len(seen) == -(-n // 64)
    assert [p.done for p in seen] == sorted({p.done for p in seen}) and seen[-1].done == seen[-1].total == n
    assert all(p.per_s > 0 for p in seen) and seen[-1].eta_s == 0
    assert "段/秒" in seen[0].describe() and "剩余约" in seen[0].describe()


def test_the_apps_refresh_reports_progress_of_the_new_passages_only(corpus_copy, tmp_path):
    from qa.retrieval.retriever import Retriever
    from qa.text.tokenization import Tokenizer

    idx, emb, tokenizer = tmp_path / "idx", HashEmbedder(), Tokenizer()
    first = index_store.load(builder.build(corpus_copy, idx, tokenizer=tokenizer, embedder=emb, show_progress=False))
    r = Retriever(first, tokenizer, emb)
    r.corpus_dir, r.index_dir = corpus_copy, idx
    (corpus_copy / "new.txt").write_text(
        "关于测试县2022年度法治政府建设情况的报告\n一、行政复议\n测试县全年办理行政复议案件99件。\n", encoding="utf-8"
    )
    seen: list[Throughput] = []
    new = r.refresh(on_progress=seen.append)
    n_new = sum(1 for c in new.chunks if c.doc_id == "new.txt")
    assert n_new >= 1 and seen and seen[-1].done == seen[-1].total == n_new
