"""Feedback log: one JSON line per vote, appended safely by several sessions at once."""

from __future__ import annotations

import fcntl
import json
import time
from pathlib import Path

from qa.document import Answer


def record(log_path: Path, answer: Answer, vote: str | None, comment: str = "", evidence_wrong: bool = False) -> dict:
    """Append a vote ("up"/"down"/None) with the question, answer and cited passages."""
    entry = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "question": answer.question,
        "answer": answer.answer,
        "answer_type": answer.answer_type,
        "confidence": round(float(answer.confidence), 4),
        "vote": vote,
        "evidence_wrong": evidence_wrong,
        "comment": comment,
        "citations": [c.to_dict() for c in answer.citations],
    }
    log_path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, ensure_ascii=False) + "\n"
    with log_path.open("a", encoding="utf-8") as f:
        fcntl.flock(f, fcntl.LOCK_EX)  # whole lines, even with several app sessions writing
        f.write(line)
        f.flush()
        fcntl.flock(f, fcntl.LOCK_UN)
    return entry


def read(log_path: Path) -> list[dict]:
    if not log_path.exists():
        return []
    return [json.loads(line) for line in log_path.read_text(encoding="utf-8").splitlines() if line.strip()]
