"""How specific a word is in Chinese at large, from jieba's general-language IDF table.

The corpus's own IDF calls a word rare when these few reports happen not to use it, so the
everyday words of a question (去, 事, 后, 经过) weigh as much as its terms of art, and a passage
that answers in the reports' own words looks as if it missed half the question. jieba's table,
counted over general Chinese text, knows these words are common anywhere. Only its common words
matter here, so qa/data/common_words.txt keeps those (scripts/make_common_words.py writes it).
"""

from __future__ import annotations

from functools import lru_cache

from qa.settings import DATA_DIR

DATA = DATA_DIR / "common_words.txt"
CUTOFF = 8.0  # words at or above this general IDF are not in DATA: they count as specific


def read_jieba_table() -> dict[str, float]:
    """jieba's whole table (the reference DATA is cut from)."""
    from jieba.analyse.tfidf import DEFAULT_IDF

    idf: dict[str, float] = {}
    with open(DEFAULT_IDF, encoding="utf-8") as f:
        for line in f:
            word, _, value = line.strip().partition(" ")
            if value:
                idf[word] = float(value)
    return idf


@lru_cache(maxsize=1)
def common_words() -> dict[str, float]:
    table: dict[str, float] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, value = line.rsplit(" ", 1)
            table[word] = float(value)
    return table


def specificity(word: str, low: float, high: float, floor: float) -> float:
    """1 for a word rarer than ``high`` in general text, ``floor`` at ``low`` and below, linear between."""
    if high > CUTOFF:
        raise ValueError(f"specific_idf {high} 超出 {DATA.name} 的范围（< {CUTOFF}）")
    g = common_words().get(word)
    if g is None:
        return 1.0
    return max(floor, min(1.0, (g - low) / (high - low)))
