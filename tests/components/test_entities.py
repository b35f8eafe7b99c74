"""Entities: lexicon phrases composed into CHILD, FAMILY, PROFESSIONAL, AGENCY, PERSON and LOCATION spans."""

import json
import time

import pytest

from tests.conftest import CASES, load_cases
from textmine.errors import LexiconError
from textmine.lexicons import load_lexicon
from textmine.records import ENTITY_LABELS

# The seed news report (a review in Coventry): each entity it must yield, by label.
SEED_ENTITIES = [
    ("Child V", "CHILD"),
    ("Child G", "CHILD"),
    ("father", "FAMILY"),
    ("mother", "FAMILY"),
    ("social worker", "PROFESSIONAL"),
    ("health visitor", "PROFESSIONAL"),
    ("West Midlands police", "AGENCY"),
    ("Ofsted", "AGENCY"),
    ("Coventry council children’s services", "AGENCY"),
    ("referral and assessment team (RAS)", "AGENCY"),
    ("RAS", "AGENCY"),
    ("school", "AGENCY"),
    ("Coventry", "LOCATION"),
    ("Charlotte Webster", "PERSON"),
]


@pytest.mark.parametrize("text, expected", load_cases("entities", "text", "expected"))
def test_entities_cases(nlp, text, expected):
    assert [[e.text, e.label_] for e in nlp(text).ents] == expected


def test_entities_cases_cover_every_label():
    labels = {label for row in open_cases() for _, label in row["expected"]}
    assert labels == set(ENTITY_LABELS)


def open_cases() -> list[dict]:
    return [json.loads(line) for line in (CASES / "entities.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("text, label", SEED_ENTITIES)
def test_entities_seed(nlp, seed_text, text, label):
    found = {(e.text.replace("-", "").strip(), e.label_) for e in nlp(seed_text).ents}
    assert (text, label) in found


def test_entities_seed_place_inside_agency_is_agency(nlp, seed_text):
    doc = nlp(seed_text)
    agencies = [e for e in doc.ents if e.label_ == "AGENCY"]
    for ent in doc.ents:
        if ent.label_ == "LOCATION":
            assert not any(a.start <= ent.start < a.end for a in agencies)
    assert {e.text for e in doc.ents if e.label_ == "LOCATION"} == {"Coventry"}


def test_entities_record_carries_offsets(seed_record):
    assert len(seed_record.entities) > 10  # the loop below must have something to check
    for ent in seed_record.entities:
        assert seed_record.text[ent.start : ent.end] == ent.text


def test_entities_empty_doc(nlp):
    doc = nlp("")
    assert list(doc.ents) == [] and doc._.abbreviations == []


def test_entities_long_sentence(nlp):
    words = ("the mother told the social worker at Coventry council that Child V was seen by the GP " * 600).split()
    text = " ".join(words[:10_000])
    start = time.perf_counter()
    doc = nlp(text)
    assert len(doc) == 10_000
    assert time.perf_counter() - start < 5
    labels = {e.label_ for e in doc.ents}
    assert {"FAMILY", "PROFESSIONAL", "AGENCY", "CHILD"} <= labels


def test_entities_no_punctuation(nlp):
    doc = nlp("child v lived with his mother and her partner the health visitor made a referral to the MASH")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("child", "CHILD"),
        ("mother", "FAMILY"),
        ("partner", "FAMILY"),
        ("health visitor", "PROFESSIONAL"),
        ("MASH", "AGENCY"),
    ]


def test_entities_candidate_groups_dropped(nlp):
    doc = nlp("The mother met the health visitor in Coventry.")
    assert not {"entity_lexicon", "places", "given_names"} & set(doc.spans)


@pytest.mark.parametrize("name", ["entities", "places", "given_names"])
def test_entities_lexicons_load(name):
    rows = load_lexicon(name)
    assert rows and all(row["label"] for row in rows)


def test_entities_lexicon_error_names_the_line(tmp_path):
    bad = tmp_path / "entities.jsonl"
    bad.write_text('{"label": "CHILD", "pattern": "child"}\n{"label": "CHILD"}\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"entities.jsonl:2"):
        load_lexicon("entities", path=str(bad))


def test_entities_pipeline_round_trip(nlp, tmp_path):
    import spacy

    text = "The maternal grandmother told Coventry council's children's services about Child V."
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    assert [(e.text, e.label_) for e in reloaded(text).ents] == [(e.text, e.label_) for e in nlp(text).ents]


def test_entities_shown_by_extract(nlp, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from textmine.cli import app

    monkeypatch.setattr("textmine.api._DEFAULT_NLP", nlp)
    path = tmp_path / "note.txt"
    path.write_text("The referral and assessment team (RAS) told the health visitor. RAS closed the case.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    for text in ("Entities", "health visitor", "PROFESSIONAL", "Abbreviations", "referral and assessment team"):
        assert text in result.stdout


@pytest.mark.parametrize(
    "name, row",
    [
        ("entities", '{"label": "AGNECY", "pattern": "police"}'),
        ("places", '{"label": "LOCATION", "pattern": ""}'),
        ("given_names", '{"label": "PERSON", "pattern": "Karen"}'),
    ],
)
def test_entities_lexicon_rejects_unknown_labels(tmp_path, name, row):
    bad = tmp_path / f"{name}.jsonl"
    bad.write_text(row + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"{name}.jsonl:1: label|{name}.jsonl:1: pattern"):
        load_lexicon(name, path=str(bad))
