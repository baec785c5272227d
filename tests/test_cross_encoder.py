"""The comparison sentences' cross-encoder: the shipped folder loads with one call on the embedder's own encoder,
is small, reads a question and a sentence together, and a folder that is not one gets a one-line message."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from qa.reading.cross_encoder import (
    ARTIFACT_DIR,
    WEIGHTS,
    CrossEncoder,
    CrossModelError,
    ReadTogether,
    pair_text,
    shipped,
)
from qa.reading.relevance import shipped as shipped_relevance


@pytest.fixture(scope="module")
def model(pipeline):
    return shipped(pipeline.retriever.embedder)


def test_the_shipped_model_loads_once_on_the_embedders_encoder(pipeline, model):
    base = pipeline.retriever.embedder.model[0].auto_model
    assert model is not None and model.base is base  # shared, not copied
    assert shipped(pipeline.retriever.embedder) is model  # loaded once per encoder
    assert (ARTIFACT_DIR / WEIGHTS).stat().st_size <= 20 * 2**20
    assert len(model.top) == model.config.layers - model.config.split
    trained = model.config.trained
    assert trained["pairs"] > 5000 and trained["cross_validated_by_report"]["cross_encoder"]["blocks"] > 2000
    assert shipped_relevance().cross is not None  # the sentence model has trees that read it


REVIEW = "紧跟行政复议体制改革要求,整合行政复议职责,提高行政复议工作规范化水平"
ENFORCEMENT = "深化行政执法体制改革,继续完善综合执法体制,健全行政执法人员管理制度"


def _as_read(pipeline, sentence: str) -> str:
    """A sentence of the bundled reports under its own headings, as a comparison hands it to the cross-encoder."""
    chunk = next(c for c in pipeline.index.chunks if sentence in c.text)
    return pair_text(" ".join(chunk.section[-2:]), sentence)


def test_it_reads_the_question_with_the_sentence(pipeline, model):
    """Two sentences of the bundled reports: for a question on 行政复议体制改革 the one about it is more probable than
    the one on 行政执法体制改革, which shares the words 体制改革; asked about the other reform, the order turns."""
    tokenizer = pipeline.retriever.embedder.model.tokenizer
    texts = [_as_read(pipeline, REVIEW), _as_read(pipeline, ENFORCEMENT)]
    p = model.probabilities(tokenizer, "其他县是怎么推进行政复议体制改革的?", texts)
    q = model.probabilities(tokenizer, "各地怎么深化行政执法体制改革?", texts)
    assert p[0] > p[1] and q[1] > q[0]
    assert np.all((0 < p) & (p < 1)) and model.probabilities(tokenizer, "问题", []).shape == (0,)


def test_read_together_reads_a_reports_candidates(pipeline, model):
    """Switched on, the pipeline binds the shipped model to the question; off (the default), it reads nothing."""
    from dataclasses import replace

    from qa.pipeline import Pipeline
    from qa.settings import Settings

    query = pipeline.analyse("其他县是怎么推进行政复议体制改革的?")
    assert pipeline.read_together(query) is None
    on = Pipeline(pipeline.retriever, settings=replace(Settings(), compare_cross_encoder=True))
    read = on.read_together(query)
    assert isinstance(read, ReadTogether) and read.reports == model.config.reports
    result = pipeline.compare(query)
    r = next(r for r in pipeline.reports() if r.doc_id == result.items[0].doc_id)
    from qa.reading import comparison as comparing

    pool = comparing.candidates(result.query, r.chunks, r.doc_norm, r.meta, r.plain or None).pool[:6]
    p = read(pool)
    assert p.shape == (len(pool),) and np.all((0 <= p) & (p <= 1))


def test_a_folder_that_is_not_a_model_gets_one_line(tmp_path, pipeline):
    base = pipeline.retriever.embedder.model[0].auto_model
    with pytest.raises(CrossModelError, match="不是交叉编码器目录") as err:
        CrossEncoder.load(tmp_path, base)
    assert "\n" not in str(err.value)
    shutil.copy(ARTIFACT_DIR / WEIGHTS, tmp_path / WEIGHTS)
    config = json.loads((ARTIFACT_DIR / "config.json").read_text(encoding="utf-8"))
    for broken in ({**config, "layers": 13}, {**config, "unknown": 1}, {**config, "layers": config["layers"] - 1}):
        (tmp_path / "config.json").write_text(json.dumps(broken), encoding="utf-8")
        with pytest.raises(CrossModelError) as err:
            CrossEncoder.load(tmp_path, base)
        assert "\n" not in str(err.value) and str(tmp_path) in str(err.value)
