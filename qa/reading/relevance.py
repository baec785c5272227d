"""Is a comparison sentence about what was asked? Boosted decision trees over the sentence's topic signals.

The rule score of ``comparison.read_report`` adds up fixed weights: the topic in the sentence, in its headings,
figures, measures. Read by a judge, four in ten of the sentences it kept beyond a report's best were about a
neighbouring practice: the section's other sub-topics, the topic named only inside a list, a generic
overview. This model weighs the same signals and a few more (list mentions, where the term stands, the
question's other words, another practice named instead) by sentences an outside judge labelled on the read
question sets, and says how likely a candidate is on topic. The signals act together (a heading on the topic
vouches for a sentence that names nothing else, not for one about 行政应诉), so the model is a small ensemble of
depth-limited trees rather than a weighted sum; cross-validated by leaving one report out, it quotes fewer
off-topic sentences than a logistic model on the same signals. Where the collection has vectors, the model also
reads how close each candidate's passage is to the question (the index's own vectors: no encoder pass), which
catches the asked aspect in words the term signals do not share; a collection without them (`--mode bm25`) is read
by lexical trees trained the same way without it. A report none of whose candidates the model finds likely on
topic (below the choice's ``floor``) names the topic only in passing and is left out of the comparison: cross-
validated, six in seven of the reports so left out had no sentence a judge found on topic. The model is a folder
(``config.json``: feature names, threshold, the choice and how it was trained; ``trees.json`` and
``trees_lexical.json``: the trees as arrays) that loads with one call and is evaluated with numpy;
``scripts/train_relevance.py`` writes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

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
    "other_terms",  # other words of the field's term list in the sentence (行政应诉, 案件 beside 行政复议), up to 2
    "heading_other",  # the nearest heading names another term of art, not the topic
    "field_wide",  # a term of the field at large (法治政府建设, 依法行政): an overview sentence
    "gap",  # rule score below the report's best, up to 4
    "rank",  # rank among the report's candidates by rule score, up to 5
    "none_say",  # none of the report's candidates says the question's other words: their absence tells nothing
)
# From the index's vectors, when the collection has them: how close the candidate's passage is to the question. The
# words of a question in officials' own wording ("政府和法院联起手") are not the report's, its meaning is. Without
# vectors (`--mode bm25`) the lexical trees read: the same training with these two left out.
DENSE_FEATURES = (
    "chunk_similarity",  # the question's embedding · the candidate's passage's (the index's own vector)
    "similarity_gap",  # ... below the closest passage among the report's featured candidates
)
# From the cross-encoder (cross_encoder.py), for the reports a comparison reads with it: its probability that the
# candidate is on topic, having read the question and the sentence together. Read by the cross trees, trained on
# probabilities from cross-encoders that never saw the candidate's report (scripts/cross_encoder_cv.py).
CROSS_FEATURES = ("cross_encoder",)


@dataclass(frozen=True)
class Trees:
    """Boosted regression trees, each complete to ``depth`` (a leaf above it is copied down both ways): node ``n``'s
    children are ``2n+1`` (feature ≤ threshold) and ``2n+2``; the logit is ``bias`` plus one leaf of each tree."""

    feature: np.ndarray  # (trees, 2**depth - 1) feature index of each split
    split: np.ndarray  # (trees, 2**depth - 1) threshold
    leaf: np.ndarray  # (trees, 2**depth) leaf values, learning rate included
    bias: float

    @property
    def depth(self) -> int:
        return int(np.log2(self.leaf.shape[1]))

    def logits(self, x: np.ndarray) -> np.ndarray:
        """Logits of the rows of ``x`` (candidates × features), every tree at once. Flat indices: a third of the
        time of two-dimensional fancy indexing, and this runs once per report of a comparison."""
        x = np.ascontiguousarray(x, dtype=np.float64)
        (n, width), (trees, inner) = x.shape, self.feature.shape
        row = (np.arange(n) * width)[:, None]  # where each candidate's features start in the flat array
        x = x.ravel()
        at = np.arange(trees) * inner
        feature, split = self.feature.ravel(), self.split.ravel()
        node = np.zeros((n, trees), dtype=np.int64)
        for _ in range(self.depth):
            i = at + node
            node = 2 * node + 1 + (x[row + feature[i]] > split[i])
        return self.bias + self.leaf.ravel()[np.arange(trees) * (inner + 1) - inner + node].sum(axis=1)

    def to_json(self) -> dict:
        return {
            "depth": self.depth,
            "bias": round(self.bias, 8),
            "feature": self.feature.tolist(),
            "split": [[round(float(v), 8) for v in row] for row in self.split],
            "leaf": [[round(float(v), 8) for v in row] for row in self.leaf],
        }

    @classmethod
    def from_json(cls, data: dict) -> Trees:
        trees = cls(
            np.array(data["feature"], dtype=np.int64),
            np.array(data["split"], dtype=np.float64),
            np.array(data["leaf"], dtype=np.float64),
            float(data["bias"]),
        )
        inner, leaves = 2 ** data["depth"] - 1, 2 ** data["depth"]
        n = len(trees.feature)
        if trees.feature.shape != (n, inner) or trees.split.shape != (n, inner) or trees.leaf.shape != (n, leaves):
            raise ValueError("树的形状不一致")
        return trees


@dataclass(frozen=True)
class SentenceRelevance:
    """``probability(features)`` that one candidate is on topic; ``pick`` chooses a report's sentences by it."""

    trees: Trees  # over FEATURES + DENSE_FEATURES
    threshold: float = 0.4  # keeps a sentence beyond the first
    pool: int = 6  # a report's candidates it chooses among: its best by rule score, as in training
    # The first sentence: the rule's best (it puts the topic's figures and measures first), unless the model doubts
    # it (probability below ``doubt``) and is sure of another (at least ``sure``); best="model": the most probable.
    best: str = "rule"
    doubt: float = 0.0
    sure: float = 1.0
    # A report none of whose candidates reaches ``floor`` names the topic only in passing: it is left out.
    floor: float = 0.0
    lexical: Trees | None = None  # over FEATURES alone: candidates of a collection without vectors
    cross: Trees | None = None  # over FEATURES + DENSE_FEATURES + CROSS_FEATURES: candidates the cross-encoder read
    features: tuple[str, ...] = FEATURES + DENSE_FEATURES

    def probabilities(self, rows: list[tuple[float, ...]]) -> np.ndarray:
        """Rows of every feature, of the lexical ones alone (no vectors), or of every feature and the cross-encoder's
        probability: each read by its own trees."""
        if len(rows) == 0:
            return np.zeros(0)
        x = np.asarray(rows, dtype=np.float64)
        by_width = {len(FEATURES): self.lexical, len(self.features): self.trees}
        by_width[len(self.features) + len(CROSS_FEATURES)] = self.cross
        trees = by_width.get(x.shape[1])
        if trees is None:
            raise ValueError(f"相关性模型读不了 {x.shape[1]} 个特征的候选句")
        return 1.0 / (1.0 + np.exp(-trees.logits(x)))

    def probability(self, x: tuple[float, ...]) -> float:
        return float(self.probabilities([x])[0])

    @classmethod
    def load(cls, folder: str | Path = MODEL_DIR) -> SentenceRelevance:
        path = Path(folder) / "config.json"
        config = json.loads(path.read_text(encoding="utf-8"))
        if tuple(config["features"]) != FEATURES + DENSE_FEATURES:
            raise ValueError(f"相关性模型的特征与本程序不一致：{path}")
        if not 1 <= config["pool"] <= MAX_POOL:
            raise ValueError(f"相关性模型的候选句数 pool 应在 1–{MAX_POOL} 之间：{path}")
        trees = _read_trees(Path(folder) / "trees.json", len(FEATURES) + len(DENSE_FEATURES))
        lexical = _read_trees(Path(folder) / "trees_lexical.json", len(FEATURES))
        cross_path = Path(folder) / "trees_cross.json"
        width = len(FEATURES) + len(DENSE_FEATURES) + len(CROSS_FEATURES)
        cross = _read_trees(cross_path, width) if cross_path.exists() else None
        choice = config["choice"]
        return cls(
            trees,
            config["threshold"],
            config["pool"],
            choice["best"],
            choice["doubt"],
            choice["sure"],
            choice.get("floor", 0.0),  # a folder of round 22 or before: no report left out
            lexical,
            cross,
        )

    def pick(self, pool: list, most: int, read=None) -> list:
        """Of a report's candidates (best rule score first, each with ``features``): the first (see ``best``), then
        those the model finds on topic, most probable first, ``most`` at most; none when no candidate reaches
        ``floor``. ``read``: a cross-encoder bound to the question (cross_encoder.ReadTogether): its probabilities
        join the features, read by the cross trees."""
        pool = pool[: self.pool]
        rows = [s.features for s in pool]
        if read is not None and self.cross is not None and pool and len(rows[0]) == len(self.features):
            rows = [f + (float(p),) for f, p in zip(rows, read(pool))]
        p = list(self.probabilities(rows))
        return [pool[i] for i in choose(p, self.threshold, self.best, most, self.doubt, self.sure, self.floor)]

    def save(self, folder: str | Path, training: dict) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        config = {
            "features": list(self.features),
            "threshold": self.threshold,
            "pool": self.pool,
            "choice": {"best": self.best, "doubt": self.doubt, "sure": self.sure, "floor": self.floor},
            "training": training,
        }
        (folder / "config.json").write_text(json.dumps(config, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        for name, trees in (
            ("trees.json", self.trees),
            ("trees_lexical.json", self.lexical),
            ("trees_cross.json", self.cross),
        ):
            if trees is not None:  # numbers only: one line
                (folder / name).write_text(json.dumps(trees.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")


def _read_trees(path: Path, width: int) -> Trees:
    """Trees over ``width`` features from their file, or the model's one-line message."""
    try:
        trees = Trees.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, KeyError, TypeError, ValueError) as err:
        raise ValueError(f"相关性模型的树无法读取（{err}）：{path}") from None
    if trees.feature.size and not 0 <= trees.feature.min() <= trees.feature.max() < width:
        raise ValueError(f"相关性模型的树引用了不存在的特征：{path}")
    return trees


def choose(
    p: list[float],
    threshold: float,
    best: str,
    most: int,
    doubt: float = 0.0,
    sure: float = 1.0,
    floor: float = 0.0,
) -> list[int]:
    """Which of candidates with probabilities ``p`` (best rule score first) to quote: first the rule's best (index
    0), or the most probable when ``best="model"`` or when the rule's best is below ``doubt`` and the most probable
    at least ``sure``; then those from ``threshold``, most probable first; ``most`` at most. None when no candidate
    reaches ``floor``: the report names the topic only in passing."""
    if not p or max(p) < floor:
        return []
    top = max(range(len(p)), key=p.__getitem__)
    first = top if best == "model" or (p[0] < doubt and p[top] >= sure) else 0
    rest = sorted((i for i in range(len(p)) if i != first and p[i] >= threshold), key=lambda i: -p[i])
    return [first, *rest][:most]


@lru_cache(maxsize=1)
def shipped() -> SentenceRelevance | None:
    """The model shipped in the package, None when there is none."""
    return SentenceRelevance.load() if (MODEL_DIR / "config.json").exists() else None
