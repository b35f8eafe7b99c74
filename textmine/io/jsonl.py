"""Reading JSONL files line by line: the lines that hold something, decoded, with their line numbers."""

import codecs
from collections.abc import Iterator
from pathlib import Path

from textmine.errors import InputError


def jsonl_lines(path: Path) -> Iterator[tuple[int, str | UnicodeDecodeError]]:
    """``(line number, text)`` for each non-blank line of ``path`` (a UTF-8 byte-order mark on the first line
    dropped); ``text`` is the ``UnicodeDecodeError`` of a line that is not UTF-8, for the caller to report.

    Raises:
        InputError: when the file cannot be opened.
    """
    try:
        handle = path.open("rb")
    except OSError as err:
        raise InputError(f"{path}: cannot read the file ({err.strerror or type(err).__name__})") from None
    with handle:
        for lineno, raw in enumerate(handle, start=1):
            if lineno == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if not raw.strip():
                continue
            try:
                yield lineno, raw.decode("utf-8")
            except UnicodeDecodeError as err:
                yield lineno, err
