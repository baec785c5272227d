"""A page saved whole by a browser ("网页，全部" / "Webpage, Complete"): ``X.html`` and its folder ``X_files``.

Chrome and Firefox save the page's images, scripts and framed documents into ``X_files`` (Internet Explorer and Word
into ``X.files``). Many 政府信息公开 platforms show an article's body in an ``<iframe>``: saved whole, the page itself
holds only the site's menus and the title, and the report's text is a framed document in that folder. So the folder's
files are no reports of their own (its share and "相关信息" widgets are not either); the page is read with the
documents its frames show, each in its place. Only frames saved inside the page's own resources folder are read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

RESOURCE_ENDINGS = ("_files", ".files")
PAGE_SUFFIXES = (".html", ".htm", ".shtml", ".shtm", ".xhtml", ".jhtml")
_MAX_FRAME_BYTES = 20 * 1024 * 1024


def resources_of(page: Path) -> Path | None:
    """The resources folder a browser saved beside the page, or None."""
    if page.suffix.lower() not in PAGE_SUFFIXES:
        return None
    for ending in RESOURCE_ENDINGS:
        folder = page.with_name(page.stem + ending)
        if folder.is_dir() and not folder.is_symlink():
            return folder
    return None


def owner_page(rel: PurePosixPath, folder: Path) -> tuple[str, str] | None:
    """For a file under a saved page's resources folder (``X_files/content.html``), the page's name and the folder's,
    relative to the corpus ``folder`` (``X.html``, ``X_files``); None for any other file."""
    for depth, part in enumerate(rel.parts[:-1]):
        for ending in RESOURCE_ENDINGS:
            if part.endswith(ending) and len(part) > len(ending):
                stem = part[: -len(ending)]
                base = PurePosixPath(*rel.parts[:depth])
                for suffix in PAGE_SUFFIXES:
                    if (folder / base / (stem + suffix)).is_file():
                        return (base / (stem + suffix)).as_posix(), (base / part).as_posix()
    return None


def frame_reader(page: Path) -> Callable[[str], bytes | None] | None:
    """For a page with a resources folder: a function giving the bytes of the document a frame's ``src`` names when it
    lies inside that folder (None otherwise: a site's address, or a file elsewhere); None for a page without one."""
    resources = resources_of(page)
    if resources is None:
        return None
    root = resources.resolve()

    def read(src: str) -> bytes | None:
        parts = urlsplit(src.strip())
        if parts.scheme or parts.netloc or not parts.path:
            return None
        target = (page.parent / unquote(parts.path)).resolve()
        try:
            target.relative_to(root)
        except ValueError:
            return None
        if target.suffix.lower() not in PAGE_SUFFIXES or not target.is_file():
            return None
        if target.stat().st_size > _MAX_FRAME_BYTES:
            return None
        return target.read_bytes()

    return read


def digest(page: Path, data: bytes) -> str:
    """The content digest of a page saved whole: its bytes and those of the pages in its resources folder (a framed
    document changed is the page changed); a plain file's own digest otherwise."""
    h = hashlib.sha256(data)
    resources = resources_of(page)
    if resources is None:
        return h.hexdigest()
    for path in sorted(resources.rglob("*")):
        if path.suffix.lower() in PAGE_SUFFIXES and path.is_file() and not path.is_symlink():
            h.update(path.relative_to(resources).as_posix().encode("utf-8"))
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
