"""Corpus: a folder of report files → documents and chunks, with every skipped file accounted for."""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from qa.document import Chunk, Document, Skipped
from qa.ingest import boilerplate, chunking, compilation, metadata, overrides, sections
from qa.ingest.loading import IngestError, load
from qa.progress import progress
from qa.settings import Settings
from qa.text.normalization import is_mostly_traditional, normalize

log = logging.getLogger(__name__)


class CorpusError(Exception):
    """A corpus folder that cannot be used at all (missing, empty); str is a one-line message."""


@dataclass
class Corpus:
    documents: dict[str, Document] = field(default_factory=dict)
    chunks: dict[str, list[Chunk]] = field(default_factory=dict)  # doc_id → chunks
    skipped: list[Skipped] = field(default_factory=list)

    def all_chunks(self) -> list[Chunk]:
        return [c for doc_id in sorted(self.chunks) for c in self.chunks[doc_id]]


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def scan(folder: Path, settings: Settings = Settings()) -> tuple[list[Path], list[Skipped]]:
    """Report files under ``folder`` (recursively, sorted), and files that are not reports."""
    if not folder.exists():
        raise CorpusError(f"{folder}: 语料文件夹不存在 / corpus folder does not exist")
    if not folder.is_dir():
        raise CorpusError(f"{folder}: 不是文件夹 / not a folder")
    files, skipped = [], []
    root = folder.resolve()
    for path, rel in _walk(folder):
        if any(part.startswith(".") for part in rel.parts):
            continue  # hidden files and folders (.gitkeep, .DS_Store) are not reports
        outside = _outside(path, root)
        if outside:
            skipped.append(Skipped(rel.as_posix(), f"{rel.as_posix()}: {outside}"))
            continue
        if not path.is_file():
            continue  # sockets, pipes, devices
        if path.suffix.lower() in settings.extensions:
            files.append(path)
        else:
            exts = " ".join(settings.extensions)
            why = f"不支持的文件类型 / unsupported file type (reports are {exts})"
            skipped.append(Skipped(rel.as_posix(), f"{rel.as_posix()}: {why}"))
    return files, skipped


def _walk(folder: Path) -> list[tuple[Path, Path]]:
    """Every entry under ``folder`` that is not a folder, sorted; linked folders are listed, not entered."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        base = Path(dirpath)
        # A link to a folder is reported (and skipped) like a linked file; os.walk does not enter it.
        names = filenames + [d for d in dirnames if (base / d).is_symlink()]
        out.extend((base / n, (base / n).relative_to(folder)) for n in names)
    return sorted(out, key=lambda x: x[1].as_posix())


def _outside(path: Path, root: Path) -> str | None:
    """Why ``path`` must not be read as part of the corpus at ``root`` (a link, or resolving elsewhere)."""
    if path.is_symlink():
        return "符号链接，已跳过 / symbolic link, skipped (a corpus folder serves only its own files)"
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError):
        return "指向语料文件夹之外，已跳过 / resolves outside the corpus folder, skipped"
    return None


def load_limits(settings: Settings) -> dict:
    """The size limits of ``settings`` as keyword arguments of ``loading.load``."""
    return {
        "max_bytes": int(settings.max_file_mb * 1024 * 1024),
        "max_pdf_pages": settings.max_pdf_pages,
        "max_unpacked": int(settings.max_unpacked_mb * 1024 * 1024),
        "max_chars": settings.max_text_chars,
    }


def read_and_chunk(path: Path, folder: Path, settings: Settings = Settings()) -> tuple[Document, list[Chunk]]:
    """One report read and cut into chunks. Any failure is an IngestError naming the file.

    A file that exhausts memory or trips a parser bug is one skipped file, never the end of the run.
    """
    rel = path.relative_to(folder).as_posix()
    try:
        doc = read_document(path, folder, settings)
        chunks = chunk(doc, settings)
    except IngestError:
        raise
    except MemoryError:
        raise IngestError(f"{rel}: 无法读取 / too large to read in the memory available") from None
    except Exception as e:  # noqa: BLE001 - a parser's failure on one file is that file's problem
        raise IngestError(f"{rel}: 无法读取 / cannot be read ({type(e).__name__})") from None
    if not chunks:
        raise IngestError(f"{rel}: 去掉网页模板后没有报告正文 / no report text left after removing page boilerplate")
    return doc, chunks


def read_document(path: Path, folder: Path, settings: Settings = Settings()) -> Document:
    """Load, normalise and label one report. Raises IngestError with a one-line message."""
    doc_id = path.relative_to(folder).as_posix()
    loaded = load(path, **load_limits(settings))
    text = loaded.text
    norm = normalize(text)
    body, held = compilation.report_part(norm, boilerplate.body_spans(norm))
    warnings = list(loaded.warnings)
    if held:
        warnings.append(f"a compilation of {held} numbered documents (a gazette issue): only the report's own read")
    if is_mostly_traditional(text):
        warnings.append("traditional characters: indexed in simplified form")
    meta = overrides.apply(metadata.extract(norm, body, doc_id), overrides.load(folder).get(doc_id))
    for name in ("region", "year"):
        if getattr(meta, name) is None:
            warnings.append(f"{name} not found in the report")
    if meta.region and not meta.division_code and not meta.township:
        if meta.region_candidates:
            warnings.append(f"region {meta.region} is ambiguous: {' / '.join(meta.region_candidates)}")
        else:
            warnings.append(f"region {meta.region} is not in the gazetteer")
    return Document(
        doc_id=doc_id,
        text=text,
        norm=norm,
        meta=meta,
        body=body,
        format=loaded.format,
        encoding=loaded.encoding,
        sha256=file_sha256(path),
        warnings=warnings,
        source_edits=loaded.source_edits,
        headings=loaded.headings,
    )


def chunk(doc: Document, settings: Settings = Settings()) -> list[Chunk]:
    blocks = sections.parse(doc.text, doc.norm, doc.body, doc.headings)
    return chunking.chunk_document(doc, blocks, settings.chunk_chars)


def ingest(folder: Path, settings: Settings = Settings(), show_progress: bool = True) -> Corpus:
    """Every report in ``folder`` as documents and chunks; bad files are listed in ``skipped``."""
    files, skipped = scan(folder, settings)
    if not files:
        raise CorpusError(f"{folder}: no reports found ({' '.join(settings.extensions)})")
    corpus = Corpus(skipped=skipped)
    for path in progress(files, desc="ingest", unit="file", enabled=show_progress):
        try:
            doc, chunks = read_and_chunk(path, folder, settings)
        except IngestError as e:
            corpus.skipped.append(Skipped(path.relative_to(folder).as_posix(), str(e)))
            log.warning("skipped %s", e)
            continue
        corpus.documents[doc.doc_id] = doc
        corpus.chunks[doc.doc_id] = chunks
    return corpus
