"""Concern mentions that are really names: dropped after the concern finder (a span_ruler) has run.

The concern lexicon lists names that contain concern words ("substance misuse team", "Child Death Overview
Panel", "bruising protocol") under a name label. This step joins overlapping matches of one label ("red
linear marks" and "marks on her back" are "red linear marks on her back"), keeps the longest of other
overlapping matches (the finder's phrases and the case-sensitive acronyms are matched by two rulers), so a
name hides the concern words inside it, and then removes the name spans themselves. Concern words inside an entity
of a service-like label (an AGENCY such as "the domestic abuse service", or a PROFESSIONAL such as "the
substance misuse worker") or inside a person's name ("Dr Mark Peel"), or a capitalised word inside a name no
entity holds ("Driver Mark Jennings"), are dropped too.
"""

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from textmine.components.entities import POSSESSIVE_MARKS

NAMED_LABELS = frozenset({"CHILD", "FAMILY"})  # a capitalised concern word inside one is a person's name


@Language.factory(
    "textmine_concern_names",
    requires=["doc.spans"],
    assigns=["doc.spans"],
    default_config={"spans_key": "concerns", "name_label": "NOT_CONCERN", "ent_labels": ["AGENCY", "PROFESSIONAL", "PERSON"]},
)
def make_concern_names(nlp: Language, name: str, spans_key: str, name_label: str, ent_labels: list[str]) -> "ConcernNames":
    return ConcernNames(name, spans_key=spans_key, name_label=name_label, ent_labels=ent_labels)


class ConcernNames:
    """Reads ``doc.spans[spans_key]`` and ``doc.ents``; keeps only the concern mentions that are not names."""

    def __init__(self, name: str, *, spans_key: str, name_label: str, ent_labels: list[str]) -> None:
        self.name = name
        self.spans_key = spans_key
        self.name_label = name_label
        self.ent_labels = frozenset(ent_labels)

    def __call__(self, doc: Doc) -> Doc:
        spans = doc.spans.get(self.spans_key)
        if spans is None:
            return doc
        inside = bytearray(len(doc))
        for ent in doc.ents:
            if ent.label_ in self.ent_labels:
                inside[ent.start : ent.end] = b"\x01" * (ent.end - ent.start)
        doc.spans[self.spans_key] = [
            s
            for s in filter_spans(_joined(doc, spans))
            if s.label_ != self.name_label
            and not all(inside[s.start : s.end])
            and not _proper_noun(doc, s.start, s.end)
        ]
        return doc


def _joined(doc: Doc, spans) -> list[Span]:
    """Each label's overlapping spans joined into one (with the id of the longest), spans of other labels left
    for ``filter_spans``."""
    joined: list[Span] = []
    open_span: dict[int, int] = {}  # label -> index in ``joined`` of its span reaching furthest so far
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        at = open_span.get(span.label)
        last = joined[at] if at is not None else None
        if last is not None and span.start < last.end:
            if span.end > last.end:
                longest = span if len(span) > len(last) else last
                joined[at] = Span(doc, last.start, span.end, label=last.label, span_id=longest.id)
            continue
        open_span[span.label] = len(joined)
        joined.append(span)
    return joined


def _proper_noun(doc: Doc, start: int, end: int) -> bool:
    """A one-word capitalised mention that is a child's or relative's name ("Mark had bruises"), or that stands
    inside its sentence before a capitalised word or a possessive: part of a name no entity holds ("Driver Mark
    Jennings", "St Mark's Primary")."""
    if end - start != 1 or not doc[start].text.istitle():
        return False
    if doc[start].ent_type_ in NAMED_LABELS:
        return True  # "Mark had bruises": the child's name
    if end == len(doc) or doc[start].is_sent_start:
        return False
    nxt = doc[end].text
    return nxt.istitle() or nxt in POSSESSIVE_MARKS
