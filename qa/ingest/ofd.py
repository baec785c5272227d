"""The text of an OFD file (GB/T 33190, the fixed-layout format government sites post beside or instead of PDF).

An OFD is a ZIP of XML parts: ``OFD.xml`` names each document's root (``DocRoot``), the document lists its pages
(``Pages/Page/@BaseLoc``), and each page's ``Content.xml`` draws text as ``TextObject`` elements, each with a
``Boundary`` ("x y w h", millimetres, y downwards), an optional ``CTM`` and ``TextCode`` runs placed at X/Y inside
it. Converters write one object per line, per run or per character, in any order; so the runs are placed on the
page and read as lines, top to bottom and left to right, a wide gap between two runs of a line read as a tab (a
table's columns). A page's template (running header, page frame) and its annotations (seals) are left out.
The library that reads OFD on PyPI (easyofd) brings PyMuPDF and a renderer; text needs only the XML.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

_NUMBER = re.compile(r"-?\d+(?:\.\d*)?(?:[eE]-?\d+)?|-?\.\d+")
_MAX_REPEAT = 10_000  # a "g n d" run longer than any line


class OfdError(ValueError):
    """The file is no OFD this reader can read (the reason, in English, for the message)."""


class TooManyPages(OfdError):
    """The documents list more pages than the limit: refused before any page is read."""

    def __init__(self, pages: int):
        super().__init__(f"{pages} pages")
        self.pages = pages


@dataclass(frozen=True)
class _Run:
    x: float
    y: float  # the baseline, from the page's top
    end: float  # where the run's last character ends
    size: float
    text: str


def _local(node) -> str:
    return node.tag.rsplit("}", 1)[-1]


def _numbers(value: str | None) -> list[float]:
    return [float(n) for n in _NUMBER.findall(value or "")]


def _delta_width(value: str | None) -> float:
    """The advance a TextCode's DeltaX adds over its characters: "g n d" stands for n gaps of d (§11.3)."""
    tokens, total, i = (value or "").split(), 0.0, 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            try:
                total += min(int(float(tokens[i + 1])), _MAX_REPEAT) * float(tokens[i + 2])
            except (ValueError, OverflowError):  # "g inf 3": a damaged file's count
                pass
            i += 3
            continue
        try:
            total += float(tokens[i])
        except ValueError:
            pass
        i += 1
    return total


def _runs(content: bytes) -> list[_Run]:
    """Each TextCode of a page's content, placed on the page."""
    runs: list[_Run] = []
    for obj in ElementTree.fromstring(content).iter():
        if _local(obj) != "TextObject":
            continue
        box = _numbers(obj.get("Boundary")) + [0.0] * 4
        size = (_numbers(obj.get("Size")) or [3.5])[0]
        ctm = _numbers(obj.get("CTM"))
        a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        scale = abs(a) or 1.0
        last_x = last_y = 0.0
        for code in obj:
            if _local(code) != "TextCode" or not (code.text or "").strip():
                continue
            # a TextCode without X or Y goes on where the last one ended (§11.3)
            x = (_numbers(code.get("X")) or [last_x])[0]
            y = (_numbers(code.get("Y")) or [last_y])[0]
            last_x, last_y = x, y
            width = _delta_width(code.get("DeltaX")) + size
            runs.append(
                _Run(
                    x=box[0] + a * x + c * y + e,
                    y=box[1] + b * x + d * y + f,
                    end=box[0] + a * (x + width) + c * y + e,
                    size=size * scale,
                    text=code.text or "",
                )
            )
    return runs


def _lines(runs: list[_Run]) -> str:
    """Runs on one baseline (within half a character) as a line, left to right; a gap of two characters as a tab."""
    lines: list[list[_Run]] = []
    for run in sorted(runs, key=lambda r: (r.y, r.x)):
        if lines and abs(run.y - lines[-1][0].y) <= max(run.size, lines[-1][0].size) / 2:
            lines[-1].append(run)
        else:
            lines.append([run])
    out = []
    for line in lines:
        line.sort(key=lambda r: r.x)
        text = line[0].text
        for prev, run in zip(line, line[1:]):
            text += ("\t" if run.x - prev.end > 2 * max(run.size, 1.0) else "") + run.text
        out.append(text)
    return "\n".join(out)


def _resolve(base: str, loc: str) -> str:
    """A BaseLoc or DocRoot: absolute from the package root ("/Doc_0/…") or relative to the part that names it."""
    loc = loc.strip().replace("\\", "/")
    return posixpath.normpath(loc.lstrip("/") if loc.startswith("/") else posixpath.join(base, loc))


def _find(z: zipfile.ZipFile, path: str) -> bytes:
    try:
        return z.read(path)
    except KeyError:
        names = {n.lower(): n for n in z.namelist()}  # Windows-made packages differ in case
        if path.lower() in names:
            return z.read(names[path.lower()])
        raise OfdError(f"part {path} missing")


def pages_of(z: zipfile.ZipFile, max_pages: int | None = None) -> list[str]:
    """The text of each page of the package's documents, in order; TooManyPages when they list more than
    ``max_pages``."""
    try:
        root = ElementTree.fromstring(_find(z, "OFD.xml"))
        listed: list[str] = []  # each page's content part
        for node in root.iter():
            if _local(node) != "DocRoot" or not (node.text or "").strip():
                continue
            doc_path = _resolve("", node.text)
            doc_dir = posixpath.dirname(doc_path)
            document = ElementTree.fromstring(_find(z, doc_path))
            listed += [
                _resolve(doc_dir, page.get("BaseLoc", ""))
                for page in document.iter()
                if _local(page) == "Page" and page.get("BaseLoc")
            ]
        if not listed:
            raise OfdError("no pages listed")
        if max_pages is not None and len(listed) > max_pages:
            raise TooManyPages(len(listed))
        return [_lines(_runs(_find(z, part))) for part in listed]
    except ElementTree.ParseError as e:
        raise OfdError(f"XML not readable: {e}")
