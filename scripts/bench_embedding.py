"""Embedding throughput: passages/s per variant and passage length, and query latency.

    .venv/bin/python scripts/bench_embedding.py                    # CPU: every variant, 128/256/512 tokens
    .venv/bin/python scripts/bench_embedding.py --device cuda      # GPU: fp16 at 100k and 1M passages (one shot)

CPU variants run interleaved (A B A B …, ``--rounds``) on the same passages, so a busy shared
machine slows them alike: compare the ratios; the absolute numbers are as good as the machine is quiet.

- ``fp32 sorted``    what ``qa index`` runs: batches cut from passages sorted by token length
- ``fp32 unsorted``  the same model fed batches in arrival order (mixed lengths: padding)
- ``int8 dynamic``   torch dynamic quantisation of every Linear (tried, not adopted: see README)
- ``onnx fp32``, ``onnx int8``  with ``--onnx`` (needs onnxruntime, onnx): the transformer exported
  to ONNX and run by ONNX Runtime, as is and dynamically quantised per channel (the export is
  cached under the cache folder; the first run takes a few minutes). Not adopted: see README.

Synthetic passages are report sentences drawn at random, cut to exactly L tokens (``--lengths``);
``--mixed`` draws each passage's length uniformly from 20..L instead, where sorting matters.
On a GPU the script also checks fp16 against fp32 on the bundled passages (minimum cosine).
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.evaluation.synthetic import sentences_of  # noqa: E402
from qa.store.embedding import PASSAGE_PREFIX, Embedder  # noqa: E402


def synthetic(n: int, tokens: int, mixed: bool, tokenizer, rng) -> list[str]:
    """``n`` passages of ``tokens`` tokens (with the prefix and special tokens), from report sentences."""
    sents = sentences_of(ROOT / "corpus")
    pool: list[str] = []
    for _ in range(min(n, 2000)):  # distinct passages; a million are drawn from these with replacement
        target = int(rng.integers(20, tokens + 1)) if mixed else tokens
        p = ""
        while len(p) < 2 * target:  # Chinese: ~1.5 characters a token; cut to the exact length below
            p += sents[rng.integers(len(sents))]
        ids = tokenizer(PASSAGE_PREFIX + p, add_special_tokens=False)["input_ids"][: target - 2]
        pool.append(tokenizer.decode(ids)[len(PASSAGE_PREFIX) :])
    return [pool[i] for i in rng.integers(len(pool), size=n)] if n > len(pool) else pool


def bundled_passages() -> list[str]:
    """What the index embeds for the bundled corpus: every chunk's searchable text."""
    from qa.ingest.corpus import chunk, read_document, scan
    from qa.settings import Settings
    from qa.store.index import searchable_text

    corpus, settings = ROOT / "corpus", Settings()
    files, _ = scan(corpus, settings)
    return [searchable_text(c) for f in files for c in chunk(read_document(f, settings), settings)]


def unsorted(emb: Embedder, texts: list[str], batch_size: int) -> None:
    """Batches in arrival order (sentence-transformers would sort within a call: one call per batch)."""
    for start in range(0, len(texts), batch_size):
        emb._encode([PASSAGE_PREFIX + t for t in texts[start : start + batch_size]], batch_size)


class OnnxEmbedder:
    """The same passages through ONNX Runtime (mean pooling and normalisation as the model's own)."""

    def __init__(self, base: Embedder, int8: bool):
        import onnxruntime as ort
        import torch

        from qa.settings import cache_dir

        folder = cache_dir() / "bench-onnx"
        folder.mkdir(parents=True, exist_ok=True)
        fp32, q8 = folder / "model.onnx", folder / "model.int8.onnx"
        self.tok = base.model.tokenizer
        if not fp32.exists():
            hf = base.model[0].auto_model.eval()

            class Hidden(torch.nn.Module):
                def __init__(self, m):
                    super().__init__()
                    self.m = m

                def forward(self, input_ids, attention_mask):
                    return self.m(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

            ex = self.tok(["passage: 行政复议", "passage: 法治"], padding=True, return_tensors="pt")
            axes = {0: "batch", 1: "tokens"}
            torch.onnx.export(
                Hidden(hf),
                (ex["input_ids"], ex["attention_mask"]),
                str(fp32),
                input_names=["input_ids", "attention_mask"],
                output_names=["hidden"],
                dynamic_axes={"input_ids": axes, "attention_mask": axes, "hidden": axes},
                opset_version=17,
                dynamo=False,
            )
        if int8 and not q8.exists():
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(str(fp32), str(q8), weight_type=QuantType.QInt8, per_channel=True)
        so = ort.SessionOptions()
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(q8 if int8 else fp32), so, providers=["CPUExecutionProvider"])
        self.max_len = 512

    def encode_passages(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        texts = [PASSAGE_PREFIX + t for t in texts]
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.zeros((len(texts), 384), np.float32)
        for start in range(0, len(texts), batch_size):
            rows = order[start : start + batch_size]
            enc = self.tok(
                [texts[i] for i in rows], padding=True, truncation=True, max_length=self.max_len, return_tensors="np"
            )
            feed = {k: enc[k].astype(np.int64) for k in ("input_ids", "attention_mask")}
            hidden = self.session.run(None, feed)[0]
            mask = enc["attention_mask"][..., None].astype(np.float32)
            v = (hidden * mask).sum(1) / mask.sum(1)
            out[rows] = v / np.linalg.norm(v, axis=1, keepdims=True)
        return out


def query_ms(emb: Embedder, runs: int = 50) -> tuple[float, float]:
    sents = sentences_of(ROOT / "corpus")
    times = []
    for s in sents[:runs]:
        t = time.perf_counter()
        emb.encode_queries([s[:30]])
        times.append((time.perf_counter() - t) * 1000)
    return float(np.median(times)), float(np.percentile(times, 95))


def cpu(args) -> None:
    import torch

    rng = np.random.default_rng(0)
    base = Embedder(device="cpu")
    int8 = copy.copy(base)
    int8.model = torch.ao.quantization.quantize_dynamic(copy.deepcopy(base.model), {torch.nn.Linear}, dtype=torch.qint8)
    variants = {
        "fp32 sorted": lambda e, ts: base.encode_passages(ts, args.batch_size),
        "fp32 unsorted": lambda e, ts: unsorted(base, ts, args.batch_size),
        "int8 dynamic": lambda e, ts: int8.encode_passages(ts, args.batch_size),
    }
    onnx = {}
    if args.onnx:
        onnx = {"onnx fp32": OnnxEmbedder(base, False), "onnx int8": OnnxEmbedder(base, True)}
        for name, o in onnx.items():
            variants[name] = lambda e, ts, o=o: o.encode_passages(ts, args.batch_size)
        ref = base.encode_passages(bundled := bundled_passages())
        for name, o in onnx.items():
            cos = np.sum(o.encode_passages(bundled) * ref, axis=1)
            print(f"{name}: min cosine to fp32 over {len(bundled)} bundled passages {cos.min():.4f}", flush=True)
    rows = []
    for length in args.lengths:
        texts = synthetic(args.passages, length, args.mixed, base.model.tokenizer, rng)
        for m in (base, int8):
            m.model.max_seq_length = length
            m.encode_passages(texts[:8])  # warm-up
        for o in onnx.values():
            o.max_len = length
            o.encode_passages(texts[:8])
        rates: dict[str, list[float]] = {v: [] for v in variants}
        for _ in range(args.rounds):
            for name, fn in variants.items():
                t = time.perf_counter()
                fn(None, texts)
                rates[name].append(len(texts) / (time.perf_counter() - t))
        ref = float(np.median(rates["fp32 sorted"]))
        for name, r in rates.items():
            rows.append((name, f"{'≤' if args.mixed else ''}{length}", float(np.median(r)), float(np.median(r)) / ref))
    base.model.max_seq_length = 512
    p50, p95 = query_ms(base)
    print(
        f"CPU, {args.passages} passages per length, median of {args.rounds} interleaved rounds, batch {args.batch_size}"
    )
    print("| variant | tokens | passages/s | × fp32 sorted |")
    print("|---|---|---|---|")
    for name, length, rate, ratio in rows:
        print(f"| {name} | {length} | {rate:.1f} | {ratio:.2f} |")
    print(f"\nquery encoding (fp32, CPU): p50 {p50:.1f} ms, p95 {p95:.1f} ms")


def gpu(args) -> None:
    import torch

    rng = np.random.default_rng(0)
    t = time.perf_counter()
    emb = Embedder(device=args.device)
    load_s = time.perf_counter() - t
    print(f"device {emb.device} ({torch.cuda.get_device_name(0)}), fp16, batch {emb.batch_size}, load {load_s:.1f} s")
    # fp16 on the GPU against fp32 on the CPU, every bundled passage
    texts = bundled_passages()
    ref = Embedder(device="cpu").encode_passages(texts)
    cos = np.sum(emb.encode_passages(texts) * ref, axis=1)
    print(f"fp16 vs fp32 over {len(texts)} bundled passages: min cosine {cos.min():.5f}")
    print("| passages | tokens | passages/s | seconds |")
    print("|---|---|---|---|")
    for n, length in args.gpu_runs:
        texts = synthetic(n, length, False, emb.model.tokenizer, rng)
        emb.model.max_seq_length = length
        emb.encode_passages(texts[: emb.batch_size * 4])  # warm-up: kernels, allocator
        torch.cuda.synchronize()
        t = time.perf_counter()
        emb.encode_passages(texts)
        torch.cuda.synchronize()
        s = time.perf_counter() - t
        print(f"| {n:,} | {length} | {n / s:,.0f} | {s:.1f} |", flush=True)
    emb.model.max_seq_length = 512
    p50, p95 = query_ms(emb)
    print(f"\nquery encoding (GPU): p50 {p50:.1f} ms, p95 {p95:.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    ap.add_argument("--passages", type=int, default=96, help="CPU: passages per length")
    ap.add_argument("--lengths", type=int, nargs="+", default=[128, 256, 512])
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--mixed", action="store_true", help="passage lengths drawn from 20..L")
    ap.add_argument("--onnx", action="store_true", help="also ONNX Runtime fp32 and int8 (needs onnxruntime, onnx)")
    args = ap.parse_args()
    args.gpu_runs = [(100_000, 128), (100_000, 256), (100_000, 512), (1_000_000, 256)]
    (gpu if args.device == "cuda" else cpu)(args)


if __name__ == "__main__":
    main()
