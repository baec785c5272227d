"""Shared fixtures: the bundled corpus, and one index built once per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TQDM_DISABLE", "1")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def bundled(corpus_dir):
    """The bundled reports as read (documents and chunks), for the tests that compare other layouts with them."""
    from qa.ingest.corpus import ingest

    return ingest(corpus_dir, show_progress=False)


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("index")


@pytest.fixture(scope="session")
def retriever(index_dir):
    from qa.retrieval.retriever import Retriever

    return Retriever.open(CORPUS, index_dir, show_progress=False)


@pytest.fixture(scope="session")
def pipeline(retriever):
    from qa.pipeline import Pipeline

    return Pipeline(retriever)


@pytest.fixture(scope="session")
def unseen6(tmp_path_factory):
    """A pipeline over the read unseen6 reports (eval/unseen/corpus6): a GBK page, a PDF drawn line by line, a
    GB18030 text, a Word work plan, a WeChat article."""
    from qa.pipeline import Pipeline

    corpus = ROOT / "eval" / "unseen" / "corpus6"
    return Pipeline.open(corpus, tmp_path_factory.mktemp("unseen6-index"), show_progress=False)


@pytest.fixture(scope="session")
def unseen7(tmp_path_factory):
    """A pipeline over the read unseen7 reports (eval/unseen/corpus7): a 红头文件 PDF, an OCR text, a Markdown page,
    a province's page, a WPS Word file with a table of targets and results."""
    from qa.pipeline import Pipeline

    corpus = ROOT / "eval" / "unseen" / "corpus7"
    return Pipeline.open(corpus, tmp_path_factory.mktemp("unseen7-index"), show_progress=False)


@pytest.fixture(scope="session")
def unseen8(tmp_path_factory):
    """A pipeline over the read unseen8 reports (eval/unseen/corpus8): a page in traditional characters, a gazette
    PDF, a GBK .shtml page, a UTF-16 text, a 工作要点 page whose tasks are a table."""
    from qa.pipeline import Pipeline

    corpus = ROOT / "eval" / "unseen" / "corpus8"
    return Pipeline.open(corpus, tmp_path_factory.mktemp("unseen8-index"), show_progress=False)


@pytest.fixture(scope="session")
def unseen9(tmp_path_factory):
    """A pipeline over the read unseen9 reports (eval/unseen/corpus9): a department's page, a PDF with a cover and a
    目录, a Word file in a layout table, Word's 另存为网页 in GBK, a plan with duties per task."""
    from qa.pipeline import Pipeline

    corpus = ROOT / "eval" / "unseen" / "corpus9"
    return Pipeline.open(corpus, tmp_path_factory.mktemp("unseen9-index"), show_progress=False)


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    dst = tmp_path / "corpus"
    shutil.copytree(CORPUS, dst)
    return dst


# ------------------------------------------------------------------ markers
# A test without an explicit marker is classified here: `unit` when it needs neither the
# session's index, a model, the app nor a subprocess (pytest -m unit runs in seconds), `e2e`
# otherwise, `browser` for the headless-browser tests.
_E2E_FIXTURES = {"retriever", "pipeline", "index_dir", "corpus_copy", "tiny_model", "app", "report", "server"}
_E2E_FIXTURES |= {"unseen6", "unseen7", "unseen8", "unseen9"}  # pipelines over the read unseen corpora
_E2E_MODULES = {"test_robustness", "test_embedding", "test_hf_reader", "test_app"}
_KINDS = {"unit", "e2e", "browser"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _KINDS & {m.name for m in item.iter_markers()}:
            continue
        module = item.module.__name__.rpartition(".")[2]
        if module == "test_browser":
            item.add_marker(pytest.mark.browser)
        elif module in _E2E_MODULES or _E2E_FIXTURES & set(item.fixturenames) or "cli" in item.name:
            item.add_marker(pytest.mark.e2e)
        else:
            item.add_marker(pytest.mark.unit)
