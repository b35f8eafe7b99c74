"""Document labels from sentence scores: best unit, evidence sentences, pairs when no sentence suffices."""

import numpy as np
import pytest

from textmine.classify.evidence import aggregate, is_heading, scoring_units, sentence_spans, unit_texts
from textmine.classify.model import combine_scores

TEXT = "The visit was not recorded. The mother was seen. Nobody told the school."


def test_sentence_spans_and_units():
    sentences = sentence_spans(TEXT)
    assert [TEXT[a:b] for a, b in sentences] == ["The visit was not recorded.", "The mother was seen.", "Nobody told the school."]
    assert scoring_units(sentences, windows=True) == [(0, 0), (1, 1), (2, 2), (0, 1), (1, 2)]
    assert scoring_units(sentences, windows=False) == [(0, 0), (1, 1), (2, 2)]


@pytest.mark.parametrize(
    "column, expected_label, expected_evidence",
    [
        pytest.param([0.9, 0.1, 0.2, 0.6, 0.1], True, ["The visit was not recorded."], id="one-sentence"),
        pytest.param([0.3, 0.1, 0.2, 0.7, 0.2], True, ["The visit was not recorded.", "The mother was seen."], id="pair-only"),
        pytest.param([0.3, 0.1, 0.2, 0.4, 0.2], False, [], id="below-threshold"),
        pytest.param([0.8, 0.1, 0.6, 0.6, 0.5], True, ["The visit was not recorded.", "Nobody told the school."], id="two-sentences-in-order"),
    ],
)
def test_aggregate_evidence(column, expected_label, expected_evidence):
    sentences = sentence_spans(TEXT)
    units = scoring_units(sentences, windows=True)
    proba = np.array(column)[:, None]
    issues = aggregate(TEXT, sentences, units, proba, ["x"], [0.5])
    assert bool(issues) == expected_label
    if issues:
        assert issues[0]["score"] == max(column)
        assert [e["text"] for e in issues[0]["evidence"]] == expected_evidence
        for e in issues[0]["evidence"]:
            assert TEXT[e["start"] : e["end"]] == e["text"]


@pytest.mark.parametrize(
    "column, expected_score, expected_evidence",
    [
        # sentences that each half-state it: together 1 - 0.6 * 0.9 * 0.6 = 0.676
        pytest.param([0.4, 0.1, 0.4], 0.676, ["The visit was not recorded.", "Nobody told the school."], id="two-halves"),
        pytest.param([0.9, 0.1, 0.6], 0.964, ["The visit was not recorded.", "Nobody told the school."], id="two-alone"),
        pytest.param([0.3, 0.1, 0.2], None, [], id="still-below"),
    ],
)
def test_aggregate_combines_the_best_sentences(column, expected_score, expected_evidence):
    sentences = sentence_spans(TEXT)
    units = scoring_units(sentences, windows=False)
    issues = aggregate(TEXT, sentences, units, np.array(column)[:, None], ["x"], [0.5], combine=3)
    assert (issues[0]["score"] if issues else None) == expected_score
    assert ([e["text"] for e in issues[0]["evidence"]] if issues else []) == expected_evidence


@pytest.mark.parametrize(
    "rows, top, expected",
    [
        ([[0.4], [0.4]], 3, [0.64]),
        ([[0.4], [0.4]], 1, [0.4]),
        ([[0.4], [0.4]], None, [0.4]),
        ([[0.5], [0.1], [0.5], [0.5]], 2, [0.75]),  # only the two best count, however many sentences follow
        ([[0.2, 0.9]], 3, [0.2, 0.9]),
    ],
)
def test_combine_scores(rows, top, expected):
    assert combine_scores(np.array(rows), top) == pytest.approx(expected)


@pytest.mark.parametrize(
    "sentence, heading",
    [
        ("Weight concerns", True),
        ("Health concerns", True),
        ("Key findings", True),
        ("No chronology on file.", False),
        ("Not followed through.", False),
        ("Review finds teenager never spoken to alone", False),
        ("Lack of management oversight.", False),
    ],
)
def test_is_heading(sentence, heading):
    assert is_heading(sentence) is heading


def test_a_heading_alone_scores_as_empty_text():
    text = "Weight concerns\nThe health visitor was never told of the weight loss."
    sentences = sentence_spans(text)
    units = scoring_units(sentences, windows=True)
    assert unit_texts(text, sentences, units) == ["", "The health visitor was never told of the weight loss.", text]


def test_a_section_title_alone_scores_as_empty_text():
    text = "Key episode 3: missed appointments\nChild K was not brought to three appointments."
    sentences = sentence_spans(text)
    units = scoring_units(sentences, windows=False)
    assert unit_texts(text, sentences, units)[0] == "Key episode 3: missed appointments"  # too long for a bare heading
    assert unit_texts(text, sentences, units, headings=frozenset({0})) == ["", "Child K was not brought to three appointments."]
