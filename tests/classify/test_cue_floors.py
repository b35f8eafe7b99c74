"""Decisive cue phrases: a text with one of a label's cue phrases scores at least the label's cue floor."""

import importlib

import numpy as np
import pytest

from textmine.classify import load_corpus, train
from textmine.classify.features import CueCounter
from textmine.classify.model import cue_floors, cue_presence
from textmine.classify.train import capped_at_floors

from tests.classify.fixtures import TINY

train_module = importlib.import_module("textmine.classify.train")  # the module; the package exports the function
CUES = {"recording": ["not (recorded|written up)", "no record of"], "sharing": ["never (told|passed on)"]}
LABELS = ["recording", "sharing", "attendance"]


@pytest.mark.parametrize(
    "text, present",
    [
        ("The strategy discussion was not recorded on the child's file.", [True, False, False]),
        ("The school was never told that the family had moved.", [False, True, False]),
        ("There was no record of the call, and the GP was never told.", [True, True, False]),
        ("The visit was recorded the same day and shared with the school.", [False, False, False]),
    ],
)
def test_cue_presence_per_label(text, present):
    counter = CueCounter(CUES).fit([])
    assert cue_presence(counter, counter.transform([text]), LABELS).tolist() == [present]


@pytest.mark.parametrize(
    "cued, labelled, min_cued, expected",
    [
        ([1, 1, 1, 1, 0], [1, 1, 1, 0, 1], 2, 0.75),  # 3 of the 4 cued texts carry the label
        ([1, 1, 0, 0, 0], [1, 0, 1, 1, 1], 2, 0.5),
        ([1, 0, 0, 0, 0], [1, 0, 0, 0, 0], 2, 0.0),  # too few cued texts to measure: no floor
        ([0, 0, 0, 0, 0], [1, 1, 0, 0, 0], 1, 0.0),
    ],
)
def test_cue_floor_is_the_labelled_share_of_cued_texts(cued, labelled, min_cued, expected):
    cued = np.array(cued, bool)[:, None]
    Y = np.array(labelled)[:, None]
    assert cue_floors(cued, Y, min_cued=min_cued) == [expected]


@pytest.fixture(scope="module")
def cued_model():
    model, report = train(load_corpus(TINY), families=("logreg",), folds=3, cues=CUES)
    return model, report


def test_training_reports_a_floor_per_label(cued_model):
    model, report = cued_model
    assert list(report["cue_floors"]) == list(model.labels)
    assert len(model.cue_floors) == len(model.labels)
    assert all(0.0 <= f <= 1.0 for f in model.cue_floors)


@pytest.mark.parametrize(
    "thresholds, floors, expected",
    [
        ([0.3, 0.7, 0.6], [0.5, 0.5, 0.0], [0.3, 0.5, 0.6]),  # above its floor: lowered; no floor: kept
        ([0.61], [0.6092], [0.6092]),
        ([0.2], [0.2], [0.2]),
    ],
)
def test_thresholds_capped_at_floors(thresholds, floors, expected):
    assert capped_at_floors(thresholds, floors) == expected


def test_training_keeps_thresholds_at_or_below_floors(monkeypatch):
    monkeypatch.setattr(train_module, "cue_floors", lambda cued, Y: [0.5] * Y.shape[1])
    monkeypatch.setattr(train_module, "choose_threshold", lambda y, p: 0.9)
    model, report = train(load_corpus(TINY), families=("logreg",), folds=3, cues=CUES)
    assert model.thresholds == [0.5] * len(model.labels)
    assert list(report["thresholds"].values()) == model.thresholds


def test_floor_raises_only_texts_with_a_cue(cued_model):
    model, _ = cued_model
    texts = ["The call from the nursery was not recorded.", "The nursery called about the bruise on Monday."]
    before_floors = model.cue_floors
    model.cue_floors = [0.0] * len(model.labels)
    try:
        before = model.predict_proba(texts)
        model.cue_floors = [0.97 if label == "recording" else 0.0 for label in model.labels]
        after = model.predict_proba(texts)
    finally:
        model.cue_floors = before_floors
    j = list(model.labels).index("recording")
    assert after[0, j] == pytest.approx(max(before[0, j], 0.97))
    np.testing.assert_allclose(np.delete(after[0], j), np.delete(before[0], j))
    np.testing.assert_allclose(after[1], before[1])


def test_no_floors_without_decisive_cues():
    model, report = train(load_corpus(TINY), families=("logreg",), folds=3, cues=CUES, decisive_cues=False)
    assert model.cue_floors is None and report["cue_floors"] is None
