"""Lexicons are data: JSONL files in this package, validated as they load.

Each line of a span-ruler lexicon is ``{"label": ..., "pattern": phrase-or-token-pattern, "id": optional}``.
Lexicons with richer rows (context triggers, section headings...) register their own row model in ``SCHEMAS``.
"""

import re
from importlib.resources import files
from itertools import product
from math import prod
from pathlib import Path
from typing import Any, Literal

import srsly
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from spacy.util import registry

from textmine.errors import LexiconError


class PatternEntry(BaseModel):
    """A span_ruler pattern: a phrase or a spaCy token pattern, with a label and an optional variant group id."""

    model_config = ConfigDict(extra="forbid")
    label: str
    pattern: str | list[dict[str, Any]]
    id: str | None = None


class HeadingEntry(BaseModel):
    """A review section heading (matched case-insensitively against a whole line)."""

    model_config = ConfigDict(extra="forbid")
    label: str
    pattern: str


class CueEntry(BaseModel):
    """A practice-issue cue phrase (``*`` ends a word prefix, ``(a|b|)`` alternatives); see ``textmine.classify.features``."""

    model_config = ConfigDict(extra="forbid")
    label: str = Field(min_length=1)
    pattern: str = Field(min_length=1)


SCHEMAS: dict[str, type[BaseModel]] = {"sections": HeadingEntry}
SCHEMAS["practice_cues"] = CueEntry


class MarkerEntry(BaseModel):
    """A marker word or phrase (``*`` ends a word prefix): of a sentence stating a shortfall ("not", "failed"), or
    of criticism ("poor", "lack of"; ``criticism_words``).

    ``exclude`` rows are phrases that contain a marker without being one ("no longer", "no concerns about").
    """

    model_config = ConfigDict(extra="forbid")
    pattern: str = Field(pattern=r"^[a-z']+\*?( [a-z']+\*?)*$")
    exclude: bool = False


class HedgeEntry(BaseModel):
    """A word of cue matching's hedge rule: inside a cue, a ``hedge`` adverb ("consistently") right after a
    ``head`` word ("not", "never", "to") may be passed over, so "did not consistently record" matches the cue "did
    not record". Words are single plain words (contractions are spelt out before matching: "didn't" is "did not")."""

    model_config = ConfigDict(extra="forbid")
    word: str = Field(pattern=r"^[a-z]+$")
    role: Literal["head", "hedge"]


SCHEMAS["cue_hedges"] = HedgeEntry
SCHEMAS["shortfall_markers"] = MarkerEntry
SCHEMAS["criticism_words"] = MarkerEntry
SCHEMAS["practice_topics"] = CueEntry


class DateTermEntry(BaseModel):
    """A date vocabulary term (month, season, number word, cue...) with the value it stands for."""

    model_config = ConfigDict(extra="forbid")
    kind: str = Field(min_length=1)
    text: str = Field(min_length=1)
    value: str = Field(min_length=1)


SCHEMAS["dates"] = DateTermEntry


class ContextEntry(BaseModel):
    """A ConText trigger: a literal phrase or a token pattern, the modifier it sets and the direction it looks.

    ``reporter`` rows name who can report (their ``value``; ``professional`` reports are not hedged);
    ``pseudo`` rows only stop shorter triggers inside them; ``terminate`` rows end every scope, or only the scopes of
    the modifiers in their ``ends`` ("considered" ends a negation: "no assessment considered the bruising"), in their
    ``direction`` (a ``forward`` terminator ends only scopes that run forward past it); ``predicate`` rows, right after
    a mention, say what was (not) foreseeable about it, so a negation before the mention is the predicate's ("does
    not suggest that the injury was predictable": the injury happened); a ``forward`` one before a mention makes it
    the subject of what is denied ("none of the bruises were photographed": the bruises were there).
    """

    model_config = ConfigDict(extra="forbid")
    literal: str | None = Field(default=None, min_length=1)
    pattern: list[dict[str, Any]] | None = Field(default=None, min_length=1)
    modifier: Literal[
        "negated", "uncertain", "historical", "hypothetical", "experiencer", "reported_by", "reporter", "pseudo", "terminate",
        "predicate",
    ]
    direction: Literal["forward", "backward", "bidirectional"]
    value: str | None = None
    max_scope: int | None = Field(default=None, ge=1)
    professional: bool | None = None
    ends: list[Literal["negated", "uncertain", "historical", "hypothetical", "experiencer", "reported_by"]] | None = None
    id: str | None = None

    @model_validator(mode="after")
    def _one_matcher(self) -> "ContextEntry":
        if (self.literal is None) == (self.pattern is None):
            raise ValueError("give exactly one of 'literal' and 'pattern'")
        if self.ends is not None and self.modifier != "terminate":
            raise ValueError("only a 'terminate' row has 'ends'")
        if self.modifier in ("experiencer", "reporter") and not self.value:
            raise ValueError(f"a '{self.modifier}' trigger needs a 'value'")
        return self


SCHEMAS["context"] = ContextEntry


class AbbreviationEntry(BaseModel):
    """A glossary abbreviation (matched case-sensitively), its expansion and its TAXONOMY §3.2 type."""

    model_config = ConfigDict(extra="forbid")
    short: str = Field(min_length=1)
    long: str = Field(min_length=1)
    type: Literal["agency", "role", "family", "process", "legal", "concern"]


SCHEMAS["abbreviations"] = AbbreviationEntry


class EntityPatternEntry(PatternEntry):
    """An entity-ruler pattern: an entity label or a helper label the entity step interprets."""

    label: Literal[
        "CHILD", "FAMILY", "PROFESSIONAL", "AGENCY", "PERSON", "LOCATION", "MODIFIER", "AGENCY_HEAD", "AGENCY_SUFFIX",
        "TEAM_HEAD", "NAME_HEAD", "AGENCY_PREFIX", "TITLE", "CHILD_CUE", "AGENCY_VERB", "PLACE_CUE", "ORIGIN_CUE",
        "STREET_HEAD", "MOVE_CUE", "O",
    ]


class PlaceEntry(PatternEntry):
    """A place name of the gazetteer."""

    label: Literal["LOCATION"]
    pattern: str = Field(min_length=1)


class GivenNameEntry(PatternEntry):
    """A given name (matched case-sensitively)."""

    label: Literal["GIVEN_NAME"]
    pattern: str = Field(min_length=1)


SCHEMAS.update({"entities": EntityPatternEntry, "places": PlaceEntry, "given_names": GivenNameEntry})

REDACTION_KINDS = ("email", "nhs_number", "ni_number", "phone", "postcode", "address", "dob")
REDACTION_WORD_LISTS = ("unit", "street", "dob_cue")
PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")


class RedactionEntry(BaseModel):
    """A redaction rule: a regex finding one kind of identifier, or a word of a list that regexes name.

    A regex names a word list or another kind's regexes in braces (``{street}``, ``{postcode}``); a ``dob`` regex
    matches the text that ends right before a date of birth.
    """

    model_config = ConfigDict(extra="forbid")
    kind: Literal["email", "nhs_number", "ni_number", "phone", "postcode", "address", "dob", "unit", "street", "dob_cue"]
    regex: str | None = Field(default=None, min_length=1)
    word: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _regex_or_word(self) -> "RedactionEntry":
        if self.kind in REDACTION_KINDS:
            if self.regex is None or self.word is not None:
                raise ValueError(f"a '{self.kind}' row needs a 'regex' and no 'word'")
            unknown = set(PLACEHOLDER_RE.findall(self.regex)) - set(REDACTION_KINDS) - set(REDACTION_WORD_LISTS)
            if unknown:
                raise ValueError(f"unknown placeholder {{{sorted(unknown)[0]}}} in the regex")
            try:
                re.compile(PLACEHOLDER_RE.sub("(?:x)", self.regex))
            except re.error as err:
                raise ValueError(f"the regex does not compile ({err})") from None
        elif self.word is None or self.regex is not None:
            raise ValueError(f"a '{self.kind}' row needs a 'word' and no 'regex'")
        return self


SCHEMAS["redaction"] = RedactionEntry


def lexicon_path(name: str) -> Path:
    """Path of the packaged lexicon ``name``."""
    return Path(str(files("textmine.lexicons") / f"{name}.jsonl"))


@registry.misc("textmine.lexicon.v1")
def load_lexicon(name: str, path: str | None = None, expand: bool = False) -> list[dict]:
    """Rows of ``textmine/lexicons/<name>.jsonl`` (or of ``path``), each validated against its schema; with
    ``expand``, token patterns that only list words are spelled out as phrases (see ``expand_token_patterns``)."""
    source = Path(path) if path else lexicon_path(name)
    if not source.is_file():
        raise LexiconError(f"{source}: lexicon '{name}' not found")
    schema = SCHEMAS.get(name, PatternEntry)
    entries = []
    try:
        rows = list(srsly.read_jsonl(source))
    except ValueError as err:
        raise LexiconError(f"{source}: not valid JSONL ({err})") from None
    for lineno, row in enumerate(rows, start=1):
        try:
            entries.append(schema.model_validate(row).model_dump(exclude_none=True))
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise LexiconError(f"{source}:{lineno}: {where}: {first['msg']}") from None
    return expand_token_patterns(entries, source) if expand else entries


MAX_PHRASES_PER_PATTERN = 20_000


def expand_token_patterns(rows: list[dict], source: Path | str = "lexicon") -> list[dict]:
    """Token patterns whose every token is a word or a list of words (``{"LOWER": "hit"}``,
    ``{"LOWER": {"IN": [...]}, "OP": "?"}``) become one phrase row per word sequence they match.

    A phrase matcher finds any number of phrases in one pass over a text, while spaCy's token matcher costs time
    for every pattern at every token (about a third of a second per 300,000 words for a pattern that starts with a
    word list); the lexicon keeps the compact pattern. Other patterns (regular expressions, ``+`` and ``*``) stay.
    """
    out = []
    for row in rows:
        alternatives = _word_alternatives(row["pattern"]) if isinstance(row["pattern"], list) else None
        if alternatives is None:
            out.append(row)
            continue
        count = prod(len(words) for words in alternatives)
        if count > MAX_PHRASES_PER_PATTERN:
            raise LexiconError(f"{source}: pattern {row['pattern']} spells out {count:,} phrases (limit {MAX_PHRASES_PER_PATTERN:,})")
        for combination in product(*alternatives):
            phrase = " ".join(word for word in combination if word)
            if phrase:
                out.append({**row, "pattern": phrase})
    return out


def _word_alternatives(pattern: list[dict]) -> list[list[str]] | None:
    """For each token of a word-only pattern, the words it can be ("" when optional); None for other patterns."""
    alternatives = []
    for token in pattern:
        op = token.get("OP")
        keys = [k for k in token if k != "OP"]
        if op not in (None, "?") or len(keys) != 1 or keys[0] not in ("LOWER", "ORTH", "TEXT"):
            return None
        value = token[keys[0]]
        if isinstance(value, str):
            words = [value]
        elif isinstance(value, dict) and list(value) == ["IN"] and all(isinstance(w, str) for w in value["IN"]):
            words = list(value["IN"])
        else:
            return None
        alternatives.append(words + [""] if op == "?" else words)
    return alternatives
