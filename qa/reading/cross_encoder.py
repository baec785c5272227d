"""Is a comparison sentence about what was asked? The question and the sentence read together by a shallow encoder.

The trees of ``relevance.py`` read signals of words and of the passage's vector; they cannot read what a sentence
says about the question. A cross-encoder reads "query: question" and "passage: headings：sentence" in one window:
the bundled encoder's word embeddings and lower ``split`` layers (the embedder's own module, as the learned reader
shares it: one copy of the base weights), its own fine-tuned copies of the layers ``split`` to ``layers`` (the
encoder's upper layers are left out: a pair costs half of what the whole encoder costs), and a linear head on the
first token giving the logit of "on topic".

A comparison reads the candidates of its first ``reports`` reports with it (a fixed cost, whatever the size of the
collection); its probability is one more signal of the sentence model's cross trees (relevance.py). What is shipped
(``qa/models/cross_encoder/``) is what training changed, float16 safetensors, and a config.json naming the base
model, the layers and how it was trained; ``scripts/cross_encoder_cv.py --save`` writes it.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from qa.reading.span_model import load_trained, save_trained, shared_lower
from qa.settings import PROJECT_ROOT

ARTIFACT_DIR = PROJECT_ROOT / "qa" / "models" / "cross_encoder"
WEIGHTS = "cross_encoder.safetensors"


@dataclass(frozen=True)
class CrossConfig:
    base_model: str  # the embedding model id the layers were fine-tuned on
    split: int = 2  # layers [0, split) are the base model's, [split, layers) the cross-encoder's own
    layers: int = 6  # the encoder is read up to here; its upper layers are not run
    max_length: int = 96  # tokens of question and candidate together
    reports: int = 5  # the comparison's first reports, whose candidates it reads
    seed: int = 0
    trained: dict | None = None  # what training saw and how long it took (informational)


class CrossModelError(ValueError):
    """A cross-encoder artifact that cannot be loaded; str is a one-line message."""


def pair_text(headings: str, text: str) -> str:
    """The candidate as the cross-encoder reads it: its nearest headings, then the sentence."""
    return f"{headings}：{text}"


class CrossEncoder(nn.Module):
    """The logit that a candidate is on topic for a question; ``base`` is shared, not copied."""

    def __init__(self, base: nn.Module, config: CrossConfig, top: nn.ModuleList | None = None):
        super().__init__()
        n = len(base.encoder.layer)
        if not 0 <= config.split < config.layers <= n:
            raise CrossModelError(
                f"交叉编码器的层数不合法：split {config.split}，layers {config.layers}，编码器 {n} 层"
            )
        object.__setattr__(self, "base", base)  # the embedder's: never trained or saved here
        self.config = config
        self.top = (
            top if top is not None else nn.ModuleList(copy.deepcopy(base.encoder.layer[config.split : config.layers]))
        )
        for p in self.top.parameters():  # trainable copies even of a base the learned reader's LoRA has frozen
            p.requires_grad_(True)
        self.head = nn.Linear(base.config.hidden_size, 1)
        nn.init.normal_(self.head.weight, std=0.02)
        nn.init.zeros_(self.head.bias)
        self._lock = threading.Lock()

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():  # the shared layers are frozen: no activations kept for them
            h, mask = shared_lower(self.base, self.config.split, input_ids, attention_mask)
        for layer in self.top:
            h = layer(h, mask)
            h = h[0] if isinstance(h, tuple) else h
        return self.head(h[:, 0]).squeeze(-1)

    def encode(self, tokenizer, questions: list[str], passages: list[str]) -> dict:
        return tokenizer(
            ["query: " + q for q in questions],
            ["passage: " + p for p in passages],
            truncation="only_second",
            max_length=self.config.max_length,
            padding=True,
            return_tensors="pt",
        )

    def probabilities(self, tokenizer, question: str, passages: list[str], batch: int = 32) -> np.ndarray:
        """P(on topic) of each ``passage`` (``pair_text``) for ``question``."""
        if not passages:
            return np.zeros(0)
        out = []
        with self._lock, torch.no_grad():
            for i in range(0, len(passages), batch):
                part = passages[i : i + batch]
                x = self.encode(tokenizer, [question] * len(part), part)
                out.append(torch.sigmoid(self(x["input_ids"], x["attention_mask"])).numpy())
        return np.concatenate(out).astype(np.float64)

    # ------------------------------------------------------------ artifact

    def save(self, folder: Path) -> Path:
        return save_trained(self, self.config, folder, WEIGHTS)

    @classmethod
    def load(cls, folder: Path, base: nn.Module) -> CrossEncoder:
        """The cross-encoder in ``folder`` on top of ``base`` (the embedder's encoder); one call."""
        return load_trained(cls, CrossConfig, folder, base, WEIGHTS, CrossModelError, "交叉编码器")


class ReadTogether:
    """The cross-encoder bound to one question: P(on topic) of a report's candidates (comparison.PickedSentence)."""

    def __init__(self, model: CrossEncoder, tokenizer, question: str):
        self.model, self.tokenizer, self.question = model, tokenizer, question
        self.reports = model.config.reports

    def __call__(self, sentences: list) -> np.ndarray:
        texts = [pair_text(s.headings, s.text) for s in sentences]
        return self.model.probabilities(self.tokenizer, self.question, texts)


_shipped: dict[int, CrossEncoder] = {}
_shipped_lock = threading.Lock()


def shipped(embedder) -> CrossEncoder | None:
    """The cross-encoder shipped in the package on ``embedder``'s encoder (loaded once per encoder), None when the
    package has none."""
    if not (ARTIFACT_DIR / "config.json").exists():
        return None
    base = embedder.model[0].auto_model  # the SentenceTransformer's encoder: shared, not copied
    with _shipped_lock:
        if id(base) not in _shipped:
            _shipped[id(base)] = CrossEncoder.load(ARTIFACT_DIR, base)
        return _shipped[id(base)]
