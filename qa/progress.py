"""Progress bars on stderr, so stdout stays parseable."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm.auto import tqdm

T = TypeVar("T")


def progress(
    items: Iterable[T], *, desc: str, unit: str = "it", enabled: bool = True, total: int | None = None
) -> Iterator[T]:
    if not enabled:
        yield from items
        return
    yield from tqdm(items, desc=desc, unit=unit, total=total, file=sys.stderr, leave=False, dynamic_ncols=True)
