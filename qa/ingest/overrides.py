"""Metadata a user corrected: a JSON file beside the reports that every (re-)indexing applies.

``<corpus>/.metadata-overrides.json`` maps a doc_id to the fields the user set
(``{"002_x.txt": {"region": "梅河口市", "year": 2019}}``). It is a hidden file, so it is never read
as a report; its content is part of each document's state, so changing it updates the index.
``qa meta set/show/unset`` and the app's corpus table write it through this module.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from qa.document import DOC_TYPES, DocumentMeta

log = logging.getLogger(__name__)

FILE_NAME = ".metadata-overrides.json"
FIELDS = ("title", "region", "year", "doc_type")


class OverrideError(ValueError):
    """A value that cannot be stored; str is a one-line message in Chinese."""


def path_for(corpus_dir: Path) -> Path:
    return Path(corpus_dir) / FILE_NAME


def load(corpus_dir: Path, strict: bool = False) -> dict[str, dict[str, Any]]:
    """The stored corrections. A damaged file is reported and ignored when reading (``strict``: refused)."""
    p = path_for(corpus_dir)
    if not p.is_file():
        return {}
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("应为 JSON 对象")
    except (OSError, ValueError) as e:
        msg = f"{p}: 元数据更正文件无法读取（{e}）"
        if strict:
            raise OverrideError(msg) from e
        log.warning("%s；本次不使用更正", msg)
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict)}


def _save(corpus_dir: Path, data: dict[str, dict[str, Any]]) -> None:
    p = path_for(corpus_dir)
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, p)  # whole or not at all: a crash never leaves half a file


def validate(fields: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if value is None:
            continue
        if name not in FIELDS:
            raise OverrideError(f"不能更正字段 {name}（可更正：{'、'.join(FIELDS)}）")
        if name == "year":
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise OverrideError(f"年份必须是四位数字，不是 {value!r}") from None
            if not 1949 <= value <= 2100:
                raise OverrideError(f"年份 {value} 不在 1949–2100 之间")
        elif name == "doc_type":
            if value not in DOC_TYPES:
                raise OverrideError(f"类型必须是 {'、'.join(DOC_TYPES)} 之一，不是 {value!r}")
        else:
            value = str(value).strip()
            if not value or len(value) > 80 or re.search(r"[\n\r\t]", value):
                raise OverrideError(f"{name} 必须是一行 1–80 个字符的文字")
        out[name] = value
    return out


def set_fields(corpus_dir: Path, doc_id: str, **fields: Any) -> dict[str, Any]:
    """Store corrections for one report (merged with earlier ones); returns what is stored for it."""
    clean = validate(fields)
    if not clean:
        raise OverrideError("没有要更正的字段（--region、--year、--type、--title）")
    from qa.ingest.corpus import source_of  # corpus reads the overrides: imported here, not at the top

    if source_of(Path(corpus_dir), doc_id) is None:
        raise OverrideError(f"{doc_id}: 语料中没有这个文件")
    data = load(corpus_dir, strict=True)
    data.setdefault(doc_id, {}).update(clean)
    _save(corpus_dir, data)
    return data[doc_id]


def unset(corpus_dir: Path, doc_id: str, fields: tuple[str, ...] = ()) -> bool:
    """Drop the corrections of one report (all, or the named fields); whether anything was removed."""
    data = load(corpus_dir, strict=True)
    if doc_id not in data:
        return False
    if fields:
        for f in fields:
            data[doc_id].pop(f, None)
        if not data[doc_id]:
            del data[doc_id]
    else:
        del data[doc_id]
    _save(corpus_dir, data)
    return True


def state(file_digest: str, override: dict[str, Any] | None) -> str:
    """A document's state for index freshness: its file, plus its corrections if any."""
    if not override:
        return file_digest
    extra = hashlib.sha256(json.dumps(override, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    return f"{file_digest}+{extra}"


def apply(meta: DocumentMeta, override: dict[str, Any] | None) -> DocumentMeta:
    """The metadata with the user's corrections; a corrected region gets its chain from the gazetteer."""
    if not override:
        return meta
    from qa.ingest.gazetteer import ZONE_KINDS, resolve

    changes: dict[str, Any] = {k: v for k, v in override.items() if k in FIELDS}
    sources = dict(meta.sources) | {k: "override" for k in changes}
    confidence = dict(meta.confidence) | {k: 1.0 for k in changes}
    if "region" in changes:
        chain = resolve(changes["region"])
        below = re.search(rf"(?:镇|乡|街道|{'|'.join(ZONE_KINDS)})$", changes["region"]) and not chain
        township = changes["region"] if below or re.search(r"(?:镇|乡|街道)$", changes["region"]) else None
        changes |= {
            "province": chain.province if chain else None,
            "city": chain.city if chain else None,
            "county": chain.county if chain else None,
            "township": township,
            "division_code": chain.code if chain else None,
            "region_candidates": chain.candidates if chain else (),
        }
    if "title" in changes:
        changes["title_derived"] = False
    elif meta.title_derived and {"region", "year", "doc_type"} & set(changes):
        from qa.ingest.metadata import derived_title

        m = replace(meta, **changes)
        changes["title"] = derived_title(m.region or m.issuer, m.year, m.doc_type)
    return replace(meta, **changes, sources=sources, confidence=confidence)
