"""Identifiers found by pattern: e-mail addresses, NHS and National Insurance numbers, phone numbers, postcodes,
street addresses and dates of birth.

The regexes, street words and date-of-birth cues are data (``textmine/lexicons/redaction.jsonl``). A regex may name
a word list (``{street}``) or another kind's regexes (``{postcode}``), filled in here. Dates of birth are the
pipeline's DATE spans that a cue ("date of birth", "DOB", "born on") introduces.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from textmine.errors import LexiconError
from textmine.lexicons import PLACEHOLDER_RE, REDACTION_KINDS, load_lexicon

# Kinds found by their regexes alone (dates of birth also need the pipeline's dates).
PATTERN_KINDS = ("email", "nhs_number", "ni_number", "phone", "address", "postcode")
DOB_WINDOW = 40  # characters before a date searched for a date-of-birth cue
NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


@dataclass(frozen=True)
class Found:
    """An identifier in the text: its character offsets, its kind and the key that says when two are the same."""

    start: int
    end: int
    kind: str
    key: str


@dataclass(frozen=True)
class Rules:
    """Compiled redaction rules: the regexes of each pattern kind, the date-of-birth cue regex, and the start of
    an address up to its last street word (what two mentions of one address share)."""

    patterns: dict[str, list[re.Pattern]]
    dob_cue: re.Pattern
    address_core: re.Pattern


def compile_rules(rows: list[dict], source: str = "redaction") -> Rules:
    """Rules from validated lexicon rows; word lists and other kinds' regexes are filled into the placeholders."""
    words: dict[str, list[str]] = {}
    regexes: dict[str, list[str]] = {kind: [] for kind in REDACTION_KINDS}
    for row in rows:
        if "word" in row:
            words.setdefault(row["kind"], []).append(row["word"])
        else:
            regexes[row["kind"]].append(row["regex"])
    for kind in ("dob", *PATTERN_KINDS):
        if not regexes[kind]:
            raise LexiconError(f"{source}: no '{kind}' regex")

    def fill(regex: str, seen: tuple[str, ...]) -> str:
        def one(m: re.Match) -> str:
            name = m.group(1)
            if name in words:  # longest first, so "Rd" never wins over a longer word
                return "(?:" + "|".join(re.escape(w) for w in sorted(words[name], key=len, reverse=True)) + ")"
            if name in seen or not regexes.get(name):
                raise LexiconError(f"{source}: placeholder {{{name}}} names nothing usable")
            inner = [fill(r, (*seen, name)) for r in regexes[name]]
            return "(?:" + "|".join(inner) + ")"

        return PLACEHOLDER_RE.sub(one, regex)

    patterns = {kind: [re.compile(fill(r, (kind,))) for r in regexes[kind]] for kind in PATTERN_KINDS}
    dob_cue = re.compile("|".join(f"(?:{fill(r, ('dob',))})" for r in regexes["dob"]))
    address_core = re.compile(r".*\b" + fill("{street}", ()) + r"\b" if words.get("street") else ".*")
    return Rules(patterns=patterns, dob_cue=dob_cue, address_core=address_core)


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> Rules:
    """The packaged redaction rules (or those of the lexicon file ``path``), compiled once."""
    return compile_rules(load_lexicon("redaction", path), path or "redaction")


def nhs_number_valid(digits: str) -> bool:
    """Whether a 10-digit NHS number carries the right modulus-11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    check = 11 - sum(int(d) * w for d, w in zip(digits, NHS_WEIGHTS)) % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def identity_key(kind: str, text: str, rules: Rules) -> str:
    """What two mentions of one identifier share: "+44 7700 900123" and "07700900123" are one phone, and
    "14 Elm Road, Coventry CV1 2AB" and "14 Elm Road" one address."""
    if kind in ("phone", "nhs_number"):
        digits = re.sub(r"\D", "", text)
        if kind == "phone" and text.lstrip().startswith(("+44", "0044")):
            digits = "0" + digits[4 if text.lstrip().startswith("0044") else 2 :].lstrip("0")
        return digits
    if kind in ("postcode", "ni_number"):
        return re.sub(r"\s", "", text).upper()
    core = rules.address_core.match(text) if kind == "address" else None
    if core:
        text = core.group()
    return " ".join(re.sub(r"[^\w@.]+", " ", text.lower()).split())


def find_patterns(text: str, rules: Rules) -> list[Found]:
    """Every pattern match in ``text`` (overlaps included; NHS numbers only with a valid check digit)."""
    found = []
    for kind in PATTERN_KINDS:
        for pattern in rules.patterns[kind]:
            for m in pattern.finditer(text):
                value = m.group()
                if kind == "nhs_number" and not nhs_number_valid(re.sub(r"\D", "", value)):
                    continue
                found.append(Found(m.start(), m.end(), kind, identity_key(kind, value, rules)))
    return found


def find_dates_of_birth(doc: Doc, rules: Rules, spans_key: str = "dates") -> list[Found]:
    """The DATE spans of ``doc.spans[spans_key]`` introduced by a date-of-birth cue ("DOB: 12.03.2010")."""
    text = doc.text
    found = []
    for span in doc.spans.get(spans_key, []):
        if span.label_ != "DATE":
            continue
        start = span.start_char
        if rules.dob_cue.search(text[max(0, start - DOB_WINDOW) : start]):
            found.append(Found(start, span.end_char, "dob", "dob"))
    return found
