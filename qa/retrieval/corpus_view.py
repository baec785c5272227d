"""CorpusView: what question analysis needs to know about one state of the index.

Built once per loaded index (the retriever keeps one per index state), so the set of places,
the years each covers and the list of reports are computed once, not per question.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property

from qa.settings import Settings
from qa.store.index import LoadedIndex
from qa.text.tokenization import Tokenizer

# A rate the text gives a share for: its label (2–4 characters and 率), a linking verb, the share.
_RATE_SAID = re.compile(r"([\u4e00-\u9fff]{2,4}率)(?:为|达到|达|是|保持|均为|[\s|])*\d+(?:\.\d+)?\s*%")


class CorpusView:
    def __init__(self, index: LoadedIndex, tokenizer: Tokenizer, settings: Settings = Settings()):
        self.index = index
        self.tokenizer = tokenizer
        self.settings = settings
        self._written: dict[str, bool] = {}  # phrase → whether a report writes it (``writes``), filled as asked

    @property
    def known_regions(self) -> frozenset[str]:
        return self.index.known_regions

    @cached_property
    def regions(self) -> list[str]:
        """The places reports are about, sorted."""
        return sorted(self.index.known_regions)

    @cached_property
    def division_codes(self) -> list[str | None]:
        """The administrative division codes of the reports (the gazetteer's, when it found one)."""
        return [m.division_code for d in self.index.documents.values() for m in d.metas]

    def code_of(self, region: str) -> str | None:
        """The division code of the reports about ``region`` (None when none has one)."""
        return self._codes.get(region)

    @cached_property
    def _codes(self) -> dict[str, str]:
        return {
            m.region: m.division_code
            for d in self.index.documents.values()
            for m in d.metas
            if m.region and m.division_code
        }

    @property
    def covered_years(self) -> dict[str | None, set[int]]:
        return self.index.covered_years

    @property
    def said_years(self) -> dict[str | None, set[int]]:
        return self.index.said_years

    @property
    def own_years(self) -> dict[str | None, set[int]]:
        return self.index.own_years

    def idf(self, term: str) -> float:
        """The term's BM25 IDF: its rarest token's."""
        bm25 = self.index.bm25
        return max(bm25.idf(t) for t in (self.tokenizer.tokenize(term) or [term]))

    @cached_property
    def _words(self) -> tuple[list[str], list[str]]:
        """The index's words sorted, and sorted read backwards: prefix and suffix lookups by bisection."""
        vocab = [w for w in self.index.bm25.model.vocab_dict if len(w) >= 3 and not w.isascii()]
        return sorted(vocab), sorted(w[::-1] for w in vocab)

    def longer_forms(self, term: str, extra: int = 2, most: int = 3) -> tuple[str, ...]:
        """Words of the reports that are the term said in full ("联席会" → 联席会议, "复议局" → 行政复议局): they
        start or end with it and are at most ``extra`` characters longer; the ``most`` most frequent."""
        if len(term) < 3:
            return ()
        found = set()
        for words, key in zip(self._words, (term, term[::-1])):
            i = bisect.bisect_left(words, key)
            while i < len(words) and words[i].startswith(key):
                if len(words[i]) <= len(term) + extra and words[i] != key:
                    found.add(words[i] if key == term else words[i][::-1])
                i += 1
        bm25 = self.index.bm25
        return tuple(sorted(found, key=lambda w: (bm25.idf(w), w))[:most])

    @cached_property
    def rate_labels(self) -> frozenset[str]:
        """The rates the reports give a share for, by their last four characters at most ("调解成功率97.3%",
        "直接纠错率为10.44%", a table's "出庭应诉率 | 96.3%"): what an everyday "成功的比例" may stand for."""
        return frozenset(m.group(1) for d in self.index.documents.values() for m in _RATE_SAID.finditer(d.norm))

    def writes(self, phrase: str) -> bool:
        """Whether some report's text holds the phrase as written (normalised)."""
        if phrase not in self._written:
            self._written[phrase] = any(phrase in d.norm for d in self.index.documents.values())
        return self._written[phrase]

    def knows(self, term: str) -> bool:
        """Whether some passage holds every token of the term."""
        return self.index.bm25.knows(self.tokenizer.tokenize(term))

    def holdings(self, region: str | None = None) -> tuple[str, ...]:
        """The reports of ``region`` (all reports with a place when None): "元氏县2021年年度报告"."""
        return self._holdings.get(region, ()) if region is not None else self._holdings[None]

    @cached_property
    def _holdings(self) -> dict[str | None, tuple[str, ...]]:
        rows = sorted(
            {(m.region, m.year or 0, m.doc_type) for d in self.index.documents.values() for m in d.metas if m.region}
        )
        out: dict[str | None, tuple[str, ...]] = {None: tuple(f"{r}{y or '(年份不详)'}年{t}" for r, y, t in rows)}
        for r, y, t in rows:
            out.setdefault(r, ())
            out[r] += (f"{r}{y or '(年份不详)'}年{t}",)
        return out
