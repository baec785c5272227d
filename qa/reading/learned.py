"""The learned reader: a fine-tuned span head over the top passages, alone or combined with the rules.

Reads one short window per passage — the sentences of the passage that share most with the
question — so a question costs a few encoder windows, not whole passages. A passage's span
score is start + end logit; its answerability is that minus the no-answer score, less a penalty
per retrieval rank (raw span scores are not comparable across passages; retrieval order is
evidence too). Every answer is a verbatim slice of a passage with its citation.

Modes:
- ``learned``: the learned span, or no answer below the threshold.
- ``combined``: the rule reader decides list questions, typed spans (counts, ratios, dates), the
  "which place" and lead-office rules; where the rules would quote a whole sentence the learned
  span inside the answering passage replaces it; where the rules refuse, a learned span with a
  high answerability score answers.
"""

from __future__ import annotations

import math
import re
import threading
from pathlib import Path

from qa.document import Answer, Hit
from qa.reading.answers import empty_answer, finish
from qa.reading.sentences import char_pairs
from qa.reading.span_model import ARTIFACT_DIR, SpanModel
from qa.retrieval.query import Query
from qa.settings import Settings

_SENT = re.compile(r"[^。；！？\n]+[。；！？]?")


def window(question: str, text: str, max_chars: int) -> tuple[int, int]:
    """(start, end) of the sentences of ``text`` sharing most character pairs with the question."""
    if len(text) <= max_chars:
        return 0, len(text)
    q = char_pairs(question)
    sents = [(m.start(), m.end()) for m in _SENT.finditer(text)] or [(0, len(text))]
    best = max(range(len(sents)), key=lambda i: len(q & char_pairs(text[sents[i][0] : sents[i][1]])))
    lo, hi = sents[best]
    i, j = best, best
    # Grow around the best sentence, the following one first (the number often comes after).
    while True:
        grown = False
        if j + 1 < len(sents) and sents[j + 1][1] - lo <= max_chars:
            j += 1
            hi = sents[j][1]
            grown = True
        if i > 0 and hi - sents[i - 1][0] <= max_chars:
            i -= 1
            lo = sents[i][0]
            grown = True
        if not grown:
            break
    if hi - lo > max_chars:  # one long sentence: its part around the best overlap is enough
        hi = lo + max_chars
    return lo, hi


class LearnedReader:
    """A span model over the top passages (implements qa.reading.base.Reader); "combined" keeps the
    rule reader's list, typed-span, which-place and lead-office answers."""

    def __init__(
        self,
        embedder,
        rule_reader=None,
        settings: Settings = Settings(),
        folder: Path | None = None,
        mode: str = "combined",
    ):
        import torch

        self.settings = settings
        self.mode = mode
        self.rule = rule_reader
        st = embedder.model  # the SentenceTransformer: its encoder is shared, not copied
        self.tokenizer = st.tokenizer
        self.model = SpanModel.load(folder or ARTIFACT_DIR, st[0].auto_model)
        self.name = f"learned-{mode}"
        self._torch = torch
        self._lock = threading.Lock()

    # Named settings live in Settings; these read them with the defaults the reader was chosen with.
    @property
    def threshold(self) -> float:
        return self.settings.learned.threshold

    def spans(self, question: str, hits: list[Hit]) -> list[tuple[float, Hit, int, int]]:
        """(answerability, hit, start, end) for the top passages, best first; offsets into chunk text."""
        from qa.reading.training import predict

        top = hits[: self.settings.learned.passages]
        if not top:
            return []
        spans = [window(question, h.chunk.text, self.settings.learned.window_chars) for h in top]
        contexts = [h.chunk.text[a:b] for h, (a, b) in zip(top, spans)]
        with self._lock:
            preds = predict(self.model, self.tokenizer, question, contexts)
        out = []
        for rank, (h, (lo, _), (score, null, a, b)) in enumerate(zip(top, spans, preds)):
            if b <= a or not math.isfinite(score):
                continue
            out.append((score - null - self.settings.learned.rank_penalty * rank, h, lo + a, lo + b))
        out.sort(key=lambda x: -x[0])
        return out

    def read(self, query: Query, hits: list[Hit]) -> Answer:
        question, kind = query.text, query.kind
        rule = None
        if self.rule is not None and self.mode == "combined":
            rule = self.rule.read(query, hits)
            if kind == "list" or rule.answer_type in ("span", "list"):
                return rule
        answer = empty_answer(question, hits)
        found = self.spans(question, hits) if hits and question.strip() else []
        if not found:
            return rule or answer
        margin, hit, s, e = found[0]
        confidence = 1.0 / (1.0 + math.exp(-margin))
        if rule is not None and rule.answer is not None:
            # The rules found the passage; the learned span answers inside it when it is sure enough.
            if margin < self.threshold or hit.chunk.chunk_id not in {c.chunk.chunk_id for c in rule.citations}:
                return rule
        elif rule is not None:
            if margin < self.settings.learned.threshold_refused:
                rule.confidence = max(rule.confidence, 0.0)
                return rule
        elif margin < self.threshold:
            answer.confidence = confidence
            return answer
        return _finish(answer, hit, s, e, confidence)


def _finish(answer: Answer, hit: Hit, s: int, e: int, confidence: float) -> Answer:
    c = hit.chunk
    text = c.text
    # Trim what the model took beyond the words (spaces, a trailing comma): still a verbatim slice.
    while s < e and (text[s].isspace() or text[s] in "，,；;。：:、"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in "，,；;。：:、"):
        e -= 1
    if e <= s:
        return answer
    finish(answer, [(c, c.start + s, c.start + e)], "span")
    answer.confidence = confidence
    return answer
