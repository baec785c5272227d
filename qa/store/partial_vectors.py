"""Vectors of a build that has not finished, saved as it goes, so a killed build keeps its work.

Embedding a large collection takes hours on a CPU. The finished build's ``vectors.npy`` is written
only at the end; until then, every few seconds of work is saved as one shard in
``DIR/partial-vectors/`` (each shard written to a temporary name and renamed: a kill leaves whole
shards only). The next build takes vectors from the shards by content key (which includes the model
id) and embeds only the rest; a build that completes removes the shards, its vectors now being in
the build folder. Only a builder holding the index lock writes here.
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

FOLDER = "partial-vectors"


class PartialVectors:
    def __init__(self, index_dir: Path):
        self.folder = Path(index_dir) / FOLDER

    def load(self) -> dict[str, np.ndarray]:
        """content key → vector, from every readable shard (an unreadable one is skipped)."""
        out: dict[str, np.ndarray] = {}
        for shard in sorted(self.folder.glob("shard-*.npz")):
            try:
                with np.load(shard, allow_pickle=False) as z:
                    keys, vectors = z["keys"], z["vectors"]
            except (OSError, ValueError, KeyError) as e:
                log.warning("partial vectors %s not reused: %s", shard.name, e)
                continue
            if len(keys) == len(vectors):
                out.update(zip(keys.tolist(), vectors))
        return out

    def add(self, keys: list[str], vectors: np.ndarray) -> None:
        """Save one shard (fp16, as the finished build stores them), whole or not at all."""
        if not keys:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"shard-{uuid.uuid4().hex[:12]}.npz"
        tmp = self.folder / f".tmp-{name}"
        with tmp.open("wb") as f:
            np.savez(f, keys=np.array(keys), vectors=np.asarray(vectors, dtype=np.float16))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.folder / name)

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
