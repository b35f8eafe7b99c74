"""Conditions hung on a modal are left out of the text a sentence is scored on: they say what might happen."""

import pytest

from textmine.classify.evidence import without_conditions


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A referral would be made if appointments were missed, however the baby made good progress.",
         "A referral would be made , however the baby made good progress."),
        ("The case would be closed unless the school raised concerns.", "The case would be closed ."),
        ("Police will attend in the event of a further incident; the plan was shared.",
         "Police will attend ; the plan was shared."),
        ("Nobody checked if the father lived there.", "Nobody checked if the father lived there."),
        ("If she had been seen alone, her views would have been heard.",
         "If she had been seen alone, her views would have been heard."),
        ("The health visitor was not told of the injury.", "The health visitor was not told of the injury."),
    ],
)
def test_conditions_removed(text, expected):
    assert without_conditions(text) == expected
