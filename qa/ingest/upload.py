"""Uploads: a user's report file saved into the corpus under a safe name, or refused with a reason."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from pathlib import Path

from qa.ingest import archive
from qa.ingest.corpus import Source, load_limits, read_document
from qa.ingest.loading import FORMATS, IngestError, load
from qa.settings import Settings

UPLOAD_FOLDER = "uploads"  # inside the corpus folder, so uploads are indexed with it
ACCEPTED = (*FORMATS, *archive.ARCHIVES)  # report files, and .zip attachments of them


class UploadError(ValueError):
    """An upload that was refused; str is a one-line message (中文 and English)."""


# Characters that make a name read differently from what it is: bidirectional overrides and
# isolates (a "gpj.txt" shown as "txt.jpg"), zero-width characters, lone surrogates.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\u061c\ufeff\ud800-\udfff]")


def safe_name(name: str, max_bytes: int = Settings.max_name_bytes) -> str:
    """A file name with no folders, no control, shell or invisible characters, a known extension,
    and at most ``max_bytes`` bytes of UTF-8 (file systems limit names by bytes, not characters)."""
    name = unicodedata.normalize("NFKC", name).replace("\\", "/").split("/")[-1]
    name = _INVISIBLE.sub("", name)
    name = re.sub(r"[\x00-\x1f\x7f<>:\"|?*]", "", name).strip().lstrip(".")
    stem, dot, ext = name.rpartition(".")
    if not dot or not ext.strip():
        raise UploadError(f"{name or '(空)'}: 文件名缺少扩展名 / the file name has no extension")
    if not stem:
        raise UploadError(f"{name}: 文件名为空 / the file name is empty before its extension")
    ext = ext.lower()[:16]
    stem = re.sub(r"\s+", "_", stem)
    room = max_bytes - len(ext.encode("utf-8")) - len("-999.")  # room for a "-n" made unique later
    while len(stem.encode("utf-8")) > room:
        stem = stem[:-1]
    return f"{stem}.{ext}"


def duplicate_of(data: bytes, corpus_dir: Path) -> str | None:
    """The corpus file (relative name) whose bytes are exactly ``data``, if any."""
    digest = hashlib.sha256(data).hexdigest()
    for path in sorted(corpus_dir.rglob("*")):
        if (
            path.is_file()
            and not path.is_symlink()
            and not path.name.startswith(".")
            and path.suffix.lower() in ACCEPTED
            and path.stat().st_size == len(data)
            and hashlib.sha256(path.read_bytes()).hexdigest() == digest
        ):
            return path.relative_to(corpus_dir).as_posix()
    return None


def remove(corpus_dir: Path, doc_id: str) -> Path:
    """Delete the report file ``doc_id`` (a name relative to the corpus folder); refresh the index after."""
    root = corpus_dir.resolve()
    path = (root / doc_id).resolve()
    if not path.is_relative_to(root) or path == root:
        raise UploadError(f"{doc_id}: 不在语料文件夹中，未删除")
    holder = next((p for p in path.parents if p.is_relative_to(root) and p != root and p.is_file()), None)
    if holder is not None and archive.is_archive(holder):
        name = holder.relative_to(root).as_posix()
        raise UploadError(f"{doc_id}: 该报告在压缩包 {name} 中，未单独删除；要删除请删除整个压缩包")
    if not path.is_file():
        raise UploadError(f"{doc_id}: 文件已不存在")
    path.unlink()
    return path


def save(name: str, data: bytes, corpus_dir: Path, settings: Settings = Settings()) -> Path:
    """Check an uploaded file and write it into ``corpus_dir/uploads``; nothing is written if it is bad.

    A file whose content is already in the corpus (under any name) is refused, naming that file.
    """
    clean = safe_name(name, settings.max_name_bytes)
    if Path(clean).suffix.lower() not in ACCEPTED:
        raise UploadError(f"{clean}: 不支持的文件类型 / unsupported file type ({' '.join(ACCEPTED)})")
    limit = int(settings.max_file_mb * 1024 * 1024)
    if len(data) > limit:
        raise UploadError(
            f"{clean}: 文件过大 / file is {len(data) / 1048576:.1f} MB, over the {settings.max_file_mb:.0f} MB limit"
        )
    same = duplicate_of(data, corpus_dir) if corpus_dir.is_dir() else None
    if same is not None:
        raise UploadError(f"{clean}: 与语料中已有的报告 {same} 内容相同，未重复加入")
    folder = corpus_dir / UPLOAD_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    # Check the content with the same loader the index uses, from a temporary file.
    tmp = folder / f".check-{uuid.uuid4().hex}{Path(clean).suffix}"
    try:
        tmp.write_bytes(data)
        if archive.is_archive(tmp):
            _check_archive(tmp, settings)
        else:
            load(tmp, **load_limits(settings))
    except (IngestError, archive.ArchiveError) as e:
        reason = str(e).split(": ", 1)[-1]
        raise UploadError(f"{clean}: 无法读取 / {reason}") from None
    except MemoryError:
        raise UploadError(f"{clean}: 无法读取 / too large to read in the memory available") from None
    except Exception as e:  # noqa: BLE001 - a parser's failure on one upload is a refusal, not a crash
        raise UploadError(f"{clean}: 无法读取 / cannot be read ({type(e).__name__})") from None
    finally:
        tmp.unlink(missing_ok=True)
    target = folder / clean
    n = 1
    try:
        while target.exists() and target.read_bytes() != data:
            target = folder / f"{Path(clean).stem}-{n}{Path(clean).suffix}"
            n += 1
        target.write_bytes(data)
    except OSError as e:
        raise UploadError(f"{clean}: 无法保存 / cannot be saved ({e.strerror or type(e).__name__})") from None
    return target


def _check_archive(path: Path, settings: Settings) -> None:
    """An uploaded .zip is kept when at least one of its members reads as a report; else why none does."""
    limits = load_limits(settings)
    found, others = archive.members(path, path.name, settings.extensions, limits["max_bytes"], limits["max_unpacked"])
    errors = [why for _, why in others]
    for m in found:
        try:
            read_document(Source(path.parent, path, f"{path.name}/{m.name}", m), settings)
            return
        except IngestError as e:
            errors.append(str(e))
    reason = errors[0].split(": ", 1)[-1] if errors else "压缩包中没有文件 / the archive holds no files"
    raise IngestError(f"{path.name}: 压缩包中没有可读的报告 / no readable report in the archive ({reason})")
