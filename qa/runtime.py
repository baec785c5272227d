"""Process-wide settings, made by the entry points (CLI, app, Retriever.open), never at import.

Importing a qa module changes nothing outside it; whoever starts the program calls
``configure()`` once (calling it again does nothing more).
"""

from __future__ import annotations

import logging
import os

_done = False


def configure() -> None:
    """Offline Hugging Face libraries, one FAISS thread per query, quiet third-party loggers."""
    global _done
    if _done:
        return
    _done = True
    # Nothing is downloaded at run time: models load from local folders only.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    # One query at a time on a small machine: FAISS's OpenMP pool only adds jitter
    # (building an HNSW graph raises it for the build and puts it back).
    import faiss

    faiss.omp_set_num_threads(1)
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    import jieba

    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading notes are noise on a user's stderr
