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
from textmine.io.annotations import is_annotations, read_annotations
from textmine.pipeline import build_pipeline, load
from textmine.records import Record, record_schema
from textmine.redact import Redaction, Replacement, redact
from textmine.report.chronology import FORMATS as CHRONOLOGY_FORMATS
from textmine.report.chronology import render_chronology
from textmine.report.report import render_report

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
    "Redaction",
    "Replacement",
    "TextmineError",
    "as_document",
    "build_pipeline",
    "default_pipeline",
    "doc_to_record",
    "extract",
    "is_annotations",
    "iter_corpus",
    "load",
    "make_doc",
    "process",
    "read_annotations",
    "read_document",
    "record_schema",
    "redact",
    "render_chronology",
    "render_report",
]
