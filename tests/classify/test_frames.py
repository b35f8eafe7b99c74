"""Criticised topics: a topic of practice near a word that finds fault with it, in the same clause."""

import pytest

from textmine.classify.features import load_criticism, load_topics
from textmine.classify.frames import CriticisedTopics


@pytest.fixture(scope="module")
def frames() -> CriticisedTopics:
    return CriticisedTopics(load_topics(), load_criticism())


@pytest.mark.parametrize(
    "text, labels",
    [
        ("The overview panel criticised assessment, supervision and record keeping.",
         {"assessment", "supervision_workload", "record_keeping"}),
        ("Inspectors reported poor management oversight of the cases sampled.", {"supervision_workload"}),
        ("Recording was inaccurate and often late.", {"record_keeping"}),
        ("The review found a lack of professional curiosity about the mother's new partner.", {"professional_curiosity"}),
        ("Communication between the agencies was fragmented.", {"information_sharing"}),
        ("There were unacceptable delays before the case was allocated.", {"drift_delay"}),
        ("Decision making at the front door was inconsistent.", {"assessment"}),
        ("Partnership working was weak throughout the period.", {"multi_agency_working"}),
        ("Records 'patchy and incomplete' in case of girl abused for years", {"record_keeping"}),
        ("A delay it described as \u2018wholly unacceptable\u2019.", {"drift_delay"}),
        # a topic listed after a criticised one shares the criticism
        ("Inspectors found weaknesses in the quality of assessments and in management oversight.",
         {"assessment", "supervision_workload"}),
        ("The review criticised record keeping as well as supervision.", {"record_keeping", "supervision_workload"}),
        # near-misses: praise, negated criticism, criticism of something else, another clause
        ("Record keeping was detailed and timely.", set()),
        ("There were no concerns about record keeping.", set()),
        ("The mother had poor mental health and limited capacity to change.", set()),
        ("Poor school attendance was noted in the referral.", set()),
        ("The flat was in poor condition; supervision of the children by the mother was good.", set()),
        ("Supervision was regular, but the housing was inadequate.", set()),
        ("Assessment was not poor; it was thorough.", set()),
        ("Poor record keeping was noted, and the social worker's supervision was regular.", {"record_keeping"}),
        ("Inspectors identified poor practice in the quality of assessments and supervision was regular and reflective.",
         {"assessment"}),
        ("The panel criticised the quality of the written assessments, and supervision was found to be regular.",
         {"assessment"}),
    ],
)
def test_criticised_topics(frames, text, labels):
    assert frames.labels(text) == labels


def test_window_limits_the_distance():
    near = CriticisedTopics({"record_keeping": ["record keeping"]}, ["poor"], window=2)
    assert near.labels("poor and late record keeping") == {"record_keeping"}
    assert near.labels("poor in the main and in places record keeping") == set()


def test_topics_are_whole_words():
    with pytest.raises(ValueError, match="whole words"):
        CriticisedTopics({"assessment": ["assess*"]}, ["poor"])
