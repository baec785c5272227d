"""Pluggable reader: any local Hugging Face extractive question-answering model folder.

Runs the model over the retrieved passages (question + passage windows, striding over long
passages; transformers 5 no longer ships a question-answering pipeline, so the span search is
here). Scores follow Haystack's ExtractiveReader: a span's probability is
sigmoid((start_logit + end_logit) × 0.1), and the no-answer score is the product of (1 − p) over
the kept answers, so several weak spans do not add up to a confident answer.
"""

from __future__ import annotations

import math
import threading
from pathlib import Path

from qa.document import Answer, Hit
from qa.reading.answers import empty_answer, finish
from qa.retrieval.query import Query
from qa.settings import Settings


class ReaderModelError(ValueError):
    """A reader model folder that cannot be loaded; str is a one-line message."""


class TransformersReader:
    """A local extractive QA model as a reader (implements qa.reading.base.Reader).

    Loads only from the folder given (``local_files_only``): nothing is downloaded. One lock
    serialises the model's forward passes, so one instance may serve several threads."""

    name = "transformers"

    def __init__(
        self,
        path: Path,
        settings: Settings = Settings(),
        top_k_per_passage: int | None = None,
        max_answer_len: int | None = None,
        min_score: float | None = None,
    ):
        ms = settings.model_reader
        path = Path(path)
        if not (path / "config.json").is_file():
            raise ReaderModelError(f"{path}: not a model folder (no config.json)")
        from transformers import AutoModelForQuestionAnswering, AutoTokenizer

        try:
            self.model = AutoModelForQuestionAnswering.from_pretrained(path, local_files_only=True).eval()
            self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        except (OSError, ValueError) as e:
            raise ReaderModelError(f"{path}: cannot load a question-answering model ({e})".splitlines()[0]) from e
        if not getattr(self.tokenizer, "is_fast", False):
            raise ReaderModelError(f"{path}: the reader needs a fast tokenizer (tokenizer.json) for character offsets")
        self.path = path
        self.settings = settings
        self.top_k = top_k_per_passage or ms.top_k_per_passage
        self.max_answer_len = max_answer_len or ms.max_answer_tokens
        self.min_score = ms.min_score if min_score is None else min_score
        self._lock = threading.Lock()

    def _spans(self, question: str, context: str) -> list[tuple[float, int, int]]:
        """(probability, start, end) of the best spans of ``context``, character offsets."""
        import torch

        ms = self.settings.model_reader
        enc = self.tokenizer(
            question,
            context,
            truncation="only_second",
            max_length=ms.max_length,
            stride=ms.stride,
            return_overflowing_tokens=True,
            return_offsets_mapping=True,
            padding=True,
            return_tensors="pt",
        )
        offsets = enc.pop("offset_mapping")
        enc.pop("overflow_to_sample_mapping", None)
        with torch.no_grad():
            out = self.model(**{k: v for k, v in enc.items() if k in ("input_ids", "attention_mask", "token_type_ids")})
        found = []
        for w in range(offsets.shape[0]):
            seq = enc.sequence_ids(w)
            ctx = [i for i, sid in enumerate(seq) if sid == 1]
            if not ctx:
                continue
            start_logits, end_logits = out.start_logits[w], out.end_logits[w]
            lo, hi = ctx[0], ctx[-1]
            s_top = torch.topk(start_logits[lo : hi + 1], min(ms.top_logits, hi - lo + 1)).indices + lo
            e_top = torch.topk(end_logits[lo : hi + 1], min(ms.top_logits, hi - lo + 1)).indices + lo
            for si in s_top.tolist():
                for ei in e_top.tolist():
                    if ei < si or ei - si + 1 > self.max_answer_len:
                        continue
                    logit = float(start_logits[si] + end_logits[ei])
                    p = 1.0 / (1.0 + math.exp(-logit * ms.logit_scale))
                    found.append((p, int(offsets[w][si][0]), int(offsets[w][ei][1])))
        found.sort(key=lambda x: -x[0])
        kept, used = [], set()
        for p, a, b in found:
            if (a, b) in used or b <= a:
                continue
            used.add((a, b))
            kept.append((p, a, b))
            if len(kept) >= self.top_k:
                break
        return kept

    def read(self, query: Query, hits: list[Hit]) -> Answer:
        question = query.text
        answer = empty_answer(question, hits)
        if not hits or not question.strip():
            return answer
        spans = []
        with self._lock:
            for hit in hits:
                for p, a, b in self._spans(question, hit.chunk.text):
                    if hit.chunk.text[a:b].strip():
                        spans.append((p, hit, a, b))
        if not spans:
            return answer
        spans.sort(key=lambda x: -x[0])
        no_answer = 1.0
        for p, *_ in spans:
            no_answer *= 1.0 - p
        p, hit, s, e = spans[0]
        answer.confidence = p
        if no_answer >= p or p < self.min_score:
            return answer
        c = hit.chunk
        # Trim whitespace the model included, keeping the span a verbatim slice.
        while s < e and c.text[s].isspace():
            s += 1
        while e > s and c.text[e - 1].isspace():
            e -= 1
        return finish(answer, [(c, c.start + s, c.start + e)], "span")
