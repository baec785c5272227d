"""Train the comparison sentence-relevance model (qa/reading/relevance.py) on judged candidate sentences.

    PYTHONPATH=. .venv/bin/python scripts/topic_judging.py export eval/heldout8.jsonl DIR --pool 6
    # an outside judge writes DIR/verdicts.jsonl (see DIR/JUDGE.md)
    PYTHONPATH=. .venv/bin/python scripts/train_relevance.py DIR [DIR ...] --out qa/models/relevance

Each folder is one judged question set. The candidates are found again (``comparison.candidates``) and joined to
the verdicts by report and offsets, so features can change without judging again. The regularisation is chosen by
leave-one-set-out cross-validation. The sentence always kept is the rule's best (``--best rule``: the rule puts
the topic's figures and measures first, as the comparison issue asks), and another is kept from probability 0.4
(``--threshold``): the judges asked for the question's exact aspect ("列席" of 法律顾问列席), stricter than the
issue's "on topic" (facets rank within the topic), so a sentence a little less likely than not is still quoted.
Printed (JSON, stdout): per-set cross-validated counts of what the model would quote against the rule's
keep-gap cut on the same candidates, and the model's weights. Only counts, never question text.
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
    """One row per report block: its candidates' features, labels (None when not judged) and rule picks."""
    from qa.reading import comparison as comparing

    reports = {r.doc_id: r for r in pipe.reports()}
    blocks = []
    for folder in folders:
        questions, verdicts = load_judged(folder)
        for q in questions:
            label = {(it["doc_id"], it["start"], it["end"]): verdicts.get((q["id"], it["k"])) for it in q["items"]}
            result = pipe.compare(q["question"])
            if result is None:
                continue
            for item in result.items:
                r = reports[item.doc_id]
                found = comparing.candidates(result.query, r.chunks, r.doc_norm, r.meta, r.plain or None)
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
                        "x": [list(s.features) for s in cands],
                        "y": ys,
                        "rule": [(s.start, s.end) in kept for s in cands],
                    }
                )
    return blocks


def _fit(blocks: list[dict], c: float):
    from sklearn.linear_model import LogisticRegression

    x = np.array([f for b in blocks for f, y in zip(b["x"], b["y"]) if y is not None])
    y = np.array([y for b in blocks for y in b["y"] if y is not None], dtype=int)
    return LogisticRegression(C=c, max_iter=2000).fit(x, y)


def _quoted(blocks: list[dict], probs: list[np.ndarray], threshold: float, best: str, most: int = 4) -> dict:
    """What would be quoted: on / off / unjudged sentences, and blocks with a judged on-topic sentence."""
    out = {"on": 0, "off": 0, "unjudged": 0, "blocks": len(blocks), "blocks_on": 0}
    for b, p in zip(blocks, probs):
        if best == "rule_cut":
            keep = [i for i, r in enumerate(b["rule"]) if r]
        else:
            keep = choose(list(p), threshold, best, most)  # as SentenceRelevance.pick chooses
        ys = [b["y"][i] for i in keep]
        out["on"] += sum(y is True for y in ys)
        out["off"] += sum(y is False for y in ys)
        out["unjudged"] += sum(y is None for y in ys)
        out["blocks_on"] += any(y is True for y in ys)
    judged = out["on"] + out["off"]
    out["share_on"] = round(out["on"] / judged, 3) if judged else None
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description="训练对比回答的句子相关性模型（外部评判标注的候选句）")
    ap.add_argument("folders", type=Path, nargs="+", help="topic_judging.py export --pool 导出并已评判的目录")
    ap.add_argument("--out", type=Path, default=None, help="模型目录（如 qa/models/relevance）；不给则只做交叉验证")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--index", type=Path, default=ROOT / "index")
    ap.add_argument("--pool", type=int, default=6)
    ap.add_argument(
        "--best", choices=("rule", "model"), default="rule", help="总保留的一句：规则最优句或模型最可能的句"
    )
    ap.add_argument("--threshold", type=float, default=0.4, help="其余候选句保留的概率下限")
    ap.add_argument("--evaluate", type=Path, default=None, help="不训练：用这个模型目录在给定评判集上与规则比较")
    args = ap.parse_args()

    from qa.pipeline import Pipeline
    from qa.reading.relevance import FEATURES, MAX_POOL, SentenceRelevance
    from qa.settings import Settings

    if not 1 <= args.pool <= MAX_POOL:
        print(f"--pool 应在 1–{MAX_POOL} 之间", file=sys.stderr)
        return 2
    missing = [str(f) for f in args.folders if not (f / "verdicts.jsonl").exists()]
    if missing:
        print(f"缺少 verdicts.jsonl：{'、'.join(missing)}", file=sys.stderr)
        return 2
    # The reports and candidates as the pools were exported: by the rule, whatever model is shipped now.
    settings = replace(Settings(), compare_relevance=False)
    pipe = Pipeline.open(args.corpus, args.index, settings=settings, show_progress=False)
    blocks = collect(pipe, args.folders, args.pool)
    sets = sorted({b["set"] for b in blocks})
    print(f"{len(blocks)} 个报告块，{len(sets)} 个问题集", file=sys.stderr)
    if args.evaluate:
        # A model judged on sets it was not trained on (a blind set): counts only.
        model = SentenceRelevance.load(args.evaluate)
        probs = [np.array([model.probability(tuple(f)) for f in b["x"]]) for b in blocks]
        result = {
            "rule_cut": _quoted(blocks, probs, 0.5, "rule_cut"),
            "model": _quoted(blocks, probs, model.threshold, model.best),
        }
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0

    # Leave one set out: the regularisation, and what the model would quote on a set it has not seen.
    report: dict = {"cv": {}}
    best_c, best_loss = None, None
    for c in (0.03, 0.1, 0.3, 1.0, 3.0):
        loss = 0.0
        for s in sets:
            train = [b for b in blocks if b["set"] != s]
            model = _fit(train, c)
            for b in (b for b in blocks if b["set"] == s):
                for f, y in zip(b["x"], b["y"]):
                    if y is not None:
                        p = min(max(model.predict_proba([f])[0, 1], 1e-6), 1 - 1e-6)
                        loss -= np.log(p if y else 1 - p)
        report["cv"][f"C={c}"] = round(loss, 2)
        if best_loss is None or loss < best_loss:
            best_c, best_loss = c, loss
    probs = {}
    for s in sets:
        model = _fit([b for b in blocks if b["set"] != s], best_c)
        for i, b in enumerate(blocks):
            if b["set"] == s:
                probs[i] = model.predict_proba(np.array(b["x"]))[:, 1]
    ordered = [probs[i] for i in range(len(blocks))]
    report["C"] = best_c
    report["rule_cut"] = _quoted(blocks, ordered, 0.5, "rule_cut")
    for t in (0.3, 0.4, 0.5, 0.6, 0.7):
        report[f"rule_best_t{t}"] = _quoted(blocks, ordered, t, "rule")
        report[f"model_best_t{t}"] = _quoted(blocks, ordered, t, "model")
    per_set = {}
    for s in sets:
        idx = [i for i, b in enumerate(blocks) if b["set"] == s]
        sub = [blocks[i] for i in idx]
        per_set[s] = {
            "rule_cut": _quoted(sub, [ordered[i] for i in idx], 0.5, "rule_cut")["share_on"],
            "model": _quoted(sub, [ordered[i] for i in idx], args.threshold, args.best)["share_on"],
        }
    report["per_set_share_on"] = per_set

    model = _fit(blocks, best_c)
    weights = tuple(float(w) for w in model.coef_[0])
    report["weights"] = dict(zip(FEATURES, (round(w, 3) for w in weights)))
    if args.out:
        n = sum(y is not None for b in blocks for y in b["y"])
        training = {
            "date": date.today().isoformat(),
            "sets": sets,
            "sentences": n,
            "on_topic": sum(y is True for b in blocks for y in b["y"]),
            "blocks": len(blocks),
            "C": best_c,
            "cross_validated": {
                "rule_cut": report["rule_cut"],
                "model": _quoted(blocks, ordered, args.threshold, args.best),
            },
            "labels": "each set's comparative questions, its reports' candidates (topic_judging.py export --pool), "
            "judged sentence by sentence by outside helper sessions that read only the export and the reports",
            "command": "scripts/train_relevance.py " + " ".join(f.name for f in args.folders),
        }
        chosen = SentenceRelevance(weights, float(model.intercept_[0]), args.threshold, args.pool, args.best)
        chosen.save(args.out, training)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
