"""The persisted index: an immutable build folder per corpus state, switched atomically; its
format and loading (``qa.store.builder`` writes it).

Layout of ``--index DIR``::

    DIR/CURRENT              name of the active build (replaced with os.replace: atomic)
    DIR/build-<id>/          one complete build, never modified after CURRENT points at it
        manifest.json        corpus file hashes, model id, dictionary hash, versions, checksums
        documents.jsonl      each document: metadata and its decoded text
        chunks.jsonl         each chunk: offsets, heading path (its text is sliced from the document)
        bm25/                the BM25 index
        vectors.npy          passage vectors (fp16), row i = chunk i
        vector_keys.json     content hash of what was embedded for row i (the embedding cache)
        manifest.sha256      checksum of manifest.json itself
    DIR/.lock                held while a build runs, so two builders never race
    DIR/partial-vectors/     vectors a build has finished so far (a killed build resumes from them)

A build is written to ``DIR/tmp-<id>/``, checked, renamed to ``build-<id>``, and only then is
CURRENT switched, so a build killed at any point leaves the previous index usable.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from qa import __version__
from qa.document import Chunk, Document, DocumentMeta, Part, Skipped
from qa.ingest import loading, metadata, overrides
from qa.ingest.corpus import UNREADABLE, CorpusError, file_sha256, scan, source_sha256
from qa.ingest.loading import IngestError
from qa.reading.dating import LAST_YEAR_SAID
from qa.settings import Settings
from qa.store.bm25 import BM25Index
from qa.store.dense import DenseIndex
from qa.text.normalization import normalize
from qa.text.tokenization import Tokenizer

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
MANIFEST_SUM = "manifest.sha256"  # the manifest's own checksum: every other file's is inside it


class IndexError_(Exception):
    """An index that cannot be used; str is a one-line message."""


@dataclass
class LoadedIndex:
    """Everything a query needs, in memory. Immutable once built: updates make a new one."""

    manifest: dict
    documents: dict[str, Document]
    chunks: list[Chunk]
    bm25: BM25Index
    dense: DenseIndex | None
    skipped: list[Skipped] = field(default_factory=list)
    path: Path | None = None

    def __post_init__(self) -> None:
        self.regions = np.array([c.region or "" for c in self.chunks], dtype=object)
        self.years = np.array([c.year or 0 for c in self.chunks], dtype=np.int32)
        self.doc_types = np.array([c.doc_type for c in self.chunks], dtype=object)
        self.doc_ids = np.array([c.doc_id for c in self.chunks], dtype=object)

    @cached_property
    def chunks_of(self) -> dict[str, list[int]]:
        """doc_id → the positions of its passages in ``chunks`` (computed once per index state)."""
        out: dict[str, list[int]] = {}
        for i, c in enumerate(self.chunks):
            out.setdefault(c.doc_id, []).append(i)
        return out

    @cached_property
    def known_regions(self) -> frozenset[str]:
        """The places the reports are about (computed once per index state)."""
        return frozenset(m.region for d in self.documents.values() for m in d.metas if m.region)

    @cached_property
    def own_years(self) -> dict[str | None, set[int]]:
        """Each region's reports' own years."""
        out: dict[str | None, set[int]] = {}
        for d in self.documents.values():
            for m in d.metas:
                if m.year:
                    out.setdefault(m.region, set()).add(m.year)
        return out

    @cached_property
    def covered_years(self) -> dict[str | None, set[int]]:
        """Years each region's reports are about: their own year and years their headings name."""
        out = {region: set(years) for region, years in self.own_years.items()}
        for c in self.chunks:
            for label in c.section:
                for y in _WRITTEN_YEAR.findall(label):
                    out.setdefault(c.region, set()).add(int(y))
        return out

    @cached_property
    def said_years(self) -> dict[str | None, set[int]]:
        """Years each region's reports write in their text ("2016年9月，区委区政府下发…"): events they recount."""
        out: dict[str | None, set[int]] = {}
        for d in self.documents.values():
            for part in d.reports:
                norm = d.norm[part.start : part.end]
                said = _WRITTEN_YEAR.findall(norm) + [m.group(1) or m.group(2) for m in _ROW_YEAR.finditer(norm)]
                if part.meta.year and LAST_YEAR_SAID.search(norm):
                    said.append(str(part.meta.year - 1))  # "较上年的12件": a figure of the year before
                out.setdefault(part.meta.region, set()).update(int(y) for y in said)
        return out


_WRITTEN_YEAR = re.compile(r"((?:19|20)\d{2})年")
# A table row headed by its year ("2023<tab>301<tab>276<tab>9.8%"), and the first year of a span ("2023—2024年").
_ROW_YEAR = re.compile(
    r"(?m)^\s*((?:19|20)\d{2})\s*年?度?\s*(?=[\t|｜])|((?:19|20)\d{2})(?=\s*[—–\-－~～至]\s*(?:19|20)\d{2}年)"
)


def searchable_text(c: Chunk) -> str:
    """What BM25 and the embedding model see: region, heading path and body."""
    head = " ".join(x for x in (c.region, " ".join(c.section)) if x)
    return f"{head}\n{c.text}" if head else c.text


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def current_build(index_dir: Path) -> Path | None:
    try:
        name = (index_dir / "CURRENT").read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    path = index_dir / name
    return path if name.startswith("build-") and path.is_dir() else None


def _read_manifest(build: Path, verify: bool = True) -> dict:
    """manifest.json, checked against manifest.sha256 (its own checksum; builds before it had none)."""
    raw = (build / "manifest.json").read_bytes()
    sidecar = build / MANIFEST_SUM
    if verify and sidecar.exists() and sidecar.read_text(encoding="ascii").strip() != hashlib.sha256(raw).hexdigest():
        raise IndexError_(f"{build}: index file manifest.json is corrupted (checksum mismatch)")
    return json.loads(raw.decode("utf-8"))


# ---------------------------------------------------------------- corpus state


def corpus_state(corpus_dir: Path, settings: Settings) -> dict[str, str]:
    """doc_id → sha256 of every report file in the corpus folder (what the index must match)."""
    files, _ = scan(corpus_dir, settings)
    fixes = overrides.load(corpus_dir)  # a corrected report counts as changed
    state = {}
    for src in files:
        try:
            state[src.doc_id] = overrides.state(source_sha256(src, settings), fixes.get(src.doc_id))
        except IngestError:  # a damaged member: the build says why it is skipped
            state[src.doc_id] = UNREADABLE
    return state


def expected_config(settings: Settings, tokenizer: Tokenizer, model_id: str | None) -> dict:
    return {
        "format_version": FORMAT_VERSION,
        "qa_version": __version__,
        "metadata_version": metadata.VERSION,
        "text_version": loading.TEXT_VERSION,
        "model_id": model_id,
        "dictionary_hash": tokenizer.dictionary_hash(),
        "chunk_chars": settings.chunk_chars,
        "bm25_k1": settings.bm25_k1,
        "bm25_b": settings.bm25_b,
    }


def _without_model(config: dict | None) -> dict:
    return {k: v for k, v in (config or {}).items() if k != "model_id"}


# ---------------------------------------------------------------- load


def _meta(stored: dict) -> DocumentMeta:
    stored = dict(stored, region_candidates=tuple(stored.get("region_candidates") or ()))
    return DocumentMeta(**{k: v for k, v in stored.items() if k in DocumentMeta.__dataclass_fields__})


def load(build: Path, settings: Settings = Settings(), verify: bool = True) -> LoadedIndex:
    """Load one build folder. Raises IndexError_ if any file is missing or corrupted."""
    try:
        manifest = _read_manifest(build, verify)
        if verify:
            bad = [
                name
                for name, digest in manifest["checksums"].items()
                if not (build / name).is_file() or file_sha256(build / name) != digest
            ]
            if bad:
                raise IndexError_(f"{build}: index file {bad[0]} is corrupted or missing (checksum mismatch)")
        documents = {}
        for row in _read_jsonl(build / "documents.jsonl"):
            text = row.pop("text")
            meta = _meta(row.pop("meta"))
            documents[row["doc_id"]] = Document(
                text=text,
                norm=normalize(text),  # as the docstring says; the build stores only the text
                meta=meta,
                parts=tuple(Part(int(p["start"]), int(p["end"]), _meta(p["meta"])) for p in row.get("parts", ())),
                **{k: row[k] for k in ("doc_id", "format", "encoding", "sha256", "warnings")},
                source_edits=tuple((int(at), str(r)) for at, r in row.get("source_edits", ())),
                headings=tuple((int(at), int(level)) for at, level in row.get("headings", ())),
            )
        chunks = []
        for row in _read_jsonl(build / "chunks.jsonl"):
            doc = documents[row["doc_id"]]
            m = doc.meta_at(row["start"])
            chunks.append(
                Chunk(
                    chunk_id=row["chunk_id"],
                    doc_id=row["doc_id"],
                    start=row["start"],
                    end=row["end"],
                    text=doc.text[row["start"] : row["end"]],
                    section=tuple(row["section"]),
                    title=m.title,
                    region=m.region,
                    year=m.year,
                    doc_type=m.doc_type,
                )
            )
        bm25 = BM25Index.load(build / "bm25")
        dense = DenseIndex.load(build, settings.hnsw_threshold) if (build / "vectors.npy").exists() else None
        skipped = [Skipped(**s) for s in manifest.get("skipped", [])]
    except IndexError_:
        raise
    except Exception as e:  # any unreadable file means the build is unusable
        raise IndexError_(f"{build}: index is unreadable ({type(e).__name__}: {e})") from e
    if dense is not None and len(dense) != len(chunks):
        raise IndexError_(f"{build}: index is inconsistent ({len(chunks)} chunks, {len(dense)} vectors)")
    return LoadedIndex(manifest, documents, chunks, bm25, dense, skipped, build)


# ---------------------------------------------------------------- build


def is_fresh(
    loaded: LoadedIndex,
    corpus_dir: Path,
    settings: Settings,
    tokenizer: Tokenizer,
    model_id: str | None,
    exact: bool = False,
) -> bool:
    """Whether a loaded build matches the corpus folder and the configuration as they are now.

    ``exact`` (building): its vectors must be those of ``model_id`` (none when it is None). Otherwise
    (querying) a build serves whatever a query can use: a BM25 query any build, a dense or hybrid
    query one with vectors of this model or with none (it then says what is missing). Switching
    modes never makes a build stale.
    """
    config = dict(loaded.manifest.get("config") or {})
    built_with = config.pop("model_id", None)
    wanted = expected_config(settings, tokenizer, model_id)
    wanted.pop("model_id")
    if config != wanted:
        return False
    if exact and built_with != model_id:
        return False
    if not exact and model_id is not None and built_with is not None and built_with != model_id:
        return False  # vectors of another model cannot be searched with this one
    try:
        return corpus_state(corpus_dir, settings) == loaded.manifest.get("corpus")
    except CorpusError:
        return False
