"""The reader contract: every reader turns an analysed question and its hits into an Answer.

The pipeline calls readers only through this protocol: the rule reader (reader.py), a local
Hugging Face model (hf_reader.py) and any other implement ``read(query, hits)``.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from qa.document import Answer, Hit
from qa.retrieval.query import Query


@runtime_checkable
class Reader(Protocol):
    name: str  # shown with answers and in evaluation reports

    def read(self, query: Query, hits: list[Hit]) -> Answer:
        """An Answer whose pieces are verbatim slices of the hits' chunks, each with a citation;
        ``answer=None`` (answer_type "none") when the hits do not hold the answer."""
        ...
