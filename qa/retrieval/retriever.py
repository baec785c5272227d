"""Retriever: one loaded index answering hybrid queries, safe to share between threads.

Pipeline per query: normalise and tokenise (question words dropped) → filters as a mask →
routing (a question naming one region/year of the corpus searches that report first) → BM25 and
dense candidates (``candidate_factor`` × k each) → each candidate scored by both sides →
fusion → hits with both ranks.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from qa.document import Hit
from qa.ingest.gazetteer import within_any
from qa.retrieval.corpus_view import CorpusView
from qa.retrieval.fusion import fuse
from qa.retrieval.query import Query, of_text
from qa.retrieval.question import Mentions
from qa.runtime import configure
from qa.settings import MODES, Mode, Settings
from qa.store import builder
from qa.store import index as index_store
from qa.store.bm25 import top_k
from qa.store.index import LoadedIndex
from qa.text.tokenization import Tokenizer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Filters:
    regions: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    doc_types: tuple[str, ...] = ()

    def mask(self, idx: LoadedIndex) -> np.ndarray | None:
        if not (self.regions or self.years or self.doc_types):
            return None
        m = np.ones(len(idx.chunks), dtype=bool)
        if self.regions:
            # A filter may use the short name: 怀化 matches 怀化市.
            m &= np.array([any(r and (f in r) for f in self.regions) for r in idx.regions], dtype=bool)
        if self.years:
            m &= np.isin(idx.years, np.array(self.years, dtype=np.int32))
        if self.doc_types:
            m &= np.isin(idx.doc_types, np.array(self.doc_types, dtype=object))
        return m


@dataclass
class SearchResult:
    question: str
    hits: list[Hit]
    tokens: list[str] = field(default_factory=list)
    mentions: Mentions = Mentions((), ())
    routed_to: tuple[str, ...] = ()  # doc_ids searched first because the question named them
    timings_ms: dict[str, float] = field(default_factory=dict)


def _lazy_embedder(settings: Settings):
    from qa.store.embedding import Embedder  # torch is imported only when dense retrieval is used

    return Embedder(device=settings.embed_device, threads=settings.embed_threads)


class Retriever:
    def __init__(
        self,
        index: LoadedIndex,
        tokenizer: Tokenizer,
        embedder=None,
        settings: Settings = Settings(),
        corpus_dir: Path | None = None,
        index_dir: Path | None = None,
    ):
        self._index = index
        self.tokenizer = tokenizer
        self.embedder = embedder
        self.settings = settings
        # Where refresh() looks: given, else the loaded build's folder and the settings' corpus.
        self.corpus_dir = Path(corpus_dir or settings.corpus_dir)
        self.index_dir = Path(index_dir or (index.path.parent if index.path is not None else settings.index_dir))
        self._view = CorpusView(index, tokenizer, settings)
        self._update_lock = threading.Lock()

    # ------------------------------------------------------------ opening and updating

    @classmethod
    def open(
        cls,
        corpus_dir: Path | None = None,
        index_dir: Path | None = None,
        settings: Settings = Settings(),
        dense: bool = True,
        show_progress: bool = True,
        rebuild: bool = False,
    ) -> "Retriever":
        """Load the index of ``corpus_dir``, building or updating it first if it is missing or stale."""
        configure()
        corpus_dir = Path(corpus_dir or settings.corpus_dir)
        index_dir = Path(index_dir or settings.index_dir)
        tokenizer = Tokenizer()
        embedder = _lazy_embedder(settings) if dense else None
        if rebuild:
            # Nothing is reused; the current build stays in use until the new one is complete.
            new = builder.build(
                corpus_dir, index_dir, settings, tokenizer, embedder, show_progress, reuse=False, unless_fresh=False
            )
            loaded = index_store.load(new, settings)
        else:
            loaded = ensure_index(corpus_dir, index_dir, settings, tokenizer, embedder, show_progress)
        return cls(loaded, tokenizer, embedder, settings, corpus_dir, index_dir)

    @property
    def index(self) -> LoadedIndex:
        return self._index

    @property
    def view(self) -> CorpusView:
        """What question analysis needs of the current index (one per index state)."""
        return self._view

    def refresh(self, show_progress: bool = False, on_progress=None) -> LoadedIndex:
        """Bring the index up to date with the corpus folder; running queries keep the old one.

        ``on_progress`` gets a ``qa.progress.Throughput`` after each embedded batch (for a progress bar).
        """
        with self._update_lock:
            new = ensure_index(
                self.corpus_dir,
                self.index_dir,
                self.settings,
                self.tokenizer,
                self.embedder,
                show_progress,
                self._index,
                on_progress,
            )
            # One reference swap each: a query sees the old or the new index, whole (a query that
            # took the old view keeps analysing against the index it searches).
            self._view = CorpusView(new, self.tokenizer, self.settings)
            self._index = new
            return new

    # ------------------------------------------------------------ querying

    def regions(self) -> list[str]:
        return self._view.regions

    def query(self, question: str) -> Query:
        """A question taken as it is (no cleaning, no history), analysed against the current index."""
        return of_text(question, self._view, self.embedder if self._index.dense is not None else None)

    def search(
        self,
        query: Query | str,
        k: int = 10,
        filters: Filters = Filters(),
        mode: Mode = "hybrid",
    ) -> SearchResult:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        if isinstance(query, str):
            query = self.query(query)
        idx = query.view.index  # one snapshot for the whole query: the one it was analysed against
        if self.embedder is None or idx.dense is None:
            if mode == "dense":
                if idx.dense is None:
                    raise ValueError(f"--mode dense: {NO_VECTORS}; run `qa index` to add them")
                raise ValueError("dense retrieval needs an embedding model; open the retriever with dense=True")
            mode = "bm25"  # a BM25-only index: hybrid is BM25
        t0 = time.perf_counter()
        tokens, mentions = query.tokens, query.mentions
        result = SearchResult(query.text, [], list(tokens), mentions)
        if not tokens or k <= 0 or not idx.chunks:
            return result  # no content words: nothing to look for
        qvec = None
        if mode != "bm25":
            t = time.perf_counter()
            qvec = query.vector
            if qvec is None:  # a query analysed without the embedding model
                qvec = self.embedder.encode_queries([query.text])[0]
            result.timings_ms["encode"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        allowed = filters.mask(idx)
        routed = self._route(idx, mentions, filters, allowed, query.area_roles)
        passes = [allowed] if routed is None else [routed, _and_not(allowed, routed, len(idx.chunks))]
        if self.settings.route_by_quotes and query.quoted:
            passes = _quoted_first(passes, self._quoting(idx, query.quoted), len(idx.chunks))
        bm25_all = idx.bm25.scores(tokens) if mode != "dense" else None  # once for both passes
        hits: list[Hit] = []
        for mask in passes:
            if len(hits) >= k:
                break
            hits.extend(self._search_mask(idx, bm25_all, qvec, k - len(hits), mask, mode, start_rank=len(hits) + 1))
        if routed is not None:
            result.routed_to = tuple(sorted(set(idx.doc_ids[routed].tolist())))
        result.hits = hits
        result.timings_ms["search"] = (time.perf_counter() - t) * 1000
        result.timings_ms["total"] = (time.perf_counter() - t0) * 1000
        return result

    def _route(
        self,
        idx: LoadedIndex,
        mentions: Mentions,
        filters: Filters,
        allowed: np.ndarray | None,
        areas: dict[str, list] | None = None,
    ) -> np.ndarray | None:
        """Chunks to search first. Reports whose place or year is unknown are always among them. ``areas``: the
        provinces and cities the question names, by role (Query.area_roles)."""
        if not self.settings.route_by_metadata:
            return None
        n = len(idx.chunks)
        base = allowed if allowed is not None else np.ones(n, dtype=bool)
        unknown_place = idx.regions == ""
        routed = None
        if len(mentions.regions) == 1 and not filters.regions:
            routed = base & ((idx.regions == mentions.regions[0]) | unknown_place)
        elif not mentions.regions and not filters.regions and areas and (areas["within"] or areas["outside"]):
            # "河北省的县", "湖南其他县市": every report inside the provinces/cities named (by division code);
            # "河北省以外的地方": every report outside them.
            docs = list(idx.documents.values())  # tested per report, then spread to its chunks (a report has ~50)
            codes = [d.meta.division_code for d in docs]
            held = within_any(codes, areas["within"]) if areas["within"] else [True] * len(docs)
            if areas["outside"]:
                held = [ok and not away for ok, away in zip(held, within_any(codes, areas["outside"]))]
            inside = np.isin(idx.doc_ids, [d.doc_id for d, ok in zip(docs, held) if ok])
            if inside.any():
                routed = base & (inside | unknown_place)
        if len(mentions.years) == 1 and not filters.years:
            by_year = (routed if routed is not None else base) & ((idx.years == mentions.years[0]) | (idx.years == 0))
            # A year the named region lacks (互助县 2023) still routes to the region.
            if by_year.any():
                routed = by_year
        if routed is None or not routed.any() or routed.all():
            return None
        return routed

    @staticmethod
    def _quoting(idx: LoadedIndex, names: tuple[str, ...]) -> np.ndarray:
        """The passages whose text or headings hold every name the question quotes (“1211推进机制”), as written:
        each report's normalised text is searched once, then the passages around what is found."""
        held = np.zeros(len(idx.chunks), dtype=bool)
        for doc_id, doc in idx.documents.items():
            if not any(name in doc.norm for name in names):
                continue
            for i in idx.chunks_of.get(doc_id, ()):
                chunk = idx.chunks[i]
                where = doc.norm[chunk.start : chunk.end] + "\n" + " ".join(chunk.section)
                held[i] = all(name in where for name in names)
        return held

    def _search_mask(self, idx, bm25_all, qvec, k, mask, mode, start_rank) -> list[Hit]:
        if mask is not None and not mask.any():
            return []
        fs = self.settings.fusion
        n_cand = max(fs.candidate_factor * k, fs.min_candidates)
        empty = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32))
        bm25 = top_k(bm25_all, n_cand, mask) if bm25_all is not None else empty
        dense = idx.dense.search(qvec, n_cand, mask) if mode != "bm25" and idx.dense is not None else empty
        scorers = {}
        if mode == "hybrid" and fs.rescore_candidates:
            scorers = {"bm25_scorer": bm25_all.__getitem__, "dense_scorer": lambda ids: idx.dense.similarity(qvec, ids)}
        fused = fuse(bm25, dense, fs.method, fs.rrf_k, fs.dense_weight, **scorers)
        return [
            Hit(idx.chunks[f.index], start_rank + r, f.score, f.bm25_rank, f.dense_rank, f.bm25_score, f.dense_score)
            for r, f in enumerate(fused[:k])
        ]


def _quoted_first(passes: list[np.ndarray | None], held: np.ndarray, n: int) -> list[np.ndarray | None]:
    """Each pass split in two, the passages holding the quoted names first: a question naming 瀍河回族区 reads
    瀍河回族区's passages before any other report's, quoted or not. Unchanged when no passage holds them (a name in
    the asker's own words, “打包办”, narrows nothing)."""
    if not held.any():
        return passes
    out = []
    for mask in passes:
        base = mask if mask is not None else np.ones(n, dtype=bool)
        out.extend(m for m in (base & held, base & ~held) if m.any())
    return out


def _and_not(allowed: np.ndarray | None, routed: np.ndarray, n: int) -> np.ndarray:
    base = allowed if allowed is not None else np.ones(n, dtype=bool)
    return base & ~routed


def ensure_index(
    corpus_dir: Path,
    index_dir: Path,
    settings: Settings,
    tokenizer: Tokenizer,
    embedder,
    show_progress: bool = True,
    previous: LoadedIndex | None = None,
    on_progress=None,
) -> LoadedIndex:
    """The current build if it matches the corpus; otherwise an updated one (built incrementally)."""
    model_id = getattr(embedder, "model_id", None)
    index_store.scan(corpus_dir, settings)  # a missing corpus is said before anything else happens
    build = index_store.current_build(index_dir)
    if build is not None:
        try:
            loaded = previous if previous is not None and previous.path == build else index_store.load(build, settings)
            # A query's mode never makes a build stale: it uses what the build has (see is_fresh).
            if index_store.is_fresh(loaded, corpus_dir, settings, tokenizer, model_id):
                _say_what_is_missing(loaded, embedder)
                return loaded
            log.info("index at %s is stale for %s: updating", index_dir, corpus_dir)
            previous = loaded
        except index_store.IndexError_ as e:
            log.warning("%s; rebuilding", e)
            previous = None
    else:
        log.info("no index at %s yet: building it from %s", index_dir, corpus_dir)
    if embedder is None and previous is not None and previous.dense is not None:
        embedder = _lazy_embedder(settings)  # an update keeps the vectors the index had
    new = builder.build(
        corpus_dir,
        index_dir,
        settings,
        tokenizer,
        embedder,
        show_progress,
        previous,
        exact=False,
        on_progress=on_progress,
    )
    loaded = index_store.load(new, settings)
    _say_what_is_missing(loaded, embedder)
    return loaded


def _say_what_is_missing(loaded: LoadedIndex, embedder) -> None:
    if embedder is not None and loaded.dense is None:
        log.warning(NO_VECTORS + ": hybrid search uses BM25 only (run `qa index` to add them)")


NO_VECTORS = "this index has no passage vectors (it was built with --bm25-only)"
