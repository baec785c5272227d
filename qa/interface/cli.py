"""`qa`: the command-line contract of ../shared/CONTRACT.md (ingest, index, search, ask, eval).

stdout carries only results (JSON Lines with --json); logs and progress go to stderr. Bad usage
or unreadable input exits 2 with one line on stderr naming the file and the reason.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Iterator

from qa.retrieval.question import QuestionError, clean
from qa.runtime import configure
from qa.settings import MODES, Settings

log = logging.getLogger("qa")


class UsageError(Exception):
    """Bad usage or unreadable input: exit status 2, one line on stderr."""


# ------------------------------------------------------------------ argument parsing


def _split_multi(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip() for x in v.replace("，", ",").split(",") if x.strip())
    return out


def _add_shared(p: argparse.ArgumentParser, filters: bool = True) -> None:
    p.add_argument("--corpus", type=Path, default=Path("corpus"), help="folder of reports (default: corpus/)")
    p.add_argument("--index", type=Path, default=Path("index"), help="index folder (default: index/)")
    p.add_argument("--json", action="store_true", help="one JSON object per result on stdout")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bars or info logs on stderr")
    if filters:
        p.add_argument("--region", action="append", help="only reports of this region (repeatable or comma-separated)")
        p.add_argument("--year", action="append", help="only reports about this year (repeatable or comma-separated)")
        p.add_argument("--doc-type", action="append", help="年度报告, 工作要点 or 其他 (repeatable)")


def _add_question(p: argparse.ArgumentParser, default_k: int) -> None:
    p.add_argument("question", nargs="?", help="the question (or use --batch)")
    p.add_argument("--batch", type=Path, help="JSON Lines file: objects with id and question")
    p.add_argument("--k", type=int, default=default_k, help=f"number of passages (default {default_k})")
    p.add_argument("--mode", choices=MODES, default="hybrid", help="retrieval mode (default hybrid)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qa", description="法治报告问答: cited answers from rule-of-law government reports"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="read the corpus and report each document's metadata")
    _add_shared(p, filters=False)

    p = sub.add_parser("index", help="build or update the index of the corpus")
    _add_shared(p, filters=False)
    p.add_argument(
        "--rebuild", action="store_true", help="build from scratch, re-reading and re-embedding every report"
    )
    p.add_argument("--bm25-only", action="store_true", help="build without the embedding model")

    p = sub.add_parser("search", help="retrieve cited passages")
    _add_shared(p)
    _add_question(p, 10)

    p = sub.add_parser("ask", help="answer a question with extracted, cited text")
    _add_shared(p)
    _add_question(p, 5)
    p.add_argument(
        "--history", type=Path, help="JSON file of earlier turns (list of {question, answer?}) for follow-ups"
    )
    p.add_argument("--reader-model", type=Path, help="folder of a local Hugging Face question-answering model")

    p = sub.add_parser("eval", help="retrieval and answer metrics on a question set")
    _add_shared(p, filters=False)
    p.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    p.add_argument("--out", type=Path, default=Path("eval"), help="folder for report.md, results JSON and plots")
    p.add_argument(
        "--beir",
        type=Path,
        help="a BEIR-style folder (corpus.jsonl, queries.jsonl, qrels/test.tsv) to evaluate instead",
    )
    p.add_argument("--no-plots", action="store_true")
    return parser


# ------------------------------------------------------------------ input helpers


def _filters(args):
    from qa.retrieval.retriever import Filters

    years = []
    for y in _split_multi(args.year):
        if not y.isdigit():
            raise UsageError(f"--year: {y!r} is not a year (expected a number such as 2021)")
        years.append(int(y))
    return Filters(
        regions=tuple(_split_multi(args.region)), years=tuple(years), doc_types=tuple(_split_multi(args.doc_type))
    )


def read_batch(path: Path) -> Iterator[dict]:
    """Questions from a JSON Lines file; any bad line is a usage error naming file and line."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise UsageError(f"{path}: file not found")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text")
    except OSError as e:
        raise UsageError(f"{path}: cannot read ({e.strerror})")
    rows = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise UsageError(f"{path}:{n}: not valid JSON ({e.msg})")
        if not isinstance(obj, dict) or "question" not in obj or "id" not in obj:
            raise UsageError(f"{path}:{n}: each line needs an object with 'id' and 'question'")
        if not isinstance(obj["question"], str):
            raise UsageError(f"{path}:{n}: 'question' must be a string")
        rows.append(obj)
    return iter(rows)


def _questions(args) -> list[dict]:
    if args.batch and args.question:
        raise UsageError("give a question or --batch FILE, not both")
    if args.batch:
        return list(read_batch(args.batch))
    if args.question is None:
        raise UsageError("no question given (pass it as an argument or use --batch FILE)")
    return [{"id": "q1", "question": args.question}]


def _emit(obj: dict, as_json: bool, render) -> None:
    if as_json:
        sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render(obj) + "\n")
    sys.stdout.flush()


# ------------------------------------------------------------------ commands


def cmd_ingest(args, settings: Settings) -> int:
    from qa.ingest.corpus import ingest

    corpus = ingest(args.corpus, settings, show_progress=not args.quiet)
    for doc_id, doc in corpus.documents.items():
        m = doc.meta
        obj = {
            "doc_id": doc_id,
            "title": m.title,
            "region": m.region,
            "year": m.year,
            "doc_type": m.doc_type,
            "published": m.published,
            "n_chars": len(doc.text),
            "n_chunks": len(corpus.chunks[doc_id]),
            "warnings": doc.warnings,
            "status": "ok",
            "format": doc.format,
            "encoding": doc.encoding,
        }
        _emit(
            obj,
            args.json,
            lambda o: (
                f"{o['doc_id']}\t{o['region']}\t{o['year']}\t{o['doc_type']}\t{o['n_chunks']} chunks\t{o['title']}"
            ),
        )
    for s in corpus.skipped:
        obj = {
            "doc_id": s.doc_id,
            "title": None,
            "region": None,
            "year": None,
            "doc_type": None,
            "published": None,
            "n_chars": 0,
            "n_chunks": 0,
            "warnings": [s.reason],
            "status": "skipped",
            "reason": s.reason,
        }
        print(f"skipped: {s.reason}", file=sys.stderr)
        if args.json:
            _emit(obj, True, str)
    return 0


def cmd_index(args, settings: Settings) -> int:
    from qa.retrieval.retriever import Retriever

    t = time.perf_counter()
    r = Retriever.open(
        args.corpus, args.index, settings, dense=not args.bm25_only, show_progress=not args.quiet, rebuild=args.rebuild
    )
    idx = r.index
    obj = {
        "index": str(idx.path),
        "n_documents": len(idx.documents),
        "n_chunks": len(idx.chunks),
        "dense": idx.dense is not None,
        "skipped": [s.reason for s in idx.skipped],
        "seconds": round(time.perf_counter() - t, 2),
    }
    for s in idx.skipped:
        print(f"skipped: {s.reason}", file=sys.stderr)
    _emit(obj, args.json, lambda o: f"index {o['index']}: {o['n_documents']} documents, {o['n_chunks']} chunks")
    return 0


def _render_hits(obj: dict) -> str:
    lines = [f"# {obj['question']}"]
    if not obj["hits"]:
        lines.append("(no passages found)")
    for h in obj["hits"]:
        where = " › ".join(h["section"]) or "(no heading)"
        lines.append(
            f"[{h['rank']}] {h['region'] or '?'} {h['year'] or '?'} · {where}  (score {h['score']:.4f}, bm25 "
            f"#{h['bm25_rank']}, dense #{h['dense_rank']})"
        )
        lines.append("    " + h["text"].replace("\n", " "))
    return "\n".join(lines)


def cmd_search(args, settings: Settings) -> int:
    from qa.retrieval.retriever import Retriever

    questions = _questions(args)
    filters = _filters(args)
    if args.k < 1:
        raise UsageError("--k must be at least 1")
    r = Retriever.open(args.corpus, args.index, settings, dense=args.mode != "bm25", show_progress=not args.quiet)
    for q in questions:
        t = time.perf_counter()
        try:
            res = r.search(clean(q["question"], settings.max_question_chars), k=args.k, filters=filters, mode=args.mode)
        except QuestionError as e:
            if not args.batch:
                raise UsageError(str(e))
            _emit(
                {"id": q["id"], "question": q["question"], "hits": [], "latency_ms": 0.0, "error": str(e)},
                args.json,
                _render_error,
            )
            continue
        obj = {
            "id": q["id"],
            "question": q["question"],
            "hits": [h.to_dict() for h in res.hits],
            "latency_ms": round((time.perf_counter() - t) * 1000, 2),
            "routed_to": list(res.routed_to),
            "query_tokens": res.tokens,
        }
        _emit(obj, args.json, _render_hits)
    return 0


def _render_error(obj: dict) -> str:
    return f"# {obj['question'][:80]}\n(skipped: {obj['error']})"


def cmd_ask(args, settings: Settings) -> int:
    from qa.pipeline import Pipeline

    questions = _questions(args)
    filters = _filters(args)
    if args.k < 1:
        raise UsageError("--k must be at least 1")
    history = _read_history(args.history) if args.history else []
    pipe = Pipeline.open(
        args.corpus, args.index, settings, reader_model=args.reader_model, show_progress=not args.quiet, mode=args.mode
    )
    for q in questions:
        t = time.perf_counter()
        try:
            ans = pipe.ask(q["question"], k=args.k, filters=filters, history=history)
        except QuestionError as e:
            if not args.batch:
                raise UsageError(str(e))
            # In a batch one bad line gets an error result; the others are still answered.
            _emit(
                {
                    "id": q["id"],
                    "question": q["question"],
                    "answer": None,
                    "answer_type": "none",
                    "confidence": 0.0,
                    "citations": [],
                    "hits": [],
                    "latency_ms": 0.0,
                    "error": str(e),
                },
                args.json,
                _render_error,
            )
            continue
        obj = {"id": q["id"], **ans.to_dict(), "latency_ms": round((time.perf_counter() - t) * 1000, 2)}
        _emit(obj, args.json, _render_answer)
    return 0


def _read_history(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: file not found")
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise UsageError(f"{path}: not a JSON file ({e})")
    if not isinstance(data, list) or not all(isinstance(t, dict) and isinstance(t.get("question"), str) for t in data):
        raise UsageError(f"{path}: history must be a JSON list of objects with a 'question' string")
    return data


def _render_answer(obj: dict) -> str:
    lines = [f"# {obj['question']}"]
    if obj["answer"] is None:
        lines.append("未找到答案 (not found)" + (f" — {obj['note']}" if obj.get("note") else ""))
    else:
        lines.append(f"{obj['answer']}   (confidence {obj['confidence']:.2f})")
    for c in obj["citations"]:
        lines.append(
            f"  [{c['n']}] {c['region'] or '?'} {c['year'] or '?'} {c['doc_type']} · {' › '.join(c['section'])}"
        )
    return "\n".join(lines)


def cmd_eval(args, settings: Settings) -> int:
    from qa.evaluation.evaluate import run_cli

    return run_cli(args, settings)


COMMANDS = {"ingest": cmd_ingest, "index": cmd_index, "search": cmd_search, "ask": cmd_ask, "eval": cmd_eval}


def _user_errors() -> tuple[type[BaseException], ...]:
    from qa.ingest.corpus import CorpusError
    from qa.ingest.loading import IngestError
    from qa.store.index import IndexError_

    return (UsageError, CorpusError, IngestError, IndexError_, ValueError)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    quiet = getattr(args, "quiet", False)
    # Our own progress notes at INFO; third-party chatter (faiss loader, bm25s) only when it matters.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    logging.getLogger("qa").setLevel(logging.WARNING if quiet else logging.INFO)
    if quiet:
        os.environ["TQDM_DISABLE"] = "1"
    settings = Settings(corpus_dir=args.corpus, index_dir=args.index)
    try:
        configure()
        return COMMANDS[args.command](args, settings)
    except KeyboardInterrupt:
        print("qa: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # noqa: BLE001 - the user gets one line, never a traceback
        if os.environ.get("QA_DEBUG"):
            raise
        if isinstance(e, _user_errors()):
            print(f"qa {args.command}: {e}", file=sys.stderr)
            return 2
        print(
            f"qa {args.command}: internal error: {type(e).__name__}: {e} (set QA_DEBUG=1 for details)", file=sys.stderr
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
