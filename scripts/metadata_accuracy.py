"""Metadata accuracy of the extractor on a folder of report texts with expected values.

Usage: python scripts/metadata_accuracy.py FOLDER EXPECTED.jsonl [--show-errors]

EXPECTED.jsonl holds one object per file: {"file", "year", "place", "doc_type", "province", ...}.
A place counts as right when the expected place (the issuer's own level: township, county, city or
province; null for a ministry) equals the extracted region or the gazetteer name at that level.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from qa.ingest import boilerplate
from qa.ingest.metadata import extract
from qa.text.normalization import normalize

FIELDS = ("year", "place", "doc_type", "province", "city", "county", "township", "issuer")


def place_names(meta) -> set:
    names = {meta.region, meta.township, meta.county}
    if not meta.county and not meta.township:
        names |= {meta.city} if meta.city else {meta.province}
    names.discard(None)
    return names or {None}


def got(meta, field: str):
    if field == "place":
        return place_names(meta)
    if field == "issuer":
        return {meta.issuer}
    return {getattr(meta, field)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("folder", type=Path)
    p.add_argument("expected", type=Path)
    p.add_argument("--show-errors", action="store_true")
    args = p.parse_args(argv)
    rows = [json.loads(line) for line in args.expected.read_text(encoding="utf-8").splitlines() if line.strip()]
    right = {f: 0 for f in FIELDS}
    total = {f: 0 for f in FIELDS}
    for row in rows:
        text = (args.folder / row["file"]).read_text(encoding="utf-8")
        norm = normalize(text)
        meta = extract(norm, boilerplate.body_spans(norm), row["file"])
        for f in FIELDS:
            if f not in row:
                continue
            total[f] += 1
            ok = row[f] in got(meta, f)
            right[f] += ok
            if not ok and args.show_errors:
                print(f"{row['file']}\t{f}\texpected {row[f]!r}\tgot {sorted(map(str, got(meta, f)))}", file=sys.stderr)
    out = {
        f: {"right": right[f], "total": total[f], "accuracy": round(right[f] / total[f], 3)} for f in FIELDS if total[f]
    }
    print(json.dumps({"folder": str(args.folder), "n": len(rows), "fields": out}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
