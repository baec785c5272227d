"""The comparison sentence-relevance model: the same probabilities as the library it was fitted with, one-call
loading, picking, the features read_report computes, and the training script end to end on judged sentences."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from qa.reading import comparison as comparing
from qa.reading.relevance import FEATURES, MAX_POOL, MODEL_DIR, SentenceRelevance, Trees, shipped
from qa.text.normalization import normalize

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "fixtures" / "relevance_tiny"


def _fitted(seed: int = 0, leaf: int = 5):
    """Boosted trees on made-up signals, some binary like most real features; a large ``leaf`` stops trees early."""
    from sklearn.ensemble import GradientBoostingClassifier

    rng = np.random.default_rng(seed)
    x = rng.random((300, len(FEATURES)))
    x[:, :4] = x[:, :4] > 0.5
    y = (x[:, 0] + 0.5 * x[:, 7] - x[:, 14] + 0.2 * rng.standard_normal(300) > 0.3).astype(int)
    model = GradientBoostingClassifier(n_estimators=30, max_depth=3, min_samples_leaf=leaf, random_state=seed)
    return x, model.fit(x, y)


def _trees(model, x):
    sys.path.insert(0, str(ROOT / "scripts"))
    from train_relevance import to_trees

    return to_trees(model, x)


@pytest.mark.parametrize("leaf", [5, 60])
def test_probability_matches_sklearn(leaf):
    x, fitted = _fitted(leaf=leaf)
    model = SentenceRelevance(_trees(fitted, x))
    np.testing.assert_allclose(model.probabilities([tuple(r) for r in x]), fitted.predict_proba(x)[:, 1], rtol=1e-9)
    assert model.probability(tuple(x[0])) == pytest.approx(fitted.predict_proba(x[:1])[0, 1], rel=1e-9)
    if leaf == 60:  # leaves above the full depth were copied down both ways
        assert any(est.tree_.max_depth < 3 or est.tree_.n_leaves < 8 for est in fitted.estimators_[:, 0])


def test_save_and_load_round_trip(tmp_path):
    x, fitted = _fitted(1)
    model = SentenceRelevance(_trees(fitted, x), 0.4, 5, "rule", 0.3, 0.5)
    model.save(tmp_path, {"sets": ["x"]})
    again = SentenceRelevance.load(tmp_path)
    assert (again.threshold, again.pool, again.best, again.doubt, again.sure) == (0.4, 5, "rule", 0.3, 0.5)
    rows = [tuple(r) for r in x[:50]]
    np.testing.assert_allclose(again.probabilities(rows), model.probabilities(rows), atol=1e-6)
    config = json.loads((tmp_path / "config.json").read_text(encoding="utf-8"))
    assert config["training"] == {"sets": ["x"]}


def _constant(logit: float) -> SentenceRelevance:
    """A model that gives every candidate the same probability."""
    return SentenceRelevance(Trees(np.zeros((1, 1), dtype=np.int64), np.full((1, 1), 1e9), np.zeros((1, 2)), logit))


def test_load_refuses_other_features_and_broken_trees(tmp_path):
    model = _constant(0.0)
    model.save(tmp_path, {})
    config = json.loads((tmp_path / "config.json").read_text(encoding="utf-8"))
    (tmp_path / "config.json").write_text(json.dumps({**config, "features": ["in_sentence"]}), encoding="utf-8")
    with pytest.raises(ValueError, match="特征"):
        SentenceRelevance.load(tmp_path)
    (tmp_path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    trees = json.loads((tmp_path / "trees.json").read_text(encoding="utf-8"))
    (tmp_path / "trees.json").write_text(json.dumps({**trees, "feature": [[len(FEATURES)]]}), encoding="utf-8")
    with pytest.raises(ValueError, match="不存在的特征"):
        SentenceRelevance.load(tmp_path)
    (tmp_path / "trees.json").write_text(json.dumps({**trees, "leaf": [[0.0, 0.0, 0.0]]}), encoding="utf-8")
    with pytest.raises(ValueError, match="树"):
        SentenceRelevance.load(tmp_path)
    (tmp_path / "trees.json").unlink()
    with pytest.raises(ValueError, match="树"):
        SentenceRelevance.load(tmp_path)


def _lookup(probabilities: list[float]) -> Trees:
    """One depth-3 tree on the first feature: a candidate whose first feature is k/8 gets ``probabilities[k]``."""
    logit = [float(np.log(p / (1 - p))) for p in probabilities] + [0.0] * (8 - len(probabilities))
    split = np.array([[3.5, 1.5, 5.5, 0.5, 2.5, 4.5, 6.5]]) / 8
    return Trees(np.zeros((1, 7), dtype=np.int64), split, np.array([logit]), 0.0)


class _S:
    def __init__(self, k: int):
        self.features = (k / 8,) + (0.0,) * (len(FEATURES) - 1)


def test_pick_keeps_the_rule_best_unless_doubted():
    pool = [_S(k) for k in range(6)]  # the sixth is beyond the pool
    trees = _lookup([0.1, 0.9, 0.4, 0.7, 0.95, 0.99])
    model = SentenceRelevance(trees, threshold=0.5, pool=5)
    assert list(np.round(model.probabilities([s.features for s in pool]), 6)) == [0.1, 0.9, 0.4, 0.7, 0.95, 0.99]
    assert model.pick(pool, most=3) == [pool[0], pool[4], pool[1]]  # the rule's best first, then most probable
    doubting = SentenceRelevance(trees, threshold=0.5, pool=5, doubt=0.3, sure=0.9)
    assert doubting.pick(pool, most=4) == [pool[4], pool[1], pool[3]]  # 0.1 < 0.3 and 0.95 ≥ 0.9: it gives way
    unsure = SentenceRelevance(trees, threshold=0.5, pool=5, doubt=0.3, sure=0.96)
    assert unsure.pick(pool, most=4)[0] is pool[0]  # nothing else is sure enough
    by_model = SentenceRelevance(trees, threshold=0.5, pool=5, best="model").pick(pool, most=4)
    assert by_model == [pool[4], pool[1], pool[3]]


def test_the_field_terms_a_question_does_not_ask_about():
    terms = ("行政复议", "行政复议委员会", "行政应诉", "法治政府建设", "依法行政", "案件")
    others = comparing.split_topic("各地行政复议怎么做?", terms).others()
    # a term holding the topic or inside it is the topic itself; the longest term is found first
    assert others.other.findall("设立行政复议委员会，办理行政应诉案件") == ["行政应诉", "案件"]
    assert others.wide == {"法治政府建设", "依法行政"} and others.field.search("推进法治政府建设")
    assert comparing.split_topic("各地行政复议怎么做?", ()).others().other is None  # no term list: no signal


def test_candidates_say_when_a_heading_names_another_practice(pipeline):
    result = pipeline.compare("各地行政复议案件办了多少件?")
    reports = {r.doc_id: r for r in pipeline.reports()}
    other, wide = FEATURES.index("heading_other"), FEATURES.index("field_wide")
    headed = []
    for item in result.items:
        r = reports[item.doc_id]
        for s in comparing.candidates(result.query, r.chunks, r.doc_norm, r.meta, r.plain or None).pool[:MAX_POOL]:
            near = normalize(s.chunk.section[-1]) if s.chunk.section else ""
            if "行政复议" in near:
                assert s.features[other] == 0.0  # under its own topic's heading
            headed.append(s.features[other])
            text = normalize(s.text)
            if "法治政府建设" in text or not any(m in text for m in ("法治", "依法", "法制")):
                assert s.features[wide] == float("法治政府建设" in text)  # the field at large, or none of it
    assert 1.0 in headed  # 瀍河's 行政复议 sentence under 加强矛盾纠纷排查化解


def test_in_list():
    text = "引导群众通过诉讼、仲裁、行政复议等途径解决纠纷"
    pos = text.find("行政复议")
    assert comparing._in_list(text, pos, 4)
    text = "全年办理行政复议案件36件，综合纠错率28.42%"
    assert not comparing._in_list(text, text.find("行政复议"), 4)
    assert not comparing._in_list(text, -1, 4)
    assert comparing._in_list("行政复议", 0, 4) is False  # the term alone: nothing before or after it


def test_shipped_model_loads_and_is_described():
    model = shipped()
    assert model is not None and model.features == FEATURES and len(model.trees.feature) >= 50
    training = json.loads((MODEL_DIR / "config.json").read_text(encoding="utf-8"))["training"]
    assert training["sentences"] >= 1000 and training["sets"]
    assert (
        training["cross_validated_by_report"]["model"]["share_on"]
        > training["cross_validated_by_report"]["rule_cut"]["share_on"]
    )


def test_candidates_carry_every_feature(pipeline):
    result = pipeline.compare("其他县是怎么推进行政复议体制改革的?")
    assert result is not None and result.items
    reports = {r.doc_id: r for r in pipeline.reports()}
    for item in result.items:
        r = reports[item.doc_id]
        found = comparing.candidates(result.query, r.chunks, r.doc_norm, r.meta, r.plain or None)
        assert found is not None
        scores = [s.score for s in found.pool]
        assert scores == sorted(scores, reverse=True)
        for rank, s in enumerate(found.pool):
            assert len(s.features) == (len(FEATURES) if rank < MAX_POOL else 0)  # only the best few are chosen among
            assert all(-1e-9 <= v <= 1 + 1e-9 for v in s.features)
            assert r.doc_norm[s.start : s.end]  # offsets into the document
        # with the model, the rule's best sentence stays and every sentence is a candidate
        model = _constant(-5.0)  # nothing beyond the best is probable
        item = comparing.read_report(result.query, r.chunks, r.doc_norm, r.meta, r.doc_id, relevance=model)
        assert [s.start for s in item.sentences] == [found.pool[0].start]


def test_training_script_end_to_end(index_dir, tmp_path, monkeypatch, capsys):
    """Trains on a small slice of judged sentences (read set heldout8, verdicts by an outside judge)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_relevance

    out = tmp_path / "model"
    folders = sorted(p for p in TINY.iterdir() if p.is_dir())
    argv = ["train_relevance.py", *map(str, folders), "--out", str(out), "--index", str(index_dir)]
    monkeypatch.setattr(sys, "argv", argv)
    assert train_relevance.main() == 0
    report = json.loads(capsys.readouterr().out)
    model = SentenceRelevance.load(out)
    assert model.features == FEATURES
    training = json.loads((out / "config.json").read_text(encoding="utf-8"))["training"]
    judged = sum(1 for f in folders for line in (f / "verdicts.jsonl").read_text(encoding="utf-8").splitlines() if line)
    # joined again by report and offsets; sentences of weak-topic answers (read by retrieval) are not candidates
    assert 0.8 * judged <= training["sentences"] <= judged
    assert report["rule_cut"]["blocks"] == training["blocks"] > 0


def test_training_script_needs_two_reports(index_dir, tmp_path, monkeypatch, capsys):
    """Folds leave one report out: judged sentences of a single report get a one-line message, not a traceback."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_relevance

    one = tmp_path / "one"
    one.mkdir()
    rows = [json.loads(x) for x in (TINY / "heldout8" / "items.jsonl").read_text(encoding="utf-8").splitlines() if x]
    doc = rows[0]["items"][0]["doc_id"]
    kept = [{**r, "items": [it for it in r["items"] if it["doc_id"] == doc]} for r in rows]
    (one / "items.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), encoding="utf-8")
    (one / "verdicts.jsonl").write_bytes((TINY / "heldout8" / "verdicts.jsonl").read_bytes())
    monkeypatch.setattr(sys, "argv", ["train_relevance.py", str(one), "--index", str(index_dir)])
    assert train_relevance.main() == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "至少需要两份" in captured.err.splitlines()[-1]


def test_a_figure_question_keeps_a_figure_the_model_doubts(pipeline):
    """ "出庭应诉率是多少": 怀化's "全年出庭232件、出庭率100%" follows the sentence naming the topic; a model that
    doubts every sentence beyond the best still quotes the rule's figure when the question asks how many."""
    result = pipeline.compare("各地行政机关负责人出庭应诉率是多少?", "list")
    query = result.query
    reports = {r.doc_id: r for r in pipeline.reports()}
    doubting = _constant(-5.0)
    with_figure = 0
    for r in reports.values():
        args = (query, r.chunks, r.doc_norm, r.meta, r.doc_id)
        ruled = comparing.read_report(*args)
        if ruled is None or not ruled.figures:
            continue
        plain = comparing.read_report(*args, relevance=doubting)
        asked = comparing.read_report(*args, relevance=doubting, need_figure=True)
        assert asked.figures and all(s in asked.sentences for s in plain.sentences)
        assert all(any(s.start == t.start for t in ruled.sentences) for s in asked.sentences if s.figures)
        with_figure += not plain.figures
    assert with_figure >= 1  # the case exists on the bundled reports: without the question's need it has no figure
