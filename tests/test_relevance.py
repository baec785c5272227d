"""The comparison sentence-relevance model: the same probabilities as the library it was fitted with, one-call
loading, picking, the features read_report computes, and the training script end to end on judged sentences."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from qa.reading import comparison as comparing
from qa.reading.relevance import DENSE_FEATURES, FEATURES, MAX_POOL, MODEL_DIR, SentenceRelevance, Trees, shipped
from qa.text.normalization import normalize

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "fixtures" / "relevance_tiny"
ALL = FEATURES + DENSE_FEATURES  # with the passages' similarity to the question


def _fitted(seed: int = 0, leaf: int = 5, width: int = len(ALL)):
    """Boosted trees on made-up signals, some binary like most real features; a large ``leaf`` stops trees early."""
    from sklearn.ensemble import GradientBoostingClassifier

    rng = np.random.default_rng(seed)
    x = rng.random((300, width))
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
    short, fitted_short = _fitted(2, width=len(FEATURES))
    model = SentenceRelevance(_trees(fitted, x), 0.4, 5, "rule", 0.3, 0.5, 0.25, lexical=_trees(fitted_short, short))
    model.save(tmp_path, {"sets": ["x"]})
    again = SentenceRelevance.load(tmp_path)
    assert (again.threshold, again.pool, again.best, again.doubt, again.sure) == (0.4, 5, "rule", 0.3, 0.5)
    assert again.floor == 0.25
    for rows in ([tuple(r) for r in x[:50]], [tuple(r) for r in short[:50]]):
        np.testing.assert_allclose(again.probabilities(rows), model.probabilities(rows), atol=1e-6)
    config = json.loads((tmp_path / "config.json").read_text(encoding="utf-8"))
    assert config["training"] == {"sets": ["x"]}


def _constant(logit: float) -> SentenceRelevance:
    """A model that gives every candidate the same probability, with the passages' similarity or without."""
    trees = Trees(np.zeros((1, 1), dtype=np.int64), np.full((1, 1), 1e9), np.zeros((1, 2)), logit)
    return SentenceRelevance(trees, lexical=trees)


def test_each_kind_of_row_is_read_by_its_own_trees():
    """Candidates of a collection without vectors (`--mode bm25`) carry the lexical features only: the lexical
    trees read them, the full trees the rows with the similarity; a model without lexical trees says so."""
    x, fitted = _fitted(3)
    short, fitted_short = _fitted(4, width=len(FEATURES))
    model = SentenceRelevance(_trees(fitted, x), lexical=_trees(fitted_short, short))
    np.testing.assert_allclose(model.probabilities(x[:20]), fitted.predict_proba(x[:20])[:, 1], rtol=1e-9)
    np.testing.assert_allclose(model.probabilities(short[:20]), fitted_short.predict_proba(short[:20])[:, 1], rtol=1e-9)
    with pytest.raises(ValueError, match=f"{len(FEATURES)} 个特征"):
        SentenceRelevance(_trees(fitted, x)).probabilities(short[:2])
    with pytest.raises(ValueError, match="3 个特征"):
        model.probabilities([(0.0, 0.0, 0.0)])


def test_load_refuses_other_features_and_broken_trees(tmp_path):
    model = _constant(0.0)
    model.save(tmp_path, {})
    config = json.loads((tmp_path / "config.json").read_text(encoding="utf-8"))
    (tmp_path / "config.json").write_text(json.dumps({**config, "features": ["in_sentence"]}), encoding="utf-8")
    with pytest.raises(ValueError, match="特征"):
        SentenceRelevance.load(tmp_path)
    (tmp_path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    trees = json.loads((tmp_path / "trees.json").read_text(encoding="utf-8"))
    (tmp_path / "trees.json").write_text(json.dumps({**trees, "feature": [[len(ALL)]]}), encoding="utf-8")
    with pytest.raises(ValueError, match="不存在的特征"):
        SentenceRelevance.load(tmp_path)
    (tmp_path / "trees.json").write_text(json.dumps({**trees, "feature": [[len(ALL) - 1]]}), encoding="utf-8")
    SentenceRelevance.load(tmp_path)  # the similarity is a feature of the full trees ...
    (tmp_path / "trees_lexical.json").write_text(json.dumps({**trees, "feature": [[len(FEATURES)]]}), "utf-8")
    with pytest.raises(ValueError, match="不存在的特征：.*trees_lexical"):
        SentenceRelevance.load(tmp_path)  # ... not of the lexical ones
    (tmp_path / "trees_lexical.json").unlink()
    with pytest.raises(ValueError, match="树无法读取.*trees_lexical"):
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
        self.features = (k / 8,) + (0.0,) * (len(ALL) - 1)


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


def test_a_report_no_candidate_of_which_reaches_the_floor_is_left_out():
    pool = [_S(k) for k in range(6)]
    trees = _lookup([0.1, 0.2, 0.25, 0.05, 0.15, 0.99])  # the sixth (0.99) is beyond the pool of five
    passing = SentenceRelevance(trees, threshold=0.5, pool=5, best="model", floor=0.3)
    assert passing.pick(pool, most=4) == []
    assert SentenceRelevance(trees, threshold=0.5, pool=5, best="model", floor=0.25).pick(pool, most=4) == [pool[2]]
    assert SentenceRelevance(trees, threshold=0.5, pool=5).pick(pool, most=4) == [pool[0]]  # no floor: the first
    assert passing.pick([], most=4) == []


def test_a_model_folder_without_a_floor_leaves_no_report_out(tmp_path):
    """A model saved before the floor (round 22) loads with none: every report with a candidate keeps its item."""
    _constant(-5.0).save(tmp_path, {})
    config = json.loads((tmp_path / "config.json").read_text(encoding="utf-8"))
    del config["choice"]["floor"]
    (tmp_path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    old = SentenceRelevance.load(tmp_path)
    assert old.floor == 0.0 and len(old.pick([_S(0), _S(1)], most=4)) == 1


def _on_last(probabilities: list[float], width: int) -> Trees:
    """``_lookup`` on the last of ``width`` features (the cross-encoder's probability)."""
    trees = _lookup(probabilities)
    return Trees(np.full((1, 7), width - 1, dtype=np.int64), trees.split, trees.leaf, 0.0)


class _Read:
    """A cross-encoder bound to a question, as comparison hands it to ``pick``: the k/8 it is given per candidate."""

    reports = 5

    def __init__(self, ks: list[int]):
        self.ks, self.seen = ks, []

    def __call__(self, pool):
        self.seen.append(len(pool))
        return np.array([k / 8 for k in self.ks[: len(pool)]])


def test_pick_reads_the_cross_encoders_probability_with_the_cross_trees(tmp_path):
    """With a cross-encoder the candidates' rows gain its probability and the cross trees read them; without one,
    or without cross trees, the trees over the features pick as before."""
    pool = [_S(k) for k in range(6)]
    trees = _lookup([0.1, 0.9, 0.4, 0.7, 0.95, 0.99])
    cross = _on_last([0.1, 0.2, 0.3, 0.6, 0.7, 0.8, 0.9, 0.95], len(ALL) + 1)
    model = SentenceRelevance(trees, threshold=0.5, pool=5, lexical=trees, cross=cross)
    read = _Read([0, 7, 1, 6, 2, 3])
    assert model.pick(pool, most=3) == [pool[0], pool[4], pool[1]]  # no cross-encoder: the trees alone
    assert model.pick(pool, most=3, read=read) == [pool[0], pool[1], pool[3]]  # 0.95 and 0.9 by its reading
    assert read.seen == [5]  # the pool only, in one call
    assert SentenceRelevance(trees, threshold=0.5, pool=5).pick(pool, most=3, read=read) == model.pick(pool, most=3)
    model.save(tmp_path, {})
    again = SentenceRelevance.load(tmp_path)
    rows = [s.features + (k / 8,) for s, k in zip(pool, read.ks)]
    np.testing.assert_allclose(again.probabilities(rows), model.probabilities(rows), atol=1e-6)
    trees_json = json.loads((tmp_path / "trees_cross.json").read_text(encoding="utf-8"))
    (tmp_path / "trees_cross.json").write_text(json.dumps({**trees_json, "feature": [[len(ALL) + 1] * 7]}), "utf-8")
    with pytest.raises(ValueError, match="不存在的特征：.*trees_cross"):
        SentenceRelevance.load(tmp_path)
    (tmp_path / "trees_cross.json").unlink()
    assert SentenceRelevance.load(tmp_path).cross is None  # a model folder of round twenty-one still loads


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
            # the heading it sits under: a heading line said as a sentence sits under the one above it
            heads = [h for h in s.chunk.section if normalize(h).strip() not in normalize(s.text)]
            near = normalize(heads[-1]) if heads else ""
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
    assert model is not None and model.features == ALL and len(model.trees.feature) >= 50
    assert model.lexical is not None and len(model.lexical.feature) >= 50
    training = json.loads((MODEL_DIR / "config.json").read_text(encoding="utf-8"))["training"]
    assert training["sentences"] >= 1000 and training["sets"]
    cv = training["cross_validated_by_report"]
    assert cv["dense"]["model"]["share_on"] > cv["rule_cut"]["share_on"]
    assert cv["lexical"]["model"]["share_on"] > cv["rule_cut"]["share_on"]


def test_candidates_carry_every_feature(pipeline):
    query = pipeline.analyse("其他县是怎么推进行政复议体制改革的?")
    result = pipeline.compare(query)
    assert result is not None and result.items
    similarity = pipeline.passage_similarity(query)
    assert similarity is not None  # the bundled index has vectors
    reports = {r.doc_id: r for r in pipeline.reports()}
    rows = {c.chunk_id: i for i, c in enumerate(pipeline.index.chunks)}
    for item in result.items:
        r = reports[item.doc_id]
        found = comparing.candidates(result.query, r.chunks, r.doc_norm, r.meta, r.plain or None, similarity)
        lexical = comparing.candidates(result.query, r.chunks, r.doc_norm, r.meta, r.plain or None)
        assert found is not None
        scores = [s.score for s in found.pool]
        assert scores == sorted(scores, reverse=True)
        featured = found.pool[:MAX_POOL]
        closest = max(float(pipeline.index.dense.vectors[rows[s.chunk.chunk_id]] @ query.vector) for s in featured)
        for rank, (s, plain) in enumerate(zip(found.pool, lexical.pool)):
            assert len(s.features) == (len(ALL) if rank < MAX_POOL else 0)  # only the best few are chosen among
            assert s.features[: len(FEATURES)] == plain.features  # the same signals, the similarity added
            assert all(-1e-9 <= v <= 1 + 1e-9 for v in s.features[: len(FEATURES)])
            if s.features:  # the question's embedding · the passage's vector, and how far below the closest
                closeness = float(pipeline.index.dense.vectors[rows[s.chunk.chunk_id]] @ query.vector)
                assert s.features[-2:] == pytest.approx((closeness, closeness - closest), abs=1e-3)
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
    assert model.features == ALL and model.lexical is not None
    assert set(report) == {"rule_cut", "dense", "lexical"} and report["lexical"]["trees"] in (50, 100, 150, 200)
    training = json.loads((out / "config.json").read_text(encoding="utf-8"))["training"]
    judged = sum(1 for f in folders for line in (f / "verdicts.jsonl").read_text(encoding="utf-8").splitlines() if line)
    # joined again by report and offsets; sentences of weak-topic answers (read by retrieval) are not candidates
    assert 0.8 * judged <= training["sentences"] <= judged
    assert report["rule_cut"]["blocks"] == training["blocks"] > 0
    # the choice it was run with (the script's defaults) is the model's, and the shipped model's
    shipped_model = SentenceRelevance.load()
    assert (model.best, model.floor, model.threshold) == (
        shipped_model.best,
        shipped_model.floor,
        shipped_model.threshold,
    )
    quoted = report["dense"]["model"]
    assert quoted["left_out_on"] <= quoted["left_out"] <= quoted["blocks"]
    assert quoted["blocks_all_on"] <= quoted["blocks"] - quoted["left_out"]  # counted among the blocks shown


@pytest.mark.parametrize("script", ["train_relevance", "cross_encoder_cv"])
def test_training_script_needs_two_reports(script, index_dir, tmp_path, monkeypatch, capsys):
    """Folds leave one report out: judged sentences of a single report get a one-line message, not a traceback."""
    sys.path.insert(0, str(ROOT / "scripts"))
    module = importlib.import_module(script)

    one = tmp_path / "one"
    one.mkdir()
    rows = [json.loads(x) for x in (TINY / "heldout8" / "items.jsonl").read_text(encoding="utf-8").splitlines() if x]
    doc = rows[0]["items"][0]["doc_id"]
    kept = [{**r, "items": [it for it in r["items"] if it["doc_id"] == doc]} for r in rows]
    (one / "items.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), encoding="utf-8")
    (one / "verdicts.jsonl").write_bytes((TINY / "heldout8" / "verdicts.jsonl").read_bytes())
    monkeypatch.setattr(sys, "argv", [f"{script}.py", str(one), "--index", str(index_dir)])
    assert module.main() == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "至少需要两份" in captured.err.splitlines()[-1]


def test_cross_encoder_cross_validation_end_to_end(index_dir, tmp_path, monkeypatch, capsys):
    """The cross-encoder's script runs on a small slice of judged sentences (two steps a fold): every candidate
    gets a probability from a model that never saw its report, the trees are cross-validated alongside, and the
    model trained on all of them is saved as a folder that loads with one call; the sentence model's script then
    trains cross trees on the held-out probabilities."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import cross_encoder_cv
    import train_relevance

    from qa.reading.cross_encoder import CrossEncoder
    from qa.reading.span_model import load_base

    folders = sorted(p for p in TINY.iterdir() if p.is_dir())
    probs, saved = tmp_path / "p.json", tmp_path / "cross_encoder"
    argv = ["cross_encoder_cv.py", *map(str, folders), "--index", str(index_dir), "--max-steps", "2", "--batch", "4"]
    argv += ["--max-length", "48", "--trees", "50", "--probabilities", str(probs), "--save", str(saved)]
    monkeypatch.setattr(sys, "argv", [*argv, "--reports", "3"])
    assert cross_encoder_cv.main() == 0
    report = json.loads(capsys.readouterr().out)
    rows = json.loads(probs.read_text(encoding="utf-8"))
    assert len(report["per_report"]) >= 2 and report["trees"]["blocks"] == len(rows) > 0
    assert all(0.0 <= p <= 1.0 for r in rows for p in r["p"])
    judged = sum(r["judged"] for r in report["per_report"].values())
    quoted = report["trees"]["on"] + report["trees"]["off"]
    assert 0 < quoted <= judged and report["cross_encoder"]["blocks"] == report["trees_with_cross_encoder"]["blocks"]
    assert set(report["mixed"]) == {"0.25", "0.5", "0.75"} and report["ms_per_pair"] > 0
    base, tokenizer = load_base()
    model = CrossEncoder.load(saved, base)
    assert (model.config.split, model.config.layers, model.config.reports) == (2, 6, 3)
    assert model.config.trained["pairs"] == judged and model.config.trained["cross_validated_by_report"]
    assert len(model.top) == 4 and model.base is base  # its own layers 2–5; the base is the one given, not copied
    p = model.probabilities(tokenizer, "行政复议", ["行政复议：全年办理行政复议案件36件", "普法：开展宪法宣传周活动"])
    assert p.shape == (2,) and np.all((0 < p) & (p < 1))

    out = tmp_path / "relevance"
    argv = ["train_relevance.py", *map(str, folders), "--out", str(out), "--index", str(index_dir)]
    monkeypatch.setattr(sys, "argv", [*argv, "--cross", str(probs)])
    assert train_relevance.main() == 0
    trained = json.loads(capsys.readouterr().out)
    relevance = SentenceRelevance.load(out)
    assert relevance.cross is not None and set(trained) == {"rule_cut", "dense", "lexical", "cross"}
    assert trained["cross"]["model"]["blocks"] == trained["dense"]["model"]["blocks"] == len(rows)
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))["training"]
    assert "cross_encoder" in config["cross_model"] and config["command"].endswith("--cross p.json")
    # held-out probabilities of other judged folders than the ones trained on: a one-line message
    monkeypatch.setattr(sys, "argv", [*argv, "--cross", str(_first_only(rows, tmp_path / "q.json"))])
    assert train_relevance.main() == 2
    assert "缺少" in capsys.readouterr().err.splitlines()[-1]


def _first_only(rows: list[dict], path: Path) -> Path:
    path.write_text(json.dumps(rows[:1], ensure_ascii=False), encoding="utf-8")
    return path


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


@pytest.mark.parametrize("mode", ["hybrid", "bm25"])
def test_each_mode_quotes_what_its_trees_pick(pipeline, mode):
    """With vectors the candidates carry the passages' similarity, the cross-encoder reads the first five reports'
    and the cross trees pick; `--mode bm25` has neither (even when the retriever could embed), and the lexical trees
    pick from the lexical features."""
    from dataclasses import replace

    from qa.pipeline import Pipeline
    from qa.settings import Settings

    # The trees' own pick: the figure a done item lacks is added after it (compare_done_figure, test_comparison).
    settings = replace(Settings(), compare_cross_encoder=True, compare_done_figure=False)
    pipe = Pipeline(pipeline.retriever, mode=mode, settings=settings)
    query = pipe.analyse("其他县是怎么推进行政复议体制改革的?")
    similarity = pipe.passage_similarity(query)
    assert (similarity is None) == (mode == "bm25")
    read = pipe.read_together(query)
    assert (read is None) == (mode == "bm25")  # the cross-encoder reads the first reports where vectors are read
    result = pipe.compare(query)
    reports = {r.doc_id: r for r in pipe.reports()}
    model = shipped()
    assert result.items
    assert read is None or len(result.items) <= read.reports  # five reports: every one is read again
    for item in result.items:
        r = reports[item.doc_id]
        found = comparing.candidates(result.query, r.chunks, r.doc_norm, r.meta, r.plain or None, similarity)
        assert len(found.pool[0].features) == (len(FEATURES) if mode == "bm25" else len(ALL))
        picked = sorted(model.pick(found.pool, 4, read), key=lambda s: s.start)
        assert [(s.start, s.end) for s in item.sentences] == [(s.start, s.end) for s in picked]


def test_a_comparison_reads_only_its_first_reports_again(pipeline):
    """The cross-encoder's cost is fixed: of the reports a comparison quotes, only the first ``reports`` are read
    again with it (one call each, on the report's pool), whatever the number of reports."""
    query = pipeline.analyse("其他县是怎么推进行政复议体制改革的?")
    topic = pipeline.compare(query).query
    constant = Trees(np.zeros((1, 1), dtype=np.int64), np.full((1, 1), 1e9), np.zeros((1, 2)), 0.0)
    model = SentenceRelevance(constant, lexical=constant, cross=constant)
    similarity = pipeline.passage_similarity(query)
    read = _Read([4] * MAX_POOL)
    read.reports = 2
    items = comparing.compare(topic, pipeline.reports(), relevance=model, similarity=similarity, read=read)
    assert len(items) > 2 and read.seen == [model.pool, model.pool]
    plain = comparing.compare(topic, pipeline.reports(), relevance=model, similarity=similarity)
    assert sorted(it.doc_id for it in items) == sorted(it.doc_id for it in plain)


def test_the_cross_encoder_trains_its_own_layers_not_the_embedders():
    """Its layers start as copies of the embedder's frozen ones; training moves them and the head, never the base."""
    import torch

    sys.path.insert(0, str(ROOT / "scripts"))
    from cross_encoder_cv import Trainer

    from qa.reading.cross_encoder import CrossConfig

    torch.manual_seed(0)
    trainer = Trainer(CrossConfig("test", split=2, layers=4, max_length=32))
    base = trainer.model.base
    before = [p.detach().clone() for p in trainer.model.top.parameters()]
    frozen = [p.detach().clone() for p in base.parameters()]
    pairs = [
        (0, k, "行政复议", text, k % 2 == 0, "doc")
        for k, text in enumerate(["复议：办理案件36件", "普法：宪法宣传"] * 2)
    ]
    trainer.fit(pairs, epochs=1.0, batch=4, lr=1e-3, max_steps=2, seed=0)
    assert any(not torch.equal(a, b) for a, b in zip(before, trainer.model.top.parameters()))
    assert all(torch.equal(a, b) for a, b in zip(frozen, base.parameters()))
    assert len(trainer.model.top) == 2 and not any(p.requires_grad for p in base.parameters())


@pytest.mark.parametrize("folder,qid", [("heldout8", "h8-097")])
def test_a_report_that_names_the_topic_only_in_passing_is_left_out(pipeline, folder, qid):
    """ "老百姓对政府决定不服去申请复议的,各地一年办了多少件?": the rule lists reports whose sentences an outside judge
    found each off topic (重大行政决策 for the 复议 count); the model leaves them out (no candidate reaches its floor)
    and keeps every report the judge found a sentence on topic in. (heldout7's h7-018, "哪些地方制定或推行行政执法事项
    清单?", was such a case at the floor 0.3; at 0.2, chosen in round 41, its report is listed.)"""
    from dataclasses import replace

    from qa.pipeline import Pipeline
    from qa.settings import Settings

    sys.path.insert(0, str(ROOT / "scripts"))
    from topic_judging import load_judged

    questions, verdicts = load_judged(ROOT / "eval" / "judged" / folder)
    (question,) = [q for q in questions if q["id"] == qid]
    judged = {(it["doc_id"], it["start"]): verdicts.get((qid, it["k"])) for it in question["items"]}
    # The judge saw the candidates of terms as written: a term written apart (compare_term_gap, round twenty-nine)
    # brings sentences no one judged ("行政监管执法" for 行政执法).
    as_judged = replace(Settings(), compare_term_gap=0)
    ruled = Pipeline(pipeline.retriever, settings=replace(as_judged, compare_relevance=False))
    by_rule = {it.doc_id: it for it in ruled.compare(question["question"]).items}
    modelled = Pipeline(pipeline.retriever, settings=as_judged)
    kept = {it.doc_id for it in modelled.compare(question["question"]).items}
    assert shipped().floor > 0
    left_out = set(by_rule) - kept
    assert left_out  # the case exists on the bundled reports
    for doc_id in left_out:
        assert [judged.get((doc_id, s.start)) for s in by_rule[doc_id].sentences] == [False] * len(
            by_rule[doc_id].sentences
        )
    on_topic = {doc for (doc, _), y in judged.items() if y}
    assert on_topic and on_topic <= kept
    # the answer still names them, as text
    answer = modelled.ask(question["question"])
    result = modelled.compare(question["question"])
    assert {it.doc_id for it in result.passing} == left_out
    assert "未列出" in answer.note and all(f"{it.region}{it.year}年" in answer.note for it in result.passing)


@pytest.mark.parametrize(
    "question",
    [
        "各地法治政府建设领导小组的组长由谁担任?",
        "老百姓对政府决定不服去申请复议的,各地一年办了多少件?",
        "其他县是怎么推进行政复议体制改革的?",
    ],
)
def test_leaving_a_report_out_lets_no_other_in(pipeline, monkeypatch, question):
    """A report left out still counts as holding the topic (``keep_specific``'s share of reports), so leaving it
    out never brings in a report the comparison would not list without the floor."""
    from dataclasses import replace

    import qa.pipeline

    model = shipped()
    with_floor = pipeline.compare(question)
    monkeypatch.setattr(qa.pipeline.relevance_model, "shipped", lambda: replace(model, floor=0.0))
    without = {it.doc_id for it in pipeline.compare(question).items}
    kept, passing = {it.doc_id for it in with_floor.items}, {it.doc_id for it in with_floor.passing}
    assert kept <= without <= kept | passing and not kept & passing
