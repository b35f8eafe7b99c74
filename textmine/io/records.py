"""``doc_to_record``: the one place where spaCy Docs become records (SPEC §3)."""

from spacy.attrs import IDX
from spacy.tokens import Doc, Span

from textmine.components.doc_arrays import sentence_char_spans, token_texts
from textmine.components.entities import entity_bounds

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


def _date(span: Span, text: str) -> Date:
    ext = span._  # each ``span._`` builds a new accessor
    anchor = ext.anchor
    start, end = span.start_char, span.end_char
    day, _, time = (ext.date_value or "").partition("T")
    return Date(
        text=text[start:end],
        value=day or None,
        time=time or None,
        start=start,
        end=end,
        relative=bool(ext.relative),
        type=span.label_,
        granularity=ext.granularity,
        qualifier=ext.qualifier,
        anchor_start=anchor[0] if anchor else None,
        anchor_end=anchor[1] if anchor else None,
        context=bool(ext.context_date),
    )


def _concern(span: Span, text: str) -> Concern:
    ext = span._
    start, end = span.start_char, span.end_char
    return Concern(
        text=text[start:end],
        category=span.label_,
        start=start,
        end=end,
        negated=bool(ext.negated),
        uncertain=bool(ext.uncertain),
        historical=bool(ext.historical),
        hypothetical=bool(ext.hypothetical),
        experiencer=ext.experiencer or "child",
        reported_by=ext.reported_by,
        triggers=dict(ext.triggers or {}),
    )


def doc_to_record(doc: Doc, *, id: str | None = None, source: str | None = None) -> Record:
    """The record of a processed Doc; ``id``/``source`` default to ``doc._.doc_id``/``doc._.source``."""
    spans = doc.spans
    words, text = token_texts(doc)  # ``doc.text`` and span texts would build a Token object per token
    idx = doc.to_array(IDX).tolist() + [len(text)] if len(doc) else [0]
    strings = doc.vocab.strings
    sentences = []
    if doc.has_annotation("SENT_START"):
        sentences = [Sentence(start=start, end=end) for start, end in sentence_char_spans(doc, text)]
    return Record(
        id=str(id if id is not None else doc._.doc_id or "doc"),
        source=str(source if source is not None else doc._.source or "<text>"),
        text=text,
        reference_date=doc._.reference_date,
        metadata=dict(doc._.metadata or {}),
        sentences=sentences,
        sections=[Section(title=s.label_, start=s.start_char, end=s.end_char) for s in spans.get("sections", [])],
        entities=[
            Entity(text=text[start:end], label=strings[label], start=start, end=end)
            for start, end, label in ((idx[s], idx[e - 1] + len(words[e - 1]), h) for s, e, h in entity_bounds(doc))
        ],
        abbreviations=[Abbreviation(**a) for a in doc._.abbreviations or []],
        dates=[_date(s, text) for s in spans.get("dates", []) if s.label_ in RECORD_DATE_TYPES],
        concerns=[_concern(s, text) for s in spans.get("concerns", [])],
        practice_issues=[PracticeIssue(**p) for p in doc._.practice_issues or []],
        chronology=[Event(**e) for e in doc._.chronology or []],
        context_events=[Event(**e) for e in doc._.context_events or []],
    )


def _span(doc: Doc, start: int, end: int, label: str = "") -> Span | None:
    return doc.char_span(start, end, label=label, alignment_mode="expand")


def record_to_doc(record: Record, nlp) -> Doc:
    """Rebuild a Doc (tokens, sentences, spans and ``._`` values) from a record, e.g. to store it in a DocBin."""
    doc = nlp.make_doc(record.text)
    if record.sentences and len(doc):
        from textmine.components.segment import sentence_start_array
        from spacy.attrs import SENT_START

        doc.from_array([SENT_START], sentence_start_array(doc, (s.start for s in record.sentences)))
    doc._.doc_id, doc._.source, doc._.reference_date = record.id, record.source, record.reference_date
    doc._.metadata = dict(record.metadata)
    doc.ents = [s for s in (_span(doc, e.start, e.end, e.label) for e in record.entities) if s is not None]
    doc.spans["sections"] = [s for s in (_span(doc, x.start, x.end, x.title) for x in record.sections) if s is not None]
    dates = []
    for d in record.dates:
        span = _span(doc, d.start, d.end, d.type)
        if span is not None:
            value = f"{d.value}T{d.time}" if d.value and d.time else d.value
            span._.date_value, span._.relative, span._.granularity = value, d.relative, d.granularity
            span._.qualifier, span._.context_date = d.qualifier, d.context
            span._.anchor = (d.anchor_start, d.anchor_end) if d.anchor_start is not None else None
            dates.append(span)
    doc.spans["dates"] = dates
    concerns = []
    for c in record.concerns:
        span = _span(doc, c.start, c.end, c.category)
        if span is not None:
            for name in ("negated", "uncertain", "historical", "hypothetical", "experiencer", "reported_by"):
                setattr(span._, name, getattr(c, name))
            span._.triggers = dict(c.triggers)
            concerns.append(span)
    doc.spans["concerns"] = concerns
    doc._.abbreviations = [a.model_dump() for a in record.abbreviations]
    doc._.practice_issues = [p.model_dump() for p in record.practice_issues]
    doc._.chronology = [e.model_dump() for e in record.chronology]
    doc._.context_events = [e.model_dump() for e in record.context_events]
    return doc
