"""Lexicon candidates: a ``span_ruler`` whose matches stay plain ``(start, end, label, id)`` tuples.

The entity composer reads tens of lexicon matches per sentence and keeps few of them; a spaCy ``Span`` built for
each match cost several times the matching itself. ``textmine_candidate_ruler`` is spaCy's ``SpanRuler`` (its
patterns, ``initialize`` and serialisation) that leaves its matches in ``doc.user_data`` under its spans key;
``candidates`` reads them back (or the span group of that key, when a plain ``span_ruler`` wrote one).
"""

from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc

CANDIDATES = "textmine_candidates"  # doc.user_data key prefix: (CANDIDATES, spans_key) -> sorted tuples


@Language.factory(
    "textmine_candidate_ruler",
    assigns=["doc.user_data"],
    default_config={"spans_key": "candidates", "phrase_matcher_attr": None, "validate": False},
)
def make_candidate_ruler(
    nlp: Language, name: str, spans_key: str, phrase_matcher_attr: str | None, validate: bool
) -> "CandidateRuler":
    return CandidateRuler(nlp, name, spans_key=spans_key, phrase_matcher_attr=phrase_matcher_attr, validate=validate)


class CandidateRuler(SpanRuler):
    """Matches lexicon patterns like ``span_ruler``; writes ``(start, end, label, id)`` tuples in the order of
    spaCy's spans (start, end, label hash, id hash), one per distinct match."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # match id -> (label hash, id hash, label, id); a match id is the hash of its (label, id), so never stale
        self._keys: dict[int, tuple[int, int, str, str]] = {}

    def __call__(self, doc: Doc) -> Doc:
        matches = self.phrase_matcher(doc)
        if len(self.matcher):
            matches += self.matcher(doc)
        keys = self._keys
        found = sorted({(start, end) + (keys.get(m) or self._key(m)) for m, start, end in matches if start != end})
        doc.user_data[CANDIDATES, self.key] = [(start, end, label, id_) for start, end, _, _, label, id_ in found]
        return doc

    def _key(self, match_id: int) -> tuple[int, int, str, str]:
        strings = self.nlp.vocab.strings
        entry = self._match_label_id_map[match_id]
        key = self._keys[match_id] = (strings.as_int(entry["label"]), strings.as_int(entry["id"]), entry["label"], entry["id"])
        return key


def candidates(doc: Doc, key: str) -> list[tuple[int, int, str, str]]:
    """The ``(start, end, label, id)`` matches a ruler found under ``key``, in document order."""
    found = doc.user_data.get((CANDIDATES, key))
    if found is not None:
        return found
    return [(span.start, span.end, span.label_, span.id_) for span in doc.spans.get(key, [])]


def drop_candidates(doc: Doc, key: str) -> None:
    """Forget the matches under ``key`` once they have been read."""
    doc.user_data.pop((CANDIDATES, key), None)
    if key in doc.spans:
        del doc.spans[key]
