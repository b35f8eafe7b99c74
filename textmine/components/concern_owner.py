"""Concerns whose category depends on whose they are: a parent's overdose or self-harm is parental mental health,
a child's is self-harm (TAXONOMY §2.1).

Lexicon rows with one of the ``ids`` mark such mentions. Their owner is the nearest entity before them in their
sentence, passing over places and services (``pass_labels``: "Child E attended ED after an overdose"): a
``child_labels`` entity (a child, a sibling) makes the mention ``by_owner["child"]``, an ``adult_labels`` one (a
parent, a partner, Mr X) ``by_owner["adult"]``. Any other entity nearer (a GP who saw the cuts, a named official)
or none leaves the lexicon's category ("she attended the Emergency Department after an overdose").
"""

from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc, Span

from textmine.components.entities import entity_bounds


@Language.factory(
    "textmine_concern_owner",
    requires=["doc.spans", "doc.ents", "token.is_sent_start"],
    assigns=["doc.spans"],
    default_config={
        "spans_key": "concerns",
        "ids": ["self_harm", "overdose"],
        "by_owner": {"child": "self_harm", "adult": "parental_mental_health"},
        "child_labels": ["CHILD"],
        "adult_labels": ["FAMILY"],
        "pass_labels": ["AGENCY", "LOCATION"],
    },
)
def make_concern_owner(
    nlp: Language,
    name: str,
    spans_key: str,
    ids: list[str],
    by_owner: dict[str, str],
    child_labels: list[str],
    adult_labels: list[str],
    pass_labels: list[str],
) -> "ConcernOwner":
    return ConcernOwner(
        name,
        spans_key=spans_key,
        ids=ids,
        by_owner=by_owner,
        child_labels=child_labels,
        adult_labels=adult_labels,
        pass_labels=pass_labels,
    )


class ConcernOwner:
    """Reads ``doc.spans[spans_key]`` and ``doc.ents``; relabels the owner-dependent mentions."""

    def __init__(
        self,
        name: str,
        *,
        spans_key: str,
        ids: list[str],
        by_owner: dict[str, str],
        child_labels: list[str],
        adult_labels: list[str],
        pass_labels: list[str],
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.ids = frozenset(ids)
        self.by_owner = dict(by_owner)
        self.child_labels = frozenset(child_labels)
        self.adult_labels = frozenset(adult_labels)
        self.pass_labels = frozenset(pass_labels)

    def __call__(self, doc: Doc) -> Doc:
        spans = doc.spans.get(self.spans_key)
        if not spans or not any(s.id_ in self.ids for s in spans):
            return doc
        strings = doc.vocab.strings
        kinds = {label: "child" for label in self.child_labels} | {label: "adult" for label in self.adult_labels}
        entities = [
            (s, kinds.get(label, "other"))
            for s, label in ((s, strings[h]) for s, _, h in entity_bounds(doc))
            if label not in self.pass_labels
        ]
        starts = [s for s, _ in entities]
        relabelled = []
        for span in spans:
            owner = self._owner(doc, span, entities, starts) if span.id_ in self.ids else None
            label = self.by_owner.get(owner, span.label_) if owner else span.label_
            if label != span.label_:
                span = Span(doc, span.start, span.end, label=label, span_id=span.id_)
            relabelled.append(span)
        doc.spans[self.spans_key] = relabelled
        return doc

    @staticmethod
    def _owner(doc: Doc, span: Span, entities: list[tuple[int, str]], starts: list[int]) -> str | None:
        """"child", "adult" or "other": the kind of the nearest entity before ``span`` in its sentence; None without one."""
        k = bisect_left(starts, span.start) - 1
        if k >= 0 and starts[k] >= doc[span.start].sent.start:
            return entities[k][1]
        return None
