"""Document labels from sentence scores: best unit, evidence sentences, pairs when no sentence suffices."""

import numpy as np
import pytest

from textmine.classify.evidence import aggregate, scoring_units, sentence_spans

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
