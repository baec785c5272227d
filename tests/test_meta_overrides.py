"""Metadata a user corrects: stored beside the corpus, applied at every ingest, part of index freshness."""

from __future__ import annotations

import json
import shutil

import pytest

from qa.ingest import overrides
from qa.ingest.corpus import ingest
from qa.interface.cli import main
from qa.settings import Settings
from qa.store.index import corpus_state

DOC = "002_c349f437d9920677.txt"


@pytest.fixture
def corpus(tmp_path, corpus_dir):
    shutil.copy(corpus_dir / DOC, tmp_path / DOC)
    shutil.copy(corpus_dir / "003_b42d8d81e0a81924.txt", tmp_path / "003_b42d8d81e0a81924.txt")
    return tmp_path


def test_a_correction_is_applied_with_its_source(corpus):
    before = corpus_state(corpus, Settings())
    overrides.set_fields(corpus, DOC, region="通化市", year=2018)
    meta = ingest(corpus, show_progress=False).documents[DOC].meta
    assert (meta.region, meta.year, meta.doc_type) == ("通化市", 2018, "年度报告")
    assert (meta.province, meta.city, meta.division_code) == ("吉林省", "通化市", "220500")
    assert meta.sources["region"] == meta.sources["year"] == "override"
    assert meta.title == "通化市2018年法治政府建设情况报告" and meta.title_derived  # derived again from the fix
    # The index sees the corrected report as changed; the other report is untouched.
    after = corpus_state(corpus, Settings())
    assert after[DOC] != before[DOC] and after["003_b42d8d81e0a81924.txt"] == before["003_b42d8d81e0a81924.txt"]
    assert overrides.unset(corpus, DOC)
    assert ingest(corpus, show_progress=False).documents[DOC].meta.region == "梅河口市"
    assert corpus_state(corpus, Settings()) == before


def test_qa_meta_cli(corpus, capsys):
    assert (
        main(["meta", "set", DOC, "--corpus", str(corpus), "--type", "工作要点", "--title", "梅河口要点", "--json"])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert (out["doc_type"], out["title"], out["doc_type_source"], out["title_derived"]) == (
        "工作要点",
        "梅河口要点",
        "override",
        False,
    )
    assert main(["meta", "set", DOC, "--corpus", str(corpus), "--year", "十九"]) == 2
    assert "年份" in capsys.readouterr().err
    assert main(["meta", "set", "missing.txt", "--corpus", str(corpus), "--year", "2019"]) == 2
    assert main(["meta", "unset", DOC, "--corpus", str(corpus), "--field", "title", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["override"] == {"doc_type": "工作要点"}


def test_a_damaged_override_file_is_ignored_when_reading_and_never_overwritten(corpus):
    overrides.path_for(corpus).write_text("{not json", encoding="utf-8")
    assert ingest(corpus, show_progress=False).documents[DOC].meta.region == "梅河口市"
    with pytest.raises(overrides.OverrideError):
        overrides.set_fields(corpus, DOC, year=2019)
    assert overrides.path_for(corpus).read_text(encoding="utf-8") == "{not json"
