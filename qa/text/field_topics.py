"""The field's named work areas (qa/data/field_topics.txt): 社区矫正, 禁毒, 国家赔偿, 行政复议…

A question that names one asks about that work; when no report of the corpus writes it, the reports do not say
what is asked, however close their passages on neighbouring work read (a question on 社区矫正 is not answered by
the 普法 of the same office). Query.absent_topics uses this list.
"""

from __future__ import annotations

from functools import lru_cache

from qa.settings import DATA_DIR
from qa.text.normalization import normalize
from qa.text.tokenization import read_list

DATA = DATA_DIR / "field_topics.txt"


@lru_cache(maxsize=1)
def field_topics() -> tuple[str, ...]:
    """The list, normalised, longest first."""
    return tuple(sorted({normalize(t) for t in read_list(DATA)}, key=lambda t: (-len(t), t)))


def named_topics(norm_question: str) -> tuple[str, ...]:
    """The work areas a normalised question names."""
    return tuple(t for t in field_topics() if t in norm_question)
