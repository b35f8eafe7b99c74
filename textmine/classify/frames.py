"""Criticised topics: an area of practice named near a word that finds fault with it.

Reviews, inspections and news reports often state findings as nouns under criticism rather than as failed actions:
"the panel criticised assessment, supervision and record keeping", "recording was inaccurate", "poor management
oversight". A topic phrase of a label (``lexicons/practice_topics.jsonl``: "record keeping", "management
oversight", "decision making") counts for the label when a criticism word (``lexicons/criticism_words.jsonl``:
"poor", "inadequate", "lack of", "criticised") stands within a few words of it in the same clause. A criticism word
right after a negator ("no", "not", "without") or inside an exclusion phrase ("no concerns about") does not count.
A topic listed right after a criticised one shares its criticism ("weaknesses in assessments and in management
oversight", "poor assessment, supervision and record keeping").
"""

import re
from bisect import bisect_right

from textmine.classify.patterns import cue_text, cue_words, expand_alternatives, phrase_pattern

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[.;:!?]")
CLAUSE_BREAKS = frozenset({".", ";", ":", "!", "?", "but", "however", "although", "though", "whereas", "while"})
NEGATORS = frozenset({"no", "not", "without", "never", "any"})
LIST_JOINERS = frozenset({"and", "or", "nor", "as"})
LIST_WORDS = LIST_JOINERS | {"well", "also", "in", "of", "the", "its", "their"}  # "and in", "as well as the"
# a topic followed by one of these starts a clause of its own ("... and supervision was regular")
CLAUSE_VERBS = frozenset({"was", "were", "is", "are", "had", "has", "have", "remained", "seemed", "appeared"})


def _regex(patterns: list[str], loose: bool = False) -> re.Pattern:
    """One regex for the phrases of cue-syntax patterns over space-joined tokens; ``loose``: over raw lower-cased
    text, words apart by any non-word characters (a superset of the strict matches: quotes and apostrophes count
    as boundaries)."""
    phrases = [" ".join(cue_words(p)) for pattern in patterns for p in expand_alternatives(pattern)]
    if loose:
        return re.compile(phrase_pattern(phrases, gap=r"[^a-z0-9']+", before=r"(?<![a-z0-9])", after=r"(?![a-z0-9])"))
    return re.compile(phrase_pattern(phrases, gap=" ", before=r"(?<!\S)", after=r"(?!\S)"))


class CriticisedTopics:
    """Finds the labels whose topic phrases a text criticises.

    Args:
        topics: topic phrase patterns per label (``(a|b|)`` alternatives as in cue patterns; no ``*`` prefixes).
        criticism: criticism word patterns; those starting ``!`` are exclusion phrases.
        window: most words between a criticism word and the topic it criticises.
    """

    def __init__(self, topics: dict[str, list[str]], criticism: list[str], window: int = 5) -> None:
        self.window = window
        self._label_of: dict[str, list[str]] = {}
        for label, patterns in topics.items():
            for pattern in patterns:
                if "*" in pattern:
                    raise ValueError(f"topic pattern {pattern!r}: topics are whole words (no '*' prefixes)")
                for phrase in expand_alternatives(pattern):
                    key = " ".join(cue_words(phrase))
                    if label not in self._label_of.setdefault(key, []):
                        self._label_of[key].append(label)
        self._topics = _regex([p for patterns in topics.values() for p in patterns])
        self._criticism = _regex([c for c in criticism if not c.startswith("!")])
        # any criticism in the raw text: most sentences have none and are let go before tokenising
        self._any_criticism = _regex([c for c in criticism if not c.startswith("!")], loose=True)
        excluded = [c[1:] for c in criticism if c.startswith("!")]
        self._excluded = _regex(excluded) if excluded else None

    def labels(self, text: str) -> set[str]:
        """The labels with a topic phrase under criticism in ``text``."""
        lowered = cue_text(text).replace("-", " ")
        if not self._any_criticism.search(lowered):
            return set()
        tokens = _TOKEN.findall(lowered)
        joined = " ".join(tokens)
        criticisms = list(self._criticism.finditer(joined))
        if not criticisms:
            return set()
        starts = [0]
        for token in tokens[:-1]:
            starts.append(starts[-1] + len(token) + 1)
        excluded = [(m.start(), m.end()) for m in self._excluded.finditer(joined)] if self._excluded else []
        spans = []  # token (start, end) of each criticism that counts
        for m in criticisms:
            first = bisect_right(starts, m.start()) - 1
            if first > 0 and tokens[first - 1] in NEGATORS:
                continue
            if any(a <= m.start() < b for a, b in excluded):
                continue
            spans.append((first, bisect_right(starts, m.end() - 1)))
        found: set[str] = set()
        previous_end = None  # token end of the last topic found criticised
        for m in self._topics.finditer(joined):
            first, end = bisect_right(starts, m.start()) - 1, bisect_right(starts, m.end() - 1)
            criticised = any(self._near(tokens, first, end, c_first, c_end) for c_first, c_end in spans)
            if not criticised and previous_end is not None and previous_end <= first:
                gap = tokens[previous_end:first]
                listed = not gap or (gap[0] in LIST_JOINERS and LIST_WORDS.issuperset(gap))
                criticised = listed and (end == len(tokens) or tokens[end] not in CLAUSE_VERBS)
            if criticised:
                found.update(self._label_of[m.group()])
            previous_end = end if criticised else None
        return found

    def _near(self, tokens: list[str], first: int, end: int, c_first: int, c_end: int) -> bool:
        """Whether the criticism at tokens ``[c_first, c_end)`` is close to the topic at ``[first, end)`` in one clause."""
        gap = tokens[c_end:first] if c_end <= first else tokens[end:c_first] if end <= c_first else None
        return gap is not None and len(gap) <= self.window and not CLAUSE_BREAKS.intersection(gap)
