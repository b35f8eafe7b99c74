"""``doc_to_record``: the one place where spaCy Docs become records (SPEC §3)."""

from spacy.tokens import Doc, Span

from textmine.records import (
    Abbreviation,
    Concern,
    Date,
    Entity,
    Event,
    PracticeIssue,
    Record,
    Section,
    Sentence,
)

RECORD_DATE_TYPES = frozenset({"DATE", "TIME"})


def _trimmed(span: Span) -> tuple[int, int]:
    """Character offsets of a span without trailing whitespace."""
    text = span.text
    return span.start_char, span.start_char + len(text.rstrip())


def _date(span: Span) -> Date:
    anchor = span._.anchor
    return Date(
        text=span.text,
        value=span._.date_value,
        start=span.start_char,
        end=span.end_char,
        relative=bool(span._.relative),
        type=span.label_,
        granularity=span._.granularity,
        qualifier=span._.qualifier,
        anchor_start=anchor[0] if anchor else None,
        anchor_end=anchor[1] if anchor else None,
        context=bool(span._.context_date),
    )


def _concern(span: Span) -> Concern:
    return Concern(
        text=span.text,
        category=span.label_,
        start=span.start_char,
        end=span.end_char,
        negated=bool(span._.negated),
        uncertain=bool(span._.uncertain),
        historical=bool(span._.historical),
        hypothetical=bool(span._.hypothetical),
        experiencer=span._.experiencer or "child",
        reported_by=span._.reported_by,
        triggers=dict(span._.triggers or {}),
    )


def doc_to_record(doc: Doc, *, id: str | None = None, source: str | None = None) -> Record:
    """The record of a processed Doc; ``id``/``source`` default to ``doc._.doc_id``/``doc._.source``."""
    spans = doc.spans
    sentences = []
    if doc.has_annotation("SENT_START"):
        for sent in doc.sents:
            start, end = _trimmed(sent)
            if end > start:
                sentences.append(Sentence(start=start, end=end))
    return Record(
        id=str(id if id is not None else doc._.doc_id or "doc"),
        source=str(source if source is not None else doc._.source or "<text>"),
        text=doc.text,
        reference_date=doc._.reference_date,
        metadata=dict(doc._.metadata or {}),
        sentences=sentences,
        sections=[Section(title=s.label_, start=s.start_char, end=s.end_char) for s in spans.get("sections", [])],
        entities=[Entity(text=e.text, label=e.label_, start=e.start_char, end=e.end_char) for e in doc.ents],
        abbreviations=[Abbreviation(**a) for a in doc._.abbreviations or []],
        dates=[_date(s) for s in spans.get("dates", []) if s.label_ in RECORD_DATE_TYPES],
        concerns=[_concern(s) for s in spans.get("concerns", [])],
        practice_issues=[PracticeIssue(**p) for p in doc._.practice_issues or []],
        chronology=[Event(**e) for e in doc._.chronology or []],
        context_events=[Event(**e) for e in doc._.context_events or []],
    )
