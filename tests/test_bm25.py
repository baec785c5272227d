"""BM25 against the reference implementation (rank-bm25), and the tokenizer's domain behaviour."""

from __future__ import annotations

import math

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from qa.ingest.corpus import ingest
from qa.store.bm25 import BM25Index
from qa.store.index import searchable_text
from qa.text.normalization import normalize
from qa.text.tokenization import Tokenizer

QUERIES = [
    "元氏县办理了多少件行政复议案件",
    "府院联动",
    "行政执法三项制度",
    "告知承诺制",
    "法律顾问",
    "行政机关负责人出庭应诉",
    "重大行政决策合法性审查",
    "规范性文件备案审查",
    "双随机一公开",
    "营商环境",
    "公共法律服务中心",
    "普法责任制",
    "政务公开",
    "行政调解",
    "综合行政执法改革",
    "疫情防控",
    "安全生产",
    "权责清单",
    "行政复议体制改革",
    "法治督察",
    "信访积案",
    "审计项目",
    "柔性执法",
    "败诉率",
]
K1, B = 1.2, 0.75


class LuceneIdfBM25(BM25Okapi):
    """rank-bm25's BM25Okapi with Lucene's always-positive IDF, the documented choice of qa.store.bm25."""

    def _calc_idf(self, nd):
        for word, freq in nd.items():
            self.idf[word] = math.log(1 + (self.corpus_size - freq + 0.5) / (freq + 0.5))


@pytest.fixture(scope="module")
def setup(corpus_dir):
    tok = Tokenizer()
    corpus = ingest(corpus_dir, show_progress=False)
    docs = [tok.tokenize(normalize(searchable_text(c))) for c in corpus.all_chunks()]
    return tok, docs, BM25Index.build(docs, k1=K1, b=B), LuceneIdfBM25(docs, k1=K1, b=B)


@pytest.mark.parametrize("q", QUERIES)
def test_same_ranking_and_scores_as_rank_bm25(setup, q):
    tok, docs, ours, ref = setup
    query = list(dict.fromkeys(tok.tokenize_query(q)))
    idx, scores = ours.search(query, k=10)
    ref_scores = ref.get_scores(query) / (K1 + 1)  # Lucene drops the constant (k1 + 1) factor
    ref_top = np.argsort(-ref_scores, kind="stable")[:10]
    ref_top = [i for i in ref_top if ref_scores[i] > 0]
    assert len(idx) == len(ref_top)
    np.testing.assert_allclose(scores, ref_scores[idx], rtol=1e-5)
    np.testing.assert_allclose(sorted(scores, reverse=True), ref_scores[ref_top], rtol=1e-5)
    # Same documents at each rank, where scores are not tied.
    for a, b in zip(idx, ref_top):
        if not math.isclose(ref_scores[a], ref_scores[b], rel_tol=1e-6):
            assert a == b


def test_zero_scores_are_never_returned(setup):
    _, _, ours, _ = setup
    idx, scores = ours.search(["府院联动"], k=1000)
    assert len(idx) > 0 and (scores > 0).all()
    assert len(ours.search(["不存在的词"], k=10)[0]) == 0


def test_mask_filters_before_ranking(setup):
    _, docs, ours, _ = setup
    allowed = np.zeros(len(docs), dtype=bool)
    allowed[::3] = True
    idx, _ = ours.search(["复议"], k=5, allowed=allowed)
    matching_allowed = int(((ours.scores(["复议"]) > 0) & allowed).sum())
    assert matching_allowed >= 5  # enough allowed matches that a post-filter of the top 5 would come up short
    assert len(idx) == 5 and allowed[idx].all()


def test_save_load_round_trip(setup, tmp_path):
    _, _, ours, _ = setup
    ours.save(tmp_path / "bm25")
    loaded = BM25Index.load(tmp_path / "bm25")
    for q in (["行政复议"], ["府院联动", "机制"], ["法律顾问"]):
        a, b = ours.search(q, 10), loaded.search(q, 10)
        assert (a[0] == b[0]).all() and np.allclose(a[1], b[1])


def test_empty_corpus():
    idx = BM25Index.build([[], []])
    assert len(idx) == 2
    assert len(idx.search(["行政复议"], 5)[0]) == 0


@pytest.mark.parametrize(
    "text, whole",
    [
        ("行政执法三项制度落实", "行政执法三项制度"),
        ("健全府院联动机制", "府院联动"),
        ("深化告知承诺制", "告知承诺制"),
        ("双随机、一公开监管", "双随机"),
    ],
)
def test_domain_terms_stay_whole(text, whole):
    assert whole in Tokenizer().tokenize(text)


def test_no_spurious_words_across_term_boundaries():
    toks = Tokenizer().tokenize("府院联动机制和行政复议案件")
    assert "动机" not in toks and "议案" not in toks
    assert {"府院联动", "联动", "机制", "行政复议", "复议", "案件"} <= set(toks)


def test_enumeration_marks_are_not_tokens():
    assert Tokenizer().tokenize("（一）加强领导 (二)推进") == ["加强", "领导", "推进"]


@pytest.mark.parametrize("q", ["请问有哪些情况呢?", "什么是怎么样的", "你好", "怎么办?"])
def test_question_words_alone_give_no_tokens(q):
    assert Tokenizer().tokenize_query(q) == []
