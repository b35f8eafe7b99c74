"""Cue-phrase features: the lexicon loads, phrases count per label, the estimator follows sklearn's rules."""

import pytest
from sklearn.base import clone

from textmine.classify.features import CueCounter, cue_words, load_cues
from textmine.records import PRACTICE_ISSUES

CUES = {"escalation": ["escalat*", "did not escalate"], "record_keeping": ["not recorded", "record-keeping"]}


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("The school did not escalate its worry.", {"escalation": 1}, id="longest-phrase-once"),
        pytest.param("It was escalated, then escalated again.", {"escalation": 2}, id="prefix-twice"),
        pytest.param("Record keeping was poor and the visit was not recorded.", {"record_keeping": 2}, id="hyphen-or-space"),
        pytest.param("Recording was excellent.", {}, id="no-cue"),
    ],
)
def test_cue_counter_counts_per_label(text, expected):
    counter = CueCounter(CUES).fit([])
    row = counter.transform([text]).toarray()[0]
    import math

    got = {label: round(math.expm1(v)) for label, v in zip(counter.labels_, row) if v}
    assert got == expected


def test_cue_words_prefix_and_hyphen():
    assert cue_words("Non-attendance") == ["non", "attendance"]
    assert cue_words("escalat*") == ["escalat*"]


def test_packaged_cues_cover_every_practice_issue():
    cues = load_cues()
    assert set(cues) == set(PRACTICE_ISSUES)
    assert all(len(patterns) >= 10 for patterns in cues.values())


def test_cue_counter_sklearn_contract():
    counter = CueCounter(CUES)
    assert clone(counter).get_params() == counter.get_params()
    assert counter.fit(["x"]) is counter
    assert list(counter.get_feature_names_out()) == ["cue_escalation", "cue_record_keeping"]
