"""ZIP attachments: the reports a site posts packed in one ``.zip``, each member read as a report of its own.

Sites attach a year's documents as one 附件 ``.zip`` (the annual report with the next year's plan, or every county's
report). A member is named by the archive's path and its own: ``P0203.zip/六安市/2023年报告.docx`` is its ``doc_id``.

Windows' built-in 压缩 and older WinRAR store member names in the system's code page (GBK on a Chinese system)
without ZIP's UTF-8 flag, and ``zipfile`` then decodes them as cp437 (``┴∙░▓╩╨``): such names are decoded again as
UTF-8 (macOS writes UTF-8 without the flag), else GB18030. An archive inside the archive, an encrypted member, a
member of a type that is no report, and members past the size limits are listed as skipped, each with its reason.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

ARCHIVES = (".zip",)
# archives the standard library cannot open: named so the user knows to unpack them
UNREADABLE_ARCHIVES = (".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz")
_UTF8_FLAG = 0x800


class ArchiveError(Exception):
    """An archive that cannot be opened at all; str is one line naming it and why."""


@dataclass(frozen=True)
class Member:
    name: str  # the member's path inside the archive, decoded
    info: zipfile.ZipInfo


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's path as its writer meant it, whatever code page the writer's system used."""
    name = info.filename
    if info.flag_bits & _UTF8_FLAG:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def is_archive(path: Path | str) -> bool:
    return PurePosixPath(str(path)).suffix.lower() in ARCHIVES


def members(path: Path, rel: str, extensions: tuple[str, ...], max_bytes: int, max_unpacked: int):
    """The report members of the archive at ``path`` (sorted by name), and ``(doc_id, reason)`` of the others."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as e:
        raise ArchiveError(f"{rel}: 无法打开的压缩包 / not a readable .zip archive ({e})") from None
    found, skipped, total = [], [], 0
    for info in infos:
        name = member_name(info).replace("\\", "/")
        parts = PurePosixPath(name).parts
        unsafe = ".." in parts or name.startswith("/")
        if info.is_dir() or not parts or (not unsafe and any(p.startswith(".") or p == "__MACOSX" for p in parts)):
            continue  # folders, and the resource forks and hidden files macOS adds
        doc_id = f"{rel}/{name}"
        suffix = PurePosixPath(name).suffix.lower()
        why = None
        if unsafe:
            why = "压缩包内的路径不安全，已跳过 / unsafe path inside the archive, skipped"
        elif suffix in ARCHIVES or suffix in UNREADABLE_ARCHIVES:
            why = "压缩包中的压缩包，请先解压 / an archive inside the archive: unpack it first"
        elif suffix not in extensions:
            why = f"不支持的文件类型 / unsupported file type (reports are {' '.join(extensions)})"
        elif info.flag_bits & 0x1:
            why = "压缩包成员已加密 / the member is encrypted (password-protected)"
        elif info.file_size > max_bytes:
            why = (
                f"文件过大 / file is {info.file_size / 1048576:.1f} MB, over the limit of {max_bytes / 1048576:.0f} MB"
            )
        elif total + info.file_size > max_unpacked:
            why = f"压缩包解压后超过 {max_unpacked / 1048576:.0f} MB，其余成员未读 / the archive unpacks past the limit"
        if why:
            skipped.append((doc_id, f"{doc_id}: {why}"))
            continue
        total += info.file_size
        found.append(Member(name, info))
    return sorted(found, key=lambda m: m.name), skipped


def read_member(path: Path, member: Member, max_bytes: int) -> bytes:
    """The member's bytes; never more than ``max_bytes`` whatever its header claims (a zip bomb lies)."""
    with zipfile.ZipFile(path) as z, z.open(member.info) as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(f"the member unpacks past {max_bytes / 1048576:.0f} MB")
    return data
