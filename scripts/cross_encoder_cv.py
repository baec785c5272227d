"""Measure the comparison sentences' cross-encoder against the trees, leaving one report out; train and save it.

    PYTHONPATH=. .venv/bin/python scripts/cross_encoder_cv.py eval/judged/heldout* eval/judged_blind/heldout* \
        --save qa/models/cross_encoder > ce.json

The sentence model of qa/reading/relevance.py reads signals computed from words and the index's passage vectors. A
cross-encoder (qa/reading/cross_encoder.py) reads the question and the candidate together: the bundled encoder (the
converted multilingual-e5-small) takes "query: question" and "passage: headings：sentence" in one window, and a
linear head on its first token says whether the candidate is on topic. The word embeddings and the lower
``--frozen`` layers are the embedder's, frozen; the layers up to ``--layers`` are fine-tuned copies; the layers above
are not run (round twenty-one's whole encoder cost 55 ms a pair, six layers of 96 tokens about a fifth of it). For
each report it is fine-tuned on the other reports' judged candidates and scores the held-out report's, as
``train_relevance.py`` cross-validates the trees.

Printed (JSON, stdout; counts only, never question text): per held-out report the AUC of the cross-encoder, of the
trees and of their sum; what each would quote of the judged candidates (the trees, the trees with the
cross-encoder's probability as one more signal, the cross-encoder alone, and the two probabilities mixed by weight,
chosen as the shipped model chooses); and the encoder's time per pair on this machine. ``--save DIR`` then trains on
every judged candidate and writes the model folder, with ``--reports`` (how many reports a comparison reads with it);
``--probabilities FILE`` keeps the held-out probabilities, on which ``train_relevance.py --cross FILE`` trains the
cross trees (a stacked model: its signal is never one the cross-encoder saw the answer of).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_relevance import (  # noqa: E402
    ONE_REPORT,
    _cross_validate,
    _quoted,
    choice_of,
    collect,
    exported_pipeline,
    missing_verdicts,
)

from qa.reading.cross_encoder import pair_text  # noqa: E402


def _pairs(blocks: list[dict]) -> list[tuple[int, int, str, str, bool | None, str]]:
    """(block, candidate, question, headings：text, label, report) for every candidate."""
    return [
        (i, k, b["question"], pair_text(b["headings"][k], b["texts"][k]), b["y"][k], b["doc"])
        for i, b in enumerate(blocks)
        for k in range(len(b["texts"]))
    ]


class Trainer:
    """Fine-tunes a cross-encoder (qa/reading/cross_encoder.py: the base encoder's lower ``split`` layers shared and
    frozen, its own copies of the layers up to ``layers``, a head on the first token) on judged pairs."""

    def __init__(self, config):
        from qa.reading.cross_encoder import CrossEncoder
        from qa.reading.span_model import load_base

        base, self.tokenizer = load_base()
        for p in base.parameters():
            p.requires_grad = False
        self.model = CrossEncoder(base, config)
        for p in self.model.parameters():  # its own layers are copies of frozen ones: trained here
            p.requires_grad = True

    def logits(self, pairs):
        x = self.model.encode(self.tokenizer, [p[2] for p in pairs], [p[3] for p in pairs])
        return self.model(x["input_ids"], x["attention_mask"])

    def fit(self, pairs, epochs: float, batch: int, lr: float, max_steps: int | None, seed: int) -> None:
        import torch

        steps = max(1, int(len(pairs) / batch * epochs))
        steps = min(steps, max_steps) if max_steps else steps
        opt = torch.optim.AdamW(self.model.parameters(), lr=lr, weight_decay=0.01)
        # A short warm-up, then a linear decay to zero.
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 50) * max(0.0, 1 - s / steps))
        rng = random.Random(seed)
        self.model.train()
        step = 0
        while step < steps:
            order = pairs[:]
            rng.shuffle(order)
            for i in range(0, len(order), batch):
                if step >= steps:
                    break
                part = order[i : i + batch]
                y = torch.tensor([float(p[4]) for p in part])
                loss = torch.nn.functional.binary_cross_entropy_with_logits(self.logits(part), y)
                loss.backward()
                opt.step()
                sched.step()
                opt.zero_grad()
                step += 1
        self.model.eval()

    def probabilities(self, pairs) -> list[float]:
        by_question: dict[str, list] = {}
        for p in pairs:  # one call per question, as a comparison reads them
            by_question.setdefault(p[2], []).append(p)
        by_pair = {}
        for q, part in by_question.items():
            for p, v in zip(part, self.model.probabilities(self.tokenizer, q, [p[3] for p in part])):
                by_pair[p[0], p[1]] = float(v)
        return [by_pair[p[0], p[1]] for p in pairs]


def _auc(y: list[bool], score: list[float]) -> float | None:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(y, score)), 3) if 0 < sum(y) < len(y) else None


def _mixed(trees, ce, weight: float) -> list[np.ndarray]:
    """The two probabilities mixed: ``weight`` × the cross-encoder's + the rest × the trees' (measured, not shipped)."""
    return [(1 - weight) * t + weight * c for t, c in zip(trees, ce)]


def main() -> int:
    ap = argparse.ArgumentParser(description="按报告留一交叉验证并训练交叉编码器：判断对比回答的句子是否切题")
    ap.add_argument("folders", type=Path, nargs="+", help="topic_judging.py export --pool 导出并已评判的目录")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--index", type=Path, default=ROOT / "index")
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument(
        "--frozen", type=int, default=2, help="与向量模型共用、冻结的下层 Transformer 层数（词嵌入总是冻结）"
    )
    ap.add_argument("--layers", type=int, default=6, help="只读编码器的下若干层（共 12 层）")
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--max-length", type=int, default=96, help="问题与句子合计的最大词元数")
    ap.add_argument("--max-steps", type=int, default=None, help="每折最多训练步数（冒烟测试用）")
    ap.add_argument("--trees", type=int, default=150, help="树模型的树数（与 qa/models/relevance 相同）")
    ap.add_argument("--reports", type=int, default=5, help="对比回答中用交叉编码器重读的前几份报告")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-cv", action="store_true", help="不做交叉验证，只训练并保存")
    ap.add_argument(
        "--save", type=Path, default=None, help="在全部评判句上训练并保存到此目录（如 qa/models/cross_encoder）"
    )
    ap.add_argument("--probabilities", type=Path, default=None, help="把每个候选句的留一概率写入此 JSON 文件")
    args = ap.parse_args()

    import resource

    import torch

    from qa.reading.cross_encoder import CrossConfig
    from qa.reading.relevance import SentenceRelevance
    from qa.store.embedding import MODEL_ID

    missing = missing_verdicts(args.folders)
    if missing:
        print(missing, file=sys.stderr)
        return 2
    shipped = SentenceRelevance.load()  # chosen as the shipped model chooses, among its pool of candidates
    blocks = collect(exported_pipeline(args.corpus, args.index), args.folders, shipped.pool)
    reports = sorted({b["doc"] for b in blocks})
    if len(reports) < 2:
        print(ONE_REPORT, file=sys.stderr)
        return 2
    config = CrossConfig(MODEL_ID, args.frozen, args.layers, args.max_length, args.reports, args.seed)
    choice = choice_of(shipped)
    pairs = _pairs(blocks)
    report: dict = {}
    if not args.no_cv:
        out: dict[tuple[int, int], float] = {}
        seconds = []
        for n, doc in enumerate(reports, 1):
            t0 = time.perf_counter()
            torch.manual_seed(args.seed)
            model = Trainer(config)
            train = [p for p in pairs if p[5] != doc and p[4] is not None]
            model.fit(train, args.epochs, args.batch, args.lr, args.max_steps, args.seed)
            test = [p for p in pairs if p[5] == doc]
            t1 = time.perf_counter()
            for p, v in zip(test, model.probabilities(test)):
                out[p[0], p[1]] = v
            seconds.append((time.perf_counter() - t1) / max(1, len(test)))
            print(f"第 {n}/{len(reports)} 折：{len(train)} 句训练，{time.perf_counter() - t0:.0f} 秒", file=sys.stderr)

        ce = [np.array([out[i, k] for k in range(len(b["x"]))]) for i, b in enumerate(blocks)]
        trees, _ = _cross_validate(blocks, args.trees)
        stacked_blocks = [dict(b, x=[f + [float(p)] for f, p in zip(b["x"], c)]) for b, c in zip(blocks, ce)]
        stacked, _ = _cross_validate(stacked_blocks, args.trees)
        per_report = {}
        for doc in reports:
            y, t, c = [], [], []
            for b, tp, cp in zip(blocks, trees, ce):
                if b["doc"] == doc:
                    for k, label in enumerate(b["y"]):
                        if label is not None:
                            y.append(bool(label))
                            t.append(float(tp[k]))
                            c.append(float(cp[k]))
            per_report[doc] = {
                "judged": len(y),
                "auc_trees": _auc(y, t),
                "auc_cross_encoder": _auc(y, c),
                "auc_sum": _auc(y, list(np.add(t, c))),
            }
        report = {
            "per_report": per_report,
            "trees": _quoted(blocks, trees, choice),
            "trees_with_cross_encoder": _quoted(stacked_blocks, stacked, choice),
            "cross_encoder": _quoted(blocks, ce, choice),
            "mixed": {str(w): _quoted(blocks, _mixed(trees, ce, w), choice) for w in (0.25, 0.5, 0.75)},
            "ms_per_pair": round(1000 * float(np.mean(seconds)), 1),
        }
        if args.probabilities:
            rows = [
                {"set": b["set"], "id": b["id"], "doc": b["doc"], "p": [round(float(v), 4) for v in c]}
                for b, c in zip(blocks, ce)
            ]
            args.probabilities.write_text(json.dumps(rows, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.save:
        t0 = time.perf_counter()
        torch.manual_seed(args.seed)
        train = [p for p in pairs if p[4] is not None]
        model = Trainer(config)
        model.fit(train, args.epochs, args.batch, args.lr, args.max_steps, args.seed)
        trained = {
            "sets": sorted({b["set"] for b in blocks}),
            "pairs": len(train),
            "on_topic": sum(bool(p[4]) for p in train),
            "epochs": args.epochs,
            "lr": args.lr,
            "batch_size": args.batch,
            "train_minutes": round((time.perf_counter() - t0) / 60, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "threads": torch.get_num_threads(),
            "cross_validated_by_report": {k: report[k] for k in ("trees", "cross_encoder", "mixed")}
            if report
            else None,
            "command": "scripts/cross_encoder_cv.py " + " ".join(sys.argv[1:]),
        }
        model.model.config = replace(config, trained=trained)
        model.model.save(args.save)
        print(f"已保存：{args.save}", file=sys.stderr)
    report["settings"] = {
        k: v for k, v in vars(args).items() if k not in ("folders", "corpus", "index", "probabilities", "save")
    }
    print(json.dumps(report, ensure_ascii=False, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
