"""Process-wide settings, made by the entry points (CLI, app, Retriever.open), never at import.

Importing a qa module changes nothing outside it; whoever starts the program calls
``configure()`` once (calling it again does nothing more).
"""

from __future__ import annotations

import logging
import os

_done = False


def configure() -> None:
    """Offline Hugging Face libraries, quiet third-party loggers.

    FAISS keeps OpenMP's default thread count: torch shares that runtime, so pinning FAISS to one
    thread pinned the embedding model too (the reader's sentence vectors took ~10% longer).
    """
    global _done
    if _done:
        return
    _done = True
    # Nothing is downloaded at run time: models load from local folders only.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    bm25s_log = logging.getLogger("bm25s")
    bm25s_log.setLevel(logging.WARNING)
    # bm25s sets its logger to DEBUG when imported (after this, usually); a filter outlives that.
    bm25s_log.addFilter(lambda record: record.levelno >= logging.WARNING)
    import jieba

    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading notes are noise on a user's stderr
