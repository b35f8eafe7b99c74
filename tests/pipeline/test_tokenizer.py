"""textmine's tokenizer: spaCy's English rules plus a dangling hyphen and a lone capital's full stop split off."""

import pytest

from textmine.pipeline import load_tokenizer


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("By Charlotte Webster-", ["By", "Charlotte", "Webster", "-"]),
        ("a urine-soaked mattress", ["a", "urine", "-", "soaked", "mattress"]),
        ("the 0-19 service", ["the", "0", "-", "19", "service"]),
        ("pre- and post-natal care", ["pre", "-", "and", "post", "-", "natal", "care"]),
        ("X- ray", ["X-", "ray"]),
    ],
)
def test_tokenizer_trailing_hyphen(text, tokens):
    assert [t.text for t in load_tokenizer()(text)] == tokens


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("The review concerns Child K.", ["The", "review", "concerns", "Child", "K", "."]),
        ("Mr B. was angry", ["Mr", "B", ".", "was", "angry"]),
        ("in the U.K. at 3 p.m.", ["in", "the", "U.K.", "at", "3", "p.m."]),
        ("approx. 3 weeks", ["approx", ".", "3", "weeks"]),
        ("Dr. Jones", ["Dr.", "Jones"]),
    ],
)
def test_tokenizer_initial_full_stop(text, tokens):
    assert [t.text for t in load_tokenizer()(text)] == tokens


@pytest.mark.parametrize(
    "text, entity",
    [
        ("The school referred Child A. The social worker visited.", "Child A"),
        ("The health visitor saw Baby R.", "Baby R"),
    ],
)
def test_entity_at_sentence_end_has_no_full_stop(nlp, text, entity):
    assert entity in [e.text for e in nlp(text).ents]


def test_tokenizer_is_the_pipelines(nlp):
    text = "By Charlotte Webster-\nOn 16 May 2013 the father reported bruises."
    assert [t.text for t in nlp.make_doc(text)] == [t.text for t in load_tokenizer()(text)]
