"""Train the comparison sentence-relevance model (qa/reading/relevance.py) on judged candidate sentences.

    PYTHONPATH=. .venv/bin/python scripts/topic_judging.py export eval/heldout8.jsonl DIR --pool 6
    # an outside judge writes DIR/verdicts.jsonl (see DIR/JUDGE.md)
    PYTHONPATH=. .venv/bin/python scripts/train_relevance.py DIR [DIR ...] --out qa/models/relevance

Each folder is one judged question set. The candidates are found again (``comparison.candidates``) and joined to
the verdicts by report and offsets, so features can change without judging again. The model is gradient-boosted
trees (scikit-learn's GradientBoostingClassifier, depth 3, at least 50 sentences a leaf); the number of trees is
chosen by cross-validation that leaves one REPORT out. Two are trained: one with the candidates' passage similarity
to the question (from the index's vectors, so ``--index`` must hold them) and a lexical one without it, for
collections read without vectors (`--mode bm25`). Leaving one question set out instead flatters any model
that can remember a sentence: the same sentences come back, judged, for similar questions of other sets, while a
user's collection holds reports nobody judged.

What is quoted: the rule's best sentence (the rule puts the topic's figures and measures first, as the comparison
issue asks) unless the model doubts it (``--doubt``, 0.3) and is sure of another (``--sure``, 0.5), which is then
quoted first; then others from probability 0.4 (``--threshold``): the judges asked for the question's exact aspect
("列席" of 法律顾问列席), stricter than the issue's "on topic" (facets rank within the topic), so a sentence a
little less likely than not is still quoted.
Printed (JSON, stdout): cross-validated counts of what the model would quote against the rule's keep-gap cut on
the same candidates, per set and in all. Only counts, never question text.
``--evaluate MODEL_DIR`` trains nothing and compares that model with the rule on the folders given.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from topic_judging import load_judged  # noqa: E402

from qa.reading.relevance import choose  # noqa: E402


def collect(pipe, folders: list[Path], pool: int) -> list[dict]:
    """One row per report block: its candidates' features, labels (None when not judged) and rule picks; the question
    and each candidate's nearest headings and text, for a model that reads them (scripts/cross_encoder_cv.py)."""
    from qa.reading import comparison as comparing

    reports = {r.doc_id: r for r in pipe.reports()}
    blocks = []
    for folder in folders:
        questions, verdicts = load_judged(folder)
        for q in questions:
            label = {(it["doc_id"], it["start"], it["end"]): verdicts.get((q["id"], it["k"])) for it in q["items"]}
            query = pipe.analyse(q["question"])
            result = pipe.compare(query)
            if result is None:
                continue
            similarity = pipe.passage_similarity(query)
            for item in result.items:
                r = reports[item.doc_id]
                found = comparing.candidates(result.query, r.chunks, r.doc_norm, r.meta, r.plain or None, similarity)
                if found is None:
                    continue
                cands = found.pool[:pool]
                ys = [label.get((item.doc_id, s.start, s.end)) for s in cands]
                if all(y is None for y in ys):
                    continue
                rule = comparing.read_report(
                    result.query, r.chunks, r.doc_norm, r.meta, r.doc_id, plain=r.plain or None
                )
                kept = {(s.start, s.end) for s in rule.sentences} if rule else set()
                blocks.append(
                    {
                        "set": folder.name,
                        "id": q["id"],
                        "doc": item.doc_id,
                        "x": [list(s.features) for s in cands],
                        "y": ys,
                        "rule": [(s.start, s.end) in kept for s in cands],
                        "question": q["question"],
                        "texts": [s.text for s in cands],
                        "headings": [s.headings for s in cands],
                    }
                )
    return blocks


ONE_REPORT = "评判过的候选句只来自一份报告：按报告留一交叉验证至少需要两份"


def missing_verdicts(folders: list[Path]) -> str | None:
    """The one-line message for judged folders without verdicts.jsonl; None when every folder has them."""
    missing = [str(f) for f in folders if not (f / "verdicts.jsonl").exists()]
    return f"缺少 verdicts.jsonl：{'、'.join(missing)}" if missing else None


def exported_pipeline(corpus: Path, index: Path):
    """The reports and candidates as the pools were exported: by the rule, whatever model is shipped now."""
    from qa.pipeline import Pipeline
    from qa.settings import Settings

    return Pipeline.open(corpus, index, settings=replace(Settings(), compare_relevance=False), show_progress=False)


def choice_of(model) -> dict:
    """How a SentenceRelevance chooses its sentences, as ``_quoted`` takes it."""
    return {
        "threshold": model.threshold,
        "best": model.best,
        "doubt": model.doubt,
        "sure": model.sure,
        "floor": model.floor,
    }


DEPTH, MIN_LEAF, LEARNING_RATE = 3, 50, 0.05  # small trees, many sentences a leaf: a few thousand labels


def _fit(blocks: list[dict], trees: int, width: int | None = None):
    """The model on the candidates' first ``width`` features (all when None)."""
    from sklearn.ensemble import GradientBoostingClassifier

    x = np.array([f[:width] for b in blocks for f, y in zip(b["x"], b["y"]) if y is not None])
    y = np.array([y for b in blocks for y in b["y"] if y is not None], dtype=int)
    model = GradientBoostingClassifier(
        n_estimators=trees, max_depth=DEPTH, min_samples_leaf=MIN_LEAF, learning_rate=LEARNING_RATE, random_state=0
    )
    return model.fit(x, y), x


def to_trees(model, x: np.ndarray):
    """scikit-learn's boosted trees as ``relevance.Trees``: each tree made complete to the depth (a leaf above it
    copied down both ways), the learning rate folded into the leaves, the prior into the bias."""
    from qa.reading.relevance import Trees

    inner, leaves = 2**DEPTH - 1, 2**DEPTH
    n = model.estimators_.shape[0]
    feature = np.zeros((n, inner), dtype=np.int64)
    split = np.full((n, inner), 1e9)  # a copied-down leaf: every value goes left
    leaf = np.zeros((n, leaves))
    for t, est in enumerate(model.estimators_[:, 0]):
        tree = est.tree_

        def fill(node: int, pos: int, depth: int) -> None:
            if depth == DEPTH:
                leaf[t, pos - inner] = model.learning_rate * tree.value[node][0][0]
                return
            if tree.children_left[node] == -1:
                fill(node, 2 * pos + 1, depth + 1)
                fill(node, 2 * pos + 2, depth + 1)
                return
            feature[t, pos], split[t, pos] = tree.feature[node], tree.threshold[node]
            fill(tree.children_left[node], 2 * pos + 1, depth + 1)
            fill(tree.children_right[node], 2 * pos + 2, depth + 1)

        fill(0, 0, 0)
    trees = Trees(feature, split, leaf, 0.0)
    offset = model.decision_function(x) - trees.logits(x)  # the prior's logit, the same for every row
    if np.ptp(offset) >= 1e-6:
        raise ValueError("树的转换与 scikit-learn 的结果不一致")
    return Trees(feature, split, leaf, float(offset[0]))


def _cross_validate(blocks: list[dict], trees: int, width: int | None = None) -> tuple[list[np.ndarray], float]:
    """Probabilities of every block's candidates from a model trained without its report, and the log loss."""
    probs: dict[int, np.ndarray] = {}
    loss = 0.0
    for doc in sorted({b["doc"] for b in blocks}):
        model, _ = _fit([b for b in blocks if b["doc"] != doc], trees, width)
        for i, b in enumerate(blocks):
            if b["doc"] == doc:
                probs[i] = model.predict_proba(np.array(b["x"])[:, :width])[:, 1]
                for p, y in zip(probs[i], b["y"]):
                    if y is not None:
                        p = min(max(p, 1e-6), 1 - 1e-6)
                        loss -= np.log(p if y else 1 - p)
    return [probs[i] for i in range(len(blocks))], loss


def _quoted(blocks: list[dict], probs: list[np.ndarray], choice: dict | None, most: int = 4) -> dict:
    """What would be quoted (``choice=None``: the rule's keep-gap cut): on / off / unjudged sentences, blocks shown,
    blocks with a judged on-topic sentence and blocks with none judged off; blocks left out (no candidate reaches the
    choice's floor) and of those, how many had a sentence judged on topic."""
    out = {"on": 0, "off": 0, "unjudged": 0, "blocks": len(blocks), "blocks_on": 0, "blocks_all_on": 0}
    out |= {"left_out": 0, "left_out_on": 0}
    for b, p in zip(blocks, probs):
        if choice is None:
            keep = [i for i, r in enumerate(b["rule"]) if r]
        else:
            keep = choose(list(p), most=most, **choice)  # as SentenceRelevance.pick chooses
        if not keep:
            out["left_out"] += 1
            out["left_out_on"] += any(y is True for y in b["y"])
            continue
        ys = [b["y"][i] for i in keep]
        out["on"] += sum(y is True for y in ys)
        out["off"] += sum(y is False for y in ys)
        out["unjudged"] += sum(y is None for y in ys)
        out["blocks_on"] += any(y is True for y in ys)
        out["blocks_all_on"] += all(y is not False for y in ys)
    judged = out["on"] + out["off"]
    out["share_on"] = round(out["on"] / judged, 3) if judged else None
    return out


def _cross_probabilities(path: Path) -> dict[tuple[str, str, str], list[float]]:
    """(set, question id, report) → the held-out cross-encoder probabilities of the block's candidates."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    return {(r["set"], r["id"], r["doc"]): r["p"] for r in rows}


def _shipped_cross_encoder():
    """The shipped cross-encoder as a function of a block: its candidates' probabilities."""
    from qa.reading.cross_encoder import ARTIFACT_DIR, CrossEncoder, pair_text
    from qa.reading.span_model import load_base

    base, tokenizer = load_base()
    model = CrossEncoder.load(ARTIFACT_DIR, base)

    def read(block: dict) -> list[float]:
        texts = [pair_text(h, t) for h, t in zip(block["headings"], block["texts"])]
        return [float(v) for v in model.probabilities(tokenizer, block["question"], texts)]

    return read


def main() -> int:
    ap = argparse.ArgumentParser(description="训练对比回答的句子相关性模型（外部评判标注的候选句）")
    ap.add_argument("folders", type=Path, nargs="+", help="topic_judging.py export --pool 导出并已评判的目录")
    ap.add_argument("--out", type=Path, default=None, help="模型目录（如 qa/models/relevance）；不给则只做交叉验证")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--index", type=Path, default=ROOT / "index")
    ap.add_argument("--pool", type=int, default=6)
    ap.add_argument(
        "--best", choices=("rule", "model"), default="model", help="先引的一句：模型最可能的句，或规则最优句"
    )
    ap.add_argument("--threshold", type=float, default=0.4, help="其余候选句保留的概率下限")
    ap.add_argument("--doubt", type=float, default=0.3, help="规则最优句的概率低于此值……")
    ap.add_argument("--sure", type=float, default=0.5, help="……且另一句的概率不低于此值时，先引那一句")
    ap.add_argument(
        "--floor", type=float, default=0.2, help="一份报告的候选句概率都低于此值时，视为只是顺带提到，不列出"
    )
    ap.add_argument("--evaluate", type=Path, default=None, help="不训练：用这个模型目录在给定评判集上与规则比较")
    ap.add_argument(
        "--cross",
        type=Path,
        default=None,
        help="cross_encoder_cv.py --probabilities 写的留一概率：再训练读交叉编码器概率的树（trees_cross.json）",
    )
    args = ap.parse_args()

    from qa.reading.relevance import CROSS_FEATURES, DENSE_FEATURES, FEATURES, MAX_POOL, SentenceRelevance

    if not 1 <= args.pool <= MAX_POOL:
        print(f"--pool 应在 1–{MAX_POOL} 之间", file=sys.stderr)
        return 2
    missing = missing_verdicts(args.folders)
    if missing:
        print(missing, file=sys.stderr)
        return 2
    blocks = collect(exported_pipeline(args.corpus, args.index), args.folders, args.pool)
    sets = sorted({b["set"] for b in blocks})
    print(f"{len(blocks)} 个报告块，{len(sets)} 个问题集", file=sys.stderr)
    if len({b["doc"] for b in blocks}) < 2 and not args.evaluate:
        print(ONE_REPORT, file=sys.stderr)
        return 2
    if any(len(f) != len(FEATURES) + len(DENSE_FEATURES) for b in blocks for f in b["x"]):
        print(
            f"索引没有向量（{args.index}）：候选句缺少与问题的相似度，请先用 `qa index` 建带向量的索引", file=sys.stderr
        )
        return 2
    choice = {
        "threshold": args.threshold,
        "best": args.best,
        "doubt": args.doubt,
        "sure": args.sure,
        "floor": args.floor,
    }
    lexical = len(FEATURES)  # the lexical trees read the first features only
    dense_width = len(FEATURES) + len(DENSE_FEATURES)
    if args.evaluate:
        # A model judged on sets it was not trained on (a blind set): counts only.
        model = SentenceRelevance.load(args.evaluate)
        chosen = choice_of(model)
        result = {"rule_cut": _quoted(blocks, [np.zeros(len(b["x"])) for b in blocks], None)}
        for name, width in (("model", None), ("model_lexical", lexical)):
            probs = [model.probabilities([tuple(f[:width]) for f in b["x"]]) for b in blocks]
            result[name] = _quoted(blocks, probs, chosen)
        if model.cross is not None:  # with the shipped cross-encoder's probabilities, as a comparison reads them
            read = _shipped_cross_encoder()
            probs = [model.probabilities([tuple(f) + (p,) for f, p in zip(b["x"], read(b))]) for b in blocks]
            result["model_cross"] = _quoted(blocks, probs, chosen)
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    if args.cross:
        held_out = _cross_probabilities(args.cross)
        missing = [b for b in blocks if (b["set"], b["id"], b["doc"]) not in held_out]
        if missing:
            print(
                f"{args.cross} 缺少 {len(missing)} 个报告块的交叉编码器概率（用同样的目录运行 cross_encoder_cv.py）",
                file=sys.stderr,
            )
            return 2
        for b in blocks:
            b["x"] = [f + [p] for f, p in zip(b["x"], held_out[b["set"], b["id"], b["doc"]])]

    # Leave one report out: the number of trees, and what the model would quote on a report it has not seen. The
    # model with the passages' similarity and the lexical one (collections without vectors) alike.
    report: dict = {"rule_cut": _quoted(blocks, [np.zeros(len(b["x"])) for b in blocks], None)}  # the same for both
    fitted = {}
    models = [("dense", dense_width, FEATURES + DENSE_FEATURES), ("lexical", lexical, FEATURES)]
    if args.cross:
        models.append(("cross", None, FEATURES + DENSE_FEATURES + CROSS_FEATURES))
    for name, width, names in models:
        part: dict = {"cv_log_loss": {}}
        best = None
        for n in (50, 100, 150, 200):
            probs, loss = _cross_validate(blocks, n, width)
            part["cv_log_loss"][n] = round(loss, 1)
            if best is None or loss < best[2]:
                best = (n, probs, loss)
        trees, ordered, _ = best
        part["trees"] = trees
        part["model"] = _quoted(blocks, ordered, choice)
        part["per_set_share_on"] = {}
        for set_name in sets:
            sub = [(b, p) for b, p in zip(blocks, ordered) if b["set"] == set_name]
            subset, subprobs = [b for b, _ in sub], [p for _, p in sub]
            cut, chosen = _quoted(subset, subprobs, None), _quoted(subset, subprobs, choice)
            part["per_set_share_on"][set_name] = {"rule_cut": cut["share_on"], "model": chosen["share_on"]}
        model, x = _fit(blocks, trees, width)
        part["importance"] = {
            f: round(float(v), 3) for f, v in sorted(zip(names, model.feature_importances_), key=lambda t: -t[1])
        }
        report[name] = part
        fitted[name] = (to_trees(model, x), len(x), trees)
    if args.out:
        (dense, sentences, trees), (lexical_trees, _, lexical_count) = fitted["dense"], fitted["lexical"]
        params = f"max_depth={DEPTH}, min_samples_leaf={MIN_LEAF}, learning_rate={LEARNING_RATE}, random_state=0"
        training = {
            "date": date.today().isoformat(),
            "sets": sets,
            "sentences": sentences,
            "on_topic": sum(y is True for b in blocks for y in b["y"]),
            "blocks": len(blocks),
            "model": f"GradientBoostingClassifier(n_estimators={trees}, {params})",
            "lexical_model": f"GradientBoostingClassifier(n_estimators={lexical_count}, {params}), without "
            + "、".join(DENSE_FEATURES),
            "cross_validated_by_report": {
                "rule_cut": report["rule_cut"],
                **{name: {k: report[name][k] for k in ("cv_log_loss", "model")} for name, _, _ in models},
            },
            "labels": "each set's comparative questions, its reports' candidates (topic_judging.py export --pool), "
            "judged sentence by sentence by outside helper sessions that read only the export and the reports",
            "command": "scripts/train_relevance.py "
            + " ".join(f"{f.parent.name}/{f.name}" for f in args.folders)
            + f" --best {args.best} --floor {args.floor}"
            + (f" --cross {args.cross.name}" if args.cross else ""),
        }
        if args.cross:
            cross_trees, _, cross_count = fitted["cross"]
            training["cross_model"] = (
                f"GradientBoostingClassifier(n_estimators={cross_count}, {params}), with "
                + "、".join(CROSS_FEATURES)
                + f" held out by report ({args.cross.name})"
            )
        chosen = SentenceRelevance(
            dense,
            args.threshold,
            args.pool,
            args.best,
            args.doubt,
            args.sure,
            args.floor,
            lexical=lexical_trees,
            cross=fitted["cross"][0] if args.cross else None,
        )
        chosen.save(args.out, training)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
