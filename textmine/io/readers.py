"""Readers for single documents and corpora (minimal: plain text; extended by the ingestion step)."""

from collections.abc import Iterator
from pathlib import Path

from textmine.errors import InputError
from textmine.io.document import Document


def read_document(path: str | Path) -> Document:
    """Read one document file into a Document."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    text = path.read_text(encoding="utf-8-sig")
    if not text.strip():
        raise InputError(f"{path}: empty document")
    return Document(id=path.stem, source=str(path), text=text)


def iter_corpus(spec: str | Path) -> Iterator[Document | InputError]:
    """Documents of a corpus; a bad item is yielded as its InputError so the caller can report and skip it."""
    path = Path(spec)
    files = sorted(p for p in path.iterdir() if p.suffix in {".txt", ".md"}) if path.is_dir() else [path]
    for file in files:
        try:
            yield read_document(file)
        except InputError as err:
            yield err
