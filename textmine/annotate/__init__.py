"""Batch annotation of whole corpora: streaming, resumable, on local processes or a Dask cluster."""

from textmine.annotate.formats import FORMATS, read_records
from textmine.annotate.runner import Summary, annotate, estimate_total

__all__ = ["FORMATS", "Summary", "annotate", "estimate_total", "read_records"]
