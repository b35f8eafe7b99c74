"""Personal names among the pipeline's entities, and which mentions name the same person.

A PERSON, CHILD, FAMILY or PROFESSIONAL entity names a real person when it holds a name word: a capitalised word
that is not a role, title or pseudonym head of the entities lexicon ("Mother", "Child", "Mr", "SW") and not a code
("K", "2", "HV1", "Au" after a head). So "Sarah Jones", "Dr Anna Patel" and "Baby Peter" hold names, while "Child K",
"Father 2", "Mr B", "SW2", "the health visitor" and "Front-line officers" (a capitalised word before a role
qualifies the role) do not. Only the words from the first name word (with the initials before it) to the last are
a mention: titles and heads stay in the text ("Dr [Person A]").

Mentions are grouped by person: full names by their first and last words ("Sarah Jones", "Sarah Ann Jones"), and a
single word ("Ms Jones", "Sarah") joins the nearest earlier full name that contains it (else the first later one).
Once names are known, their other capitalised occurrences that the entity step missed are mentions too.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from textmine.lexicons import load_lexicon

NAME_LABELS = frozenset({"PERSON", "CHILD", "FAMILY", "PROFESSIONAL"})
# Entity-lexicon labels whose words are roles, titles or heads, never names.
ROLE_LEXICON_LABELS = frozenset({"CHILD", "FAMILY", "PROFESSIONAL", "TITLE", "MODIFIER", "CHILD_CUE"})
SURNAME_BLOCKING_LABELS = frozenset({"CHILD", "FAMILY", "PROFESSIONAL", "TITLE"})
NAME_WORD_RE = re.compile(r"[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ]*(?:['’-][A-Za-zÀ-ÖØ-öø-ÿ]+)*")
INITIAL_RE = re.compile(r"[A-Z]\.?")
GIVEN_BEFORE_RE = re.compile(r"(?<![\w'’.-])([A-Z][a-zà-öø-ÿ]+(?:-[A-Z][a-zà-öø-ÿ]+)?) $")
SURNAME_AFTER_RE = re.compile(r" ([A-Z][a-zà-öø-ÿ]+(?:-[A-Z][a-zà-öø-ÿ]+)?)(?![\w'’-])")
MAX_LEFT_OUT_WORDS = 2  # capitalised words right after a named entity taken as the rest of the name ("DC Lee Harris")
MIN_SEARCH_LENGTH = 3  # shorter name words are not searched for in the rest of the text


@dataclass(frozen=True)
class NameMention:
    """Character offsets of a name in the text and its name words (lower case)."""

    start: int
    end: int
    words: tuple[str, ...]


@lru_cache(maxsize=1)
def role_words() -> frozenset[str]:
    """Lower-case words of the entities lexicon's role, title and head phrases ("mother", "mr", "sw", "visitor")."""
    words = set()
    for row in load_lexicon("entities"):
        if row["label"] in ROLE_LEXICON_LABELS and isinstance(row["pattern"], str):
            words.update(w.rstrip(".") for w in row["pattern"].lower().split())
    return frozenset(words)


@lru_cache(maxsize=1)
def role_heads() -> frozenset[str]:
    """Lower-case one-word roles and titles of the entities lexicon ("mother", "nurse", "mr"): never a surname,
    whereas a word of a longer phrase or a modifier can be ("Ward" of "ward sister")."""
    return frozenset(
        row["pattern"].lower().rstrip(".")
        for row in load_lexicon("entities")
        if row["label"] in SURNAME_BLOCKING_LABELS and isinstance(row["pattern"], str) and " " not in row["pattern"]
    )


def is_name_word(word: str, after_head: bool, roles: frozenset[str]) -> bool:
    """Whether ``word`` can be (part of) a person's name.

    Args:
        word: the token text.
        after_head: whether a role, title or head comes before it in the entity, where a short word is a code
            ("Child Au", "Mr B").
        roles: lower-case words that are never names.
    """
    if not NAME_WORD_RE.fullmatch(word) or word.lower() in roles:
        return False
    if word.isupper():
        return len(word) > 4  # "SR", "HD", "MH" are initials used as pseudonyms; "JONES" is a name
    return len(word) > 2 or not after_head


def entity_mentions(doc: Doc, labels: frozenset[str] = NAME_LABELS) -> list[NameMention]:
    """Mentions of names inside the entities of ``doc`` whose label is in ``labels``."""
    roles = role_words()
    mentions = []
    for ent in doc.ents:
        if ent.label_ in labels:
            mention = _mention(doc, ent, roles)
            if mention:
                mentions.append(mention)
    return mentions


def _mention(doc: Doc, ent: Span, roles: frozenset[str]) -> NameMention | None:
    words = [t.text for t in ent]
    found = [
        i for i, w in enumerate(words) if is_name_word(w, i > 0 and not is_name_word(words[i - 1], False, roles), roles)
    ]
    last_role = max((i for i, w in enumerate(words) if w.lower().rstrip(".") in roles), default=-1)
    found = [i for i in found if i > last_role]  # a word before a role qualifies it: "Front-line officers"
    if found:
        first, last = found[0], found[-1]
    elif _is_initial(words[-1], roles):
        first = last = len(words) - 1  # "Mr J" may go on with a surname the entity step left out: "Mr J Smith"
    else:
        return None
    while first > 0 and _is_initial(words[first - 1], roles):
        first -= 1  # "Mr J Smith": the initial goes with the name
    end = ent.start + last + 1
    initials = [words[i].rstrip(".").lower() for i in range(first, found[0] if found else last + 1)]
    names = [words[i].lower() for i in found]
    if last == len(words) - 1:  # a surname the entity step left out ("DC Lee" + "Harris")
        at = end
        if _is_initial(words[-1], roles) and at < len(doc) and doc[at].text == "." and not doc[at - 1].whitespace_:
            at += 1  # "Mr J. Smith": the initial's full stop
        left_out = []
        while (
            at < len(doc) and len(left_out) < MAX_LEFT_OUT_WORDS and doc[at - 1].whitespace_ == " "
            and doc[at].ent_iob_ == "O" and not doc[at].is_stop and is_name_word(doc[at].text, False, roles)
        ):
            left_out.append(doc[at].text.lower())
            at += 1
        if left_out:
            names += left_out
            end = at
    if not names:
        return None  # initials alone are a pseudonym ("Mr B")
    start, stop = doc[ent.start + first].idx, doc[end - 1].idx + len(doc[end - 1].text)
    return NameMention(start, stop, tuple(initials + names))


def _is_initial(word: str, roles: frozenset[str]) -> bool:
    """A single capital letter ("J", "J."), not a role abbreviation."""
    return bool(INITIAL_RE.fullmatch(word)) and word.rstrip(".").lower() not in roles


def other_mentions(text: str, mentions: list[NameMention], blocked: list[tuple[int, int]]) -> list[NameMention]:
    """Capitalised occurrences of known name words outside ``mentions`` and the ``blocked`` character ranges.

    An occurrence takes the capitalised words right around it as the rest of the name ("Mother (Jade Thompson)"
    once "Thompson" is known, "SW1 (Kelly Ward)" once "Kelly" is), and those words are then searched for in turn.
    """
    roles, heads = role_words(), role_heads()
    taken = bytearray(len(text))
    for start, end in [(m.start, m.end) for m in mentions] + list(blocked):
        taken[start:end] = b"\x01" * (end - start)
    found: list[NameMention] = []
    known: set[str] = set()
    words = _searchable(w for m in mentions for w in NAME_WORD_RE.findall(text[m.start : m.end]))
    while words:
        known |= words
        pattern = re.compile(
            r"(?<![\w'’-])(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![\w-])"
        )
        given = []
        for m in pattern.finditer(text):
            if taken.find(1, m.start(), m.end()) != -1:
                continue
            start, names = m.start(), (m.group().lower(),)
            before = GIVEN_BEFORE_RE.search(text, max(0, start - 40), start)
            if before and _given_name(text, before, taken, roles):
                start, names = before.start(), (before.group(1).lower(), *names)
                given.append(before.group(1))
            end = m.end()
            after = SURNAME_AFTER_RE.match(text, end)
            if after and _free_name(after.group(1), after.start(1), after.end(1), taken, heads):
                end, names = after.end(1), (*names, after.group(1).lower())
                given.append(after.group(1))
            taken[start:end] = b"\x01" * (end - start)
            found.append(NameMention(start, end, names))
        words = _searchable(given) - known
    return found


def _searchable(words) -> set[str]:
    """Name words long enough to search for on their own (not initials such as "SR")."""
    return {w for w in words if len(w) >= MIN_SEARCH_LENGTH and (not w.isupper() or len(w) > 4)}


def _given_name(text: str, before: re.Match, taken: bytearray, roles: frozenset[str]) -> bool:
    """Whether the capitalised word ``before`` a known name is a given name, not a word capitalised only because
    it opens a sentence or a line."""
    opener = text[max(0, before.start() - 8) : before.start()].rstrip(" \t")
    return (
        bool(opener) and opener[-1] not in ".!?:;\n\"“'‘•"
        and _free_name(before.group(1), before.start(), before.end(), taken, roles)
    )


def _free_name(word: str, start: int, end: int, taken: bytearray, roles: frozenset[str]) -> bool:
    """A name word outside every taken range, and neither a role nor a stop word."""
    return taken.find(1, start, end) == -1 and word.lower() not in STOP_WORDS and is_name_word(word, False, roles)


def group_mentions(mentions: list[NameMention]) -> list[int]:
    """A person number for each mention (0, 1, 2... in order of first mention in the text)."""
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    owner: dict[int, int] = {}
    full: dict[tuple[str, str], int] = {}
    holders: dict[str, list[tuple[int, int]]] = defaultdict(list)  # name word -> (mention start, person)
    for i in order:
        m = mentions[i]
        if len(m.words) > 1:
            owner[i] = full.setdefault((m.words[0], m.words[-1]), len(full))
            for word in m.words:
                holders[word].append((m.start, owner[i]))
    singles: dict[str, int] = {}
    for i in order:
        if i in owner:
            continue
        m = mentions[i]
        candidates = holders.get(m.words[0])
        if candidates:
            before = [c for c in candidates if c[0] < m.start]
            owner[i] = (max(before) if before else min(candidates))[1]
        else:
            owner[i] = singles.setdefault(m.words[0], len(full) + len(singles))
    first_seen: dict[int, int] = {}
    for i in order:
        first_seen.setdefault(owner[i], len(first_seen))
    return [first_seen[owner[i]] for i in range(len(mentions))]
