"""Pluggable reader: any local Hugging Face extractive question-answering model folder.

Runs transformers' question-answering pipeline over the retrieved passages, with striding for
long passages. Scores follow Haystack's ExtractiveReader: each span's probability is kept, and
the no-answer score is the product of (1 − p) over the kept answers, so several weak spans do
not add up to a confident answer.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from qa.document import Answer, AnswerPiece, Citation, Hit
from qa.settings import Settings


class ReaderModelError(ValueError):
    """A reader model folder that cannot be loaded; str is a one-line message."""


class TransformersReader:
    name = "transformers"

    def __init__(self, path: Path, settings: Settings = Settings(), top_k_per_passage: int = 2, max_answer_len: int = 40):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        path = Path(path)
        if not (path / "config.json").is_file():
            raise ReaderModelError(f"{path}: not a model folder (no config.json)")
        from transformers import AutoModelForQuestionAnswering, AutoTokenizer, pipeline

        try:
            model = AutoModelForQuestionAnswering.from_pretrained(path, local_files_only=True)
            tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        except (OSError, ValueError) as e:
            raise ReaderModelError(f"{path}: cannot load a question-answering model ({e})".splitlines()[0]) from e
        self.pipe = pipeline("question-answering", model=model, tokenizer=tokenizer, device=-1)
        self.path = path
        self.settings = settings
        self.top_k = top_k_per_passage
        self.max_answer_len = max_answer_len
        self.embedder = None
        self._lock = threading.Lock()  # HF pipelines are not re-entrant

    def read(self, question: str, hits: list[Hit]) -> Answer:
        answer = Answer(question=question, answer=None, answer_type="none", confidence=0.0, hits=hits)
        if not hits or not question.strip():
            return answer
        spans = []
        with self._lock:
            for hit in hits:
                out = self.pipe(
                    question=question,
                    context=hit.chunk.text,
                    top_k=self.top_k,
                    doc_stride=64,
                    max_seq_len=384,
                    max_answer_len=self.max_answer_len,
                    handle_impossible_answer=False,
                )
                for o in out if isinstance(out, list) else [out]:
                    if o["end"] > o["start"] and hit.chunk.text[o["start"]:o["end"]].strip():
                        spans.append((float(o["score"]), hit, o["start"], o["end"]))
        if not spans:
            return answer
        spans.sort(key=lambda x: -x[0])
        no_answer = 1.0
        for p, *_ in spans:
            no_answer *= 1.0 - p
        p, hit, s, e = spans[0]
        answer.confidence = p
        if no_answer >= p:
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
