"""Lexicon candidates: the candidate ruler finds what spaCy's span_ruler finds, as tuples, in the same order."""

import pytest
import spacy

from textmine.components.candidates import candidates, drop_candidates

PATTERNS = [
    {"label": "FAMILY", "pattern": "mother"},
    {"label": "FAMILY", "pattern": "maternal grandmother"},
    {"label": "MODIFIER", "pattern": "maternal"},
    {"label": "CHILD", "pattern": "Child", "id": "pseudonym-head"},
    {"label": "O", "pattern": "child protection"},
    {"label": "CHILD", "pattern": "child"},
    {"label": "AGENCY", "pattern": "police"},
    {"label": "AGENCY_HEAD", "pattern": "police"},
    {"label": "PROFESSIONAL", "pattern": [{"LOWER": "health"}, {"LOWER": {"IN": ["visitor", "visitors"]}}]},
]


def _pipeline(factory: str) -> spacy.Language:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe(factory, config={"spans_key": "lexicon", "phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(PATTERNS)
    return nlp


@pytest.mark.parametrize(
    "text",
    [
        "The maternal grandmother told the police that Child V's mother had left.",
        "Child protection procedures were not started; the health visitor and the police did not meet.",
        "Health visitors saw the child twice.",
        "No lexicon words here at all.",
        "",
    ],
)
def test_candidate_ruler_finds_what_span_ruler_finds(text):
    ruled = _pipeline("span_ruler")(text)
    doc = _pipeline("textmine_candidate_ruler")(text)
    assert candidates(doc, "lexicon") == [(s.start, s.end, s.label_, s.id_) for s in ruled.spans.get("lexicon", [])]
    assert "lexicon" not in doc.spans  # no Span objects built


def test_candidates_read_a_span_group_written_by_span_ruler():
    doc = _pipeline("span_ruler")("The mother called the police.")
    assert sorted(candidates(doc, "lexicon")) == [(1, 2, "FAMILY", ""), (4, 5, "AGENCY", ""), (4, 5, "AGENCY_HEAD", "")]
    drop_candidates(doc, "lexicon")
    assert "lexicon" not in doc.spans and candidates(doc, "lexicon") == []


def test_candidates_dropped_and_rerun():
    nlp = _pipeline("textmine_candidate_ruler")
    doc = nlp("The mother called the police.")
    assert candidates(doc, "lexicon")
    drop_candidates(doc, "lexicon")
    assert candidates(doc, "lexicon") == []
    nlp.get_pipe("textmine_candidate_ruler")(doc)
    assert sorted(c[2] for c in candidates(doc, "lexicon")) == ["AGENCY", "AGENCY_HEAD", "FAMILY"]


def test_candidate_ruler_round_trip(tmp_path):
    nlp = _pipeline("textmine_candidate_ruler")
    nlp.to_disk(tmp_path / "p")
    text = "The maternal grandmother and the health visitor met Child V."
    assert candidates(spacy.load(tmp_path / "p")(text), "lexicon") == candidates(nlp(text), "lexicon")
