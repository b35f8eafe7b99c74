"""Reading documents and corpora, and turning processed Docs into records."""

from textmine.io.corpora import iter_corpus
from textmine.io.document import Document
from textmine.io.readers import read_document
from textmine.io.records import doc_to_record

__all__ = ["Document", "doc_to_record", "iter_corpus", "read_document"]
