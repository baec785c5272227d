"""Progress bars on stderr, so stdout stays parseable."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Throughput:
    """How far a long step is: items done of total, items/s so far, seconds left at that rate."""

    done: int
    total: int
    per_s: float
    eta_s: float | None

    def describe(self, unit: str = "段") -> str:
        eta = "—" if self.eta_s is None else _duration(self.eta_s)
        return f"{self.done:,}/{self.total:,} {unit} · {self.per_s:,.1f} {unit}/秒 · 剩余约 {eta}"


class RateMeter:
    def __init__(self, total: int):
        self.total, self.done, self.t0 = total, 0, time.monotonic()

    def update(self, n: int) -> Throughput:
        self.done += n
        elapsed = max(time.monotonic() - self.t0, 1e-9)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate > 0 else None
        return Throughput(self.done, self.total, rate, eta)


def _duration(seconds: float) -> str:
    s = int(round(seconds))
    if s < 60:
        return f"{s} 秒"
    if s < 3600:
        return f"{s // 60} 分 {s % 60} 秒"
    return f"{s // 3600} 小时 {s % 3600 // 60} 分"
