"""Is a comparison sentence about what was asked? A logistic model over the sentence's topic signals.

The rule score of ``comparison.read_report`` adds up fixed weights: the topic in the sentence, in its headings,
figures, measures. Read by a judge, four in ten of the sentences it kept beyond a report's best were about a
neighbouring practice: the section's other sub-topics, the topic named only inside a list, a generic
overview. This model weighs the same signals and a few more (list mentions, where the term stands, the
question's other words) by sentences an outside judge labelled on the read question sets, and says how likely
a candidate is on topic. The model is a folder (``config.json``: feature names, weights, bias, threshold and
how it was trained) that loads with one call; ``scripts/train_relevance.py`` writes it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "relevance"
MAX_POOL = 8  # a report's best candidates by rule score that get features (comparison.candidates)

# Every feature is a number in about [0, 1]; comparison.read_report computes them in this order.
FEATURES = (
    "in_sentence",  # the topic's primary term is in the sentence itself
    "near",  # ... in the nearest heading
    "in_heading",  # ... anywhere in the heading path
    "follow",  # a figure sentence right after one that names the topic
    "topic_extra",  # the topic's other terms in the sentence (0..1 of them)
    "facets",  # facet words (体制改革, 质效) in the sentence or headings, up to 2
    "specific",  # the question's rare words in the sentence or headings, up to 2
    "says_asked",  # one of the question's other content words in the sentence or headings
    "words_share",  # share of the question's other content words in the sentence itself
    "no_words",  # the question has no other content words
    "figures",  # figures in the sentence, up to 2
    "measure",  # a measure verb (建立, 推行, 开展…)
    "plan",  # a plan section
    "problem",  # a problems section
    "in_list",  # the topic's term stands inside an enumeration (、…等)
    "list_density",  # enumeration marks in the sentence, up to 6
    "term_pos",  # where the term first stands in the sentence (0 = at its start, 1 = absent)
    "term_count",  # times the term is said, up to 3
    "length",  # sentence length, log-scaled
    "bare",  # no sentence end: a heading or list line
    "gap",  # rule score below the report's best, up to 4
    "rank",  # rank among the report's candidates by rule score, up to 5
    "none_say",  # none of the report's candidates says the question's other words: their absence tells nothing
)


@dataclass(frozen=True)
class SentenceRelevance:
    """Logistic model: ``probability(features)`` for one candidate; ``threshold`` keeps a sentence beyond the best."""

    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.5
    pool: int = 6  # a report's candidates it chooses among: its best by rule score, as in training
    best: str = "rule"  # the sentence always kept: the rule's best, or the model's most probable ("model")
    features: tuple[str, ...] = FEATURES

    def logit(self, x: tuple[float, ...]) -> float:
        return self.bias + sum(w * v for w, v in zip(self.weights, x))

    def probability(self, x: tuple[float, ...]) -> float:
        return 1.0 / (1.0 + math.exp(-self.logit(x)))

    @classmethod
    def load(cls, folder: str | Path = MODEL_DIR) -> SentenceRelevance:
        config = json.loads((Path(folder) / "config.json").read_text(encoding="utf-8"))
        names = tuple(config["features"])
        if names != FEATURES:
            raise ValueError(f"相关性模型的特征与本程序不一致：{Path(folder) / 'config.json'}")
        if not 1 <= config["pool"] <= MAX_POOL:
            raise ValueError(f"相关性模型的候选句数 pool 应在 1–{MAX_POOL} 之间：{Path(folder) / 'config.json'}")
        return cls(tuple(config["weights"]), config["bias"], config["threshold"], config["pool"], config["best"], names)

    def pick(self, pool: list, most: int) -> list:
        """Of a report's candidates (best rule score first, each with ``features``): the one always kept, then
        those the model finds on topic, most probable first, ``most`` at most."""
        pool = pool[: self.pool]
        return [pool[i] for i in choose([self.probability(s.features) for s in pool], self.threshold, self.best, most)]

    def save(self, folder: str | Path, training: dict) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        config = {
            "features": list(self.features),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "threshold": self.threshold,
            "pool": self.pool,
            "best": self.best,
            "training": training,
        }
        (folder / "config.json").write_text(json.dumps(config, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def choose(p: list[float], threshold: float, best: str, most: int) -> list[int]:
    """Which of candidates with probabilities ``p`` (best rule score first) to quote: the rule's best (index 0) or,
    with ``best="model"``, the most probable; then those from ``threshold``, most probable first; ``most`` at most."""
    first = max(range(len(p)), key=p.__getitem__) if best == "model" else 0
    rest = sorted((i for i in range(len(p)) if i != first and p[i] >= threshold), key=lambda i: -p[i])
    return [first, *rest][:most]


@lru_cache(maxsize=1)
def shipped() -> SentenceRelevance | None:
    """The model shipped in the package, None when there is none."""
    return SentenceRelevance.load() if (MODEL_DIR / "config.json").exists() else None
