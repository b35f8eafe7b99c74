"""Grooming told with exploitation is exploitation; elsewhere it is sexual abuse (TAXONOMY §2.1)."""

import pytest


@pytest.mark.parametrize(
    "text, mention, category",
    [
        ("Girls were being groomed by older men at takeaways.", "groomed", "exploitation"),
        ("He was groomed online and later drawn into county lines.", "groomed", "exploitation"),
        ("Police saw him as a troublemaker, not a boy groomed by drug dealers.", "groomed", "exploitation"),
        ("The school had missed typical signs of grooming by a teacher.", "grooming", "sexual_abuse"),
        ("A man groomed her over a year. Later, older men gave her cash.", "groomed", "sexual_abuse"),  # another sentence
    ],
)
def test_grooming_takes_its_sentences_setting(nlp, text, mention, category):
    doc = nlp(text)
    assert [(s.text, s.label_) for s in doc.spans["concerns"] if s.text == mention] == [(mention, category)]


def test_other_concerns_keep_their_category(nlp):
    doc = nlp("Older men groomed her and she was hit by her father.")
    assert [(s.text, s.label_) for s in doc.spans["concerns"]] == [
        ("Older men", "exploitation"), ("groomed", "exploitation"), ("was hit by", "physical_injury"),
    ]
