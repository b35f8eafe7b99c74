"""Token patterns that only list words are spelled out as phrases for the phrase matcher."""

import pytest

from textmine.errors import LexiconError
from textmine.lexicons import expand_token_patterns, load_lexicon


@pytest.mark.parametrize(
    "pattern, phrases",
    [
        ([{"LOWER": "head"}, {"LOWER": "lice"}], ["head lice"]),
        (
            [{"LOWER": {"IN": ["hit", "kicked"]}}, {"LOWER": {"IN": ["his"]}, "OP": "?"}, {"LOWER": "partner"}],
            ["hit his partner", "hit partner", "kicked his partner", "kicked partner"],
        ),
        ([{"LOWER": "older"}, {"ORTH": {"IN": ["'", "‘"]}}, {"LOWER": "boyfriend"}], ["older ' boyfriend", "older ‘ boyfriend"]),
    ],
)
def test_word_patterns_become_phrases(pattern, phrases):
    rows = expand_token_patterns([{"label": "domestic_abuse", "pattern": pattern, "id": "x"}])
    assert [r["pattern"] for r in rows] == phrases
    assert all(r["label"] == "domestic_abuse" and r["id"] == "x" for r in rows)


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "weight"}, {"LOWER": {"IN": ["had", "has"]}, "OP": "*"}, {"LOWER": "fallen"}],
        [{"TEXT": {"REGEX": r"^\d+th$"}}, {"LOWER": "centile"}],
        [{"LOWER": "weight", "POS": "NOUN"}],
        [{"LIKE_NUM": True}, {"LOWER": "weeks"}],
    ],
)
def test_other_patterns_stay_token_patterns(pattern):
    row = {"label": "neglect", "pattern": pattern}
    assert expand_token_patterns([row]) == [row]


def test_a_pattern_spelling_out_too_many_phrases_is_an_error_naming_the_lexicon():
    words = {"LOWER": {"IN": [f"w{i}" for i in range(30)]}}
    with pytest.raises(LexiconError, match=r"concerns.jsonl: pattern .* spells out 810,000 phrases"):
        expand_token_patterns([{"label": "neglect", "pattern": [words] * 4}], "concerns.jsonl")


def test_packaged_concern_lexicon_expands_to_phrases_only():
    rows = load_lexicon("concerns", expand=True)
    assert rows and all(isinstance(r["pattern"], str) for r in rows)
    assert len(rows) > len(load_lexicon("concerns"))
