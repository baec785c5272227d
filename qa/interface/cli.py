"""`qa`: the command-line contract of ../shared/CONTRACT.md (ingest, index, search, ask, eval).

stdout carries only results (JSON Lines with --json); logs and progress go to stderr. Bad usage
or unreadable input exits 2 with one line on stderr naming the file and the reason.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from qa.retrieval.question import QuestionError, clean
from qa.settings import Settings

log = logging.getLogger("qa")


MAX_K = 1000  # passages a query may ask for: more is a typo, and would allocate k × candidate_factor rows


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
    p.add_argument(
        "--mode", choices=("hybrid", "bm25", "dense"), default="hybrid", help="retrieval mode (default hybrid)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qa", description="法治报告问答: cited answers from rule-of-law government reports"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="read the corpus and report each document's metadata")
    _add_shared(p, filters=False)

    p = sub.add_parser("meta", help="更正一份报告的元数据（地区、年份、类型、标题），重建索引时保留")
    p.add_argument("action", choices=("set", "show", "unset"), help="set 更正, show 查看, unset 撤销更正")
    p.add_argument("doc", help="报告的 doc_id（语料文件夹中的文件名）")
    p.add_argument("--corpus", type=Path, default=Path("corpus"), help="folder of reports (default: corpus/)")
    p.add_argument("--index", type=Path, default=Path("index"), help=argparse.SUPPRESS)
    p.add_argument("--json", action="store_true", help="JSON on stdout")
    p.add_argument("--quiet", "-q", action="store_true", help="no logs on stderr")
    p.add_argument("--region", help="地区（如 梅河口市、白云区、范庄镇）")
    p.add_argument("--year", help="报告所述年份（四位数字）")
    p.add_argument("--type", dest="doc_type", help="年度报告、工作要点 或 其他")
    p.add_argument("--title", help="标题")
    p.add_argument("--field", action="append", help="unset: 只撤销这些字段（可重复）")

    p = sub.add_parser("index", help="build or update the index of the corpus")
    _add_shared(p, filters=False)
    p.add_argument(
        "--rebuild", action="store_true", help="build from scratch, re-reading and re-embedding every report"
    )
    p.add_argument("--bm25-only", action="store_true", help="build without the embedding model")
    p.add_argument(
        "--device",
        choices=("auto", "cpu", "cuda"),
        help="where the embedding model runs: auto (GPU if available), cpu, cuda (fp16); default: the setting (auto)",
    )

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
    _add_reader(p)

    p = sub.add_parser("eval", help="retrieval and answer metrics on a question set")
    _add_shared(p, filters=False)
    p.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    p.add_argument(
        "--out",
        type=Path,
        help="folder for report.md, results JSON and plots (default: $QA_EVAL_DIR or eval/runs/<set>, git-ignored)",
    )
    p.add_argument(
        "--publish",
        action="store_true",
        help="write into the committed report folder (eval/ for questions.jsonl, eval/<set>/ otherwise)",
    )
    p.add_argument(
        "--beir",
        type=Path,
        help="a BEIR-style folder (corpus.jsonl, queries.jsonl, qrels/test.tsv) to evaluate instead",
    )
    p.add_argument("--no-plots", action="store_true")
    _add_reader(p)

    p = sub.add_parser("train-reader", help="训练学习式阅读器（CMRC 2018 + 语料生成的问题），写出 qa/models/reader")
    p.add_argument("--cmrc", type=Path, required=True, help="CMRC 2018 数据目录（trial.json、dev_public.json）")
    p.add_argument("--corpus", type=Path, default=Path("corpus"), help="生成领域问题用的报告目录（默认 corpus/）")
    p.add_argument("--out", type=Path, default=None, help="输出目录（默认 qa/models/reader）")
    p.add_argument("--split", type=int, default=10, help="共享的底层层数；其上各层由阅读器微调（默认 10）")
    p.add_argument("--max-length", type=int, default=160, help="每个窗口的词元数（默认 160）")
    p.add_argument("--max-windows", type=int, default=2000, help="训练窗口数上限，即时间预算（默认 2000）")
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=None, help="torch 线程数（默认由 torch 决定）")
    p.add_argument("--limit", type=int, default=None, help="每个来源只取前 N 题（冒烟测试用）")
    p.add_argument("--no-eval", action="store_true", help="训练后不在验证集上评分")
    p.add_argument("--no-corpus", action="store_true", help="只用 CMRC 2018，不生成语料问题")
    return parser


def _add_reader(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--reader",
        choices=("rule", "learned", "combined"),
        default=None,
        help="阅读器：rule（规则）、learned（学习式）、combined（两者结合）；默认见 settings.reader",
    )


# ------------------------------------------------------------------ input helpers


def _filters(args):
    from qa.retrieval.retriever import Filters

    years = []
    for y in _split_multi(args.year):
        if not re.fullmatch(r"[0-9]{4}", y):
            raise UsageError(f"--year: {y!r} 不是年份 / is not a year (expected four digits such as 2021)")
        years.append(int(y))
    return Filters(
        regions=tuple(_split_multi(args.region)), years=tuple(years), doc_types=tuple(_split_multi(args.doc_type))
    )


def text_arg(value: str) -> str:
    """Text from outside (an argument, a batch line) that can be printed: lone surrogates → U+FFFD.

    Python turns invalid UTF-8 in arguments into lone surrogates, and JSON may spell them out
    ("\\ud800"); either would stop the output with a codec error.
    """
    return _SURROGATE.sub("\ufffd", value)


_SURROGATE = re.compile("[\ud800-\udfff]")


def read_batch(path: Path) -> Iterator[dict]:
    """Questions from a JSON Lines file. A file that cannot be read is a usage error; a bad line
    becomes a row with ``error`` (naming file and line) that gets an error result, in its place."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: file not found")
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder, not a file")
    except OSError as e:
        raise UsageError(f"{path}: cannot read ({e.strerror})")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    rows = []
    for n, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            rows.append({"id": None, "line": n, "question": None, "error": f"{where}: 不是 UTF-8 / not UTF-8 text"})
            continue
        except json.JSONDecodeError as e:
            rows.append({"id": None, "line": n, "question": None, "error": f"{where}: not valid JSON ({e.msg})"})
            continue
        if not isinstance(obj, dict):
            rows.append({"id": None, "line": n, "question": None, "error": f"{where}: each line needs an object"})
            continue
        qid = obj.get("id")
        qid = text_arg(qid) if isinstance(qid, str) else qid
        question = obj.get("question")
        if not isinstance(question, str) or qid is None:
            what = "'id'" if qid is None else "'question' as a string"
            rows.append(
                {
                    "id": qid if isinstance(qid, (str, int, float)) else None,
                    "line": n,
                    "question": None,
                    "error": f"{where}: each line needs an object with 'id' and 'question' (missing {what})",
                }
            )
            continue
        rows.append({**obj, "id": qid, "line": n, "question": text_arg(question)})
    return iter(rows)


def _questions(args) -> list[dict]:
    if args.batch and args.question:
        raise UsageError("give a question or --batch FILE, not both")
    if args.batch:
        return list(read_batch(args.batch))
    if args.question is None:
        raise UsageError("no question given (pass it as an argument or use --batch FILE)")
    return [{"id": "q1", "question": text_arg(args.question)}]


def _emit(obj: dict, as_json: bool, render) -> None:
    line = json.dumps(obj, ensure_ascii=False) if as_json else render(obj)
    # Last line of defence: nothing unencodable that slipped past text_arg stops the output.
    sys.stdout.write(line.encode("utf-8", "replace").decode("utf-8") + "\n")
    sys.stdout.flush()


def _error_result(q: dict, error: str, **empty) -> dict:
    """The result line of a batch line that could not be run: same id, the reason, nothing found."""
    obj = {"id": q.get("id"), "question": q.get("question"), **empty, "latency_ms": 0.0, "error": error}
    if q.get("line") is not None:
        obj["line"] = q["line"]
    return obj


# ------------------------------------------------------------------ commands


def _place_fields(m) -> dict:
    """The gazetteer chain, issuer and where each value came from (title, header, body, override…)."""
    out = {
        k: getattr(m, k) for k in ("province", "city", "county", "township", "division_code", "issuer", "title_derived")
    }
    out["region_candidates"] = list(m.region_candidates)
    for name in ("title", "region", "year", "doc_type"):
        out[f"{name}_source"] = m.sources.get(name)
        out[f"{name}_confidence"] = m.confidence.get(name)
    return out


def cmd_meta(args, settings: Settings) -> int:
    from qa.ingest import overrides
    from qa.ingest.corpus import read_document

    doc_id = args.doc
    if args.action == "set":
        stored = overrides.set_fields(
            args.corpus, doc_id, region=args.region, year=args.year, doc_type=args.doc_type, title=args.title
        )
        print(f"qa meta: 已保存 {doc_id} 的更正（下次建索引或提问时生效）: {stored}", file=sys.stderr)
    elif args.action == "unset":
        removed = overrides.unset(args.corpus, doc_id, tuple(args.field or ()))
        print(f"qa meta: {doc_id} {'已撤销更正' if removed else '没有更正'}", file=sys.stderr)
    path = args.corpus / doc_id
    if not path.is_file():
        raise UsageError(f"{doc_id}: 语料中没有这个文件")
    doc = read_document(path, args.corpus, settings)
    m = doc.meta
    obj = {"doc_id": doc_id, "title": m.title, "region": m.region, "year": m.year, "doc_type": m.doc_type}
    obj |= {"published": m.published, **_place_fields(m), "override": overrides.load(args.corpus).get(doc_id, {})}
    _emit(obj, args.json, lambda o: "\n".join(f"{k}\t{v}" for k, v in o.items()))
    return 0


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
            **_place_fields(m),
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
    from qa.retrieval.retriever import _lazy_embedder
    from qa.store import index as index_store
    from qa.text.tokenization import Tokenizer

    if args.device:
        settings = replace(settings, embed_device=args.device)
    if not args.bm25_only:
        from qa.store.embedding import resolve_device

        resolve_device(settings.embed_device)  # before any work: --device cuda without a GPU is a usage error
    t = time.perf_counter()
    index_store.scan(args.corpus, settings)  # a missing corpus is said before the model loads
    embedder = None if args.bm25_only else _lazy_embedder(settings)
    # Builds exactly what was asked (vectors or not); one build at a time, and an index already
    # up to date (perhaps made by another process while this one waited) is returned as it is.
    path = index_store.build(
        args.corpus,
        args.index,
        settings,
        Tokenizer(),
        embedder,
        show_progress=not args.quiet,
        reuse=not args.rebuild,
        unless_fresh=not args.rebuild,
    )
    idx = index_store.load(path, settings)
    obj = {
        "index": str(idx.path),
        "n_documents": len(idx.documents),
        "n_chunks": len(idx.chunks),
        "dense": idx.dense is not None,
        "device": getattr(embedder, "device", None),
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
    if not 1 <= args.k <= MAX_K:
        raise UsageError(f"--k must be between 1 and {MAX_K}")
    r = Retriever.open(args.corpus, args.index, settings, dense=args.mode != "bm25", show_progress=not args.quiet)
    for q in questions:
        t = time.perf_counter()
        try:
            if "error" in q:
                raise QuestionError(q["error"])
            res = r.search(clean(q["question"], settings.max_question_chars), k=args.k, filters=filters, mode=args.mode)
        except Exception as e:  # noqa: BLE001 - in a batch one bad line gets an error result, the rest run
            if not args.batch:
                raise UsageError(str(e)) if isinstance(e, QuestionError) else e
            _emit(_error_result(q, _batch_error(e), hits=[]), args.json, _render_error)
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
    return f"# {(obj['question'] or obj['id'] or '')[:80]}\n(skipped: {obj['error']})"


def _batch_error(e: Exception) -> str:
    if isinstance(e, QuestionError):
        return str(e)
    log.error("batch line failed: %s: %s", type(e).__name__, e)
    return f"internal error: {type(e).__name__}"


def cmd_ask(args, settings: Settings) -> int:
    from qa.pipeline import Pipeline

    questions = _questions(args)
    filters = _filters(args)
    if not 1 <= args.k <= MAX_K:
        raise UsageError(f"--k must be between 1 and {MAX_K}")
    history = _read_history(args.history) if args.history else []
    pipe = Pipeline.open(
        args.corpus,
        args.index,
        settings,
        reader_model=args.reader_model,
        show_progress=not args.quiet,
        mode=args.mode,
        reader=args.reader,
    )
    for q in questions:
        t = time.perf_counter()
        try:
            if "error" in q:
                raise QuestionError(q["error"])
            ans = pipe.ask(q["question"], k=args.k, filters=filters, history=history)
        except Exception as e:  # noqa: BLE001
            if not args.batch:
                raise UsageError(str(e)) if isinstance(e, QuestionError) else e
            # In a batch one bad line gets an error result; the others are still answered.
            empty = {"answer": None, "answer_type": "none", "confidence": 0.0, "citations": [], "hits": []}
            _emit(_error_result(q, _batch_error(e), **empty), args.json, _render_error)
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


def cmd_train_reader(args, settings: Settings) -> int:
    from qa.reading.span_model import ARTIFACT_DIR
    from qa.reading.training import train

    if not args.cmrc.is_dir():
        raise UsageError(f"{args.cmrc}: CMRC 2018 数据目录不存在")
    report = train(
        args.cmrc,
        args.out or ARTIFACT_DIR,
        corpus_dir=None if args.no_corpus else args.corpus,
        split=args.split,
        max_length=args.max_length,
        max_windows=args.max_windows,
        lr=args.lr,
        batch_size=args.batch_size,
        seed=args.seed,
        threads=args.threads,
        limit=args.limit,
        evaluate=not args.no_eval,
    )
    print(json.dumps(report, ensure_ascii=False))
    return 0


COMMANDS = {
    "ingest": cmd_ingest,
    "meta": cmd_meta,
    "index": cmd_index,
    "search": cmd_search,
    "ask": cmd_ask,
    "eval": cmd_eval,
    "train-reader": cmd_train_reader,
}


def _user_errors() -> tuple[type[BaseException], ...]:
    from qa.ingest.corpus import CorpusError
    from qa.ingest.loading import IngestError
    from qa.store.index import IndexError_

    return (UsageError, CorpusError, IngestError, IndexError_, ValueError)


_PATH_ERRORS = (PermissionError, NotADirectoryError, IsADirectoryError, FileExistsError)


def _check_paths(args) -> None:
    """Folders named on the command line that cannot work, said before anything loads or logs."""
    from qa.ingest.corpus import CorpusError

    if not getattr(args, "beir", None):
        if not args.corpus.exists():
            raise CorpusError(f"{args.corpus}: 语料文件夹不存在 / corpus folder does not exist")
        if not args.corpus.is_dir():
            raise CorpusError(f"{args.corpus}: 不是文件夹 / not a folder")
    index = getattr(args, "index", None)  # train-reader has no --index
    if index is not None and index.exists() and not index.is_dir():
        raise UsageError(f"{index}: --index 须是文件夹 / --index must be a folder, this is a file")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    quiet = getattr(args, "quiet", False)
    # Our own progress notes at INFO; third-party chatter (faiss loader, bm25s) only when it matters.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    logging.getLogger("qa").setLevel(logging.WARNING if quiet else logging.INFO)
    if quiet:
        os.environ["TQDM_DISABLE"] = "1"
    settings = Settings(corpus_dir=args.corpus, index_dir=getattr(args, "index", Path("index")))
    try:
        _check_paths(args)
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
        if isinstance(e, _PATH_ERRORS):  # a path that cannot be used as given: named, exit 2
            print(f"qa {args.command}: {e.filename}: {e.strerror}", file=sys.stderr)
            return 2
        print(
            f"qa {args.command}: internal error: {type(e).__name__}: {e} (set QA_DEBUG=1 for details)", file=sys.stderr
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
