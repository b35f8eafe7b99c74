"""Building gold data by hand: passage order, the gold file, and the key-driven labelling session.

The session is terminal-free logic (the ``label`` command draws it and reads the keys). Every answer is one
complete JSON line appended to the gold file and synced to disk before the next passage is shown, so quitting or
a crash loses nothing; passages whose id is already in the gold file are not shown again.
"""

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from textmine.errors import CorpusError
from textmine.io.writers import write_text_atomic

ORDERS = ("uncertainty", "random", "file")
ACCEPT_KEYS = ("\r", "\n", "y")
CONTROL_KEYS = {"y": "accept", "n": "clear", "u": "undo", "s": "skip", "q": "quit", "?": "help"}
_TOGGLE_KEYS = "1234567890" + "".join(c for c in "abcdefghijklmoprtvwxz" if c not in CONTROL_KEYS)


def toggle_keys(labels: list[str]) -> dict[str, str]:
    """The key that toggles each label: 1-9, 0, then letters not used by a command."""
    if len(labels) > len(_TOGGLE_KEYS):
        raise CorpusError(f"labelling supports at most {len(_TOGGLE_KEYS)} labels, not {len(labels)}")
    return {key: label for key, label in zip(_TOGGLE_KEYS, labels)}


def order_passages(proba: np.ndarray | None, thresholds: list[float] | None, order: str, seed: int = 0) -> list[int]:
    """Indices of passages in the order to label them.

    ``uncertainty`` puts first the passages whose closest label is nearest its threshold (the model is least
    sure there, so an answer teaches it most); ``random`` shuffles with ``seed``; ``file`` keeps the file order.
    """
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}, not {order!r}")
    n = 0 if proba is None else len(proba)
    if order == "random":
        return [int(i) for i in np.random.default_rng(seed).permutation(n)]
    if order == "uncertainty" and proba is not None and len(proba):
        margin = np.abs(proba - np.asarray(thresholds)[None, :]).min(axis=1)
        return [int(i) for i in np.argsort(margin, kind="stable")]
    return list(range(n))


def read_gold_ids(path: str | Path) -> list[str]:
    """Ids already answered in a gold file (a trailing partial line left by a crash is ignored)."""
    path = Path(path)
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    ids = []
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            ids.append(str(json.loads(line)["id"]))
        except (json.JSONDecodeError, KeyError, TypeError):
            if lineno == len(lines) and not text.endswith("\n"):
                continue  # a line cut short by a crash: it was never a complete answer
            raise CorpusError(f"{path}:{lineno}: not a gold row (expected JSON with an 'id')") from None
    return ids


def append_line(path: str | Path, row: dict) -> None:
    """Append ``row`` as one complete JSON line and sync it to disk."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(row, ensure_ascii=False) + "\n"
    with path.open("a", encoding="utf-8") as handle:
        if handle.tell() and not path.read_bytes().endswith(b"\n"):
            data = "\n" + data  # never glue an answer onto a partial line left by a crash
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def remove_last(path: str | Path, row_id: str) -> None:
    """Remove the last answer for ``row_id`` from the gold file (atomic rewrite)."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for k in range(len(lines) - 1, -1, -1):
        try:
            if str(json.loads(lines[k])["id"]) == row_id:
                del lines[k]
                break
        except (json.JSONDecodeError, KeyError, TypeError):
            continue
    write_text_atomic(path, "".join(lines))


@dataclass
class Passage:
    """One passage to label, with the model's scores and suggested labels."""

    id: str
    text: str
    source: str = ""
    scores: dict[str, float] = field(default_factory=dict)
    suggested: list[str] = field(default_factory=list)


@dataclass
class LabelSession:
    """The state of a labelling session over ``passages`` (already ordered, answered ones removed).

    ``press(key)`` applies one key and returns what happened: ``toggle``, ``clear``, ``saved``, ``skipped``,
    ``undone``, ``nothing-to-undo``, ``help``, ``quit``, ``done`` or ``unknown``.
    """

    passages: list[Passage]
    labels: list[str]
    gold: Path
    position: int = 0
    selected: set[str] = field(default_factory=set)
    history: list[tuple[int, bool]] = field(default_factory=list)  # (position, written to gold)
    saved: int = 0

    def __post_init__(self) -> None:
        self.keys = toggle_keys(self.labels)
        self._reset()

    @property
    def current(self) -> Passage | None:
        """The passage on screen, or None when every passage has been answered or skipped."""
        return self.passages[self.position] if self.position < len(self.passages) else None

    def _reset(self, selection: list[str] | None = None) -> None:
        passage = self.current
        base = selection if selection is not None else (passage.suggested if passage else [])
        self.selected = {label for label in base if label in self.labels}

    def _advance(self, wrote: bool) -> None:
        self.history.append((self.position, wrote))
        self.position += 1
        self._reset()

    def press(self, key: str) -> str:
        """Apply one key press."""
        if self.current is None:
            return "done"
        key = key.lower() if len(key) == 1 and key != "\r" else key
        if key in ACCEPT_KEYS:
            passage = self.current
            labels = [label for label in self.labels if label in self.selected]
            append_line(self.gold, {"id": passage.id, "text": passage.text, "labels": labels,
                                    "source": passage.source, "suggested": passage.suggested})
            self.saved += 1
            self._advance(True)
            return "saved"
        action = CONTROL_KEYS.get(key)
        if key in self.keys:
            self.selected ^= {self.keys[key]}
            return "toggle"
        if action == "clear":
            self.selected = set()
            return "clear"
        if action == "skip":
            self._advance(False)
            return "skipped"
        if action == "undo":
            if not self.history:
                return "nothing-to-undo"
            position, wrote = self.history.pop()
            self.position = position
            previous = None
            if wrote:
                previous = self._answer_in_gold(self.passages[position].id)
                remove_last(self.gold, self.passages[position].id)
                self.saved -= 1
            self._reset(previous)
            return "undone"
        if action in {"help", "quit"}:
            return action
        return "unknown"

    def _answer_in_gold(self, row_id: str) -> list[str] | None:
        for line in reversed(self.gold.read_text(encoding="utf-8").splitlines()):
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            if str(row.get("id")) == row_id:
                return list(row.get("labels", []))
        return None
