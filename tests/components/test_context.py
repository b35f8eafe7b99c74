"""The ConText-style context component (textmine_context) and its trigger lexicon."""

import json

import pytest
import spacy
from spacy.tokens import Span

from tests.conftest import load_cases
from textmine.components.context import Rule, Trigger, scopes
from textmine.errors import LexiconError
from textmine.lexicons import load_lexicon


def mention(doc, text):
    return next(s for s in doc.spans["concerns"] if s.text == text)


@pytest.mark.parametrize("text, concern, expected", load_cases("context", "text", "concern", "expected"))
def test_context_cases(nlp, text, concern, expected):
    doc = nlp(text)
    span = mention(doc, concern)
    assert {name: getattr(span._, name) for name in expected} == expected


@pytest.mark.parametrize(
    "snippet, concern, expected",
    [
        ("No bruises were however observed.", "bruises", {"negated": True, "uncertain": False}),
        ("he had seen bruises, which he thought", "bruises", {"uncertain": True, "reported_by": "father", "negated": False}),
        ("or Child V lost weight", "lost weight", {"hypothetical": True, "negated": False}),
        ("made to sleep on a urine-soaked mattress", "urine-soaked", {"negated": False, "uncertain": False}),
        ("Complaints of bruises on the child by his father", "bruises", {"uncertain": True, "reported_by": "father"}),
        ("a later discovery of the child on urine soaked mattress", "urine soaked", {"negated": False, "uncertain": False}),
    ],
)
def test_context_seed(nlp, seed_text, snippet, concern, expected):
    doc = nlp(seed_text)
    at = seed_text.index(snippet)
    span = next(s for s in doc.spans["concerns"] if s.text == concern and at <= s.start_char < at + len(snippet))
    assert {name: getattr(span._, name) for name in expected} == expected


def blank_context(**config):
    nlp = spacy.blank("en")
    nlp.add_pipe("textmine_context", config=config)
    return nlp


def test_context_on_entities_with_chosen_labels():
    nlp = blank_context(use_ents=True, ent_labels=["FINDING"])
    doc = nlp.make_doc("No fever but a rash, and no Paris trip.")
    doc.ents = [Span(doc, 1, 2, label="FINDING"), Span(doc, 4, 5, label="FINDING"), Span(doc, 8, 9, label="GPE")]
    doc = nlp.get_pipe("textmine_context")(doc)
    fever, rash, paris = doc.ents
    assert (fever._.negated, rash._.negated, paris._.negated) == (True, False, False)
    assert fever._.triggers == {"negated": "No"}


def test_context_user_trigger_file(tmp_path):
    path = tmp_path / "triggers.jsonl"
    path.write_text(
        '{"literal": "nope", "modifier": "negated", "direction": "forward"}\n'
        '{"literal": ";", "modifier": "terminate", "direction": "bidirectional"}\n',
        encoding="utf-8",
    )
    nlp = blank_context(triggers={"@misc": "textmine.lexicon.v1", "name": "context", "path": str(path)})
    doc = nlp.make_doc("nope bruises; no bruises")
    doc.spans["concerns"] = [Span(doc, 1, 2, label="physical_injury"), Span(doc, 4, 5, label="physical_injury")]
    doc = nlp.get_pipe("textmine_context")(doc)
    assert [s._.negated for s in doc.spans["concerns"]] == [True, False]


@pytest.mark.parametrize(
    "row, message",
    [
        ('{"literal": "no", "modifier": "negative", "direction": "forward"}', "modifier"),
        ('{"literal": "no", "pattern": [{"LOWER": "no"}], "modifier": "negated", "direction": "forward"}', "exactly one"),
        ('{"literal": "mum\'s", "modifier": "experiencer", "direction": "forward"}', "value"),
        ('{"literal": "no", "modifier": "negated", "direction": "sideways"}', "direction"),
        ('{"literal": "no", "modifier": "negated", "direction": "forward", "ends": ["negated"]}', "terminate"),
        ('{"literal": "weighed", "modifier": "terminate", "direction": "forward", "ends": ["denied"]}', "ends"),
    ],
)
def test_context_lexicon_rejects_bad_rows(tmp_path, row, message):
    path = tmp_path / "context.jsonl"
    path.write_text('{"literal": "not", "modifier": "negated", "direction": "forward"}\n' + row + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"context.jsonl:2: .*{message}"):
        load_lexicon("context", str(path))


def test_context_scopes_stop_at_terminators_and_same_modifier():
    neg = Rule("negated", "forward")
    back = Rule("negated", "backward")
    term = Rule("terminate", "bidirectional")
    triggers = [Trigger(0, 1, neg), Trigger(4, 5, term), Trigger(6, 7, neg), Trigger(9, 10, back)]
    assert sorted((t.start, lo, hi) for t, lo, hi in scopes(triggers, 0, 12)) == [(0, 1, 4), (6, 7, 9), (9, 7, 9)]
    assert [(lo, hi) for _, lo, hi in scopes([Trigger(0, 1, neg)], 0, 12, max_scope=3)] == [(1, 4)]


def test_context_rerun_clears_old_values(nlp):
    doc = nlp("No bruises were seen.")
    span = doc.spans["concerns"][0]
    assert span._.negated
    context = blank_context(triggers=[{"literal": "seen", "modifier": "uncertain", "direction": "backward"}])
    context.get_pipe("textmine_context")(doc)
    assert (span._.negated, span._.uncertain) == (False, True)


@pytest.mark.parametrize("text", ["", " ", "\n\n"], ids=["empty", "space", "newlines"])
def test_context_empty_docs(nlp, text):
    doc = nlp(text)
    assert list(doc.spans["concerns"]) == []


def test_context_without_sentence_punctuation(nlp):
    # no sentence ends: a scope still stops after max_scope (15) tokens
    doc = nlp("home visit no bruises seen mother drunk at the door and the health visitor talked with her about the baby that had nappy rash")
    values = {s.text: s._.negated for s in doc.spans["concerns"]}
    assert values == {"bruises": True, "drunk": True, "nappy rash": False}


def test_context_very_long_sentence_is_linear(nlp):
    # 10,000 tokens, one sentence: each "no" reaches only to the next "no"
    text = " ".join(["no bruises were seen and the mother said she was drunk"] * 1000)
    doc = nlp(text)
    assert len(doc) >= 10_000
    by_text = {}
    for span in doc.spans["concerns"]:
        by_text.setdefault(span.text, set()).add(span._.negated)
    assert by_text == {"bruises": {True}, "drunk": {True}}


def record_concerns(doc):
    return [(s.text, s.label_, s._.negated, s._.uncertain, s._.reported_by, s._.triggers) for s in doc.spans["concerns"]]


def test_context_pipeline_round_trip(tmp_path):
    nlp = spacy.blank("en")
    finder = nlp.add_pipe("span_ruler", name="concern_finder", config={"spans_key": "concerns", "phrase_matcher_attr": "LOWER"})
    finder.add_patterns(load_lexicon("concerns"))
    nlp.add_pipe("textmine_concern_names")
    nlp.add_pipe("textmine_context", config={"max_scope": 10})
    text = "No bruises were seen; the mother denied using drugs."
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded.get_pipe("textmine_context").max_scope == 10
    first, second = nlp(text), reloaded(text)
    assert record_concerns(second) == record_concerns(first) != []


def test_context_shown_by_extract(nlp, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from textmine.cli import app

    monkeypatch.setattr("textmine.api._DEFAULT_NLP", nlp)
    path = tmp_path / "note.txt"
    path.write_text("12/03/2019 HV visit. Mother denied using drugs. No bruises were seen.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    concerns = {c["text"]: c for c in json.loads(result.output)["concerns"]}
    assert concerns["using drugs"]["negated"] and concerns["using drugs"]["uncertain"]
    assert concerns["using drugs"]["reported_by"] == "mother"
    assert concerns["bruises"]["triggers"] == {"negated": "No"}


def test_a_terminator_of_one_modifier_and_direction_ends_only_those_scopes():
    neg, unc = Rule("negated", "forward"), Rule("uncertain", "forward")
    back = Rule("negated", "backward")
    ends_negation = Rule("terminate", "forward", ends=frozenset({"negated"}))
    triggers = [Trigger(0, 1, neg), Trigger(1, 2, unc), Trigger(4, 5, ends_negation), Trigger(8, 9, back)]
    assert sorted((t.rule.modifier, t.rule.direction, lo, hi) for t, lo, hi in scopes(triggers, 0, 10)) == [
        ("negated", "backward", 1, 8),  # a forward terminator does not end a scope running back over it
        ("negated", "forward", 1, 4),
        ("uncertain", "forward", 2, 10),
    ]
