"""A Word file's XML read by local names (python-docx's element tree without its namespaces): the lookups the
loader's heading styles and tables and the list numbers (qa/ingest/numbering.py) make."""

from __future__ import annotations


def tag(node) -> str:
    """The element's local name ("p" for w:p); "" for a comment or processing instruction."""
    return node.tag.rsplit("}", 1)[-1] if isinstance(node.tag, str) else ""


def child(node, name: str):
    """The first child of local name ``name``; None when there is none or ``node`` is None."""
    if node is None:
        return None
    return next((c for c in node.iterchildren() if tag(c) == name), None)


def attr(node, name: str, default: str | None = None) -> str | None:
    """The attribute of local name ``name`` (w:val → "val"); ``default`` when it is absent or ``node`` is None."""
    if node is None:
        return default
    return next((v for k, v in node.attrib.items() if k.endswith("}" + name)), default)
