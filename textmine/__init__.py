"""textmine: entities, dated chronology, concerns in context and practice issues from safeguarding reviews."""

from textmine import extensions  # noqa: F401  (registers every ._ attribute first)
from textmine.api import as_document, default_pipeline, extract, make_doc, process
from textmine.errors import (
    ConfigError,
    CorpusError,
    InputError,
    LexiconError,
    ModelError,
    TextmineError,
)
from textmine.io import Document, doc_to_record, iter_corpus, read_document
from textmine.pipeline import build_pipeline, load
from textmine.records import Record, record_schema
from textmine.report.chronology import FORMATS as CHRONOLOGY_FORMATS
from textmine.report.chronology import render_chronology

__version__ = "0.1.0"

__all__ = [
    "CHRONOLOGY_FORMATS",
    "ConfigError",
    "CorpusError",
    "Document",
    "InputError",
    "LexiconError",
    "ModelError",
    "Record",
    "TextmineError",
    "as_document",
    "build_pipeline",
    "default_pipeline",
    "doc_to_record",
    "extract",
    "iter_corpus",
    "load",
    "make_doc",
    "process",
    "read_document",
    "record_schema",
    "render_chronology",
]
