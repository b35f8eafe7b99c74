"""Every custom ``._`` attribute textmine sets, in one table, registered once at import.

Span groups and ``label_`` carry most results (``doc.spans["sections"|"entries"|"dates"|"concerns"]``);
these attributes hold only what spaCy has no slot for.
"""

from spacy.tokens import Doc, Span

DOC_EXTENSIONS: dict[str, dict] = {
    "doc_id": {"default": None},  # record id
    "source": {"default": None},  # path or corpus row the text came from
    "reference_date": {"default": None},  # ISO date that "yesterday"/"last year" resolve against
    "metadata": {"default": None},  # extra corpus fields, kept as they came
    "abbreviations": {"default": None},  # list of dicts shaped like records.Abbreviation
    "practice_issues": {"default": None},  # list of dicts shaped like records.PracticeIssue
    "chronology": {"default": None},  # list of dicts shaped like records.Event (events only)
    "context_events": {"default": None},  # dated context that is not an event (scope, publication...)
}

SPAN_EXTENSIONS: dict[str, dict] = {
    # dates (doc.spans["dates"], label_ = DATE|TIME|DURATION|SET|AGE)
    "date_value": {"default": None},  # ISO-8601 at written granularity, or None
    "relative": {"default": False},  # resolved from an anchor or the reference date
    "anchor": {"default": None},  # (start_char, end_char) of the anchor date, if any
    "granularity": {"default": None},  # day|month|year|season|quarter|week|interval|time
    "qualifier": {"default": None},  # early|mid|late|by|before|after|around
    "context_date": {"default": False},  # scope/publication/statute-like: not an event
    # concerns (doc.spans["concerns"], label_ = category) and any span the context step is pointed at
    "negated": {"default": False},
    "uncertain": {"default": False},
    "historical": {"default": False},
    "hypothetical": {"default": False},
    "experiencer": {"default": "child"},
    "reported_by": {"default": None},
    "triggers": {"default": None},  # {modifier: trigger text} showing why each modifier was set
    # abbreviations
    "long_form": {"default": None},  # long form of an abbreviation span
}


def register() -> None:
    """Register every attribute; safe to call more than once."""
    for name, kwargs in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, **kwargs)
    for name, kwargs in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, **kwargs)


register()
