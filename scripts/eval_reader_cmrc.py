"""EM / F1 of a reader on the CMRC 2018 validation split (gold paragraph given), CMRC's scoring.

The split is fixed in qa/reading/training_data.py: dev_public.json paragraphs whose context_id
hashes (SHA-1) to 0 mod 10. Any reader is measured the same way:

    python scripts/eval_reader_cmrc.py --cmrc ../shared/data/cmrc2018                  # shipped learned reader
    python scripts/eval_reader_cmrc.py --cmrc ../shared/data/cmrc2018 --artifact DIR   # another artifact
    python scripts/eval_reader_cmrc.py --cmrc ../shared/data/cmrc2018 --hf-model DIR   # a local HF QA model folder
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qa.reading.training import cmrc_scores, evaluate_examples  # noqa: E402
from qa.reading.training_data import cmrc_examples  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cmrc", type=Path, required=True)
    ap.add_argument("--artifact", type=Path, default=None, help="learned reader folder (default qa/models/reader)")
    ap.add_argument("--hf-model", type=Path, default=None, help="a local Hugging Face question-answering model")
    ap.add_argument("--limit", type=int, default=None, help="first N validation questions only")
    ap.add_argument("--threads", type=int, default=None)
    args = ap.parse_args()
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    _, val = cmrc_examples(args.cmrc)
    val = val[: args.limit] if args.limit else val
    t0 = time.time()
    if args.hf_model:
        from qa.reading.hf_reader import TransformersReader

        reader = TransformersReader(args.hf_model)
        ems, f1s = [], []
        for ex in val:
            spans = reader._spans(ex.question, ex.context)
            pred = ex.context[spans[0][1] : spans[0][2]] if spans else ""
            em, f1 = cmrc_scores(pred, ex.answers)
            ems.append(em)
            f1s.append(f1)
        result = {"n": len(ems), "em": round(sum(ems) / len(ems), 4), "f1": round(sum(f1s) / len(f1s), 4)}
    else:
        from qa.reading.span_model import ARTIFACT_DIR, SpanModel, load_base

        base, tokenizer = load_base()
        model = SpanModel.load(args.artifact or ARTIFACT_DIR, base)
        result = evaluate_examples(model, tokenizer, val)
    result["seconds"] = round(time.time() - t0, 1)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
