"""Abbreviations: in-text definitions (Schwartz & Hearst 2003) and glossary expansions.

``find_definitions`` finds "referral and assessment team (RAS)" and "RAS (referral and assessment team)" in plain
text; ``find_abbreviations`` links every use of a defined short form, from its definition on, to its long form,
and expands the glossary's known safeguarding abbreviations where the text does not define them (``glossary``
True). The component writes ``doc._.abbreviations`` (dicts shaped like ``records.Abbreviation``),
``doc.spans["abbreviations"]`` (label_ = short form, ``span._.long_form``) and entities: a defined agency or role
is one span with its bracketed short form ("Multi Agency Safeguarding Hub (MASH)"), and each later use of an
abbreviation of an agency, role or family member becomes an entity with that label.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from textmine.components.doc_arrays import token_texts
from textmine.components.entities import entity_spans, head_words, write_entities

# A bracketed run on one line, at most 80 characters.
PAREN_RE = re.compile(r"\(([^()\n]{1,80})\)")
# Where a long-form candidate cannot reach back past.
BOUNDARY_RE = re.compile(r"[.;:!?()\[\]\"“”]|\n[ \t]*\n")  # a blank line, not a wrapped line, ends it
WORD_RE = re.compile(r"\S+")
QUOTES = "\"'‘’“”"
MAX_SHORT_CHARS = 10
MAX_LOOKBACK = 300  # characters before a bracket searched for its long form
TYPE_LABELS = {"agency": "AGENCY", "role": "PROFESSIONAL", "family": "FAMILY"}
# Labels whose definition is one span with its bracketed short form (names of bodies and roles).
JOINED_LABELS = frozenset({"AGENCY", "PROFESSIONAL"})


@dataclass(frozen=True)
class Definition:
    """A short form defined in the text, with the character offsets of both forms (``long`` has single spaces)."""

    short: str
    long: str
    short_start: int
    short_end: int
    long_start: int
    long_end: int


def is_short_form(text: str) -> bool:
    """Whether ``text`` can be an abbreviation: 2-10 characters, at most two words, a capital, alphanumeric start."""
    return (
        2 <= len(text) <= MAX_SHORT_CHARS
        and len(text.split()) <= 2
        and text[0].isalnum()
        and any(c.isupper() for c in text)
    )


def best_long_form(short: str, candidate: str) -> int | None:
    """Offset in ``candidate`` where the long form of ``short`` starts, or None (Schwartz & Hearst's matcher).

    Every letter and digit of the short form must appear in order, read right to left, and its first character
    must start a word of the long form.
    """
    s_i, l_i = len(short) - 1, len(candidate) - 1
    while s_i >= 0:
        char = short[s_i].lower()
        if not char.isalnum():
            s_i -= 1
            continue
        while l_i >= 0 and (
            candidate[l_i].lower() != char or (s_i == 0 and l_i > 0 and candidate[l_i - 1].isalnum())
        ):
            l_i -= 1
        if l_i < 0:
            return None
        l_i -= 1
        s_i -= 1
    return candidate.rfind(" ", 0, l_i + 1) + 1


def _squeeze(text: str) -> str:
    """The text with each run of whitespace as one space (a long form wrapped over lines)."""
    return " ".join(text.split())


def _valid(short: str, long: str) -> bool:
    words = long.split()
    letters = sum(c.isalnum() for c in short)
    return (
        len(long) > len(short)
        and len(words) <= min(letters + 5, letters * 2)
        and short.lower() not in [w.lower() for w in words]
    )


def find_definitions(text: str) -> list[Definition]:
    """Definitions of abbreviations in ``text``, in both orders: "long form (SF)" and "SF (long form)"."""
    found = []
    for m in PAREN_RE.finditer(text):
        inner = m.group(1).strip().strip(QUOTES).strip()
        inner_start = m.start(1) + m.group(1).find(inner) if inner else m.start(1)
        window = max(0, m.start() - MAX_LOOKBACK)
        before = text[window : m.start()]
        edge = window + max((b.end() for b in BOUNDARY_RE.finditer(before)), default=0)
        region = text[edge : m.start()].rstrip()
        if is_short_form(inner):
            letters = sum(c.isalnum() for c in inner)
            word_starts = [w.start() for w in WORD_RE.finditer(region)][-min(letters + 5, letters * 2) :]
            if not word_starts:
                continue
            cand_start = word_starts[0]
            candidate = region[cand_start:]
            offset = best_long_form(inner, candidate)
            if offset is None:
                continue
            long = candidate[offset:]
            if _valid(inner, long):
                start = edge + cand_start + offset
                inner_end, long_end = inner_start + len(inner), start + len(long)
                found.append(Definition(inner, _squeeze(long), inner_start, inner_end, start, long_end))
        elif len(inner.split()) > 2 and region:
            short = region.split()[-1].strip(QUOTES)
            if not is_short_form(short) or sum(c.isupper() or c.isdigit() for c in short) < 2:
                continue
            if best_long_form(short, inner) == 0 and _valid(short, inner):
                short_start = edge + region.rfind(short)
                short_end, inner_end = short_start + len(short), inner_start + len(inner)
                found.append(Definition(short, _squeeze(inner), short_start, short_end, inner_start, inner_end))
    return found


def _use_pattern(shorts) -> re.Pattern | None:
    """One pattern for every use of the given short forms, as whole words."""
    if not shorts:
        return None
    alternatives = "|".join(re.escape(s) for s in sorted(set(shorts), key=len, reverse=True))
    return re.compile(rf"(?<![\w&/])(?:{alternatives})(?![\w&/])")


def find_abbreviations(
    text: str, glossary: dict[str, dict], glossary_pattern: re.Pattern | None = None
) -> tuple[list[Definition], list[dict]]:
    """Definitions in ``text`` and every abbreviation use, each a dict shaped like ``records.Abbreviation``.

    A use of a short form defined earlier (or at that point) takes the text's long form; any other use of a
    glossary short form takes the glossary's expansion with ``glossary`` True.

    Args:
        text: the document text.
        glossary: short form -> glossary row (``long``, ``type``).
        glossary_pattern: the compiled pattern of the glossary's short forms (built from ``glossary`` if None).
    """
    definitions = find_definitions(text)
    by_short: dict[str, list[Definition]] = {}
    for d in definitions:
        by_short.setdefault(d.short, []).append(d)
    def_starts = {short: [d.short_start for d in defs] for short, defs in by_short.items()}
    uses: dict[tuple[int, int], dict] = {}
    defined = _use_pattern(by_short)
    if defined:
        for m in defined.finditer(text):
            defs = by_short[m.group()]
            k = bisect_right(def_starts[m.group()], m.start()) - 1
            if k >= 0:
                uses[(m.start(), m.end())] = {
                    "short": m.group(), "long": defs[k].long, "start": m.start(), "end": m.end(), "glossary": False
                }
    pattern = glossary_pattern if glossary_pattern is not None else _use_pattern(glossary)
    if pattern:
        for m in pattern.finditer(text):
            if (m.start(), m.end()) not in uses:
                row = glossary[m.group()]
                uses[(m.start(), m.end())] = {
                    "short": m.group(), "long": row["long"], "start": m.start(), "end": m.end(), "glossary": True
                }
    return definitions, [uses[k] for k in sorted(uses)]


@Language.factory(
    "textmine_abbreviations",
    requires=["doc.ents"],
    assigns=["doc._.abbreviations", "doc.spans", "doc.ents", "span._.long_form"],
    default_config={
        "glossary": {"@misc": "textmine.lexicon.v1", "name": "abbreviations"},
        "entities": {"@misc": "textmine.lexicon.v1", "name": "entities"},
        "spans_key": "abbreviations",
    },
)
def make_abbreviations(
    nlp: Language, name: str, glossary: list[dict], entities: list[dict], spans_key: str
) -> "AbbreviationLinker":
    return AbbreviationLinker(name, glossary=glossary, entities=entities, spans_key=spans_key)


def _owners(ents: list[Span], length: int) -> list[int | None]:
    """For each token, the index of the entity that covers it."""
    owner: list[int | None] = [None] * length
    for k, ent in enumerate(ents):
        for i in range(ent.start, ent.end):
            owner[i] = k
    return owner


def _covering(owner: list[int | None], start: int, end: int) -> list[int]:
    """Indices of the entities over tokens ``start``..``end``, in order."""
    return list(dict.fromkeys(k for k in owner[start:end] if k is not None))


def _join_service_roles(doc: Doc, ents: list, owner: list) -> None:
    """A service's acronym before a one-word role is one practitioner: "YJS officer", "MASH manager", "PICU
    consultant" (a two-word role keeps its service apart: "EDT social worker", "CSC team manager")."""
    for k in range(len(ents)):
        acronym = ents[k]
        if acronym is None or acronym.label_ != "AGENCY" or len(acronym) != 1 or acronym.end >= len(doc):
            continue
        word = doc[acronym.start].text
        role = owner[acronym.end]
        if not (2 <= len(word) <= 6 and word.isupper()) or role is None:
            continue
        span = ents[role]
        if span.label_ == "PROFESSIONAL" and len(span) == 1 and span.start == acronym.end and doc[span.start].is_lower:
            _replace(ents, owner, [k, role], Span(doc, acronym.start, span.end, label="PROFESSIONAL"))


def _replace(ents: list, owner: list, old: list[int], span: Span) -> None:
    """Put ``span`` in place of the entities ``old`` (which it overlaps)."""
    for k in old:
        for i in range(ents[k].start, ents[k].end):
            owner[i] = None
        ents[k] = None
    ents.append(span)
    for i in range(span.start, span.end):
        owner[i] = len(ents) - 1


class AbbreviationLinker:
    """Reads ``doc.ents``; writes ``doc._.abbreviations``, ``doc.spans[spans_key]`` and abbreviation entities."""

    def __init__(self, name: str, *, glossary: list[dict], entities: list[dict], spans_key: str) -> None:
        self.name = name
        self.glossary = {row["short"]: row for row in glossary}
        self.pattern = _use_pattern(self.glossary)
        self.heads = head_words(entities)
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        _, text = token_texts(doc)
        definitions, uses = find_abbreviations(text, self.glossary, self.pattern)
        doc._.abbreviations = uses
        if not uses:
            doc.spans[self.spans_key] = []
            return doc
        ents: list[Span | None] = list(entity_spans(doc))
        found = len(ents)  # every change appends to ents
        owner = _owners(ents, len(doc))  # token -> index in ents
        labels: dict[str, str] = {}
        for d in definitions:
            label = self._definition_label(doc, d, ents, owner)
            if label:
                labels[d.short] = label
                self._definition_entity(doc, text, d, label, ents, owner)
        groups = []
        for use in uses:
            span = doc.char_span(use["start"], use["end"], alignment_mode="expand")
            if span is None:
                continue
            span = Span(doc, span.start, span.end, label=use["short"])
            span._.long_form = use["long"]
            groups.append(span)
            label = labels.get(use["short"]) if not use["glossary"] else None
            if label is None and use["glossary"]:
                label = TYPE_LABELS.get(self.glossary[use["short"]]["type"])
            if not label:
                continue
            overlapping = _covering(owner, span.start, span.end)
            exact = len(overlapping) == 1 and (ents[overlapping[0]].start, ents[overlapping[0]].end) == (
                span.start,
                span.end,
            )
            if not overlapping or (not use["glossary"] and exact):
                # a defined short form takes its definition's label over a guess from the context
                _replace(ents, owner, overlapping, Span(doc, span.start, span.end, label=label))
        doc.spans[self.spans_key] = groups
        _join_service_roles(doc, ents, owner)
        if len(ents) > found:  # every change appends to ents
            write_entities(doc, [(e.start, e.end, e.label) for e in ents if e is not None])
        return doc

    def _definition_label(self, doc: Doc, d: Definition, ents: list, owner: list) -> str | None:
        """The label of the entity the long form names, else the glossary type, else AGENCY for a service name."""
        long = doc.char_span(d.long_start, d.long_end, alignment_mode="expand")
        best, overlap = None, 0
        for k in _covering(owner, long.start, long.end) if long is not None else []:
            ent = ents[k]
            shared = min(ent.end_char, d.long_end) - max(ent.start_char, d.long_start)
            if shared > overlap:
                best, overlap = ent.label_, shared
        if best and overlap * 2 >= d.long_end - d.long_start:
            return best
        row = self.glossary.get(d.short)
        if row and row["type"] in TYPE_LABELS:
            return TYPE_LABELS[row["type"]]
        words = d.long.split()
        if len(words) > 1 and words[-1].lower() in self.heads:
            return "AGENCY"
        return None

    @staticmethod
    def _definition_entity(doc: Doc, text: str, d: Definition, label: str, ents: list, owner: list) -> None:
        """Update the entities after a definition: one span over "long (SF)" for a named body or role, else the
        short form as an entity of its own."""
        start, end = min(d.long_start, d.short_start), max(d.long_end, d.short_end)
        if label in JOINED_LABELS and len(d.long.split()) > 1:
            long = doc.char_span(d.long_start, d.long_end, alignment_mode="expand")
            for k in _covering(owner, long.start, long.end) if long is not None else []:
                if ents[k].label_ == label:
                    start = min(start, ents[k].start_char)
            close = text.find(")", end)
            end = close + 1 if close != -1 and not text[end:close].strip(QUOTES + " ") else end
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
        else:
            span = doc.char_span(d.short_start, d.short_end, label=label, alignment_mode="expand")
        if span is not None:
            _replace(ents, owner, _covering(owner, span.start, span.end), span)
