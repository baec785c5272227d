"""Evaluation: retrieval and answer metrics on a question set, a Markdown report with plots.

Retrieval is scored with ranx over qrels and runs (both also written in TREC format): a passage
is relevant when its [start, end) overlaps a gold evidence span. "Recall@k" in the report is
ranx's hit_rate@k — the share of questions with at least one relevant passage in the top k —
and ranx's recall@k (share of the relevant passages retrieved) is kept beside it. Unanswerable
questions have no relevant passages and are left out of retrieval metrics.
"""

from __future__ import annotations

import json
import logging
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from qa.settings import MODES as ALL_MODES
from qa.settings import Settings, eval_runs_dir, published_eval_dir

log = logging.getLogger(__name__)

MODES = tuple(sorted(ALL_MODES))  # the order of the report's tables
K = 10
_MARK = re.compile(r"\[\d+\]")
METRICS = ["hit_rate@1", "hit_rate@5", "hit_rate@10", "recall@5", "recall@10", "mrr@10", "ndcg@10"]


@dataclass
class Question:
    id: str
    question: str
    type: str
    doc_ids: list[str]
    answers: list[str]
    evidence: list[dict]
    region: str | None = None
    year: int | None = None
    reworded: bool = False
    spans: list[tuple[str, int, int]] = field(default_factory=list)  # located evidence


def load_questions(path: Path) -> list[Question]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            rows.append(Question(**{k: d[k] for k in Question.__dataclass_fields__ if k in d and k != "spans"}))
        except (json.JSONDecodeError, TypeError, KeyError) as e:
            raise ValueError(f"{path}:{n}: not a question object ({e})") from e
    return rows


def locate(questions: list[Question], documents: dict) -> None:
    """Evidence text → (doc_id, start, end) in the indexed documents."""
    for q in questions:
        q.spans = []
        for ev in q.evidence:
            doc = documents.get(ev["doc_id"])
            pos = doc.text.find(ev["text"]) if doc else -1
            if pos >= 0:
                q.spans.append((ev["doc_id"], pos, pos + len(ev["text"])))
            else:
                log.warning("%s: evidence not found in %s", q.id, ev["doc_id"])


def relevant(chunk, spans) -> bool:
    return any(chunk.doc_id == d and chunk.start < e and s < chunk.end for d, s, e in spans)


def strip_marks(answer: str | None) -> str:
    return _MARK.sub("", answer or "")


def _unspaced(text: str) -> str:
    return "".join(text.split())


def char_f1(pred: str, gold: str) -> float:
    """Character-level F1 (bag of characters, whitespace ignored), as in CMRC-style scoring."""
    from collections import Counter

    p = Counter(ch for ch in pred if not ch.isspace())
    g = Counter(ch for ch in gold if not ch.isspace())
    common = sum((p & g).values())
    if not p or not g or common == 0:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def pct(values, q) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


# ------------------------------------------------------------------ retrieval


def _quiet_numba() -> None:
    # ranx's numba kernels warn about an internal uint64 → int64 cast on every call.
    import warnings

    warnings.filterwarnings("ignore", message="unsafe cast", category=Warning)


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def retrieval(pipe, questions: list[Question], out: Path, progress=_no_progress) -> tuple[dict, dict]:
    from ranx import Qrels, Run, evaluate

    _quiet_numba()

    answerable = [q for q in questions if q.type != "unanswerable" and q.spans]
    qrels_dict = {}
    for q in answerable:
        rel = {c.chunk_id: 1 for c in pipe.chunks() if relevant(c, q.spans)}
        if rel:
            qrels_dict[q.id] = rel
    qrels = Qrels(qrels_dict)
    results, per_question, latencies = {}, {}, {}
    scored = [q for q in answerable if q.id in qrels_dict]
    for m, mode in enumerate(MODES):
        run_dict, times = {}, []
        for i, q in enumerate(scored):
            progress(f"检索（{mode}）", m * len(scored) + i, len(scored) * len(MODES))
            t = time.perf_counter()
            res = pipe.search(q.question, k=K, mode=mode)
            times.append((time.perf_counter() - t) * 1000)
            # ranx ranks by score: 1/rank keeps our order exactly.
            run_dict[q.id] = {h.chunk.chunk_id: 1.0 / h.rank for h in res.hits} or {"__none__": 0.0}
            first = next((h.rank for h in res.hits if relevant(h.chunk, q.spans)), None)
            per_question.setdefault(q.id, {})[f"{mode}_first_relevant"] = first
        run = Run(run_dict, name=mode)
        firsts = [per_question[q.id][f"{mode}_first_relevant"] for q in scored]
        scores = _checked(lambda: evaluate(qrels, run, METRICS, make_comparable=True), firsts, mode)
        results[mode] = {m: (None if v is None else round(float(v), 4)) for m, v in scores.items()}
        latencies[mode] = times
        out.mkdir(parents=True, exist_ok=True)
        run.save(str(out / f"run.{mode}.trec"), kind="trec")
    qrels.save(str(out / "qrels.trec"), kind="trec")
    results["_latency_ms"] = {
        m: {"p50": round(pct(v, 50), 1), "p95": round(pct(v, 95), 1)} for m, v in latencies.items()
    }
    results["_n_questions"] = len(qrels_dict)
    return results, per_question


def _from_ranks(firsts: list[int | None]) -> dict[str, float]:
    """hit_rate@k and mrr@10 from each question's rank of its first relevant passage (None: none in the top K)."""
    n = max(len(firsts), 1)
    out = {f"hit_rate@{k}": sum(1 for f in firsts if f is not None and f <= k) / n for k in (1, 5, 10)}
    out["mrr@10"] = sum(1 / f for f in firsts if f is not None and f <= 10) / n
    return out


def _checked(score, firsts: list[int | None], mode: str) -> dict:
    """ranx's scores, checked against the ranks each question's passages came at: they must agree on hit_rate@k and
    MRR. Twice a run beside another ``qa eval`` printed a Recall@1 of 0.14 where its ranks (and ranx again, over the
    saved run files) said 0.68: on disagreement ranx is asked again on one thread, and if it still disagrees the
    ranks' values stand, the others are left out, and a warning says so."""
    own = _from_ranks(firsts)

    def agrees(scores: dict) -> bool:
        return all(abs(float(scores[m]) - v) < 1e-6 for m, v in own.items())

    scores = score()
    if agrees(scores):
        return scores
    import numba

    threads = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        scores = score()
    finally:
        numba.set_num_threads(threads)
    if agrees(scores):
        log.warning("%s: ranx 的检索指标与各题名次不符，单线程重算后一致", mode)
        return scores
    log.warning("%s: ranx 的检索指标与各题名次不符（Recall@1 %.3f / %.3f）：采用名次计算的值，其余指标留空",
                mode, float(scores["hit_rate@1"]), own["hit_rate@1"])  # fmt: skip
    return {m: own.get(m) for m in METRICS}


def baseline(corpus_dir: Path, questions: list[Question], documents: dict) -> dict:
    """The naive baseline: jieba + rank-bm25 over whole paragraphs (lines), as first prototypes do."""
    import jieba
    from rank_bm25 import BM25Okapi

    paras = []
    for doc_id, doc in documents.items():
        pos = 0
        for line in doc.text.split("\n"):
            if line.strip():
                paras.append((doc_id, pos, pos + len(line)))
            pos += len(line) + 1
    tok = jieba.Tokenizer()
    tok.initialize()
    bm25 = BM25Okapi([tok.lcut(documents[d].text[s:e]) for d, s, e in paras])
    hits = {1: 0, 5: 0, 10: 0}
    n = 0
    for q in questions:
        if q.type == "unanswerable" or not q.spans:
            continue
        n += 1
        scores = bm25.get_scores(tok.lcut(q.question))
        top = np.argsort(-scores)[:K]
        ranks = [
            r
            for r, i in enumerate(top, start=1)
            if any(paras[i][0] == d and paras[i][1] < e and s < paras[i][2] for d, s, e in q.spans)
        ]
        for k in hits:
            hits[k] += bool(ranks and ranks[0] <= k)
    return {f"hit_rate@{k}": round(v / max(n, 1), 4) for k, v in hits.items()}


# ------------------------------------------------------------------ answers


def answers(pipe, questions: list[Question], progress=_no_progress) -> tuple[dict, list[dict], list[float]]:
    rows, ask_ms = [], []
    for i, q in enumerate(questions):
        progress(f"回答 {q.id}", i, len(questions))
        t = time.perf_counter()
        a = pipe.ask(q.question)
        ask_ms.append((time.perf_counter() - t) * 1000)
        text = strip_marks(a.answer)
        cited = {c.chunk.doc_id for c in a.citations}
        cites = {c.n: c.chunk for c in a.citations}
        verbatim_ok = all(
            cites[p.citation].text[p.start - cites[p.citation].start : p.end - cites[p.citation].start] == p.text
            for p in a.pieces
        )
        row = {
            "id": q.id,
            "question": q.question,
            "type": q.type,
            "reworded": q.reworded,
            "answer": a.answer,
            "answer_type": a.answer_type,
            "confidence": round(a.confidence, 3),
            "gold": q.answers,
            "verbatim": verbatim_ok,
            "note": a.note,
        }
        if q.type == "unanswerable":
            row["score"] = 1.0 if a.answer is None else 0.0
        elif a.answer is None:
            row["score"] = 0.0
        elif q.type == "factoid":
            # white space is no part of an answer: an OCR copy's "18 6.4万元" is the 186.4万元 its reader gives
            row["score"] = 1.0 if any(_unspaced(g) in _unspaced(text) for g in q.answers) else 0.0
        elif q.type == "descriptive":
            row["score"] = round(max(char_f1(text, g) for g in q.answers), 4)
        else:
            right = cited & set(q.doc_ids)
            row["score"] = round(len(right) / len(q.doc_ids), 4)
            # Recall alone rewards listing every report; the share of listed reports that the
            # gold names keeps an answer that cites everything from looking perfect.
            row["report_precision"] = round(len(right) / len(cited), 4) if cited else None
        if q.type != "unanswerable" and a.answer is not None:
            row["citation_correct"] = any(relevant(c.chunk, q.spans) for c in a.citations)
        rows.append(row)

    def mean(xs):
        return round(float(statistics.mean(xs)), 4) if xs else None

    by_type = {
        t: [r for r in rows if r["type"] == t] for t in ("factoid", "descriptive", "comparative", "unanswerable")
    }
    answerable = [r for r in rows if r["type"] != "unanswerable"]
    predicted_none = [r for r in rows if r["answer"] is None]
    true_none = [r for r in predicted_none if r["type"] == "unanswerable"]
    summary = {
        "factoid_answer_rate": mean([r["score"] for r in by_type["factoid"]]),
        "descriptive_char_f1": mean([r["score"] for r in by_type["descriptive"]]),
        "comparative_report_coverage": mean([r["score"] for r in by_type["comparative"]]),
        "comparative_report_precision": mean(
            [r["report_precision"] for r in by_type["comparative"] if r.get("report_precision") is not None]
        ),
        "no_answer_precision": round(len(true_none) / len(predicted_none), 4) if predicted_none else None,
        "no_answer_recall": round(len(true_none) / len(by_type["unanswerable"]), 4)
        if by_type["unanswerable"]
        else None,
        "answered_rate": mean([1.0 if r["answer"] is not None else 0.0 for r in answerable]),
        "citation_correct": mean(
            [1.0 if r["citation_correct"] else 0.0 for r in answerable if "citation_correct" in r]
        ),
        "verbatim_violations": sum(1 for r in rows if not r["verbatim"]),
        "reworded_score": mean([r["score"] for r in rows if r["reworded"]]),
        "ask_latency_ms": {"p50": round(pct(ask_ms, 50), 1), "p95": round(pct(ask_ms, 95), 1)},
        "per_type": {t: mean([r["score"] for r in rs]) for t, rs in by_type.items()},
    }
    return summary, rows, ask_ms


# ------------------------------------------------------------------ report


def plots(results: dict, ask_ms: list[float], out: Path) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = []
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ks = [1, 5, 10]
    for mode in (*MODES, "baseline"):
        r = results["retrieval"].get(mode)
        if r:
            ax.plot(ks, [r[f"hit_rate@{k}"] for k in ks], marker="o", label=mode)
    ax.set_xlabel("k")
    ax.set_ylabel("Recall@k (evidence in top k)")
    ax.set_ylim(0, 1.02)
    ax.set_xticks(ks)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "recall_at_k.png", dpi=110)
    plt.close(fig)
    names.append("recall_at_k.png")

    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.hist(ask_ms, bins=20, color="#4c78a8")
    ax.set_xlabel("qa ask latency (ms)")
    ax.set_ylabel("questions")
    fig.tight_layout()
    fig.savefig(out / "latency.png", dpi=110)
    plt.close(fig)
    names.append("latency.png")

    fig, ax = plt.subplots(figsize=(6, 3.5))
    per_type = results["answers"]["per_type"]
    labels = [t for t in per_type if per_type[t] is not None]
    ax.bar(labels, [per_type[t] for t in labels], color="#f58518")
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("score")
    ax.set_title("answer score per question type")
    fig.tight_layout()
    fig.savefig(out / "answers_by_type.png", dpi=110)
    plt.close(fig)
    names.append("answers_by_type.png")
    return names


def shown(path) -> str:
    """A path as the reader should see it: relative to the working folder or the project when inside."""
    from qa.settings import PROJECT_ROOT

    p = Path(path).resolve()
    for base in (Path.cwd().resolve(), PROJECT_ROOT.resolve()):
        if p.is_relative_to(base):
            return p.relative_to(base).as_posix() or "."
    return p.name


def write_report(results: dict, rows: list[dict], out: Path, images: list[str]) -> Path:
    """report.md in Chinese; metric names (Recall@k, MRR@10, nDCG@10, mode names) stay as they are."""
    r = results["retrieval"]
    a = results["answers"]
    n_docs = results.get("n_documents")
    lines = [
        "# 评测报告",
        "",
        f"问题集：`{results['questions']}`，共 {results['n_questions']} 题；语料：`{results['corpus']}`"
        + (f"（{n_docs} 份报告）" if n_docs is not None else "")
        + f"；运行于 {results['date']}，用时 {results['seconds']} 秒。",
        "",
        "## 检索",
        "",
        "Recall@k：可回答的问题中，前 k 个段落里有段落与标准证据重叠的比例（ranx hit_rate@k）；"
        "recall@k：全部相关段落中被检索到的比例。",
        "",
        "| 检索方式 | Recall@1 | Recall@5 | Recall@10 | MRR@10 | nDCG@10 | recall@10 | p50 毫秒 | p95 毫秒 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for mode in MODES:
        m = {k: "—" if v is None else f"{v:.3f}" for k, v in r[mode].items()}  # —: left out (see _checked)
        lat = r["_latency_ms"][mode]
        lines.append(
            f"| {mode} | {m['hit_rate@1']} | {m['hit_rate@5']} | {m['hit_rate@10']} | {m['mrr@10']} | "
            f"{m['ndcg@10']} | {m['recall@10']} | {lat['p50']} | {lat['p95']} |"
        )
    if "baseline" in r:
        b = r["baseline"]
        lines.append(
            f"| baseline（jieba + rank-bm25，整段） | {b['hit_rate@1']:.3f} | "
            f"{b['hit_rate@5']:.3f} | {b['hit_rate@10']:.3f} | | | | | |"
        )
    lines += [
        "",
        "## 答案",
        "",
        "| 指标 | 值 |",
        "|---|---|",
        f"| 事实题：答案含标准答案的比例（factoid_answer_rate） | {_v(a['factoid_answer_rate'])} |",
        f"| 描述题：字符 F1（descriptive_char_f1） | {_v(a['descriptive_char_f1'])} |",
        f"| 对比题：标准答案中的报告被引用的比例（comparative_report_coverage） | "
        f"{_v(a['comparative_report_coverage'])} |",
        f"| 对比题：引用的报告中属于标准答案的比例（comparative_report_precision） | "
        f"{_v(a['comparative_report_precision'])} |",
        f"| 无答案判断的精确率（no_answer_precision） | {_v(a['no_answer_precision'])} |",
        f"| 无答案判断的召回率：无法回答的题给出空答案（no_answer_recall） | {_v(a['no_answer_recall'])} |",
        f"| 可回答的题给出答案的比例（answered_rate） | {_v(a['answered_rate'])} |",
        f"| 引用与标准证据重叠的比例（citation_correct） | {_v(a['citation_correct'])} |",
        f"| 改写措辞的题的平均得分（reworded_score） | {_v(a['reworded_score'])} |",
        f"| 答案片段不是引用原文的次数（verbatim_violations） | {_v(a['verbatim_violations'])} |",
        f"| `ask` 用时 p50 / p95（毫秒） | {a['ask_latency_ms']['p50']} / {a['ask_latency_ms']['p95']} |",
        "",
    ]
    for img in images:
        lines += [f"![{img}]({img})", ""]
    lines += [
        "## 逐题结果（得分由低到高）",
        "",
        "| 编号 | 题型 | 得分 | 问题 | 答案 | 标准答案 |",
        "|---|---|---|---|---|---|",
    ]

    def cell(s):
        # Questions and answers are shown as text: the app renders this report as Markdown.
        text = (s or "—").replace("|", "/").replace("\n", " ")[:80]
        return re.sub(r"[\[\]<>!`*_$~\\]", lambda m: f"&#{ord(m.group())};", text)

    for row in sorted(rows, key=lambda x: (x["score"], x["id"])):
        lines.append(
            f"| {row['id']} | {QUESTION_TYPES.get(row['type'], row['type'])} | {row['score']:.2f} | "
            f"{cell(row['question'])} | {cell(row['answer'])} | {cell(' / '.join(row['gold']))} |"
        )
    path = out / "report.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _v(value) -> str:
    return "—" if value is None else str(value)


QUESTION_TYPES = {"factoid": "事实", "descriptive": "描述", "comparative": "对比", "unanswerable": "无法回答"}


def run(
    pipe,
    questions_path: Path,
    out: Path,
    corpus_dir: Path | None = None,
    make_plots: bool = True,
    progress=_no_progress,
) -> dict:
    """Evaluate a loaded pipeline on a question set; write report.md, results.json and plots into out.

    ``progress(stage, done, total)`` is called before each question of each stage (the app's bar).
    """
    t0 = time.perf_counter()
    corpus_dir = Path(corpus_dir or pipe.retriever.corpus_dir)
    questions = load_questions(questions_path)
    documents = pipe.index.documents
    locate(questions, documents)
    out.mkdir(parents=True, exist_ok=True)
    retrieval_results, per_q = retrieval(pipe, questions, out / "out", progress)
    progress("基线（jieba + rank-bm25）", 0, 1)
    retrieval_results["baseline"] = baseline(corpus_dir, questions, documents)
    summary, rows, ask_ms = answers(pipe, questions, progress)
    for row in rows:
        row.update(per_q.get(row["id"], {}))
    results = {
        "questions": shown(questions_path),
        "corpus": shown(corpus_dir),
        "n_documents": len(documents),
        "n_questions": len(questions),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "retrieval": retrieval_results,
        "answers": summary,
        "seconds": round(time.perf_counter() - t0, 1),
    }
    images = plots(results, ask_ms, out) if make_plots else []
    (out / "results.json").write_text(
        json.dumps({**results, "per_question": rows}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    write_report(results, rows, out, images)
    progress("完成", 1, 1)
    return results


# ------------------------------------------------------------------ BEIR


def beir(folder: Path, index_dir: Path | None = None, settings: Settings = Settings()) -> dict:
    """Retrieval metrics on a BEIR-style folder (corpus.jsonl, queries.jsonl, qrels/test.tsv)."""
    from ranx import Qrels, Run, evaluate

    from qa.retrieval.retriever import Retriever

    _quiet_numba()

    def jsonl(p):
        return [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]

    for name in ("corpus.jsonl", "queries.jsonl", "qrels/test.tsv"):
        if not (folder / name).is_file():
            raise ValueError(f"{folder}: not a BEIR folder ({name} is missing)")
    qrels_dict: dict[str, dict[str, int]] = {}
    for i, line in enumerate((folder / "qrels" / "test.tsv").read_text(encoding="utf-8").splitlines()):
        parts = line.split("\t")
        if i == 0 and not parts[-1].strip().lstrip("-").isdigit():
            continue  # header
        if len(parts) >= 3 and int(parts[2]) > 0:
            qrels_dict.setdefault(parts[0], {})[parts[1]] = int(parts[2])
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for d in jsonl(folder / "corpus.jsonl"):
            safe = re.sub(r"[^\w.-]", "_", str(d["_id"]))
            body = (d.get("title", "") + "\n" + d.get("text", "")).strip()
            (corpus / f"{safe}.txt").write_text(body + "\n", encoding="utf-8")
        r = Retriever.open(corpus, Path(index_dir or Path(tmp) / "index"), settings, show_progress=False)
        queries = {str(q["_id"]): q["text"] for q in jsonl(folder / "queries.jsonl")}
        results = {}
        for mode in MODES:
            run_dict = {}
            for qid in qrels_dict:
                if qid not in queries:
                    continue
                best: dict[str, float] = {}
                for h in r.search(queries[qid], k=K * 3, mode=mode).hits:
                    doc = Path(h.chunk.doc_id).stem
                    best.setdefault(doc, 1.0 / h.rank)  # a document's rank is its best passage's
                run_dict[qid] = dict(list(best.items())[:K]) or {"__none__": 0.0}
            scores = evaluate(Qrels(qrels_dict), Run(run_dict), METRICS, make_comparable=True)
            results[mode] = {m: round(float(v), 4) for m, v in scores.items()}
    return results


# ------------------------------------------------------------------ CLI


def run_cli(args, settings: Settings) -> int:
    from qa.pipeline import Pipeline

    if args.beir:
        results = beir(args.beir, None, settings)
        print(json.dumps(results, ensure_ascii=False) if args.json else _beir_table(results))
        return 0
    if not args.questions.is_file():
        raise ValueError(f"{args.questions}: question file not found")
    if args.out is not None and args.publish:
        raise ValueError("give --out DIR or --publish, not both")
    if args.out is None:
        # A plain run never touches the committed reports: it goes to a git-ignored folder.
        args.out = published_eval_dir(args.questions) if args.publish else eval_runs_dir() / args.questions.stem
    pipe = Pipeline.open(
        args.corpus, args.index, settings, show_progress=not args.quiet, reader=getattr(args, "reader", None)
    )
    results = run(pipe, args.questions, args.out, args.corpus, make_plots=not args.no_plots)
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        print(f"评测报告已写入 {args.out / 'report.md'}", file=sys.stderr)
        r, a = results["retrieval"], results["answers"]
        for mode in MODES:
            print(
                f"{mode:7s} Recall@1 {r[mode]['hit_rate@1']:.3f}  Recall@5 {r[mode]['hit_rate@5']:.3f}  "
                f"MRR@10 {r[mode]['mrr@10']:.3f}"
            )
        print(
            f"factoid {a['factoid_answer_rate']}  no-answer P/R "
            f"{a['no_answer_precision']}/{a['no_answer_recall']}  answered {a['answered_rate']}"
        )
    return 0


def _beir_table(results: dict) -> str:
    return "\n".join(f"{mode:7s} " + "  ".join(f"{m} {v:.3f}" for m, v in r.items()) for mode, r in results.items())
