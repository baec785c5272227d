"""Hybrid retrieval on the bundled corpus: ranking, filters, routing, offsets, index lifecycle."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from qa.evaluation.synthetic import HashEmbedder, write_corpus
from qa.retrieval.retriever import Filters, Retriever
from qa.store import builder
from qa.store import index as index_store

YUANSHI = "000_526b283554a85fd0.txt"


def test_yuanshi_review_question_returns_the_36_passage_first(retriever):
    res = retriever.search("元氏县办理了多少件行政复议案件?", k=10)
    top = res.hits[0]
    assert top.chunk.doc_id == YUANSHI
    assert "已办理行政复议案件36件" in top.chunk.text
    assert top.bm25_rank is not None and top.dense_rank is not None


@pytest.mark.parametrize("mode", ["bm25", "dense", "hybrid"])
def test_each_mode_finds_the_passage(retriever, mode):
    res = retriever.search("元氏县办理了多少件行政复议案件?", k=5, mode=mode)
    assert any("已办理行政复议案件36件" in h.chunk.text for h in res.hits)


@pytest.mark.parametrize("q", ["请问有哪些情况呢?", "什么是怎么样的", "你好", "   "])
def test_question_words_alone_return_nothing(retriever, q):
    assert retriever.search(q, k=10).hits == []


def test_hits_are_exact_slices_of_the_documents(retriever):
    docs = retriever.index.documents
    for q in ("府院联动", "告知承诺制", "法律顾问", "行政执法三项制度"):
        for h in retriever.search(q, k=10).hits:
            assert docs[h.chunk.doc_id].text[h.chunk.start : h.chunk.end] == h.chunk.text


def test_filters_apply_before_ranking(retriever):
    res = retriever.search("行政复议", k=10, filters=Filters(regions=("怀化市",)))
    assert res.hits and {h.chunk.region for h in res.hits} == {"怀化市"}
    res = retriever.search("行政复议", k=10, filters=Filters(years=(2018, 2024)))
    assert res.hits and {h.chunk.year for h in res.hits} <= {2018, 2024}
    res = retriever.search("行政复议", k=10, filters=Filters(doc_types=("工作要点",)))
    assert res.hits and {h.chunk.doc_type for h in res.hits} == {"工作要点"}
    assert retriever.search("行政复议", k=10, filters=Filters(regions=("不存在县",))).hits == []


def test_short_region_filter_matches(retriever):
    res = retriever.search("行政复议", k=5, filters=Filters(regions=("怀化",)))
    assert {h.chunk.region for h in res.hits} == {"怀化市"}


@pytest.mark.parametrize(
    "q, region", [("怀化行政复议工作怎么样", "怀化市"), ("元氏县法律顾问", "元氏县"), ("瀍河区行政复议", "瀍河回族区")]
)
def test_a_named_region_is_ranked_first(retriever, q, region):
    res = retriever.search(q, k=10)
    n_region = sum(1 for h in res.hits if h.chunk.region == region)
    assert n_region >= 3
    assert all(h.chunk.region == region for h in res.hits[:n_region])


def test_two_regions_are_not_routed(retriever):
    res = retriever.search("怀化和元氏县的行政复议", k=10)
    assert res.routed_to == ()


def test_fused_score_is_ordered_and_ranks_reported(retriever):
    hits = retriever.search("行政机关负责人出庭应诉", k=10).hits
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(h.bm25_rank is not None or h.dense_rank is not None for h in hits)


def test_every_hybrid_hit_carries_both_real_scores(retriever):
    """A passage one side did not list is scored by that side too, not counted as 0."""
    q = "县长出庭打官司的比例是多少?"
    res = retriever.search(q, k=10)
    idx = retriever.index
    position = {c.chunk_id: i for i, c in enumerate(idx.chunks)}
    full_bm25 = idx.bm25.scores(res.tokens)
    qvec = retriever.embedder.encode_queries([q])[0]
    one_sided = 0
    for h in res.hits:
        i = position[h.chunk.chunk_id]
        assert h.bm25_score == pytest.approx(float(full_bm25[i]), rel=1e-5)
        assert h.dense_score == pytest.approx(float(np.asarray(idx.dense.vectors[i], np.float32) @ qvec), abs=1e-4)
        one_sided += (h.bm25_rank is None) != (h.dense_rank is None)
    assert one_sided > 0  # the question is worded so that the two sides' lists differ


@pytest.mark.e2e
def test_fusion_scores_the_union_by_both_sides():
    from qa.retrieval.fusion import fuse

    bm25_all, dense_all = np.array([10.0, 5.0, 0.0]), np.array([0.2, 0.8, 0.9])
    bm25 = (np.array([0, 1]), bm25_all[[0, 1]])
    dense = (np.array([2, 1]), dense_all[[2, 1]])
    # Lists alone: each side's min-max over its own list gives passage 1 (second on both) 0 + 0.
    assert [f.index for f in fuse(bm25, dense, "weighted")] == [0, 2, 1]
    # Scored by both over {0, 1, 2}: bm25 (1, .5, 0), dense (0, 6/7, 1) → 0.5, 0.68, 0.5.
    fused = fuse(bm25, dense, "weighted", bm25_scorer=bm25_all.__getitem__, dense_scorer=dense_all.__getitem__)
    assert [f.index for f in fused] == [1, 0, 2]
    assert fused[0].score == pytest.approx(0.5 * 0.5 + 0.5 * 6 / 7)
    assert (fused[2].bm25_score, fused[2].bm25_rank, fused[2].dense_rank) == (0.0, None, 1)
    assert [f.index for f in fuse(bm25, dense, "rrf")] == [1, 0, 2]


# ------------------------------------------------------------------ index lifecycle (BM25-only: fast)


def _open(corpus, index):
    return Retriever.open(corpus, index, dense=False, show_progress=False)


def test_index_is_reused_when_nothing_changed(corpus_copy, tmp_path):
    idx = tmp_path / "idx"
    a = _open(corpus_copy, idx)
    b = _open(corpus_copy, idx)
    assert a.index.path == b.index.path


def test_changed_report_invalidates_and_added_report_is_incremental(corpus_copy, tmp_path):
    idx = tmp_path / "idx"
    a = _open(corpus_copy, idx)
    first = a.index.path
    # change one report
    p = corpus_copy / YUANSHI
    p.write_text(p.read_text(encoding="utf-8").replace("36件", "37件"), encoding="utf-8")
    b = _open(corpus_copy, idx)
    assert b.index.path != first
    assert "已办理行政复议案件37件" in b.search("元氏县行政复议案件", k=3).hits[0].chunk.text
    # add a report
    (corpus_copy / "new.txt").write_text(
        "关于测试县2022年度法治政府建设情况的报告\n一、行政复议\n测试县全年办理行政复议案件99件。\n", encoding="utf-8"
    )
    c = _open(corpus_copy, idx)
    assert "new.txt" in c.index.documents
    assert c.index.documents["new.txt"].meta.region == "测试县"
    # unchanged documents are carried over, not re-read
    assert c.index.documents[YUANSHI].text == b.index.documents[YUANSHI].text
    # remove it again
    (corpus_copy / "new.txt").unlink()
    d = _open(corpus_copy, idx)
    assert "new.txt" not in d.index.documents


def test_only_new_chunks_are_embedded(corpus_copy, tmp_path):
    idx = tmp_path / "idx"
    emb = HashEmbedder()
    builder.build(corpus_copy, idx, embedder=emb, show_progress=False)
    first = emb.count
    assert first > 100
    (corpus_copy / "new.txt").write_text(
        "关于测试县2022年度法治政府建设情况的报告\n一、行政复议\n测试县全年办理行政复议案件99件。\n", encoding="utf-8"
    )
    new = index_store.load(builder.build(corpus_copy, idx, embedder=emb, show_progress=False))
    n_new = sum(1 for c in new.chunks if c.doc_id == "new.txt")
    assert n_new >= 1
    assert emb.count - first == n_new


def test_corrupted_index_file_is_detected_and_rebuilt(corpus_copy, tmp_path):
    idx = tmp_path / "idx"
    a = _open(corpus_copy, idx)
    chunks_file = a.index.path / "chunks.jsonl"
    chunks_file.write_text(chunks_file.read_text(encoding="utf-8")[:-50], encoding="utf-8")
    with pytest.raises(index_store.IndexError_, match="corrupted"):
        index_store.load(a.index.path)
    b = _open(corpus_copy, idx)
    assert b.index.path != a.index.path
    assert b.search("行政复议", k=1).hits


@pytest.mark.e2e
@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4))
def test_build_killed_at_random_points_never_leaves_a_broken_index(tmp_path, corpus_dir, seed):
    rng = np.random.default_rng(seed)
    corpus = tmp_path / "corpus"
    write_corpus(corpus_dir, corpus, n_chunks=600, seed=seed)
    idx = tmp_path / "idx"
    a = _open(corpus, idx)
    write_corpus(corpus_dir, corpus / "more", n_chunks=600, seed=seed + 100)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "qa.interface.cli",
            "index",
            "--corpus",
            str(corpus),
            "--index",
            str(idx),
            "--bm25-only",
            "--quiet",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(float(rng.uniform(0.5, 4.0)))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    current = index_store.current_build(idx)
    assert current is not None
    loaded = index_store.load(current)  # the previous build or a complete new one, never a half-written one
    assert len(loaded.chunks) >= len(a.index.chunks)
    b = _open(corpus, idx)
    assert any(d.startswith("more/") for d in b.index.documents)
    assert not any(p.name.startswith("tmp-") for p in idx.iterdir())


def test_hnsw_index_past_the_threshold(tmp_path):
    from qa.store.dense import DenseIndex

    rng = np.random.default_rng(0)
    vecs = rng.standard_normal((500, 32)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    exact, approx = DenseIndex(vecs, hnsw_threshold=10_000), DenseIndex(vecs, hnsw_threshold=100)
    assert exact.exact and not approx.exact
    queries = vecs[:50] + 0.01 * rng.standard_normal((50, 32)).astype(np.float32)
    agree = sum(exact.search(q, 1)[0][0] == approx.search(q, 1)[0][0] for q in queries)
    assert agree >= 48
    allowed = np.zeros(500, dtype=bool)
    allowed[::2] = True
    idx, _ = approx.search(queries[1], 5, allowed)
    assert len(idx) == 5 and allowed[idx].all()
    approx.save(tmp_path)
    loaded = DenseIndex.load(tmp_path, hnsw_threshold=100)
    assert not loaded.exact and loaded.search(queries[0], 1)[0][0] == approx.search(queries[0], 1)[0][0]
    # The graph holds the vectors: the stored fp16 copy stays on disk, not a second copy in memory.
    assert (len(loaded), loaded.dim) == (500, 32) and loaded.vectors.dtype == np.float16


def test_cli_search_json_contract(corpus_dir, index_dir, tmp_path):
    import json
    import subprocess
    import sys

    batch = tmp_path / "q.jsonl"
    batch.write_text(
        '{"id": "x1", "question": "府院联动", "year": 1999}\n{"id": "x2", "question": "法律顾问"}\n', encoding="utf-8"
    )
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "qa.interface.cli",
            "search",
            "--batch",
            str(batch),
            "--k",
            "3",
            "--corpus",
            str(corpus_dir),
            "--index",
            str(index_dir),
            "--json",
            "--region",
            "怀化市,互助县",
            "--year",
            "2023",
            "--year",
            "2024",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["x1", "x2"]
    hit_fields = {
        "rank",
        "chunk_id",
        "doc_id",
        "title",
        "region",
        "year",
        "section",
        "start",
        "end",
        "text",
        "score",
        "bm25_rank",
        "dense_rank",
    }
    for r in rows:
        assert {"id", "question", "hits", "latency_ms"} <= set(r)
        assert r["hits"] and all(hit_fields <= set(h) for h in r["hits"])
        assert all(h["region"] in ("怀化市", "互助县") and h["year"] in (2023, 2024) for h in r["hits"])


def test_cli_ask_with_history(corpus_dir, index_dir, tmp_path):
    import json
    import subprocess
    import sys

    hist = tmp_path / "h.json"
    hist.write_text(
        json.dumps([{"question": "元氏县办理了多少件行政复议案件?", "answer": "36件[1]"}], ensure_ascii=False),
        encoding="utf-8",
    )
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "qa.interface.cli",
            "ask",
            "那怀化呢?",
            "--history",
            str(hist),
            "--corpus",
            str(corpus_dir),
            "--index",
            str(index_dir),
            "--json",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    obj = json.loads(out.stdout)
    assert "怀化" in obj["rewritten_question"]
    assert obj["citations"] and obj["citations"][0]["region"] == "怀化市"
    for field in ("id", "question", "answer", "answer_type", "confidence", "citations", "hits", "latency_ms"):
        assert field in obj


def test_rebuild_reembeds_everything_and_keeps_serving(corpus_copy, tmp_path):
    idx = tmp_path / "idx"
    emb = HashEmbedder()
    first = builder.build(corpus_copy, idx, embedder=emb, show_progress=False)
    n = emb.count
    again = builder.build(corpus_copy, idx, embedder=emb, show_progress=False)
    assert emb.count == n  # an unchanged corpus re-embeds nothing
    rebuilt = builder.build(corpus_copy, idx, embedder=emb, show_progress=False, reuse=False)
    assert emb.count == 2 * n
    assert index_store.current_build(idx) == rebuilt and first != rebuilt != again


def test_a_quoted_name_ranks_the_passages_holding_it_first(retriever):
    # 瀍河's “1211推进机制” is named in its long opening paragraph, which plain ranking puts sixth
    q = "瀍河回族区的“1211推进机制”具体指什么?"
    first = retriever.search(q, k=5).hits[0]
    assert "“1211推进机制”" in first.chunk.text and first.chunk.region == "瀍河回族区"
    from dataclasses import replace

    plain = Retriever(
        retriever.index, retriever.tokenizer, retriever.embedder, replace(retriever.settings, route_by_quotes=False)
    )
    assert all("1211" not in h.chunk.text for h in plain.search(q, k=5).hits)


def test_a_quoted_name_keeps_the_named_place_first(retriever):
    # 瀍河's report holds 三统一 (推行规范性文件三统一制度); 怀化's holds “三统一” too: the named place stays first
    hits = retriever.search("瀍河回族区规范性文件的“三统一”是哪三个统一?", k=10).hits
    n = sum(h.chunk.region == "瀍河回族区" for h in hits)
    assert n >= 3 and all(h.chunk.region == "瀍河回族区" for h in hits[:n])
    assert "三统一" in hits[0].chunk.text


def test_a_quoted_name_no_passage_holds_changes_nothing(retriever):
    # “打包办” is the asker's word for 套餐服务: no passage holds it, the ranking is the plain one
    from dataclasses import replace

    q = "“打包办”的一件事套餐服务是怎么做的?"
    plain = Retriever(
        retriever.index, retriever.tokenizer, retriever.embedder, replace(retriever.settings, route_by_quotes=False)
    )
    ids = [h.chunk.chunk_id for h in retriever.search(q, k=5).hits]
    assert ids and ids == [h.chunk.chunk_id for h in plain.search(q, k=5).hits]
