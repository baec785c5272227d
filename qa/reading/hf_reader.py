"""Pluggable reader: any local Hugging Face extractive question-answering model folder.

Runs the model over the retrieved passages (question + passage windows, striding over long
passages; transformers 5 no longer ships a question-answering pipeline, so the span search is
here). Scores follow Haystack's ExtractiveReader: a span's probability is
sigmoid((start_logit + end_logit) × 0.1), and the no-answer score is the product of (1 − p) over
the kept answers, so several weak spans do not add up to a confident answer.
"""

from __future__ import annotations

import math
import os
import threading
from pathlib import Path

from qa.document import Answer, AnswerPiece, Citation, Hit
from qa.settings import Settings


class ReaderModelError(ValueError):
    """A reader model folder that cannot be loaded; str is a one-line message."""


class TransformersReader:
    name = "transformers"

    def __init__(
        self,
        path: Path,
        settings: Settings = Settings(),
        top_k_per_passage: int = 2,
        max_answer_len: int = 40,
        min_score: float = 0.6,
    ):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
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
        self.top_k = top_k_per_passage
        self.max_answer_len = max_answer_len
        self.min_score = min_score  # below this the best span is no answer, whatever the rest
        self.embedder = None
        self._lock = threading.Lock()

    def _spans(self, question: str, context: str) -> list[tuple[float, int, int]]:
        """(probability, start, end) of the best spans of ``context``, character offsets."""
        import torch

        enc = self.tokenizer(
            question,
            context,
            truncation="only_second",
            max_length=384,
            stride=64,
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
            s_top = torch.topk(start_logits[lo : hi + 1], min(20, hi - lo + 1)).indices + lo
            e_top = torch.topk(end_logits[lo : hi + 1], min(20, hi - lo + 1)).indices + lo
            for si in s_top.tolist():
                for ei in e_top.tolist():
                    if ei < si or ei - si + 1 > self.max_answer_len:
                        continue
                    logit = float(start_logits[si] + end_logits[ei])
                    p = 1.0 / (1.0 + math.exp(-logit * 0.1))
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

    def read(self, question: str, hits: list[Hit]) -> Answer:
        answer = Answer(question=question, answer=None, answer_type="none", confidence=0.0, hits=hits)
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
        text = c.text[s:e]
        answer.citations = [Citation(1, c)]
        answer.pieces = [AnswerPiece(text=text, citation=1, start=c.start + s, end=c.start + e)]
        answer.answer = f"{text}[1]"
        answer.answer_type = "span"
        return answer
