"""The unit of work every engine runs: a batch of documents in, a batch of JSON records (or errors) out.

Records, not Docs, cross process boundaries: a record is one JSON string, far cheaper to ship than a pickled Doc.
"""

from dataclasses import asdict
from typing import NamedTuple

from textmine.io import Document

_PIPELINES: dict = {}


class Result(NamedTuple):
    """One document's outcome: ``record`` is its JSON line, or ``error`` says why it was skipped."""

    id: str
    source: str
    record: str | None
    words: int
    error: str | None = None


def pipeline(model: str | None):
    """The pipeline for ``model`` (None: the default), built once per process."""
    if model not in _PIPELINES:
        import textmine

        _PIPELINES[model] = textmine.load(model)
    return _PIPELINES[model]


def annotate_batch(documents: list[dict], model: str | None = None) -> list[Result]:
    """Process a batch of documents (as dicts) into records; a failure skips only its own document."""
    from textmine.api import process

    nlp = pipeline(model)
    docs = [Document(**d) for d in documents]
    try:
        records = list(process(docs, nlp=nlp))
    except Exception:  # one bad document must not sink the batch: retry one by one
        return [_one(doc, nlp) for doc in docs]
    return [Result(r.id, r.source, r.model_dump_json(), len(r.text.split())) for r in records]


def _one(doc: Document, nlp) -> Result:
    from textmine.api import process

    try:
        record = next(process([doc], nlp=nlp))
    except Exception as err:  # report the failure without document text
        return Result(doc.id, doc.source, None, 0, f"processing failed ({type(err).__name__})")
    return Result(record.id, record.source, record.model_dump_json(), len(record.text.split()))


def as_payload(document: Document) -> dict:
    """A picklable, engine-neutral form of a document."""
    return asdict(document)
