"""The app's memory across reloads: each browser conversation and the named example sets, as JSON files.

Streamlit forgets ``session_state`` on reload, so a conversation is saved under an id that the app
keeps in the page address (``?c=…``) and read back from there. Example sets collect answers from any
conversation under a name, for trainers to export. Both live in a git-ignored folder
(``QA_STATE_DIR``, default ``feedback/state``); writes are atomic, so a crash never leaves half a file.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from qa.document import Answer

_ID = re.compile(r"^[0-9a-f]{16}$")
MAX_SET_NAME = 40


class StateError(ValueError):
    """A bad conversation id or example-set name (shown to the user as one line)."""


def new_id() -> str:
    return secrets.token_hex(8)


def valid_id(cid: str | None) -> bool:
    # The id comes from the address bar: only our own shape is accepted, never a path.
    return bool(cid and _ID.match(cid))


def now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


def _write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
    os.replace(tmp, path)


def _read(path: Path, default: Any) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return default


# ------------------------------------------------------------------ conversations


def _message_to_json(m: dict) -> dict:
    if m["role"] == "user":
        return {"role": "user", "content": m["content"]}
    a: Answer = m["answer"]
    return {
        "role": "assistant",
        "answer": {**a.to_dict(), "latency_ms": a.latency_ms},
        "feedback": m.get("feedback", {}),
        "time": m.get("time"),
        "filters": m.get("filters"),
    }


def _message_from_json(d: dict) -> dict:
    if d.get("role") == "user":
        return {"role": "user", "content": str(d.get("content", ""))}
    return {
        "role": "assistant",
        "answer": Answer.from_dict(d["answer"]),
        "feedback": d.get("feedback") or {},
        "time": d.get("time"),
        "filters": d.get("filters"),
    }


def save_conversation(state_dir: Path, cid: str, messages: list[dict]) -> None:
    if not valid_id(cid):
        raise StateError(f"对话编号无效：{cid!r}")
    _write(state_dir / "conversations" / f"{cid}.json", [_message_to_json(m) for m in messages])


def load_conversation(state_dir: Path, cid: str) -> list[dict]:
    """The saved messages of ``cid`` (empty when unknown, invalid or unreadable: a fresh conversation)."""
    if not valid_id(cid):
        return []
    try:
        return [_message_from_json(d) for d in _read(state_dir / "conversations" / f"{cid}.json", [])]
    except (KeyError, TypeError, ValueError):
        return []


def history_of(messages: list[dict]) -> list[dict]:
    """The follow-up history (``{question, answer}`` per turn) that a conversation implies."""
    return [
        {"question": m["answer"].rewritten_question or m["answer"].question, "answer": m["answer"].answer}
        for m in messages
        if m["role"] == "assistant"
    ]


# ------------------------------------------------------------------ example sets


def clean_set_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name or "").strip()
    if not name:
        raise StateError("请给示例集起个名字。")
    if len(name) > MAX_SET_NAME:
        raise StateError(f"示例集名称太长（最多 {MAX_SET_NAME} 个字）。")
    return name


@contextmanager
def _locked_sets(state_dir: Path):
    path = state_dir / "example_sets.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    with (state_dir / ".example_sets.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # several app sessions may add at once
        sets = _read(path, {})
        yield sets
        _write(path, sets)


def example_sets(state_dir: Path) -> dict[str, int]:
    """Each set's name and how many answers it holds."""
    return {name: len(items) for name, items in _read(state_dir / "example_sets.json", {}).items()}


def add_example(state_dir: Path, name: str, message: dict) -> int:
    """Add an assistant message to the set ``name`` (created when new); returns the set's size.

    The same question with the same answer is kept once.
    """
    name = clean_set_name(name)
    entry = _message_to_json(message)
    with _locked_sets(state_dir) as sets:
        items = sets.setdefault(name, [])
        key = (entry["answer"]["question"], entry["answer"]["answer"])
        if not any((e["answer"]["question"], e["answer"]["answer"]) == key for e in items):
            items.append({**entry, "added": now()})
        return len(items)


def load_examples(state_dir: Path, name: str) -> list[tuple[Answer, dict]]:
    """The set's answers as export turns: (Answer, {vote, comment, time, filters})."""
    items = _read(state_dir / "example_sets.json", {}).get(name, [])
    turns = []
    for e in items:
        m = _message_from_json(e)
        turns.append((m["answer"], {**m["feedback"], "time": m["time"], "filters": m["filters"]}))
    return turns


def remove_example_set(state_dir: Path, name: str) -> None:
    with _locked_sets(state_dir) as sets:
        sets.pop(name, None)
