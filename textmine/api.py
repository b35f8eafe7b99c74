"""The library's high-level calls: process documents into records."""

import os
import re
from dataclasses import replace
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from textmine.errors import InputError
from textmine.io import Document, doc_to_record, read_document
from textmine.io.corpora import parse_reference_date
from textmine.pipeline import load
from textmine.records import Record

_DEFAULT_NLP: Language | None = None
# A single token ending in a document suffix ("notes.txt", "in/review.pdf"): a path, never document text.
LOOKS_LIKE_PATH = re.compile(r"\S+\.(?:txt|md|markdown|pdf|docx|html?|jsonl|csv)", re.I)


def default_pipeline() -> Language:
    """The default pipeline, built once per process."""
    global _DEFAULT_NLP
    if _DEFAULT_NLP is None:
        _DEFAULT_NLP = load()
    return _DEFAULT_NLP


def make_doc(nlp: Language, document: Document) -> Doc:
    """A processed Doc carrying the document's id, source, reference date and metadata."""
    doc = nlp.make_doc(document.text)
    _stamp(doc, document)
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def _stamp(doc: Doc, document: Document) -> None:
    doc._.doc_id = document.id
    doc._.source = document.source
    doc._.reference_date = document.reference_date
    doc._.metadata = dict(document.metadata)


def process(documents: Iterable[Document], nlp: Language | None = None, batch_size: int = 64) -> Iterator[Record]:
    """Records of ``documents``, in order, processed in batches."""
    nlp = nlp or default_pipeline()

    def stamped() -> Iterator[Doc]:
        for document in documents:
            doc = nlp.make_doc(document.text)
            _stamp(doc, document)
            yield doc

    for doc in nlp.pipe(stamped(), batch_size=batch_size):
        yield doc_to_record(doc)


def as_document(path_or_text: str | Path, reference_date: str | None = None) -> Document:
    """A Document from a path (Path, or a str naming an existing file) or from raw text."""
    if isinstance(path_or_text, Path) or (
        isinstance(path_or_text, str) and "\n" not in path_or_text and len(path_or_text) < 4096
        and os.path.exists(path_or_text)
    ):
        document = read_document(path_or_text)
    elif isinstance(path_or_text, str) and LOOKS_LIKE_PATH.fullmatch(path_or_text):
        raise InputError(f"{path_or_text}: no such file")
    else:
        text = str(path_or_text)
        if not text.strip():
            raise InputError("<text>: empty document")
        document = Document(id="text", source="<text>", text=text)
    if reference_date:
        try:
            reference_date = parse_reference_date(reference_date)
        except ValueError as err:
            raise InputError(f"{document.source}: {err}") from None
        document = replace(document, reference_date=reference_date)
    return document


def extract(
    path_or_text: str | Path | Iterable[str | Path],
    *,
    nlp: Language | None = None,
    reference_date: str | None = None,
) -> list[Record]:
    """Records of one document (path or text) or of several paths."""
    items = [path_or_text] if isinstance(path_or_text, (str, Path)) else list(path_or_text)
    documents = [as_document(item, reference_date) for item in items]
    return list(process(documents, nlp=nlp))
