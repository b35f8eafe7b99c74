"""Concern mentions: the concern finder (span_ruler + lexicons/concerns.jsonl) and textmine_concern_names."""

import pytest
import spacy
from spacy.tokens import Span

from tests.conftest import load_cases
from textmine.lexicons import load_lexicon
from textmine.records import CONCERN_CATEGORIES


def concerns(nlp, text):
    doc = nlp(text)
    return [[s.text, s.label_] for s in doc.spans["concerns"]]


@pytest.mark.parametrize("text, expected", load_cases("concerns", "text", "expected"))
def test_concerns_cases(nlp, text, expected):
    assert concerns(nlp, text) == expected


def test_concerns_lexicon_labels_are_categories_or_names():
    labels = {row["label"] for row in load_lexicon("concerns")}
    assert labels == {*CONCERN_CATEGORIES, "NOT_CONCERN"}


@pytest.mark.parametrize(
    "text, category",
    [
        ("a urine-soaked mattress", "neglect"),
        ("a life-changing head injury", "head_injury"),
        ("not gaining weight", "faltering_growth"),
    ],
)
def test_concerns_seed(nlp, seed_text, text, category):
    doc = nlp(seed_text)
    found = {(s.text.lower(), s.label_) for s in doc.spans["concerns"]}
    mention = next(s for s in doc.spans["concerns"] if s.text.lower() in text)
    assert (mention.text.lower(), category) in found
    assert not mention._.negated and not mention._.uncertain


def test_concern_names_drops_mentions_inside_service_entities():
    nlp = spacy.blank("en")
    nlp.add_pipe("textmine_concern_names")
    doc = nlp.make_doc("The domestic abuse service saw domestic abuse at home.")
    doc.ents = [Span(doc, 1, 4, label="AGENCY")]
    doc.spans["concerns"] = [Span(doc, 1, 3, label="domestic_abuse"), Span(doc, 5, 7, label="domestic_abuse")]
    doc = nlp.get_pipe("textmine_concern_names")(doc)
    assert [(s.start, s.end) for s in doc.spans["concerns"]] == [(5, 7)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", []),
        ("   \n\n  ", []),
        ("bruises on his arm no punctuation anywhere the mother was drunk", [["bruises", "physical_injury"], ["drunk", "substance_misuse"]]),
    ],
    ids=["empty", "whitespace", "no-punctuation"],
)
def test_concerns_edge_texts(nlp, text, expected):
    assert concerns(nlp, text) == expected


def test_concerns_very_long_sentence(nlp):
    text = " ".join(["the baby had no bruises and the home was clean"] * 1000)  # ~10,000 tokens, one sentence
    doc = nlp(text)
    assert len(doc) >= 10_000
    assert len(doc.spans["concerns"]) == 1000
    assert all(s._.negated for s in doc.spans["concerns"])
