"""Consistent pseudonymisation of one document.

Conventions of the redacted text:

- a person's name becomes ``[Person A]``, ``[Person B]``... by order of first mention; every variant of one name
  ("Sarah Jones", "Ms Jones", "Sarah") gets the same one, and titles stay outside the brackets ("Ms [Person A]");
  letters already used in the text as "Person X" are skipped;
- other identifiers are numbered per kind by first mention, one number per distinct value: ``[Address 1]``,
  ``[Postcode 1]``, ``[Phone 1]``, ``[Email 1]``, ``[NHS number 1]``, ``[NI number 1]``; a date of birth is
  ``[DOB]`` and keeps nothing of the date;
- roles and existing pseudonyms ("Mother", "Child K", "SW2", "Father 2", "the health visitor") stay as written.

Offsets of replacements refer to the original text.
"""

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict
from spacy.language import Language
from spacy.tokens import Doc

from textmine.api import as_document, default_pipeline, make_doc
from textmine.io import Document
from textmine.redact.identifiers import Found, find_dates_of_birth, find_patterns, load_rules
from textmine.redact.names import entity_mentions, group_mentions, other_mentions

Kind = Literal["name", "address", "postcode", "phone", "email", "nhs_number", "ni_number", "dob"]
LABELS = {
    "address": "Address",
    "postcode": "Postcode",
    "phone": "Phone",
    "email": "Email",
    "nhs_number": "NHS number",
    "ni_number": "NI number",
}
# When two finds overlap, the longer wins; on equal length, the earlier kind here.
PRECEDENCE = ("email", "nhs_number", "ni_number", "phone", "address", "postcode", "dob", "name")
EXISTING_PERSON_RE = re.compile(r"\bPerson ([A-Z]{1,2})\b")
# Default-pipeline steps whose output redaction never reads: skipped, for speed (the practice-issue classifier
# alone costs more than every step redaction needs).
UNREAD_STEPS = ("concern_finder", "concern_acronyms", "concern_names", "context", "practice_issues", "chronology")


class Replacement(BaseModel):
    """One replaced stretch of the original text."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    start: int
    end: int
    original: str
    replacement: str
    kind: Kind


class Redaction(BaseModel):
    """A redacted document: its text and every replacement made (offsets into the original text)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    source: str
    text: str
    replacements: list[Replacement]

    def key(self) -> dict[str, str]:
        """Each original string and the pseudonym that replaced it (this mapping re-identifies people)."""
        return {r.original: r.replacement for r in self.replacements}


def redact(text_or_doc: str | Path | Document | Doc, nlp: Language | None = None) -> Redaction:
    """Pseudonymise names, addresses, postcodes, phone, NHS and NI numbers, e-mails and dates of birth.

    Args:
        text_or_doc: document text, a path (Path, or a str naming an existing file), a Document, or a Doc the
            pipeline has already processed.
        nlp: the pipeline to run (default: ``textmine.load()``), without the steps in UNREAD_STEPS; ignored for a
            Doc.

    Raises:
        InputError: the document cannot be read or is empty.
    """
    if isinstance(text_or_doc, Doc):
        doc = text_or_doc
    else:
        document = text_or_doc if isinstance(text_or_doc, Document) else as_document(text_or_doc)
        nlp = nlp or default_pipeline()
        with nlp.select_pipes(disable=[name for name in UNREAD_STEPS if name in nlp.pipe_names]):
            doc = make_doc(nlp, document)
    return redact_doc(doc)


def redact_doc(doc: Doc) -> Redaction:
    """The Redaction of a processed Doc (reads ``doc.ents`` and the DATE spans of ``doc.spans["dates"]``)."""
    text = doc.text
    rules = load_rules()
    finds = find_patterns(text, rules) + find_dates_of_birth(doc, rules)
    mentions = entity_mentions(doc)
    # places and dates are not names: a name word inside one stays ("Sarah" in "St Sarah's Road", "May" in a date)
    blocked = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "LOCATION"]
    blocked += [(s.start_char, s.end_char) for s in doc.spans.get("dates", [])]
    mentions += other_mentions(text, mentions, blocked + [(f.start, f.end) for f in finds])
    people = group_mentions(mentions)
    finds += [Found(m.start, m.end, "name", str(p)) for m, p in zip(mentions, people)]
    kept = _without_overlaps(finds, len(text))
    names = _person_labels(text)
    numbers: dict[tuple[str, str], str] = {}
    replacements = []
    for f in kept:
        if (f.kind, f.key) not in numbers:
            if f.kind == "name":
                numbers[f.kind, f.key] = f"[Person {next(names)}]"
            elif f.kind == "dob":
                numbers[f.kind, f.key] = "[DOB]"
            else:
                count = sum(1 for kind, _ in numbers if kind == f.kind) + 1
                numbers[f.kind, f.key] = f"[{LABELS[f.kind]} {count}]"
        original, replacement = text[f.start : f.end], numbers[f.kind, f.key]
        replacements.append(
            Replacement(start=f.start, end=f.end, original=original, replacement=replacement, kind=f.kind)
        )
    return Redaction(
        id=doc._.doc_id or "text",
        source=doc._.source or "<text>",
        text=_apply(text, replacements),
        replacements=replacements,
    )


def _without_overlaps(finds: list[Found], length: int) -> list[Found]:
    """The finds to replace, in text order: longest first, then by PRECEDENCE, never overlapping."""
    rank = {kind: i for i, kind in enumerate(PRECEDENCE)}
    taken = bytearray(length)
    kept = []
    for f in sorted(set(finds), key=lambda f: (f.start - f.end, rank[f.kind], f.start)):
        if f.end > f.start and taken.find(1, f.start, f.end) == -1:
            taken[f.start : f.end] = b"\x01" * (f.end - f.start)
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def _person_labels(text: str):
    """A, B, ... Z, AA, AB ...: letters not already used in the text as "Person X"."""
    used = set(EXISTING_PERSON_RE.findall(text))
    n = 0
    while True:
        label, k = "", n
        while True:
            label = chr(ord("A") + k % 26) + label
            k = k // 26 - 1
            if k < 0:
                break
        n += 1
        if label not in used:
            yield label


def _apply(text: str, replacements: list[Replacement]) -> str:
    """``text`` with each replacement (in text order, not overlapping) put in place."""
    parts, at = [], 0
    for r in replacements:
        parts += [text[at : r.start], r.replacement]
        at = r.end
    parts.append(text[at:])
    return "".join(parts)
