"""Chinese tokenisation for BM25: jieba with this field's dictionary, stop and question words out.

Each Tokenizer owns its own jieba instance (the global one is shared mutable state), with the
domain terms added at a high frequency: jieba's add_word overwrites frequencies, and a term with
an ordinary frequency still gets cut apart (行政执法三项制度 → 行政/执法/三项/制度).
Each domain term is also emitted as the parts jieba's own dictionary cuts it into, so 复议 finds
行政复议; jieba's search mode would do that too, but it also emits every dictionary word that
straddles two parts (行政复议案件 → 议案, 府院联动机制 → 动机), which then match unrelated text.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from functools import cached_property, lru_cache
from pathlib import Path

import jieba
import jieba.posseg

from qa.settings import DATA_DIR

DATA = DATA_DIR
_TERM_FREQ = 200_000
_KEEP = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]|\d")


def new_jieba() -> jieba.Tokenizer:
    """A jieba instance of its own (the global one is shared mutable state)."""
    tok = jieba.Tokenizer()
    # jieba caches its parsed dictionary in a temp file; keep it per user and writable.
    tok.tmp_dir = os.environ.get("JIEBA_CACHE_DIR", tempfile.gettempdir())
    return tok


@lru_cache(maxsize=1)
def _pos_tokenizer() -> jieba.posseg.POSTokenizer:
    return jieba.posseg.POSTokenizer(new_jieba())


@lru_cache(maxsize=8192)
def pos_tags(text: str) -> tuple[tuple[str, str], ...]:
    """(word, jieba part-of-speech tag) pairs of a short text (a question, a clause)."""
    return tuple((w.word, w.flag) for w in _pos_tokenizer().cut(text))


def general_use(word: str) -> tuple[int, str]:
    """(how often, part of speech) jieba's general dictionary has the word: 0 and "" for one it does not know."""
    tagger = _pos_tokenizer()
    tagger.tokenizer.check_initialized()
    count = tagger.tokenizer.FREQ.get(word) or 0
    return count, (tagger.word_tag_tab.get(word, "") if count else "")


def read_list(path: Path) -> list[str]:
    """The lines of a word list in qa/data, without blank lines and # comments."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


class Tokenizer:
    def __init__(self, user_terms: Path | None = None, stopwords: Path | None = None):
        self.terms_path = user_terms or DATA / "domain_terms.txt"
        self.stopwords_path = stopwords or DATA / "stopwords.txt"
        self.terms = read_list(self.terms_path)
        self.stopwords = frozenset(read_list(self.stopwords_path))
        self._jieba = new_jieba()
        self._jieba.initialize()
        words = [(line.partition(" ")[0], line.partition(" ")[2]) for line in self.terms]
        # The field's terms of art, as listed (行政复议, 纠错率, 告知承诺制…), without their parts.
        self.domain_terms = frozenset(w for w, _ in words)
        self._parts = self._term_parts([w for w, _ in words])
        for word, freq in words:
            self._jieba.add_word(word, int(freq) if freq.isdigit() else _TERM_FREQ)

    def _term_parts(self, terms: list[str]) -> dict[str, tuple[str, ...]]:
        """Each term's parts: its cut by the base dictionary (before the terms are added), the
        other domain terms inside it, and their parts in turn (府院联动机制 → 府院联动, 联动机制, 联动, 机制)."""
        memo: dict[str, tuple[str, ...]] = {}

        def parts(word: str) -> tuple[str, ...]:
            if word in memo:
                return memo[word]
            memo[word] = ()
            direct = [p for p in self._jieba.lcut(word, HMM=False) if p != word and len(p) > 1]
            if not direct and len(word) >= 4:
                direct = self._split_in_two(word)
            direct += [t for t in terms if t != word and t in word and t not in direct]
            out: list[str] = []
            for p in direct:
                for q in (p, *parts(p)):
                    if q not in out:
                        out.append(q)
            memo[word] = tuple(out)
            return memo[word]

        return {t: parts(t) for t in terms if parts(t)}

    def _split_in_two(self, word: str) -> list[str]:
        """A word the dictionary keeps whole (行政复议), split where both halves are words (行政/复议)."""
        freq = self._jieba.FREQ
        best, best_score = [], 0
        for i in range(2, len(word) - 1):
            a, b = word[:i], word[i:]
            if freq.get(a) and freq.get(b):
                score = min(freq[a], freq[b])
                if score > best_score:
                    best, best_score = [a, b], score
        return best

    @cached_property
    def _hash(self) -> str:
        h = hashlib.sha256()
        h.update("\n".join(self.terms).encode("utf-8"))
        h.update(b"\0")
        h.update("\n".join(sorted(self.stopwords)).encode("utf-8"))
        h.update(b"\0terms-and-parts-v1")
        return h.hexdigest()[:16]

    def dictionary_hash(self) -> str:
        return self._hash

    def _cut(self, text: str) -> list[str]:
        out = []
        for tok in self._jieba.lcut(text, HMM=True):
            out.append(tok)
            out.extend(self._parts.get(tok, ()))
        return out

    def tokenize(self, text: str) -> list[str]:
        """Tokens of an already normalised text: no punctuation, whitespace or stop words."""
        out = []
        for tok in self._cut(text):
            tok = tok.strip().lower()
            if not tok or not _KEEP.search(tok) or tok in self.stopwords:
                continue
            out.append(tok)
        return out

    def tokenize_query(self, text: str) -> list[str]:
        """Query tokens: as documents, and [] when nothing but question/stop words is left."""
        return self.tokenize(text)
