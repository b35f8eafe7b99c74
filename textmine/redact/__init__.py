"""Pseudonymisation of review text and case notes: names, addresses, phone, NHS and NI numbers, e-mails and dates
of birth replaced consistently within a document (conventions in ``textmine.redact.redactor``)."""

from textmine.redact.redactor import Redaction, Replacement, redact, redact_doc

__all__ = ["Redaction", "Replacement", "redact", "redact_doc"]
