"""Annotation files: JSONL with one textmine record a line, as ``textmine annotate`` and ``extract --format jsonl`` write.

A corpus JSONL (``{"id", "text", ...}`` rows) is not an annotation file: textmine writes every field of a record,
so a line counts as a record only when it carries them all and validates.
"""

import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from textmine.errors import InputError
from textmine.io.jsonl import jsonl_lines
from textmine.records import Record

RECORD_FIELDS = frozenset(Record.model_fields)


def _first_line(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            for raw in handle:
                if raw.strip():
                    return raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    return None


def is_annotations(path: str | Path) -> bool:
    """Whether ``path`` is a ``.jsonl`` file whose first non-blank line is a complete textmine record."""
    path = Path(path)
    if path.suffix.lower() != ".jsonl" or not path.is_file():
        return False
    line = _first_line(path)
    try:
        row = json.loads(line) if line else None
    except json.JSONDecodeError:
        return False
    if not isinstance(row, dict) or not RECORD_FIELDS <= row.keys():
        return False
    try:
        Record.model_validate(row)
    except ValidationError:
        return False
    return True


def _problem(err: ValidationError) -> str:
    first = err.errors()[0]
    if first["type"] == "json_invalid":
        return "not valid JSON"
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]


def read_annotations(path: str | Path) -> Iterator[Record | InputError]:
    """The records of an annotation file in order; a malformed line is yielded as an InputError naming file:line.

    Raises:
        InputError: when the file itself cannot be read.
    """
    path = Path(path)
    for lineno, line in jsonl_lines(path):
        where = f"{path}:{lineno}"
        if isinstance(line, UnicodeDecodeError):
            yield InputError(f"{where}: not UTF-8 text")
            continue
        try:
            yield Record.model_validate_json(line)
        except ValidationError as err:
            yield InputError(f"{where}: not a textmine record ({_problem(err)})")
