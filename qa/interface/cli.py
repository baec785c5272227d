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
from qa.runtime import configure
from qa.settings import MODES, READERS, Settings
from qa.text.source import answer_in_source, hits_in_source

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


class _ChineseHelp(argparse.RawDescriptionHelpFormatter):
    """argparse's own words (usage, section titles) in Chinese; flag names stay as they are."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "用法：")


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _ChineseHelp)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str):
        # One line on stderr, exit 2 (the contract); argparse's own reason is kept after ours.
        self.exit(2, f"{self.prog}：用法错误：{message}（用 {self.prog} --help 查看用法）\n")


def _add_shared(p: argparse.ArgumentParser, filters: bool = True) -> None:
    p.add_argument("--corpus", type=Path, default=Path("corpus"), metavar="文件夹", help="报告文件夹（默认 corpus/）")
    p.add_argument("--index", type=Path, default=Path("index"), metavar="文件夹", help="索引文件夹（默认 index/）")
    p.add_argument("--json", action="store_true", help="每个结果在 stdout 输出一行 JSON（JSON Lines）")
    p.add_argument("--quiet", "-q", action="store_true", help="stderr 上不显示进度和提示")
    if filters:
        p.add_argument("--region", action="append", metavar="地区", help="只查该地区的报告（可重复，或用逗号分隔）")
        p.add_argument("--year", action="append", metavar="年份", help="只查关于该年份的报告（可重复，或用逗号分隔）")
        p.add_argument(
            "--doc-type", action="append", metavar="类型", help="报告类型：年度报告、工作要点 或 其他（可重复）"
        )


def _add_question(p: argparse.ArgumentParser, default_k: int) -> None:
    p.add_argument("question", nargs="?", metavar="问题", help="问题（或用 --batch 批量提问）")
    p.add_argument("--batch", type=Path, metavar="文件", help="JSON Lines 文件：每行一个含 id 和 question 的对象")
    p.add_argument("--k", type=int, default=default_k, metavar="N", help=f"返回的段落数（默认 {default_k}）")
    p.add_argument(
        "--mode",
        choices=MODES,
        default="hybrid",
        help="检索方式：hybrid 混合（默认）、bm25 关键词、dense 语义",
    )


EPILOG = """示例：
  qa ask "元氏县办理了多少件行政复议案件?"
  qa ask "那怀化呢?" --history turns.json
  qa search 行政复议 --region 怀化市 --k 5 --json
  qa eval --questions eval/questions.jsonl

结果写到 stdout（--json 时每行一个 JSON 对象），进度和提示写到 stderr。
退出码：0 成功；2 用法错误或输入无法读取；1 内部错误。"""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="qa", description="法治报告问答：从法治政府建设报告中摘录答案并注明出处。", epilog=EPILOG)
    sub = parser.add_subparsers(dest="command", required=True, title="子命令", parser_class=_Parser)

    p = sub.add_parser("ingest", help="读取语料，列出每份报告的元数据", description="读取语料，列出每份报告的元数据。")
    _add_shared(p, filters=False)

    p = sub.add_parser("meta", help="更正一份报告的元数据（地区、年份、类型、标题），重建索引时保留")
    p.add_argument("action", choices=("set", "show", "unset"), help="set 更正, show 查看, unset 撤销更正")
    p.add_argument("doc", help="报告的 doc_id（语料文件夹中的文件名）")
    p.add_argument(
        "--corpus", type=Path, default=Path("corpus"), metavar="文件夹", help="报告所在的文件夹（默认 corpus/）"
    )
    p.add_argument("--index", type=Path, default=Path("index"), help=argparse.SUPPRESS)
    p.add_argument("--json", action="store_true", help="结果以 JSON 写到 stdout")
    p.add_argument("--quiet", "-q", action="store_true", help="stderr 上不写日志")
    p.add_argument("--region", help="地区（如 梅河口市、白云区、范庄镇）")
    p.add_argument("--year", help="报告所述年份（四位数字）")
    p.add_argument("--type", dest="doc_type", help="年度报告、工作要点 或 其他")
    p.add_argument("--title", help="标题")
    p.add_argument("--field", action="append", help="unset: 只撤销这些字段（可重复）")

    p = sub.add_parser("index", help="建立或更新语料的索引", description="建立或更新语料的索引。")
    _add_shared(p, filters=False)
    p.add_argument("--rebuild", action="store_true", help="从头重建：重新读取并重新向量化每份报告")
    p.add_argument("--bm25-only", action="store_true", help="只建关键词索引，不用向量模型")
    p.add_argument(
        "--device",
        choices=("auto", "cpu", "cuda"),
        help="向量模型在哪里运行：auto（有 GPU 则用 GPU）、cpu、cuda（fp16）；默认取设置（auto）",
    )

    p = sub.add_parser("search", help="检索相关段落（带出处）", description="检索相关段落（带出处），不生成答案。")
    _add_shared(p)
    _add_question(p, 10)

    p = sub.add_parser(
        "ask",
        help="提问：答案摘自报告原文并注明出处",
        description="提问：答案摘自报告原文并注明出处。",
        epilog='示例：qa ask "元氏县办理了多少件行政复议案件?" --region 元氏县 --json',
    )
    _add_shared(p)
    _add_question(p, 5)
    p.add_argument(
        "--history", type=Path, metavar="文件", help="此前轮次的 JSON 文件（[{question, answer?}] 列表），用于追问"
    )
    p.add_argument(
        "--reader-model", type=Path, metavar="文件夹", help="本地 Hugging Face 问答模型文件夹（代替默认的抽取式阅读器）"
    )
    _add_reader(p)

    p = sub.add_parser(
        "eval",
        help="在问题集上评测检索和答案指标",
        description="在问题集上评测检索和答案指标，写出 report.md、results.json 和图表。",
    )
    _add_shared(p, filters=False)
    p.add_argument(
        "--questions",
        type=Path,
        default=Path("eval/questions.jsonl"),
        metavar="文件",
        help="问题集（JSON Lines，格式同 eval/questions.jsonl；默认 eval/questions.jsonl）",
    )
    p.add_argument(
        "--out",
        type=Path,
        metavar="文件夹",
        help="report.md、结果 JSON 和图表的输出文件夹（默认 $QA_EVAL_DIR 或 eval/runs/<问题集名>，不入库）",
    )
    p.add_argument(
        "--publish",
        action="store_true",
        help="写到入库的报告文件夹（questions.jsonl 写 eval/，其他问题集写 eval/<问题集名>/）",
    )
    p.add_argument(
        "--beir",
        type=Path,
        metavar="文件夹",
        help="改为评测 BEIR 格式的文件夹（含 corpus.jsonl、queries.jsonl、qrels/test.tsv），只算检索指标",
    )
    p.add_argument("--no-plots", action="store_true", help="不画图")
    _add_reader(p)

    p = sub.add_parser("train-reader", help="训练学习式阅读器（CMRC 2018 + 语料生成的问题），写出 qa/models/reader")
    p.add_argument("--cmrc", type=Path, required=True, help="CMRC 2018 数据目录（trial.json、dev_public.json）")
    p.add_argument("--corpus", type=Path, default=Path("corpus"), help="生成领域问题用的报告目录（默认 corpus/）")
    p.add_argument("--out", type=Path, default=None, help="输出目录（默认 qa/models/reader）")
    p.add_argument("--split", type=int, default=10, help="共享的底层层数；其上各层由阅读器微调（默认 10）")
    p.add_argument("--max-length", type=int, default=160, help="每个窗口的词元数（默认 160）")
    p.add_argument(
        "--lora-rank",
        type=int,
        default=0,
        help="共享底层各线性层的 LoRA 低秩增量的秩（只在阅读器自己的前向中生效；默认 0 为不用；发布的模型用 16）",
    )
    p.add_argument(
        "--max-windows",
        type=int,
        default=2000,
        help="训练窗口数上限，即时间预算（默认 2000；0 为不设上限，GPU 上常用）",
    )
    p.add_argument("--epochs", type=float, default=1.0, help="训练数据过几遍（默认 1；--max-windows 仍为上限）")
    p.add_argument("--lr", type=float, default=2e-4, help="学习率（默认 2e-4）")
    p.add_argument("--batch-size", type=int, default=16, help="每步的窗口数（默认 16）")
    p.add_argument("--seed", type=int, default=0, help="随机种子（默认 0）")
    p.add_argument("--threads", type=int, default=None, help="torch 线程数（默认由 torch 决定）")
    p.add_argument(
        "--device", choices=("cpu", "cuda"), default="cpu", help="在哪里训练：cpu（默认）或 cuda（GPU，几分钟）"
    )
    p.add_argument("--limit", type=int, default=None, help="每个来源只取前 N 题（冒烟测试用）")
    p.add_argument("--no-eval", action="store_true", help="训练后不在验证集上评分")
    p.add_argument("--no-corpus", action="store_true", help="只用 CMRC 2018，不生成语料问题")
    p.add_argument(
        "--init", type=Path, default=None, help="从已有阅读模型目录继续训练（沿用其 split 与窗口长度；默认从头训练）"
    )
    return parser


def _add_reader(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--reader",
        choices=READERS,
        default=None,
        help="阅读器：rule（规则）、learned（学习式）、combined（两者结合）；默认见 settings.reader_name",
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
    from qa.ingest.corpus import read_document, source_of

    doc_id = args.doc
    if args.action == "set":
        stored = overrides.set_fields(
            args.corpus, doc_id, region=args.region, year=args.year, doc_type=args.doc_type, title=args.title
        )
        print(f"qa meta: 已保存 {doc_id} 的更正（下次建索引或提问时生效）: {stored}", file=sys.stderr)
    elif args.action == "unset":
        removed = overrides.unset(args.corpus, doc_id, tuple(args.field or ()))
        print(f"qa meta: {doc_id} {'已撤销更正' if removed else '没有更正'}", file=sys.stderr)
    src = source_of(args.corpus, doc_id, settings)
    if src is None:
        raise UsageError(f"{doc_id}: 语料中没有这个文件")
    doc = read_document(src, settings)
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
        if doc.parts:  # a compilation of several places' reports: each with its own place, year and title
            obj["parts"] = [
                {
                    "start": p.start,
                    "end": p.end,
                    "title": p.meta.title,
                    "region": p.meta.region,
                    "year": p.meta.year,
                    "doc_type": p.meta.doc_type,
                    **_place_fields(p.meta),
                }
                for p in doc.parts
            ]
        _emit(
            obj,
            args.json,
            lambda o: (
                f"{o['doc_id']}\t{o['region'] or '地区未识别'}\t{o['year'] or '年份未识别'}\t{o['doc_type']}\t"
                f"{o['n_chunks']} 个段落\t{o['title'] or ''}"
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
        print(f"已跳过：{s.reason}", file=sys.stderr)
        if args.json:
            _emit(obj, True, str)
    return 0


def cmd_index(args, settings: Settings) -> int:
    from qa.retrieval.retriever import _lazy_embedder
    from qa.store import builder
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
    path = builder.build(
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
        print(f"已跳过：{s.reason}", file=sys.stderr)
    _emit(obj, args.json, lambda o: f"索引 {o['index']}：{o['n_documents']} 份报告，{o['n_chunks']} 个段落")
    return 0


def _where(h: dict) -> str:
    return f"{h['region'] or '地区不详'} {h['year'] or '年份不详'} · {' › '.join(h['section']) or '（无章节标题）'}"


def _rank(r) -> str:
    return f"第{r}名" if r is not None else "未检出"


def _render_hits(obj: dict) -> str:
    lines = [f"# {obj['question']}"]
    if not obj["hits"]:
        lines.append("（未检索到段落）")
    for h in obj["hits"]:
        lines.append(
            f"[{h['rank']}] {_where(h)}（融合分 {h['score']:.4f}，关键词 {_rank(h['bm25_rank'])}，"
            f"语义 {_rank(h['dense_rank'])}）"
        )
        lines.append("    " + h["text"].replace("\n", " "))
    return "\n".join(lines)


def _loading(args, what: str):
    """Say on stderr what the ~10 s of loading is for; returns a function that says it is done."""
    if args.quiet:
        return lambda index: None
    print(f"正在加载{what}（{args.index}）…", file=sys.stderr, flush=True)
    t = time.perf_counter()

    def done(index) -> None:
        print(
            f"已就绪：{len(index.documents)} 份报告，{len(index.chunks)} 个段落，用时 {time.perf_counter() - t:.1f} 秒",
            file=sys.stderr,
            flush=True,
        )

    return done


def filter_mismatch(index, filters) -> str | None:
    """A one-line Chinese note when --region/--year/--doc-type match no report in the index."""
    if not (filters.regions or filters.years or filters.doc_types):
        return None
    metas = [d.meta for d in index.documents.values()]

    def ok(m, regions=filters.regions, years=filters.years, types=filters.doc_types) -> bool:
        return (
            (not regions or any(m.region and f in m.region for f in regions))
            and (not years or m.year in years)
            and (not types or m.doc_type in types)
        )

    if any(ok(m) for m in metas):
        return None
    have_regions = "、".join(sorted({m.region for m in metas if m.region})) or "无"
    have_years = "、".join(str(y) for y in sorted({m.year for m in metas if m.year})) or "无"
    have_types = "、".join(sorted({m.doc_type for m in metas})) or "无"
    parts = []
    if filters.regions and not any(ok(m, filters.regions, (), ()) for m in metas):
        parts.append(f"地区 {'、'.join(filters.regions)}（语料中的地区：{have_regions}）")
    if filters.years and not any(ok(m, (), filters.years, ()) for m in metas):
        parts.append(f"年份 {'、'.join(map(str, filters.years))}（语料中的年份：{have_years}）")
    if filters.doc_types and not any(ok(m, (), (), filters.doc_types) for m in metas):
        parts.append(f"类型 {'、'.join(filters.doc_types)}（语料中的类型：{have_types}）")
    if not parts:
        combo = " + ".join(
            x
            for x in (
                "、".join(filters.regions),
                "、".join(map(str, filters.years)),
                "、".join(filters.doc_types),
            )
            if x
        )
        return f"没有同时符合筛选条件 {combo} 的报告；结果将为空。"
    return "没有符合筛选条件的报告：" + "；".join(parts) + "。结果将为空。"


def _warn_filters(index, filters) -> None:
    note = filter_mismatch(index, filters)
    if note:
        print(f"注意：{note}", file=sys.stderr, flush=True)


def cmd_search(args, settings: Settings) -> int:
    from qa.retrieval.retriever import Retriever

    questions = _questions(args)
    filters = _filters(args)
    if not 1 <= args.k <= MAX_K:
        raise UsageError(f"--k 须在 1 到 {MAX_K} 之间 / --k must be between 1 and {MAX_K}")
    done = _loading(args, "索引和向量模型" if args.mode != "bm25" else "索引")
    r = Retriever.open(args.corpus, args.index, settings, dense=args.mode != "bm25", show_progress=not args.quiet)
    done(r.index)
    _warn_filters(r.index, filters)
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
            "hits": [h.to_dict() for h in (hits_in_source(res.hits, r.index.documents) if args.json else res.hits)],
            "latency_ms": round((time.perf_counter() - t) * 1000, 2),
            "routed_to": list(res.routed_to),
            "query_tokens": res.tokens,
        }
        _emit(obj, args.json, _render_hits)
    return 0


def _render_error(obj: dict) -> str:
    return f"# {(obj['question'] or obj['id'] or '')[:80]}\n（已跳过：{obj['error']}）"


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
        raise UsageError(f"--k 须在 1 到 {MAX_K} 之间 / --k must be between 1 and {MAX_K}")
    history = _read_history(args.history) if args.history else []
    done = _loading(args, "索引、向量模型和阅读器")
    pipe = Pipeline.open(
        args.corpus,
        args.index,
        settings,
        reader_model=args.reader_model,
        show_progress=not args.quiet,
        mode=args.mode,
        reader=args.reader,
    )
    done(pipe.retriever.index)
    _warn_filters(pipe.retriever.index, filters)
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
        if args.json:  # offsets and text of the files, as the contract says (the text shown stays joined)
            ans = answer_in_source(ans, pipe.retriever.index.documents)
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
    from qa.interface.export import answer_type_zh

    lines = [f"# {obj['question']}"]
    if obj.get("rewritten_question"):
        lines.append(f"理解为：{obj['rewritten_question']}")
    if obj["answer"] is None:
        lines.append("未找到答案" + (f"：{obj['note']}" if obj.get("note") else "。"))
    else:
        lines.append(obj["answer"])
        lines.append(f"（{answer_type_zh(obj['answer_type'])} · 置信度 {obj['confidence']:.2f}）")
    if obj["citations"]:
        lines.append("出处：")
    for c in obj["citations"]:
        lines.append(f"  [{c['n']}] {_where(c)} · {c['doc_type']} · {c.get('title') or c['doc_id']}")
        lines.append("      " + c["text"].replace("\n", " "))
    return "\n".join(lines)


def cmd_eval(args, settings: Settings) -> int:
    from qa.evaluation.evaluate import run_cli

    return run_cli(args, settings)


def cmd_train_reader(args, settings: Settings) -> int:
    from qa.reading.span_model import ARTIFACT_DIR
    from qa.reading.training import train

    if not args.cmrc.is_dir():
        raise UsageError(f"{args.cmrc}: CMRC 2018 数据目录不存在")
    if args.device == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise UsageError("--device cuda: 本机没有可用的 GPU（torch.cuda.is_available() 为 False）")
    report = train(
        args.cmrc,
        args.out or ARTIFACT_DIR,
        corpus_dir=None if args.no_corpus else args.corpus,
        split=args.split,
        max_length=args.max_length,
        lora_rank=args.lora_rank,
        max_windows=args.max_windows,
        epochs=args.epochs,
        lr=args.lr,
        batch_size=args.batch_size,
        seed=args.seed,
        threads=args.threads,
        limit=args.limit,
        evaluate=not args.no_eval,
        init=args.init,
        device=args.device,
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
        if isinstance(e, _PATH_ERRORS):  # a path that cannot be used as given: named, exit 2
            print(f"qa {args.command}: {e.filename}: {e.strerror}", file=sys.stderr)
            return 2
        print(
            f"qa {args.command}: internal error: {type(e).__name__}: {e} (set QA_DEBUG=1 for details)", file=sys.stderr
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
