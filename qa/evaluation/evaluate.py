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
from qa.settings import Settings

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


def retrieval(pipe, questions: list[Question], out: Path) -> tuple[dict, dict]:
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
    for mode in MODES:
        run_dict, times = {}, []
        for q in answerable:
            if q.id not in qrels_dict:
                continue
            t = time.perf_counter()
            res = pipe.search(q.question, k=K, mode=mode)
            times.append((time.perf_counter() - t) * 1000)
            # ranx ranks by score: 1/rank keeps our order exactly.
            run_dict[q.id] = {h.chunk.chunk_id: 1.0 / h.rank for h in res.hits} or {"__none__": 0.0}
            first = next((h.rank for h in res.hits if relevant(h.chunk, q.spans)), None)
            per_question.setdefault(q.id, {})[f"{mode}_first_relevant"] = first
        run = Run(run_dict, name=mode)
        scores = evaluate(qrels, run, METRICS, make_comparable=True)
        results[mode] = {m: round(float(v), 4) for m, v in scores.items()}
        latencies[mode] = times
        out.mkdir(parents=True, exist_ok=True)
        run.save(str(out / f"run.{mode}.trec"), kind="trec")
    qrels.save(str(out / "qrels.trec"), kind="trec")
    results["_latency_ms"] = {
        m: {"p50": round(pct(v, 50), 1), "p95": round(pct(v, 95), 1)} for m, v in latencies.items()
    }
    results["_n_questions"] = len(qrels_dict)
    return results, per_question


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


def answers(pipe, questions: list[Question]) -> tuple[dict, list[dict], list[float]]:
    rows, ask_ms = [], []
    for q in questions:
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
            row["score"] = 1.0 if any(g in text for g in q.answers) else 0.0
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


def write_report(results: dict, rows: list[dict], out: Path, images: list[str]) -> Path:
    r = results["retrieval"]
    a = results["answers"]
    lines = [
        "# 评测报告 (evaluation report)",
        "",
        f"Question set: `{results['questions']}` — {results['n_questions']} questions; corpus `{results['corpus']}`; "
        f"run {results['date']} in {results['seconds']} s.",
        "",
        "## Retrieval",
        "",
        "Recall@k = share of answerable questions with a passage overlapping the gold evidence in the top k "
        "(ranx hit_rate@k); recall@k = share of all relevant passages retrieved.",
        "",
        "| mode | Recall@1 | Recall@5 | Recall@10 | MRR@10 | nDCG@10 | recall@10 | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for mode in MODES:
        m = r[mode]
        lat = r["_latency_ms"][mode]
        lines.append(
            f"| {mode} | {m['hit_rate@1']:.3f} | {m['hit_rate@5']:.3f} | {m['hit_rate@10']:.3f} | {m['mrr@10']:.3f} | "
            f"{m['ndcg@10']:.3f} | {m['recall@10']:.3f} | {lat['p50']} | {lat['p95']} |"
        )
    if "baseline" in r:
        b = r["baseline"]
        lines.append(
            f"| baseline (jieba + rank-bm25, whole paragraphs) | {b['hit_rate@1']:.3f} | "
            f"{b['hit_rate@5']:.3f} | {b['hit_rate@10']:.3f} | | | | | |"
        )
    lines += [
        "",
        "## Answers",
        "",
        "| metric | value |",
        "|---|---|",
        f"| factoid answers containing a gold answer | {a['factoid_answer_rate']} |",
        f"| descriptive answers, character F1 | {a['descriptive_char_f1']} |",
        f"| comparative answers, share of gold reports cited | {a['comparative_report_coverage']} |",
        f"| comparative answers, share of cited reports that the gold names | {a['comparative_report_precision']} |",
        f"| no-answer precision | {a['no_answer_precision']} |",
        f"| no-answer recall (unanswerable → null) | {a['no_answer_recall']} |",
        f"| answerable questions that get an answer | {a['answered_rate']} |",
        f"| answers whose citation overlaps the gold evidence | {a['citation_correct']} |",
        f"| reworded questions, mean score | {a['reworded_score']} |",
        f"| answer pieces not verbatim in their citation | {a['verbatim_violations']} |",
        f"| `ask` latency p50 / p95 (ms) | {a['ask_latency_ms']['p50']} / {a['ask_latency_ms']['p95']} |",
        "",
    ]
    for img in images:
        lines += [f"![{img}]({img})", ""]
    lines += [
        "## Questions, worst first",
        "",
        "| id | type | score | question | answer | gold |",
        "|---|---|---|---|---|---|",
    ]

    def cell(s):
        return (s or "—").replace("|", "/").replace("\n", " ")[:80]

    for row in sorted(rows, key=lambda x: (x["score"], x["id"])):
        lines.append(
            f"| {row['id']} | {row['type']} | {row['score']:.2f} | {cell(row['question'])} | "
            f"{cell(row['answer'])} | {cell(' / '.join(row['gold']))} |"
        )
    path = out / "report.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(pipe, questions_path: Path, out: Path, corpus_dir: Path | None = None, make_plots: bool = True) -> dict:
    """Evaluate a loaded pipeline on a question set; write report.md, results.json and plots into out."""
    t0 = time.perf_counter()
    questions = load_questions(questions_path)
    documents = pipe.documents()
    locate(questions, documents)
    out.mkdir(parents=True, exist_ok=True)
    retrieval_results, per_q = retrieval(pipe, questions, out / "out")
    retrieval_results["baseline"] = baseline(corpus_dir, questions, documents)
    summary, rows, ask_ms = answers(pipe, questions)
    for row in rows:
        row.update(per_q.get(row["id"], {}))
    results = {
        "questions": str(questions_path),
        "corpus": str(corpus_dir),
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
    pipe = Pipeline.open(args.corpus, args.index, settings, show_progress=not args.quiet)
    results = run(pipe, args.questions, args.out, args.corpus, make_plots=not args.no_plots)
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        print(f"report written to {args.out / 'report.md'}", file=sys.stderr)
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
