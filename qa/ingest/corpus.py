"""Corpus: a folder of report files → documents and chunks, with every skipped file accounted for."""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from qa.document import Chunk, Document, Part, Skipped
from qa.ingest import archive, boilerplate, chunking, compilation, metadata, overrides, saved_page, sections
from qa.ingest.loading import IngestError, load, load_data
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


# the index's state of an archive member that cannot be unpacked (builder and corpus_state say it alike)
UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Source:
    """One report to read: a file of the corpus folder, or a member of a ``.zip`` there (``archive.zip/name``)."""

    folder: Path  # the corpus folder
    path: Path  # the file on disk
    doc_id: str  # its name relative to the corpus folder, through the archive for a member
    member: archive.Member | None = None

    @classmethod
    def file(cls, path: Path, folder: Path) -> Source:
        """A report file of the corpus folder ``folder``."""
        return cls(folder, path, path.relative_to(folder).as_posix())


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def source_sha256(src: Source, settings: Settings = Settings()) -> str:
    """The content digest of a report: its file's, or its member's unpacked bytes (the archive's other members and
    its packing do not change it). A file that cannot be read or a member unpacked is an IngestError naming it."""
    if src.member is None:
        try:
            if saved_page.resources_of(src.path) is not None:  # its framed documents are part of it
                return saved_page.digest(src.path, src.path.read_bytes())
            return file_sha256(src.path)
        except OSError as e:
            raise IngestError(f"{src.doc_id}: 无法读取 / cannot read the file ({e.strerror or e})") from None
    return hashlib.sha256(_member_bytes(src, settings)).hexdigest()


def _member_bytes(src: Source, settings: Settings) -> bytes:
    try:
        return archive.read_member(src.path, src.member, _max_bytes(settings))
    except Exception as e:  # noqa: BLE001 - zipfile raises assorted errors on a damaged member
        raise IngestError(f"{src.doc_id}: 无法从压缩包中读取 / cannot unpack the member ({e})") from None


def scan(folder: Path, settings: Settings = Settings()) -> tuple[list[Source], list[Skipped]]:
    """Reports under ``folder`` (recursively, sorted; a ``.zip``'s members in its place), and what is not a report."""
    if not folder.exists():
        raise CorpusError(f"{folder}: 语料文件夹不存在 / corpus folder does not exist")
    if not folder.is_dir():
        raise CorpusError(f"{folder}: 不是文件夹 / not a folder")
    files, skipped = [], []
    root = folder.resolve()
    resources: set[str] = set()  # saved pages' resources folders, said once each
    for path, rel in _walk(folder):
        if any(part.startswith(".") for part in rel.parts):
            continue  # hidden files and folders (.gitkeep, .DS_Store) are not reports
        name = rel.as_posix()
        owner = saved_page.owner_page(PurePosixPath(name), folder)
        if owner is not None:
            page, where = owner
            if where not in resources:
                resources.add(where)
                why = f"网页 {page} 保存时附带的文件（框架页、图片、脚本），随该网页读取 / the saved page's own files"
                skipped.append(Skipped(f"{where}/", f"{where}/: {why}"))
            continue
        outside = _outside(path, root)
        if outside:
            skipped.append(Skipped(name, f"{name}: {outside}"))
            continue
        if not path.is_file():
            continue  # sockets, pipes, devices
        suffix = path.suffix.lower()
        if suffix in settings.extensions:
            files.append(Source(folder, path, name))
        elif archive.is_archive(path):
            _archive_members(folder, path, name, settings, files, skipped)
        else:
            exts = " ".join(settings.extensions + archive.ARCHIVES)
            why = f"不支持的文件类型 / unsupported file type (reports are {exts})"
            if suffix in archive.UNREADABLE_ARCHIVES:
                why = f"无法读取 {suffix} 压缩包，请解压后放入语料文件夹或改用 .zip / unpack it into the corpus folder"
            skipped.append(Skipped(name, f"{name}: {why}"))
    return files, skipped


def _archive_members(folder: Path, path: Path, name: str, settings: Settings, files: list, skipped: list) -> None:
    try:
        found, others = archive.members(path, name, settings.extensions, _max_bytes(settings), _max_unpacked(settings))
    except archive.ArchiveError as e:
        skipped.append(Skipped(name, str(e)))
        return
    files.extend(Source(folder, path, f"{name}/{m.name}", m) for m in found)
    skipped.extend(Skipped(doc_id, why) for doc_id, why in others)
    if not found and not others:
        skipped.append(Skipped(name, f"{name}: 压缩包是空的 / the archive holds no files"))


def source_of(folder: Path, doc_id: str, settings: Settings = Settings()) -> Source | None:
    """The report ``doc_id`` names in ``folder`` (a file, or an archive's member), or None."""
    path = folder / doc_id
    if path.is_file() and not archive.is_archive(path):
        return Source.file(path, folder)
    files, _ = scan(folder, settings) if "/" in doc_id and folder.is_dir() else ([], [])
    return next((s for s in files if s.doc_id == doc_id), None)


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


def _max_bytes(settings: Settings) -> int:
    return int(settings.max_file_mb * 1024 * 1024)


def _max_unpacked(settings: Settings) -> int:
    return int(settings.max_unpacked_mb * 1024 * 1024)


def load_limits(settings: Settings) -> dict:
    """The size limits of ``settings`` as keyword arguments of ``loading.load``."""
    return {
        "max_bytes": _max_bytes(settings),
        "max_pdf_pages": settings.max_pdf_pages,
        "max_unpacked": _max_unpacked(settings),
        "max_chars": settings.max_text_chars,
    }


def read_and_chunk(src: Source, settings: Settings = Settings()) -> tuple[Document, list[Chunk]]:
    """One report read and cut into chunks. Any failure is an IngestError naming the file.

    A file that exhausts memory or trips a parser bug is one skipped file, never the end of the run.
    """
    rel = src.doc_id
    try:
        doc = read_document(src, settings)
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


def _load(src: Source, settings: Settings):
    if src.member is None:
        return load(src.path, **load_limits(settings)), source_sha256(src, settings)
    data = _member_bytes(src, settings)
    limits = {k: v for k, v in load_limits(settings).items() if k != "max_bytes"}
    return load_data(PurePosixPath(src.member.name).name, data, **limits), hashlib.sha256(data).hexdigest()


def read_document(src: Source, settings: Settings = Settings()) -> Document:
    """Load, normalise and label one report. Raises IngestError with a one-line message."""
    doc_id = src.doc_id
    loaded, digest = _load(src, settings)
    text = loaded.text
    norm = normalize(text)
    body, held = compilation.report_part(norm, boilerplate.body_spans(norm))
    warnings = list(loaded.warnings)
    if src.member is not None:
        warnings.append(f"read from the archive {src.path.name}")
    if held:
        warnings.append(f"a compilation of {held} numbered documents (a gazette issue): only the report's own read")
    if is_mostly_traditional(text):
        warnings.append("traditional characters: indexed in simplified form")
    meta = overrides.apply(metadata.extract(norm, body, doc_id), overrides.load(src.folder).get(doc_id))
    parts = _parts(norm, body, doc_id)
    if parts:
        places = "、".join(p.meta.region or "?" for p in parts)
        warnings.append(f"a compilation of {len(parts)} reports ({places}): each read with its own place and year")
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
        sha256=digest,
        warnings=warnings,
        source_edits=loaded.source_edits,
        headings=loaded.headings,
        parts=parts,
    )


def _parts(norm: str, body: list[tuple[int, int]], doc_id: str) -> tuple[Part, ...]:
    """The reports of a compilation of several places' reports, each with the metadata read from its own text;
    () unless at least two places are found (one place's report and plan in one file stay one report)."""
    parts = []
    for a, b in compilation.report_spans(norm, body):
        own = [(max(s, a), min(e, b)) for s, e in body if s < b and e > a]
        meta = metadata.extract(norm, own, doc_id)
        if parts and meta.region is None:  # a span without a place of its own goes on the report before it
            parts[-1] = Part(parts[-1].start, b, parts[-1].meta)
        else:
            parts.append(Part(a, b, meta))
    return tuple(parts) if len({p.meta.region for p in parts if p.meta.region}) >= 2 else ()


def chunk(doc: Document, settings: Settings = Settings()) -> list[Chunk]:
    blocks = sections.parse(doc.text, doc.norm, doc.body, doc.headings)
    return chunking.chunk_document(doc, blocks, settings.chunk_chars)


def ingest(folder: Path, settings: Settings = Settings(), show_progress: bool = True) -> Corpus:
    """Every report in ``folder`` as documents and chunks; bad files are listed in ``skipped``."""
    files, skipped = scan(folder, settings)
    if not files:
        raise CorpusError(f"{folder}: no reports found ({' '.join(settings.extensions)})")
    corpus = Corpus(skipped=skipped)
    for src in progress(files, desc="ingest", unit="file", enabled=show_progress):
        try:
            doc, chunks = read_and_chunk(src, settings)
        except IngestError as e:
            corpus.skipped.append(Skipped(src.doc_id, str(e)))
            log.warning("skipped %s", e)
            continue
        corpus.documents[doc.doc_id] = doc
        corpus.chunks[doc.doc_id] = chunks
    return corpus
