"""An append-only JSONL file of records that survives being killed at any moment.

Each batch is appended as complete lines, flushed and fsynced. On resume a torn last line is cut off and the ids
already written are skipped, so a resumed run writes exactly what an uninterrupted one would have.
"""

import json
import os
from collections.abc import Iterable
from pathlib import Path

from textmine.errors import InputError


def repair(path: Path) -> None:
    """Cut a torn last line (one without its newline) off ``path``.

    Lines are written whole and in order, so a line that has its newline is complete.
    """
    if not path.exists():
        return
    with path.open("rb+") as handle:
        size = handle.seek(0, os.SEEK_END)
        end = size
        while end > 0:
            step = min(end, 1 << 16)
            handle.seek(end - step)
            cut = handle.read(step).rfind(b"\n")
            if cut != -1:
                end = end - step + cut + 1
                break
            end -= step
        if end < size:
            handle.truncate(end)
            handle.flush()
            os.fsync(handle.fileno())


def written_ids(path: Path) -> set[str]:
    """Ids of the complete records in ``path``; InputError naming the line when it holds something else.

    A last line without its newline is a torn write (see ``repair``) and is not counted.
    """
    ids: set[str] = set()
    if not path.exists():
        return ids
    with path.open("r", encoding="utf-8", errors="replace") as handle:
        for lineno, line in enumerate(handle, start=1):
            if line.strip() and line.endswith("\n"):
                try:
                    ids.add(str(json.loads(line)["id"]))
                except (json.JSONDecodeError, KeyError, TypeError):
                    raise InputError(f"{path}:{lineno}: not a textmine record, so the file cannot be resumed") from None
    return ids


class Journal:
    """Appends batches of JSON lines durably; the file is created by the first batch (or by ``finish``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle = None

    def _open(self):
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("a", encoding="utf-8")
        return self._handle

    def append(self, lines: Iterable[str]) -> None:
        """Write complete lines, then flush and fsync so a crash never loses a finished batch."""
        block = "".join(line + "\n" for line in lines)
        if block:
            handle = self._open()
            handle.write(block)
            handle.flush()
            os.fsync(handle.fileno())

    def finish(self) -> None:
        """Make sure the file exists (a finished run with no records still leaves its output)."""
        self._open()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
