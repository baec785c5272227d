"""What a hostile or careless user tried (issue 13): links, bombs, read-only queries, concurrent
builds, odd input at every boundary, index integrity, exit codes and where evaluation writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qa.ingest.corpus import ingest, scan

ROOT = Path(__file__).resolve().parent.parent


def _qa(*args, env=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "qa.interface.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ, PYTHONPATH=str(ROOT), **(env or {})),
        cwd=cwd,
    )


# ------------------------------------------------------------------ 1. links out of the corpus


def test_links_are_skipped_with_a_reason(corpus_copy, tmp_path):
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "report.txt").write_text("关于机密县2022年度法治政府建设情况的报告\n机密内容。\n", encoding="utf-8")
    (corpus_copy / "passwd.txt").symlink_to("/etc/passwd")
    (corpus_copy / "linked-folder").symlink_to(outside)
    files, skipped = scan(corpus_copy)
    names = {p.relative_to(corpus_copy).as_posix() for p in files}
    assert "passwd.txt" not in names and not any(n.startswith("linked-folder") for n in names)
    reasons = {s.doc_id: s.reason for s in skipped}
    assert "symbolic link" in reasons["passwd.txt"] and "symbolic link" in reasons["linked-folder"]
    out = _qa("ingest", "--corpus", str(corpus_copy), "--json", "--quiet")
    assert out.returncode == 0, out.stderr
    rows = {r["doc_id"]: r for r in map(json.loads, out.stdout.splitlines())}
    assert rows["passwd.txt"]["status"] == "skipped" and "symbolic link" in rows["passwd.txt"]["reason"]
    assert "root:" not in out.stdout
    assert len([r for r in rows.values() if r["status"] == "ok"]) == 5
