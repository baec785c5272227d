"""Measure a cross-encoder for the comparison sentences against the trees, leaving one report out.

    PYTHONPATH=. .venv/bin/python scripts/cross_encoder_cv.py eval/judged/heldout* eval/judged_blind/heldout* > ce.json

The sentence model of qa/reading/relevance.py reads signals computed from words and the index's passage vectors. A
cross-encoder reads the question and the candidate together: the bundled encoder (the converted
multilingual-e5-small) takes "query: question" and "passage: headings：sentence" in one window, and a linear head on
its first token says whether the candidate is on topic. For each report it is fine-tuned on the other reports'
judged candidates (word embeddings and the lower ``--frozen`` layers frozen) and scores the held-out report's, as
``train_relevance.py`` cross-validates the trees.

Printed (JSON, stdout; counts only, never question text): per held-out report the AUC of the cross-encoder, of the
trees and of their sum; what each would quote of the judged candidates (the trees, the trees with the
cross-encoder's probability as one more signal, the cross-encoder alone, chosen as the shipped model chooses); and
the encoder's time per pair on this machine. The cross-encoder is not shipped: one encoder pass per candidate costs
about 50 ms on 2 cores (README, "Round twenty-one").
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
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


def _pairs(blocks: list[dict]) -> list[tuple[int, int, str, str, bool | None, str]]:
    """(block, candidate, question, headings：text, label, report) for every candidate."""
    return [
        (i, k, b["question"], f"{b['headings'][k]}：{b['texts'][k]}", b["y"][k], b["doc"])
        for i, b in enumerate(blocks)
        for k in range(len(b["texts"]))
    ]


class CrossEncoder:
    """The encoder with a linear head on its first token; ``frozen`` lower layers and the embeddings stay fixed."""

    def __init__(self, frozen: int, max_length: int):
        import torch

        from qa.reading.span_model import load_base

        self.torch = torch
        self.encoder, self.tokenizer = load_base()
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)
        self.max_length = max_length
        for p in self.encoder.embeddings.parameters():
            p.requires_grad = False
        for layer in self.encoder.encoder.layer[:frozen]:
            for p in layer.parameters():
                p.requires_grad = False

    def parameters(self):
        return [p for p in [*self.encoder.parameters(), *self.head.parameters()] if p.requires_grad]

    def logits(self, pairs):
        x = self.tokenizer(
            ["query: " + p[2] for p in pairs],
            ["passage: " + p[3] for p in pairs],
            truncation="only_second",
            max_length=self.max_length,
            padding=True,
            return_tensors="pt",
        )
        return self.head(self.encoder(**x).last_hidden_state[:, 0]).squeeze(-1)

    def fit(self, pairs, epochs: float, batch: int, lr: float, max_steps: int | None, seed: int) -> None:
        torch = self.torch
        steps = max(1, int(len(pairs) / batch * epochs))
        steps = min(steps, max_steps) if max_steps else steps
        opt = torch.optim.AdamW(self.parameters(), lr=lr, weight_decay=0.01)
        # A short warm-up, then a linear decay to zero.
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 50) * max(0.0, 1 - s / steps))
        rng = random.Random(seed)
        self.encoder.train()
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
        self.encoder.eval()

    def probabilities(self, pairs, batch: int = 64) -> list[float]:
        with self.torch.no_grad():
            parts = (self.torch.sigmoid(self.logits(pairs[i : i + batch])) for i in range(0, len(pairs), batch))
            return [float(v) for part in parts for v in part]


def _auc(y: list[bool], score: list[float]) -> float | None:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(y, score)), 3) if 0 < sum(y) < len(y) else None


def main() -> int:
    ap = argparse.ArgumentParser(description="按报告留一交叉验证：交叉编码器与树模型判断对比回答句子是否切题")
    ap.add_argument("folders", type=Path, nargs="+", help="topic_judging.py export --pool 导出并已评判的目录")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--index", type=Path, default=ROOT / "index")
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--frozen", type=int, default=6, help="冻结的下层 Transformer 层数（词嵌入总是冻结）")
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--max-length", type=int, default=128, help="问题与句子合计的最大词元数")
    ap.add_argument("--max-steps", type=int, default=None, help="每折最多训练步数（冒烟测试用）")
    ap.add_argument("--trees", type=int, default=150, help="树模型的树数（与 qa/models/relevance 相同）")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--probabilities", type=Path, default=None, help="把每个候选句的留一概率写入此 JSON 文件")
    args = ap.parse_args()

    import torch

    from qa.reading.relevance import SentenceRelevance

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
    choice = choice_of(shipped)
    pairs = _pairs(blocks)
    out: dict[tuple[int, int], float] = {}
    seconds = []
    for n, doc in enumerate(reports, 1):
        t0 = time.perf_counter()
        torch.manual_seed(args.seed)
        model = CrossEncoder(args.frozen, args.max_length)
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
        "ms_per_pair": round(1000 * float(np.mean(seconds)), 1),
        "settings": {k: v for k, v in vars(args).items() if k not in ("folders", "corpus", "index", "probabilities")},
    }
    if args.probabilities:
        rows = [
            {"set": b["set"], "id": b["id"], "doc": b["doc"], "p": [round(float(v), 4) for v in c]}
            for b, c in zip(blocks, ce)
        ]
        args.probabilities.write_text(json.dumps(rows, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
