"""Every tunable number and default path, in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"  # word lists shipped with the package


def cache_dir() -> Path:
    """Where built artefacts that do not belong in git live (the converted embedding model)."""
    env = os.environ.get("QA_CACHE_DIR")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "fazhi-qa"


def eval_runs_dir() -> Path:
    """Where `qa eval` and the app's 评测 tab write a run: a folder git ignores (QA_EVAL_DIR moves it).

    Publishing a report into eval/ (the committed one everybody reads) is a deliberate `--publish`.
    """
    return Path(os.environ.get("QA_EVAL_DIR") or PROJECT_ROOT / "eval" / "runs")


def published_eval_dir(questions: Path) -> Path:
    """The committed report folder of a question set: eval/ for questions.jsonl, eval/<name>/ otherwise."""
    stem = Path(questions).stem
    return PROJECT_ROOT / "eval" if stem == "questions" else PROJECT_ROOT / "eval" / stem


def models_dir() -> Path:
    """The only place the app takes a local reader model from (QA_MODELS_DIR moves it): a user of a
    shared server picks a folder in it, never types a server path."""
    return Path(os.environ.get("QA_MODELS_DIR") or PROJECT_ROOT / "models")


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")

    # ingestion
    max_file_mb: float = 20.0  # larger files are skipped with a message
    max_pdf_pages: int = 500
    # A small file can unpack to a huge one (a 214 KB .docx held 50 MB of XML): limits on what a
    # file becomes, not only on its size on disk. Over either, the file is skipped with a message.
    max_unpacked_mb: float = 100.0  # total decompressed size of a .docx package's parts
    max_text_chars: int = 2_000_000  # characters extracted from one file (a 500-page PDF is ~750 000)
    extensions: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
    max_name_bytes: int = 200  # an uploaded file's stored name, in UTF-8 bytes (file systems allow 255)

    # chunking
    chunk_chars: int = 400  # at most this much body per chunk, split at sentence ends

    # retrieval
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    fusion: str = "weighted"  # "weighted" (min-max normalised scores) or "rrf"
    rrf_k: int = 60
    dense_weight: float = 0.5  # weight of the dense side in weighted fusion
    candidate_factor: int = 10  # each retriever contributes candidate_factor * k before fusion
    rescore_candidates: bool = True  # weighted fusion: a candidate one side missed gets that side's real score, not 0
    min_candidates: int = 50
    hnsw_threshold: int = 200_000  # exact FAISS search below this many chunks
    route_by_metadata: bool = True  # a question naming one region/year ranks that report first

    # questions
    max_question_chars: int = 1000  # longer questions are refused with a message

    # reader
    # share of the question's (corpus-known) terms the best sentence must hold; calibrated on eval/questions.jsonl
    reader_min_coverage: float = 0.4
    reader_min_confidence: float = 0.5
    reader_score_mid: float = 0.55  # sentence score that maps to confidence 0.5
    reader_list_min_coverage: float = 0.5
    reader_span_margin: float = 0.1  # sentences this close to the best compete on their typed span
    reader_dense_top: int = 6  # sentences re-scored by the embedding model
    reader_dense_weight: float = 0.3
    list_per_report: int = 3  # passages fetched per report for list questions
    # a figure question naming no place is answered per report from sentences holding this weighted
    # share of the question's terms (below it, the figure answers something else)
    compare_figure_coverage: float = 0.6

    # learned reader (qa/reading/learned.py); chosen on the CMRC validation split and the generated
    # corpus questions' validation split, never on eval/*.jsonl
    reader: str = "rule"  # rule | learned | combined: the reader `qa ask` uses unless told otherwise
    learned_passages: int = 3  # top retrieved passages read, one window each
    learned_window_chars: int = 150  # characters read around the passage's best sentences
    learned_rank_penalty: float = 1.0  # subtracted from the answerability margin per retrieval rank
    learned_threshold: float = 0.0  # answerability margin (span − no-answer logits) needed to answer
    learned_threshold_refused: float = 2.0  # combined: margin needed to answer where the rules refused

    # embedding
    embed_device: str = "auto"  # "auto" (a CUDA GPU when torch sees one, else the CPU), "cpu" or "cuda"
    embed_batch_size: int | None = None  # passages per forward pass; None: by device (32 CPU, 256 GPU)
    embed_checkpoint_s: float = 30.0  # a build saves finished vectors this often: a kill loses at most this much
    embed_threads: int | None = None  # None: torch's default

    extra: dict = field(default_factory=dict)
