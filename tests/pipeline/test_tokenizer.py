"""textmine's tokenizer: spaCy's English rules plus a dangling end-of-word hyphen split off."""

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


def test_tokenizer_is_the_pipelines(nlp):
    text = "By Charlotte Webster-\nOn 16 May 2013 the father reported bruises."
    assert [t.text for t in nlp.make_doc(text)] == [t.text for t in load_tokenizer()(text)]
