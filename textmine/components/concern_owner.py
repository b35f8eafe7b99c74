"""Concerns whose category depends on whose they are: a parent's overdose or self-harm is parental mental health,
a child's is self-harm (TAXONOMY §2.1).

Lexicon rows with one of the ``ids`` mark such mentions. Their owner is the nearest entity before them in their
sentence, passing over places and services ("Child E attended ED after an overdose"): a child or sibling makes the
mention ``by_owner["child"]``, a parent, partner or Mr X ``by_owner["adult"]`` (``kinds`` maps entity labels).
Any other entity nearer (a GP who saw the cuts, a named official) or none leaves the lexicon's category ("she
attended the Emergency Department after an overdose").
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
        "kinds": {"CHILD": "child", "FAMILY": "adult", "AGENCY": "pass", "LOCATION": "pass"},
    },
)
def make_concern_owner(
    nlp: Language, name: str, spans_key: str, ids: list[str], by_owner: dict[str, str], kinds: dict[str, str]
) -> "ConcernOwner":
    return ConcernOwner(name, spans_key=spans_key, ids=ids, by_owner=by_owner, kinds=kinds)


class ConcernOwner:
    """Reads ``doc.spans[spans_key]`` and ``doc.ents``; relabels the owner-dependent mentions.

    Args:
        ids: lexicon row ids of the owner-dependent mentions.
        by_owner: the category for each kind of owner ("child", "adult").
        kinds: entity label -> owner kind; "pass" labels are passed over, labels not listed are owners of no kind.
    """

    def __init__(
        self, name: str, *, spans_key: str, ids: list[str], by_owner: dict[str, str], kinds: dict[str, str]
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.ids = frozenset(ids)
        self.by_owner = dict(by_owner)
        self.kinds = dict(kinds)

    def __call__(self, doc: Doc) -> Doc:
        spans = doc.spans.get(self.spans_key)
        if not spans or not any(s.id_ in self.ids for s in spans):
            return doc
        strings = doc.vocab.strings
        entities = [
            (s, kind)
            for s, kind in ((s, self.kinds.get(strings[h], "other")) for s, _, h in entity_bounds(doc))
            if kind != "pass"
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
