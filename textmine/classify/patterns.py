"""The cue pattern syntax: phrases matched word by word, ``*`` ending a word prefix, ``(a|b|)`` alternatives."""

import itertools
import re

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_ALTERNATIVES = re.compile(r"\(([^()]*)\)")


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})


def cue_text(text: str) -> str:
    """``text`` lower-cased, its typographic apostrophes made plain ("didn\u2019t" -> "didn't"), as every cue,
    marker and criticism matcher reads it."""
    text = text.lower()
    return text.translate(_APOSTROPHES) if "\u2019" in text or "\u02bc" in text else text


def expand_alternatives(pattern: str) -> list[str]:
    """Every phrase a pattern with ``(a|b|)`` alternatives stands for, in order, without duplicates."""
    pieces = _ALTERNATIVES.split(pattern)  # text, options, text, options, ..., text
    choices = [[piece] if k % 2 == 0 else piece.split("|") for k, piece in enumerate(pieces)]
    phrases = (" ".join("".join(choice).split()) for choice in itertools.product(*choices))
    return list(dict.fromkeys(p for p in phrases if p))


def cue_words(pattern: str) -> list[str]:
    """The words of a cue pattern, lower-cased; a word ending in ``*`` keeps the star (a prefix)."""
    words = []
    for raw in pattern.lower().replace("-", " ").split():
        parts = WORD.findall(raw)
        if parts and raw.endswith("*"):
            parts[-1] += "*"
        words.extend(parts)
    return words


def phrase_pattern(phrases: list[str], *, gap: str = r"\s+", before: str = r"(?<![a-z0-9'])",
                   after: str = r"(?![a-z0-9'])") -> str:
    """A regex alternation of lower-cased phrases (a word ending in ``*`` is a prefix), longest first, the words
    apart by ``gap`` and the whole between the ``before`` and ``after`` boundaries."""
    words = (gap.join(re.escape(w[:-1]) + r"[a-z0-9']*" if w.endswith("*") else re.escape(w) for w in p.split())
             for p in sorted({p for p in phrases if p}, key=len, reverse=True))
    return before + "(?:" + "|".join(words) + ")" + after
