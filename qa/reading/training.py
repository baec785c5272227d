"""Fine-tuning the learned reader (``qa train-reader``): windows, labels, the loop, CMRC scoring.

Only the reader's own top layers and span head train; the shared lower layers run without
gradients, so a step costs about half a full fine-tuning step (the 2-core CPU does a pass over
~6k windows of 192 tokens in under an hour; a GPU, ``--device cuda``, in seconds). Seeded: the
same data, seed and thread count give the same artifact on a CPU.
"""

from __future__ import annotations

import json
import logging
import math
import random
import re
import resource
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import torch

from qa.reading.span_model import ReaderModelError, SpanConfig, SpanModel, load_base

if TYPE_CHECKING:  # the data module needs the corpus tools; the loop and scoring do not
    from qa.reading.training_data import Example

log = logging.getLogger(__name__)


# ------------------------------------------------------------------ windows


def encode(tokenizer, questions: list[str], contexts: list[str], max_length: int, stride: int, pad: bool = True):
    return tokenizer(
        questions,
        contexts,
        truncation="only_second",
        max_length=max_length,
        stride=stride,
        return_overflowing_tokens=True,
        return_offsets_mapping=True,
        padding=pad,
    )


def _token_span(offsets, seq_ids, a: int, b: int) -> tuple[int, int] | None:
    """Token positions of characters [a, b) in one window, or None when the window cuts them."""
    ctx = [i for i, s in enumerate(seq_ids) if s == 1]
    if not ctx or offsets[ctx[0]][0] > a or offsets[ctx[-1]][1] < b:
        return None
    start = next(i for i in ctx if offsets[i][1] > a)
    end = next(i for i in reversed(ctx) if offsets[i][0] < b)
    return (start, end) if end >= start else None


def featurize(tokenizer, examples: list[Example], config: SpanConfig, rng: random.Random, neg_window_rate: float = 0.1):
    """(input_ids, start, end) training windows; label (0, 0) is "no answer in this window"."""
    feats = []
    for i in range(0, len(examples), 64):
        batch = examples[i : i + 64]
        enc = encode(
            tokenizer,
            [e.question for e in batch],
            [e.context for e in batch],
            config.max_length,
            config.stride,
            pad=False,
        )
        by_example: dict[int, list[int]] = {}
        for w, ex_i in enumerate(enc["overflow_to_sample_mapping"]):
            by_example.setdefault(ex_i, []).append(w)
        for ex_i, windows in by_example.items():
            ex = batch[ex_i]
            if not ex.answers:
                w = rng.choice(windows)
                feats.append((enc["input_ids"][w], 0, 0))
                continue
            a, b = ex.start, ex.start + len(ex.answers[0])
            good, other = [], []
            for w in windows:
                span = _token_span(enc["offset_mapping"][w], enc.sequence_ids(w), a, b)
                (good if span else other).append((w, span))
            if good:
                w, (s, e) = rng.choice(good)
                if e - s < config.max_answer_tokens:
                    feats.append((enc["input_ids"][w], s, e))
            for w, _ in other:
                if rng.random() < neg_window_rate:
                    feats.append((enc["input_ids"][w], 0, 0))
    return feats


def _batches(feats, batch_size: int, pad_id: int):
    for i in range(0, len(feats), batch_size):
        chunk = feats[i : i + batch_size]
        width = max(len(f[0]) for f in chunk)
        ids = torch.full((len(chunk), width), pad_id, dtype=torch.long)
        mask = torch.zeros((len(chunk), width), dtype=torch.long)
        for j, (seq, _, _) in enumerate(chunk):
            ids[j, : len(seq)] = torch.tensor(seq)
            mask[j, : len(seq)] = 1
        yield ids, mask, torch.tensor([f[1] for f in chunk]), torch.tensor([f[2] for f in chunk])


# ------------------------------------------------------------------ prediction


def _device(model: torch.nn.Module) -> torch.device:
    return next(model.parameters()).device


@torch.no_grad()
def window_logits(model: SpanModel, ids: torch.Tensor, mask: torch.Tensor, batch_size: int = 16):
    """(start, end) logits of every window, on the CPU; the model runs where its weights are."""
    dev = _device(model)
    starts, ends = [], []
    for i in range(0, len(ids), batch_size):
        s, e = model(ids[i : i + batch_size].to(dev), mask[i : i + batch_size].to(dev))
        starts.append(s.float().cpu())
        ends.append(e.float().cpu())
    return torch.cat(starts), torch.cat(ends)


def best_spans(start_logits, end_logits, owners, offsets, seq_ids, n_contexts: int, max_answer_tokens: int):
    """For each context: (span score, no-answer score, start char, end char) of its best span over its windows.

    ``owners[w]`` is the context of window ``w``, ``offsets[w]`` its tokens' character offsets and
    ``seq_ids[w]`` its tokens' sequence ids (1: the passage). Scores are start + end logits; the
    no-answer score is the lowest over the context's windows (the window that sees the answer best
    is the one to trust).
    """
    out = [(-math.inf, math.inf, 0, 0) for _ in range(n_contexts)]
    for w, c in enumerate(owners):
        ctx = [i for i, sid in enumerate(seq_ids[w]) if sid == 1]
        if not ctx:
            continue
        lo, hi = ctx[0], ctx[-1]
        sl, el = start_logits[w], end_logits[w]
        null = float(sl[0] + el[0])
        k = min(20, hi - lo + 1)
        s_top = (torch.topk(sl[lo : hi + 1], k).indices + lo).tolist()
        e_top = (torch.topk(el[lo : hi + 1], k).indices + lo).tolist()
        best, score, span = out[c], out[c][0], out[c][2:]
        for si in s_top:
            for ei in e_top:
                if ei < si or ei - si + 1 > max_answer_tokens:
                    continue
                sc = float(sl[si] + el[ei])
                if sc > score:
                    score, span = sc, (offsets[w][si][0], offsets[w][ei][1])
        out[c] = (score, min(best[1], null), *span)
    return out


def predict(model: SpanModel, tokenizer, question: str, contexts: list[str], batch_size: int = 16):
    """For each context: (span score, no-answer score, start char, end char) of its best span."""
    cfg = model.config
    if not contexts:
        return []
    enc = encode(tokenizer, [question] * len(contexts), contexts, cfg.max_length, cfg.stride)
    start_logits, end_logits = window_logits(
        model, torch.tensor(enc["input_ids"]), torch.tensor(enc["attention_mask"]), batch_size
    )
    owners = enc["overflow_to_sample_mapping"]
    seq_ids = [enc.sequence_ids(w) for w in range(len(owners))]
    return best_spans(
        start_logits, end_logits, owners, enc["offset_mapping"], seq_ids, len(contexts), cfg.max_answer_tokens
    )


# ------------------------------------------------------------------ CMRC scoring (official: characters, no punctuation)

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def _clean(text: str) -> str:
    return _PUNCT.sub("", text.lower())


def _lcs(a: str, b: str) -> int:
    best, prev = 0, [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, start=1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def cmrc_scores(pred: str, answers) -> tuple[float, float]:
    """(exact match, F1) of one prediction against the gold answers, CMRC 2018's way."""
    p = _clean(pred)
    em = f1 = 0.0
    for gold in answers:
        g = _clean(gold)
        em = max(em, float(p == g))
        n = _lcs(p, g)
        if n:
            prec, rec = n / len(p), n / len(g)
            f1 = max(f1, 2 * prec * rec / (prec + rec))
    return em, f1


def evaluate_examples(model: SpanModel, tokenizer, examples: list[Example]) -> dict:
    """EM/F1 over answerable examples (gold passage given; best span, no abstaining)."""
    ems, f1s = [], []
    for ex in examples:
        if not ex.answers:
            continue
        ((_, _, a, b),) = predict(model, tokenizer, ex.question, [ex.context])
        em, f1 = cmrc_scores(ex.context[a:b], ex.answers)
        ems.append(em)
        f1s.append(f1)
    n = len(ems) or 1
    return {"n": len(ems), "em": round(sum(ems) / n, 4), "f1": round(sum(f1s) / n, 4)}


# ------------------------------------------------------------------ training


def epochs_of(feats: list, epochs: float, rng: random.Random) -> list:
    """``epochs`` passes over the windows, each pass in its own seeded order (the last one cut short)."""
    out: list = []
    for _ in range(math.ceil(epochs)):
        order = list(feats)
        rng.shuffle(order)
        out.extend(order)
    return out[: int(len(feats) * epochs)]


def fit(
    model: SpanModel,
    feats: list,
    batch_size: int,
    lr: float,
    pad_id: int,
    device: str = "cpu",
    checkpoint: tuple[Path, int] | None = None,
) -> SpanModel:
    """AdamW with linear warm-up and decay over the windows in their given order; cross-entropy of the
    start and end positions (position 0 is "no answer"). ``checkpoint``: (folder, every N steps)."""
    dev = torch.device(device)
    model.base.to(dev)  # the shared encoder is not in the reader's module tree
    model.to(dev)
    steps = math.ceil(len(feats) / batch_size)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    warm = max(1, steps // 16)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm + 1)))
    )
    model.train()
    model.base.eval()
    loss_fn = torch.nn.CrossEntropyLoss()
    t_train, seen, running = time.time(), 0, 0.0
    for step, (ids, mask, s_pos, e_pos) in enumerate(_batches(feats, batch_size, pad_id), start=1):
        ids, mask, s_pos, e_pos = ids.to(dev), mask.to(dev), s_pos.to(dev), e_pos.to(dev)
        start_logits, end_logits = model(ids, mask)
        neg = torch.finfo(start_logits.dtype).min
        start_logits = start_logits.masked_fill(mask == 0, neg)
        end_logits = end_logits.masked_fill(mask == 0, neg)
        loss = (loss_fn(start_logits, s_pos) + loss_fn(end_logits, e_pos)) / 2
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        seen += len(ids)
        running = 0.9 * running + 0.1 * loss.item() if step > 1 else loss.item()
        if step % 10 == 0 or step == steps:
            rate = seen / (time.time() - t_train)
            log.info(
                "步 %d/%d  损失 %.3f  %.1f 窗口/秒  剩余约 %.0f 分钟",
                step,
                steps,
                running,
                rate,
                (len(feats) - seen) / rate / 60,
            )
        if checkpoint and step % checkpoint[1] == 0:
            model.eval()
            model.save(checkpoint[0])
            model.train()
    return model.eval()


def train(
    cmrc_dir: Path,
    out: Path,
    corpus_dir: Path | None = Path("corpus"),
    split: int = 8,
    max_length: int = 192,
    epochs: float = 1.0,
    batch_size: int = 16,
    lr: float = 1e-4,
    seed: int = 0,
    lora_rank: int = 0,
    limit: int | None = None,
    corpus_repeat: int = 2,
    cmrc_neg_ratio: float = 0.25,
    save_every: int = 50,
    max_windows: int | None = None,
    threads: int | None = None,
    evaluate: bool = True,
    init: Path | None = None,
    device: str = "cpu",
) -> dict:
    """Fine-tune, save the artifact in ``out`` (checkpointed every ``save_every`` steps), report.

    ``lora_rank``: > 0 also trains low-rank deltas of the shared lower layers (see span_model).
    ``init``: a reader folder to continue from (its split, window length and LoRA rank are kept), so a run
    that needs more than one CPU hour can be done in several. ``device``: "cpu" or "cuda" (a GPU trains
    the same windows in the same order; its arithmetic differs in the last bits).
    """
    from qa.reading.training_data import cmrc_examples, cmrc_negatives, corpus_examples

    if threads:
        torch.set_num_threads(threads)
    random.seed(seed)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    t0 = time.time()
    base, tokenizer = load_base()
    from qa.store.embedding import MODEL_ID

    if init is not None:
        model = SpanModel.load(init, base)
        if model.config.base_model != MODEL_ID:
            raise ReaderModelError(f"{init}: 训练时的底座模型 {model.config.base_model} 与当前 {MODEL_ID} 不同")
        before = model.config.trained
        config = replace(model.config, seed=seed, trained=None)
        model.config = config
        log.info("从 %s 继续训练（split %d，窗口 %d 词元）", init, config.split, config.max_length)
    else:
        before = None
        config = SpanConfig(base_model=MODEL_ID, split=split, max_length=max_length, seed=seed, lora_rank=lora_rank)
        model = SpanModel(base, config)

    cmrc_train, cmrc_val = cmrc_examples(cmrc_dir)
    corpus_train: list[Example] = []
    corpus_val: list[Example] = []
    if corpus_dir is not None:
        corpus_train, corpus_val = corpus_examples(corpus_dir, rng)
    if limit:
        cmrc_train, cmrc_val = cmrc_train[:limit], cmrc_val[: max(2, limit // 4)]
        corpus_train, corpus_val = corpus_train[:limit], corpus_val[: max(2, limit // 4)]
    data = cmrc_train + cmrc_negatives(cmrc_train, cmrc_neg_ratio, rng) + corpus_train * corpus_repeat
    feats = featurize(tokenizer, data, config, rng)
    feats = epochs_of(feats, epochs, rng)
    if max_windows:  # a time budget: the first windows of the seeded shuffle
        feats = feats[:max_windows]
    steps = math.ceil(len(feats) / batch_size)
    log.info(
        "训练窗口 %d 个（CMRC %d 题，语料题 %d 题），共 %d 步", len(feats), len(cmrc_train), len(corpus_train), steps
    )

    t_train = time.time()
    fit(model, feats, batch_size, lr, tokenizer.pad_token_id, device, checkpoint=(out, save_every))
    model.eval()
    report = {
        "windows": len(feats),
        "steps": steps,
        "cmrc_train_questions": len(cmrc_train),
        "corpus_train_questions": len(corpus_train),
        "train_minutes": round((time.time() - t_train) / 60, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "threads": torch.get_num_threads(),
        "lr": lr,
        "batch_size": batch_size,
        "epochs": epochs,
        "device": device,
    }
    if before is not None:
        report["continued_from"] = before
    model.config = replace(config, trained=report)
    model.save(out)
    if evaluate:
        report["cmrc_val"] = evaluate_examples(model, tokenizer, cmrc_val)
        report["corpus_val"] = evaluate_examples(model, tokenizer, [e for e in corpus_val if e.answers])
        model.config = replace(config, trained=report)
        model.save(out)
    report["total_minutes"] = round((time.time() - t0) / 60, 1)
    (Path(out) / "training.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return report
