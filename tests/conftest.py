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


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    dst = tmp_path / "corpus"
    shutil.copytree(CORPUS, dst)
    return dst
