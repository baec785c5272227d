"""Building the index: read and chunk the corpus, embed what is new, write an immutable build
folder and switch CURRENT to it (the stored format and loading are in ``qa.store.index``).

One build runs at a time (``DIR/.lock``); unchanged documents and their vectors come from the
previous build; a killed build resumes its embedding from ``DIR/partial-vectors/``.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import sys
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import numpy as np

from qa.document import Chunk, Skipped
from qa.ingest import overrides
from qa.ingest.corpus import UNREADABLE, Corpus, CorpusError, file_sha256, read_and_chunk, scan, source_sha256
from qa.ingest.loading import IngestError
from qa.progress import RateMeter, Throughput, progress
from qa.settings import Settings
from qa.store.bm25 import BM25Index
from qa.store.dense import DenseIndex
from qa.store.index import (
    MANIFEST_SUM,
    IndexError_,
    LoadedIndex,
    _read_manifest,
    _without_model,
    current_build,
    expected_config,
    is_fresh,
    load,
    searchable_text,
)
from qa.store.partial_vectors import PartialVectors
from qa.text.tokenization import Tokenizer

log = logging.getLogger(__name__)


def content_key(text: str, model_id: str) -> str:
    return hashlib.sha256(f"{model_id}\0{text}".encode("utf-8")).hexdigest()[:32]


# ---------------------------------------------------------------- persistence helpers


def _write_jsonl(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


def _checksums(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): file_sha256(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


def _fsync_tree(folder: Path) -> None:
    for p in folder.rglob("*"):
        if p.is_file():
            with p.open("rb") as f:
                os.fsync(f.fileno())


@contextmanager
def _build_lock(index_dir: Path):
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _vector_cache(build: Path | None) -> dict[str, np.ndarray]:
    """Vectors of the previous build by content key: unchanged chunks are never re-embedded.

    Used whenever its own two files match their checksums, even if another file of that build
    is corrupt or its configuration differs: a key hashes the model and the embedded text.
    """
    if build is None:
        return {}
    try:
        sums = _read_manifest(build)["checksums"]
        for name in ("vector_keys.json", "vectors.npy"):
            if file_sha256(build / name) != sums[name]:
                log.warning("%s: %s is corrupted; its vectors are not reused", build, name)
                return {}
        keys = json.loads((build / "vector_keys.json").read_text(encoding="utf-8"))
        vectors = np.load(build / "vectors.npy", mmap_mode="r")
    except (OSError, ValueError, KeyError, TypeError, IndexError_):
        return {}
    if len(keys) != len(vectors):
        return {}
    return {k: vectors[i] for i, k in enumerate(keys)}


def _embed(embedder, texts, keys, todo, vectors, partial, settings, show_progress, on_progress) -> None:
    """Embed rows ``todo`` into ``vectors``, saving finished ones every few seconds (see partial_vectors)."""
    meter = RateMeter(len(todo))
    pending: list[int] = []
    last_save = time.monotonic()

    def save() -> None:
        nonlocal last_save
        partial.add([keys[i] for i in pending], vectors[pending])
        pending.clear()
        last_save = time.monotonic()

    def on_batch(rows, vecs) -> None:
        rows = [todo[r] for r in rows]
        vectors[rows] = vecs
        pending.extend(rows)
        if time.monotonic() - last_save >= settings.embed_checkpoint_s:
            save()
        if on_progress is not None:
            on_progress(meter.update(len(rows)))

    try:
        embedder.encode_passages(
            [texts[i] for i in todo], batch_size=settings.embed_batch_size, progress=show_progress, on_batch=on_batch
        )
    except BaseException:
        if pending:  # interrupted (Ctrl-C, an error): keep what did finish
            save()
        raise


def build(
    corpus_dir: Path,
    index_dir: Path,
    settings: Settings = Settings(),
    tokenizer: Tokenizer | None = None,
    embedder=None,
    show_progress: bool = True,
    previous: LoadedIndex | None = None,
    reuse: bool = True,
    on_progress: Callable[[Throughput], None] | None = None,
    unless_fresh: bool = True,
    exact: bool = True,
) -> Path:
    """Build (or update) the index of ``corpus_dir`` under ``index_dir`` and switch to it.

    Unchanged documents are taken from the previous build (no re-reading, no re-embedding).
    ``embedder=None`` builds a BM25-only index. ``on_progress`` hears how the embedding goes.
    One build runs at a time; with ``unless_fresh`` a caller that finds, once it holds the lock,
    a current build that already matches the corpus and this configuration (made while it waited)
    gets that build instead of making another (``exact``: see ``is_fresh``; a query accepts a
    build it can use).
    """
    tokenizer = tokenizer or Tokenizer()
    model_id = getattr(embedder, "model_id", None)
    with _build_lock(index_dir):
        prev_path = current_build(index_dir)
        if previous is not None and previous.path != prev_path:
            previous = None  # another process switched builds while this one waited
        if not reuse:
            previous = None
        elif previous is None and prev_path is not None:
            try:
                previous = load(prev_path, settings)
            except IndexError_ as e:
                log.warning("previous index not reused: %s", e)
                previous = None
        if unless_fresh and previous is not None:
            if is_fresh(previous, corpus_dir, settings, tokenizer, model_id, exact=exact):
                log.info("index %s is already up to date", previous.path.name)
                return previous.path
        files, skipped = scan(corpus_dir, settings)
        if not files:
            raise CorpusError(f"{corpus_dir}: no reports found ({' '.join(settings.extensions)})")
        # Documents and chunks do not depend on the embedding model: any build's serve.
        same_config = previous is not None and _without_model(previous.manifest.get("config")) == _without_model(
            expected_config(settings, tokenizer, model_id)
        )
        old_docs = previous.documents if same_config else {}
        old_chunks: dict[str, list[Chunk]] = {}
        if same_config:
            for c in previous.chunks:
                old_chunks.setdefault(c.doc_id, []).append(c)

        corpus = Corpus(skipped=list(skipped))
        fixes = overrides.load(corpus_dir)
        hashes = {}
        for src in progress(files, desc="ingest", unit="file", enabled=show_progress):
            doc_id = src.doc_id
            try:
                digest = overrides.state(source_sha256(src, settings), fixes.get(doc_id))
            except IngestError as e:  # a damaged archive member is that member's problem
                corpus.skipped.append(Skipped(doc_id, str(e)))
                hashes[doc_id] = UNREADABLE  # as corpus_state says it: the index stays fresh until the file changes
                continue
            hashes[doc_id] = digest
            if doc_id in old_docs and old_docs[doc_id].sha256 == digest and doc_id in old_chunks:
                corpus.documents[doc_id] = old_docs[doc_id]
                corpus.chunks[doc_id] = old_chunks[doc_id]
                continue
            try:
                doc, chunks = read_and_chunk(src, settings)
            except IngestError as e:
                corpus.skipped.append(Skipped(doc_id, str(e)))
                log.warning("skipped %s", e)
                continue
            corpus.documents[doc_id] = doc
            corpus.chunks[doc_id] = chunks

        chunks = corpus.all_chunks()
        texts = [searchable_text(c) for c in chunks]
        # Interned: one string object per distinct token, not one per occurrence (at a million
        # chunks, separate token strings alone took 15 GB and the build ran out of memory).
        tokens = [
            list(map(sys.intern, tokenizer.tokenize(t)))
            for t in progress(texts, desc="tokenise", unit="chunk", enabled=show_progress)
        ]
        bm25 = BM25Index.build(tokens, k1=settings.bm25_k1, b=settings.bm25_b)
        del tokens

        vectors = keys = None
        partial = PartialVectors(index_dir)
        if embedder is not None:
            keys = [content_key(t, model_id) for t in texts]
            cache = _vector_cache(prev_path) if reuse else {}
            cache.update(partial.load())  # what a killed build had finished
            todo = [i for i, k in enumerate(keys) if k not in cache]
            log.info("embedding %d new of %d chunks (%d cached)", len(todo), len(keys), len(keys) - len(todo))
            vectors = np.zeros((len(keys), embedder.dim), dtype=np.float32)
            for i, k in enumerate(keys):
                if k in cache:
                    vectors[i] = cache[k]
            del cache
            if todo:
                _embed(embedder, texts, keys, todo, vectors, partial, settings, show_progress, on_progress)

        build_id = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}"
        tmp = index_dir / f"tmp-{build_id}"
        tmp.mkdir(parents=True)
        try:
            _write_jsonl(
                tmp / "documents.jsonl",
                (
                    {
                        "doc_id": d.doc_id,
                        "meta": asdict(d.meta),
                        "text": d.text,
                        "format": d.format,
                        "encoding": d.encoding,
                        "sha256": d.sha256,
                        "warnings": d.warnings,
                        **({"source_edits": [list(e) for e in d.source_edits]} if d.source_edits else {}),
                        **({"headings": [list(h) for h in d.headings]} if d.headings else {}),
                        **(
                            {"parts": [{"start": p.start, "end": p.end, "meta": asdict(p.meta)} for p in d.parts]}
                            if d.parts
                            else {}
                        ),
                    }
                    for d in corpus.documents.values()
                ),
            )
            _write_jsonl(
                tmp / "chunks.jsonl",
                (
                    {
                        "chunk_id": c.chunk_id,
                        "doc_id": c.doc_id,
                        "start": c.start,
                        "end": c.end,
                        "section": list(c.section),
                    }
                    for c in chunks
                ),
            )
            bm25.save(tmp / "bm25")
            if vectors is not None:
                DenseIndex(vectors, settings.hnsw_threshold).save(tmp)
                (tmp / "vector_keys.json").write_text(json.dumps(keys), encoding="utf-8")
            manifest = {
                "config": expected_config(settings, tokenizer, model_id),
                "corpus": hashes,
                "skipped": [asdict(s) for s in corpus.skipped],
                "n_documents": len(corpus.documents),
                "n_chunks": len(chunks),
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "checksums": _checksums(tmp),
            }
            raw = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            (tmp / "manifest.json").write_bytes(raw)
            (tmp / MANIFEST_SUM).write_text(hashlib.sha256(raw).hexdigest() + "\n", encoding="ascii")
            _fsync_tree(tmp)
            final = index_dir / f"build-{build_id}"
            os.replace(tmp, final)
            pointer = index_dir / f"CURRENT.tmp-{build_id}"
            pointer.write_text(final.name, encoding="utf-8")
            with pointer.open("rb") as f:
                os.fsync(f.fileno())
            os.replace(pointer, index_dir / "CURRENT")
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        partial.clear()  # its vectors are in the build now
        _collect_garbage(index_dir, keep={final.name, prev_path.name if prev_path else ""}, grace_s=BUILD_GRACE_S)
        return final


BUILD_GRACE_S = 600  # a superseded build younger than this stays: a reader may still be loading it


def _collect_garbage(index_dir: Path, keep: set[str], grace_s: float = BUILD_GRACE_S) -> None:
    """Drop half-written and superseded builds; the previous one stays for readers still on it.

    Runs under the build lock, so no ``tmp-`` folder here is being written.
    """
    now = time.time()
    for p in index_dir.iterdir():
        if p.name in keep:
            continue
        if p.name.startswith("build-") and now - p.stat().st_mtime < grace_s:
            continue
        if p.is_dir() and (p.name.startswith("tmp-") or p.name.startswith("build-")):
            shutil.rmtree(p, ignore_errors=True)
        elif p.is_file() and p.name.startswith("CURRENT.tmp-"):
            p.unlink(missing_ok=True)
