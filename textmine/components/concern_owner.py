"""Concerns whose category depends on whose they are: a parent's overdose or self-harm is parental mental health,
a child's is self-harm (TAXONOMY §2.1).

Lexicon rows with one of the ``ids`` mark such mentions. Their owner is the nearest entity before them in their
sentence, passing over places and services ("Child E attended ED after an overdose"): a child or sibling makes the
mention ``by_owner["child"]``, a parent, partner or Mr X ``by_owner["adult"]`` (``kinds`` maps entity labels).
Any other entity nearer (a GP who saw the cuts, a named official) or none leaves the lexicon's category ("she
attended the Emergency Department after an overdose"), unless "he", "she", "his" or "her" stands between it and
the mention, or just before that entity ("treated by her GP for self-harm"): then the pronoun's owner is the
nearest child or family member before it, over up to ``lookback`` sentences, that is one person of that gender as
far as its words tell ("his parents" is not "he"; "her stepfather" is not "she").
"""

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc, Span

from textmine.components.entities import CHILD_AGE, POSSESSIVE, entity_bounds


AGE_REACH = 8  # tokens after the mention searched for an age
_AGE = CHILD_AGE + r"\b(?!\s*(?:am|pm|:|\.\d|%|per))"  # not a clock time or a rate
# "began to self-harm at 13", "self-harm and took an overdose aged 15", "at the age of 14": a child's
CHILD_AGE_AFTER_RE = re.compile(r"\b(?:at|aged)\s+(?:the\s+age\s+of\s+)?" + _AGE, re.IGNORECASE)
# "cutting his arms since he was thirteen": a child's, unless an adult is the one who does it ("her mother took an
# overdose when she was 14" is the mother's history)
AGE_CLAUSE_AFTER_RE = re.compile(r"\b(?:since|when|as)\s+(?:he|she)\s+was\s+" + _AGE, re.IGNORECASE)


@Language.factory(
    "textmine_concern_owner",
    requires=["doc.spans", "doc.ents", "token.is_sent_start"],
    assigns=["doc.spans"],
    default_config={
        "spans_key": "concerns",
        "ids": ["self_harm", "overdose"],
        "by_owner": {"child": "self_harm", "adult": "parental_mental_health"},
        "kinds": {"CHILD": "child", "FAMILY": "adult", "AGENCY": "pass", "LOCATION": "pass"},
        "pronouns": {"he": "male", "she": "female", "his": "male", "her": "female"},
        "gendered": {
            "male": ["father", "stepfather", "dad", "mr", "grandfather", "uncle", "brother", "son", "boy",
                     "husband", "boyfriend", "man"],
            "female": ["mother", "stepmother", "mum", "mrs", "ms", "miss", "grandmother", "aunt", "sister", "daughter",
                       "girl", "wife", "girlfriend", "woman"],
        },
        "lookback": 3,
    },
)
def make_concern_owner(
    nlp: Language, name: str, spans_key: str, ids: list[str], by_owner: dict[str, str], kinds: dict[str, str],
    pronouns: dict[str, str], gendered: dict[str, list[str]], lookback: int,
) -> "ConcernOwner":
    return ConcernOwner(name, spans_key=spans_key, ids=ids, by_owner=by_owner, kinds=kinds, pronouns=pronouns,
                        gendered=gendered, lookback=lookback)


class ConcernOwner:
    """Reads ``doc.spans[spans_key]`` and ``doc.ents``; relabels the owner-dependent mentions.

    Args:
        ids: lexicon row ids of the owner-dependent mentions.
        by_owner: the category for each kind of owner ("child", "adult").
        kinds: entity label -> owner kind; "pass" labels are passed over, labels not listed are owners of no kind.
        pronouns: pronoun -> gender ("he", "his": male).
        gendered: gender -> words that give an entity that gender.
        lookback: sentences before the mention's own searched for a pronoun's owner.
    """

    def __init__(
        self, name: str, *, spans_key: str, ids: list[str], by_owner: dict[str, str], kinds: dict[str, str],
        pronouns: dict[str, str] | None = None, gendered: dict[str, list[str]] | None = None, lookback: int = 3,
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.ids = frozenset(ids)
        self.by_owner = dict(by_owner)
        self.kinds = dict(kinds)
        self.pronouns = dict(pronouns or {})
        self.gender_of = {word: gender for gender, words in (gendered or {}).items() for word in words}
        self.lookback = lookback

    def __call__(self, doc: Doc) -> Doc:
        spans = doc.spans.get(self.spans_key)
        if not spans or not any(s.id_ in self.ids for s in spans):
            return doc
        strings = doc.vocab.strings
        entities = [
            (s, e, kind)
            for s, e, kind in ((s, e, self.kinds.get(strings[h], "other")) for s, e, h in entity_bounds(doc))
            if kind != "pass"
        ]
        starts = [s for s, _, _ in entities]
        relabelled = []
        for span in spans:
            owner = self._owner(doc, span, entities, starts) if span.id_ in self.ids else None
            label = self.by_owner.get(owner, span.label_) if owner else span.label_
            if label != span.label_:
                span = Span(doc, span.start, span.end, label=label, span_id=span.id_)
            relabelled.append(span)
        doc.spans[self.spans_key] = relabelled
        return doc

    def _owner(self, doc: Doc, span: Span, entities: list[tuple[int, int, str]], starts: list[int]) -> str | None:
        """"child", "adult" or "other": "child" when a child's age follows in its clause ("took an overdose at 15"),
        else the kind of the nearest entity before ``span`` in its sentence, or of a pronoun's owner after it; None
        without either."""
        sentence = doc[span.start].sent
        following = doc[span.end : min(span.end + AGE_REACH, sentence.end)].text
        if CHILD_AGE_AFTER_RE.search(following):
            return "child"
        sentence_start = sentence.start
        k = bisect_left(starts, span.start) - 1
        nearest = k if k >= 0 and starts[k] >= sentence_start else None
        after = entities[nearest][1] if nearest is not None else sentence_start
        gender = next((self.pronouns[t.lower_] for t in doc[after : span.start] if t.lower_ in self.pronouns), None)
        if gender is None and nearest is not None and entities[nearest][2] == "other":
            # "treated by her GP for self-harm", "his psychiatrist found no suicidal thoughts": the possessor's
            before = entities[nearest][0] - 1
            gender = self.pronouns.get(doc[before].lower_) if before >= sentence_start else None
            if gender is not None:
                k -= 1
        if gender is not None:
            owner = self._pronoun_owner(doc, k, entities, gender, sentence_start)
        else:
            owner = entities[nearest][2] if nearest is not None else None
        if owner != "adult" and AGE_CLAUSE_AFTER_RE.search(following):
            return "child"
        return owner

    def _pronoun_owner(
        self, doc: Doc, k: int, entities: list[tuple[int, int, str]], gender: str, sentence_start: int
    ) -> str | None:
        """The kind of the nearest one child or family member of ``gender`` (or of unknown gender) at or before
        entity ``k``, within ``lookback`` sentences; None without one."""
        sentence = doc[sentence_start].sent
        for _ in range(self.lookback):
            if sentence.start == 0:
                break
            sentence = doc[sentence.start - 1].sent
        while k >= 0 and entities[k][0] >= sentence.start:
            start, end, kind = entities[k]
            k -= 1
            if kind not in self.by_owner or (end < len(doc) and doc[end].lower_ in POSSESSIVE):
                continue  # a possessor is not whom a later "he" means: "Noah ... at his father's house. He ..."
            words = [t.lower_ for t in doc[start:end]]
            if words[-1].endswith("s") and words[-1] not in self.gender_of:  # "his parents", "the siblings"
                continue
            if any(self.gender_of.get(w, gender) != gender for w in words):
                continue
            return kind
        return None
