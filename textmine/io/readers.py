"""Reading one document file (.txt, .md, .pdf, .docx, .html) into a Document.

Every failure a user can fix (missing, empty, binary, undecodable, oversized, corrupt, encrypted, scanned...)
raises InputError with one line: "<path>: <what is wrong>".
"""

import logging
from collections.abc import Callable
from pathlib import Path

from textmine.errors import InputError
from textmine.io.docx import docx_text
from textmine.io.document import Document
from textmine.io.encoding import decode_bytes
from textmine.io.html import html_text
from textmine.io.markdown import markdown_text
from textmine.io.normalise import normalise_text
from textmine.io.pdf import pdf_text

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 50_000_000


def _markdown(data: bytes) -> str:
    return markdown_text(decode_bytes(data))


def _html(data: bytes) -> str:
    return html_text(decode_bytes(data))


# File suffix -> function from the file's bytes to its text.
DOCUMENT_READERS: dict[str, Callable[[bytes], str]] = {
    ".txt": decode_bytes,
    ".text": decode_bytes,
    ".md": _markdown,
    ".markdown": _markdown,
    ".pdf": pdf_text,
    ".docx": docx_text,
    ".html": _html,
    ".htm": _html,
}
CORPUS_SUFFIXES = frozenset({".jsonl", ".csv"})


def describe_size(n: int) -> str:
    """A byte count for people: "50 MB", "1.5 kB", "120 bytes"."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n} bytes"


def read_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one document file; its id is the file stem.

    Args:
        path: a .txt, .md, .pdf, .docx or .html file (also .text, .markdown, .htm).
        max_bytes: files larger than this are refused.

    Raises:
        InputError: one line naming the file and what is wrong with it.
    """
    path = Path(path)
    try:
        text = _read_text(path, max_bytes)
    except InputError as err:
        raise InputError(f"{path}: {err}") from None
    logger.debug("read %s (%d characters)", path, len(text))
    return Document(id=path.stem, source=str(path), text=text)


def _read_text(path: Path, max_bytes: int) -> str:
    """The normalised text of a document file; InputError messages here do not repeat the path."""
    if not path.exists():
        raise InputError("no such file")
    if path.is_dir():
        raise InputError("is a folder, not a document (read it as a corpus)")
    suffix = path.suffix.lower()
    if suffix in CORPUS_SUFFIXES:
        raise InputError(f"a {suffix} corpus, not a single document (read it as a corpus)")
    reader = DOCUMENT_READERS.get(suffix)
    if reader is None:
        expected = ", ".join(sorted(DOCUMENT_READERS))
        raise InputError(f"unsupported file type '{suffix or '(none)'}' (expected one of {expected})")
    size = path.stat().st_size
    if size == 0:
        raise InputError("empty file")
    if size > max_bytes:
        raise InputError(f"file is {describe_size(size)}, over the {describe_size(max_bytes)} size limit")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the file ({err.strerror})") from None
    text = normalise_text(reader(data))
    if not text.strip():
        raise InputError("no text (the document is empty or only whitespace)")
    return text
